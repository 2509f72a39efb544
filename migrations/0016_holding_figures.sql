-- depends: 0015_vc_angel_shared_helpers
-- 0016_holding_figures: issue 12 (reads at scale). The engine's answer for today is kept per
-- investment and reporting currency (auxeira.holding_figures) and per investor
-- (auxeira.portfolio_figures), rewritten by statement triggers in the transaction of every
-- ledger write and every change of the exchange rates, and rebuilt each day by the job
-- holding-figures; investment_performance and portfolio_performance read the kept rows of the
-- day asked and compute only the rest from the ledger (auxeira.ledger_performance,
-- auxeira.ledger_portfolio_performance), for the caller's tenant only. holding_events gains an
-- investments filter (new signature: dropped and created, grants repeated). The cleanup of
-- expired synthetic rows no longer counts a cascading reference as keeping a row.

SET LOCAL ROLE auxeira_owner;

CREATE TABLE auxeira.holding_figures (
    investment_id uuid NOT NULL,
    as_of date NOT NULL,
    converted boolean NOT NULL,
    investor_id uuid NOT NULL,
    company_id uuid NOT NULL,
    fund_id uuid,
    status varchar NOT NULL,
    investment_date date NOT NULL,
    currency varchar NOT NULL,
    holding_currency varchar NOT NULL,
    invested numeric NOT NULL,
    fees numeric NOT NULL,
    paid_in numeric NOT NULL,
    distributed numeric NOT NULL,
    residual_value numeric NOT NULL,
    total_value numeric NOT NULL,
    value_basis text NOT NULL,
    mark_date date,
    mark_age_days integer,
    cost_held numeric,
    moic numeric,
    tvpi numeric,
    dpi numeric,
    rvpi numeric,
    irr double precision,
    since_inception_return double precision,
    holding_days integer,
    short_holding boolean,
    realized_return numeric,
    paper_return numeric,
    period_start date,
    period_end date,
    cash_flow_dates date[],
    cash_flow_amounts numeric[],
    CONSTRAINT holding_figures_pkey PRIMARY KEY (investment_id, currency),
    CONSTRAINT holding_figures_investment_id_fkey FOREIGN KEY (investment_id)
        REFERENCES auxeira.investments (id) ON DELETE CASCADE
);

CREATE INDEX holding_figures_investor_id_idx ON auxeira.holding_figures (investor_id);
CREATE INDEX holding_figures_fund_id_idx ON auxeira.holding_figures (fund_id)
    WHERE fund_id IS NOT NULL;

COMMENT ON TABLE auxeira.holding_figures IS
    'Per investment and reporting currency (the holding''s own, and the investor''s when it '
    'differs): the row of auxeira.investment_performance(as_of) as known now. Rewritten '
    'by the ledger''s statement triggers in the writing transaction and each day by the job '
    'holding-figures; never written by services. investment_performance uses a row only when '
    'the caller asks for that day, as known now, in that currency. Rebuild: '
    'auxeira.refresh_holding_figures(). Columns as in investment_performance.';
COMMENT ON COLUMN auxeira.holding_figures.as_of IS
    'The economic date the figures answer for (the writer''s CURRENT_DATE): IRR, the value '
    'rolled forward and mark ages depend on it.';
COMMENT ON COLUMN auxeira.holding_figures.currency IS
    'Reporting currency of every figure of the row: the holding''s own, and for an investor '
    'whose portfolio reports in another currency (investor_reporting_currency) also that one.';
COMMENT ON COLUMN auxeira.holding_figures.converted IS
    'true = an exchange rate went into the row (an entry or the reporting currency differs from '
    'the holding''s): rewritten whenever auxeira.fx_rates changes.';

CREATE TABLE auxeira.portfolio_figures (
    investor_id uuid NOT NULL,
    as_of date NOT NULL,
    converted boolean NOT NULL,
    currency varchar NOT NULL,
    investments bigint NOT NULL,
    active_investments bigint NOT NULL,
    exited_investments bigint NOT NULL,
    written_off_investments bigint NOT NULL,
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
    since_inception_return double precision,
    holding_days integer,
    short_holding boolean,
    realized_return numeric,
    paper_return numeric,
    oldest_mark_date date,
    max_mark_age_days integer,
    CONSTRAINT portfolio_figures_pkey PRIMARY KEY (investor_id),
    CONSTRAINT portfolio_figures_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE
);

COMMENT ON TABLE auxeira.portfolio_figures IS
    'One row per investor: the row of auxeira.portfolio_performance(as_of) as known now, in the '
    'investor''s reporting currency (pooled IRR over every flow). Maintained with '
    'holding_figures, in the same transaction; never written by services.';
COMMENT ON COLUMN auxeira.portfolio_figures.as_of IS
    'The economic date the figures answer for (the writer''s CURRENT_DATE).';
COMMENT ON COLUMN auxeira.portfolio_figures.converted IS
    'true = an exchange rate went into the row (holdings in several currencies, or an entry in '
    'another currency): rewritten whenever auxeira.fx_rates changes.';

-- holding_events: an investments filter
DROP FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid);

