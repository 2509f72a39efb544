-- Exchange rates: one look-up for every conversion of the investment figures (0011).
--
-- Rules (documented in docs/INVESTMENT-CONVENTIONS.md):
--   * the rate of a day is the latest fixing on or before it, at most 7 days old (reference
--     rates are not published on weekends and holidays); older than that is no rate;
--   * of several recordings of one fixing, the latest recorded on or before as_reported wins;
--   * a pair is found directly (base = from, quote = to), inverted (base = to, quote = from),
--     or crossed through a common base (EUR/USD and EUR/NGN give USD/NGN), in that order (the
--     first common base in alphabetical order when there are several);
--   * no rate is an error naming the pair and the day: figures are never summed across
--     currencies without one.

CREATE FUNCTION auxeira.fx_rate(
    from_currency text, to_currency text, on_date date, as_reported timestamptz DEFAULT NULL)
    RETURNS numeric
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    known timestamptz := coalesce(as_reported, 'infinity');
    found_rate numeric;
BEGIN
    IF from_currency IS NULL OR to_currency IS NULL OR on_date IS NULL THEN
        RAISE EXCEPTION 'fx_rate needs two currencies and a date'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF from_currency = to_currency THEN
        RETURN 1;
    END IF;
    -- Each look-up is one index probe of fx_rates_pair_date_recorded_key (plans cached by
    -- PL/pgSQL): the latest fixing of the window, the latest recording of that fixing.
    -- 1. direct
    SELECT r.rate INTO found_rate
    FROM auxeira.fx_rates AS r
    WHERE r.base = from_currency AND r.quote = to_currency
      AND r.rate_date <= on_date AND r.rate_date > on_date - 7 AND r.recorded_at <= known
    ORDER BY r.rate_date DESC, r.recorded_at DESC
    LIMIT 1;
    IF found_rate IS NOT NULL THEN
        RETURN found_rate;
    END IF;
    -- 2. inverse
    SELECT 1 / r.rate INTO found_rate
    FROM auxeira.fx_rates AS r
    WHERE r.base = to_currency AND r.quote = from_currency
      AND r.rate_date <= on_date AND r.rate_date > on_date - 7 AND r.recorded_at <= known
    ORDER BY r.rate_date DESC, r.recorded_at DESC
    LIMIT 1;
    IF found_rate IS NOT NULL THEN
        RETURN found_rate;
    END IF;
    -- 3. crossed through a common base (EUR/USD and EUR/NGN give USD/NGN)
    SELECT t.rate / f.rate INTO found_rate
    FROM (SELECT DISTINCT x.base FROM auxeira.fx_rates AS x
          WHERE x.quote = from_currency AND x.rate_date <= on_date
            AND x.rate_date > on_date - 7) AS pivot
    CROSS JOIN LATERAL (
        SELECT r.rate FROM auxeira.fx_rates AS r
        WHERE r.base = pivot.base AND r.quote = from_currency
          AND r.rate_date <= on_date AND r.rate_date > on_date - 7 AND r.recorded_at <= known
        ORDER BY r.rate_date DESC, r.recorded_at DESC
        LIMIT 1
    ) AS f
    CROSS JOIN LATERAL (
        SELECT r.rate FROM auxeira.fx_rates AS r
        WHERE r.base = pivot.base AND r.quote = to_currency
          AND r.rate_date <= on_date AND r.rate_date > on_date - 7 AND r.recorded_at <= known
        ORDER BY r.rate_date DESC, r.recorded_at DESC
        LIMIT 1
    ) AS t
    ORDER BY pivot.base
    LIMIT 1;
    IF found_rate IS NULL THEN
        RAISE EXCEPTION 'no % to % exchange rate on % or in the 7 days before it',
                from_currency, to_currency, on_date
            USING ERRCODE = 'no_data_found',
                  HINT = 'load rates with `auxeira-db fx import FILE` (table auxeira.fx_rates)';
    END IF;
    RETURN found_rate;
END
$$;

COMMENT ON FUNCTION auxeira.fx_rate(text, text, date, timestamptz) IS
    'Units of to_currency per unit of from_currency on a day: the latest fixing on or before '
    'it (at most 7 days old), as recorded by as_reported (NULL = now); direct, inverse or '
    'crossed through a common base. 1 for the same currency. No rate raises no_data_found '
    '(P0002) naming the pair and the day. Rules in sql/functions/090_fx.sql.';

CREATE FUNCTION auxeira.fx_convert(
    amount numeric, from_currency text, to_currency text, on_date date,
    as_reported timestamptz DEFAULT NULL)
    RETURNS numeric
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
               WHEN fx_convert.from_currency = fx_convert.to_currency THEN fx_convert.amount
               ELSE round(fx_convert.amount * auxeira.fx_rate(
                   fx_convert.from_currency, fx_convert.to_currency, fx_convert.on_date,
                   fx_convert.as_reported), 2)
           END
$$;

COMMENT ON FUNCTION auxeira.fx_convert(numeric, text, text, date, timestamptz) IS
    'amount in from_currency converted to to_currency at the rate of on_date (auxeira.fx_rate), '
    'rounded to cents as a booked amount; the amount unchanged for the same currency.';
