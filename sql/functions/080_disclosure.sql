-- Disclosure control helpers for the published aggregates (migration 0008).

CREATE FUNCTION auxeira.round_significant(value numeric, digits integer)
    RETURNS numeric
    LANGUAGE sql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN round_significant.value = 0 THEN 0
        ELSE round(round_significant.value,
                   round_significant.digits - 1
                   - floor(log(abs(round_significant.value)))::integer)
    END
$$;

COMMENT ON FUNCTION auxeira.round_significant(numeric, integer) IS
    'value rounded to digits significant figures (8558584.54, 2 -> 8600000; 0.012345, 2 -> '
    '0.012): published order statistics such as the ecosystem pulse''s median are rounded so '
    'that they cannot be matched to one company''s exact figure.';