CREATE FUNCTION auxeira.holding_events(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL,
    fund uuid DEFAULT NULL,
    investments uuid[] DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        fund_id uuid,
        investment_date date,
        holding_currency varchar,
        currency varchar,
        terminal text,
        exit_date date,
        exit_proceeds numeric,
        event_date date,
        event_order integer,
        kind text,
        flow_type text,
        native numeric,
        reporting numeric,
        final_mark boolean,
        state numeric[]
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        -- Every CTE is materialized and carries the investment's columns along: the planner cannot
        -- estimate the rows of these CTEs, and a join back to `inv` became a nested loop that
        -- re-ran the ledger once per investment.
        WITH wanted AS (
            SELECT auxeira.checked_currency(holding_events.reporting_currency) AS currency
        ),
        inv AS MATERIALIZED (
            SELECT i.id, i.investor_id, i.company_id, i.fund_id, i.investment_date, i.amount,
                   i.currency AS hc, i.exit_date, i.exit_proceeds,
                   coalesce(w.currency, i.currency)::varchar AS rc,
                   CASE WHEN i.status IN ('exited', 'written-off')
                             AND i.exit_date <= holding_events.as_of
                             AND coalesce(i.exit_recorded_at, '-infinity')
                                 <= coalesce(holding_events.as_reported, 'infinity')
                        THEN i.status::text END AS terminal,
                   NOT EXISTS (SELECT FROM auxeira.investment_cash_flows AS x
                               WHERE x.investment_id = i.id) AS no_flows
            FROM (
                -- one branch per filter, each with a one-time condition, so that a call for some
                -- investments, one investor or one fund reads those rows by index (an OR of the
                -- parameters would scan the whole table for every call)
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investments IS NOT NULL
                  AND x.id = ANY (holding_events.investments)
                UNION ALL
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investments IS NULL AND holding_events.investor IS NOT NULL
                  AND x.investor_id = holding_events.investor
                UNION ALL
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investments IS NULL AND holding_events.investor IS NULL
                  AND holding_events.fund IS NOT NULL AND x.fund_id = holding_events.fund
                UNION ALL
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investments IS NULL AND holding_events.investor IS NULL
                  AND holding_events.fund IS NULL
            ) AS i
            CROSS JOIN wanted AS w
            WHERE i.investment_date <= holding_events.as_of
              AND i.created_at <= coalesce(holding_events.as_reported, 'infinity')
              AND (holding_events.fund IS NULL OR i.fund_id = holding_events.fund)
              AND (holding_events.investor IS NULL OR i.investor_id = holding_events.investor)
        ),
        -- the ledger as known: live flows, converted at the rate of their date
        flows AS MATERIALIZED (
            SELECT v.*, f.flow_date, f.flow_type::text AS flow_type,
                   CASE WHEN f.currency = v.hc THEN f.amount
                        ELSE round(f.amount * auxeira.fx_rate(f.currency, v.hc, f.flow_date,
                                                              holding_events.as_reported), 2)
                   END AS native,
                   CASE WHEN f.currency = v.rc THEN f.amount
                        ELSE round(f.amount * auxeira.fx_rate(f.currency, v.rc, f.flow_date,
                                                              holding_events.as_reported), 2)
                   END AS reporting
            FROM inv AS v
            JOIN auxeira.investment_cash_flows AS f ON f.investment_id = v.id
            WHERE f.flow_date <= holding_events.as_of
              AND f.reverses IS NULL
              AND f.created_at <= coalesce(holding_events.as_reported, 'infinity')
              AND NOT EXISTS (
                  SELECT FROM auxeira.investment_cash_flows AS r
                  WHERE r.reverses = f.id
                    AND r.reverses IS NOT NULL
                    AND r.created_at <= coalesce(holding_events.as_reported, 'infinity'))
            UNION ALL
            -- the specification's single amount, for investments without cash-flow rows
            SELECT v.*, v.investment_date, 'contribution', v.amount,
                   CASE WHEN v.hc = v.rc THEN v.amount
                        ELSE round(v.amount * auxeira.fx_rate(v.hc, v.rc, v.investment_date,
                                                              holding_events.as_reported), 2)
                   END
            FROM inv AS v
            WHERE v.no_flows
        ),
        -- the marks that matter: the latest on or before as_of, and the latest strictly before
        -- each distribution (the value a partial sale is measured against)
        marks AS MATERIALIZED (
            SELECT q.*, m.mark_date,
                   CASE WHEN m.currency = q.hc THEN m.holding_value
                        ELSE round(m.holding_value * auxeira.fx_rate(
                            m.currency, q.hc, m.mark_date, holding_events.as_reported), 2)
                   END AS native
            FROM (
                SELECT v.*, holding_events.as_of AS upto, true AS final
                FROM inv AS v
                UNION ALL
                SELECT fl.id, fl.investor_id, fl.company_id, fl.fund_id, fl.investment_date,
                       fl.amount, fl.hc, fl.exit_date, fl.exit_proceeds, fl.rc, fl.terminal,
                       fl.no_flows, fl.flow_date - 1, false
                FROM flows AS fl
                WHERE fl.flow_type = 'distribution'
            ) AS q
            CROSS JOIN LATERAL (
                SELECT mk.mark_date, mk.holding_value, mk.currency
                FROM auxeira.valuation_marks AS mk
                WHERE mk.investment_id = q.id
                  AND mk.reverses IS NULL
                  AND mk.mark_date <= q.upto
                  AND mk.created_at <= coalesce(holding_events.as_reported, 'infinity')
                  AND NOT EXISTS (
                      SELECT FROM auxeira.valuation_marks AS r
                      WHERE r.reverses = mk.id
                        AND r.reverses IS NOT NULL
                        AND r.created_at <= coalesce(holding_events.as_reported, 'infinity'))
                ORDER BY mk.mark_date DESC, mk.created_at DESC
                LIMIT 1
            ) AS m
        ),
        events AS MATERIALIZED (
            SELECT fl.id, fl.investor_id, fl.company_id, fl.fund_id, fl.investment_date, fl.hc,
                   fl.rc, fl.terminal, fl.exit_date, fl.exit_proceeds,
                   fl.flow_date AS event_date,
                   CASE WHEN fl.flow_type = 'distribution' THEN 1 ELSE 0 END AS event_order,
                   CASE WHEN fl.flow_type = 'fee' THEN 'fee'
                        WHEN fl.flow_type <> 'distribution' THEN 'in'
                        -- after an exit or write-off, distributions pay its proceeds: no sale
                        WHEN fl.terminal IS NOT NULL AND fl.flow_date >= fl.exit_date THEN 'settle'
                        ELSE 'out' END AS kind,
                   fl.flow_type, fl.native, fl.reporting, false AS final_mark
            FROM flows AS fl
            UNION ALL
            SELECT mk.id, mk.investor_id, mk.company_id, mk.fund_id, mk.investment_date, mk.hc,
                   mk.rc, mk.terminal, mk.exit_date, mk.exit_proceeds,
                   mk.mark_date, 2, 'mark', NULL, mk.native, 0, mk.final
            FROM marks AS mk
            UNION ALL
            SELECT v.id, v.investor_id, v.company_id, v.fund_id, v.investment_date, v.hc, v.rc,
                   v.terminal, v.exit_date, v.exit_proceeds,
                   v.exit_date, 3, 'close', NULL, 0, 0, false
            FROM inv AS v
            WHERE v.terminal IS NOT NULL
        )
        SELECT e.id, e.investor_id, e.company_id, e.fund_id, e.investment_date, e.hc, e.rc,
               e.terminal, e.exit_date, e.exit_proceeds,
               e.event_date, e.event_order, e.kind, e.flow_type, e.native, e.reporting, e.final_mark,
               auxeira.holding_rollforward(e.kind, e.native, e.reporting) OVER (
                   PARTITION BY e.id
                   ORDER BY e.event_date, e.event_order, e.native DESC
                   ROWS UNBOUNDED PRECEDING)
        FROM events AS e;
END
$$;

COMMENT ON FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid, uuid[]) IS
    'The ledger of each investment visible to the caller (optionally only some investments, one '
    'investor''s or one fund''s) as of a date and as recorded by a knowledge time, as ordered events with the '
    'running state of auxeira.holding_rollforward after each: in, fee, out (a sale before any '
    'exit), settle (a distribution paying an exit''s proceeds), mark (only the marks that '
    'matter: the last one, and the last before each sale) and close (the exit or write-off). '
    'native is in the holding currency, reporting in the reporting currency (the caller''s, '
    'else the holding''s). The single source of investment_performance and of every '
    'realisation (auxeira.investment_realisations).';

