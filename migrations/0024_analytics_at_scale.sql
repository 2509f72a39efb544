-- depends: 0023_tax_lots
-- 0024_analytics_at_scale: issue 14's speed bar. New rollups in auxeira_analytics sized by
-- days x dimensions (usage_days, journey_paths, journey_transitions) or people x periods
-- (user_periods), kept by refresh_rollups() from user_days and session_paths; the four
-- analyses read them instead of user_days / session_paths, with the same results
-- (docs/ANALYTICS.md). The new rollups are filled from the existing ones here.

SET LOCAL ROLE auxeira_owner;

-- Rollups at scale (0024): what the analyses read, sized by days x dimensions (usage_days,
-- journey_paths, journey_transitions) or by people x periods (user_periods), never by events.

CREATE TABLE auxeira_analytics.usage_days (
    day date NOT NULL,
    dashboard text NOT NULL,
    feature text NOT NULL,
    next_day date NOT NULL,
    prev_week_day date NOT NULL,
    days_to_first integer,
    actors integer NOT NULL,
    events bigint NOT NULL,
    sessions bigint NOT NULL,
    CONSTRAINT usage_days_key UNIQUE NULLS NOT DISTINCT
        (feature, day, dashboard, next_day, prev_week_day, days_to_first)
);

COMMENT ON TABLE auxeira_analytics.usage_days IS
    'Rollup: people active on a day, counted by (dashboard, feature, the person''s next active '
    'day, their last active day before the day''s ISO week, their days from sign-up to first '
    'use). Distinct people over any range [a, b] add up from it: each person has exactly one '
    'active day u in the range with next_day > b (their last one), so active people = the sum '
    'of actors over day in [a, b] and next_day > b, and those also active in an earlier ISO '
    'week of the range have prev_week_day >= a. One row per day x dimension x distinct gaps, '
    'kept from user_days by refresh_rollups() (the people whose days changed are subtracted '
    'and added again).';
COMMENT ON COLUMN auxeira_analytics.usage_days.day IS 'UTC day of activity.';

CREATE INDEX usage_days_next_idx ON auxeira_analytics.usage_days (next_day, day);

COMMENT ON INDEX auxeira_analytics.usage_days_next_idx IS
    'The rows of people''s last active day in a range (next_day past its end): what '
    'feature_adoption reads, one row per person and feature at most, whatever the events.';
COMMENT ON COLUMN auxeira_analytics.usage_days.dashboard IS
    'Dashboard (- = outside any), or * = any dashboard (with feature *).';
COMMENT ON COLUMN auxeira_analytics.usage_days.feature IS
    'Feature used that day, or * = any activity on the dashboard.';
COMMENT ON COLUMN auxeira_analytics.usage_days.next_day IS
    'The person''s next active day for the same dashboard and feature (infinity: none yet).';
COMMENT ON COLUMN auxeira_analytics.usage_days.prev_week_day IS
    'The person''s last active day (same dashboard and feature) before the ISO week of day '
    '(-infinity: none).';
COMMENT ON COLUMN auxeira_analytics.usage_days.days_to_first IS
    'For a feature and a signed-in user: days from sign-up to the first use ever of the '
    'feature (0 at least); NULL otherwise.';
COMMENT ON COLUMN auxeira_analytics.usage_days.actors IS 'People counted in this row.';
COMMENT ON COLUMN auxeira_analytics.usage_days.events IS
    'Their events that day (feature *; 0 for a feature: events are not split by feature here).';
COMMENT ON COLUMN auxeira_analytics.usage_days.sessions IS
    'Their sessions that day, summed per dashboard (feature *; 0 for a feature).';

CREATE TABLE auxeira_analytics.usage_totals (
    day date NOT NULL,
    dashboard text NOT NULL,
    people integer NOT NULL,
    events bigint NOT NULL,
    sessions bigint NOT NULL,
    CONSTRAINT usage_totals_pkey PRIMARY KEY (day, dashboard)
);

COMMENT ON TABLE auxeira_analytics.usage_totals IS
    'Rollup: per UTC day and dashboard (* = all), the people active (DAU), their events and '
    'sessions (summed per dashboard): the additive part of dashboard_usage, days x '
    'dashboards rows. Recomputed for changed days by refresh_rollups().';
COMMENT ON COLUMN auxeira_analytics.usage_totals.day IS 'UTC day.';
COMMENT ON COLUMN auxeira_analytics.usage_totals.dashboard IS
    'Dashboard (- = outside any), or * = any dashboard.';
COMMENT ON COLUMN auxeira_analytics.usage_totals.people IS
    'Distinct people active that day there (for *: on any dashboard).';
COMMENT ON COLUMN auxeira_analytics.usage_totals.events IS 'Their events.';
COMMENT ON COLUMN auxeira_analytics.usage_totals.sessions IS
    'Their sessions, counted per person and dashboard as in user_days.';

CREATE TABLE auxeira_analytics.user_periods (
    grain text NOT NULL,
    user_id uuid NOT NULL,
    period_start date NOT NULL,
    CONSTRAINT user_periods_pkey PRIMARY KEY (grain, user_id, period_start)
);

COMMENT ON TABLE auxeira_analytics.user_periods IS
    'Rollup: the ISO weeks (grain week) and months (grain month) in which a signed-in user was '
    'active on any dashboard, for the retention cohorts (one row per user and active period, '
    'not per day or event). Kept from user_days by refresh_rollups().';
COMMENT ON COLUMN auxeira_analytics.user_periods.grain IS 'week or month.';
COMMENT ON COLUMN auxeira_analytics.user_periods.user_id IS 'The user.';
COMMENT ON COLUMN auxeira_analytics.user_periods.period_start IS
    'First day of the active week (a Monday) or month.';

