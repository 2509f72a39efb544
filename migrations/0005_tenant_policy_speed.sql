-- depends: 0004_dashboards
-- 0005_tenant_policy_speed: row-level security policies that ask "is this one of my
-- companies / investments?" per row called a SECURITY DEFINER function for every row
-- (about 0.2 s for one tenant among 20,000 investments). They now compare with an array
-- computed once per statement (an InitPlan), which also lets PostgreSQL use the indexes.
-- Same rows visible as before; tests/test_rls.py and the dashboard tests check it.

SET LOCAL ROLE auxeira_owner;

CREATE FUNCTION auxeira.my_company_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(c.id), '{}')
    FROM auxeira.companies AS c
    WHERE c.user_id = auxeira.current_user_id()
$$;

COMMENT ON FUNCTION auxeira.my_company_ids() IS
    'The ids of the companies the current user founded, as an array. Policies use it as '
    '"company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[])": the scalar subquery runs once per '
    'statement (an InitPlan) instead of once per row, and the comparison can use an index.';

CREATE FUNCTION auxeira.my_portfolio_company_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(DISTINCT i.company_id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
$$;

COMMENT ON FUNCTION auxeira.my_portfolio_company_ids() IS
    'The ids of the companies the current user holds an investment in, as an array; used by '
    'the investor read policies once per statement (see my_company_ids()).';

CREATE FUNCTION auxeira.my_visible_investment_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(i.id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
       OR i.company_id = ANY (auxeira.my_company_ids())
$$;

COMMENT ON FUNCTION auxeira.my_visible_investment_ids() IS
    'The ids of the investments the current user may read (their own, and those made in the '
    'companies they founded), as an array; cash flows and valuation marks follow it.';

ALTER POLICY companies_investor_read ON auxeira.companies
    USING (id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));

ALTER POLICY investments_founder_read ON auxeira.investments
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

ALTER POLICY esg_metrics_founder ON auxeira.esg_metrics
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]))
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

ALTER POLICY esg_metrics_investor_read ON auxeira.esg_metrics
    USING (company_id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));

ALTER POLICY economic_impact_founder ON auxeira.economic_impact
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]))
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

ALTER POLICY economic_impact_investor_read ON auxeira.economic_impact
    USING (company_id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));

ALTER POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships
    USING (startup_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));

ALTER POLICY investment_cash_flows_follow_investment ON auxeira.investment_cash_flows
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]));

ALTER POLICY valuation_marks_follow_investment ON auxeira.valuation_marks
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]));

REVOKE EXECUTE ON FUNCTION
    auxeira.my_company_ids(),
    auxeira.my_portfolio_company_ids(),
    auxeira.my_visible_investment_ids()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.my_company_ids(),
    auxeira.my_portfolio_company_ids(),
    auxeira.my_visible_investment_ids()
    TO auxeira_app, auxeira_readonly;
