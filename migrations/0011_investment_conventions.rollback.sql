-- Undo 0011_investment_conventions: the figures, readers and ledger of 0010 again.
-- Data that only the new conventions can hold is lost: reversal rows and the rows they
-- reverse are deleted, of several marks of one holding and day only the latest entered is
-- kept, the currency columns, exit proceeds and exchange rates are dropped, and a stored irr
-- of -1 (a total loss) becomes NULL.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira_dash.investment_record_write_off(uuid, date);
DROP FUNCTION auxeira_dash.investment_record_exit(uuid, date, numeric, numeric);
DROP FUNCTION auxeira_dash.investment_reverse_mark(uuid);
DROP FUNCTION auxeira_dash.investment_reverse_flow(uuid, text);
DROP FUNCTION auxeira_dash.investment_record_mark(uuid, numeric, date, text, numeric, text);
DROP FUNCTION auxeira_dash.investment_record_flow(uuid, text, numeric, date, text, text);
DROP FUNCTION auxeira_dash.investment_owned(uuid);
DROP TRIGGER investments_ledger_entry ON auxeira.investments;
DROP TRIGGER investment_cash_flows_ledger_entry ON auxeira.investment_cash_flows;
DROP TRIGGER valuation_marks_ledger_entry ON auxeira.valuation_marks;
DROP TRIGGER fund_cash_flows_ledger_entry ON auxeira.fund_cash_flows;
DROP VIEW auxeira_dash.angel_tax_report;
DROP VIEW auxeira_dash.angel_tax_events;
DROP VIEW auxeira_dash.angel_portfolio_totals;
DROP VIEW auxeira_dash.angel_portfolio;
DROP VIEW auxeira_dash.vc_portfolio_totals;
DROP VIEW auxeira_dash.vc_portfolio;
DROP FUNCTION auxeira_dash.vc_performance(text);
DROP MATERIALIZED VIEW auxeira_mv.vc_performance;
DROP FUNCTION auxeira_dash.vc_lp_report_funds(date, timestamptz, text);
DROP FUNCTION auxeira_dash.vc_lp_report_schedule(uuid, date, timestamptz, text);
DROP FUNCTION auxeira.fund_performance(date, timestamptz, text, uuid);
DROP FUNCTION auxeira.portfolio_performance(date, timestamptz, text, uuid);
DROP FUNCTION auxeira.investment_realisations(date, timestamptz, text, uuid);
DROP FUNCTION auxeira.investment_performance(date, timestamptz, text, uuid, uuid);
DROP FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid);
DROP FUNCTION auxeira.investor_reporting_currency(uuid);
DROP FUNCTION auxeira.checked_currency(text);
DROP AGGREGATE auxeira.holding_rollforward(text, numeric, numeric);
DROP FUNCTION auxeira.holding_step(numeric[], text, numeric, numeric);
DROP FUNCTION auxeira.ledger_entry();
DROP FUNCTION auxeira.fx_convert(numeric, text, text, date, timestamptz);
DROP FUNCTION auxeira.fx_rate(text, text, date, timestamptz);

ALTER TABLE auxeira.investments DISABLE TRIGGER USER;
ALTER TABLE auxeira.investment_cash_flows DISABLE TRIGGER USER;
ALTER TABLE auxeira.valuation_marks DISABLE TRIGGER USER;
ALTER TABLE auxeira.fund_cash_flows DISABLE TRIGGER USER;

DELETE FROM auxeira.investment_cash_flows AS f
WHERE f.reverses IS NOT NULL
   OR EXISTS (SELECT FROM auxeira.investment_cash_flows AS r WHERE r.reverses = f.id);
DELETE FROM auxeira.fund_cash_flows AS f
WHERE f.reverses IS NOT NULL
   OR EXISTS (SELECT FROM auxeira.fund_cash_flows AS r WHERE r.reverses = f.id);
DELETE FROM auxeira.valuation_marks AS m
WHERE m.reverses IS NOT NULL
   OR EXISTS (SELECT FROM auxeira.valuation_marks AS r WHERE r.reverses = m.id)
   OR EXISTS (SELECT FROM auxeira.valuation_marks AS n
              WHERE n.investment_id = m.investment_id AND n.mark_date = m.mark_date
                AND n.reverses IS NULL AND (n.created_at, n.id) > (m.created_at, m.id));
