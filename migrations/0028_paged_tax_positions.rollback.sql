-- Undo 0028_paged_tax_positions: the statement returns every lot held again.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira_dash.angel_tax_statement(integer, integer, date, uuid);
DROP FUNCTION auxeira_dash.angel_tax_positions_page(integer, date, uuid);

CREATE FUNCTION auxeira_dash.angel_tax_statement(
    tax_year integer DEFAULT NULL,
    page_size integer DEFAULT 100,
    after_event_date date DEFAULT NULL,
    after_id uuid DEFAULT NULL)
    RETURNS TABLE (jurisdiction varchar, years json, events json, positions json,
                   next_event_date date, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(page_size, after_event_date IS NOT NULL, after_id IS NOT NULL);
    RETURN QUERY
        WITH ev AS MATERIALIZED (
            SELECT e.* FROM auxeira_dash.angel_tax_events AS e
            WHERE angel_tax_statement.tax_year IS NULL
               OR e.tax_year = angel_tax_statement.tax_year
        ),
        page AS MATERIALIZED (
            SELECT e.* FROM ev AS e
            WHERE angel_tax_statement.after_event_date IS NULL
               OR (e.event_date, e.id) > (angel_tax_statement.after_event_date,
                                          angel_tax_statement.after_id)
            ORDER BY e.event_date, e.id
            LIMIT angel_tax_statement.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.event_date, p.id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_tax_statement.page_size
            ORDER BY p.event_date DESC, p.id DESC
            LIMIT 1
        )
        SELECT auxeira.tax_jurisdiction(auxeira.current_user_id()),
               (SELECT coalesce(json_agg(y ORDER BY y.tax_year), '[]')
                FROM auxeira_dash.angel_tax_report AS y
                WHERE angel_tax_statement.tax_year IS NULL
                   OR y.tax_year = angel_tax_statement.tax_year),
               (SELECT coalesce(json_agg(p ORDER BY p.event_date, p.id), '[]') FROM page AS p),
               (SELECT coalesce(json_agg(h ORDER BY h.acquired_on, h.lot_id), '[]')
                FROM auxeira_dash.angel_tax_positions AS h),
               (SELECT l.event_date FROM tail AS l),
               (SELECT l.id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_tax_statement(integer, integer, date, uuid) IS
    'GET /api/dashboard/angel/tax-report in one statement: the caller''s jurisdiction, years '
    '(angel_tax_report), one page of the disposals matched to lots (angel_tax_events, by date '
    'then id; page_size 1-500 and the keyset cursor after_event_date + after_id checked by '
    'auxeira.check_page), the lots still held with their clocks (angel_tax_positions) and the '
    'cursor of the next page (NULL when the page is not full); every tax year of the '
    'jurisdiction or the one named (tax_year, named by the year it starts in). Not tax advice.';

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.angel_tax_statement(integer, integer, date, uuid)
    FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_tax_statement(integer, integer, date, uuid)
    TO auxeira_app, auxeira_readonly;
