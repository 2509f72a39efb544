-- Row-level security on every table that holds a user's data.
--
-- FORCE makes the owner subject to the policies too, so nothing (a view or a
-- SECURITY DEFINER function owned by auxeira_owner included) bypasses them by
-- accident; the owner sees every row only through its explicit maintenance policy.
-- Policies for auxeira_app key on auxeira.current_user_id(): unset sees nothing.

-- The uniform part: enable and force RLS, full access for the owner's maintenance,
-- read access for the read-only role (DBAs and BI tools see every tenant).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'users', 'companies', 'investments', 'portfolio_metrics', 'esg_metrics',
        'economic_impact', 'corporate_partnerships', 'token_transactions',
        'analytics_events', 'subscription_events', 'funds', 'investment_cash_flows',
        'valuation_marks', 'fund_cash_flows'
    ] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE auxeira.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('ALTER TABLE auxeira.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I TO auxeira_owner USING (true) WITH CHECK (true)',
            t || '_owner_maintenance', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L',
            t || '_owner_maintenance', t,
            'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.');
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR SELECT TO auxeira_readonly USING (true)',
            t || '_readonly_select', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L',
            t || '_readonly_select', t,
            'auxeira_readonly (DBAs, BI tools) reads every row and writes none.');
    END LOOP;
END
$$;

-- users: a user sees and edits their own row only.
CREATE POLICY users_self ON auxeira.users
    TO auxeira_app
    USING (id = auxeira.current_user_id())
    WITH CHECK (id = auxeira.current_user_id());
COMMENT ON POLICY users_self ON auxeira.users IS
    'A user reads and writes their own users row only.';

-- companies: founders own theirs; investors read the companies they invested in.
CREATE POLICY companies_founder ON auxeira.companies
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY companies_founder ON auxeira.companies IS
    'A founder reads and writes the companies whose user_id is theirs.';

CREATE POLICY companies_investor_read ON auxeira.companies
    FOR SELECT TO auxeira_app
    USING (id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));
COMMENT ON POLICY companies_investor_read ON auxeira.companies IS
    'An investor reads the companies they hold an investment in.';

-- investments: investors own theirs; founders read the investments in their company.
CREATE POLICY investments_investor ON auxeira.investments
    TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id());
COMMENT ON POLICY investments_investor ON auxeira.investments IS
    'An investor reads and writes their own investments.';

CREATE POLICY investments_founder_read ON auxeira.investments
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY investments_founder_read ON auxeira.investments IS
    'A founder reads the investments made in their companies (their cap table).';

-- portfolio_metrics: the investor's own snapshots.
CREATE POLICY portfolio_metrics_investor ON auxeira.portfolio_metrics
    TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id());
COMMENT ON POLICY portfolio_metrics_investor ON auxeira.portfolio_metrics IS
    'An investor reads and writes their own portfolio snapshots.';

-- Company metrics: the founder writes them; the company's investors read them.
CREATE POLICY esg_metrics_founder ON auxeira.esg_metrics
    TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]))
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY esg_metrics_founder ON auxeira.esg_metrics IS
    'The founder of the company reads and writes its ESG metrics.';

CREATE POLICY esg_metrics_investor_read ON auxeira.esg_metrics
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));
COMMENT ON POLICY esg_metrics_investor_read ON auxeira.esg_metrics IS
    'Investors in the company read its ESG metrics.';

CREATE POLICY economic_impact_founder ON auxeira.economic_impact
    TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]))
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY economic_impact_founder ON auxeira.economic_impact IS
    'The founder of the company reads and writes its economic impact figures.';

CREATE POLICY economic_impact_investor_read ON auxeira.economic_impact
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));
COMMENT ON POLICY economic_impact_investor_read ON auxeira.economic_impact IS
    'Investors in the company read its economic impact figures.';

-- corporate_partnerships: the corporate partner owns them; the startup's founder reads them.
CREATE POLICY corporate_partnerships_partner ON auxeira.corporate_partnerships
    TO auxeira_app
    USING (corporate_partner_id = auxeira.current_user_id())
    WITH CHECK (corporate_partner_id = auxeira.current_user_id());
COMMENT ON POLICY corporate_partnerships_partner ON auxeira.corporate_partnerships IS
    'A corporate partner reads and writes its own partnerships.';

CREATE POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships
    FOR SELECT TO auxeira_app
    USING (startup_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships IS
    'The founder of the startup reads the partnerships it is part of.';

-- A user's own activity records.
CREATE POLICY token_transactions_self ON auxeira.token_transactions
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY token_transactions_self ON auxeira.token_transactions IS
    'A user reads and writes their own token transactions.';

CREATE POLICY analytics_events_self ON auxeira.analytics_events
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY analytics_events_self ON auxeira.analytics_events IS
    'A user reads and writes their own analytics events.';

CREATE POLICY subscription_events_self ON auxeira.subscription_events
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY subscription_events_self ON auxeira.subscription_events IS
    'A user reads and writes their own subscription events.';

-- funds: the managing VC owns them.
CREATE POLICY funds_manager ON auxeira.funds
    TO auxeira_app
    USING (manager_id = auxeira.current_user_id())
    WITH CHECK (manager_id = auxeira.current_user_id());
COMMENT ON POLICY funds_manager ON auxeira.funds IS
    'A VC reads and writes the funds it manages.';

-- Cash flows and marks follow their investment: visible when the investment is visible to
-- the caller (its investor, or the founder of the company), written by the investor only.
CREATE POLICY investment_cash_flows_follow_investment ON auxeira.investment_cash_flows
    TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]))
    WITH CHECK (EXISTS (SELECT FROM auxeira.investments AS i
                        WHERE i.id = investment_id
                          AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY investment_cash_flows_follow_investment ON auxeira.investment_cash_flows IS
    'Readable wherever the investment is readable (investor, founder); written by the investor.';

CREATE POLICY valuation_marks_follow_investment ON auxeira.valuation_marks
    TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]))
    WITH CHECK (EXISTS (SELECT FROM auxeira.investments AS i
                        WHERE i.id = investment_id
                          AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY valuation_marks_follow_investment ON auxeira.valuation_marks IS
    'Readable wherever the investment is readable (investor, founder); written by the investor.';

CREATE POLICY fund_cash_flows_follow_fund ON auxeira.fund_cash_flows
    TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.funds AS f WHERE f.id = fund_id))
    WITH CHECK (EXISTS (SELECT FROM auxeira.funds AS f WHERE f.id = fund_id));
COMMENT ON POLICY fund_cash_flows_follow_fund ON auxeira.fund_cash_flows IS
    'Readable and writable by the manager of the fund (through the funds policy).';
