-- Startup founder dashboard: the endpoints that return more than one list, each as one
-- statement (a row of JSON lists) over the views and functions of sql/views/startup.sql.
-- Python maps each list onto its dataclass (auxeira_db.dashboards.fetch_report). PL/pgSQL, so
-- that the session keeps each plan (a SQL function with SET search_path is planned per call).
-- Lists are json (not jsonb: building jsonb costs more and buys nothing here), aggregated in the
-- order of the view (ORDER BY in the aggregate) or of the function they come from (its own
-- ORDER BY).

-- GET /api/dashboard/startup/sse-score
CREATE FUNCTION auxeira_dash.startup_sse_report()
    RETURNS TABLE (scores json, breakdown json, history json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(s ORDER BY s.company_name, s.company_id), '[]')
                FROM auxeira_dash.startup_sse_score AS s),
               (SELECT coalesce(json_agg(b ORDER BY b.company_id, b.ordinal), '[]')
                FROM auxeira_dash.startup_sse_breakdown AS b),
               (SELECT coalesce(json_agg(h ORDER BY h.company_id, h.position), '[]')
                FROM auxeira_dash.startup_sse_history AS h);
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_sse_report() IS
    'GET /api/dashboard/startup/sse-score in one statement: scores (rows of startup_sse_score '
    'by company name), breakdown (startup_sse_breakdown by company and ordinal) and history '
    '(startup_sse_history by company and position), each a JSON array of rows.';

-- GET /api/dashboard/startup/tokens
CREATE FUNCTION auxeira_dash.startup_tokens_page(
    page_size integer DEFAULT 50,
    before_created_at timestamptz DEFAULT NULL,
    before_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        balance json,
        transactions json,
        next_before_created_at timestamptz,
        next_before_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH page AS (
            SELECT *
            FROM auxeira_dash.startup_token_transactions(page_size, before_created_at, before_id)
                AS t
        ),
        -- the cursor of the next page: the last (oldest) row's, when the page is full
        tail AS (
            SELECT p.created_at, p.id FROM page AS p
            WHERE (SELECT count(*) FROM page) = page_size
            ORDER BY p.created_at, p.id
            LIMIT 1
        )
        SELECT (SELECT to_json(b) FROM auxeira_dash.startup_token_balance AS b),
               (SELECT coalesce(json_agg(p), '[]') FROM page AS p),
               (SELECT l.created_at FROM tail AS l),
               (SELECT l.id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_tokens_page(integer, timestamptz, uuid) IS
    'GET /api/dashboard/startup/tokens in one statement: balance (the row of '
    'startup_token_balance, NULL without a tenant), one page of transactions '
    '(startup_token_transactions: newest first, page_size 1-500, keyset cursor before_created_at '
    '+ before_id, validated there) and the cursor of the next page (next_before_created_at, '
    'next_before_id: the last row''s, NULL when the page is not full).';

-- GET /api/dashboard/startup/actions
CREATE FUNCTION auxeira_dash.startup_actions_report()
    RETURNS TABLE (today json, progress json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(a ORDER BY a.status = 'completed', a.action_type,
                                          a.company_name, a.id), '[]')
                FROM auxeira_dash.startup_actions_today AS a),
               (SELECT to_json(p) FROM auxeira_dash.startup_action_progress AS p);
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_actions_report() IS
    'GET /api/dashboard/startup/actions in one statement: today (startup_actions_today, open '
    'ones first, then by type and company) and progress (the row of startup_action_progress, '
    'NULL without a tenant).';
