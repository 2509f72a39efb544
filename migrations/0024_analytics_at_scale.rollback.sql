-- 0024_analytics_at_scale rollback: the analyses and refresh_rollups() of 0019 again (they
-- read user_days and session_paths), and the rollups of 0024 dropped.

SET LOCAL ROLE auxeira_owner;

CREATE OR REPLACE FUNCTION auxeira_analytics.refresh_rollups()
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

CREATE OR REPLACE FUNCTION auxeira_analytics.dashboard_usage(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, grain text DEFAULT 'day', dashboard text DEFAULT NULL)
    RETURNS TABLE (period_start date, dashboard_type text, active_users bigint,
                   avg_daily_users numeric, stickiness numeric, events bigint, sessions bigint,
                   events_per_user numeric, sessions_per_user numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    to_day := coalesce(to_day, CURRENT_DATE);
    from_day := coalesce(from_day, to_day - 89);
    IF grain IS NULL OR grain NOT IN ('day', 'week', 'month') THEN
        RAISE EXCEPTION 'grain must be day, week or month (got %)', grain
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH ud AS (
        SELECT date_trunc(grain, u.day)::date AS p, u.day, u.dashboard AS d, u.actor,
               u.events, u.sessions
        FROM auxeira_analytics.user_days AS u
        WHERE u.day BETWEEN from_day AND to_day
          AND (dashboard_usage.dashboard IS NULL OR u.dashboard = dashboard_usage.dashboard)
    ),
    grouped AS (
        SELECT ud.p, ud.d, count(DISTINCT ud.actor) AS active,
               count(DISTINCT (ud.day, ud.actor)) AS person_days,
               sum(ud.events)::bigint AS ev, sum(ud.sessions)::bigint AS se
        FROM ud GROUP BY ud.p, ud.d
        UNION ALL
        SELECT ud.p, 'all', count(DISTINCT ud.actor), count(DISTINCT (ud.day, ud.actor)),
               sum(ud.events)::bigint, sum(ud.sessions)::bigint
        FROM ud WHERE dashboard_usage.dashboard IS NULL GROUP BY ud.p
    ),
    sized AS (
        SELECT g.*,
               (least((g.p + CASE grain WHEN 'day' THEN interval '1 day'
                                        WHEN 'week' THEN interval '1 week'
                                        ELSE interval '1 month' END)::date - 1, to_day)
                - greatest(g.p, from_day) + 1) AS n_days
        FROM grouped AS g
    )
    SELECT s.p, s.d, s.active,
           round(s.person_days::numeric / s.n_days, 4),
           round(s.person_days::numeric / s.n_days / s.active, 4),
           s.ev, s.se,
           round(s.ev::numeric / s.active, 4),
           round(s.se::numeric / s.active, 4)
    FROM sized AS s
    ORDER BY s.p, s.d;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.dashboard_usage(date, date, text, text) IS
    'Dashboard usage per period (grain day, week (ISO, from Monday) or month) of the range, per '
    'dashboard_type (- = outside any dashboard) and overall (all; omitted when one '
    'dashboard is asked): active_users = distinct people active in the period (DAU, WAU or '
    'MAU), avg_daily_users = their daily average over the period''s days inside the range, '
    'stickiness = avg_daily_users / active_users (DAU/MAU for month), events and sessions and '
    'their per-user averages. People are users, or visitors by anonymous id. Periods at the '
    'range''s edges count the days inside it only. Reads auxeira_analytics.user_days.';

CREATE OR REPLACE FUNCTION auxeira_analytics.feature_adoption(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, dashboard text DEFAULT NULL)
    RETURNS TABLE (dashboard_type text, feature text, adopters bigint, active_users bigint,
                   adoption_rate numeric, median_days_to_first_use numeric,
                   repeat_users bigint, repeat_rate numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    to_day := coalesce(to_day, CURRENT_DATE);
    from_day := coalesce(from_day, to_day - 89);
    RETURN QUERY
    WITH act AS (
        SELECT u.dashboard AS d, count(DISTINCT u.actor) AS n
        FROM auxeira_analytics.user_days AS u
        WHERE u.day BETWEEN from_day AND to_day
          AND (feature_adoption.dashboard IS NULL OR u.dashboard = feature_adoption.dashboard)
        GROUP BY u.dashboard
    ),
    uses AS (
        SELECT u.dashboard AS d, f.feature AS ft, u.actor,
               (array_agg(u.user_id) FILTER (WHERE u.user_id IS NOT NULL))[1] AS uid,
               count(DISTINCT date_trunc('week', u.day)) AS weeks
        FROM auxeira_analytics.user_days AS u
        CROSS JOIN LATERAL unnest(u.features) AS f (feature)
        WHERE u.day BETWEEN from_day AND to_day
          AND (feature_adoption.dashboard IS NULL OR u.dashboard = feature_adoption.dashboard)
        GROUP BY u.dashboard, f.feature, u.actor
    ),
    firsts AS (
        SELECT x.d, x.ft, x.actor, x.weeks,
               CASE WHEN usr.id IS NOT NULL THEN greatest(0,
                   (SELECT min(v.day) FROM auxeira_analytics.user_days AS v
                    WHERE v.actor = x.actor AND v.dashboard = x.d
                      AND x.ft = ANY (v.features) AND v.day <= to_day)
                   - (usr.created_at AT TIME ZONE 'UTC')::date) END AS to_first
        FROM uses AS x
        LEFT JOIN auxeira.users AS usr ON usr.id = x.uid
    )
    SELECT fi.d, fi.ft, count(*), act.n,
           round(count(*)::numeric / act.n, 4),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY fi.to_first)::numeric,
           count(*) FILTER (WHERE fi.weeks >= 2),
           round((count(*) FILTER (WHERE fi.weeks >= 2))::numeric / count(*), 4)
    FROM firsts AS fi
    JOIN act ON act.d = fi.d
    GROUP BY fi.d, fi.ft, act.n
    ORDER BY fi.d, count(*) DESC, fi.ft;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.feature_adoption(date, date, text) IS
    'Feature adoption over the range, per dashboard and feature: adopters (distinct people who '
    'used it), active_users (distinct people active on that dashboard), adoption_rate = '
    'adopters / active_users, median_days_to_first_use (from the user''s sign-up to the first '
    'use ever up to to_day; signed-in users only, NULL when none), repeat_users (adopters who '
    'used it in at least two ISO weeks of the range) and repeat_rate = repeat_users / adopters. '
    'Reads auxeira_analytics.user_days and the users'' sign-up dates.';

CREATE OR REPLACE FUNCTION auxeira_analytics.journey_sessions(
    from_day date, to_day date, dashboard text, start_event text)
    RETURNS TABLE (steps text[])
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN start_event IS NULL THEN s.steps
                ELSE s.steps[array_position(s.steps, start_event):] END
    FROM auxeira_analytics.session_paths AS s
    WHERE s.day BETWEEN from_day AND to_day
      AND (journey_sessions.dashboard IS NULL OR s.dashboard = journey_sessions.dashboard)
      AND (start_event IS NULL OR array_position(s.steps, start_event) IS NOT NULL)
$$;

COMMENT ON FUNCTION auxeira_analytics.journey_sessions(date, date, text, text) IS
    'The sessions the journey analyses look at: the steps of each session of the range on the '
    'dashboard (NULL: any), from the first occurrence of start_event (NULL: from the start; '
    'sessions without it are left out).';

CREATE OR REPLACE FUNCTION auxeira_analytics.user_journey_paths(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, steps integer DEFAULT 3, dashboard text DEFAULT NULL,
    start_event text DEFAULT NULL, top integer DEFAULT 20)
    RETURNS TABLE (path text[], sessions bigint, share numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    to_day := coalesce(to_day, CURRENT_DATE);
    from_day := coalesce(from_day, to_day - 89);
    IF steps IS NULL OR steps NOT BETWEEN 1 AND 20 THEN
        RAISE EXCEPTION 'steps must be from 1 to 20 (got %)', steps
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF top IS NULL OR top NOT BETWEEN 1 AND 500 THEN
        RAISE EXCEPTION 'top must be from 1 to 500 (got %)', top
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH p AS (
        SELECT j.steps[1:user_journey_paths.steps] AS pth
        FROM auxeira_analytics.journey_sessions(from_day, to_day, dashboard, start_event) AS j
    )
    SELECT p.pth, count(*), round(count(*)::numeric / sum(count(*)) OVER (), 4)
    FROM p
    GROUP BY p.pth
    ORDER BY count(*) DESC, p.pth
    LIMIT top;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.user_journey_paths(date, date, integer, text, text,
                                                          integer) IS
    'User journey: the top most frequent paths of the first steps steps of the sessions of '
    'the range (a shorter session is its whole path), filtered by dashboard and start event '
    '(journey_sessions), with the number of sessions and their share. Reads '
    'auxeira_analytics.session_paths.';

CREATE OR REPLACE FUNCTION auxeira_analytics.user_journey_transitions(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, dashboard text DEFAULT NULL, start_event text DEFAULT NULL,
    max_steps integer DEFAULT 10)
    RETURNS TABLE (step integer, from_step text, to_step text, sessions bigint, share numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    to_day := coalesce(to_day, CURRENT_DATE);
    from_day := coalesce(from_day, to_day - 89);
    IF max_steps IS NULL OR max_steps NOT BETWEEN 1 AND 50 THEN
        RAISE EXCEPTION 'max_steps must be from 1 to 50 (got %)', max_steps
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH t AS (
        SELECT k.n::integer AS st, k.label AS fr, coalesce(j.steps[k.n + 1], '(exit)') AS nx
        FROM auxeira_analytics.journey_sessions(from_day, to_day, dashboard, start_event) AS j
        CROSS JOIN LATERAL unnest(j.steps) WITH ORDINALITY AS k (label, n)
        WHERE k.n <= max_steps
    )
    SELECT t.st, t.fr, t.nx, count(*),
           round(count(*)::numeric / sum(count(*)) OVER (PARTITION BY t.st, t.fr), 4)
    FROM t
    GROUP BY t.st, t.fr, t.nx
    ORDER BY t.st, t.fr, count(*) DESC, t.nx;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.user_journey_transitions(date, date, text, text,
                                                                integer) IS
    'User journey: the step-to-step transition table of the sessions of the range (filtered '
    'as journey_sessions): for each position step (1 = the first, up to max_steps) and step '
    'label, how many sessions went on to each next step, (exit) being the drop-off, and the '
    'share of the sessions at that step and label. Reads auxeira_analytics.session_paths.';

CREATE OR REPLACE FUNCTION auxeira_analytics.cohort_analysis(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, period text DEFAULT 'week', segment_by text DEFAULT NULL)
    RETURNS TABLE (cohort_start date, segment text, cohort_size bigint, period_index integer,
                   active_users bigint, retention numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    last_active date;
BEGIN
    to_day := coalesce(to_day, CURRENT_DATE);
    from_day := coalesce(from_day, to_day - 89);
    IF period IS NULL OR period NOT IN ('week', 'month') THEN
        RAISE EXCEPTION 'period must be week or month (got %)', period
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF segment_by IS NOT NULL AND segment_by NOT IN ('user_type', 'utm_source') THEN
        RAISE EXCEPTION 'segment_by must be user_type or utm_source (got %)', segment_by
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT max(u.day) INTO last_active FROM auxeira_analytics.user_days AS u;
    RETURN QUERY
    WITH members AS (
        SELECT usr.id,
               date_trunc(period, (usr.created_at AT TIME ZONE 'UTC')::date)::date AS c,
               CASE segment_by
                   WHEN 'user_type' THEN usr.user_type::text
                   WHEN 'utm_source' THEN coalesce(
                       (SELECT v.utm_source FROM auxeira_analytics.user_days AS v
                        WHERE v.actor = usr.id::text AND v.utm_source IS NOT NULL
                        ORDER BY v.day, v.dashboard LIMIT 1), '(none)')
                   ELSE 'all' END AS seg
        FROM auxeira.users AS usr
        WHERE (usr.created_at AT TIME ZONE 'UTC')::date BETWEEN from_day AND to_day
    ),
    sizes AS (
        SELECT m.c, m.seg, count(*) AS n FROM members AS m GROUP BY m.c, m.seg
    ),
    activity AS (
        SELECT DISTINCT m.c, m.seg, m.id,
               CASE period
                   WHEN 'week' THEN (date_trunc('week', u.day)::date - m.c) / 7
                   ELSE (extract(year FROM u.day)::integer * 12 + extract(month FROM u.day)::integer)
                        - (extract(year FROM m.c)::integer * 12 + extract(month FROM m.c)::integer)
               END AS k
        FROM members AS m
        JOIN auxeira_analytics.user_days AS u ON u.actor = m.id::text AND u.day >= m.c
    ),
    counted AS (
        SELECT a.c, a.seg, a.k, count(*) AS n FROM activity AS a GROUP BY a.c, a.seg, a.k
    ),
    grid AS (
        SELECT s.c, s.seg, s.n, g.k::integer AS k
        FROM sizes AS s
        CROSS JOIN LATERAL generate_series(0, CASE period
            WHEN 'week' THEN (date_trunc('week', last_active)::date - s.c) / 7
            ELSE (extract(year FROM last_active)::integer * 12
                  + extract(month FROM last_active)::integer)
                 - (extract(year FROM s.c)::integer * 12 + extract(month FROM s.c)::integer)
            END) AS g (k)
        WHERE last_active IS NOT NULL
    )
    SELECT g.c, g.seg, g.n, g.k, coalesce(ct.n, 0), round(coalesce(ct.n, 0)::numeric / g.n, 4)
    FROM grid AS g
    LEFT JOIN counted AS ct ON ct.c = g.c AND ct.seg = g.seg AND ct.k = g.k
    ORDER BY g.c, g.seg, g.k;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.cohort_analysis(date, date, text, text) IS
    'Retention cohorts: the users who signed up in the range, grouped by sign-up week (ISO) or '
    'month, optionally split by user_type or utm_source (the source of their earliest event '
    'that had one, else (none)); for each cohort and period_index k = 0, 1, ... up to the '
    'latest activity in the rollups, the cohort''s users active (any event) in period k after '
    'their cohort''s start and the share of the cohort: a retention triangle. Reads '
    'auxeira.users and auxeira_analytics.user_days.';

DROP FUNCTION auxeira_analytics.refresh_journeys(date[]);
DROP FUNCTION auxeira_analytics.refresh_user_periods(text[]);
DROP FUNCTION auxeira_analytics.add_usage(text[], integer);
DROP FUNCTION auxeira_analytics.usage_rows(text[]);
DROP TABLE auxeira_analytics.journey_transitions;
DROP TABLE auxeira_analytics.journey_paths;
DROP TABLE auxeira_analytics.user_periods;
DROP TABLE auxeira_analytics.usage_days;
DROP TABLE auxeira_analytics.usage_totals;
