-- depends: 0018_metric_history_in_sql
-- 0019_partitioned_analytics: issue 14 (product analytics). auxeira.analytics_events
-- becomes range-partitioned by created_at (one partition per UTC month, no default partition),
-- with its rows kept: the old heap is renamed, the partitioned table created with the same
-- columns (plus anonymous_id; primary key (id, created_at), as a partitioned table needs),
-- policies and grants, its partitions created from the month of the oldest event to three months
-- ahead by auxeira.ensure_event_partitions() (each with the parent's row-level security,
-- policies and grants), the rows copied, the heap dropped. Retention drops whole partitions.
-- Ingestion: auxeira.track_event(), staged batches (begin_event_batch/ingest_event_batch),
-- identify(), forget_user() (GDPR erasure), IP addresses stored truncated. Schema
-- auxeira_analytics: rollups kept by statement triggers and refresh_rollups(), and the four
-- analyses for the new role auxeira_analyst. New role auxeira_ingest (the collector).

DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['auxeira_ingest', 'auxeira_analyst'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created by a concurrent migration of another database
            END;
        END IF;
    END LOOP;
    -- (again: a database cloned from a template does not carry the grants of 0001)
    EXECUTE pg_catalog.format(
        'GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO auxeira_owner', current_database());
    EXECUTE pg_catalog.format(
        'GRANT CONNECT ON DATABASE %I TO auxeira_ingest, auxeira_analyst', current_database());
END
$$;

SET LOCAL ROLE auxeira_owner;

-- The release's heap, out of the way (its indexes' names are taken by the new table's).
ALTER TABLE auxeira.analytics_events RENAME TO analytics_events_0015;
ALTER INDEX auxeira.analytics_events_pkey RENAME TO analytics_events_0015_pkey;
ALTER INDEX auxeira.idx_analytics_events_user_type RENAME TO analytics_events_0015_user_type;
ALTER INDEX auxeira.idx_analytics_events_dashboard RENAME TO analytics_events_0015_dashboard;
ALTER INDEX auxeira.analytics_events_expires_at_idx RENAME TO analytics_events_0015_expires_at;
ALTER INDEX auxeira.analytics_events_created_at_brin RENAME TO analytics_events_0015_brin;
-- PostgreSQL 18 names NOT NULL constraints (pg_constraint contype 'n'): the old table's go out
-- of the way too, so that the new table's get the names a database built from sql/ has
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conname FROM pg_catalog.pg_constraint
             WHERE conrelid = 'auxeira.analytics_events_0015'::regclass AND contype = 'n'
    LOOP
        EXECUTE format('ALTER TABLE auxeira.analytics_events_0015 RENAME CONSTRAINT %I TO %I',
                       c.conname, c.conname || '_0015');
    END LOOP;
END
$$;

CREATE TABLE auxeira.analytics_events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid,
    event_type varchar(100) NOT NULL,
    event_category varchar(50),
    event_data jsonb,
    dashboard_type varchar(50),
    feature_name varchar(100),
    session_id varchar(255),
    ip_address inet,
    user_agent text,
    referrer varchar(500),
    utm_source varchar(100),
    utm_medium varchar(100),
    utm_campaign varchar(100),
    device_type varchar(50),
    browser varchar(50),
    os varchar(50),
    country varchar(100),
    city varchar(100),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    anonymous_id varchar(100),
    CONSTRAINT analytics_events_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT analytics_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES auxeira.users (id),
    CONSTRAINT analytics_events_event_type_check CHECK (btrim(event_type) <> ''),
    CONSTRAINT analytics_events_event_category_check CHECK (
        event_category IN ('dashboard', 'feature', 'payment', 'engagement')
    ),
    CONSTRAINT analytics_events_event_data_check CHECK (jsonb_typeof(event_data) = 'object'),
    CONSTRAINT analytics_events_dashboard_type_check CHECK (
        dashboard_type IN ('startup', 'vc', 'angel', 'esg', 'government', 'corporate')
    ),
    CONSTRAINT analytics_events_device_type_check CHECK (
        device_type IN ('desktop', 'mobile', 'tablet', 'other')
    ),
    CONSTRAINT analytics_events_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
) PARTITION BY RANGE (created_at);

CREATE INDEX idx_analytics_events_user_type ON auxeira.analytics_events (user_id, event_type);
CREATE INDEX idx_analytics_events_dashboard
    ON auxeira.analytics_events (dashboard_type, created_at);
