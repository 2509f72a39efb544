-- Undo 0005_tenant_policy_speed: back to the per-row policies of 0001 and 0002.
SET LOCAL ROLE auxeira_owner;

ALTER POLICY companies_investor_read ON auxeira.companies USING (auxeira.invests_in(id));
ALTER POLICY investments_founder_read ON auxeira.investments
    USING (auxeira.owns_company(company_id));
ALTER POLICY esg_metrics_founder ON auxeira.esg_metrics
    USING (auxeira.owns_company(company_id)) WITH CHECK (auxeira.owns_company(company_id));
ALTER POLICY esg_metrics_investor_read ON auxeira.esg_metrics
    USING (auxeira.invests_in(company_id));
ALTER POLICY economic_impact_founder ON auxeira.economic_impact
    USING (auxeira.owns_company(company_id)) WITH CHECK (auxeira.owns_company(company_id));
ALTER POLICY economic_impact_investor_read ON auxeira.economic_impact
    USING (auxeira.invests_in(company_id));
ALTER POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships
    USING (auxeira.owns_company(startup_id));
ALTER POLICY investment_cash_flows_follow_investment ON auxeira.investment_cash_flows
    USING (EXISTS (SELECT FROM auxeira.investments AS i WHERE i.id = investment_id));
ALTER POLICY valuation_marks_follow_investment ON auxeira.valuation_marks
    USING (EXISTS (SELECT FROM auxeira.investments AS i WHERE i.id = investment_id));

DROP FUNCTION auxeira.my_visible_investment_ids();
DROP FUNCTION auxeira.my_portfolio_company_ids();
DROP FUNCTION auxeira.my_company_ids();
