-- depends: 0020_faster_xirr
-- 0021_one_row_type: issue 11 (one shape) and issue 12 (cheaper kept figures). A holding's and
-- a portfolio's figures are defined once, as the row types of auxeira.holding_figures and
-- auxeira.portfolio_figures: the engine (ledger_performance, ledger_portfolio_performance) and
-- the readers (investment_performance, portfolio_performance) return rows of those types, with
-- the day they answer for (as_of) and whether a rate went into them (converted) as their last
-- columns, and refresh_holding_figures stores them as they come (finding the holdings with an
-- entry in another currency once per call instead of three times). The two kept tables are
-- derived data: they are dropped, created with the new column order and rebuilt. The VC and
-- angel portfolio views share auxeira_dash.investor_holdings; auxeira_dash.vc_performance()
-- returns the rows of auxeira_mv.vc_performance. Dependent views are dropped and created again
-- with their grants and comments.

SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira_dash.vc_performance(text);
DROP MATERIALIZED VIEW auxeira_mv.vc_performance;
DROP FUNCTION IF EXISTS auxeira.vc_performance_holdings(uuid);
DROP VIEW auxeira_dash.vc_portfolio, auxeira_dash.angel_portfolio, auxeira_dash.vc_portfolio_totals,
    auxeira_dash.angel_portfolio_totals;
DROP FUNCTION auxeira.investment_performance(date, timestamptz, text, uuid, uuid),
    auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.portfolio_performance(date, timestamptz, text, uuid),
    auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]);
DROP TABLE auxeira.holding_figures, auxeira.portfolio_figures;

CREATE TABLE auxeira.holding_figures (
    investment_id uuid NOT NULL,
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
    as_of date NOT NULL,
    converted boolean NOT NULL,
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
    'auxeira.refresh_holding_figures(). Its row type is the result of investment_performance and '
    'of the engine (ledger_performance), so the columns are defined here once.';

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
    as_of date NOT NULL,
    converted boolean NOT NULL,
    CONSTRAINT portfolio_figures_pkey PRIMARY KEY (investor_id),
    CONSTRAINT portfolio_figures_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE
);

COMMENT ON TABLE auxeira.portfolio_figures IS
    'One row per investor: the row of auxeira.portfolio_performance(as_of) as known now, in the '
    'investor''s reporting currency (pooled IRR over every flow). Maintained with '
    'holding_figures, in the same transaction; never written by services. Its row type is the '
    'result of portfolio_performance and ledger_portfolio_performance.';

COMMENT ON COLUMN auxeira.portfolio_figures.as_of IS
    'The economic date the figures answer for (the writer''s CURRENT_DATE).';

COMMENT ON COLUMN auxeira.portfolio_figures.converted IS
    'true = an exchange rate went into the row (holdings in several currencies, or an entry in '
    'another currency): rewritten whenever auxeira.fx_rates changes.';

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

CREATE FUNCTION auxeira.ledger_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL,
    fund uuid DEFAULT NULL,
    investments uuid[] DEFAULT NULL)
    RETURNS SETOF auxeira.holding_figures
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
        in_reporting AS (
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
            FROM in_reporting AS c
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
               r.irr_amounts,
               ledger_performance.as_of,
               r.rc <> r.hc OR auxeira.holding_uses_fx(r.investment_id)
        FROM rated AS r;
END
$$;

COMMENT ON FUNCTION auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]) IS
    'The performance engine: investment_performance''s rows computed from the ledger '
    '(auxeira.holding_events), optionally for the given investments only. '
    'investment_performance calls it for what auxeira.holding_figures does not hold; '
    'auxeira.refresh_holding_figures stores its rows. Definitions in '
    'sql/functions/040_performance.sql.';

CREATE FUNCTION auxeira.investment_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL,
    fund uuid DEFAULT NULL)
    RETURNS SETOF auxeira.holding_figures
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
            SELECT h.*
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
    'cost), the IRR''s dated flow series, the day the row answers for (as_of) and whether an '
    'exchange rate went into it (converted). Rows of the type of auxeira.holding_figures, '
    'which keeps them. Definitions in sql/functions/040_performance.sql.';