CREATE INDEX analytics_events_expires_at_idx
    ON auxeira.analytics_events (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.analytics_events IS
    'Product-analytics event log: one row per tracked event from any dashboard, never updated (no '
    'updated_at). Holds personal data (IP address, user agent, location): subject to the '
    'deployment''s retention and privacy rules (auxeira.forget_user() erases a user''s). '
    'Range-partitioned by created_at, one partition per calendar month in UTC '
    '(analytics_events_pYYYY_MM), created ahead by auxeira.ensure_event_partitions() and dropped '
    'whole by auxeira.purge_analytics_events(); no default partition, so an event outside the '
    'created months is refused. Each partition carries the same row-level security, policies '
    'and grants as this table.';
COMMENT ON COLUMN auxeira.analytics_events.id IS
    'Random UUID assigned on insert; the primary key is (id, created_at), as a partitioned '
    'table''s must include the partition key.';
COMMENT ON COLUMN auxeira.analytics_events.user_id IS
    'The signed-in user who caused the event (users.id). NULL = anonymous visitor (not signed in, '
    'e.g. before sign-up). No cascade.';
COMMENT ON COLUMN auxeira.analytics_events.event_type IS
    'What happened, as a machine-readable name (e.g. dashboard_view, export_clicked, '
    'checkout_completed). Required and not blank.';
COMMENT ON COLUMN auxeira.analytics_events.event_category IS
    'Broad group of the event: dashboard (dashboard loads and views), feature (use of a specific '
    'feature), payment (checkout and billing actions), engagement (sessions, clicks, retention '
    'signals). NULL = uncategorised.';
COMMENT ON COLUMN auxeira.analytics_events.event_data IS
    'Event-specific properties as a JSON object with free-form keys. NULL = no properties; when '
    'present it must be an object.';
COMMENT ON COLUMN auxeira.analytics_events.dashboard_type IS
    'Dashboard on which the event happened: startup (founder), vc, angel, esg, government, '
    'corporate. NULL = outside any dashboard (e.g. landing page).';
COMMENT ON COLUMN auxeira.analytics_events.feature_name IS
    'Name of the feature used, for feature events (e.g. sse_score, portfolio_export). '
    'NULL = not a feature event.';
COMMENT ON COLUMN auxeira.analytics_events.session_id IS
    'Client session identifier, to group the events of one visit. NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.ip_address IS
    'Client IP address as seen by the API, stored truncated to its /24 (IPv4) or /48 (IPv6) '
    'network by trigger analytics_events_truncate_ip unless the deployment opts out '
    '(auxeira.keep_full_ip = on). Personal data. NULL = not captured or erased.';
COMMENT ON COLUMN auxeira.analytics_events.user_agent IS
    'Raw HTTP User-Agent header of the client. NULL = not captured.';
COMMENT ON COLUMN auxeira.analytics_events.referrer IS
    'HTTP referrer URL the visitor came from. NULL = direct / not captured.';
COMMENT ON COLUMN auxeira.analytics_events.utm_source IS
    'utm_source campaign parameter (traffic source, e.g. google, newsletter). NULL = none.';
COMMENT ON COLUMN auxeira.analytics_events.utm_medium IS
    'utm_medium campaign parameter (marketing medium, e.g. cpc, email). NULL = none.';
COMMENT ON COLUMN auxeira.analytics_events.utm_campaign IS
    'utm_campaign campaign parameter (campaign name). NULL = none.';
COMMENT ON COLUMN auxeira.analytics_events.device_type IS
    'Class of client device: desktop, mobile (phone), tablet, other (anything else, e.g. TV or '
    'bot). NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.browser IS
    'Browser name (and possibly version) parsed from the user agent, e.g. Chrome. NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.os IS
    'Operating system parsed from the user agent, e.g. Android, iOS, Windows. NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.country IS
    'Country of the client, from IP geolocation or the profile, free text or ISO code. '
    'NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.city IS
    'City of the client, from IP geolocation. NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real event. Not in the specification''s table.';
COMMENT ON COLUMN auxeira.analytics_events.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'analytics_events_expires_at_check); NULL on a synthetic row = keep indefinitely. Not in the '
    'specification''s table.';
COMMENT ON COLUMN auxeira.analytics_events.created_at IS
    'When the event was recorded (transaction timestamp of the insert, not the client clock). '
    'The partition key.';
COMMENT ON COLUMN auxeira.analytics_events.anonymous_id IS
    'Visitor identifier set by the client before sign-up (a cookie id), so that a visitor''s '
    'events can be linked to the account later (auxeira.identify()); after an erasure '
    '(auxeira.forget_user()) a random pseudonym starting forgotten: that keeps the user''s '
    'events countable as one person. NULL = none. Not in the specification''s table.';

COMMENT ON INDEX auxeira.analytics_events_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- Added in 0006: retention scans by age.
CREATE INDEX analytics_events_created_at_brin
    ON auxeira.analytics_events USING brin (created_at);

COMMENT ON INDEX auxeira.analytics_events_created_at_brin IS
    'BRIN on the append-only created_at: serves retention (purge_analytics_events) and time-range '
    'scans at a few kilobytes where a btree on millions of events takes tens of megabytes.';

CREATE INDEX analytics_events_anonymous_id_idx
    ON auxeira.analytics_events (anonymous_id) WHERE anonymous_id IS NOT NULL;

COMMENT ON INDEX auxeira.analytics_events_anonymous_id_idx IS
    'The events of a visitor, for auxeira.identify() (anonymous events only carry the column).';

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

-- Functions

CREATE FUNCTION auxeira.ensure_event_partitions(
    months_ahead integer DEFAULT 3, since timestamptz DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET lock_timeout = '2s'
AS $$
DECLARE
    parent constant regclass := 'auxeira.analytics_events'::regclass;
    month date := date_trunc('month', coalesce(since, now()) AT TIME ZONE 'UTC')::date;
    last_month date := (date_trunc('month', now() AT TIME ZONE 'UTC')
                        + make_interval(months => months_ahead))::date;
    part text;
    lo timestamptz;
    hi timestamptz;
    pol record;
    acl record;
    created integer := 0;
BEGIN
    IF months_ahead IS NULL OR months_ahead NOT BETWEEN 0 AND 120 THEN
        RAISE EXCEPTION 'months_ahead must be from 0 to 120 (got %)', months_ahead
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF since IS NOT NULL AND since < now() - interval '100 years' THEN
        RAISE EXCEPTION 'since must be within the last 100 years (got %)', since
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    last_month := greatest(last_month, month);  -- a future since: at least its month
    WHILE month <= last_month LOOP
        part := 'analytics_events_p' || to_char(month, 'YYYY_MM');
        lo := month::timestamp AT TIME ZONE 'UTC';
        hi := (month + interval '1 month')::timestamp AT TIME ZONE 'UTC';
        month := (month + interval '1 month')::date;
        CONTINUE WHEN to_regclass('auxeira.' || part) IS NOT NULL;
        -- A table of the parent's shape, attached (SHARE UPDATE EXCLUSIVE on the parent:
        -- readers and writers go on) rather than CREATE ... PARTITION OF (ACCESS EXCLUSIVE).
        -- Attaching clones the parent's indexes, keys and triggers.
        EXECUTE format('CREATE TABLE auxeira.%I (LIKE auxeira.analytics_events '
                       'INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        EXECUTE format('ALTER TABLE auxeira.analytics_events ATTACH PARTITION auxeira.%I '
                       'FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
        -- Neither row-level security nor policies nor grants are inherited by a partition,
        -- and a partition queried directly uses its own: copy the parent's.
        EXECUTE format('ALTER TABLE auxeira.%I ENABLE ROW LEVEL SECURITY', part);
        EXECUTE format('ALTER TABLE auxeira.%I FORCE ROW LEVEL SECURITY', part);
        FOR pol IN
            SELECT p.policyname, p.permissive, p.cmd, p.qual, p.with_check,
                   (SELECT string_agg(quote_ident(r), ', ' ORDER BY r)
                    FROM unnest(p.roles) AS r) AS roles,
                   obj_description(o.oid, 'pg_policy') AS note
            FROM pg_policies AS p
            JOIN pg_policy AS o ON o.polrelid = parent AND o.polname = p.policyname
            WHERE p.schemaname = 'auxeira' AND p.tablename = 'analytics_events'
            ORDER BY p.policyname
        LOOP
            EXECUTE format('CREATE POLICY %I ON auxeira.%I AS %s FOR %s TO %s%s%s',
                           pol.policyname, part, pol.permissive, pol.cmd, pol.roles,
                           ' USING (' || pol.qual || ')',
                           ' WITH CHECK (' || pol.with_check || ')');
            EXECUTE format('COMMENT ON POLICY %I ON auxeira.%I IS %L',
                           pol.policyname, part, pol.note);
        END LOOP;
        FOR acl IN
            SELECT a.privilege_type,
                   CASE WHEN a.grantee = 0 THEN 'PUBLIC'
                        ELSE quote_ident(pg_get_userbyid(a.grantee)) END AS grantee
            FROM pg_class AS c, aclexplode(c.relacl) AS a
            WHERE c.oid = parent AND a.grantee <> c.relowner
            ORDER BY 2, 1
        LOOP
            EXECUTE format('GRANT %s ON auxeira.%I TO %s', acl.privilege_type, part, acl.grantee);
        END LOOP;
        EXECUTE format('COMMENT ON TABLE auxeira.%I IS %L', part, format(
            'Monthly partition of auxeira.analytics_events: events created from %s to %s '
            '(UTC). Created by auxeira.ensure_event_partitions() with the parent''s row-level '
            'security, policies and grants; dropped whole by auxeira.purge_analytics_events().',
            to_char(lo AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
            to_char(hi AT TIME ZONE 'UTC', 'YYYY-MM-DD')));
        created := created + 1;
    END LOOP;
    RETURN created;
END
$$;

COMMENT ON FUNCTION auxeira.ensure_event_partitions(integer, timestamptz) IS
    'Creates the missing monthly partitions of auxeira.analytics_events from the month of since '
    '(default: the current month) to months_ahead months after the current one, or to since''s '
    'month when that is later (UTC months), '
    'each with row-level security enabled and forced and the parent''s policies, grants and '
    'comments copied (a partition inherits none of them, and a partition queried directly uses '
    'only its own). Attaches a new empty table (SHARE UPDATE EXCLUSIVE on the parent), so '
    'readers and writers are not blocked. Returns the number created; idempotent. There is no '
    'default partition: an event outside the created months is refused, so the scheduled job '
    'event-partitions runs this daily, and a loader of past events calls it with since first. '
    'SECURITY DEFINER as auxeira_owner; not granted to services.';

CREATE OR REPLACE FUNCTION auxeira.purge_analytics_events(
    keep interval DEFAULT '13 months', max_rows integer DEFAULT 100000)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET lock_timeout = '200ms'
AS $$
DECLARE
    cutoff timestamptz;
    part record;
    attempt integer;
    attempts constant integer := 8;
    n bigint;
    removed bigint := 0;
BEGIN
    IF keep IS NULL OR keep < interval '1 day' THEN
        RAISE EXCEPTION 'keep must be at least 1 day (got %)', keep
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'max_rows must be at least 1 (got %)', max_rows
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    cutoff := now() - keep;
    -- Whole months older than the cutoff: detach, count, drop. DETACH takes ACCESS EXCLUSIVE
    -- on the parent; waiting for it behind a long reader would queue every later reader, so
    -- each try waits at most lock_timeout (200 ms), then backs off and tries again.
    FOR part IN
        SELECT c.oid::regclass AS rel, c.relname
        FROM pg_inherits AS i
        JOIN pg_class AS c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'auxeira.analytics_events'::regclass
          AND (regexp_match(pg_get_expr(c.relpartbound, c.oid),
                            'TO \(''([^'']+)''\)'))[1]::timestamptz <= cutoff
        ORDER BY c.relname
    LOOP
        attempt := 1;
        LOOP
            BEGIN
                EXECUTE format('ALTER TABLE auxeira.analytics_events DETACH PARTITION %s',
                               part.rel);
                EXIT;
            EXCEPTION WHEN lock_not_available THEN
                IF attempt >= attempts THEN
                    RAISE EXCEPTION 'retention could not lock auxeira.analytics_events to '
                        'detach % after % tries of %: a long-running transaction holds it; '
                        'nothing was removed, try again later', part.relname, attempts,
                        current_setting('lock_timeout')
                        USING ERRCODE = 'lock_not_available';
                END IF;
                PERFORM pg_sleep(0.05 * attempt);
                attempt := attempt + 1;
            END;
        END LOOP;
        EXECUTE format('SELECT count(*) FROM %s', part.rel) INTO n;
        EXECUTE format('DROP TABLE %s', part.rel);
        removed := removed + n;
    END LOOP;
    -- The month that straddles the cutoff: its older rows, at most max_rows per call.
    DELETE FROM auxeira.analytics_events AS e
    WHERE (e.id, e.created_at) IN (SELECT o.id, o.created_at FROM auxeira.analytics_events AS o
                                   WHERE o.created_at < cutoff
                                   LIMIT max_rows);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN removed + n;
END
$$;

COMMENT ON FUNCTION auxeira.purge_analytics_events(interval, integer) IS
    'Retention for the analytics event log: removes events (real and synthetic) older than '
    'keep (default 13 months, enough for year-over-year cohorts). Monthly partitions that end '
    'before the cutoff are detached and dropped whole (no row-by-row DELETE, no bloat): each '
    'detach waits at most 200 ms for its lock and is retried 8 times with a back-off, then the '
    'call fails with lock_not_available and removes nothing. Rows of the month straddling the '
    'cutoff are deleted, at most max_rows per call (call it until it returns less than '
    'max_rows; auxeira-db cleanup --events-older-than does). Returns the number removed. '
    'SECURITY DEFINER as auxeira_owner; not granted to services.';

CREATE FUNCTION auxeira.event_types()
    RETURNS TABLE (event_type text, event_category text)
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT t.event_type, t.event_category
    FROM (VALUES
        ('dashboard_view', 'dashboard'), ('page_view', 'dashboard'),
        ('feature_used', 'feature'), ('export_clicked', 'feature'), ('search', 'feature'),
        ('session_start', 'engagement'), ('session_engaged', 'engagement'),
        ('signup', 'engagement'), ('login', 'engagement'), ('logout', 'engagement'),
        ('synthetic_activity', 'engagement'),
        ('billing_page_view', 'payment'), ('checkout_started', 'payment'),
        ('checkout_completed', 'payment')
    ) AS t (event_type, event_category)
$$;

COMMENT ON FUNCTION auxeira.event_types() IS
    'The event types the ingestion functions accept (track_event, ingest_event_batch), each '
    'with its category (stored in analytics_events.event_category). A new type is added here by '
    'a migration, so that a typo in a client is refused rather than counted as a new event.';

CREATE FUNCTION auxeira.event_problem(
    event_type text, event_category text, event_data jsonb, dashboard_type text,
    device_type text, user_id uuid, anonymous_id text)
    RETURNS text
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN event_category IS NULL
            THEN format('unknown event type %s', coalesce(quote_literal(event_type), 'NULL'))
        WHEN event_data IS NOT NULL AND jsonb_typeof(event_data) <> 'object'
            THEN format('event_data must be a JSON object (got %s)', jsonb_typeof(event_data))
        WHEN dashboard_type IS NOT NULL AND dashboard_type NOT IN
                ('startup', 'vc', 'angel', 'esg', 'government', 'corporate')
            THEN format('unknown dashboard %s', quote_literal(dashboard_type))
        WHEN device_type IS NOT NULL AND device_type NOT IN ('desktop', 'mobile', 'tablet', 'other')
            THEN format('unknown device type %s', quote_literal(device_type))
        WHEN user_id IS NULL AND nullif(btrim(anonymous_id), '') IS NULL
            THEN 'an event needs a user (a signed-in tenant) or an anonymous_id'
        WHEN length(anonymous_id) > 100
            THEN 'anonymous_id is longer than 100 characters'
    END
$$;

COMMENT ON FUNCTION auxeira.event_problem(text, text, jsonb, text, text, uuid, text) IS
    'What is wrong with an event before it is stored, as one sentence, or NULL when nothing: an '
    'unknown event type (event_category NULL: the caller looked the type up in '
    'auxeira.event_types() once, by a join, rather than per row), event_data that is not a JSON '
    'object, an unknown dashboard or device type, neither a user nor an anonymous_id. Shared by '
    'track_event and ingest_event_batch so that both refuse the same events.';

CREATE FUNCTION auxeira.truncate_ip(ip inet)
    RETURNS inet
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT network(set_masklen(ip, CASE family(ip) WHEN 4 THEN 24 ELSE 48 END))::inet
$$;

COMMENT ON FUNCTION auxeira.truncate_ip(inet) IS
    'An IP address reduced to its network: /24 for IPv4 (10.1.2.0/24), /48 for IPv6, enough '
    'for geography and abuse analysis without identifying a household. NULL stays NULL.';

CREATE FUNCTION auxeira.analytics_events_truncate_ip()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.ip_address IS NOT NULL
       AND coalesce(nullif(current_setting('auxeira.keep_full_ip', true), ''), 'off') <> 'on' THEN
        NEW.ip_address := auxeira.truncate_ip(NEW.ip_address);
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.analytics_events_truncate_ip() IS
    'Trigger function of analytics_events_truncate_ip: stores every event''s IP address '
    'truncated (auxeira.truncate_ip) unless the deployment opts out with the setting '
    'auxeira.keep_full_ip = on (ALTER DATABASE ... SET auxeira.keep_full_ip = on).';

CREATE FUNCTION auxeira.track_event(
    event_type text,
    dashboard_type text DEFAULT NULL,
    feature_name text DEFAULT NULL,
    event_data jsonb DEFAULT NULL,
    session_id text DEFAULT NULL,
    anonymous_id text DEFAULT NULL,
    ip_address inet DEFAULT NULL,
    user_agent text DEFAULT NULL,
    referrer text DEFAULT NULL,
    utm_source text DEFAULT NULL,
    utm_medium text DEFAULT NULL,
    utm_campaign text DEFAULT NULL,
    device_type text DEFAULT NULL,
    browser text DEFAULT NULL,
    os text DEFAULT NULL,
    country text DEFAULT NULL,
    city text DEFAULT NULL)
    RETURNS uuid
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tenant constant uuid := auxeira.current_user_id();
    category constant text := (SELECT t.event_category FROM auxeira.event_types() AS t
                               WHERE t.event_type = track_event.event_type);
    problem text := auxeira.event_problem(track_event.event_type, category,
                                          track_event.event_data, track_event.dashboard_type,
                                          track_event.device_type, tenant,
                                          track_event.anonymous_id);
    written uuid;
BEGIN
    IF problem IS NOT NULL THEN
        RAISE EXCEPTION 'event refused: %', problem USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.analytics_events AS e (
        user_id, anonymous_id, event_type, event_category, event_data, dashboard_type,
        feature_name, session_id, ip_address, user_agent, referrer, utm_source, utm_medium,
        utm_campaign, device_type, browser, os, country, city, created_at)
    SELECT tenant, nullif(btrim(track_event.anonymous_id), ''), t.event_type,
           t.event_category, track_event.event_data, track_event.dashboard_type,
           track_event.feature_name, track_event.session_id, track_event.ip_address,
           track_event.user_agent, track_event.referrer, track_event.utm_source,
           track_event.utm_medium, track_event.utm_campaign, track_event.device_type,
           track_event.browser, track_event.os, track_event.country, track_event.city, now()
    FROM auxeira.event_types() AS t
    WHERE t.event_type = track_event.event_type
    RETURNING e.id INTO written;
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira.track_event(text, text, text, jsonb, text, text, inet, text, text,
                                        text, text, text, text, text, text, text, text) IS
    'Records one analytics event for the signed-in tenant (auxeira.current_user_id()), or, '
    'with no tenant, for the anonymous visitor anonymous_id. Validates first '
    '(auxeira.event_problem: known event type, object event_data, known dashboard; '
    'invalid_parameter_value otherwise), takes the category from auxeira.event_types() and '
    'stamps created_at with the server''s transaction time (nothing from the client''s clock). '
    'The IP address is stored truncated. Returns the event id. SECURITY DEFINER so that a '
    'visitor''s event can be written; the user is never a parameter.';

CREATE FUNCTION auxeira.begin_event_batch()
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS analytics_event_batch (
        user_id uuid,
        anonymous_id text,
        event_type text,
        event_data jsonb,
        dashboard_type text,
        feature_name text,
        session_id text,
        ip_address inet,
        user_agent text,
        referrer text,
        utm_source text,
        utm_medium text,
        utm_campaign text,
        device_type text,
        browser text,
        os text,
        country text,
        city text
    ) ON COMMIT DROP;
    TRUNCATE pg_temp.analytics_event_batch;
END
$$;

COMMENT ON FUNCTION auxeira.begin_event_batch() IS
    'Step 1 of a batch load (auxeira_db.analytics.track_many): creates the session''s staging '
    'table pg_temp.analytics_event_batch (dropped at commit) for a COPY; step 3 is '
    'auxeira.ingest_event_batch(). COPY cannot write a table with row-level security, hence '
    'the staging table.';

CREATE FUNCTION auxeira.ingest_event_batch()
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bad record;
    written bigint;
BEGIN
    SELECT b.ordinal, p.problem INTO bad
    FROM (SELECT row_number() OVER () AS ordinal, s.* FROM pg_temp.analytics_event_batch AS s)
         AS b
    LEFT JOIN auxeira.event_types() AS t ON t.event_type = b.event_type
    CROSS JOIN LATERAL (SELECT auxeira.event_problem(b.event_type, t.event_category,
                                                     b.event_data, b.dashboard_type,
                                                     b.device_type, b.user_id,
                                                     b.anonymous_id) AS problem) AS p
    WHERE p.problem IS NOT NULL
    ORDER BY b.ordinal
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'event batch refused whole: row %: %', bad.ordinal, bad.problem
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.analytics_events AS e (
        user_id, anonymous_id, event_type, event_category, event_data, dashboard_type,
        feature_name, session_id, ip_address, user_agent, referrer, utm_source, utm_medium,
        utm_campaign, device_type, browser, os, country, city, created_at)
    SELECT b.user_id, nullif(btrim(b.anonymous_id), ''), b.event_type, t.event_category,
           b.event_data, b.dashboard_type, b.feature_name, b.session_id, b.ip_address,
           b.user_agent, b.referrer, b.utm_source, b.utm_medium, b.utm_campaign,
           b.device_type, b.browser, b.os, b.country, b.city, now()
    FROM pg_temp.analytics_event_batch AS b
    JOIN auxeira.event_types() AS t ON t.event_type = b.event_type;
    GET DIAGNOSTICS written = ROW_COUNT;
    TRUNCATE pg_temp.analytics_event_batch;
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira.ingest_event_batch() IS
    'Step 3 of a batch load: checks every staged event (auxeira.event_problem) and refuses the '
    'whole batch on the first bad one (invalid_parameter_value naming the row), else moves them '
    'into auxeira.analytics_events in one INSERT, stamped with the server''s time, and returns '
    'how many. Runs as the caller: a tenant (auxeira_app) may stage its own events only, the '
    'collector (auxeira_ingest) anyone''s.';

CREATE FUNCTION auxeira.identify(anonymous_id text, user_id uuid)
    RETURNS bigint
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    linked bigint;
BEGIN
    IF nullif(btrim(identify.anonymous_id), '') IS NULL OR identify.user_id IS NULL THEN
        RAISE EXCEPTION 'identify needs an anonymous_id and a user_id'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF identify.anonymous_id LIKE 'forgotten:%' THEN
        RAISE EXCEPTION 'the events of an erased user cannot be linked again'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT FROM auxeira.users AS u WHERE u.id = identify.user_id) THEN
        RAISE EXCEPTION 'unknown user %', identify.user_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE auxeira.analytics_events AS e
    SET user_id = identify.user_id
    WHERE e.anonymous_id = identify.anonymous_id AND e.user_id IS NULL;
    GET DIAGNOSTICS linked = ROW_COUNT;
    RETURN linked;
END
$$;

COMMENT ON FUNCTION auxeira.identify(text, uuid) IS
    'Links a visitor''s anonymous events (anonymous_id, user_id NULL) to the account they '
    'signed up or signed in as, so that funnels and journeys that start before sign-up count '
    'as one person. Only events without a user are changed; the anonymous_id is kept. Returns '
    'how many were linked. For the collector (auxeira_ingest) and the platform (auxeira_admin).';

CREATE FUNCTION auxeira.forget_user(user_id uuid)
    RETURNS bigint
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    pseudonym constant text := 'forgotten:' || gen_random_uuid()::text;
    erased bigint;
BEGIN
    IF forget_user.user_id IS NULL THEN
        RAISE EXCEPTION 'forget_user needs a user_id' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE auxeira.analytics_events AS e
    SET user_id = NULL, anonymous_id = pseudonym, ip_address = NULL, user_agent = NULL,
        city = NULL, referrer = NULL
    WHERE e.user_id = forget_user.user_id;
    GET DIAGNOSTICS erased = ROW_COUNT;
    RETURN erased;
END
$$;

COMMENT ON FUNCTION auxeira.forget_user(uuid) IS
    'The GDPR erasure path of the event log (right to erasure, art. 17): for every event of the '
    'user, clears the personal fields (IP address, user agent, city, referrer), removes the '
    'user id and puts one random pseudonym (forgotten:<uuid>, not derivable from the id) in '
    'anonymous_id, so that aggregate counts (events, distinct people) are kept and nothing '
    'leads back to the person. Returns the events changed. For auxeira_admin only.';

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

-- The four analyses of the product team, read from the rollups (0019, docs/ANALYTICS.md).
-- Each takes a range of UTC days [from_day, to_day] (default: the 90 days to the server's
-- CURRENT_DATE); a range without activity (or reversed) returns no row, never an error.

CREATE FUNCTION auxeira_analytics.dashboard_usage(
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

CREATE FUNCTION auxeira_analytics.feature_adoption(
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

CREATE FUNCTION auxeira_analytics.user_journey_transitions(
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

CREATE FUNCTION auxeira_analytics.cohort_analysis(
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

CREATE OR REPLACE FUNCTION auxeira.extend_synthetic_data(at_hour timestamptz DEFAULT now())
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    tick timestamptz := date_trunc('hour', at_hour);
    as_of date := (date_trunc('hour', at_hour) AT TIME ZONE 'UTC')::date;
    written integer;
    total integer;
BEGIN
    -- One engagement event per live synthetic user for the hour. Its id is derived from the
    -- user and the hour, so a second run for the same hour adds nothing.
    INSERT INTO auxeira.analytics_events AS e (
        id, user_id, event_type, event_category, event_data, dashboard_type,
        is_synthetic, expires_at, created_at)
    SELECT md5(u.id::text || '/' || extract(epoch FROM tick)::bigint::text)::uuid,
           u.id, 'synthetic_activity', 'engagement', jsonb_build_object('hour', tick),
           CASE u.user_type WHEN 'founder' THEN 'startup' ELSE u.user_type END,
           true, u.expires_at, tick
    FROM auxeira.users AS u
    WHERE u.is_synthetic AND (u.expires_at IS NULL OR u.expires_at > now())
    ON CONFLICT (id, created_at) DO NOTHING;
    GET DIAGNOSTICS written = ROW_COUNT;
    total := written;
    -- Figures of synthetic investments and portfolios as of the hour's date (UTC); both
    -- rewrite the same rows when run again for the same date. Real rows are never touched.
    total := total + auxeira.refresh_investment_metrics_scoped(as_of, true, NULL);
    total := total + auxeira.snapshot_portfolio_metrics_scoped(as_of, true, NULL);
    RETURN total;
END;
$$;


-- Row-level security, policies and grants of the partitioned table (those of the heap go with
-- it), then the analytics ones.

DO $$ BEGIN PERFORM auxeira.apply_uniform_policies('analytics_events'); END $$;

CREATE POLICY analytics_events_self_select ON auxeira.analytics_events
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY analytics_events_self_select ON auxeira.analytics_events IS
    'A user reads their own analytics events.';

CREATE POLICY analytics_events_self_insert ON auxeira.analytics_events
    FOR INSERT TO auxeira_app
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY analytics_events_self_insert ON auxeira.analytics_events IS
    'A user records their own analytics events.';

GRANT SELECT, INSERT, UPDATE, DELETE ON auxeira.analytics_events TO auxeira_app;
GRANT SELECT ON auxeira.analytics_events TO auxeira_readonly;

CREATE TRIGGER analytics_events_truncate_ip
    BEFORE INSERT OR UPDATE OF ip_address ON auxeira.analytics_events
    FOR EACH ROW EXECUTE FUNCTION auxeira.analytics_events_truncate_ip();
COMMENT ON TRIGGER analytics_events_truncate_ip ON auxeira.analytics_events IS
    'Stores IP addresses truncated to /24 or /48 (auxeira.truncate_ip) on every write path '
    '(track_event, batches, COPY by the owner, the seeder) unless auxeira.keep_full_ip = on.';

-- The collector records anyone's events; it reads none.
CREATE POLICY analytics_events_ingest_insert ON auxeira.analytics_events
    FOR INSERT TO auxeira_ingest
    WITH CHECK (true);
COMMENT ON POLICY analytics_events_ingest_insert ON auxeira.analytics_events IS
    'The event collector (auxeira_ingest) records the events of any user or visitor; it reads '
    'none.';

GRANT USAGE ON SCHEMA auxeira TO auxeira_ingest;
GRANT INSERT ON auxeira.analytics_events TO auxeira_ingest;

REVOKE EXECUTE ON FUNCTION
    auxeira.event_types(),
    auxeira.event_problem(text, text, jsonb, text, text, uuid, text),
    auxeira.truncate_ip(inet),
    auxeira.analytics_events_truncate_ip(),
    auxeira.track_event(text, text, text, jsonb, text, text, inet, text, text, text, text, text,
                        text, text, text, text, text),
    auxeira.begin_event_batch(),
    auxeira.ingest_event_batch(),
    auxeira.identify(text, uuid),
    auxeira.forget_user(uuid),
    auxeira.ensure_event_partitions(integer, timestamptz)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.event_types(),
    auxeira.event_problem(text, text, jsonb, text, text, uuid, text),
    auxeira.truncate_ip(inet),
    auxeira.analytics_events_truncate_ip(),
    auxeira.track_event(text, text, text, jsonb, text, text, inet, text, text, text, text, text,
                        text, text, text, text, text),
    auxeira.begin_event_batch(),
    auxeira.ingest_event_batch()
    TO auxeira_app, auxeira_ingest;
GRANT EXECUTE ON FUNCTION auxeira.identify(text, uuid) TO auxeira_ingest, auxeira_admin;
GRANT EXECUTE ON FUNCTION auxeira.forget_user(uuid) TO auxeira_admin;
-- ensure_event_partitions() and purge_analytics_events() stay with the owner (the scheduler).


-- Rollups and analyses (0019): the triggers that mark changed days, and the grants of schema
-- auxeira_analytics (the product team and the read-only role; nothing for services).

CREATE TRIGGER analytics_events_mark_dirty_insert
    AFTER INSERT ON auxeira.analytics_events
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION auxeira_analytics.mark_dirty_days();
COMMENT ON TRIGGER analytics_events_mark_dirty_insert ON auxeira.analytics_events IS
    'Marks the UTC days of inserted events for the next rollup refresh.';

CREATE TRIGGER analytics_events_mark_dirty_update
    AFTER UPDATE ON auxeira.analytics_events
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION auxeira_analytics.mark_dirty_days();
COMMENT ON TRIGGER analytics_events_mark_dirty_update ON auxeira.analytics_events IS
    'Marks the UTC days of updated events (identify, forget_user) for the next rollup refresh.';

CREATE TRIGGER analytics_events_mark_dirty_delete
    AFTER DELETE ON auxeira.analytics_events
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION auxeira_analytics.mark_dirty_days();
COMMENT ON TRIGGER analytics_events_mark_dirty_delete ON auxeira.analytics_events IS
    'Marks the UTC days of deleted events for the next rollup refresh.';

GRANT USAGE ON SCHEMA auxeira_analytics TO auxeira_analyst, auxeira_readonly;
GRANT SELECT ON auxeira_analytics.user_days, auxeira_analytics.session_paths,
    auxeira_analytics.daily_counts, auxeira_analytics.dirty_days
    TO auxeira_analyst, auxeira_readonly;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA auxeira_analytics FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_analytics.dashboard_usage(date, date, text, text),
    auxeira_analytics.feature_adoption(date, date, text),
    auxeira_analytics.user_journey_paths(date, date, integer, text, text, integer),
    auxeira_analytics.user_journey_transitions(date, date, text, text, integer),
    auxeira_analytics.cohort_analysis(date, date, text, text)
    TO auxeira_analyst;
-- refresh_rollups() stays with the owner (the scheduler).

-- Partitions for every month that holds an event and three months ahead, then the rows.
DO $$
BEGIN
    PERFORM auxeira.ensure_event_partitions(
        3, (SELECT min(created_at) FROM auxeira.analytics_events_0015));
END
$$;

INSERT INTO auxeira.analytics_events (
    id, user_id, event_type, event_category, event_data, dashboard_type, feature_name,
    session_id, ip_address, user_agent, referrer, utm_source, utm_medium, utm_campaign,
    device_type, browser, os, country, city, is_synthetic, expires_at, created_at)
SELECT id, user_id, event_type, event_category, event_data, dashboard_type, feature_name,
       session_id, ip_address, user_agent, referrer, utm_source, utm_medium, utm_campaign,
       device_type, browser, os, country, city, is_synthetic, expires_at, created_at
FROM auxeira.analytics_events_0015;

DROP TABLE auxeira.analytics_events_0015;
