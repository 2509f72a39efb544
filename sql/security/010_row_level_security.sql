-- Row-level security on every table that holds a user's data.
--
-- FORCE makes the owner subject to the policies too, so nothing (a view or a
-- SECURITY DEFINER function owned by auxeira_owner included) bypasses them by
-- accident; the owner sees every row only through its explicit maintenance policy.
-- Policies for auxeira_app key on auxeira.current_user_id(): unset sees nothing.

-- The uniform part: enable and force RLS, full access for the owner's maintenance,
-- read access for the read-only role (DBAs and BI tools see every tenant).
SELECT auxeira.apply_uniform_policies(
    'users', 'companies', 'investments', 'portfolio_metrics', 'esg_metrics', 'economic_impact',
    'corporate_partnerships', 'token_transactions', 'analytics_events', 'subscription_events',
    'funds', 'investment_cash_flows', 'valuation_marks', 'fund_cash_flows'
);

-- Tenant policies: one per command (SELECT, INSERT, UPDATE, DELETE), never FOR ALL, so that
-- what a tenant may read never widens what it may write. Write policies name the row's owner
-- only; reading a company's confidential data through a relationship needs the founder's
-- consent (auxeira.my_portfolio_company_ids() counts accepted investments only).
-- tests/test_authorization.py checks the catalog: no FOR ALL policy for a tenant role.

-- users: a user reads and edits their own row; the platform creates and deletes accounts
-- (auxeira.admin_create_user()) and changes the privileged columns (trigger users_guard).
CREATE POLICY users_self_select ON auxeira.users
    FOR SELECT TO auxeira_app
    USING (id = auxeira.current_user_id());
COMMENT ON POLICY users_self_select ON auxeira.users IS
    'A user reads their own users row only.';

CREATE POLICY users_self_update ON auxeira.users
    FOR UPDATE TO auxeira_app
    USING (id = auxeira.current_user_id())
    WITH CHECK (id = auxeira.current_user_id());
COMMENT ON POLICY users_self_update ON auxeira.users IS
    'A user edits their own profile columns; user_type and the subscription columns are the '
    'platform''s (trigger users_guard). No INSERT or DELETE policy: accounts are created by '
    'auxeira.admin_create_user().';

-- companies: the founder owns theirs; investors whose investment the founder accepted read them.
CREATE POLICY companies_founder_select ON auxeira.companies
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY companies_founder_select ON auxeira.companies IS
    'A founder reads the companies whose user_id is theirs.';

CREATE POLICY companies_founder_insert ON auxeira.companies
    FOR INSERT TO auxeira_app
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY companies_founder_insert ON auxeira.companies IS
    'A founder creates companies in their own name (unverified, and a bounded number: trigger '
    'companies_guard).';

CREATE POLICY companies_founder_update ON auxeira.companies
    FOR UPDATE TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY companies_founder_update ON auxeira.companies IS
    'A founder edits their own companies (not verified: trigger companies_guard).';

CREATE POLICY companies_founder_delete ON auxeira.companies
    FOR DELETE TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY companies_founder_delete ON auxeira.companies IS
    'A founder deletes their own companies (refused by foreign keys while rows refer to them).';

CREATE POLICY companies_investor_read ON auxeira.companies
    FOR SELECT TO auxeira_app
    USING (id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));
COMMENT ON POLICY companies_investor_read ON auxeira.companies IS
    'An investor reads the companies they hold an investment in that the founder accepted. '
    'Everyone signed in reads the public columns through auxeira.company_profiles.';

-- investments: the investor owns them; the founder reads those made in their companies (every
-- status, so that they can answer the pending ones) and answers through
-- auxeira_dash.startup_answer_relationship().
CREATE POLICY investments_investor_select ON auxeira.investments
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY investments_investor_select ON auxeira.investments IS
    'An investor reads their own investments, whatever the founder answered.';

