-- depends: 0019_partitioned_analytics
-- 0020_faster_xirr: issue 12 (XIRR at least as fast as psycopg + pyxirr). The transition
-- function of the auxeira.xirr aggregate declares its measured cost (COST 50 instead of 25:
-- PostgreSQL 18 now plans a GROUP BY over many flows in parallel, as PostgreSQL 15 did), and
-- the array form auxeira.xirr(numeric[], date[]) is PL/pgSQL: it builds the aggregate's state
-- by subscripted assignment (in place, O(n)) instead of running the aggregate over unnest in
-- a SQL function planned on every call, and returns bit for bit what the aggregate returns.
-- Signatures, grants and comments are unchanged.

SET LOCAL ROLE auxeira_owner;

CREATE OR REPLACE FUNCTION auxeira.xirr_sfunc(state double precision[], amount numeric, flow_date date)
    RETURNS double precision[]
    LANGUAGE plpgsql
    IMMUTABLE
    PARALLEL SAFE
    COST 50
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
    LANGUAGE plpgsql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n integer := cardinality(amounts);
    outflows double precision[] := '{}';
    inflows double precision[] := '{Infinity}';
    ko integer := 0;
    ki integer := 1;
    a numeric;
    d date;
BEGIN
    -- The state the aggregate would build from the same rows (see xirr_sfunc), filled by
    -- subscripted assignment, which extends the local arrays in place: outflows in reverse
    -- order (the aggregate prepends them), inflows in order after the Infinity marker.
    IF n <> cardinality(dates) THEN
        RETURN NULL;
    END IF;
    FOR i IN REVERSE n .. 1 LOOP
        a := amounts[i];
        IF a < -1e-100 THEN
            d := dates[i];
            IF a > -1e100 AND isfinite(d) THEN
                ko := ko + 2;
                outflows[ko - 1] := a;
                outflows[ko] := d - DATE '2000-01-01';
            ELSIF d IS NOT NULL THEN
                ki := ki + 2;   -- cannot be solved in float8: the result is NULL
                inflows[ki - 1] := 'NaN';
                inflows[ki] := 0;
            END IF;
        END IF;
    END LOOP;
    FOR i IN 1 .. n LOOP
        a := amounts[i];
        IF NOT a < -1e-100 THEN
            d := dates[i];
            IF d IS NULL OR a <= 1e-100 THEN
                CONTINUE;   -- a missing date, or a zero amount: ignored
            ELSIF a < 1e100 AND isfinite(d) THEN
                ki := ki + 2;
                inflows[ki - 1] := a;
                inflows[ki] := d - DATE '2000-01-01';
            ELSE
                ki := ki + 2;
                inflows[ki - 1] := 'NaN';
                inflows[ki] := 0;
            END IF;
        END IF;
    END LOOP;
    IF ko = 0 AND ki = 1 THEN
        RETURN NULL;
    END IF;
    RETURN auxeira.xirr_final(outflows || inflows);
END;
$$;
