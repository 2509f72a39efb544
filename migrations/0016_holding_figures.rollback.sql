-- Undo 0016_holding_figures: the performance functions compute everything from the ledger
-- again (the 0011 definitions); the kept figures, their triggers and functions go.
SET LOCAL ROLE auxeira_owner;

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
        WHERE con.contype = 'f' AND con.confrelid = target.oid;

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


DROP TRIGGER fx_rates_figures ON auxeira.fx_rates;
DROP FUNCTION auxeira.fx_rates_changed();
DROP TRIGGER investments_figures_insert ON auxeira.investments;
DROP TRIGGER investments_figures_update ON auxeira.investments;
DROP TRIGGER investments_figures_delete ON auxeira.investments;
DROP TRIGGER investment_cash_flows_figures ON auxeira.investment_cash_flows;
DROP TRIGGER valuation_marks_figures ON auxeira.valuation_marks;
DROP TRIGGER investment_cash_flows_figures_delete ON auxeira.investment_cash_flows;
DROP TRIGGER valuation_marks_figures_delete ON auxeira.valuation_marks;
DROP FUNCTION auxeira.ledger_figures_changed();
DROP FUNCTION auxeira.figures_deferred();
DROP FUNCTION auxeira.refresh_holding_figures(uuid[], uuid[], date);
DROP FUNCTION auxeira.holding_uses_fx(uuid);
DROP TABLE auxeira.holding_figures;
DROP TABLE auxeira.portfolio_figures;

-- the 0011 engine: investment_performance and portfolio_performance compute from the ledger
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
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        WITH ev AS MATERIALIZED (
            SELECT *
            FROM auxeira.holding_events(
                investment_performance.as_of, investment_performance.as_reported,
                investment_performance.reporting_currency, investment_performance.investor,
                investment_performance.fund)
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
                            w.hc, w.rc, investment_performance.as_of,
                            investment_performance.as_reported), 2)
                   END AS residual
            FROM valued AS w
        ),
        series AS (
            SELECT c.*,
                   CASE WHEN c.residual > 0 THEN c.dates || investment_performance.as_of
                        ELSE c.dates END AS irr_dates,
                   CASE WHEN c.residual > 0 THEN c.amounts || c.residual
                        ELSE c.amounts END AS irr_amounts,
                   CASE WHEN c.residual > 0 THEN investment_performance.as_of
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
               investment_performance.as_of - r.mark_date,
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

COMMENT ON FUNCTION auxeira.investment_performance(date, timestamptz, text, uuid, uuid) IS
    'Per investment visible to the caller (optionally one investor''s or one fund''s), as of an '
    'economic date and as recorded by a knowledge time (NULL = now), in one reporting currency '
    '(the caller''s, else the holding''s own): invested, fees, paid-in, distributed, residual '
    'value rolled forward from the last mark (with mark_date, mark_age_days and value_basis: '
    'mark, cost, exit proceeds, written-off), cost still held, MOIC = TVPI, DPI, RVPI (all on '
    'paid-in, gross of fund fees), IRR annualised only for holdings of 365 days or more '
    '(since_inception_return and short_holding otherwise), realised and paper gain (average '
    'cost), and the IRR''s dated flow series. Definitions in sql/functions/040_performance.sql.';

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
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        WITH who AS (
            SELECT portfolio_performance.investor AS investor_id
            WHERE portfolio_performance.investor IS NOT NULL
            UNION ALL
            SELECT DISTINCT i.investor_id
            FROM auxeira.investments AS i
            WHERE portfolio_performance.investor IS NULL
        ),
        perf AS MATERIALIZED (
            SELECT p.*
            FROM who
            CROSS JOIN LATERAL auxeira.investment_performance(
                portfolio_performance.as_of, portfolio_performance.as_reported,
                coalesce(portfolio_performance.reporting_currency,
                         auxeira.investor_reporting_currency(who.investor_id)),
                who.investor_id) AS p
        ),
        pooled AS (
            SELECT p.investor_id, auxeira.xirr(u.amount, u.flow_date) AS raw_irr
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

COMMENT ON FUNCTION auxeira.portfolio_performance(date, timestamptz, text, uuid) IS
    'Per investor (of the investments visible to the caller; optionally one investor), as of '
    'a date and as recorded by a knowledge time, in one reporting currency (the caller''s, else '
    'auxeira.investor_reporting_currency): counts by status, paid-in, distributed, residual '
    'value, MOIC = TVPI, DPI, RVPI, the pooled IRR of all the investor''s flows (annualised only '
    'over 365 days or more; since_inception_return otherwise), realised and paper gain, and the '
    'oldest mark behind an active holding''s value with its age.';

DROP FUNCTION auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]);
DROP FUNCTION auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]);
DROP FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid, uuid[]);

CREATE FUNCTION auxeira.holding_events(
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
                -- one branch per filter, each with a one-time condition, so that a call for one
                -- investor or one fund reads that tenant's rows by index (an OR of the parameters
                -- would scan the whole table for every call)
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investor IS NOT NULL AND x.investor_id = holding_events.investor
                UNION ALL
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investor IS NULL AND holding_events.fund IS NOT NULL
                  AND x.fund_id = holding_events.fund
                UNION ALL
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investor IS NULL AND holding_events.fund IS NULL
            ) AS i
            CROSS JOIN wanted AS w
            WHERE i.investment_date <= holding_events.as_of
              AND i.created_at <= coalesce(holding_events.as_reported, 'infinity')
              AND (holding_events.fund IS NULL OR i.fund_id = holding_events.fund)
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

COMMENT ON FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid) IS
    'The ledger of each investment visible to the caller (optionally one investor''s or one '
    'fund''s) as of a date and as recorded by a knowledge time, as ordered events with the '
    'running state of auxeira.holding_rollforward after each: in, fee, out (a sale before any '
    'exit), settle (a distribution paying an exit''s proceeds), mark (only the marks that '
    'matter: the last one, and the last before each sale) and close (the exit or write-off). '
    'native is in the holding currency, reporting in the reporting currency (the caller''s, '
    'else the holding''s). The single source of investment_performance and of every '
    'realisation (auxeira.investment_realisations).';

REVOKE EXECUTE ON FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid)
    TO auxeira_app, auxeira_readonly;
