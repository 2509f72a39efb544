-- Venture-capital dashboard: the endpoints that return more than one list, each as one
-- statement (a row of JSON lists) over sql/views/vc.sql (0015). PL/pgSQL and json for the
-- reasons given in sql/api/startup.sql.

-- GET /api/dashboard/vc/portfolio
CREATE FUNCTION auxeira_dash.vc_portfolio_report()
    RETURNS TABLE (holdings json, totals json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(h ORDER BY h.investment_date DESC, h.company_name,
                                         h.investment_id), '[]')
                FROM auxeira_dash.vc_portfolio AS h),
               (SELECT row_to_json(t) FROM auxeira_dash.vc_portfolio_totals AS t);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_portfolio_report() IS
    'GET /api/dashboard/vc/portfolio in one statement: holdings (vc_portfolio, newest first) '
    'and totals (the one row of vc_portfolio_totals, NULL without investments).';

-- GET /api/dashboard/vc/deals
CREATE FUNCTION auxeira_dash.vc_deals_report()
    RETURNS TABLE (deals json, stages json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(d ORDER BY d.stage_rank, d.sourced_on DESC,
                                         d.company_name, d.deal_id), '[]')
                FROM auxeira_dash.vc_deals AS d),
               (SELECT coalesce(json_agg(s ORDER BY s.stage_rank), '[]')
                FROM auxeira_dash.vc_deal_stages AS s);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_deals_report() IS
    'GET /api/dashboard/vc/deals in one statement: deals (vc_deals in stage order, newest '
    'sourced first) and stages (vc_deal_stages, the funnel in pipeline order).';

-- GET /api/dashboard/vc/lp-report
CREATE FUNCTION auxeira_dash.vc_lp_report(
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
