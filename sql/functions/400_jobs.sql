-- Functions of the scheduled jobs (migration 0012; auxeira_db/jobs, docs/JOBS.md).

CREATE FUNCTION auxeira.extend_synthetic_data(at_hour timestamptz DEFAULT now())
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

COMMENT ON FUNCTION auxeira.extend_synthetic_data(timestamptz) IS
    'The hourly synthetic refresh (job synthetic-refresh, off unless enabled): keeps a '
    'synthetic demo ecosystem current. For the hour of at_hour it adds one engagement event '
    'per live synthetic user (id derived from user and hour: idempotent per hour) and '
    'recomputes the figures and today''s portfolio snapshot of synthetic investments and '
    'investors only. Real rows are never read for writing, updated or deleted. Returns the '
    'rows written. SECURITY DEFINER as auxeira_owner; not granted to services.';
