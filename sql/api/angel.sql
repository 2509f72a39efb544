-- Angel-investor dashboard: the endpoints that return more than one list, each as one
-- statement (a row of JSON lists) over sql/views/angel.sql (0015). PL/pgSQL and json for the
-- reasons given in sql/api/startup.sql.

-- GET /api/dashboard/angel/portfolio
CREATE FUNCTION auxeira_dash.angel_portfolio_report()
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
                FROM auxeira_dash.angel_portfolio AS h),
               (SELECT row_to_json(t) FROM auxeira_dash.angel_portfolio_totals AS t);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_portfolio_report() IS
    'GET /api/dashboard/angel/portfolio in one statement: holdings (angel_portfolio, newest '
    'first) and totals (the one row of angel_portfolio_totals, NULL without investments).';

-- GET /api/dashboard/angel/network
CREATE FUNCTION auxeira_dash.angel_network_report()
    RETURNS TABLE (connections json, requests json, counts json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(c ORDER BY c.connected_at DESC, c.connection_id), '[]')
                FROM auxeira_dash.angel_network AS c),
               (SELECT coalesce(json_agg(r ORDER BY r.requested_at DESC, r.connection_id), '[]')
                FROM auxeira_dash.angel_network_requests AS r),
               (SELECT coalesce(json_agg(n ORDER BY n.connection_type), '[]')
                FROM auxeira_dash.angel_network_summary AS n);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_network_report() IS
    'GET /api/dashboard/angel/network in one statement: connections (angel_network, newest '
    'first), pending requests (angel_network_requests, newest first) and counts per type '
    '(angel_network_summary).';

-- GET /api/dashboard/angel/syndicate
CREATE FUNCTION auxeira_dash.angel_syndicate_board(
    page_size integer DEFAULT 50,
    after_deadline date DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        opportunities json,
        memberships json,
        next_deadline date,
        next_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(angel_syndicate_board.page_size,
                               angel_syndicate_board.after_deadline IS NOT NULL,
                               angel_syndicate_board.after_id IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            SELECT o.*
            FROM auxeira_dash.angel_syndicate_opportunities AS o
            WHERE angel_syndicate_board.after_id IS NULL
               OR (o.deadline, o.syndicate_id)
                  > (angel_syndicate_board.after_deadline, angel_syndicate_board.after_id)
            ORDER BY o.deadline, o.syndicate_id
            LIMIT angel_syndicate_board.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.deadline, p.syndicate_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_syndicate_board.page_size
            ORDER BY p.deadline DESC, p.syndicate_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.deadline, p.syndicate_id), '[]')
                FROM page AS p),
               (SELECT coalesce(json_agg(m ORDER BY m.joined_at DESC, m.membership_id), '[]')
                FROM auxeira_dash.angel_syndicate_memberships AS m),
               (SELECT l.deadline FROM tail AS l),
               (SELECT l.syndicate_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_syndicate_board(integer, date, uuid) IS
    'GET /api/dashboard/angel/syndicate in one statement: one page of the open syndicates the '
    'caller may see (angel_syndicate_opportunities, soonest deadline first, then by id; '
    'page_size 1-500 and the keyset cursor after_deadline + after_id checked by '
    'auxeira.check_page), the caller''s memberships (angel_syndicate_memberships, newest '
    'first) and the cursor of the next page (NULL when the page is not full).';

-- GET /api/dashboard/angel/tax-report
CREATE FUNCTION auxeira_dash.angel_tax_statement(tax_year integer DEFAULT NULL)
    RETURNS TABLE (years json, events json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(y ORDER BY y.tax_year), '[]')
                FROM auxeira_dash.angel_tax_report AS y
                WHERE angel_tax_statement.tax_year IS NULL
                   OR y.tax_year = angel_tax_statement.tax_year),
               (SELECT coalesce(json_agg(e ORDER BY e.event_date, e.company_name,
                                         e.investment_id), '[]')
                FROM auxeira_dash.angel_tax_events AS e
                WHERE angel_tax_statement.tax_year IS NULL
                   OR e.tax_year = angel_tax_statement.tax_year);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_tax_statement(integer) IS
    'GET /api/dashboard/angel/tax-report in one statement: years (angel_tax_report) and events '
    '(angel_tax_events, by date), every tax year or the one named (tax_year, a calendar year).';
