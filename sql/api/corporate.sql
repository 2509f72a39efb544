-- Corporate partner dashboard: the endpoints that return more than one list, each as one
-- statement (a row of JSON lists) over sql/views/corporate.sql.
-- PL/pgSQL and json for the reasons given in sql/api/startup.sql.

-- GET /api/dashboard/corporate/auctions
CREATE FUNCTION auxeira_dash.corporate_auction_board(
    page_size integer DEFAULT 50,
    after_closes_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        auctions json,
        results json,
        next_closes_at timestamptz,
        next_id uuid
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
            FROM auxeira_dash.corporate_auctions(page_size, after_closes_at, after_id) AS a
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.closes_at, p.auction_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = page_size
            ORDER BY p.closes_at DESC, p.auction_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p), '[]') FROM page AS p),
               (SELECT coalesce(json_agg(r), '[]')
                FROM auxeira_dash.corporate_auction_results() AS r),
               (SELECT l.closes_at FROM tail AS l),
               (SELECT l.auction_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_auction_board(integer, timestamptz, uuid) IS
    'GET /api/dashboard/corporate/auctions in one statement: one page of the auctions '
    '(corporate_auctions: by closes_at, page_size 1-500, keyset cursor after_closes_at + '
    'after_id, validated there), the results of every auction the caller opened or bid on '
    '(corporate_auction_results()) and the cursor of the next page (NULL when the page is not '
    'full).';

-- GET /api/dashboard/corporate/roi
CREATE FUNCTION auxeira_dash.corporate_roi_report()
    RETURNS TABLE (partnerships json, totals json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(r), '[]')
                FROM auxeira_dash.corporate_roi() AS r),
               (SELECT coalesce(json_agg(t ORDER BY t.partnership_type = '(all)',
                                          t.partnership_type), '[]')
                FROM auxeira_dash.corporate_roi_totals AS t);
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_roi_report() IS
    'GET /api/dashboard/corporate/roi in one statement: partnerships (the rows of '
    'corporate_roi(), in its order) and totals (corporate_roi_totals, per type, ''(all)'' '
    'last).';
