-- Investment performance computed from dated cash flows, the same way every time.
--
-- Definitions (ILPA; all amounts from the investor's side, as of a date):
--   invested       contributions + follow-ons paid on or before the date
--   fees           deal fees paid (paid in, but not invested capital)
--   paid_in        invested + fees (+ fund management fees and expenses, net fund figures)
--   distributed    cash received (exit proceeds, dividends, secondary sales)
--   residual_value the latest valuation mark of the holding on or before the date; an
--                  investment never marked is carried at cost (invested); an exited or
--                  written-off investment is worth 0 after its exit date
--   MOIC = (distributed + residual) / invested           gross multiple, fees excluded
--   TVPI = (distributed + residual) / paid_in            total value to paid-in
--   DPI  = distributed / paid_in                          realised part of TVPI
--   RVPI = residual / paid_in                             unrealised part; TVPI = DPI + RVPI
--   IRR  = XIRR of the dated flows (paid in negative, received positive) with the residual
--          value as a final inflow on the as-of date
--   realised / paper return: the total gain (distributed + residual - paid_in) split in
--          proportion to distributed and residual (cost allocated by value); a total loss is
--          realised when exited or written off and on paper otherwise.
-- An investment with no cash-flow rows counts its investments.amount as one contribution on
-- investment_date, so rows entered the specification's way still have figures.
-- The functions are SECURITY INVOKER: row-level security decides which investments a caller
-- sees, so a tenant's figures are computed from that tenant's rows only.

CREATE FUNCTION auxeira.investment_positions(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        fund_id uuid,
        status varchar,
        investment_date date,
        invested numeric,
        fees numeric,
        distributed numeric,
        residual_value numeric
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH flows AS (
        SELECT f.investment_id,
               sum(f.amount) FILTER (WHERE f.flow_type IN ('contribution', 'follow_on')) AS invested,
               sum(f.amount) FILTER (WHERE f.flow_type = 'fee') AS fees,
               sum(f.amount) FILTER (WHERE f.flow_type = 'distribution') AS distributed
        FROM auxeira.investment_cash_flows AS f
        WHERE f.flow_date <= investment_positions.as_of
        GROUP BY f.investment_id
    )
    SELECT i.id,
           i.investor_id,
           i.company_id,
           i.fund_id,
           i.status,
           i.investment_date,
           coalesce(fl.invested, CASE WHEN NOT has.any_flow THEN i.amount ELSE 0 END),
           coalesce(fl.fees, 0),
           coalesce(fl.distributed, 0),
           CASE
               WHEN i.status IN ('exited', 'written-off')
                    AND i.exit_date <= investment_positions.as_of THEN 0
               ELSE coalesce(
                   mark.holding_value,
                   coalesce(fl.invested, CASE WHEN NOT has.any_flow THEN i.amount ELSE 0 END))
           END
    FROM auxeira.investments AS i
    CROSS JOIN LATERAL (
        SELECT EXISTS (SELECT FROM auxeira.investment_cash_flows AS x
                       WHERE x.investment_id = i.id) AS any_flow
    ) AS has
    LEFT JOIN flows AS fl ON fl.investment_id = i.id
    LEFT JOIN LATERAL (
        SELECT m.holding_value
        FROM auxeira.valuation_marks AS m
        WHERE m.investment_id = i.id AND m.mark_date <= investment_positions.as_of
        ORDER BY m.mark_date DESC
        LIMIT 1
    ) AS mark ON true
    WHERE i.investment_date <= investment_positions.as_of
$$;

COMMENT ON FUNCTION auxeira.investment_positions(date) IS
    'Per investment visible to the caller and made on or before as_of: invested, fees, '
    'distributed and residual value as of that date (definitions in sql/functions/'
    '040_performance.sql and the README). The building block of every performance figure.';

CREATE FUNCTION auxeira.investment_paid_flows(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (investment_id uuid, flow_date date, amount numeric)
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.investment_id,
           f.flow_date,
           CASE WHEN f.flow_type = 'distribution' THEN f.amount ELSE -f.amount END
    FROM auxeira.investment_cash_flows AS f
    WHERE f.flow_date <= investment_paid_flows.as_of
    UNION ALL
    -- the specification's single amount, for investments without cash-flow rows
    SELECT i.id, i.investment_date, -i.amount
    FROM auxeira.investments AS i
    WHERE i.investment_date <= investment_paid_flows.as_of
      AND NOT EXISTS (SELECT FROM auxeira.investment_cash_flows AS x WHERE x.investment_id = i.id)
$$;

COMMENT ON FUNCTION auxeira.investment_paid_flows(date) IS
    'The signed dated cash flows of each investment up to a date (paid in negative, received '
    'positive), without the residual value: investment_flow_series() adds it. The performance '
    'functions add the residual from positions they have already computed, so that '
    'investment_positions() runs once per call (added in 0007).';

CREATE FUNCTION auxeira.investment_flow_series(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (investment_id uuid, flow_date date, amount numeric)
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.investment_id, f.flow_date, f.amount
    FROM auxeira.investment_paid_flows(investment_flow_series.as_of) AS f
    UNION ALL
    -- the residual value as a terminal inflow on the as-of date
    SELECT p.investment_id, investment_flow_series.as_of, p.residual_value
    FROM auxeira.investment_positions(investment_flow_series.as_of) AS p
    WHERE p.residual_value > 0
$$;

COMMENT ON FUNCTION auxeira.investment_flow_series(date) IS
    'The signed dated flows behind each investment''s IRR as of a date: paid in negative, '
    'received positive, plus the residual value as an inflow dated as_of. Group by '
    'investment_id, investor or fund and feed auxeira.xirr(amount, flow_date).';

CREATE FUNCTION auxeira.split_return(
    paid_in numeric, distributed numeric, residual numeric, realised_out boolean,
    OUT realised numeric, OUT paper numeric)
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
               WHEN distributed + residual = 0 THEN
                   CASE WHEN realised_out THEN -paid_in ELSE 0 END
               ELSE distributed - paid_in * distributed / (distributed + residual)
           END,
           CASE
               WHEN distributed + residual = 0 THEN
                   CASE WHEN realised_out THEN 0 ELSE -paid_in END
               ELSE residual - paid_in * residual / (distributed + residual)
           END
$$;

COMMENT ON FUNCTION auxeira.split_return(numeric, numeric, numeric, boolean) IS
    'Splits the gain (distributed + residual - paid_in) into realised and paper parts, '
    'allocating cost in proportion to value. With nothing left (a total loss) the loss is '
    'realised when the holding is exited or written off, on paper otherwise.';

CREATE FUNCTION auxeira.investment_performance(as_of date DEFAULT CURRENT_DATE)
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
    WITH p AS MATERIALIZED (
        SELECT * FROM auxeira.investment_positions(investment_performance.as_of)
    ),
    irr AS (
        SELECT s.investment_id, auxeira.xirr(s.amount, s.flow_date) AS irr
        FROM (
            SELECT f.investment_id, f.flow_date, f.amount
            FROM auxeira.investment_paid_flows(investment_performance.as_of) AS f
            UNION ALL
            SELECT p.investment_id, investment_performance.as_of, p.residual_value
            FROM p
            WHERE p.residual_value > 0
        ) AS s
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
    FROM p
    LEFT JOIN irr ON irr.investment_id = p.investment_id
    CROSS JOIN LATERAL auxeira.split_return(
        p.invested + p.fees, p.distributed, p.residual_value,
        p.status IN ('exited', 'written-off')) AS split
$$;

COMMENT ON FUNCTION auxeira.investment_performance(date) IS
    'Per investment visible to the caller, as of a date: paid-in, distributed, residual value, '
    'MOIC (gross of fees), TVPI, DPI, RVPI, IRR (XIRR, Actual/365, NULL when no rate exists) and '
    'the realised / paper split of the gain. Ratios are rounded to 6 decimals, money to cents.';

CREATE FUNCTION auxeira.portfolio_performance(as_of date DEFAULT CURRENT_DATE)
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
    WITH perf AS MATERIALIZED (
        SELECT * FROM auxeira.investment_performance(portfolio_performance.as_of)
    ),
    pooled AS (
        SELECT s.investor_id, auxeira.xirr(s.amount, s.flow_date) AS irr
        FROM (
            SELECT p.investor_id, f.flow_date, f.amount
            FROM auxeira.investment_paid_flows(portfolio_performance.as_of) AS f
            JOIN perf AS p ON p.investment_id = f.investment_id
            UNION ALL
            SELECT p.investor_id, portfolio_performance.as_of, p.residual_value
            FROM perf AS p
            WHERE p.residual_value > 0
        ) AS s
        GROUP BY s.investor_id
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

COMMENT ON FUNCTION auxeira.portfolio_performance(date) IS
    'Per investor (of the investments visible to the caller), as of a date: counts by status, '
    'paid-in, distributed, residual value, MOIC, TVPI, DPI, RVPI, and the pooled IRR of all the '
    'investor''s flows together (not an average of per-investment IRRs).';

CREATE FUNCTION auxeira.fund_performance(as_of date DEFAULT CURRENT_DATE)
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
    WITH held AS MATERIALIZED (
        SELECT *
        FROM auxeira.investment_positions(fund_performance.as_of) AS p
        WHERE p.fund_id IS NOT NULL
    ),
    positions AS (
        SELECT p.fund_id,
               count(*) AS n,
               sum(p.invested) AS invested,
               sum(p.fees) AS deal_fees,
               sum(p.distributed) AS distributed,
               sum(p.residual_value) AS residual
        FROM held AS p
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
        SELECT h.fund_id, f.flow_date, f.amount
        FROM auxeira.investment_paid_flows(fund_performance.as_of) AS f
        JOIN held AS h ON h.investment_id = f.investment_id
        UNION ALL
        SELECT h.fund_id, fund_performance.as_of, h.residual_value
        FROM held AS h
        WHERE h.residual_value > 0
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

COMMENT ON FUNCTION auxeira.fund_performance(date) IS
    'Per fund visible to the caller, as of a date. Gross figures use the investments'' flows '
    'only; net figures are what LPs earn: paid-in adds management fees and fund expenses, and '
    'distributions lose carried interest. net_tvpi = net_dpi + net_rvpi (ILPA). The residual '
    'value is not reduced by accrued (unpaid) carry. unfunded_commitment = committed capital '
    'not yet paid in.';
