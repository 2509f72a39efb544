-- Keeping the specification's stored figures filled from the calculation.
--
-- investments.irr / moic / tvpi / dpi / paper_return / realized_return / exit_multiple and
-- portfolio_metrics are stored columns the dashboards read; they are derived from
-- investment_cash_flows and valuation_marks by these functions, never typed by hand (the
-- seeder too loads only flows and marks and calls them: migration 0018).

CREATE FUNCTION auxeira.refresh_investment_metrics_scoped(
    as_of date, synthetic_only boolean, investment_ids uuid[])
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    changed integer;
BEGIN
    UPDATE auxeira.investments AS i
    SET irr = p.irr::numeric,
        moic = p.moic,
        tvpi = p.tvpi,
        dpi = p.dpi,
        paper_return = p.paper_return,
        realized_return = p.realized_return,
        exit_multiple = CASE WHEN i.status = 'exited' THEN p.moic END
    FROM auxeira.investment_performance(as_of) AS p
    WHERE p.investment_id = i.id
      AND (i.is_synthetic OR NOT synthetic_only)
      AND (investment_ids IS NULL OR i.id = ANY (investment_ids))
      AND (i.irr, i.moic, i.tvpi, i.dpi, i.paper_return, i.realized_return, i.exit_multiple)
          IS DISTINCT FROM
          (p.irr::numeric, p.moic, p.tvpi, p.dpi, p.paper_return, p.realized_return,
           CASE WHEN i.status = 'exited' THEN p.moic END);
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END
$$;

COMMENT ON FUNCTION auxeira.refresh_investment_metrics_scoped(date, boolean, uuid[]) IS
    'The one implementation behind refresh_investment_metrics (every investment, or the '
    'synthetic ones) and refresh_investment_metrics_for (the given ids; NULL here = no id '
    'filter): rewrites the stored figures of the rows whose figures changed, returns how many. '
    'SECURITY DEFINER as auxeira_owner; not granted to services.';

CREATE FUNCTION auxeira.refresh_investment_metrics(
    as_of date DEFAULT CURRENT_DATE, synthetic_only boolean DEFAULT false)
    RETURNS integer
    LANGUAGE sql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT auxeira.refresh_investment_metrics_scoped(
        refresh_investment_metrics.as_of, refresh_investment_metrics.synthetic_only, NULL)
$$;

COMMENT ON FUNCTION auxeira.refresh_investment_metrics(date, boolean) IS
    'Recomputes the stored irr, moic, tvpi, dpi, paper_return, realized_return and (for exited '
    'investments) exit_multiple of every investment from its cash flows and marks as of a date, '
    'in the investment''s own currency (see investment_performance: irr is NULL for holdings '
    'younger than 365 days, exit_multiple = moic). Only rows whose figures changed are '
    'written; returns how many. With synthetic_only, real investments are left alone. '
    'SECURITY DEFINER as auxeira_owner: a maintenance job, not granted to services.';

