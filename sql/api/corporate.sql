-- Corporate partner dashboard: the endpoints that return more than one list, each as one
-- statement (a row of jsonb lists) over sql/views/corporate.sql.

-- GET /api/dashboard/corporate/auctions
CREATE FUNCTION auxeira_dash.corporate_auction_board(
    page_size integer DEFAULT 50,
    after_closes_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        auctions jsonb,
        results jsonb,
        next_closes_at timestamptz,
        next_id uuid
    )
    LANGUAGE sql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH page AS (
        SELECT *
        FROM auxeira_dash.corporate_auctions(page_size, after_closes_at, after_id)
            WITH ORDINALITY AS a
    ),
    tail AS (
        SELECT p.closes_at, p.auction_id FROM page AS p WHERE p.ordinality = page_size
    )
    SELECT (SELECT coalesce(jsonb_agg(to_jsonb(p) - 'ordinality' ORDER BY p.ordinality), '[]')
            FROM page AS p),
           (SELECT coalesce(jsonb_agg(to_jsonb(r) - 'ordinality' ORDER BY r.ordinality), '[]')
            FROM auxeira_dash.corporate_auction_results() WITH ORDINALITY AS r),
           (SELECT l.closes_at FROM tail AS l),
           (SELECT l.auction_id FROM tail AS l)
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_auction_board(integer, timestamptz, uuid) IS
    'GET /api/dashboard/corporate/auctions in one statement: one page of the auctions '
    '(corporate_auctions: by closes_at, page_size 1-500, keyset cursor after_closes_at + '
    'after_id, validated there), the results of every auction the caller opened or bid on '
    '(corporate_auction_results()) and the cursor of the next page (NULL when the page is not '
    'full).';

-- GET /api/dashboard/corporate/roi
CREATE FUNCTION auxeira_dash.corporate_roi_report()
    RETURNS TABLE (partnerships jsonb, totals jsonb)
    LANGUAGE sql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (SELECT coalesce(jsonb_agg(to_jsonb(r) - 'ordinality' ORDER BY r.ordinality), '[]')
            FROM auxeira_dash.corporate_roi() WITH ORDINALITY AS r),
           (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.partnership_type = '(all)',
                                      t.partnership_type), '[]')
            FROM auxeira_dash.corporate_roi_totals AS t)
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_roi_report() IS
    'GET /api/dashboard/corporate/roi in one statement: partnerships (the rows of '
    'corporate_roi(), in its order) and totals (corporate_roi_totals, per type, ''(all)'' '
    'last).';