DROP INDEX auxeira.valuation_marks_investment_id_mark_date_idx;
DROP INDEX auxeira.investment_cash_flows_reverses_key;
ALTER TABLE auxeira.investment_cash_flows DROP COLUMN reverses, DROP COLUMN currency;
DROP INDEX auxeira.valuation_marks_reverses_key;
ALTER TABLE auxeira.valuation_marks DROP COLUMN reverses, DROP COLUMN currency;
DROP INDEX auxeira.fund_cash_flows_reverses_key;
ALTER TABLE auxeira.fund_cash_flows DROP COLUMN reverses, DROP COLUMN currency;
UPDATE auxeira.investments SET irr = NULL WHERE irr = -1;
UPDATE auxeira.portfolio_metrics SET portfolio_irr = NULL WHERE portfolio_irr = -1;
ALTER TABLE auxeira.investments DROP CONSTRAINT investments_irr_check;
ALTER TABLE auxeira.investments ADD CONSTRAINT investments_irr_check CHECK (irr > -1);
ALTER TABLE auxeira.portfolio_metrics DROP CONSTRAINT portfolio_metrics_portfolio_irr_check;
ALTER TABLE auxeira.portfolio_metrics
    ADD CONSTRAINT portfolio_metrics_portfolio_irr_check CHECK (portfolio_irr > -1);
ALTER TABLE auxeira.investments
    DROP CONSTRAINT investments_written_off_date_check,
    DROP COLUMN currency, DROP COLUMN exit_proceeds, DROP COLUMN exit_recorded_at;
ALTER TABLE auxeira.funds DROP CONSTRAINT funds_currency_fkey;
ALTER TABLE auxeira.funds ADD CONSTRAINT funds_currency_check CHECK (
        currency IN ('USD', 'EUR', 'GBP', 'NGN', 'KES', 'GHS', 'ZAR')
    );
DROP TABLE auxeira.fx_rates;
DROP TABLE auxeira.currencies;

ALTER TABLE auxeira.investments ENABLE TRIGGER USER;
ALTER TABLE auxeira.investment_cash_flows ENABLE TRIGGER USER;
ALTER TABLE auxeira.valuation_marks ENABLE TRIGGER USER;
ALTER TABLE auxeira.fund_cash_flows ENABLE TRIGGER USER;

CREATE UNIQUE INDEX valuation_marks_investment_id_mark_date_key
    ON auxeira.valuation_marks (investment_id, mark_date);
COMMENT ON COLUMN auxeira.investments.irr IS
    'Internal rate of return, annualised, as a fraction: 0.25 = 25 % a year, -0.5 = -50 %; must be '
    '> -1. Unconstrained precision because venture IRRs can exceed 999 %. NULL = not computed.';
COMMENT ON COLUMN auxeira.investments.moic IS
    'Multiple on invested capital: (realised + unrealised value) / amount; 1.0 = money back, '
    '>= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.investments.exit_date IS
    'Date of exit (or of the write-off). Required when status = exited; never before '
    'investment_date. NULL = not exited.';
COMMENT ON COLUMN auxeira.portfolio_metrics.portfolio_irr IS
    'Portfolio internal rate of return, annualised, as a fraction: 0.25 = 25 % a year; must be '
    '> -1. Unconstrained precision. NULL = not computed (e.g. too few cash flows).';
COMMENT ON COLUMN auxeira.funds.currency IS
    'ISO 4217 code of the fund currency: USD, EUR, GBP, NGN, KES, GHS or ZAR.';
COMMENT ON TABLE auxeira.investment_cash_flows IS
    'Dated cash flows of each investment, from the investor''s side: the first cheque '
    '(contribution), later cheques (follow_on), deal fees paid (fee) and cash received '
    '(distribution: exit proceeds, dividends, secondary sales). Amounts are positive; the type '
    'gives the direction. Never updated: a correction is a further row. IRR, MOIC, TVPI, DPI and '
    'RVPI are computed from these rows plus the latest valuation mark.';
COMMENT ON COLUMN auxeira.investment_cash_flows.amount IS
    'Amount in currency units, always > 0; the direction comes from flow_type.';