CREATE POLICY investments_investor_insert ON auxeira.investments
    FOR INSERT TO auxeira_app
    WITH CHECK (
        investor_id = auxeira.current_user_id()
        AND (fund_id IS NULL
             OR EXISTS (SELECT FROM auxeira.funds AS f
                        WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
    );
COMMENT ON POLICY investments_investor_insert ON auxeira.investments IS
    'An investor records investments in their own name, in a fund they manage (or none); a '
    'new investment is pending until the founder accepts it (trigger investments_guard_consent).';

CREATE POLICY investments_investor_update ON auxeira.investments
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (
        investor_id = auxeira.current_user_id()
        AND (fund_id IS NULL
             OR EXISTS (SELECT FROM auxeira.funds AS f
                        WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
    );
COMMENT ON POLICY investments_investor_update ON auxeira.investments IS
    'An investor edits their own investments, keeping them in funds they manage; the company, '
    'the investor and the founder''s consent cannot change (trigger investments_guard_consent).';

CREATE POLICY investments_investor_delete ON auxeira.investments
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY investments_investor_delete ON auxeira.investments IS
    'An investor deletes their own investments (refused by foreign keys while flows refer to '
    'them).';

CREATE POLICY investments_founder_read ON auxeira.investments
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY investments_founder_read ON auxeira.investments IS
    'A founder reads the investments recorded in their companies (their cap table, and the '
    'pending ones to answer). Never written by the founder.';

-- portfolio_metrics: the investor's own snapshots.
CREATE POLICY portfolio_metrics_investor_select ON auxeira.portfolio_metrics
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY portfolio_metrics_investor_select ON auxeira.portfolio_metrics IS
    'An investor reads their own portfolio snapshots.';

CREATE POLICY portfolio_metrics_investor_insert ON auxeira.portfolio_metrics
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id());
COMMENT ON POLICY portfolio_metrics_investor_insert ON auxeira.portfolio_metrics IS
    'An investor records snapshots of their own portfolio only.';

CREATE POLICY portfolio_metrics_investor_update ON auxeira.portfolio_metrics
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id());
COMMENT ON POLICY portfolio_metrics_investor_update ON auxeira.portfolio_metrics IS
    'An investor edits their own snapshots only.';

CREATE POLICY portfolio_metrics_investor_delete ON auxeira.portfolio_metrics
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY portfolio_metrics_investor_delete ON auxeira.portfolio_metrics IS
    'An investor deletes their own snapshots only.';

-- esg_metrics: the founder writes them; investors the founder accepted read them.
CREATE POLICY esg_metrics_founder_select ON auxeira.esg_metrics
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY esg_metrics_founder_select ON auxeira.esg_metrics IS
    'The founder of the company reads its ESG metrics.';

CREATE POLICY esg_metrics_founder_insert ON auxeira.esg_metrics
    FOR INSERT TO auxeira_app
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY esg_metrics_founder_insert ON auxeira.esg_metrics IS
    'The founder of the company records its ESG metrics.';

CREATE POLICY esg_metrics_founder_update ON auxeira.esg_metrics
    FOR UPDATE TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]))
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY esg_metrics_founder_update ON auxeira.esg_metrics IS
    'The founder of the company edits its ESG metrics.';

CREATE POLICY esg_metrics_founder_delete ON auxeira.esg_metrics
    FOR DELETE TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY esg_metrics_founder_delete ON auxeira.esg_metrics IS
    'The founder of the company deletes its ESG metrics.';

CREATE POLICY esg_metrics_investor_read ON auxeira.esg_metrics
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));
COMMENT ON POLICY esg_metrics_investor_read ON auxeira.esg_metrics IS
    'Investors in the company whose investment the founder accepted read its ESG metrics.';

-- economic_impact: the founder writes them; investors the founder accepted read them.
CREATE POLICY economic_impact_founder_select ON auxeira.economic_impact
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY economic_impact_founder_select ON auxeira.economic_impact IS
    'The founder of the company reads its economic impact figures.';

CREATE POLICY economic_impact_founder_insert ON auxeira.economic_impact
    FOR INSERT TO auxeira_app
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY economic_impact_founder_insert ON auxeira.economic_impact IS
    'The founder of the company records its economic impact figures.';

CREATE POLICY economic_impact_founder_update ON auxeira.economic_impact
    FOR UPDATE TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]))
    WITH CHECK (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY economic_impact_founder_update ON auxeira.economic_impact IS
    'The founder of the company edits its economic impact figures.';

CREATE POLICY economic_impact_founder_delete ON auxeira.economic_impact
    FOR DELETE TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY economic_impact_founder_delete ON auxeira.economic_impact IS
    'The founder of the company deletes its economic impact figures.';

CREATE POLICY economic_impact_investor_read ON auxeira.economic_impact
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_portfolio_company_ids())::uuid[]));
COMMENT ON POLICY economic_impact_investor_read ON auxeira.economic_impact IS
    'Investors in the company whose investment the founder accepted read its economic impact figures.';

-- corporate_partnerships: the corporate partner owns them; the startup's founder reads them
-- and answers them (auxeira_dash.startup_answer_relationship()).
CREATE POLICY corporate_partnerships_partner_select ON auxeira.corporate_partnerships
    FOR SELECT TO auxeira_app
    USING (corporate_partner_id = auxeira.current_user_id());
COMMENT ON POLICY corporate_partnerships_partner_select ON auxeira.corporate_partnerships IS
    'A corporate partner reads its own partnerships.';

CREATE POLICY corporate_partnerships_partner_insert ON auxeira.corporate_partnerships
    FOR INSERT TO auxeira_app
    WITH CHECK (corporate_partner_id = auxeira.current_user_id());
COMMENT ON POLICY corporate_partnerships_partner_insert ON auxeira.corporate_partnerships IS
    'A corporate partner records partnerships in its own name; pending until the startup''s '
    'founder accepts (trigger corporate_partnerships_guard_consent).';

CREATE POLICY corporate_partnerships_partner_update ON auxeira.corporate_partnerships
    FOR UPDATE TO auxeira_app
    USING (corporate_partner_id = auxeira.current_user_id())
    WITH CHECK (corporate_partner_id = auxeira.current_user_id());
