-- Undo 0007_performance_single_pass: the 0002 definitions.
SET LOCAL ROLE auxeira_owner;

CREATE OR REPLACE FUNCTION auxeira.investment_flow_series(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (investment_id uuid, flow_date date, amount numeric)
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.investment_id,
           f.flow_date,
           CASE WHEN f.flow_type = 'distribution' THEN f.amount ELSE -f.amount END
    FROM auxeira.investment_cash_flows AS f
    WHERE f.flow_date <= investment_flow_series.as_of
    UNION ALL
    -- the specification's single amount, for investments without cash-flow rows
    SELECT i.id, i.investment_date, -i.amount
    FROM auxeira.investments AS i
    WHERE i.investment_date <= investment_flow_series.as_of
      AND NOT EXISTS (SELECT FROM auxeira.investment_cash_flows AS x WHERE x.investment_id = i.id)
    UNION ALL
    -- the residual value as a terminal inflow on the as-of date
    SELECT p.investment_id, investment_flow_series.as_of, p.residual_value
    FROM auxeira.investment_positions(investment_flow_series.as_of) AS p
    WHERE p.residual_value > 0
$$;


CREATE OR REPLACE FUNCTION auxeira.investment_performance(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        fund_id uuid,
        status varchar,
        investment_date date,
        invested numeric,
        fees numeric,
        paid_in numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        dpi numeric,
        rvpi numeric,
        irr double precision,
        realized_return numeric,
        paper_return numeric
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH irr AS (
        SELECT s.investment_id, auxeira.xirr(s.amount, s.flow_date) AS irr
        FROM auxeira.investment_flow_series(investment_performance.as_of) AS s
        GROUP BY s.investment_id
    )
    SELECT p.investment_id, p.investor_id, p.company_id, p.fund_id, p.status, p.investment_date,
           p.invested, p.fees, p.invested + p.fees,
           p.distributed, p.residual_value, p.distributed + p.residual_value,
           round((p.distributed + p.residual_value) / NULLIF(p.invested, 0), 6),
           round((p.distributed + p.residual_value) / NULLIF(p.invested + p.fees, 0), 6),
           round(p.distributed / NULLIF(p.invested + p.fees, 0), 6),
           round(p.residual_value / NULLIF(p.invested + p.fees, 0), 6),
           irr.irr,
           round(split.realised, 2),
           round(split.paper, 2)
    FROM auxeira.investment_positions(investment_performance.as_of) AS p
    LEFT JOIN irr ON irr.investment_id = p.investment_id
    CROSS JOIN LATERAL auxeira.split_return(
        p.invested + p.fees, p.distributed, p.residual_value,
        p.status IN ('exited', 'written-off')) AS split
$$;


CREATE OR REPLACE FUNCTION auxeira.portfolio_performance(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        investor_id uuid,
        investments bigint,
        active_investments bigint,
        exited_investments bigint,
        written_off_investments bigint,
        invested numeric,
        fees numeric,
        paid_in numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        dpi numeric,
        rvpi numeric,
        irr double precision,
        realized_return numeric,
        paper_return numeric
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH perf AS (
        SELECT * FROM auxeira.investment_performance(portfolio_performance.as_of)
    ),
    pooled AS (
        SELECT i.investor_id, auxeira.xirr(s.amount, s.flow_date) AS irr
        FROM auxeira.investment_flow_series(portfolio_performance.as_of) AS s
        JOIN auxeira.investments AS i ON i.id = s.investment_id
        GROUP BY i.investor_id
    ),
    totals AS (
        SELECT p.investor_id,
               count(*) AS n,
               count(*) FILTER (WHERE p.status = 'active') AS n_active,
               count(*) FILTER (WHERE p.status = 'exited') AS n_exited,
               count(*) FILTER (WHERE p.status = 'written-off') AS n_written_off,
               sum(p.invested) AS invested,
               sum(p.fees) AS fees,
               sum(p.paid_in) AS paid_in,
               sum(p.distributed) AS distributed,
               sum(p.residual_value) AS residual,
               sum(p.realized_return) AS realised,
               sum(p.paper_return) AS paper
        FROM perf AS p
        GROUP BY p.investor_id
    )
    SELECT t.investor_id, t.n, t.n_active, t.n_exited, t.n_written_off,
           t.invested, t.fees, t.paid_in, t.distributed, t.residual,
           t.distributed + t.residual,
           round((t.distributed + t.residual) / NULLIF(t.invested, 0), 6),
           round((t.distributed + t.residual) / NULLIF(t.paid_in, 0), 6),
           round(t.distributed / NULLIF(t.paid_in, 0), 6),
           round(t.residual / NULLIF(t.paid_in, 0), 6),
           pooled.irr,
           t.realised,
           t.paper
    FROM totals AS t
    LEFT JOIN pooled ON pooled.investor_id = t.investor_id
$$;


CREATE OR REPLACE FUNCTION auxeira.fund_performance(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        fund_id uuid,
        manager_id uuid,
        fund_name varchar,
        vintage_year integer,
        committed_capital numeric,
        investments bigint,
        invested numeric,
        deal_fees numeric,
        fund_fees numeric,
        carried_interest numeric,
        paid_in numeric,
        gross_distributed numeric,
        net_distributed numeric,
        residual_value numeric,
        gross_moic numeric,
        gross_tvpi numeric,
        net_tvpi numeric,
        net_dpi numeric,
        net_rvpi numeric,
        gross_irr double precision,
        net_irr double precision,
        unfunded_commitment numeric
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH positions AS (
        SELECT p.fund_id,
               count(*) AS n,
               sum(p.invested) AS invested,
               sum(p.fees) AS deal_fees,
               sum(p.distributed) AS distributed,
               sum(p.residual_value) AS residual
        FROM auxeira.investment_positions(fund_performance.as_of) AS p
        WHERE p.fund_id IS NOT NULL
        GROUP BY p.fund_id
    ),
    fund_flows AS (
        SELECT c.fund_id,
               sum(c.amount) FILTER (WHERE c.flow_type IN ('management_fee', 'fund_expense'))
                   AS fund_fees,
               sum(c.amount) FILTER (WHERE c.flow_type = 'carried_interest') AS carry
        FROM auxeira.fund_cash_flows AS c
        WHERE c.flow_date <= fund_performance.as_of
        GROUP BY c.fund_id
    ),
    gross_series AS (
        SELECT i.fund_id, s.flow_date, s.amount
        FROM auxeira.investment_flow_series(fund_performance.as_of) AS s
        JOIN auxeira.investments AS i ON i.id = s.investment_id
        WHERE i.fund_id IS NOT NULL
    ),
    gross_irr AS (
        SELECT g.fund_id, auxeira.xirr(g.amount, g.flow_date) AS irr
        FROM gross_series AS g
        GROUP BY g.fund_id
    ),
    net_irr AS (
        SELECT n.fund_id, auxeira.xirr(n.amount, n.flow_date) AS irr
        FROM (
            SELECT g.fund_id, g.flow_date, g.amount FROM gross_series AS g
            UNION ALL
            SELECT c.fund_id, c.flow_date, -c.amount
            FROM auxeira.fund_cash_flows AS c
            WHERE c.flow_date <= fund_performance.as_of
        ) AS n
        GROUP BY n.fund_id
    )
    SELECT f.id, f.manager_id, f.name, f.vintage_year, f.committed_capital,
           coalesce(p.n, 0),
           coalesce(p.invested, 0),
           coalesce(p.deal_fees, 0),
           coalesce(ff.fund_fees, 0),
           coalesce(ff.carry, 0),
           t.paid_in,
           coalesce(p.distributed, 0),
           coalesce(p.distributed, 0) - coalesce(ff.carry, 0),
           coalesce(p.residual, 0),
           round((coalesce(p.distributed, 0) + coalesce(p.residual, 0))
                 / NULLIF(p.invested, 0), 6),
           round((coalesce(p.distributed, 0) + coalesce(p.residual, 0))
                 / NULLIF(coalesce(p.invested, 0) + coalesce(p.deal_fees, 0), 0), 6),
           round((coalesce(p.distributed, 0) - coalesce(ff.carry, 0) + coalesce(p.residual, 0))
                 / NULLIF(t.paid_in, 0), 6),
           round((coalesce(p.distributed, 0) - coalesce(ff.carry, 0)) / NULLIF(t.paid_in, 0), 6),
           round(coalesce(p.residual, 0) / NULLIF(t.paid_in, 0), 6),
           gi.irr,
           ni.irr,
           greatest(f.committed_capital - t.paid_in, 0)
    FROM auxeira.funds AS f
    LEFT JOIN positions AS p ON p.fund_id = f.id
    LEFT JOIN fund_flows AS ff ON ff.fund_id = f.id
    LEFT JOIN gross_irr AS gi ON gi.fund_id = f.id
    LEFT JOIN net_irr AS ni ON ni.fund_id = f.id
    CROSS JOIN LATERAL (
        SELECT coalesce(p.invested, 0) + coalesce(p.deal_fees, 0) + coalesce(ff.fund_fees, 0)
            AS paid_in
    ) AS t
$$;


DROP FUNCTION auxeira.investment_paid_flows(date);
