-- Product analytics: ingestion, identification and erasure of events (0019, docs/ANALYTICS.md).

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