CREATE FUNCTION auxeira.ledger_portfolio_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL,
    skip uuid[] DEFAULT NULL)
    RETURNS SETOF auxeira.portfolio_figures
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
                   max(p.mark_age_days) FILTER (WHERE p.status = 'active') AS max_age,
                   bool_or(p.converted) AS converted
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
               t.max_age,
               ledger_portfolio_performance.as_of,
               t.converted
        FROM totals AS t
        LEFT JOIN pooled ON pooled.investor_id = t.investor_id;
END
$$;

COMMENT ON FUNCTION auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]) IS
    'portfolio_performance''s rows computed from auxeira.investment_performance (the pooled IRR '
    'over every flow), for one investor or every visible investor but those skipped. '
    'portfolio_performance calls it for what auxeira.portfolio_figures does not hold.';

CREATE FUNCTION auxeira.portfolio_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL)
    RETURNS SETOF auxeira.portfolio_figures
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
                SELECT pf.*
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
                SELECT pf.*
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

REVOKE EXECUTE ON FUNCTION
    auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]),
    auxeira.refresh_holding_figures(uuid[], uuid[], date),
    auxeira.holding_uses_fx(uuid),
    auxeira.figures_deferred(),
    auxeira.ledger_figures_changed(),
    auxeira.fx_rates_changed()
    FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]),
    auxeira.holding_uses_fx(uuid),
    auxeira.figures_deferred()
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira.fx_rate(text, text, date, timestamptz),
    auxeira.fx_convert(numeric, text, text, date, timestamptz),
    auxeira.ledger_entry(),
    auxeira.holding_step(numeric[], text, numeric, numeric),
    auxeira.holding_rollforward(text, numeric, numeric),
    auxeira.checked_currency(text),
    auxeira.investor_reporting_currency(uuid),
    auxeira.holding_events(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.investment_performance(date, timestamptz, text, uuid, uuid),
    auxeira.investment_realisations(date, timestamptz, text, uuid),
    auxeira.portfolio_performance(date, timestamptz, text, uuid),
    auxeira.fund_performance(date, timestamptz, text, uuid)
    FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    auxeira.fx_rate(text, text, date, timestamptz),
    auxeira.fx_convert(numeric, text, text, date, timestamptz),
    auxeira.ledger_entry(),
    auxeira.holding_step(numeric[], text, numeric, numeric),
    auxeira.holding_rollforward(text, numeric, numeric),
    auxeira.checked_currency(text),
    auxeira.investor_reporting_currency(uuid),
    auxeira.holding_events(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.investment_performance(date, timestamptz, text, uuid, uuid),
    auxeira.investment_realisations(date, timestamptz, text, uuid),
    auxeira.portfolio_performance(date, timestamptz, text, uuid),
    auxeira.fund_performance(date, timestamptz, text, uuid)
    TO auxeira_app, auxeira_readonly;

CREATE OR REPLACE FUNCTION auxeira.refresh_holding_figures(
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
    fx uuid[];
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

    -- the holdings of these investors with an entry in another currency, looked up once
    fx := ARRAY(
        SELECT i.id
        FROM auxeira.investments AS i
        WHERE i.investor_id = ANY (owners) AND auxeira.holding_uses_fx(i.id));

    -- each holding in its own currency, when no rate goes into it (set-based)
    INSERT INTO auxeira.holding_figures
    SELECT p.*
    FROM auxeira.ledger_performance(
        refresh_holding_figures.as_of, NULL, NULL, NULL, NULL,
        ARRAY(SELECT i.id
              FROM auxeira.investments AS i
              WHERE (everything OR i.id = ANY (refresh_holding_figures.investments))
                AND i.id NOT IN (SELECT unnest(fx)))) AS p;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    -- portfolios without any rate in them (set-based)
    mixed := ARRAY(
        SELECT i.investor_id
        FROM auxeira.investments AS i
        WHERE i.investor_id = ANY (owners)
        GROUP BY i.investor_id
        HAVING min(i.currency) <> max(i.currency) OR bool_or(i.id IN (SELECT unnest(fx))));
    INSERT INTO auxeira.portfolio_figures
    SELECT p.*
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
            SELECT p.*
            FROM auxeira.ledger_performance(
                refresh_holding_figures.as_of, NULL, rc, o, NULL,
                ARRAY(SELECT i.id
                      FROM auxeira.investments AS i
                      WHERE i.investor_id = o
                        AND (i.currency <> rc OR i.id IN (SELECT unnest(fx))))) AS p;
            GET DIAGNOSTICS n = ROW_COUNT;
            written := written + n;
            INSERT INTO auxeira.portfolio_figures
            SELECT p.*
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

DO $$ BEGIN PERFORM auxeira.refresh_holding_figures(); END $$;

CREATE VIEW auxeira_dash.investor_holdings WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.fund_id,
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
           p.paper_return,
           p.currency,
           p.holding_currency,
           p.value_basis,
           p.mark_date,
           p.mark_age_days,
           p.since_inception_return,
           p.short_holding,
           p.holding_days
    FROM auxeira.investment_performance(
        CURRENT_DATE, NULL,
        auxeira.investor_reporting_currency(auxeira.current_user_id()),
        auxeira.current_user_id()) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    WHERE p.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.investor_holdings IS
    'The current user''s holdings as of today, one row per investment, in the portfolio''s '
    'reporting currency (currency; holding_currency is the cheque''s): company, industry, '
    'company stage now and round at entry, fund (NULL for a direct investment), status, equity '
    'at entry, invested, value (rolled forward from the last mark: value_basis, mark_date and '
    'mark_age_days say from what), MOIC = TVPI (on paid-in, deal fees in cost), DPI, IRR '
    '(annualised only from 365 days: since_inception_return and short_holding otherwise) and '
    'the realised / paper split (average cost). Rules in sql/functions/040_performance.sql. '
    'The common part of vc_portfolio and angel_portfolio. security_invoker: row-level security '
    'applies to the reader.';

CREATE VIEW auxeira_dash.investor_portfolio_totals WITH (security_invoker = true) AS
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
           t.currency,
           t.since_inception_return,
           t.short_holding,
           t.oldest_mark_date,
           t.max_mark_age_days
    FROM auxeira.portfolio_performance(CURRENT_DATE, NULL, NULL, auxeira.current_user_id()) AS t
    WHERE t.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.investor_portfolio_totals IS
    'The current user''s portfolio as of today, one row (none without investments), in its '
    'reporting currency (the currency of all holdings, else USD): counts by status, invested, '
    'value, MOIC, TVPI, DPI, RVPI, the pooled IRR of all flows (NULL under 365 days: '
    'since_inception_return then), realised and paper gains, the oldest mark behind an active '
    'value and its age. The common part of vc_portfolio_totals and angel_portfolio_totals. '
    'security_invoker: row-level security applies to the reader.';

CREATE VIEW auxeira_dash.vc_portfolio WITH (security_invoker = true) AS
    SELECT h.*,
           f.name AS fund_name
    FROM auxeira_dash.investor_holdings AS h
    LEFT JOIN auxeira.funds AS f ON f.id = h.fund_id;

COMMENT ON VIEW auxeira_dash.vc_portfolio IS
    'GET /api/dashboard/vc/portfolio (holdings): the rows of auxeira_dash.investor_holdings '
    '(the current user''s investments as of today, in the portfolio''s reporting currency: '
    'company, round, status, invested, value and its basis, MOIC = TVPI, DPI, IRR, realised / '
    'paper split) with the name of the fund each was made from. security_invoker: row-level '
    'security applies to the reader.';

CREATE VIEW auxeira_dash.vc_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.*,
           snap.metric_date AS snapshot_date,
           snap.unicorn_count,
           snap.top_quartile_count
    FROM auxeira_dash.investor_portfolio_totals AS t
    LEFT JOIN LATERAL (
        SELECT m.metric_date, m.unicorn_count, m.top_quartile_count
        FROM auxeira.portfolio_metrics AS m
        WHERE m.investor_id = auxeira.current_user_id()
        ORDER BY m.metric_date DESC
        LIMIT 1
    ) AS snap ON true;

COMMENT ON VIEW auxeira_dash.vc_portfolio_totals IS
    'GET /api/dashboard/vc/portfolio (totals): the row of auxeira_dash.investor_portfolio_totals '
    '(the current user''s portfolio as of today: counts by status, invested, value, MOIC, TVPI, '
    'DPI, RVPI, pooled IRR, the oldest mark behind a value) with the unicorn and top-quartile '
    'counts of the latest portfolio_metrics snapshot (NULL when never snapshotted).';

CREATE FUNCTION auxeira.vc_performance_holdings(investor uuid)
    RETURNS SETOF auxeira.holding_figures
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
        SELECT *
        FROM auxeira.investment_performance(
            CURRENT_DATE, NULL,
            auxeira.investor_reporting_currency(vc_performance_holdings.investor),
            vc_performance_holdings.investor);
EXCEPTION WHEN no_data_found THEN
    RAISE WARNING 'auxeira_mv.vc_performance: investor % left out: %',
        vc_performance_holdings.investor, SQLERRM;
END
$$;

COMMENT ON FUNCTION auxeira.vc_performance_holdings(uuid) IS
    'The holdings of one investor as of today in the portfolio''s reporting currency '
    '(auxeira.investment_performance), or none with a warning when an exchange rate they need '
    'is missing: the rows auxeira_mv.vc_performance groups, so that one investor''s missing '
    'rate leaves only that investor out of a refresh. Owner only.';

CREATE MATERIALIZED VIEW auxeira_mv.vc_performance AS
    WITH perf AS (
        SELECT p.*, i.investment_round, c.industry, f.name AS fund_name
        FROM (SELECT DISTINCT x.investor_id FROM auxeira.investments AS x) AS who
        CROSS JOIN LATERAL auxeira.vc_performance_holdings(who.investor_id) AS p
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
               auxeira.xirr(u.amount, u.flow_date) AS irr
        FROM grouped AS g
        CROSS JOIN LATERAL unnest(g.cash_flow_amounts, g.cash_flow_dates) AS u(amount, flow_date)
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
           round(sum(g.total_value) / NULLIF(sum(g.paid_in), 0), 6) AS moic,
           round(sum(g.total_value) / NULLIF(sum(g.paid_in), 0), 6) AS tvpi,
           round(sum(g.distributed) / NULLIF(sum(g.paid_in), 0), 6) AS dpi,
           round(sum(g.residual_value) / NULLIF(sum(g.paid_in), 0), 6) AS rvpi,
           CASE WHEN max(g.period_end) - min(g.period_start) >= 365 THEN max(pooled.irr) END
               AS irr,
           CURRENT_DATE AS as_of,
           max(g.currency) AS currency,
           max(g.period_end) - min(g.period_start) < 365 AS short_holding
    FROM grouped AS g
    LEFT JOIN pooled
           ON pooled.investor_id = g.investor_id
          AND pooled.dimension = g.dimension
          AND pooled.group_key = g.group_key
    GROUP BY g.investor_id, g.dimension, g.group_key
    WITH NO DATA;

DO $$
BEGIN
    REFRESH MATERIALIZED VIEW auxeira_mv.vc_performance;
EXCEPTION WHEN no_data_found THEN
    RAISE WARNING 'auxeira_mv.vc_performance left empty: %', SQLERRM
        USING HINT = 'enter the missing exchange rate (auxeira-db fx import), then auxeira-db refresh';
END
$$;

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
    'Value still held, rolled forward from the last marks (proceeds receivable after an exit, '
    '0 after a write-off).';

COMMENT ON COLUMN auxeira_mv.vc_performance.total_value IS 'distributed + residual_value.';

COMMENT ON COLUMN auxeira_mv.vc_performance.moic IS
    'total_value / paid_in (deal fees in cost, gross of fund fees; equal to tvpi); NULL when '
    'nothing was paid in.';

COMMENT ON COLUMN auxeira_mv.vc_performance.tvpi IS 'total_value / paid_in.';

COMMENT ON COLUMN auxeira_mv.vc_performance.dpi IS 'distributed / paid_in.';

COMMENT ON COLUMN auxeira_mv.vc_performance.rvpi IS 'residual_value / paid_in.';

COMMENT ON COLUMN auxeira_mv.vc_performance.irr IS
    'Pooled IRR of the group''s dated flows with the residual value as a final inflow, as an '
    'annual fraction; NULL when no rate exists or the flows span less than 365 days.';

COMMENT ON COLUMN auxeira_mv.vc_performance.as_of IS
    'The date the figures are as of: the day of the refresh.';

COMMENT ON COLUMN auxeira_mv.vc_performance.currency IS
    'The reporting currency of the money columns: the investor''s '
    '(auxeira.investor_reporting_currency).';

COMMENT ON COLUMN auxeira_mv.vc_performance.short_holding IS
    'true when the group''s flows span less than 365 days: its IRR is not annualised (NULL).';

COMMENT ON INDEX auxeira_mv.vc_performance_investor_id_dimension_group_key_key IS
    'One row per investor, dimension and group; lets REFRESH ... CONCURRENTLY run and serves '
    'the per-investor read of auxeira_dash.vc_performance().';

CREATE FUNCTION auxeira_dash.vc_performance(by text DEFAULT NULL)
    RETURNS SETOF auxeira_mv.vc_performance
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF vc_performance.by IS NOT NULL
       AND vc_performance.by NOT IN ('fund', 'vintage', 'stage', 'industry') THEN
        RAISE EXCEPTION 'unknown performance dimension %: one of fund, vintage, stage, industry',
            quote_literal(vc_performance.by)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
        SELECT m.*
        FROM auxeira_mv.vc_performance AS m
        WHERE m.investor_id = auxeira.current_user_id()
          AND (vc_performance.by IS NULL OR m.dimension = vc_performance.by)
        ORDER BY array_position(ARRAY['fund', 'vintage', 'stage', 'industry'], m.dimension),
                 m.group_label;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_performance(text) IS
    'GET /api/dashboard/vc/performance: the current user''s IRR, TVPI, DPI and MOIC by fund, '
    'vintage, stage and industry (by = one of them, NULL = all four), from '
    'auxeira_mv.vc_performance as of its last refresh. SECURITY DEFINER (the materialized '
    'view has no row-level security and no grant to auxeira_app): it returns only rows whose '
    'investor is auxeira.current_user_id(), nothing when the tenant is unset. An unknown '
    'dimension is refused (invalid_parameter_value).';

CREATE VIEW auxeira_dash.angel_portfolio WITH (security_invoker = true) AS
    SELECT h.*
    FROM auxeira_dash.investor_holdings AS h;

COMMENT ON VIEW auxeira_dash.angel_portfolio IS
    'GET /api/dashboard/angel/portfolio (holdings): the rows of auxeira_dash.investor_holdings '
    '(the current user''s investments as of today, in the portfolio''s reporting currency: '
    'company, round, equity at entry, status, invested, value and its basis, MOIC = TVPI, DPI, '
    'IRR, realised / paper split). security_invoker: row-level security applies.';

CREATE VIEW auxeira_dash.angel_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.*
    FROM auxeira_dash.investor_portfolio_totals AS t;

COMMENT ON VIEW auxeira_dash.angel_portfolio_totals IS
    'GET /api/dashboard/angel/portfolio (totals): the row of '
    'auxeira_dash.investor_portfolio_totals (the current user''s portfolio as of today: counts '
    'by status, invested, value, MOIC, TVPI, DPI, RVPI, pooled IRR, realised and paper gains, '
    'the oldest mark behind a value).';

GRANT SELECT ON auxeira_dash.investor_holdings, auxeira_dash.investor_portfolio_totals
    TO auxeira_app, auxeira_readonly;

GRANT SELECT ON auxeira_mv.vc_performance TO auxeira_readonly;

REVOKE EXECUTE ON FUNCTION auxeira.vc_performance_holdings(uuid) FROM PUBLIC;

GRANT SELECT ON
    auxeira_dash.vc_portfolio,
    auxeira_dash.vc_portfolio_totals,
    auxeira_dash.vc_deals,
    auxeira_dash.vc_deal_stages
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date, timestamptz, text),
    auxeira_dash.vc_lp_report_schedule(uuid, date, timestamptz, text),
    auxeira_dash.vc_record_investment(
        uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
        text, text),
    auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text),
    auxeira.notify_investment_dashboard()
    FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date, timestamptz, text),
    auxeira_dash.vc_lp_report_schedule(uuid, date, timestamptz, text)
    TO auxeira_app, auxeira_readonly;

GRANT SELECT ON
    auxeira_dash.angel_portfolio,
    auxeira_dash.angel_portfolio_totals,
    auxeira_dash.angel_network,
    auxeira_dash.angel_network_requests,
    auxeira_dash.angel_network_summary,
    auxeira_dash.angel_syndicate_opportunities,
    auxeira_dash.angel_syndicate_memberships,
    auxeira_dash.angel_tax_events,
    auxeira_dash.angel_tax_report
    TO auxeira_app, auxeira_readonly;
