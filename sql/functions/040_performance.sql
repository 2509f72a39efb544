-- Investment performance by the industry's conventions (rewritten in 0011; the worked
-- example with its numbers is docs/INVESTMENT-CONVENTIONS.md, asserted by
-- tests/test_conventions.py).
--
-- Definitions, all from the investor's side, as of an economic date (as_of) and as recorded
-- by a knowledge time (as_reported, NULL = now):
--   ledger         the cash flows and marks dated on or before as_of, entered on or before
--                  as_reported and not reversed by then (reversal rows, never edits)
--   currency       every figure of a row is in one reporting currency: the caller's, else the
--                  holding's own (investment_performance), the investor's
--                  (investor_reporting_currency: the currency of all their holdings, else USD)
--                  or the fund's. Flows convert at the rate of their date, values at the rate
--                  of as_of (auxeira.fx_rate); no rate is an error, never a silent sum
--   invested       contributions + follow-ons; fees: deal fees paid by the investor
--   paid_in        invested + fees: the cost of the holding (deal fees are capitalised)
--   distributed    cash received (exit proceeds, dividends, secondary sales)
--   residual_value rolled forward: the latest mark + capital invested since - distributions
--                  since, floored at 0 at each step; a holding never marked is rolled forward
--                  from 0 (so it is carried at cost less what it returned). A write-off takes
--                  the value to 0 from its date; after an exit the value is the proceeds still
--                  receivable (exit_proceeds - distributions since the exit, >= 0)
--   mark_date      the date of the mark the value rolls forward from; mark_age_days = as_of -
--                  mark_date (NULL when never marked)
--   basis          MOIC, TVPI, DPI, RVPI and IRR are all on paid_in, gross of fund-level fees
--                  and carry (fund_performance adds the net figures): MOIC = TVPI for a holding
--   IRR            XIRR (Actual/365) of the dated flows in the reporting currency with the
--                  residual value as an inflow on as_of; annualised only when the flows span at
--                  least 365 days (GIPS). Shorter holdings have irr NULL, short_holding true and
--                  since_inception_return, the same money-weighted return not annualised:
--                  (1 + XIRR) ^ (days / 365) - 1; a total loss is -1 on both
--   realised gain  the one definition used by every dashboard and report (average cost): each
--                  distribution before an exit sells the fraction distribution / value just
--                  before it (the rolled-forward value, at most 1) and releases that fraction
--                  of the cost still held; an exit or write-off releases the rest on its date,
--                  against all its proceeds (paid or receivable). realised = distributed -
--                  cost released (+ receivable after an exit); paper = residual - cost still
--                  held. Why: it is the cost a tax authority lets an investor set against
--                  proceeds when part of a holding is sold, and it does not move when a later
--                  mark changes (the former pro-rata split moved every past gain with each mark;
--                  cost recovery put a loss and a gain of one exit in different years)
-- An investment with no cash-flow rows counts its investments.amount as one contribution on
-- investment_date, so rows entered the specification's way still have figures.
-- The functions are SECURITY INVOKER: row-level security decides which investments a caller
-- sees; the investor and fund parameters narrow the work to one tenant's rows whoever calls.

CREATE FUNCTION auxeira.holding_step(state numeric[], kind text, native numeric, reporting numeric)
    RETURNS numeric[]
    LANGUAGE plpgsql
    IMMUTABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    fraction numeric;
    released numeric;
BEGIN
    -- state: {value in the holding currency, cost still held, cost released so far}
    CASE kind
        WHEN 'in' THEN
            RETURN ARRAY[state[1] + native, state[2] + reporting, state[3]];
        WHEN 'fee' THEN
            RETURN ARRAY[state[1], state[2] + reporting, state[3]];
        WHEN 'out' THEN
            fraction := CASE WHEN state[1] > 0 THEN least(1, native / state[1]) ELSE 1 END;
            released := round(state[2] * fraction, 2);
            RETURN ARRAY[greatest(state[1] - native, 0), state[2] - released, state[3] + released];
        WHEN 'mark' THEN
            RETURN ARRAY[native, state[2], state[3]];
        WHEN 'settle' THEN
            RETURN state;
        WHEN 'close' THEN
            RETURN ARRAY[0, 0, state[3] + state[2]];
        ELSE
            RAISE EXCEPTION 'holding_step: unknown event kind %', kind
                USING ERRCODE = 'invalid_parameter_value';
    END CASE;
END
$$;

COMMENT ON FUNCTION auxeira.holding_step(numeric[], text, numeric, numeric) IS
    'Transition of auxeira.holding_rollforward: applies one ledger event (in = capital paid in, '
    'fee = deal fee, out = distribution selling part of the holding, settle = a distribution '
    'paying an exit''s proceeds (no change), mark = a valuation, close = exit or write-off) to the '
    'state {value rolled forward (holding currency), cost still held, cost released (reporting '
    'currency)}. The rules are at the top of sql/functions/040_performance.sql.';

CREATE AGGREGATE auxeira.holding_rollforward(kind text, native numeric, reporting numeric) (
    SFUNC = auxeira.holding_step,
    STYPE = numeric[],
    INITCOND = '{0,0,0}'
);

