-- Retention of the analytics event log (added in 0006).
CREATE FUNCTION auxeira.purge_analytics_events(
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