COMMENT ON COLUMN auxeira.investment_cash_flows.created_at IS 'When the row was inserted.';
COMMENT ON TABLE auxeira.valuation_marks IS
    'Fair-value marks of each holding over time: at most one per investment per day. The '
    'residual value of an investment as of a date is its latest mark on or before that date; '
    'an investment never marked is carried at cost. An exit or write-off is marked 0 once the '
    'proceeds are recorded as distributions.';
COMMENT ON COLUMN auxeira.valuation_marks.holding_value IS
    'Fair value of the investor''s stake (not of the whole company) in currency units, >= 0.';
COMMENT ON COLUMN auxeira.valuation_marks.created_at IS 'When the row was inserted.';
COMMENT ON INDEX auxeira.valuation_marks_investment_id_mark_date_key IS
    'One mark per holding per day; serves "latest mark on or before a date" lookups.';
COMMENT ON COLUMN auxeira.fund_cash_flows.amount IS
    'Amount in the fund currency, always > 0; the direction comes from flow_type.';
COMMENT ON COLUMN auxeira.fund_cash_flows.created_at IS 'When the row was inserted.';

CREATE POLICY investment_cash_flows_investor_update ON auxeira.investment_cash_flows
    FOR UPDATE TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]))
    WITH CHECK (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));
COMMENT ON POLICY investment_cash_flows_investor_update ON auxeira.investment_cash_flows IS
    'Only the investor edits the cash flows of their own investments.';

CREATE POLICY investment_cash_flows_investor_delete ON auxeira.investment_cash_flows
    FOR DELETE TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));
COMMENT ON POLICY investment_cash_flows_investor_delete ON auxeira.investment_cash_flows IS
    'Only the investor deletes the cash flows of their own investments.';

CREATE POLICY valuation_marks_investor_update ON auxeira.valuation_marks
    FOR UPDATE TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]))
    WITH CHECK (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));
COMMENT ON POLICY valuation_marks_investor_update ON auxeira.valuation_marks IS
    'Only the investor edits the valuation marks of their own investments.';

CREATE POLICY valuation_marks_investor_delete ON auxeira.valuation_marks
    FOR DELETE TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));
COMMENT ON POLICY valuation_marks_investor_delete ON auxeira.valuation_marks IS
    'Only the investor deletes the valuation marks of their own investments.';

CREATE POLICY fund_cash_flows_manager_update ON auxeira.fund_cash_flows
    FOR UPDATE TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
    WITH CHECK (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()));
COMMENT ON POLICY fund_cash_flows_manager_update ON auxeira.fund_cash_flows IS
    'The manager of the fund edits its fees, expenses and carried interest.';

CREATE POLICY fund_cash_flows_manager_delete ON auxeira.fund_cash_flows
    FOR DELETE TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()));
COMMENT ON POLICY fund_cash_flows_manager_delete ON auxeira.fund_cash_flows IS
    'The manager of the fund deletes its fees, expenses and carried interest.';

GRANT UPDATE, DELETE ON auxeira.investment_cash_flows, auxeira.valuation_marks,
    auxeira.fund_cash_flows TO auxeira_app;

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

