-- Undo 0020_faster_xirr: the transition function of auxeira.xirr declares COST 25 again and
-- the array form is the SQL function over the aggregate of 0002 (same results).
SET LOCAL ROLE auxeira_owner;

CREATE OR REPLACE FUNCTION auxeira.xirr_sfunc(state double precision[], amount numeric, flow_date date)
    RETURNS double precision[]
    LANGUAGE plpgsql
    IMMUTABLE
    PARALLEL SAFE
    COST 25
AS $$
BEGIN
    -- State: [a1, d1, ..., ak, dk, Infinity, b1, e1, ...]: outflow pairs (amount, day since
    -- 2000-01-01) before the marker, inflow pairs after it. NULL until the first usable row.
    -- Amounts that cannot be solved in float8 ([NaN, 0] pair) make the result NULL.
    RETURN CASE
        WHEN amount > 1e-100 AND amount < 1e100 AND isfinite(flow_date)
            THEN coalesce(state, '{Infinity}'::double precision[])
                || ARRAY[amount::double precision, (flow_date - DATE '2000-01-01')::float8]
        WHEN amount < -1e-100 AND amount > -1e100 AND isfinite(flow_date)
            THEN ARRAY[amount::double precision, (flow_date - DATE '2000-01-01')::float8]
                || coalesce(state, '{Infinity}'::double precision[])
        WHEN amount IS NULL OR flow_date IS NULL OR (amount >= -1e-100 AND amount <= 1e-100)
            THEN state
        ELSE coalesce(state, '{Infinity}'::double precision[]) || '{NaN,0}'::double precision[]
    END;
END;
$$;

CREATE OR REPLACE FUNCTION auxeira.xirr(amounts numeric[], dates date[])
    RETURNS double precision
    LANGUAGE sql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN cardinality(amounts) = cardinality(dates) THEN (
        SELECT auxeira.xirr(u.amount, u.flow_date)
        FROM unnest(amounts, dates) AS u (amount, flow_date)
    ) END
$$;
