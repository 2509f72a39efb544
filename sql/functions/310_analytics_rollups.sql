-- Rollups of the event log, maintained incrementally (0019, docs/ANALYTICS.md).

CREATE FUNCTION auxeira_analytics.mark_dirty_days()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO auxeira_analytics.dirty_days AS d (day)
    SELECT DISTINCT (c.created_at AT TIME ZONE 'UTC')::date FROM changed AS c
    ON CONFLICT (day) DO NOTHING;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.mark_dirty_days() IS
    'Statement trigger function of analytics_events_mark_dirty_*: records the UTC days of the '
    'inserted, updated or deleted events (transition table changed) in dirty_days, so that '
    'refresh_rollups() recomputes those days only. SECURITY DEFINER: the writers of events '
    '(tenants, the collector) have no privilege on the rollups.';

CREATE FUNCTION auxeira_analytics.refresh_rollups()
    RETURNS TABLE (day date, user_days integer, session_paths integer, daily_counts integer)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    days date[];
    lo timestamptz;
    hi timestamptz;
BEGIN
    -- Take the marked days (another refresh running at once takes the others).
    WITH taken AS (
        DELETE FROM auxeira_analytics.dirty_days AS d
        WHERE d.day IN (SELECT x.day FROM auxeira_analytics.dirty_days AS x
                        ORDER BY x.day FOR UPDATE SKIP LOCKED)
        RETURNING d.day
    )
    SELECT coalesce(array_agg(t.day ORDER BY t.day), '{}') INTO days FROM taken AS t;
    IF cardinality(days) = 0 THEN
        RETURN;
    END IF;
    lo := days[1]::timestamp AT TIME ZONE 'UTC';
    hi := (days[cardinality(days)] + 1)::timestamp AT TIME ZONE 'UTC';
    DELETE FROM auxeira_analytics.user_days AS u WHERE u.day = ANY (days);
    DELETE FROM auxeira_analytics.session_paths AS s WHERE s.day = ANY (days);
    DELETE FROM auxeira_analytics.daily_counts AS c WHERE c.day = ANY (days);
    CREATE TEMP TABLE refresh_events ON COMMIT DROP AS
    SELECT (e.created_at AT TIME ZONE 'UTC')::date AS day,
           coalesce(e.user_id::text, e.anonymous_id) AS actor, e.user_id,
           coalesce(e.dashboard_type, '-') AS dashboard, e.feature_name, e.event_type,
           e.session_id, e.utm_source, e.created_at, e.id
    FROM auxeira.analytics_events AS e
    WHERE e.created_at >= lo AND e.created_at < hi
      AND (e.created_at AT TIME ZONE 'UTC')::date = ANY (days)
      AND coalesce(e.user_id::text, e.anonymous_id) IS NOT NULL;
    INSERT INTO auxeira_analytics.user_days AS u (
        day, actor, dashboard, user_id, events, sessions, features, utm_source)
    SELECT r.day, r.actor, r.dashboard,
           (array_agg(r.user_id) FILTER (WHERE r.user_id IS NOT NULL))[1],
           count(*), count(DISTINCT r.session_id),
           coalesce(array_agg(DISTINCT r.feature_name ORDER BY r.feature_name)
                        FILTER (WHERE r.feature_name IS NOT NULL), '{}'),
           (array_agg(r.utm_source ORDER BY r.created_at, r.id)
                FILTER (WHERE r.utm_source IS NOT NULL))[1]
    FROM pg_temp.refresh_events AS r
    GROUP BY r.day, r.dashboard, r.actor;
    INSERT INTO auxeira_analytics.session_paths AS s (day, session_id, actor, dashboard, steps)
    SELECT r.day, r.session_id,
           (array_agg(r.actor ORDER BY r.created_at, r.id))[1],
           (array_agg(r.dashboard ORDER BY r.created_at, r.id))[1],
           array_agg(coalesce(r.feature_name, r.event_type) ORDER BY r.created_at, r.id)
    FROM pg_temp.refresh_events AS r
    WHERE r.session_id IS NOT NULL
    GROUP BY r.day, r.session_id;
    INSERT INTO auxeira_analytics.daily_counts AS c (
        day, dashboard, feature, event_type, events, actors)
    SELECT r.day, r.dashboard, coalesce(r.feature_name, '-'), r.event_type, count(*),
           count(DISTINCT r.actor)
    FROM pg_temp.refresh_events AS r
    GROUP BY r.day, r.dashboard, coalesce(r.feature_name, '-'), r.event_type;
    DROP TABLE pg_temp.refresh_events;
    RETURN QUERY
    SELECT d.day,
           (SELECT count(*)::integer FROM auxeira_analytics.user_days AS u WHERE u.day = d.day),
           (SELECT count(*)::integer FROM auxeira_analytics.session_paths AS s
            WHERE s.day = d.day),
           (SELECT count(*)::integer FROM auxeira_analytics.daily_counts AS c
            WHERE c.day = d.day)
    FROM unnest(days) AS d (day)
    ORDER BY d.day;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.refresh_rollups() IS
    'Brings the three rollups (user_days, session_paths, daily_counts) up to date by '
    'recomputing only the UTC days marked in dirty_days since the last run (one scan of those '
    'days'' events, partition-pruned), and reports them: one row per recomputed day with the '
    'rows it now has in each rollup. Concurrent runs split the days (SKIP LOCKED). Run by the '
    'job analytics-rollups. Dropping a month of events (retention) keeps its rollups; '
    'identify() and forget_user() mark the days they change. SECURITY DEFINER as '
    'auxeira_owner; not granted to services.';