REVOKE EXECUTE ON FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid, uuid[])
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid, uuid[])
    TO auxeira_app, auxeira_readonly;

-- the engine under its own name; investment_performance reads the kept rows first
CREATE FUNCTION auxeira.ledger_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL,
    fund uuid DEFAULT NULL,
    investments uuid[] DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        fund_id uuid,
        status varchar,
        investment_date date,
        currency varchar,
        holding_currency varchar,
        invested numeric,
        fees numeric,
        paid_in numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        value_basis text,
        mark_date date,
        mark_age_days integer,
        cost_held numeric,
        moic numeric,
        tvpi numeric,
        dpi numeric,
        rvpi numeric,
        irr double precision,
        since_inception_return double precision,
        holding_days integer,
        short_holding boolean,
        realized_return numeric,
        paper_return numeric,
        period_start date,
        period_end date,
        cash_flow_dates date[],
        cash_flow_amounts numeric[]
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        WITH ev AS MATERIALIZED (
            SELECT *
            FROM auxeira.holding_events(
                ledger_performance.as_of, ledger_performance.as_reported,
                ledger_performance.reporting_currency, ledger_performance.investor,
                ledger_performance.fund, ledger_performance.investments)
        ),
        per AS (
            SELECT e.investment_id, e.investor_id, e.company_id, e.fund_id, e.investment_date,
                   e.holding_currency AS hc, e.currency AS rc, e.terminal, e.exit_date,
                   e.exit_proceeds,
                   coalesce(sum(e.reporting) FILTER (WHERE e.kind = 'in'), 0) AS invested,
                   coalesce(sum(e.reporting) FILTER (WHERE e.kind = 'fee'), 0) AS fees,
                   coalesce(sum(e.reporting) FILTER (WHERE e.flow_type = 'distribution'), 0)
                       AS distributed,
                   coalesce(sum(e.native) FILTER (WHERE e.kind = 'settle'), 0) AS settled,
                   min(e.event_date) FILTER (WHERE e.kind IN ('in', 'fee')) AS first_paid,
                   max(e.event_date) FILTER (WHERE e.flow_type IS NOT NULL) AS last_flow,
                   array_agg(e.event_date ORDER BY e.event_date)
                       FILTER (WHERE e.flow_type IS NOT NULL) AS dates,
                   array_agg(CASE WHEN e.flow_type = 'distribution' THEN e.reporting
                                  ELSE -e.reporting END ORDER BY e.event_date)
                       FILTER (WHERE e.flow_type IS NOT NULL) AS amounts,
                   max(e.event_date) FILTER (WHERE e.final_mark) AS mark_date,
                   -- the state after the last event: the value rolled forward and the cost held
                   (array_agg(e.state[1] ORDER BY e.event_date DESC, e.event_order DESC,
                                                  e.native ASC))[1] AS value_now,
                   (array_agg(e.state[2] ORDER BY e.event_date DESC, e.event_order DESC,
                                                  e.native ASC))[1] AS cost_now
            FROM ev AS e
            GROUP BY e.investment_id, e.investor_id, e.company_id, e.fund_id, e.investment_date,
                     e.holding_currency, e.currency, e.terminal, e.exit_date, e.exit_proceeds
        ),
        valued AS (
            SELECT w.*,
                   w.invested + w.fees AS paid,
                   CASE WHEN w.terminal = 'written-off' THEN 0
                        WHEN w.terminal = 'exited'
                            THEN greatest(coalesce(w.exit_proceeds, 0) - w.settled, 0)
                        ELSE greatest(w.value_now, 0)
                   END AS residual_native,
                   CASE WHEN w.terminal IS NULL THEN w.cost_now ELSE 0 END AS held
            FROM per AS w
        ),
        converted AS (
            SELECT w.*,
                   CASE WHEN w.residual_native = 0 OR w.hc = w.rc THEN w.residual_native
                        ELSE round(w.residual_native * auxeira.fx_rate(
                            w.hc, w.rc, ledger_performance.as_of,
                            ledger_performance.as_reported), 2)
                   END AS residual
            FROM valued AS w
        ),
        series AS (
            SELECT c.*,
                   CASE WHEN c.residual > 0 THEN c.dates || ledger_performance.as_of
                        ELSE c.dates END AS irr_dates,
                   CASE WHEN c.residual > 0 THEN c.amounts || c.residual
                        ELSE c.amounts END AS irr_amounts,
                   CASE WHEN c.residual > 0 THEN ledger_performance.as_of
                        WHEN c.terminal IS NOT NULL THEN greatest(c.exit_date, c.last_flow)
                        ELSE c.last_flow END AS ends
            FROM converted AS c
        ),
        rated AS (
            SELECT s.*,
                   auxeira.xirr(s.irr_amounts, s.irr_dates) AS raw_irr,
                   s.ends - coalesce(s.first_paid, s.investment_date) AS days,
                   CASE WHEN s.terminal IS NULL THEN s.residual - s.held ELSE 0 END AS paper
            FROM series AS s
        )
        SELECT r.investment_id, r.investor_id, r.company_id, r.fund_id,
               coalesce(r.terminal, 'active')::varchar,
               r.investment_date,
               r.rc,
               r.hc,
               r.invested, r.fees, r.paid, r.distributed, r.residual, r.distributed + r.residual,
               CASE WHEN r.terminal = 'written-off' THEN 'written-off'
                    WHEN r.terminal = 'exited' THEN 'exit proceeds'
                    WHEN r.mark_date IS NOT NULL THEN 'mark'
                    ELSE 'cost' END,
               r.mark_date,
               ledger_performance.as_of - r.mark_date,
               r.held,
               round((r.distributed + r.residual) / NULLIF(r.paid, 0), 6),
               round((r.distributed + r.residual) / NULLIF(r.paid, 0), 6),
               round(r.distributed / NULLIF(r.paid, 0), 6),
               round(r.residual / NULLIF(r.paid, 0), 6),
               CASE WHEN r.days < 365 THEN NULL
                    WHEN r.raw_irr IS NOT NULL THEN r.raw_irr
                    WHEN r.paid > 0 AND r.distributed + r.residual = 0 THEN -1 END,
               CASE WHEN r.raw_irr IS NOT NULL AND r.days > 0
                        THEN power(1 + r.raw_irr, r.days / 365.0) - 1
                    WHEN r.paid > 0
                        THEN ((r.distributed + r.residual) / r.paid - 1)::double precision
               END,
               r.days,
               r.days < 365,
               round(r.distributed + r.residual - r.paid - r.paper, 2),
               round(r.paper, 2),
               coalesce(r.first_paid, r.investment_date),
               r.ends,
               r.irr_dates,
               r.irr_amounts
        FROM rated AS r;
