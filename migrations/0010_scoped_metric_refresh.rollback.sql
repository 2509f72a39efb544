-- Undo 0010_scoped_metric_refresh: the unscoped functions of 0002 again, the scoped ones dropped.
SET LOCAL ROLE auxeira_owner;

CREATE OR REPLACE FUNCTION auxeira.refresh_investment_metrics(
    as_of date DEFAULT CURRENT_DATE, synthetic_only boolean DEFAULT false)
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
        exit_multiple = CASE WHEN i.status = 'exited'
                             THEN round(p.distributed / NULLIF(p.invested, 0), 6) END
    FROM auxeira.investment_performance(as_of) AS p
    WHERE p.investment_id = i.id
      AND (i.is_synthetic OR NOT synthetic_only)
      AND (i.irr, i.moic, i.tvpi, i.dpi, i.paper_return, i.realized_return, i.exit_multiple)
          IS DISTINCT FROM
          (p.irr::numeric, p.moic, p.tvpi, p.dpi, p.paper_return, p.realized_return,
           CASE WHEN i.status = 'exited' THEN round(p.distributed / NULLIF(p.invested, 0), 6) END);
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END
$$;

CREATE OR REPLACE FUNCTION auxeira.snapshot_portfolio_metrics(
    as_of date DEFAULT CURRENT_DATE, synthetic_only boolean DEFAULT false)
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
    -- the platform-wide top-quartile threshold of each vintage year, by IRR
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

DROP FUNCTION auxeira.snapshot_portfolio_metrics_for(date, uuid[]);
DROP FUNCTION auxeira.refresh_investment_metrics_for(date, uuid[]);
DROP FUNCTION auxeira.snapshot_portfolio_metrics_scoped(date, boolean, uuid[]);
DROP FUNCTION auxeira.refresh_investment_metrics_scoped(date, boolean, uuid[]);