COMMENT ON AGGREGATE auxeira.holding_rollforward(text, numeric, numeric) IS
    'Rolls a holding''s value forward from its marks and releases its cost at each sale; use '
    'with ORDER BY event date, then in/fee before out before mark before close. Returns {value, '
    'cost still held, cost released}; as a window aggregate, the state after each event (the '
    'cost basis of each realisation, used by the angel tax report).';

CREATE FUNCTION auxeira.checked_currency(code text)
    RETURNS text
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF code IS NOT NULL
       AND NOT EXISTS (SELECT FROM auxeira.currencies AS c WHERE c.code = checked_currency.code)
    THEN
        RAISE EXCEPTION 'unknown currency "%": not an ISO 4217 code of auxeira.currencies', code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN code;
END
$$;

COMMENT ON FUNCTION auxeira.checked_currency(text) IS
    'Returns a reporting currency a caller named (NULL passes through), or raises '
    'invalid_parameter_value naming it when it is not in auxeira.currencies.';

CREATE FUNCTION auxeira.investor_reporting_currency(investor uuid)
    RETURNS varchar
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN min(i.currency) = max(i.currency) THEN min(i.currency) ELSE 'USD' END
    FROM auxeira.investments AS i
    WHERE i.investor_id = investor_reporting_currency.investor
$$;

COMMENT ON FUNCTION auxeira.investor_reporting_currency(uuid) IS
    'The currency an investor''s portfolio is reported in when the caller names none: the '
    'currency of all their holdings when they share one, else USD (the platform''s); NULL for '
    'an investor without (visible) investments.';

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

CREATE FUNCTION auxeira.investment_realisations(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        currency varchar,
        event_date date,
        event_type text,
        proceeds numeric,
        cost_basis numeric,
        gain numeric,
        acquired_on date
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
            SELECT e.*,
                   e.state[3] - coalesce(lag(e.state[3]) OVER w, 0) AS released,
                   sum(e.reporting) FILTER (WHERE e.kind = 'settle')
                       OVER (PARTITION BY e.investment_id) AS settled_reporting,
                   sum(e.native) FILTER (WHERE e.kind = 'settle')
                       OVER (PARTITION BY e.investment_id) AS settled_native,
                   min(e.event_date) FILTER (WHERE e.kind IN ('in', 'fee'))
                       OVER (PARTITION BY e.investment_id) AS first_paid
            FROM auxeira.holding_events(
                investment_realisations.as_of, investment_realisations.as_reported,
                investment_realisations.reporting_currency, investment_realisations.investor) AS e
            WINDOW w AS (PARTITION BY e.investment_id
                         ORDER BY e.event_date, e.event_order, e.native DESC
                         ROWS UNBOUNDED PRECEDING)
        ),
        realised AS (
            SELECT e.*,
                   CASE WHEN e.kind = 'out' THEN e.reporting
                        ELSE coalesce(e.settled_reporting, 0)
                             + CASE WHEN e.terminal = 'exited' THEN
                                   auxeira.fx_convert(
                                       greatest(coalesce(e.exit_proceeds, 0)
                                                - coalesce(e.settled_native, 0), 0),
                                       e.holding_currency, e.currency, investment_realisations.as_of,
                                       investment_realisations.as_reported)
                               ELSE 0 END
                   END AS paid_out
            FROM ev AS e
            WHERE e.kind IN ('out', 'close')
        )
        SELECT r.investment_id, r.investor_id, r.company_id, r.currency, r.event_date,
               CASE WHEN r.kind = 'out' THEN 'distribution'
                    WHEN r.terminal = 'exited' THEN 'exit'
                    ELSE 'write-off' END,
               r.paid_out,
               r.released,
               r.paid_out - r.released,
               coalesce(r.first_paid, r.investment_date)
        FROM realised AS r;
END
$$;

COMMENT ON FUNCTION auxeira.investment_realisations(date, timestamptz, text, uuid) IS
    'Every realisation of the investments visible to the caller (optionally one investor''s) '
    'up to a date, as recorded by a knowledge time, in one reporting currency (the caller''s, '
    'else the holding''s): a distribution before any exit (a partial sale: proceeds, the cost '
    'it releases at average cost, gain), and the exit or write-off on its date (all its '
    'proceeds, paid or still receivable, against the cost still held). The one definition of '
    'realised gain: the gains of a holding sum to investment_performance.realized_return.';

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