END
$$;

COMMENT ON FUNCTION auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]) IS
    'The performance engine: investment_performance''s rows computed from the ledger '
    '(auxeira.holding_events), optionally for the given investments only. '
    'investment_performance calls it for what auxeira.holding_figures does not hold; '
    'auxeira.refresh_holding_figures stores its rows. Definitions in '
    'sql/functions/040_performance.sql.';

CREATE OR REPLACE FUNCTION auxeira.investment_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL,
    fund uuid DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        fund_id uuid,
        status varchar,
        investment_date date,
        currency varchar,
        holding_currency varchar,
        invested numeric,
        fees numeric,
        paid_in numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        value_basis text,
        mark_date date,
        mark_age_days integer,
        cost_held numeric,
        moic numeric,
        tvpi numeric,
        dpi numeric,
        rvpi numeric,
        irr double precision,
        since_inception_return double precision,
        holding_days integer,
        short_holding boolean,
        realized_return numeric,
        paper_return numeric,
        period_start date,
        period_end date,
        cash_flow_dates date[],
        cash_flow_amounts numeric[]
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    wanted text := auxeira.checked_currency(investment_performance.reporting_currency);
    computed uuid[];
BEGIN
    IF investment_performance.as_reported IS NULL THEN
        -- the kept rows of the day asked, in the currency asked (each holding's own when NULL)
        RETURN QUERY
            SELECT h.investment_id, h.investor_id, h.company_id, h.fund_id, h.status,
                   h.investment_date, h.currency, h.holding_currency, h.invested, h.fees,
                   h.paid_in, h.distributed, h.residual_value, h.total_value, h.value_basis,
                   h.mark_date, h.mark_age_days, h.cost_held, h.moic, h.tvpi, h.dpi, h.rvpi,
                   h.irr, h.since_inception_return, h.holding_days, h.short_holding,
                   h.realized_return, h.paper_return, h.period_start, h.period_end,
                   h.cash_flow_dates, h.cash_flow_amounts
            FROM (
                -- one branch per filter (see holding_events): the tenant's rows by index
                SELECT x.* FROM auxeira.holding_figures AS x
                WHERE investment_performance.investor IS NOT NULL
                  AND x.investor_id = investment_performance.investor
                UNION ALL
                SELECT x.* FROM auxeira.holding_figures AS x
                WHERE investment_performance.investor IS NULL
                  AND investment_performance.fund IS NOT NULL
                  AND x.fund_id = investment_performance.fund
                UNION ALL
                SELECT x.* FROM auxeira.holding_figures AS x
                WHERE investment_performance.investor IS NULL
                  AND investment_performance.fund IS NULL
            ) AS h
            WHERE h.as_of = investment_performance.as_of
              AND (investment_performance.fund IS NULL OR h.fund_id = investment_performance.fund)
              AND h.currency = coalesce(wanted, h.holding_currency);
        -- the rest (other days, other currencies, holdings not kept) from the ledger
        computed := ARRAY(
            SELECT i.id
            FROM (
                SELECT x.* FROM auxeira.investments AS x
                WHERE investment_performance.investor IS NOT NULL
                  AND x.investor_id = investment_performance.investor
                UNION ALL
                SELECT x.* FROM auxeira.investments AS x
                WHERE investment_performance.investor IS NULL
                  AND investment_performance.fund IS NOT NULL
                  AND x.fund_id = investment_performance.fund
                UNION ALL
                SELECT x.* FROM auxeira.investments AS x
                WHERE investment_performance.investor IS NULL
                  AND investment_performance.fund IS NULL
            ) AS i
            WHERE i.investment_date <= investment_performance.as_of
              AND (investment_performance.fund IS NULL OR i.fund_id = investment_performance.fund)
              AND NOT EXISTS (
                  SELECT FROM auxeira.holding_figures AS h
                  WHERE h.investment_id = i.id
                    AND h.currency = coalesce(wanted, i.currency)
                    AND h.as_of = investment_performance.as_of));
        IF cardinality(computed) = 0 THEN
            RETURN;
        END IF;
    END IF;
    RETURN QUERY
        SELECT *
        FROM auxeira.ledger_performance(
            investment_performance.as_of, investment_performance.as_reported, wanted,
            investment_performance.investor, investment_performance.fund, computed);
END
$$;

COMMENT ON FUNCTION auxeira.investment_performance(date, timestamptz, text, uuid, uuid) IS
    'Per investment visible to the caller (optionally one investor''s or one fund''s), as of an '
    'economic date and as recorded by a knowledge time (NULL = now), in one reporting currency '
    '(the caller''s, else the holding''s own): invested, fees, paid-in, distributed, residual '
    'value rolled forward from the last mark (with mark_date, mark_age_days and value_basis: '
    'mark, cost, exit proceeds, written-off), cost still held, MOIC = TVPI, DPI, RVPI (all on '
    'paid-in, gross of fund fees), IRR annualised only for holdings of 365 days or more '
    '(since_inception_return and short_holding otherwise), realised and paper gain (average '
    'cost), and the IRR''s dated flow series. Definitions in sql/functions/040_performance.sql.';

CREATE FUNCTION auxeira.ledger_portfolio_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL,
    skip uuid[] DEFAULT NULL)
    RETURNS TABLE (
        investor_id uuid,
        currency varchar,
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
        since_inception_return double precision,
        holding_days integer,
        short_holding boolean,
        realized_return numeric,
        paper_return numeric,
        oldest_mark_date date,
        max_mark_age_days integer
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        WITH who AS (
            SELECT ledger_portfolio_performance.investor AS investor_id
            WHERE ledger_portfolio_performance.investor IS NOT NULL
            UNION ALL
            SELECT DISTINCT i.investor_id
            FROM auxeira.investments AS i
            WHERE ledger_portfolio_performance.investor IS NULL
              AND i.investor_id <> ALL (coalesce(ledger_portfolio_performance.skip, '{}'))
        ),
        perf AS MATERIALIZED (
            SELECT p.*
            FROM who
            CROSS JOIN LATERAL auxeira.investment_performance(
                ledger_portfolio_performance.as_of, ledger_portfolio_performance.as_reported,
                coalesce(ledger_portfolio_performance.reporting_currency,
                         auxeira.investor_reporting_currency(who.investor_id)),
                who.investor_id) AS p
        ),
        pooled AS (
            -- in a fixed order: the solver's last digits depend on the order of the sums
            SELECT p.investor_id,
                   auxeira.xirr(u.amount, u.flow_date ORDER BY u.flow_date, u.amount) AS raw_irr
            FROM perf AS p
            CROSS JOIN LATERAL unnest(p.cash_flow_amounts, p.cash_flow_dates) AS u(amount, flow_date)
            GROUP BY p.investor_id
        ),
        totals AS (
            SELECT p.investor_id,
                   max(p.currency)::varchar AS currency,
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
                   sum(p.paper_return) AS paper,
                   max(p.period_end) - min(p.period_start) AS days,
                   min(p.mark_date) FILTER (WHERE p.status = 'active') AS oldest_mark,
                   max(p.mark_age_days) FILTER (WHERE p.status = 'active') AS max_age
            FROM perf AS p
            GROUP BY p.investor_id
        )
        SELECT t.investor_id, t.currency, t.n, t.n_active, t.n_exited, t.n_written_off,
               t.invested, t.fees, t.paid_in, t.distributed, t.residual,
               t.distributed + t.residual,
               round((t.distributed + t.residual) / NULLIF(t.paid_in, 0), 6),
               round((t.distributed + t.residual) / NULLIF(t.paid_in, 0), 6),
               round(t.distributed / NULLIF(t.paid_in, 0), 6),
               round(t.residual / NULLIF(t.paid_in, 0), 6),
               CASE WHEN t.days < 365 THEN NULL
                    WHEN pooled.raw_irr IS NOT NULL THEN pooled.raw_irr
                    WHEN t.paid_in > 0 AND t.distributed + t.residual = 0 THEN -1 END,
               CASE WHEN pooled.raw_irr IS NOT NULL AND t.days > 0
                        THEN power(1 + pooled.raw_irr, t.days / 365.0) - 1
                    WHEN t.paid_in > 0
                        THEN ((t.distributed + t.residual) / t.paid_in - 1)::double precision
               END,
               t.days,
               t.days < 365,
               t.realised,
               t.paper,
               t.oldest_mark,
               t.max_age
        FROM totals AS t
        LEFT JOIN pooled ON pooled.investor_id = t.investor_id;
END
$$;

COMMENT ON FUNCTION auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]) IS
    'portfolio_performance''s rows computed from auxeira.investment_performance (the pooled IRR '
    'over every flow), for one investor or every visible investor but those skipped. '
    'portfolio_performance calls it for what auxeira.portfolio_figures does not hold.';

