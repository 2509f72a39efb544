-- Undo 0029_fund_figures_type: the 0028 result columns of the two functions, the LP report as
-- it was, and no type.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira_dash.vc_lp_report_funds(date, timestamptz, text);
DROP FUNCTION auxeira.fund_performance(date, timestamptz, text, uuid);

CREATE FUNCTION auxeira.fund_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    manager uuid DEFAULT NULL)
    RETURNS TABLE (
        fund_id uuid,
        manager_id uuid,
        fund_name varchar,
        vintage_year integer,
        currency varchar,
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
        short_history boolean,
        unfunded_commitment numeric,
        oldest_mark_date date
    )
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

CREATE FUNCTION auxeira_dash.vc_lp_report_funds(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    currency text DEFAULT NULL)
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
        premium_purchased boolean,
        reporting_currency varchar,
        short_history boolean,
        oldest_mark_date date
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
                   WHERE b.fund_id = p.fund_id AND b.buyer_id = auxeira.current_user_id()),
           p.currency, p.short_history, p.oldest_mark_date
    FROM auxeira.fund_performance(
        vc_lp_report_funds.as_of, vc_lp_report_funds.as_reported, vc_lp_report_funds.currency,
        auxeira.current_user_id()) AS p
    WHERE p.manager_id = auxeira.current_user_id()
    ORDER BY p.vintage_year, p.fund_name
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report_funds(date, timestamptz, text) IS
    'GET /api/dashboard/vc/lp-report (fund summary): each fund the current user manages, as '
    'of a date (default today) and as reported at a time (default now: what was known then), '
    'in the fund''s currency or the one named (reporting_currency): gross and net figures of '
    'auxeira.fund_performance() (paid-in, distributions before and after carry, residual value, '
    'MOIC, TVPI, DPI, RVPI, IRR, unfunded commitment, short_history when the flows span less '
    'than 365 days, the oldest mark behind a value) and whether its premium LP report was '
    'bought. SECURITY INVOKER: row-level security limits it to the caller''s funds.';

CREATE OR REPLACE FUNCTION auxeira_dash.vc_lp_report(
    fund uuid DEFAULT NULL,
    as_of date DEFAULT NULL,
    as_reported timestamptz DEFAULT NULL,
    currency text DEFAULT NULL
)
    RETURNS TABLE (funds json, schedule json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    day date := coalesce(vc_lp_report.as_of, CURRENT_DATE);
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(f), '[]')
                FROM auxeira_dash.vc_lp_report_funds(
                    day, vc_lp_report.as_reported, vc_lp_report.currency) AS f
                WHERE vc_lp_report.fund IS NULL OR f.fund_id = vc_lp_report.fund),
               (SELECT coalesce(json_agg(s), '[]')
                FROM auxeira_dash.vc_lp_report_schedule(
                    vc_lp_report.fund, day, vc_lp_report.as_reported,
                    vc_lp_report.currency) AS s);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report(uuid, date, timestamptz, text) IS
    'GET /api/dashboard/vc/lp-report in one statement: funds (vc_lp_report_funds, every fund '
    'of the caller or the one named) and schedule (vc_lp_report_schedule), as of a date '
    '(NULL: today, the server''s CURRENT_DATE), as reported at a time (NULL: now) and in one '
    'currency (NULL: each fund''s own), in the order of those functions.';

REVOKE EXECUTE ON FUNCTION
    auxeira.fund_performance(date, timestamptz, text, uuid),
    auxeira_dash.vc_lp_report_funds(date, timestamptz, text)
    FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    auxeira.fund_performance(date, timestamptz, text, uuid),
    auxeira_dash.vc_lp_report_funds(date, timestamptz, text)
    TO auxeira_app, auxeira_readonly;

DROP TYPE auxeira.fund_figures;
