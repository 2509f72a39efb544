-- auxeira.analytics_events: append-only log of product-analytics events (dashboard views, feature
-- use, payments, engagement) from every dashboard, with device and acquisition context.
-- Range-partitioned by created_at, one partition per calendar month (UTC), since 0019:
-- auxeira.ensure_event_partitions() creates the partitions (docs/ANALYTICS.md).

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