CREATE OR REPLACE FUNCTION auxeira.portfolio_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL)
    RETURNS TABLE (
        investor_id uuid,
        currency varchar,
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
        since_inception_return double precision,
        holding_days integer,
        short_holding boolean,
        realized_return numeric,
        paper_return numeric,
        oldest_mark_date date,
        max_mark_age_days integer
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    wanted text := auxeira.checked_currency(portfolio_performance.reporting_currency);
    kept uuid[];
BEGIN
    IF portfolio_performance.as_reported IS NULL THEN
        IF portfolio_performance.investor IS NOT NULL THEN
            -- one tenant: its kept row of the day asked, by primary key
            RETURN QUERY
                SELECT pf.investor_id, pf.currency, pf.investments, pf.active_investments,
                   pf.exited_investments, pf.written_off_investments, pf.invested, pf.fees,
                   pf.paid_in, pf.distributed, pf.residual_value, pf.total_value, pf.moic,
                   pf.tvpi, pf.dpi, pf.rvpi, pf.irr, pf.since_inception_return,
                   pf.holding_days, pf.short_holding, pf.realized_return, pf.paper_return,
                   pf.oldest_mark_date, pf.max_mark_age_days
                FROM auxeira.portfolio_figures AS pf
                WHERE pf.investor_id = portfolio_performance.investor
                  AND pf.as_of = portfolio_performance.as_of
                  AND (wanted IS NULL OR pf.currency = wanted);
            IF FOUND THEN
                RETURN;
            END IF;
        ELSE
            kept := ARRAY(
                SELECT pf.investor_id
                FROM auxeira.portfolio_figures AS pf
                WHERE pf.as_of = portfolio_performance.as_of
                  AND (wanted IS NULL OR pf.currency = wanted));
            RETURN QUERY
                SELECT pf.investor_id, pf.currency, pf.investments, pf.active_investments,
                   pf.exited_investments, pf.written_off_investments, pf.invested, pf.fees,
                   pf.paid_in, pf.distributed, pf.residual_value, pf.total_value, pf.moic,
                   pf.tvpi, pf.dpi, pf.rvpi, pf.irr, pf.since_inception_return,
                   pf.holding_days, pf.short_holding, pf.realized_return, pf.paper_return,
                   pf.oldest_mark_date, pf.max_mark_age_days
                FROM auxeira.portfolio_figures AS pf
                WHERE pf.investor_id = ANY (kept);
        END IF;
    END IF;
    -- the rest (other days, other currencies, portfolios not kept) from the holdings
    RETURN QUERY
        SELECT *
        FROM auxeira.ledger_portfolio_performance(
            portfolio_performance.as_of, portfolio_performance.as_reported, wanted,
            portfolio_performance.investor, kept);
END
$$;

COMMENT ON FUNCTION auxeira.portfolio_performance(date, timestamptz, text, uuid) IS
    'Per investor (of the investments visible to the caller; optionally one investor), as of '
    'a date and as recorded by a knowledge time, in one reporting currency (the caller''s, else '
    'auxeira.investor_reporting_currency): counts by status, paid-in, distributed, residual '
    'value, MOIC = TVPI, DPI, RVPI, the pooled IRR of all the investor''s flows (annualised only '
    'over 365 days or more; since_inception_return otherwise), realised and paper gain, and the '
    'oldest mark behind an active holding''s value with its age.';

CREATE FUNCTION auxeira.refresh_holding_figures(
    investments uuid[] DEFAULT NULL,
    investors uuid[] DEFAULT NULL,
    as_of date DEFAULT CURRENT_DATE)
    RETURNS bigint
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    everything boolean := investments IS NULL AND investors IS NULL;
    owners uuid[];
    mixed uuid[];
    o uuid;
    rc text;
    written bigint := 0;
    n bigint;
BEGIN
    IF everything THEN
        -- a full rebuild: writers wait for it (and it for them) on the figures tables
        LOCK TABLE auxeira.holding_figures, auxeira.portfolio_figures IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM auxeira.holding_figures;
        DELETE FROM auxeira.portfolio_figures;
        owners := ARRAY(SELECT DISTINCT i.investor_id FROM auxeira.investments AS i);
    ELSE
        owners := ARRAY(
            SELECT DISTINCT x.o
            FROM (SELECT unnest(coalesce(refresh_holding_figures.investors, '{}')) AS o
                  UNION ALL
                  SELECT i.investor_id
                  FROM auxeira.investments AS i
                  WHERE i.id = ANY (refresh_holding_figures.investments)) AS x
            ORDER BY x.o);
        PERFORM pg_advisory_xact_lock(hashtextextended('auxeira.holding_figures ' || w::text, 0))
        FROM unnest(owners) AS w;
        -- from here each statement sees what writers that held these locks committed
        -- the touched holdings, and every converted row of their investors: a new currency in
        -- a portfolio changes the currency all its holdings report in
        DELETE FROM auxeira.holding_figures AS h
        WHERE h.investment_id = ANY (refresh_holding_figures.investments)
           OR (h.converted AND h.investor_id = ANY (owners));
        DELETE FROM auxeira.portfolio_figures AS p WHERE p.investor_id = ANY (owners);
    END IF;

    -- each holding in its own currency, when no rate goes into it (set-based)
    INSERT INTO auxeira.holding_figures
    SELECT p.investment_id, refresh_holding_figures.as_of, false, p.investor_id, p.company_id,
           p.fund_id, p.status, p.investment_date, p.currency, p.holding_currency, p.invested,
           p.fees, p.paid_in, p.distributed, p.residual_value, p.total_value, p.value_basis,
           p.mark_date, p.mark_age_days, p.cost_held, p.moic, p.tvpi, p.dpi, p.rvpi, p.irr,
           p.since_inception_return, p.holding_days, p.short_holding, p.realized_return,
           p.paper_return, p.period_start, p.period_end, p.cash_flow_dates, p.cash_flow_amounts
    FROM auxeira.ledger_performance(
        refresh_holding_figures.as_of, NULL, NULL, NULL, NULL,
        ARRAY(SELECT i.id
              FROM auxeira.investments AS i
              WHERE (everything OR i.id = ANY (refresh_holding_figures.investments))
                AND NOT auxeira.holding_uses_fx(i.id))) AS p;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    -- portfolios without any rate in them (set-based)
    mixed := ARRAY(
        SELECT i.investor_id
        FROM auxeira.investments AS i
        WHERE i.investor_id = ANY (owners)
        GROUP BY i.investor_id
        HAVING min(i.currency) <> max(i.currency) OR bool_or(auxeira.holding_uses_fx(i.id)));
    INSERT INTO auxeira.portfolio_figures
    SELECT p.investor_id, refresh_holding_figures.as_of, false, p.currency, p.investments,
           p.active_investments, p.exited_investments, p.written_off_investments, p.invested,
           p.fees, p.paid_in, p.distributed, p.residual_value, p.total_value, p.moic, p.tvpi,
           p.dpi, p.rvpi, p.irr, p.since_inception_return, p.holding_days, p.short_holding,
           p.realized_return, p.paper_return, p.oldest_mark_date, p.max_mark_age_days
    FROM unnest(owners) AS w
    CROSS JOIN LATERAL auxeira.ledger_portfolio_performance(
        refresh_holding_figures.as_of, NULL, NULL, w, NULL) AS p
    WHERE w <> ALL (mixed);
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    -- investors whose figures convert: all their holdings in the portfolio's currency, and the
    -- portfolio; one investor at a time, so that a missing rate leaves only that investor's
    -- figures to be computed when read (where the error names the rate)
    FOREACH o IN ARRAY mixed LOOP
        BEGIN
            rc := auxeira.investor_reporting_currency(o);
            INSERT INTO auxeira.holding_figures
            SELECT p.investment_id, refresh_holding_figures.as_of, true, p.investor_id,
                   p.company_id, p.fund_id, p.status, p.investment_date, p.currency,
                   p.holding_currency, p.invested, p.fees, p.paid_in, p.distributed,
                   p.residual_value, p.total_value, p.value_basis, p.mark_date, p.mark_age_days,
                   p.cost_held, p.moic, p.tvpi, p.dpi, p.rvpi, p.irr, p.since_inception_return,
                   p.holding_days, p.short_holding, p.realized_return, p.paper_return,
                   p.period_start, p.period_end, p.cash_flow_dates, p.cash_flow_amounts
            FROM auxeira.ledger_performance(
                refresh_holding_figures.as_of, NULL, rc, o, NULL,
                ARRAY(SELECT i.id
                      FROM auxeira.investments AS i
                      WHERE i.investor_id = o
                        AND (i.currency <> rc OR auxeira.holding_uses_fx(i.id)))) AS p;
            GET DIAGNOSTICS n = ROW_COUNT;
            written := written + n;
            INSERT INTO auxeira.portfolio_figures
            SELECT p.investor_id, refresh_holding_figures.as_of, true, p.currency,
                   p.investments, p.active_investments, p.exited_investments,
                   p.written_off_investments, p.invested, p.fees, p.paid_in, p.distributed,
                   p.residual_value, p.total_value, p.moic, p.tvpi, p.dpi, p.rvpi, p.irr,
                   p.since_inception_return, p.holding_days, p.short_holding,
                   p.realized_return, p.paper_return, p.oldest_mark_date, p.max_mark_age_days
            FROM auxeira.ledger_portfolio_performance(
                refresh_holding_figures.as_of, NULL, NULL, o, NULL) AS p;
            GET DIAGNOSTICS n = ROW_COUNT;
            written := written + n;
        EXCEPTION WHEN no_data_found THEN
            NULL;  -- a rate is missing: nothing kept for this investor, reads compute (and say so)
        END;
    END LOOP;
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira.refresh_holding_figures(uuid[], uuid[], date) IS
    'Recomputes auxeira.holding_figures for the given investments (in their own currency and in '
    'their investor''s reporting currency) and auxeira.portfolio_figures for their investors and '
    'the given ones, as of a day (default today), from the ledger; a figure that needs a '
    'missing exchange rate is left out (the read computes it and names the rate). With no '
    'arguments, rebuilds both tables (the job holding-figures runs this each day). Locks the '
    'investors first (see sql/functions/045_holding_figures.sql). Returns the rows written. '
    'Run by the ledger''s statement triggers and the owner; not granted to services.';

CREATE FUNCTION auxeira.holding_uses_fx(investment uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
               SELECT FROM auxeira.investment_cash_flows AS f
               JOIN auxeira.investments AS i ON i.id = f.investment_id
               WHERE f.investment_id = holding_uses_fx.investment AND f.currency <> i.currency)
        OR EXISTS (
               SELECT FROM auxeira.valuation_marks AS m
               JOIN auxeira.investments AS i ON i.id = m.investment_id
               WHERE m.investment_id = holding_uses_fx.investment AND m.currency <> i.currency)
$$;

COMMENT ON FUNCTION auxeira.holding_uses_fx(uuid) IS
    'True when a cash flow or valuation mark of the investment (reversed ones included) is in '
    'another currency than the investment''s: its figures depend on exchange rates, so '
    'auxeira.refresh_holding_figures keeps them as converted rows (rewritten when rates change).';

CREATE FUNCTION auxeira.figures_deferred()
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(current_setting('auxeira.defer_figures', true), '') = 'on'
           AND auxeira.acting_as_platform()
$$;

COMMENT ON FUNCTION auxeira.figures_deferred() IS
    'True when the platform (auxeira_owner or a member, see acting_as_platform) set '
    'auxeira.defer_figures = on for a bulk load: the kept-figures triggers then skip their work '
    'and the loader calls auxeira.refresh_holding_figures() at its end. Always false for '
    'services, whatever they set. SECURITY INVOKER: it judges the writing role.';

CREATE FUNCTION auxeira.ledger_figures_changed()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    touched uuid[];
    owners uuid[];
BEGIN
    IF TG_TABLE_NAME = 'investments' AND TG_OP = 'UPDATE' THEN
        -- only what the figures depend on (not the stored irr/moic the metrics job writes)
        SELECT array_agg(c.id), array_agg(DISTINCT c.investor_id) INTO touched, owners
        FROM changed AS c
        JOIN previous AS b ON b.id = c.id
        WHERE (c.status, c.exit_date, c.exit_proceeds, c.exit_recorded_at, c.amount,
               c.investment_date, c.currency, c.fund_id, c.company_id, c.created_at)
              IS DISTINCT FROM
              (b.status, b.exit_date, b.exit_proceeds, b.exit_recorded_at, b.amount,
               b.investment_date, b.currency, b.fund_id, b.company_id, b.created_at);
    ELSIF TG_TABLE_NAME = 'investments' THEN
        SELECT array_agg(c.id), array_agg(DISTINCT c.investor_id) INTO touched, owners
        FROM changed AS c;
    ELSE
        SELECT array_agg(DISTINCT c.investment_id) INTO touched FROM changed AS c;
    END IF;
    IF touched IS NOT NULL THEN
        PERFORM auxeira.refresh_holding_figures(touched, owners);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.ledger_figures_changed() IS
    'Statement trigger of investments, investment_cash_flows and valuation_marks (transition '
    'tables "changed", and "previous" for an update of investments): recomputes the kept figures of the investments the statement touched and '
    'of their investors, in the writing transaction. The triggers'' WHEN clause skips it for '
    'a bulk load by the platform that set auxeira.defer_figures = on (it calls '
    'auxeira.refresh_holding_figures() at its end); other roles cannot skip it.';

CREATE FUNCTION auxeira.fx_rates_changed()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- every investor whose figures convert, and their holdings
    PERFORM auxeira.refresh_holding_figures(
        ARRAY(SELECT i.id FROM auxeira.investments AS i WHERE i.investor_id = ANY (x.mixed)),
        x.mixed)
    FROM (SELECT ARRAY(
              SELECT i.investor_id
              FROM auxeira.investments AS i
              GROUP BY i.investor_id
              HAVING min(i.currency) <> max(i.currency)
                  OR bool_or(auxeira.holding_uses_fx(i.id))) AS mixed) AS x
    WHERE cardinality(x.mixed) > 0;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.fx_rates_changed() IS
    'Statement trigger of auxeira.fx_rates: a rate entered, restated or removed rewrites the kept '
    'figures of every investor whose figures convert an amount (holdings in several currencies, '
    'or an entry in another currency than its holding''s), in the same transaction.';

-- One statement trigger per ledger table and event: transition tables cannot serve a trigger
-- with several events or a column list, and a COPY of many rows costs one recomputation. The
-- WHEN clause runs as the writing role (the trigger function is SECURITY DEFINER), so only the
-- platform can defer the work (auxeira.figures_deferred).
CREATE TRIGGER investments_figures_insert
    AFTER INSERT ON auxeira.investments
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investments_figures_insert ON auxeira.investments IS
    'Keeps auxeira.holding_figures and portfolio_figures current for new investments.';

CREATE TRIGGER investments_figures_update
    AFTER UPDATE ON auxeira.investments
    REFERENCING OLD TABLE AS previous NEW TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investments_figures_update ON auxeira.investments IS
    'Keeps auxeira.holding_figures and portfolio_figures current when what they depend on '
    'changes (status, exit, amount, dates, currency, fund); other columns cost nothing.';

CREATE TRIGGER investments_figures_delete
    AFTER DELETE ON auxeira.investments
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investments_figures_delete ON auxeira.investments IS
    'Recomputes the portfolio figures of the investors whose investments were deleted (their '
    'holding rows go by ON DELETE CASCADE).';

CREATE TRIGGER investment_cash_flows_figures
    AFTER INSERT ON auxeira.investment_cash_flows
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investment_cash_flows_figures ON auxeira.investment_cash_flows IS
    'Keeps auxeira.holding_figures and portfolio_figures current for the flows (and reversals) '
    'entered.';

CREATE TRIGGER valuation_marks_figures
    AFTER INSERT ON auxeira.valuation_marks
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER valuation_marks_figures ON auxeira.valuation_marks IS
    'Keeps auxeira.holding_figures and portfolio_figures current for the marks (and reversals) '
    'entered.';

-- Flows and marks are append-only for services (050_ledger.sql); the platform's own UPDATE or
-- DELETE of them (cleanup of expired synthetic rows) is followed by a rebuild.
CREATE TRIGGER investment_cash_flows_figures_delete
    AFTER DELETE ON auxeira.investment_cash_flows
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investment_cash_flows_figures_delete ON auxeira.investment_cash_flows IS
    'Keeps the kept figures current when the platform deletes flows (cleanup).';

CREATE TRIGGER valuation_marks_figures_delete
    AFTER DELETE ON auxeira.valuation_marks
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER valuation_marks_figures_delete ON auxeira.valuation_marks IS
    'Keeps the kept figures current when the platform deletes marks (cleanup).';

CREATE TRIGGER fx_rates_figures
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.fx_rates
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.fx_rates_changed();
COMMENT ON TRIGGER fx_rates_figures ON auxeira.fx_rates IS
    'Rewrites the kept figures that convert an amount when the rates change (auxeira-db fx '
    'import, cleanup of expired synthetic rates).';

DO $$ BEGIN PERFORM auxeira.apply_uniform_policies('holding_figures', 'portfolio_figures'); END $$;

CREATE POLICY holding_figures_select ON auxeira.holding_figures
    FOR SELECT TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]));
