-- Undo 0018_metric_history_in_sql: snapshot_portfolio_metrics_scoped gets its own body of 0010
-- again; portfolio_metrics_history and snapshot_portfolio_metrics_history are dropped (the
-- portfolio_metrics rows they wrote stay).
SET LOCAL ROLE auxeira_owner;

CREATE OR REPLACE FUNCTION auxeira.snapshot_portfolio_metrics_scoped(
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

DROP FUNCTION auxeira.snapshot_portfolio_metrics_history(date[], uuid[], boolean);

DROP FUNCTION auxeira.portfolio_metrics_history(date[], uuid[]);
