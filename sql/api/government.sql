-- Government agency dashboard: the endpoints that return more than one list, each as one
-- statement (a row of JSON lists) over sql/views/government.sql.
-- PL/pgSQL and json for the reasons given in sql/api/startup.sql.

-- GET /api/dashboard/government/compliance
CREATE FUNCTION auxeira_dash.government_compliance_report(
    page_size integer DEFAULT 100,
    after_code text DEFAULT NULL,
    after_company_name text DEFAULT NULL,
    after_company_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        requirements json,
        shared json,
        next_code text,
        next_company_name text,
        next_company_id uuid
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
            FROM auxeira_dash.government_compliance_companies(
                page_size, after_code, after_company_name, after_company_id) AS s
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.code, p.company_name, p.company_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = page_size
            ORDER BY p.code DESC, p.company_name DESC, p.company_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(r), '[]')
                FROM auxeira_dash.government_compliance() AS r),
               (SELECT coalesce(json_agg(p), '[]') FROM page AS p),
               (SELECT l.code FROM tail AS l),
               (SELECT l.company_name FROM tail AS l),
               (SELECT l.company_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_compliance_report(integer, text, text, uuid) IS
    'GET /api/dashboard/government/compliance in one statement: requirements (every row of '
    'government_compliance()), one page of the companies'' shared statuses '
    '(government_compliance_companies: page_size 1-500, keyset cursor after_code + '
    'after_company_name + after_company_id, validated there) and the cursor of the next page '
    '(NULL when the page is not full).';