COMMENT ON POLICY holding_figures_select ON auxeira.holding_figures IS
    'A tenant reads the figures of the investments whose flows and marks it reads (the '
    'investor''s own; the founder''s accepted ones): the same rows the figures come from.';

CREATE POLICY portfolio_figures_select ON auxeira.portfolio_figures
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY portfolio_figures_select ON auxeira.portfolio_figures IS
    'An investor reads their own portfolio totals only (a founder sees part of a portfolio, so '
    'gets it computed from what they see).';

GRANT SELECT ON auxeira.holding_figures, auxeira.portfolio_figures TO auxeira_app;
GRANT SELECT ON auxeira.holding_figures, auxeira.portfolio_figures TO auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]),
    auxeira.refresh_holding_figures(uuid[], uuid[], date),
    auxeira.holding_uses_fx(uuid),
    auxeira.figures_deferred(),
    auxeira.ledger_figures_changed(),
    auxeira.fx_rates_changed()
    FROM PUBLIC;
-- the performance functions call these as the caller
GRANT EXECUTE ON FUNCTION
    auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]),
    auxeira.figures_deferred()
    TO auxeira_app, auxeira_readonly;

-- cleanup: a cascading reference (the kept figures) does not keep an expired synthetic row
CREATE OR REPLACE FUNCTION auxeira.cleanup_expired_synthetic_data()
    RETURNS TABLE (table_name text, deleted bigint, retained bigint)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target record;
    guard text;
    n_deleted bigint;
    n_retained bigint;
    total_deleted bigint := 0;
    total_retained bigint := 0;
