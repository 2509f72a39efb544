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

CREATE FUNCTION auxeira_analytics.usage_rows(people text[])
    RETURNS TABLE (day date, dashboard text, feature text, next_day date, prev_week_day date,
                   days_to_first integer, actors integer, events bigint, sessions bigint)
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH p AS (
        SELECT u.dashboard AS d, '*'::text AS f, u.actor AS a, NULL::uuid AS uid, u.day,
               u.events::bigint AS ev, u.sessions::bigint AS se
        FROM auxeira_analytics.user_days AS u
        WHERE u.actor = ANY (people)
        UNION ALL
        SELECT '*', '*', u.actor, NULL, u.day, sum(u.events), sum(u.sessions)
        FROM auxeira_analytics.user_days AS u
        WHERE u.actor = ANY (people)
        GROUP BY u.actor, u.day
        UNION ALL
        SELECT u.dashboard, f.feature, u.actor, u.user_id, u.day, 0, 0
        FROM auxeira_analytics.user_days AS u
        CROSS JOIN LATERAL unnest(u.features) AS f (feature)
        WHERE u.actor = ANY (people)
    ),
    w AS (
        SELECT p.d, p.f, p.uid, p.day, p.ev, p.se,
               lead(p.day) OVER (PARTITION BY p.d, p.f, p.a ORDER BY p.day) AS nx,
               -- the last day before this day's ISO week (1900-01-01 is a Monday)
               max(p.day) OVER (PARTITION BY p.d, p.f, p.a
                                ORDER BY (p.day - DATE '1900-01-01') / 7
                                RANGE BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS pw,
               min(p.day) OVER (PARTITION BY p.d, p.f, p.a) AS first_day
        FROM p
    )
    SELECT w.day, w.d, w.f, coalesce(w.nx, 'infinity'::date), coalesce(w.pw, '-infinity'::date),
           CASE WHEN usr.id IS NOT NULL
                THEN greatest(0, w.first_day - (usr.created_at AT TIME ZONE 'UTC')::date) END,
           count(*)::integer, sum(w.ev)::bigint, sum(w.se)::bigint
    FROM w
    LEFT JOIN auxeira.users AS usr ON usr.id = w.uid
    GROUP BY 1, 2, 3, 4, 5, 6
$$;

COMMENT ON FUNCTION auxeira_analytics.usage_rows(text[]) IS
    'The rows of usage_days that the given people (actors) make, computed from all their '
    'user_days: per dashboard and feature (* = any), each active day with the next one, the '
    'last one before its ISO week and (features of signed-in users) the days from sign-up to '
    'the first use. Used by add_usage().';

CREATE FUNCTION auxeira_analytics.add_usage(people text[], sign integer)
    RETURNS void
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    INSERT INTO auxeira_analytics.usage_days AS t (
        day, dashboard, feature, next_day, prev_week_day, days_to_first, actors, events,
        sessions)
    SELECT r.day, r.dashboard, r.feature, r.next_day, r.prev_week_day, r.days_to_first,
           sign * r.actors, sign * r.events, sign * r.sessions
    FROM auxeira_analytics.usage_rows(people) AS r
    ON CONFLICT ON CONSTRAINT usage_days_key DO UPDATE
        SET actors = t.actors + excluded.actors, events = t.events + excluded.events,
            sessions = t.sessions + excluded.sessions;
    DELETE FROM auxeira_analytics.usage_days AS t WHERE t.actors = 0;
$$;

COMMENT ON FUNCTION auxeira_analytics.add_usage(text[], integer) IS
    'Adds (sign 1) or subtracts (sign -1) the usage_days rows of the given people as '
    'user_days has them now; refresh_rollups() subtracts them before it recomputes changed '
    'days and adds them after, so a late event or an erasure moves a person''s gaps exactly. '
    'Rows that reach zero people are deleted.';

CREATE FUNCTION auxeira_analytics.refresh_user_periods(people text[])
    RETURNS void
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    DELETE FROM auxeira_analytics.user_periods AS p
    WHERE p.user_id = ANY (ARRAY(
        SELECT x::uuid FROM unnest(people) AS x
        WHERE x ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'));
    INSERT INTO auxeira_analytics.user_periods (grain, user_id, period_start)
    SELECT DISTINCT g.grain, u.user_id, date_trunc(g.grain, u.day)::date
    FROM auxeira_analytics.user_days AS u
    CROSS JOIN (VALUES ('week'), ('month')) AS g (grain)
    WHERE u.actor = ANY (people) AND u.user_id IS NOT NULL;
$$;

COMMENT ON FUNCTION auxeira_analytics.refresh_user_periods(text[]) IS
    'Recomputes the user_periods rows of the given people (the signed-in users among them, '
    'and those whose id they were before an erasure) from user_days.';

CREATE FUNCTION auxeira_analytics.refresh_journeys(days date[])
    RETURNS void
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    DELETE FROM auxeira_analytics.journey_paths AS j WHERE NOT j.week AND j.day = ANY (days);
    INSERT INTO auxeira_analytics.journey_paths AS j (week, day, dashboard, steps, path, sessions)
    SELECT false, s.day, CASE WHEN GROUPING(s.dashboard) = 1 THEN '*' ELSE s.dashboard END,
           n.n, s.steps[1:n.n], count(*)
    FROM auxeira_analytics.session_paths AS s
    CROSS JOIN generate_series(1, 5) AS n (n)
    WHERE s.day = ANY (days)
    GROUP BY GROUPING SETS ((s.day, s.dashboard, n.n, s.steps[1:n.n]),
                            (s.day, n.n, s.steps[1:n.n]));
    DELETE FROM auxeira_analytics.journey_transitions AS j
    WHERE NOT j.week AND j.day = ANY (days);
    INSERT INTO auxeira_analytics.journey_transitions AS j (
        week, day, dashboard, step, from_step, to_step, sessions)
    SELECT false, s.day, CASE WHEN GROUPING(s.dashboard) = 1 THEN '*' ELSE s.dashboard END,
           k.n, k.label, coalesce(s.steps[k.n + 1], '(exit)'), count(*)
    FROM auxeira_analytics.session_paths AS s
    CROSS JOIN LATERAL unnest(s.steps) WITH ORDINALITY AS k (label, n)
    WHERE s.day = ANY (days) AND k.n <= 50
    GROUP BY GROUPING SETS (
        (s.day, s.dashboard, k.n, k.label, coalesce(s.steps[k.n + 1], '(exit)')),
        (s.day, k.n, k.label, coalesce(s.steps[k.n + 1], '(exit)')));
    -- the ISO weeks of those days, summed again from their days
    DELETE FROM auxeira_analytics.journey_paths AS j
    WHERE j.week AND j.day IN (SELECT date_trunc('week', d)::date FROM unnest(days) AS d);
    INSERT INTO auxeira_analytics.journey_paths AS j (week, day, dashboard, steps, path, sessions)
    SELECT true, w.w, x.dashboard, x.steps, x.path, sum(x.sessions)
    FROM (SELECT DISTINCT date_trunc('week', d)::date AS w FROM unnest(days) AS d) AS w
    JOIN auxeira_analytics.journey_paths AS x
      ON NOT x.week AND x.day BETWEEN w.w AND w.w + 6
    GROUP BY w.w, x.dashboard, x.steps, x.path;
    DELETE FROM auxeira_analytics.journey_transitions AS j
    WHERE j.week AND j.day IN (SELECT date_trunc('week', d)::date FROM unnest(days) AS d);
    INSERT INTO auxeira_analytics.journey_transitions AS j (
        week, day, dashboard, step, from_step, to_step, sessions)
    SELECT true, w.w, x.dashboard, x.step, x.from_step, x.to_step, sum(x.sessions)
    FROM (SELECT DISTINCT date_trunc('week', d)::date AS w FROM unnest(days) AS d) AS w
    JOIN auxeira_analytics.journey_transitions AS x
      ON NOT x.week AND x.day BETWEEN w.w AND w.w + 6
    GROUP BY w.w, x.dashboard, x.step, x.from_step, x.to_step;
$$;

COMMENT ON FUNCTION auxeira_analytics.refresh_journeys(date[]) IS
    'Recomputes journey_paths and journey_transitions for the given days from session_paths '
    '(per dashboard and for all, *), then the ISO weeks that contain them from their days.';

CREATE FUNCTION auxeira_analytics.refresh_rollups()
    RETURNS TABLE (day date, user_days integer, session_paths integer, daily_counts integer)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    days date[];
    people text[];
    lo timestamptz;
    hi timestamptz;
BEGIN
    -- One refresh at a time: usage_days is kept by difference (subtract a person, add again),
    -- which two runs touching the same person at once would double.
    PERFORM pg_advisory_xact_lock(hashtext('auxeira_analytics.refresh_rollups'));
    -- Take the marked days.
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
    CREATE TEMP TABLE refresh_events ON COMMIT DROP AS
    SELECT (e.created_at AT TIME ZONE 'UTC')::date AS day,
           coalesce(e.user_id::text, e.anonymous_id) AS actor, e.user_id,
           coalesce(e.dashboard_type, '-') AS dashboard, e.feature_name, e.event_type,
           e.session_id, e.utm_source, e.created_at, e.id
    FROM auxeira.analytics_events AS e
    WHERE e.created_at >= lo AND e.created_at < hi
      AND (e.created_at AT TIME ZONE 'UTC')::date = ANY (days)
      AND coalesce(e.user_id::text, e.anonymous_id) IS NOT NULL;
    -- The people of those days, before and after: their usage rows are taken out now and
    -- put back from the recomputed user_days below.
    people := ARRAY(SELECT u.actor FROM auxeira_analytics.user_days AS u WHERE u.day = ANY (days)
                    UNION
                    SELECT r.actor FROM pg_temp.refresh_events AS r);
    PERFORM auxeira_analytics.add_usage(people, -1);
    DELETE FROM auxeira_analytics.user_days AS u WHERE u.day = ANY (days);
    DELETE FROM auxeira_analytics.session_paths AS s WHERE s.day = ANY (days);
    DELETE FROM auxeira_analytics.daily_counts AS c WHERE c.day = ANY (days);
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
    DELETE FROM auxeira_analytics.usage_totals AS t WHERE t.day = ANY (days);
    INSERT INTO auxeira_analytics.usage_totals AS t (day, dashboard, people, events, sessions)
    SELECT u.day, CASE WHEN GROUPING(u.dashboard) = 1 THEN '*' ELSE u.dashboard END,
           count(DISTINCT u.actor), sum(u.events), sum(u.sessions)
    FROM auxeira_analytics.user_days AS u
    WHERE u.day = ANY (days)
    GROUP BY GROUPING SETS ((u.day, u.dashboard), (u.day));
    PERFORM auxeira_analytics.add_usage(people, 1);
    PERFORM auxeira_analytics.refresh_user_periods(people);
    PERFORM auxeira_analytics.refresh_journeys(days);
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
    'Brings the rollups (user_days, session_paths, daily_counts, and from them usage_totals, '
    'usage_days, user_periods, journey_paths, journey_transitions) up to date by recomputing only the UTC '
    'days marked in dirty_days since the last run (one scan of those days'' events, '
    'partition-pruned; usage_days and user_periods for the people of those days), and reports '
    'them: one row per recomputed day with the rows it now has in the first three rollups. '
    'Runs one at a time (a transaction advisory lock; a second run waits). Run by the '
    'job analytics-rollups. Dropping a month of events (retention) keeps its rollups; '
    'identify() and forget_user() mark the days they change. SECURITY DEFINER as '
    'auxeira_owner; not granted to services.';
