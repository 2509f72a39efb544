-- Undo 0019_partitioned_analytics: auxeira.analytics_events is one heap again with the rows of
-- every partition (anonymous_id dropped: visitors' events keep no visitor id), the ingestion,
-- identification and erasure functions and schema auxeira_analytics (rollups, analyses)
-- dropped, retention by batched DELETE again. IP
-- addresses truncated while 0019 was applied stay truncated. The roles auxeira_ingest and
-- auxeira_analyst stay (roles are cluster-wide and never dropped by a rollback).
SET LOCAL ROLE auxeira_owner;

ALTER TABLE auxeira.analytics_events RENAME TO analytics_events_0019;
ALTER INDEX auxeira.analytics_events_pkey RENAME TO analytics_events_0019_pkey;
ALTER INDEX auxeira.idx_analytics_events_user_type RENAME TO analytics_events_0019_user_type;
ALTER INDEX auxeira.idx_analytics_events_dashboard RENAME TO analytics_events_0019_dashboard;
ALTER INDEX auxeira.analytics_events_expires_at_idx RENAME TO analytics_events_0019_expires_at;
ALTER INDEX auxeira.analytics_events_created_at_brin RENAME TO analytics_events_0019_brin;
ALTER INDEX auxeira.analytics_events_anonymous_id_idx RENAME TO analytics_events_0019_anonymous;
-- PostgreSQL 18 names NOT NULL constraints (pg_constraint contype 'n'): the old table's go out
-- of the way too, so that the new table's get the names a database built from sql/ has
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT conname FROM pg_catalog.pg_constraint
             WHERE conrelid = 'auxeira.analytics_events_0019'::regclass AND contype = 'n'
    LOOP
        EXECUTE format('ALTER TABLE auxeira.analytics_events_0019 RENAME CONSTRAINT %I TO %I',
                       c.conname, c.conname || '_0019');
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
    CONSTRAINT analytics_events_pkey PRIMARY KEY (id),
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
);

CREATE INDEX idx_analytics_events_user_type ON auxeira.analytics_events (user_id, event_type);
CREATE INDEX idx_analytics_events_dashboard
    ON auxeira.analytics_events (dashboard_type, created_at);
CREATE INDEX analytics_events_expires_at_idx
    ON auxeira.analytics_events (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.analytics_events IS
    'Product-analytics event log: one row per tracked event from any dashboard, never updated (no '
    'updated_at). Holds personal data (IP address, user agent, location): subject to the '
    'deployment''s retention and privacy rules. Grows without bound; plan retention or '
    'partitioning by created_at.';
COMMENT ON COLUMN auxeira.analytics_events.id IS
    'Primary key; random UUID assigned on insert.';
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
    'Client IP address (IPv4 or IPv6) as seen by the API. Personal data. NULL = not captured.';
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
    'When the event was recorded (transaction timestamp of the insert, not the client clock).';

COMMENT ON INDEX auxeira.analytics_events_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- Added in 0006: retention scans by age.
CREATE INDEX analytics_events_created_at_brin
    ON auxeira.analytics_events USING brin (created_at);

COMMENT ON INDEX auxeira.analytics_events_created_at_brin IS
    'BRIN on the append-only created_at: serves retention (purge_analytics_events) and time-range '
    'scans at a few kilobytes where a btree on millions of events takes tens of megabytes.';

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

INSERT INTO auxeira.analytics_events (
    id, user_id, event_type, event_category, event_data, dashboard_type, feature_name,
    session_id, ip_address, user_agent, referrer, utm_source, utm_medium, utm_campaign,
    device_type, browser, os, country, city, is_synthetic, expires_at, created_at)
SELECT id, user_id, event_type, event_category, event_data, dashboard_type, feature_name,
       session_id, ip_address, user_agent, referrer, utm_source, utm_medium, utm_campaign,
       device_type, browser, os, country, city, is_synthetic, expires_at, created_at
FROM auxeira.analytics_events_0019;

DROP TABLE auxeira.analytics_events_0019;

DROP SCHEMA auxeira_analytics CASCADE;  -- the rollups and the analyses

DROP FUNCTION auxeira.forget_user(uuid);
DROP FUNCTION auxeira.identify(text, uuid);
DROP FUNCTION auxeira.ingest_event_batch();
DROP FUNCTION auxeira.begin_event_batch();
DROP FUNCTION auxeira.track_event(text, text, text, jsonb, text, text, inet, text, text, text,
                                  text, text, text, text, text, text, text);
DROP FUNCTION auxeira.analytics_events_truncate_ip();
DROP FUNCTION auxeira.truncate_ip(inet);
DROP FUNCTION auxeira.event_problem(text, text, jsonb, text, text, uuid, text);
DROP FUNCTION auxeira.event_types();
DROP FUNCTION auxeira.ensure_event_partitions(integer, timestamptz);

CREATE OR REPLACE FUNCTION auxeira.purge_analytics_events(
    keep interval DEFAULT '13 months', max_rows integer DEFAULT 100000)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    removed bigint;
BEGIN
    IF keep IS NULL OR keep < interval '1 day' THEN
        RAISE EXCEPTION 'keep must be at least 1 day (got %)', keep
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'max_rows must be at least 1 (got %)', max_rows
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM auxeira.analytics_events AS e
    WHERE e.id IN (SELECT o.id FROM auxeira.analytics_events AS o
                   WHERE o.created_at < now() - keep
                   LIMIT max_rows);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END
$$;

COMMENT ON FUNCTION auxeira.purge_analytics_events(interval, integer) IS
    'Retention for the analytics event log, which the specification let grow without bound: '
    'deletes events (real and synthetic) older than keep (default 13 months, enough for '
    'year-over-year cohorts), at most max_rows per call so that a large backlog is removed in '
    'short transactions (call it until it returns 0; auxeira-db cleanup --events-older-than '
    'does). Returns the number deleted. SECURITY DEFINER as auxeira_owner; not granted to '
    'services.';


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
    ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS written = ROW_COUNT;
    total := written;
    -- Figures of synthetic investments and portfolios as of the hour's date (UTC); both
    -- rewrite the same rows when run again for the same date. Real rows are never touched.
    total := total + auxeira.refresh_investment_metrics_scoped(as_of, true, NULL);
    total := total + auxeira.snapshot_portfolio_metrics_scoped(as_of, true, NULL);
    RETURN total;
END;
$$;

