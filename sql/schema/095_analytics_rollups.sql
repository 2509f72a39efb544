-- Schema auxeira_analytics (0019): rollups of the event log maintained incrementally, and the
-- analyses of the platform's product team (role auxeira_analyst). Cross-tenant aggregates:
-- no privilege for the application role or tenants (docs/SECURITY.md, docs/ANALYTICS.md).

CREATE SCHEMA auxeira_analytics AUTHORIZATION auxeira_owner;

COMMENT ON SCHEMA auxeira_analytics IS
    'Product analytics for the platform''s product and growth team (role auxeira_analyst): '
    'rollups of auxeira.analytics_events kept current by the job analytics-rollups, and the '
    'four analyses (dashboard_usage, feature_adoption, user_journey_*, cohort_analysis). '
    'Cross-tenant aggregates: nothing here is granted to auxeira_app.';

CREATE TABLE auxeira_analytics.dirty_days (
    day date NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dirty_days_pkey PRIMARY KEY (day)
);

COMMENT ON TABLE auxeira_analytics.dirty_days IS
    'Days (UTC) whose events changed since the rollups were last refreshed: filled by the '
    'statement trigger analytics_events_mark_dirty on every insert, update or delete of '
    'auxeira.analytics_events, emptied by auxeira_analytics.refresh_rollups().';
COMMENT ON COLUMN auxeira_analytics.dirty_days.day IS 'The UTC day to recompute.';
COMMENT ON COLUMN auxeira_analytics.dirty_days.marked_at IS
    'When the day was first marked since the last refresh.';

CREATE TABLE auxeira_analytics.user_days (
    day date NOT NULL,
    actor text NOT NULL,
    dashboard text NOT NULL,
    user_id uuid,
    events integer NOT NULL,
    sessions integer NOT NULL,
    features text[] NOT NULL,
    utm_source text,
    CONSTRAINT user_days_pkey PRIMARY KEY (day, dashboard, actor)
);

COMMENT ON TABLE auxeira_analytics.user_days IS
    'Rollup: one row per person, UTC day and dashboard with activity: how many events and '
    'sessions, which features. Distinct users do not add up across days, so the analyses '
    'count distinct actors over these rows (O(people x days), never O(events)).';
COMMENT ON COLUMN auxeira_analytics.user_days.day IS 'UTC day of the events.';
COMMENT ON COLUMN auxeira_analytics.user_days.actor IS
    'The person: the user id as text, else the anonymous id (a visitor, or an erased user''s '
    'pseudonym).';
COMMENT ON COLUMN auxeira_analytics.user_days.dashboard IS
    'Dashboard of the events (startup, vc, angel, esg, government, corporate), or - for events '
    'outside any dashboard.';
COMMENT ON COLUMN auxeira_analytics.user_days.user_id IS
    'The signed-in user (NULL for a visitor or an erased user).';
COMMENT ON COLUMN auxeira_analytics.user_days.events IS 'Events of the person that day there.';
COMMENT ON COLUMN auxeira_analytics.user_days.sessions IS
    'Distinct sessions of those events (events without a session count as none).';
COMMENT ON COLUMN auxeira_analytics.user_days.features IS
    'Distinct feature names used that day on that dashboard, sorted (empty: none).';
COMMENT ON COLUMN auxeira_analytics.user_days.utm_source IS
    'The utm_source of the day''s earliest event that had one (acquisition source), else NULL.';

CREATE INDEX user_days_actor_idx ON auxeira_analytics.user_days (actor, dashboard, day);

COMMENT ON INDEX auxeira_analytics.user_days_actor_idx IS
    'One person''s days, for the first use of a feature (feature_adoption) and the acquisition '
    'source of a user (cohort_analysis): an index scan per person instead of a table scan.';

CREATE TABLE auxeira_analytics.session_paths (
    day date NOT NULL,
    session_id text NOT NULL,
    actor text,
    dashboard text NOT NULL,
    steps text[] NOT NULL,
    CONSTRAINT session_paths_pkey PRIMARY KEY (day, session_id)
);

COMMENT ON TABLE auxeira_analytics.session_paths IS
    'Rollup: the ordered steps of each session and UTC day (a session crossing midnight counts '
    'as one per day). A step is the feature name of a feature event, else the event type.';
COMMENT ON COLUMN auxeira_analytics.session_paths.day IS 'UTC day of the session''s events.';
COMMENT ON COLUMN auxeira_analytics.session_paths.session_id IS 'The client''s session id.';
COMMENT ON COLUMN auxeira_analytics.session_paths.actor IS
    'The person of the session''s first event (user id as text, else the anonymous id).';
COMMENT ON COLUMN auxeira_analytics.session_paths.dashboard IS
    'Dashboard of the session''s first event, or - for none.';
COMMENT ON COLUMN auxeira_analytics.session_paths.steps IS
    'Steps in the order of the events (created_at, then id), consecutive repeats kept.';

CREATE TABLE auxeira_analytics.daily_counts (
    day date NOT NULL,
    dashboard text NOT NULL,
    feature text NOT NULL,
    event_type text NOT NULL,
    events bigint NOT NULL,
    actors integer NOT NULL,
    CONSTRAINT daily_counts_pkey PRIMARY KEY (day, dashboard, feature, event_type)
);

COMMENT ON TABLE auxeira_analytics.daily_counts IS
    'Rollup: events and distinct people per UTC day, dashboard, feature and event type (the '
    'additive counts; distinct people do not add across days or keys).';
COMMENT ON COLUMN auxeira_analytics.daily_counts.day IS 'UTC day.';
COMMENT ON COLUMN auxeira_analytics.daily_counts.dashboard IS 'Dashboard, or - for none.';
COMMENT ON COLUMN auxeira_analytics.daily_counts.feature IS 'Feature name, or - for none.';
COMMENT ON COLUMN auxeira_analytics.daily_counts.event_type IS 'Event type.';
COMMENT ON COLUMN auxeira_analytics.daily_counts.events IS 'Number of events.';
COMMENT ON COLUMN auxeira_analytics.daily_counts.actors IS 'Distinct people among them.';

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