CREATE FUNCTION auxeira.portfolio_metrics_history(dates date[], investor_ids uuid[] DEFAULT NULL)
    RETURNS TABLE (
        investor_id uuid,
        metric_date date,
        total_invested numeric,
        total_portfolio_value numeric,
        unrealized_gains numeric,
        realized_gains numeric,
        portfolio_irr numeric,
        portfolio_moic numeric,
        active_investments integer,
        exited_investments integer,
        written_off_investments integer,
        top_quartile_count integer,
        unicorn_count integer
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    day date;
BEGIN
    -- one date at a time, oldest first: each date is the performance engine's own figures
    FOR day IN SELECT DISTINCT d FROM unnest(dates) AS d WHERE d IS NOT NULL ORDER BY d LOOP
        RETURN QUERY
            WITH perf AS (
                SELECT p.*, extract(year FROM p.investment_date)::integer AS vintage
                FROM auxeira.investment_performance(day) AS p
            ),
            -- the platform-wide top-quartile threshold of each vintage year, by IRR
            benchmark AS (
                SELECT p.vintage, percentile_cont(0.75) WITHIN GROUP (ORDER BY p.irr) AS q3
                FROM perf AS p
                WHERE p.irr IS NOT NULL
                GROUP BY p.vintage
            ),
            quartile AS (
                SELECT p.investor_id, count(*) AS n
                FROM perf AS p
                JOIN benchmark AS b ON b.vintage = p.vintage
                WHERE p.irr >= b.q3
                  AND (investor_ids IS NULL OR p.investor_id = ANY (investor_ids))
                GROUP BY p.investor_id
            ),
            unicorns AS (
                SELECT p.investor_id, count(DISTINCT p.company_id) AS n
                FROM perf AS p
                JOIN auxeira.companies AS c ON c.id = p.company_id
                LEFT JOIN LATERAL (
                    SELECT m.company_valuation
                    FROM auxeira.valuation_marks AS m
                    WHERE m.investment_id = p.investment_id AND m.mark_date <= day
                      AND m.company_valuation IS NOT NULL
                    ORDER BY m.mark_date DESC
                    LIMIT 1
                ) AS mark ON true
                WHERE p.status = 'active'
                  AND (investor_ids IS NULL OR p.investor_id = ANY (investor_ids))
                  AND coalesce(mark.company_valuation, c.current_valuation) >= 1000000000
                GROUP BY p.investor_id
            )
            SELECT pp.investor_id, day, pp.paid_in, pp.residual_value, pp.paper_return,
                   pp.realized_return, pp.irr::numeric, pp.moic,
                   pp.active_investments::integer, pp.exited_investments::integer,
                   pp.written_off_investments::integer, coalesce(q.n, 0)::integer,
                   coalesce(u.n, 0)::integer
            FROM auxeira.portfolio_performance(day) AS pp
            LEFT JOIN quartile AS q ON q.investor_id = pp.investor_id
            LEFT JOIN unicorns AS u ON u.investor_id = pp.investor_id
            WHERE investor_ids IS NULL OR pp.investor_id = ANY (investor_ids);
    END LOOP;
END
$$;

COMMENT ON FUNCTION auxeira.portfolio_metrics_history(date[], uuid[]) IS
    'The portfolio_metrics figures of investors (investor_ids NULL = every investor) on each of '
    'the given dates (NULLs and repeats ignored), one row per investor and date on which it '
    'has a portfolio, computed from portfolio_performance and investment_performance as of that '
    'date (as_reported NULL, each investor''s reporting currency): total_invested = paid-in, '
    'total_portfolio_value = residual value, unrealized/realized gains = paper/realised return, '
    'portfolio_irr = pooled IRR, portfolio_moic = gross MOIC. top_quartile_count = the '
    'investor''s investments whose IRR is at or above the 75th percentile IRR of all platform '
    'investments of the same vintage year on that date; unicorn_count = distinct companies held '
    '(active) whose latest company valuation on that date is at least 1 billion. Nothing is '
    'written (snapshot_portfolio_metrics_history stores them). SECURITY DEFINER as '
    'auxeira_owner (the benchmark spans all tenants); not granted to services.';

CREATE FUNCTION auxeira.snapshot_portfolio_metrics_history(
    dates date[], investor_ids uuid[] DEFAULT NULL, synthetic_only boolean DEFAULT false)
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written integer;
BEGIN
    IF dates IS NULL THEN
        RAISE EXCEPTION 'snapshot_portfolio_metrics_history needs an array of dates'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO auxeira.portfolio_metrics AS pm (
        id, investor_id, metric_date, total_invested, total_portfolio_value, unrealized_gains,
        realized_gains, portfolio_irr, portfolio_moic, active_investments, exited_investments,
        written_off_investments, top_quartile_count, unicorn_count, is_synthetic, expires_at)
    -- a synthetic snapshot's id derives from its investor and date (the same seed gives the
    -- same rows, ids included); a real one's is random
    SELECT CASE WHEN usr.is_synthetic
                THEN md5('portfolio_metrics ' || h.investor_id || ' ' || h.metric_date)::uuid
                ELSE gen_random_uuid() END,
           h.investor_id, h.metric_date, h.total_invested, h.total_portfolio_value,
           h.unrealized_gains, h.realized_gains, h.portfolio_irr, h.portfolio_moic,
           h.active_investments, h.exited_investments, h.written_off_investments,
           h.top_quartile_count, h.unicorn_count, usr.is_synthetic, usr.expires_at
    FROM auxeira.portfolio_metrics_history(dates, investor_ids) AS h
    JOIN auxeira.users AS usr ON usr.id = h.investor_id
    WHERE usr.is_synthetic OR NOT synthetic_only
    ON CONFLICT (investor_id, metric_date) DO UPDATE
    SET total_invested = excluded.total_invested,
        total_portfolio_value = excluded.total_portfolio_value,
        unrealized_gains = excluded.unrealized_gains,
        realized_gains = excluded.realized_gains,
        portfolio_irr = excluded.portfolio_irr,
        portfolio_moic = excluded.portfolio_moic,
        active_investments = excluded.active_investments,
        exited_investments = excluded.exited_investments,
        written_off_investments = excluded.written_off_investments,
        top_quartile_count = excluded.top_quartile_count,
        unicorn_count = excluded.unicorn_count;
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira.snapshot_portfolio_metrics_history(date[], uuid[], boolean) IS
    'Writes (or rewrites) the portfolio_metrics rows of portfolio_metrics_history: one per '
    'investor (investor_ids NULL = every investor) and given date on which the investor has a '
    'portfolio, in one statement; with synthetic_only, only synthetic investors get rows. A '
    'synthetic investor''s snapshot is synthetic with the same expiry, and its id derives from '
    'the investor and the date (md5), so that a seed is reproducible. Returns the number of '
    'rows written. What auxeira-db seed uses to fill the month-end history of the investors it '
    'has just loaded, in the same transaction. SECURITY DEFINER as auxeira_owner; not granted '
    'to services.';

