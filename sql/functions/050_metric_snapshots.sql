-- Keeping the specification's stored figures filled from the calculation.
--
-- investments.irr / moic / tvpi / dpi / paper_return / realized_return / exit_multiple and
-- portfolio_metrics are stored columns the dashboards read; they are derived from
-- investment_cash_flows and valuation_marks by these two functions, never typed by hand.

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

CREATE FUNCTION auxeira.snapshot_portfolio_metrics_scoped(
    as_of date, synthetic_only boolean, investor_ids uuid[])
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written integer;
BEGIN
    INSERT INTO auxeira.portfolio_metrics AS pm (
        investor_id, metric_date, total_invested, total_portfolio_value, unrealized_gains,
        realized_gains, portfolio_irr, portfolio_moic, active_investments, exited_investments,
        written_off_investments, top_quartile_count, unicorn_count, is_synthetic, expires_at)
    WITH perf AS (
        SELECT p.*, extract(year FROM p.investment_date)::integer AS vintage
        FROM auxeira.investment_performance(as_of) AS p
    ),
    -- the platform-wide top-quartile threshold of each vintage year, by IRR (read, not written)
    benchmark AS (
        SELECT vintage, percentile_cont(0.75) WITHIN GROUP (ORDER BY irr) AS q3
        FROM perf
        WHERE irr IS NOT NULL
        GROUP BY vintage
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
            WHERE m.investment_id = p.investment_id AND m.mark_date <= as_of
              AND m.company_valuation IS NOT NULL
            ORDER BY m.mark_date DESC
            LIMIT 1
        ) AS mark ON true
        WHERE p.status = 'active'
          AND (investor_ids IS NULL OR p.investor_id = ANY (investor_ids))
          AND coalesce(mark.company_valuation, c.current_valuation) >= 1000000000
        GROUP BY p.investor_id
    )
    SELECT pp.investor_id, as_of, pp.paid_in, pp.residual_value, pp.paper_return,
           pp.realized_return, pp.irr::numeric, pp.moic, pp.active_investments,
           pp.exited_investments, pp.written_off_investments,
           coalesce(q.n, 0), coalesce(u.n, 0), usr.is_synthetic, usr.expires_at
    FROM auxeira.portfolio_performance(as_of) AS pp
    JOIN auxeira.users AS usr ON usr.id = pp.investor_id
    LEFT JOIN quartile AS q ON q.investor_id = pp.investor_id
    LEFT JOIN unicorns AS u ON u.investor_id = pp.investor_id
    WHERE (usr.is_synthetic OR NOT synthetic_only)
      AND (investor_ids IS NULL OR pp.investor_id = ANY (investor_ids))
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

COMMENT ON FUNCTION auxeira.snapshot_portfolio_metrics_scoped(date, boolean, uuid[]) IS
    'The one implementation behind snapshot_portfolio_metrics and snapshot_portfolio_metrics_for '
    '(investor_ids NULL = every investor): the top-quartile benchmark is always platform-wide, '
    'only the rows written are scoped. SECURITY DEFINER as auxeira_owner; not granted to '
    'services.';

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
