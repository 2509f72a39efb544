-- ESG education dashboard: the endpoints that return more than one list, each as one statement
-- (a row of JSON values) over sql/views/esg.sql.
-- PL/pgSQL and json for the reasons given in sql/api/startup.sql.

-- GET /api/dashboard/esg-education/impact
CREATE FUNCTION auxeira_dash.esg_education_impact_report()
    RETURNS TABLE (overall json, programmes json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT to_json(o) FROM auxeira_dash.esg_education_impact_overall() AS o LIMIT 1),
               (SELECT coalesce(json_agg(p), '[]')  -- in the function's order
                FROM auxeira_dash.esg_education_impact() AS p);
END
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_impact_report() IS
    'GET /api/dashboard/esg-education/impact in one statement: overall (the row of '
    'esg_education_impact_overall(), NULL when there is none) and programmes (the rows of '
    'esg_education_impact(), in its order), as of the last refresh.';
