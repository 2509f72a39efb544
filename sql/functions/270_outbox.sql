-- Retention of the dashboard event outbox (added in 0009).
CREATE FUNCTION auxeira.prune_outbox(
    keep interval DEFAULT '1 day', max_rows integer DEFAULT 10000)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    removed bigint;
BEGIN
    IF keep IS NULL OR keep < interval '1 minute' THEN
        RAISE EXCEPTION 'keep must be at least 1 minute (got %)', keep
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'max_rows must be at least 1 (got %)', max_rows
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM auxeira.outbox AS e
    WHERE e.id IN (SELECT o.id FROM auxeira.outbox AS o
                   WHERE o.created_at < now() - keep
                   LIMIT max_rows);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END
$$;

COMMENT ON FUNCTION auxeira.prune_outbox(interval, integer) IS
    'Retention for the dashboard event outbox: deletes events older than keep (default 1 day: '
    'an event is a hint for a live dashboard, useless once a listener has missed it by that '
    'long), at most max_rows per call so that a backlog goes in short transactions (call it '
    'until it returns less than max_rows; auxeira_db.realtime.prune_outbox does). Returns the '
    'number deleted. SECURITY DEFINER as auxeira_owner; not granted to services.';