COMMENT ON POLICY corporate_partnerships_partner_update ON auxeira.corporate_partnerships IS
    'A corporate partner edits its own partnerships (not the startup nor the consent).';

CREATE POLICY corporate_partnerships_partner_delete ON auxeira.corporate_partnerships
    FOR DELETE TO auxeira_app
    USING (corporate_partner_id = auxeira.current_user_id());
COMMENT ON POLICY corporate_partnerships_partner_delete ON auxeira.corporate_partnerships IS
    'A corporate partner deletes its own partnerships.';

CREATE POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships
    FOR SELECT TO auxeira_app
    USING (startup_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships IS
    'The founder of the startup reads the partnerships recorded against it (every status).';

-- A user's own activity records (token_transactions: sql/security/280_tokens_prices.sql).
-- analytics_events: a user's own events, append-only for the application.
CREATE POLICY analytics_events_self_select ON auxeira.analytics_events
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY analytics_events_self_select ON auxeira.analytics_events IS
    'A user reads their own analytics events.';

CREATE POLICY analytics_events_self_insert ON auxeira.analytics_events
    FOR INSERT TO auxeira_app
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY analytics_events_self_insert ON auxeira.analytics_events IS
    'A user records their own analytics events.';

-- subscription_events: written by the platform's billing functions; a user reads theirs.
CREATE POLICY subscription_events_self_select ON auxeira.subscription_events
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY subscription_events_self_select ON auxeira.subscription_events IS
    'A user reads their own subscription events.';

-- funds: the managing VC owns them.
CREATE POLICY funds_manager_select ON auxeira.funds
    FOR SELECT TO auxeira_app
    USING (manager_id = auxeira.current_user_id());
COMMENT ON POLICY funds_manager_select ON auxeira.funds IS
    'A VC reads the funds it manages.';

CREATE POLICY funds_manager_insert ON auxeira.funds
    FOR INSERT TO auxeira_app
    WITH CHECK (manager_id = auxeira.current_user_id());
COMMENT ON POLICY funds_manager_insert ON auxeira.funds IS
    'A VC creates the funds it manages.';

CREATE POLICY funds_manager_update ON auxeira.funds
    FOR UPDATE TO auxeira_app
    USING (manager_id = auxeira.current_user_id())
    WITH CHECK (manager_id = auxeira.current_user_id());
COMMENT ON POLICY funds_manager_update ON auxeira.funds IS
    'A VC edits the funds it manages.';

CREATE POLICY funds_manager_delete ON auxeira.funds
    FOR DELETE TO auxeira_app
    USING (manager_id = auxeira.current_user_id());
COMMENT ON POLICY funds_manager_delete ON auxeira.funds IS
    'A VC deletes the funds it manages.';

-- Cash flows and marks: read by the investor, and by the founder of the company once the
-- founder accepted the investment; written by the investor only (a founder can never erase an
-- investor's distributions or write-downs).
CREATE POLICY investment_cash_flows_select ON auxeira.investment_cash_flows
    FOR SELECT TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]));
COMMENT ON POLICY investment_cash_flows_select ON auxeira.investment_cash_flows IS
    'The investor reads the cash flows of their investments; the founder those of the accepted '
    'investments in their companies.';

CREATE POLICY investment_cash_flows_investor_insert ON auxeira.investment_cash_flows
    FOR INSERT TO auxeira_app
    WITH CHECK (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));
COMMENT ON POLICY investment_cash_flows_investor_insert ON auxeira.investment_cash_flows IS
    'Only the investor records cash flows of their own investments.';

CREATE POLICY valuation_marks_select ON auxeira.valuation_marks
    FOR SELECT TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]));
COMMENT ON POLICY valuation_marks_select ON auxeira.valuation_marks IS
    'The investor reads the valuation marks of their investments; the founder those of the accepted '
    'investments in their companies.';

CREATE POLICY valuation_marks_investor_insert ON auxeira.valuation_marks
    FOR INSERT TO auxeira_app
    WITH CHECK (investment_id = ANY ((SELECT auxeira.my_investment_ids())::uuid[]));
COMMENT ON POLICY valuation_marks_investor_insert ON auxeira.valuation_marks IS
    'Only the investor records valuation marks of their own investments.';

-- fund_cash_flows: the manager of the fund (the funds policies decide which funds exist for
-- the caller).
CREATE POLICY fund_cash_flows_manager_select ON auxeira.fund_cash_flows
    FOR SELECT TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()));
COMMENT ON POLICY fund_cash_flows_manager_select ON auxeira.fund_cash_flows IS
    'The manager of the fund reads its fees, expenses and carried interest.';

CREATE POLICY fund_cash_flows_manager_insert ON auxeira.fund_cash_flows
    FOR INSERT TO auxeira_app
    WITH CHECK (EXISTS (SELECT FROM auxeira.funds AS f
                   WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()));
COMMENT ON POLICY fund_cash_flows_manager_insert ON auxeira.fund_cash_flows IS
    'The manager of the fund records its fees, expenses and carried interest.';

