-- The venture-capital dashboard (/api/dashboard/vc/...): one object per endpoint in schema
-- auxeira_dash and the materialized view behind the performance analytics in auxeira_mv. The
-- write functions and the one-statement reports are in sql/api/vc.sql; the dashboard's
-- triggers, policies and grants in sql/security/230_vc.sql.
--
--   GET  /api/dashboard/vc/portfolio           auxeira_dash.vc_portfolio, vc_portfolio_totals
--   GET  /api/dashboard/vc/deals               auxeira_dash.vc_deals, vc_deal_stages
--   GET  /api/dashboard/vc/performance         auxeira_dash.vc_performance(by)
--                                              over auxeira_mv.vc_performance
--   POST /api/dashboard/vc/investment          auxeira_dash.vc_record_investment(...)
--   GET  /api/dashboard/vc/lp-report           auxeira_dash.vc_lp_report_funds(as_of, ...),
--                                              vc_lp_report_schedule(fund, as_of, ...)
--   POST /api/dashboard/vc/lp-report/purchase  auxeira_dash.vc_purchase_lp_report(...)
--
-- Figures (MOIC, TVPI, DPI, IRR, residual value) are those of sql/functions/
-- 040_performance.sql, as of the current date.

-- GET /api/dashboard/vc/portfolio -------------------------------------------------------------

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

-- GET /api/dashboard/vc/deals -----------------------------------------------------------------

CREATE VIEW auxeira_dash.vc_deals WITH (security_invoker = true) AS
    SELECT d.id AS deal_id,
           d.company_id,
           d.company_name,
           d.industry,
           d.investment_round,
           d.stage,
           array_position(
               ARRAY['sourced', 'screening', 'diligence', 'term-sheet', 'closed', 'passed'],
               d.stage::text) AS stage_rank,
           d.ask_amount,
           d.pre_money_valuation,
           d.sourced_on,
           d.expected_close_on,
           d.decided_on,
           coalesce(d.decided_on, CURRENT_DATE) - d.sourced_on AS days_in_pipeline,
           d.owner_name,
           d.source,
           d.fund_id,
           d.investment_id,
           d.updated_at
    FROM auxeira.deals AS d
    WHERE d.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.vc_deals IS
    'GET /api/dashboard/vc/deals (pipeline): the current user''s deals with their stage '
    '(stage_rank 1 = sourced ... 5 = closed, 6 = passed), ask, valuation, dates, owner and '
    'days_in_pipeline (from sourced_on to the decision, or to today while undecided).';

CREATE VIEW auxeira_dash.vc_deal_stages WITH (security_invoker = true) AS
    SELECT s.stage,
           s.stage_rank,
           count(d.id) AS deals,
           coalesce(sum(d.ask_amount), 0) AS total_ask
    FROM unnest(ARRAY['sourced', 'screening', 'diligence', 'term-sheet', 'closed', 'passed'])
         WITH ORDINALITY AS s(stage, stage_rank)
    LEFT JOIN auxeira.deals AS d
           ON d.stage = s.stage AND d.investor_id = auxeira.current_user_id()
    GROUP BY s.stage, s.stage_rank;

COMMENT ON VIEW auxeira_dash.vc_deal_stages IS
    'GET /api/dashboard/vc/deals (funnel): one row per pipeline stage, in pipeline order, with '
    'the number of the current user''s deals in it and their total ask (0 when none).';

-- GET /api/dashboard/vc/performance -----------------------------------------------------------

-- One investor's holdings for the view, or none (with a warning) when a rate is missing, so
-- that one investor's missing rate does not stop the refresh for every other investor.
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

-- GET /api/dashboard/vc/lp-report -------------------------------------------------------------

CREATE FUNCTION auxeira_dash.vc_lp_report_funds(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    currency text DEFAULT NULL)
    RETURNS SETOF auxeira.fund_figures
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.*
    FROM auxeira.fund_performance(
        vc_lp_report_funds.as_of, vc_lp_report_funds.as_reported, vc_lp_report_funds.currency,
        auxeira.current_user_id()) AS p
    WHERE p.manager_id = auxeira.current_user_id()
    ORDER BY p.vintage_year, p.fund_name
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report_funds(date, timestamptz, text) IS
    'GET /api/dashboard/vc/lp-report (fund summary): each fund the current user manages, as '
    'of a date (default today) and as reported at a time (default now: what was known then), '
    'in the fund''s currency or the one named: the rows of auxeira.fund_performance() '
    '(auxeira.fund_figures: paid-in, distributions before and after carry, residual value, '
    'MOIC, TVPI, DPI, RVPI, IRR, unfunded commitment, short_history when the flows span less '
    'than 365 days, the oldest mark behind a value), oldest vintage first. The report '
    '(vc_lp_report) adds whether the premium LP report was bought. SECURITY INVOKER: '
    'row-level security limits it to the caller''s funds.';

CREATE FUNCTION auxeira_dash.vc_lp_report_schedule(
    fund uuid DEFAULT NULL,
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    currency text DEFAULT NULL)
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
        irr double precision,
        reporting_currency varchar,
        holding_currency varchar,
        value_basis text,
        mark_date date,
        mark_age_days integer,
        since_inception_return double precision,
        short_holding boolean
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.id, f.name, p.investment_id, p.company_id, c.name, c.industry, i.investment_round,
           p.investment_date, p.status, p.invested, p.fees, p.distributed, p.residual_value,
           p.total_value, p.moic, p.tvpi, p.irr, p.currency, p.holding_currency, p.value_basis,
           p.mark_date, p.mark_age_days, p.since_inception_return, p.short_holding
    FROM auxeira.funds AS f
    CROSS JOIN LATERAL auxeira.investment_performance(
        vc_lp_report_schedule.as_of, vc_lp_report_schedule.as_reported,
        coalesce(vc_lp_report_schedule.currency, f.currency), auxeira.current_user_id(),
        f.id) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    WHERE f.manager_id = auxeira.current_user_id()
      AND (vc_lp_report_schedule.fund IS NULL OR f.id = vc_lp_report_schedule.fund)
    ORDER BY f.name, p.investment_date, c.name
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report_schedule(uuid, date, timestamptz, text) IS
    'GET /api/dashboard/vc/lp-report (schedule of investments): every investment of the '
    'current user''s funds (or of one fund), as of a date and as reported at a time, in the '
    'fund''s currency (or the one named): company, round, date, status, invested, fees, '
    'distributed, residual value with its basis and mark age, MOIC, TVPI and IRR '
    '(since_inception_return for holdings under 365 days). SECURITY INVOKER.';