CREATE FUNCTION auxeira.fund_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    manager uuid DEFAULT NULL)
    RETURNS SETOF auxeira.fund_figures
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        SELECT f.id, f.manager_id, f.name, f.vintage_year, c.rc::varchar, c.committed,
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
                     / NULLIF(coalesce(p.invested, 0) + coalesce(p.deal_fees, 0), 0), 6),
               round((coalesce(p.distributed, 0) + coalesce(p.residual, 0))
                     / NULLIF(coalesce(p.invested, 0) + coalesce(p.deal_fees, 0), 0), 6),
               round((coalesce(p.distributed, 0) - coalesce(ff.carry, 0) + coalesce(p.residual, 0))
                     / NULLIF(t.paid_in, 0), 6),
               round((coalesce(p.distributed, 0) - coalesce(ff.carry, 0)) / NULLIF(t.paid_in, 0), 6),
               round(coalesce(p.residual, 0) / NULLIF(t.paid_in, 0), 6),
               CASE WHEN NOT t.short THEN p.gross_irr END,
               CASE WHEN NOT t.short THEN p.net_irr END,
               t.short,
               greatest(c.committed - t.paid_in, 0),
               p.oldest_mark
        FROM auxeira.funds AS f
        CROSS JOIN LATERAL (
            SELECT r.rc,
                   CASE WHEN f.currency = r.rc THEN f.committed_capital
                        ELSE round(f.committed_capital * auxeira.fx_rate(
                            f.currency, r.rc, fund_performance.as_of,
                            fund_performance.as_reported), 2)
                   END AS committed
            FROM (SELECT coalesce(auxeira.checked_currency(fund_performance.reporting_currency),
                                  f.currency) AS rc) AS r
        ) AS c
        -- fund-level flows, converted at the rate of their date
        LEFT JOIN LATERAL (
            SELECT array_agg(x.flow_date) AS dates,
                   array_agg(-x.amount) AS amounts,
                   min(x.flow_date) AS first_date,
                   sum(x.amount) FILTER (WHERE x.flow_type IN ('management_fee', 'fund_expense'))
                       AS fund_fees,
                   sum(x.amount) FILTER (WHERE x.flow_type = 'carried_interest') AS carry
            FROM (
                SELECT cf.flow_date, cf.flow_type,
                       CASE WHEN cf.currency = c.rc THEN cf.amount
                            ELSE round(cf.amount * auxeira.fx_rate(
                                cf.currency, c.rc, cf.flow_date, fund_performance.as_reported), 2)
                       END AS amount
                FROM auxeira.fund_cash_flows AS cf
                WHERE cf.fund_id = f.id
                  AND cf.flow_date <= fund_performance.as_of
                  AND cf.reverses IS NULL
                  AND cf.created_at <= coalesce(fund_performance.as_reported, 'infinity')
                  AND NOT EXISTS (
                      SELECT FROM auxeira.fund_cash_flows AS r
                      WHERE r.reverses = cf.id
                        AND r.created_at <= coalesce(fund_performance.as_reported, 'infinity'))
            ) AS x
        ) AS ff ON true
        LEFT JOIN LATERAL (
            WITH h AS MATERIALIZED (
                SELECT *
                FROM auxeira.investment_performance(
                    fund_performance.as_of, fund_performance.as_reported, c.rc, NULL, f.id)
            ),
            gross AS (
                SELECT u.amount, u.flow_date
                FROM h
                CROSS JOIN LATERAL unnest(h.cash_flow_amounts, h.cash_flow_dates)
                    AS u(amount, flow_date)
            )
            SELECT count(*) AS n,
                   sum(h.invested) AS invested,
                   sum(h.fees) AS deal_fees,
                   sum(h.distributed) AS distributed,
                   sum(h.residual_value) AS residual,
                   min(h.period_start) AS first_flow,
                   min(h.mark_date) FILTER (WHERE h.status = 'active') AS oldest_mark,
                   (SELECT auxeira.xirr(g.amount, g.flow_date) FROM gross AS g) AS gross_irr,
                   (SELECT auxeira.xirr(n.amount, n.flow_date)
                    FROM (SELECT g.amount, g.flow_date FROM gross AS g
                          UNION ALL
                          SELECT a.amount, a.flow_date
                          FROM unnest(ff.amounts, ff.dates) AS a(amount, flow_date)) AS n) AS net_irr
            FROM h
        ) AS p ON true
        CROSS JOIN LATERAL (
            SELECT coalesce(p.invested, 0) + coalesce(p.deal_fees, 0) + coalesce(ff.fund_fees, 0)
                       AS paid_in,
                   coalesce(fund_performance.as_of - least(p.first_flow, ff.first_date), 0) < 365
                       AS short
        ) AS t
        WHERE fund_performance.manager IS NULL OR f.manager_id = fund_performance.manager;
END
$$;

COMMENT ON FUNCTION auxeira.fund_performance(date, timestamptz, text, uuid) IS
    'Per fund visible to the caller (optionally one manager''s), as of a date and as recorded '
    'by a knowledge time, in the fund''s currency (or the caller''s). Gross figures use the '
    'investments'' flows, deal fees included in cost (gross_moic = gross_tvpi); net figures are '
    'what LPs earn: paid-in adds management fees and fund expenses, distributions lose carried '
    'interest. net_tvpi = net_dpi + net_rvpi (ILPA). IRRs are NULL while the fund''s flows span '
    'less than 365 days (short_history). The residual value is not reduced by accrued (unpaid) '
    'carry: net of accrued carry comes with the LP ledger. unfunded_commitment = committed '
    'capital not yet paid in.';