CREATE TABLE auxeira_analytics.journey_paths (
    week boolean NOT NULL,
    day date NOT NULL,
    dashboard text NOT NULL,
    steps smallint NOT NULL,
    path text[] NOT NULL,
    sessions integer NOT NULL,
    CONSTRAINT journey_paths_pkey PRIMARY KEY (week, steps, day, dashboard, path)
);

COMMENT ON TABLE auxeira_analytics.journey_paths IS
    'Rollup: how many sessions of a day (week false) or of an ISO week (week true, the sum of '
    'its days) and dashboard began with each path of their first steps steps (1 to 5; a '
    'shorter session counts with its whole path). A range reads its whole weeks and its edge '
    'days: rows sized by days x distinct paths, never by sessions. Kept from session_paths by '
    'refresh_rollups().';
COMMENT ON COLUMN auxeira_analytics.journey_paths.week IS
    'true: the row sums the ISO week starting at day; false: the day alone.';
COMMENT ON COLUMN auxeira_analytics.journey_paths.day IS 'The UTC day, or the week''s Monday.';
COMMENT ON COLUMN auxeira_analytics.journey_paths.dashboard IS
    'Dashboard of the sessions'' first events, - for none, * for all sessions.';
COMMENT ON COLUMN auxeira_analytics.journey_paths.steps IS 'Path length asked for (1 to 5).';
COMMENT ON COLUMN auxeira_analytics.journey_paths.path IS 'The first steps steps.';
COMMENT ON COLUMN auxeira_analytics.journey_paths.sessions IS 'Sessions with that path.';

CREATE TABLE auxeira_analytics.journey_transitions (
    week boolean NOT NULL,
    day date NOT NULL,
    dashboard text NOT NULL,
    step smallint NOT NULL,
    from_step text NOT NULL,
    to_step text NOT NULL,
    sessions integer NOT NULL,
    CONSTRAINT journey_transitions_pkey
        PRIMARY KEY (week, day, dashboard, step, from_step, to_step)
);

COMMENT ON TABLE auxeira_analytics.journey_transitions IS
    'Rollup: how many sessions of a day (week false) or ISO week (week true) and dashboard went '
    'from from_step at position step (1 to 50) to to_step ((exit) = the session ended). Kept '
    'from session_paths by refresh_rollups().';
COMMENT ON COLUMN auxeira_analytics.journey_transitions.week IS
    'true: the row sums the ISO week starting at day; false: the day alone.';
COMMENT ON COLUMN auxeira_analytics.journey_transitions.day IS
    'The UTC day, or the week''s Monday.';
COMMENT ON COLUMN auxeira_analytics.journey_transitions.dashboard IS
    'Dashboard of the sessions'' first events, - for none, * for all sessions.';
COMMENT ON COLUMN auxeira_analytics.journey_transitions.step IS 'Position of from_step (1 = first).';
COMMENT ON COLUMN auxeira_analytics.journey_transitions.from_step IS 'The step there.';
COMMENT ON COLUMN auxeira_analytics.journey_transitions.to_step IS
    'The next step, or (exit).';
COMMENT ON COLUMN auxeira_analytics.journey_transitions.sessions IS 'Sessions that did so.';

CREATE OR REPLACE FUNCTION auxeira_analytics.usage_rows(people text[])
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

CREATE OR REPLACE FUNCTION auxeira_analytics.add_usage(people text[], sign integer)
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

CREATE OR REPLACE FUNCTION auxeira_analytics.refresh_user_periods(people text[])
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

CREATE OR REPLACE FUNCTION auxeira_analytics.refresh_journeys(days date[])
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

CREATE OR REPLACE FUNCTION auxeira_analytics.refresh_rollups()
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

CREATE OR REPLACE FUNCTION auxeira_analytics.dashboard_usage(
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

CREATE OR REPLACE FUNCTION auxeira_analytics.feature_adoption(
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

CREATE OR REPLACE FUNCTION auxeira_analytics.user_journey_transitions(
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

CREATE OR REPLACE FUNCTION auxeira_analytics.cohort_analysis(
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

GRANT SELECT ON auxeira_analytics.usage_days, auxeira_analytics.usage_totals,
    auxeira_analytics.user_periods,
    auxeira_analytics.journey_paths, auxeira_analytics.journey_transitions
    TO auxeira_analyst, auxeira_readonly;
REVOKE EXECUTE ON FUNCTION auxeira_analytics.usage_rows(text[]),
    auxeira_analytics.add_usage(text[], integer),
    auxeira_analytics.refresh_user_periods(text[]),
    auxeira_analytics.refresh_journeys(date[]) FROM PUBLIC;

-- Fill the new rollups from the existing ones (no event is read: months dropped by retention
-- keep their rollups, and so keep their part here).
DO $$
DECLARE
    people text[] := ARRAY(SELECT DISTINCT u.actor FROM auxeira_analytics.user_days AS u);
BEGIN
    INSERT INTO auxeira_analytics.usage_totals AS t (day, dashboard, people, events, sessions)
    SELECT u.day, CASE WHEN GROUPING(u.dashboard) = 1 THEN '*' ELSE u.dashboard END,
           count(DISTINCT u.actor), sum(u.events), sum(u.sessions)
    FROM auxeira_analytics.user_days AS u
    GROUP BY GROUPING SETS ((u.day, u.dashboard), (u.day));
    PERFORM auxeira_analytics.add_usage(people, 1);
    PERFORM auxeira_analytics.refresh_user_periods(people);
    PERFORM auxeira_analytics.refresh_journeys(
        ARRAY(SELECT DISTINCT s.day FROM auxeira_analytics.session_paths AS s));
END
$$;
