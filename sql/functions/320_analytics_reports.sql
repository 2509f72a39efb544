-- The four analyses of the product team, read from the rollups (0019, docs/ANALYTICS.md).
-- Each takes a range of UTC days [from_day, to_day] (default: the 90 days to the server's
-- CURRENT_DATE); a range without activity (or reversed) returns no row, never an error.
-- plan_cache_mode = force_custom_plan: the rollups are read by day ranges, and a generic plan
-- (chosen after five calls) cannot see the range and scans them whole (200 ms against 40).

CREATE FUNCTION auxeira_analytics.dashboard_usage(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, grain text DEFAULT 'day', dashboard text DEFAULT NULL)
    RETURNS TABLE (period_start date, dashboard_type text, active_users bigint,
                   avg_daily_users numeric, stickiness numeric, events bigint, sessions bigint,
                   events_per_user numeric, sessions_per_user numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    to_day := coalesce(to_day, CURRENT_DATE);
    from_day := coalesce(from_day, to_day - 89);
    IF grain IS NULL OR grain NOT IN ('day', 'week', 'month') THEN
        RAISE EXCEPTION 'grain must be day, week or month (got %)', grain
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- usage_totals: the additive figures per day (days x dashboards rows). usage_days for the
    -- active people of a week or month: a person counts once in a period (or its part inside
    -- the range) through their last active day there, the one whose next_day is past its end.
    RETURN QUERY
    WITH t AS (
        SELECT date_trunc(grain, x.day)::date AS p,
               CASE x.dashboard WHEN '*' THEN 'all' ELSE x.dashboard END AS d,
               x.people, x.events, x.sessions
        FROM auxeira_analytics.usage_totals AS x
        WHERE x.day BETWEEN from_day AND to_day
          AND CASE WHEN dashboard_usage.dashboard IS NULL THEN true
                   ELSE x.dashboard = dashboard_usage.dashboard END
    ),
    totals AS (
        SELECT t.p, t.d, sum(t.people)::bigint AS person_days, sum(t.events)::bigint AS ev,
               sum(t.sessions)::bigint AS se,
               least((t.p + CASE grain WHEN 'day' THEN interval '1 day'
                                       WHEN 'week' THEN interval '1 week'
                                       ELSE interval '1 month' END)::date - 1, to_day)
               - greatest(t.p, from_day) + 1 AS n_days
        FROM t
        GROUP BY t.p, t.d
    ),
    r AS (
        SELECT date_trunc(grain, x.day)::date AS p,
               CASE x.dashboard WHEN '*' THEN 'all' ELSE x.dashboard END AS d,
               x.day, x.next_day, x.actors
        FROM auxeira_analytics.usage_days AS x
        WHERE grain <> 'day' AND x.day BETWEEN from_day AND to_day AND x.feature = '*'
          AND CASE WHEN dashboard_usage.dashboard IS NULL THEN true
                   ELSE x.dashboard = dashboard_usage.dashboard END
    ),
    active AS (
        SELECT r.p, r.d, sum(r.actors)::bigint AS n
        FROM r
        WHERE r.next_day > least((r.p + CASE grain WHEN 'week' THEN interval '1 week'
                                                    ELSE interval '1 month' END)::date - 1,
                                 to_day)
        GROUP BY r.p, r.d
    ),
    grouped AS (
        SELECT o.p, o.d, CASE grain WHEN 'day' THEN o.person_days ELSE a.n END AS active,
               o.person_days, o.ev, o.se, o.n_days
        FROM totals AS o
        LEFT JOIN active AS a ON a.p = o.p AND a.d = o.d
    )
    SELECT g.p, g.d, g.active,
           round(g.person_days::numeric / g.n_days, 4),
           round(g.person_days::numeric / g.n_days / g.active, 4),
           g.ev, g.se,
           round(g.ev::numeric / g.active, 4),
           round(g.se::numeric / g.active, 4)
    FROM grouped AS g
    ORDER BY g.p, g.d;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.dashboard_usage(date, date, text, text) IS
    'Dashboard usage per period (grain day, week (ISO, from Monday) or month) of the range, per '
    'dashboard_type (- = outside any dashboard) and overall (all; omitted when one '
    'dashboard is asked): active_users = distinct people active in the period (DAU, WAU or '
    'MAU), avg_daily_users = their daily average over the period''s days inside the range, '
    'stickiness = avg_daily_users / active_users (DAU/MAU for month), events and sessions and '
    'their per-user averages. People are users, or visitors by anonymous id. Periods at the '
    'range''s edges count the days inside it only. Reads auxeira_analytics.usage_totals (days '
    'x dashboards) and, for weeks and months, usage_days (days x dashboards x gaps).';

CREATE FUNCTION auxeira_analytics.feature_adoption(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, dashboard text DEFAULT NULL)
    RETURNS TABLE (dashboard_type text, feature text, adopters bigint, active_users bigint,
                   adoption_rate numeric, median_days_to_first_use numeric,
                   repeat_users bigint, repeat_rate numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    to_day := coalesce(to_day, CURRENT_DATE);
    from_day := coalesce(from_day, to_day - 89);
    -- usage_days rows of each person's last active day in the range (next_day > to_day):
    -- one per person, dashboard and feature; prev_week_day >= from_day means an earlier ISO
    -- week of the range too.
    RETURN QUERY
    WITH x AS (
        SELECT u.dashboard AS d, u.feature AS ft, u.prev_week_day, u.days_to_first, u.actors
        FROM auxeira_analytics.usage_days AS u
        WHERE u.day BETWEEN from_day AND to_day AND u.next_day > to_day AND u.dashboard <> '*'
          AND (feature_adoption.dashboard IS NULL OR u.dashboard = feature_adoption.dashboard)
    ),
    act AS (
        SELECT x.d, sum(x.actors)::bigint AS n FROM x WHERE x.ft = '*' GROUP BY x.d
    ),
    uses AS (
        SELECT x.d, x.ft, sum(x.actors)::bigint AS adopters,
               coalesce(sum(x.actors) FILTER (WHERE x.prev_week_day >= from_day), 0)::bigint
                   AS repeaters
        FROM x WHERE x.ft <> '*' GROUP BY x.d, x.ft
    ),
    -- the median of days_to_first weighted by actors (percentile_cont(0.5) of the people):
    -- the mean of the values at positions ceil(n/2) and floor(n/2) + 1
    waits AS (
        SELECT x.d, x.ft, x.days_to_first AS v, sum(x.actors) AS w
        FROM x WHERE x.ft <> '*' AND x.days_to_first IS NOT NULL
        GROUP BY x.d, x.ft, x.days_to_first
    ),
    ranked AS (
        SELECT w.d, w.ft, w.v,
               (sum(w.w) OVER (PARTITION BY w.d, w.ft ORDER BY w.v))::bigint AS upto,
               (sum(w.w) OVER (PARTITION BY w.d, w.ft))::bigint AS n
        FROM waits AS w
    ),
    medians AS (
        SELECT r.d, r.ft,
               ((min(r.v) FILTER (WHERE r.upto >= (r.n + 1) / 2)
                 + min(r.v) FILTER (WHERE r.upto >= r.n / 2 + 1))::float8 / 2)::numeric AS median
        FROM ranked AS r
        GROUP BY r.d, r.ft
    )
    SELECT uses.d, uses.ft, uses.adopters, act.n,
           round(uses.adopters::numeric / act.n, 4),
           medians.median,
           uses.repeaters,
           round(uses.repeaters::numeric / uses.adopters, 4)
    FROM uses
    JOIN act ON act.d = uses.d
    LEFT JOIN medians ON medians.d = uses.d AND medians.ft = uses.ft
    ORDER BY uses.d, uses.adopters DESC, uses.ft;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.feature_adoption(date, date, text) IS
    'Feature adoption over the range, per dashboard and feature: adopters (distinct people who '
    'used it), active_users (distinct people active on that dashboard), adoption_rate = '
    'adopters / active_users, median_days_to_first_use (from the user''s sign-up to the first '
    'use ever up to to_day; signed-in users only, NULL when none), repeat_users (adopters who '
    'used it in at least two ISO weeks of the range) and repeat_rate = repeat_users / adopters. '
    'Reads auxeira_analytics.usage_days (rows by day x dashboard x feature x gaps).';

CREATE FUNCTION auxeira_analytics.journey_sessions(
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

CREATE FUNCTION auxeira_analytics.user_journey_paths(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, steps integer DEFAULT 3, dashboard text DEFAULT NULL,
    start_event text DEFAULT NULL, top integer DEFAULT 20)
    RETURNS TABLE (path text[], sessions bigint, share numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
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
    IF start_event IS NULL AND steps <= 5 THEN
        -- journey_paths: the whole ISO weeks of the range, then its other days
        RETURN QUERY
        WITH b AS (
            SELECT date_trunc('week', from_day + 6)::date AS wlo,
                   date_trunc('week', to_day + 1)::date - 7 AS whi
        ),
        p AS (
            SELECT j.path AS pth, j.sessions AS n
            FROM auxeira_analytics.journey_paths AS j, b
            WHERE j.steps = user_journey_paths.steps
              AND j.dashboard = coalesce(user_journey_paths.dashboard, '*')
              AND ((j.week AND j.day BETWEEN b.wlo AND b.whi)
                   OR (NOT j.week AND j.day BETWEEN from_day AND to_day
                       AND NOT j.day BETWEEN b.wlo AND b.whi + 6))
        )
        SELECT p.pth, sum(p.n)::bigint, round(sum(p.n)::numeric / sum(sum(p.n)) OVER (), 4)
        FROM p
        GROUP BY p.pth
        ORDER BY sum(p.n) DESC, p.pth
        LIMIT top;
        RETURN;
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
    'auxeira_analytics.journey_paths (days x paths) for up to 5 steps without a start event, '
    'else the sessions of auxeira_analytics.session_paths.';

CREATE FUNCTION auxeira_analytics.user_journey_transitions(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, dashboard text DEFAULT NULL, start_event text DEFAULT NULL,
    max_steps integer DEFAULT 10)
    RETURNS TABLE (step integer, from_step text, to_step text, sessions bigint, share numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    to_day := coalesce(to_day, CURRENT_DATE);
    from_day := coalesce(from_day, to_day - 89);
    IF max_steps IS NULL OR max_steps NOT BETWEEN 1 AND 50 THEN
        RAISE EXCEPTION 'max_steps must be from 1 to 50 (got %)', max_steps
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF start_event IS NULL THEN
        -- journey_transitions: the whole ISO weeks of the range, then its other days
        RETURN QUERY
        WITH b AS (
            SELECT date_trunc('week', from_day + 6)::date AS wlo,
                   date_trunc('week', to_day + 1)::date - 7 AS whi
        ),
        t AS (
            SELECT j.step::integer AS st, j.from_step AS fr, j.to_step AS nx, j.sessions AS n
            FROM auxeira_analytics.journey_transitions AS j, b
            WHERE j.step <= max_steps
              AND j.dashboard = coalesce(user_journey_transitions.dashboard, '*')
              AND ((j.week AND j.day BETWEEN b.wlo AND b.whi)
                   OR (NOT j.week AND j.day BETWEEN from_day AND to_day
                       AND NOT j.day BETWEEN b.wlo AND b.whi + 6))
        )
        SELECT t.st, t.fr, t.nx, sum(t.n)::bigint,
               round(sum(t.n)::numeric / sum(sum(t.n)) OVER (PARTITION BY t.st, t.fr), 4)
        FROM t
        GROUP BY t.st, t.fr, t.nx
        ORDER BY t.st, t.fr, sum(t.n) DESC, t.nx;
        RETURN;
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
    'share of the sessions at that step and label. Reads auxeira_analytics.journey_transitions '
    '(days x transitions) without a start event, else auxeira_analytics.session_paths.';

CREATE FUNCTION auxeira_analytics.cohort_analysis(
    from_day date DEFAULT NULL, to_day date DEFAULT NULL, period text DEFAULT 'week', segment_by text DEFAULT NULL)
    RETURNS TABLE (cohort_start date, segment text, cohort_size bigint, period_index integer,
                   active_users bigint, retention numeric)
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET plan_cache_mode = force_custom_plan
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
    counted AS (
        SELECT m.c, m.seg,
               CASE period
                   WHEN 'week' THEN (u.period_start - m.c) / 7
                   ELSE (extract(year FROM u.period_start)::integer * 12
                         + extract(month FROM u.period_start)::integer)
                        - (extract(year FROM m.c)::integer * 12 + extract(month FROM m.c)::integer)
               END AS k,
               count(*) AS n
        FROM members AS m
        JOIN auxeira_analytics.user_periods AS u
          ON u.grain = period AND u.user_id = m.id AND u.period_start >= m.c
        GROUP BY 1, 2, 3
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
    'auxeira.users and auxeira_analytics.user_periods (one row per user and active period; '
    'user_days only for the acquisition source).';