CREATE FUNCTION auxeira.snapshot_portfolio_metrics_scoped(
    as_of date, synthetic_only boolean, investor_ids uuid[])
    RETURNS integer
    LANGUAGE sql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT auxeira.snapshot_portfolio_metrics_history(
        ARRAY[snapshot_portfolio_metrics_scoped.as_of],
        snapshot_portfolio_metrics_scoped.investor_ids,
        snapshot_portfolio_metrics_scoped.synthetic_only)
$$;

COMMENT ON FUNCTION auxeira.snapshot_portfolio_metrics_scoped(date, boolean, uuid[]) IS
    'The one implementation behind snapshot_portfolio_metrics and snapshot_portfolio_metrics_for '
    '(investor_ids NULL = every investor): snapshot_portfolio_metrics_history for one date. '
    'The top-quartile benchmark is always platform-wide, only the rows written are scoped. '
    'SECURITY DEFINER as auxeira_owner; not granted to services.';

CREATE FUNCTION auxeira.snapshot_portfolio_metrics(
    as_of date DEFAULT CURRENT_DATE, synthetic_only boolean DEFAULT false)
    RETURNS integer
    LANGUAGE sql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT auxeira.snapshot_portfolio_metrics_scoped(
        snapshot_portfolio_metrics.as_of, snapshot_portfolio_metrics.synthetic_only, NULL)
$$;

COMMENT ON FUNCTION auxeira.snapshot_portfolio_metrics(date, boolean) IS
    'Writes (or rewrites) one portfolio_metrics row per investor for the date, from '
    'portfolio_performance: total_invested = paid-in, total_portfolio_value = residual value, '
    'unrealized/realized gains = paper/realised return, portfolio_irr = pooled IRR, '
    'portfolio_moic = gross MOIC. top_quartile_count = the investor''s investments whose IRR is '
    'at or above the 75th percentile IRR of all platform investments of the same vintage year; '
    'unicorn_count = distinct companies held (active) whose latest company valuation is at least '
    '1 billion. A synthetic investor''s snapshot is synthetic with the same expiry. Returns the '
    'number of rows written; with synthetic_only, only synthetic investors get a row. '
    'SECURITY DEFINER as auxeira_owner (the benchmark spans all tenants).';

-- Scoped variants (migration 0010): a seed recomputes only the rows it has loaded.

CREATE FUNCTION auxeira.refresh_investment_metrics_for(as_of date, investment_ids uuid[])
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF as_of IS NULL OR investment_ids IS NULL THEN
        RAISE EXCEPTION 'refresh_investment_metrics_for needs a date and an array of ids'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN auxeira.refresh_investment_metrics_scoped(as_of, false, investment_ids);
END
$$;

COMMENT ON FUNCTION auxeira.refresh_investment_metrics_for(date, uuid[]) IS
    'refresh_investment_metrics restricted to the given investments: recomputes their stored '
    'irr, moic, tvpi, dpi, paper_return, realized_return and exit_multiple as of a date and '
    'writes no other row (what auxeira-db seed uses for the investments it has just loaded, in '
    'the same transaction). Returns how many rows changed. SECURITY DEFINER as auxeira_owner; '
    'not granted to services.';

CREATE FUNCTION auxeira.snapshot_portfolio_metrics_for(as_of date, investor_ids uuid[])
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF as_of IS NULL OR investor_ids IS NULL THEN
        RAISE EXCEPTION 'snapshot_portfolio_metrics_for needs a date and an array of ids'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN auxeira.snapshot_portfolio_metrics_scoped(as_of, false, investor_ids);
END
$$;

COMMENT ON FUNCTION auxeira.snapshot_portfolio_metrics_for(date, uuid[]) IS
    'snapshot_portfolio_metrics restricted to the given investors: writes (or rewrites) their '
    'portfolio_metrics row for the date and no other row. The top-quartile benchmark is still '
    'the platform-wide 75th percentile IRR of each vintage year (read, not written). What '
    'auxeira-db seed uses for the investors it has just loaded, in the same transaction. '
    'Returns the number of rows written. SECURITY DEFINER as auxeira_owner; not granted to '
    'services.';