BEGIN
    FOR target IN
        WITH RECURSIVE synthetic AS (
            SELECT c.oid, c.relname
            FROM pg_class AS c
            JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = 'auxeira'
              AND c.relkind IN ('r', 'p')
              AND NOT c.relispartition
              AND EXISTS (SELECT FROM pg_attribute AS a
                          WHERE a.attrelid = c.oid AND a.attname = 'is_synthetic'
                            AND NOT a.attisdropped)
              AND EXISTS (SELECT FROM pg_attribute AS a
                          WHERE a.attrelid = c.oid AND a.attname = 'expires_at'
                            AND NOT a.attisdropped)
        ),
        edges AS (
            SELECT DISTINCT con.conrelid AS child, con.confrelid AS parent
            FROM pg_constraint AS con
            WHERE con.contype = 'f' AND con.conrelid <> con.confrelid
        ),
        -- height: the longest chain of referencing tables below a table; 0 for leaves
        heights (oid, height) AS (
            SELECT s.oid, 0 FROM synthetic AS s
            UNION ALL
            SELECT e.parent, h.height + 1
            FROM heights AS h
            JOIN edges AS e ON e.child = h.oid
            WHERE h.height < 64
        )
        SELECT s.oid, s.relname, max(h.height) AS height
        FROM synthetic AS s
        JOIN heights AS h ON h.oid = s.oid
        GROUP BY s.oid, s.relname
        ORDER BY height, s.relname
    LOOP
        -- One NOT EXISTS per foreign key that points at this table, from any table.
        SELECT string_agg(
                   format(' AND NOT EXISTS (SELECT FROM %s AS r WHERE %s)',
                          con.conrelid::regclass,
                          (SELECT string_agg(format('r.%I = t.%I', ca.attname, pa.attname), ' AND ')
                           FROM unnest(con.conkey, con.confkey) AS k(child_col, parent_col)
                           JOIN pg_attribute AS ca
                             ON ca.attrelid = con.conrelid AND ca.attnum = k.child_col
                           JOIN pg_attribute AS pa
                             ON pa.attrelid = con.confrelid AND pa.attnum = k.parent_col)),
                   '' ORDER BY con.conname)
        INTO guard
        FROM pg_constraint AS con
        -- a reference that cascades holds derived rows (the kept figures of 0016), which go
        -- with their parent instead of keeping it
        WHERE con.contype = 'f' AND con.confrelid = target.oid AND con.confdeltype <> 'c';

        EXECUTE format(
            'DELETE FROM auxeira.%I AS t WHERE t.is_synthetic AND t.expires_at <= now()%s',
            target.relname, coalesce(guard, ''));
        GET DIAGNOSTICS n_deleted = ROW_COUNT;

        EXECUTE format(
            'SELECT count(*) FROM auxeira.%I AS t WHERE t.is_synthetic AND t.expires_at <= now()',
            target.relname)
        INTO n_retained;

        table_name := target.relname;
        deleted := n_deleted;
        retained := n_retained;
        total_deleted := total_deleted + n_deleted;
        total_retained := total_retained + n_retained;
        RETURN NEXT;
    END LOOP;

    table_name := 'total';
    deleted := total_deleted;
    retained := total_retained;
    RETURN NEXT;
END
$$;


-- the figures of today, from the ledger as it stands
DO $$ BEGIN PERFORM auxeira.refresh_holding_figures(); END $$;