CREATE OR REPLACE FUNCTION auxeira.refresh_investment_metrics_scoped(
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
        exit_multiple = CASE WHEN i.status = 'exited'
                             THEN round(p.distributed / NULLIF(p.invested, 0), 6) END
    FROM auxeira.investment_performance(as_of) AS p
    WHERE p.investment_id = i.id
      AND (i.is_synthetic OR NOT synthetic_only)
      AND (investment_ids IS NULL OR i.id = ANY (investment_ids))
      AND (i.irr, i.moic, i.tvpi, i.dpi, i.paper_return, i.realized_return, i.exit_multiple)
          IS DISTINCT FROM
          (p.irr::numeric, p.moic, p.tvpi, p.dpi, p.paper_return, p.realized_return,
           CASE WHEN i.status = 'exited' THEN round(p.distributed / NULLIF(p.invested, 0), 6) END);
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END
$$;

COMMENT ON FUNCTION auxeira.refresh_investment_metrics_scoped(date, boolean, uuid[]) IS
    'The one implementation behind refresh_investment_metrics (every investment, or the '
    'synthetic ones) and refresh_investment_metrics_for (the given ids; NULL here = no id '
    'filter): rewrites the stored figures of the rows whose figures changed, returns how many. '
    'SECURITY DEFINER as auxeira_owner; not granted to services.';

COMMENT ON FUNCTION auxeira.refresh_investment_metrics(date, boolean) IS
    'Recomputes the stored irr, moic, tvpi, dpi, paper_return, realized_return and (for exited '
    'investments) exit_multiple of every investment from its cash flows and marks as of a date '
    '(see investment_performance). Only rows whose figures changed are written; returns how '
    'many. With synthetic_only, real investments are left alone (what auxeira-db seed uses). '
    'SECURITY DEFINER as auxeira_owner: a maintenance job, not granted to services.';

CREATE VIEW auxeira_dash.vc_portfolio WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.fund_id,
           f.name AS fund_name,
           p.investment_date,
           p.status,
           p.invested,
           p.fees,
           p.paid_in,
           p.distributed,
           p.residual_value AS value,
           p.total_value,
           p.moic,
           p.tvpi,
           p.dpi,
           p.irr,
           p.realized_return,
           p.paper_return
    FROM auxeira.investment_performance(CURRENT_DATE) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    LEFT JOIN auxeira.funds AS f ON f.id = p.fund_id
    WHERE p.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.vc_portfolio IS
    'GET /api/dashboard/vc/portfolio (holdings): one row per investment of the current user, '
    'as of today: company, industry, company stage now and round at entry, fund, status, '
    'invested, value (residual value: latest mark, else cost; 0 after an exit or write-off), '
    'MOIC, TVPI, DPI, IRR (XIRR, NULL when undefined) and the realised / paper split. '
    'security_invoker: row-level security applies to the reader.';

CREATE VIEW auxeira_dash.vc_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.investments,
           t.active_investments,
           t.exited_investments,
           t.written_off_investments,
           t.invested,
           t.fees,
           t.paid_in,
           t.distributed,
           t.residual_value AS value,
           t.total_value,
           t.moic,
           t.tvpi,
           t.dpi,
           t.rvpi,
           t.irr,
           t.realized_return,
           t.paper_return,
           snap.metric_date AS snapshot_date,
           snap.unicorn_count,
           snap.top_quartile_count
    FROM auxeira.portfolio_performance(CURRENT_DATE) AS t
    LEFT JOIN LATERAL (
        SELECT m.metric_date, m.unicorn_count, m.top_quartile_count
        FROM auxeira.portfolio_metrics AS m
        WHERE m.investor_id = t.investor_id
        ORDER BY m.metric_date DESC
        LIMIT 1
    ) AS snap ON true
    WHERE t.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.vc_portfolio_totals IS
    'GET /api/dashboard/vc/portfolio (totals): the current user''s portfolio as of today, one '
    'row (none without investments): counts by status, invested, value, MOIC, TVPI, DPI, RVPI, '
    'the pooled IRR of all flows, and the unicorn and top-quartile counts of the latest '
    'portfolio_metrics snapshot (NULL when never snapshotted).';

CREATE MATERIALIZED VIEW auxeira_mv.vc_performance AS
    WITH perf AS (
        SELECT p.*, i.investment_round, c.industry, f.name AS fund_name
        FROM auxeira.investment_performance(CURRENT_DATE) AS p
        JOIN auxeira.investments AS i ON i.id = p.investment_id
        LEFT JOIN auxeira.companies AS c ON c.id = p.company_id
        LEFT JOIN auxeira.funds AS f ON f.id = p.fund_id
    ),
    grouped AS (
        SELECT perf.*, g.dimension, g.group_key, g.group_label
        FROM perf
        CROSS JOIN LATERAL (
            VALUES
                ('fund', coalesce(perf.fund_id::text, 'direct'),
                 coalesce(perf.fund_name::text, 'Direct investments')),
                ('vintage', extract(year FROM perf.investment_date)::text,
                 extract(year FROM perf.investment_date)::text),
                ('stage', coalesce(perf.investment_round::text, 'unknown'),
                 coalesce(perf.investment_round::text, 'unknown')),
                ('industry', coalesce(perf.industry::text, 'unknown'),
                 coalesce(perf.industry::text, 'unknown'))
        ) AS g(dimension, group_key, group_label)
    ),
    pooled AS (
        SELECT g.investor_id, g.dimension, g.group_key,
               auxeira.xirr(s.amount, s.flow_date) AS irr
        FROM grouped AS g
        JOIN auxeira.investment_flow_series(CURRENT_DATE) AS s
          ON s.investment_id = g.investment_id
        GROUP BY g.investor_id, g.dimension, g.group_key
    )
    SELECT g.investor_id,
           g.dimension,
           g.group_key,
           max(g.group_label) AS group_label,
           count(*) AS investments,
           count(DISTINCT g.company_id) AS companies,
           sum(g.invested) AS invested,
           sum(g.fees) AS fees,
           sum(g.paid_in) AS paid_in,
           sum(g.distributed) AS distributed,
           sum(g.residual_value) AS residual_value,
           sum(g.total_value) AS total_value,
           round(sum(g.total_value) / NULLIF(sum(g.invested), 0), 6) AS moic,
           round(sum(g.total_value) / NULLIF(sum(g.paid_in), 0), 6) AS tvpi,
           round(sum(g.distributed) / NULLIF(sum(g.paid_in), 0), 6) AS dpi,
           round(sum(g.residual_value) / NULLIF(sum(g.paid_in), 0), 6) AS rvpi,
           max(pooled.irr) AS irr,
           CURRENT_DATE AS as_of
    FROM grouped AS g
    LEFT JOIN pooled
           ON pooled.investor_id = g.investor_id
          AND pooled.dimension = g.dimension
          AND pooled.group_key = g.group_key
    GROUP BY g.investor_id, g.dimension, g.group_key;

CREATE UNIQUE INDEX vc_performance_investor_id_dimension_group_key_key
    ON auxeira_mv.vc_performance (investor_id, dimension, group_key);

COMMENT ON MATERIALIZED VIEW auxeira_mv.vc_performance IS
    'Portfolio performance of every investor grouped four ways (dimension fund, vintage = '
    'year of the investment date, stage = round at entry, industry = the company''s), as of '
    'the day of the last refresh: sums of invested, paid-in, distributed and residual value, '
    'MOIC, TVPI, DPI, RVPI and the pooled IRR (auxeira.xirr over all flows of the group). '
    'Every tenant''s rows: read only through auxeira_dash.vc_performance().';
COMMENT ON COLUMN auxeira_mv.vc_performance.investor_id IS 'The investor (users.id).';
COMMENT ON COLUMN auxeira_mv.vc_performance.dimension IS
    'How the group is formed: fund, vintage, stage or industry.';
COMMENT ON COLUMN auxeira_mv.vc_performance.group_key IS
    'The group within the dimension: the fund id (or direct for investments outside a fund), '
    'the vintage year, the round (pre-seed ... series-c+) or the industry; unknown when the '
    'attribute is missing.';
COMMENT ON COLUMN auxeira_mv.vc_performance.group_label IS
    'Display name of the group: the fund name (Direct investments), else the group key.';
COMMENT ON COLUMN auxeira_mv.vc_performance.investments IS 'Investments in the group.';
COMMENT ON COLUMN auxeira_mv.vc_performance.companies IS 'Distinct companies in the group.';
COMMENT ON COLUMN auxeira_mv.vc_performance.invested IS 'Contributions and follow-ons paid.';
COMMENT ON COLUMN auxeira_mv.vc_performance.fees IS 'Deal fees paid.';
COMMENT ON COLUMN auxeira_mv.vc_performance.paid_in IS 'invested + fees.';
COMMENT ON COLUMN auxeira_mv.vc_performance.distributed IS 'Cash received.';
COMMENT ON COLUMN auxeira_mv.vc_performance.residual_value IS
    'Value still held: latest marks, else cost; 0 after exit or write-off.';
COMMENT ON COLUMN auxeira_mv.vc_performance.total_value IS 'distributed + residual_value.';
COMMENT ON COLUMN auxeira_mv.vc_performance.moic IS
    'total_value / invested (gross of fees); NULL when nothing was invested.';
COMMENT ON COLUMN auxeira_mv.vc_performance.tvpi IS 'total_value / paid_in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.dpi IS 'distributed / paid_in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.rvpi IS 'residual_value / paid_in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.irr IS
    'Pooled IRR of the group''s dated flows with the residual value as a final inflow, as an '
    'annual fraction; NULL when no rate exists.';
COMMENT ON COLUMN auxeira_mv.vc_performance.as_of IS
    'The date the figures are as of: the day of the refresh.';
COMMENT ON INDEX auxeira_mv.vc_performance_investor_id_dimension_group_key_key IS
    'One row per investor, dimension and group; lets REFRESH ... CONCURRENTLY run and serves '
    'the per-investor read of auxeira_dash.vc_performance().';

CREATE FUNCTION auxeira_dash.vc_performance(by text DEFAULT NULL)
    RETURNS TABLE (
        dimension text,
        group_key text,
        group_label text,
        investments bigint,
        companies bigint,
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
        as_of date
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.dimension, m.group_key, m.group_label, m.investments, m.companies, m.invested,
           m.fees, m.paid_in, m.distributed, m.residual_value, m.total_value, m.moic, m.tvpi,
           m.dpi, m.rvpi, m.irr, m.as_of
    FROM auxeira_mv.vc_performance AS m
    WHERE m.investor_id = auxeira.current_user_id()
      AND (vc_performance.by IS NULL OR m.dimension = vc_performance.by)
    ORDER BY array_position(ARRAY['fund', 'vintage', 'stage', 'industry'], m.dimension),
             m.group_label
$$;

COMMENT ON FUNCTION auxeira_dash.vc_performance(text) IS
    'GET /api/dashboard/vc/performance: the current user''s IRR, TVPI, DPI and MOIC by fund, '
    'vintage, stage and industry (by = one of them, NULL = all four), from '
    'auxeira_mv.vc_performance as of its last refresh. SECURITY DEFINER (the materialized '
    'view has no row-level security and no grant to auxeira_app): it returns only rows whose '
    'investor is auxeira.current_user_id(), nothing when the tenant is unset.';

CREATE FUNCTION auxeira_dash.vc_lp_report_funds(as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        fund_id uuid,
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
        unfunded_commitment numeric,
        premium_purchased boolean
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.fund_id, p.fund_name, p.vintage_year, p.committed_capital, p.investments,
           p.invested, p.deal_fees, p.fund_fees, p.carried_interest, p.paid_in,
           p.gross_distributed, p.net_distributed, p.residual_value, p.gross_moic,
           p.gross_tvpi, p.net_tvpi, p.net_dpi, p.net_rvpi, p.gross_irr, p.net_irr,
           p.unfunded_commitment,
           EXISTS (SELECT FROM auxeira.lp_report_purchases AS b
                   WHERE b.fund_id = p.fund_id AND b.buyer_id = auxeira.current_user_id())
    FROM auxeira.fund_performance(vc_lp_report_funds.as_of) AS p
    WHERE p.manager_id = auxeira.current_user_id()
    ORDER BY p.vintage_year, p.fund_name
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report_funds(date) IS
    'GET /api/dashboard/vc/lp-report (fund summary): each fund the current user manages, as '
    'of a date (default today): gross and net figures of auxeira.fund_performance() (paid-in, '
    'distributions before and after carry, residual value, MOIC, TVPI, DPI, RVPI, IRR, '
    'unfunded commitment) and whether its premium LP report was bought. SECURITY INVOKER: '
    'row-level security limits it to the caller''s funds.';

CREATE FUNCTION auxeira_dash.vc_lp_report_schedule(
    fund uuid DEFAULT NULL, as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        fund_id uuid,
        fund_name varchar,
        investment_id uuid,
        company_id uuid,
        company_name varchar,
        industry varchar,
        investment_round varchar,
        investment_date date,
        status varchar,
        invested numeric,
        fees numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        irr double precision
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.id, f.name, p.investment_id, p.company_id, c.name, c.industry, i.investment_round,
           p.investment_date, p.status, p.invested, p.fees, p.distributed, p.residual_value,
           p.total_value, p.moic, p.tvpi, p.irr
    FROM auxeira.investment_performance(vc_lp_report_schedule.as_of) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    JOIN auxeira.funds AS f ON f.id = p.fund_id
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    WHERE f.manager_id = auxeira.current_user_id()
      AND p.investor_id = auxeira.current_user_id()
      AND (vc_lp_report_schedule.fund IS NULL OR f.id = vc_lp_report_schedule.fund)
    ORDER BY f.name, p.investment_date, c.name
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report_schedule(uuid, date) IS
    'GET /api/dashboard/vc/lp-report (schedule of investments): every investment of the '
    'current user''s funds (or of one fund), as of a date: company, round, date, status, '
    'invested, fees, distributed, residual value, MOIC, TVPI and IRR. SECURITY INVOKER.';

CREATE VIEW auxeira_dash.angel_portfolio WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.investment_date,
           p.status,
           i.equity_percentage,
           p.invested,
           p.fees,
           p.paid_in,
           p.distributed,
           p.residual_value AS value,
           p.total_value,
           p.moic,
           p.tvpi,
           p.dpi,
           p.irr,
           p.realized_return,
           p.paper_return
    FROM auxeira.investment_performance(CURRENT_DATE) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    WHERE p.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.angel_portfolio IS
    'GET /api/dashboard/angel/portfolio (holdings): one row per investment of the current '
    'user, as of today: company, industry, stage, round, equity at entry, status, invested, '
    'value (latest mark, else cost; 0 after an exit or write-off), MOIC, TVPI, DPI, IRR and the '
    'realised / paper split of the gain. security_invoker: row-level security applies.';

CREATE VIEW auxeira_dash.angel_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.investments,
           t.active_investments,
           t.exited_investments,
           t.written_off_investments,
           t.invested,
           t.fees,
           t.paid_in,
           t.distributed,
           t.residual_value AS value,
           t.total_value,
           t.moic,
           t.tvpi,
           t.dpi,
           t.irr,
           t.realized_return,
           t.paper_return
    FROM auxeira.portfolio_performance(CURRENT_DATE) AS t
    WHERE t.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.angel_portfolio_totals IS
    'GET /api/dashboard/angel/portfolio (totals): the current user''s portfolio as of today, '
    'one row (none without investments): counts by status, invested, value, MOIC, TVPI, DPI, '
    'the pooled IRR of all flows, realised and paper gains.';

CREATE VIEW auxeira_dash.angel_tax_events WITH (security_invoker = true) AS
    WITH inv AS (
        SELECT i.id, i.company_id, i.investment_date, i.status, i.exit_date, i.amount,
               EXISTS (SELECT FROM auxeira.investment_cash_flows AS x
                       WHERE x.investment_id = i.id) AS has_flows
        FROM auxeira.investments AS i
        WHERE i.investor_id = auxeira.current_user_id()
    ),
    paid AS (
        SELECT f.investment_id, f.flow_date, f.amount
        FROM auxeira.investment_cash_flows AS f
        JOIN inv ON inv.id = f.investment_id
        WHERE f.flow_type IN ('contribution', 'follow_on', 'fee')
        UNION ALL
        SELECT inv.id, inv.investment_date, inv.amount
        FROM inv
        WHERE NOT inv.has_flows
    ),
    events AS (
        SELECT f.investment_id, f.id AS cash_flow_id, f.flow_date AS event_date,
               'distribution'::text AS event_type, 0 AS event_order, f.amount AS proceeds
        FROM auxeira.investment_cash_flows AS f
        JOIN inv ON inv.id = f.investment_id
        WHERE f.flow_type = 'distribution' AND f.flow_date <= CURRENT_DATE
        UNION ALL
        SELECT inv.id, NULL, inv.exit_date,
               CASE WHEN inv.status = 'exited' THEN 'exit' ELSE 'write-off' END, 1, 0
        FROM inv
        WHERE inv.status IN ('exited', 'written-off') AND inv.exit_date <= CURRENT_DATE
    ),
    based AS (
        SELECT e.*,
               coalesce((SELECT sum(p.amount) FROM paid AS p
                         WHERE p.investment_id = e.investment_id
                           AND p.flow_date <= e.event_date), 0) AS basis
        FROM events AS e
    ),
    running AS (
        SELECT b.*,
               sum(CASE WHEN b.event_type = 'distribution' THEN b.proceeds ELSE b.basis END)
                   OVER w AS capacity
        FROM based AS b
        WINDOW w AS (PARTITION BY b.investment_id
                     ORDER BY b.event_date, b.event_order, b.cash_flow_id
                     ROWS UNBOUNDED PRECEDING)
    ),
    recovered AS (
        SELECT r.*,
               r.capacity + least(0, min(r.basis - r.capacity) OVER w) AS recovered_to_date
        FROM running AS r
        WINDOW w AS (PARTITION BY r.investment_id
                     ORDER BY r.event_date, r.event_order, r.cash_flow_id
                     ROWS UNBOUNDED PRECEDING)
    ),
    costed AS (
        SELECT r.*,
               r.recovered_to_date - coalesce(lag(r.recovered_to_date) OVER w, 0) AS cost_basis
        FROM recovered AS r
        WINDOW w AS (PARTITION BY r.investment_id
                     ORDER BY r.event_date, r.event_order, r.cash_flow_id)
    ),
    acquired AS (
        SELECT p.investment_id, min(p.flow_date) AS acquired_on
        FROM paid AS p
        GROUP BY p.investment_id
    )
    SELECT c.investment_id,
           c.cash_flow_id,
           inv.company_id,
           co.name AS company_name,
           c.event_date,
           extract(year FROM c.event_date)::integer AS tax_year,
           c.event_type,
           c.proceeds,
           c.cost_basis,
           c.proceeds - c.cost_basis AS gain,
           coalesce(a.acquired_on, inv.investment_date) AS acquired_on,
           c.event_date - coalesce(a.acquired_on, inv.investment_date) AS holding_days,
           c.event_date - coalesce(a.acquired_on, inv.investment_date) > 365 AS long_term
    FROM costed AS c
    JOIN inv ON inv.id = c.investment_id
    LEFT JOIN acquired AS a ON a.investment_id = c.investment_id
    LEFT JOIN auxeira.company_profiles AS co ON co.id = inv.company_id
    -- an exit whose distributions recovered the whole basis realises nothing more
    WHERE c.event_type = 'distribution' OR c.cost_basis > 0;

COMMENT ON VIEW auxeira_dash.angel_tax_events IS
    'GET /api/dashboard/angel/tax-report (detail): each realisation of the current user up to '
    'today: a distribution (proceeds, the cost basis it recovers, gain >= 0) or an exit / '
    'write-off that leaves basis unrecovered (proceeds 0, that basis realised as a loss), with '
    'the tax year (calendar year), acquired_on (first payment in), holding_days and long_term '
    '(> 365 days). Cost basis: cost recovery first (the rules are in sql/views/angel.sql).';

CREATE VIEW auxeira_dash.angel_tax_report WITH (security_invoker = true) AS
    SELECT e.tax_year,
           count(*) AS events,
           sum(e.proceeds) AS proceeds,
           sum(e.cost_basis) AS cost_basis,
           coalesce(sum(e.gain) FILTER (WHERE NOT e.long_term), 0) AS short_term_gain,
           coalesce(sum(e.gain) FILTER (WHERE e.long_term), 0) AS long_term_gain,
           coalesce(sum(e.gain) FILTER (WHERE e.gain > 0), 0) AS gains,
           coalesce(sum(e.gain) FILTER (WHERE e.gain < 0), 0) AS losses,
           sum(e.gain) AS net_gain
    FROM auxeira_dash.angel_tax_events AS e
    GROUP BY e.tax_year;

COMMENT ON VIEW auxeira_dash.angel_tax_report IS
    'GET /api/dashboard/angel/tax-report (by tax year): the current user''s realised gains and '
    'losses per calendar year: events, proceeds, cost basis, short-term and long-term (held '
    '> 365 days) net gain, total gains, total losses and the net gain.';


REVOKE EXECUTE ON FUNCTION
    auxeira.investment_positions(date),
    auxeira.investment_paid_flows(date),
    auxeira.investment_flow_series(date),
    auxeira.split_return(numeric, numeric, numeric, boolean),
    auxeira.investment_performance(date),
    auxeira.portfolio_performance(date),
    auxeira.fund_performance(date),
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date),
    auxeira_dash.vc_lp_report_schedule(uuid, date)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.investment_positions(date),
    auxeira.investment_paid_flows(date),
    auxeira.investment_flow_series(date),
    auxeira.split_return(numeric, numeric, numeric, boolean),
    auxeira.investment_performance(date),
    auxeira.portfolio_performance(date),
    auxeira.fund_performance(date),
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date),
    auxeira_dash.vc_lp_report_schedule(uuid, date)
    TO auxeira_app, auxeira_readonly;
GRANT SELECT ON auxeira_mv.vc_performance TO auxeira_readonly;
GRANT SELECT ON auxeira_dash.vc_portfolio, auxeira_dash.vc_portfolio_totals
    TO auxeira_app, auxeira_readonly;
GRANT SELECT ON
    auxeira_dash.angel_portfolio,
    auxeira_dash.angel_portfolio_totals,
    auxeira_dash.angel_tax_events,
    auxeira_dash.angel_tax_report
    TO auxeira_app, auxeira_readonly;
