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
