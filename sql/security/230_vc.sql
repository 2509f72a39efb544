-- Row-level security and privileges of the venture-capital dashboard (tables in
-- sql/schema/230_vc.sql, reads in sql/views/vc.sql, writes in sql/api/vc.sql).

-- auxeira.deals: private to the investor whose pipeline it is.
ALTER TABLE auxeira.deals ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.deals FORCE ROW LEVEL SECURITY;

CREATE POLICY deals_owner_maintenance ON auxeira.deals
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY deals_owner_maintenance ON auxeira.deals IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';

CREATE POLICY deals_readonly_select ON auxeira.deals
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY deals_readonly_select ON auxeira.deals IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY deals_investor_select ON auxeira.deals
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY deals_investor_select ON auxeira.deals IS
    'An investor reads the deals of their own pipeline. A deal that names a company opens nothing of it.';

CREATE POLICY deals_investor_insert ON auxeira.deals
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id()
        AND (fund_id IS NULL
             OR EXISTS (SELECT FROM auxeira.funds AS f
                        WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
        AND (investment_id IS NULL
             OR EXISTS (SELECT FROM auxeira.investments AS i
                        WHERE i.id = investment_id
                          AND i.investor_id = auxeira.current_user_id())));
COMMENT ON POLICY deals_investor_insert ON auxeira.deals IS
    'An investor adds deals to their own pipeline; a deal''s fund must be one they manage and its investment one of theirs.';

CREATE POLICY deals_investor_update ON auxeira.deals
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id()
        AND (fund_id IS NULL
             OR EXISTS (SELECT FROM auxeira.funds AS f
                        WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id()))
        AND (investment_id IS NULL
             OR EXISTS (SELECT FROM auxeira.investments AS i
                        WHERE i.id = investment_id
                          AND i.investor_id = auxeira.current_user_id())));
COMMENT ON POLICY deals_investor_update ON auxeira.deals IS
    'An investor edits the deals of their own pipeline, under the same rules as insert.';

CREATE POLICY deals_investor_delete ON auxeira.deals
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY deals_investor_delete ON auxeira.deals IS
    'An investor deletes deals of their own pipeline.';

-- auxeira.lp_report_purchases: the buyer reads theirs; new ones are recorded only by
-- vc_purchase_lp_report at the list price (0009: no write policy or privilege for services,
-- see 280_tokens_prices.sql); nobody but the owner changes or deletes a purchase.
ALTER TABLE auxeira.lp_report_purchases ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.lp_report_purchases FORCE ROW LEVEL SECURITY;

CREATE POLICY lp_report_purchases_owner_maintenance ON auxeira.lp_report_purchases
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY lp_report_purchases_owner_maintenance ON auxeira.lp_report_purchases IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';

CREATE POLICY lp_report_purchases_readonly_select ON auxeira.lp_report_purchases
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY lp_report_purchases_readonly_select ON auxeira.lp_report_purchases IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY lp_report_purchases_buyer_select ON auxeira.lp_report_purchases
    FOR SELECT TO auxeira_app
    USING (buyer_id = auxeira.current_user_id());
COMMENT ON POLICY lp_report_purchases_buyer_select ON auxeira.lp_report_purchases IS
    'A VC reads the LP report purchases they made.';

-- Table privileges: the same as every auxeira table (sql/security/020_grants.sql); the
-- policies above decide which rows and which commands.
GRANT SELECT, INSERT, UPDATE, DELETE ON auxeira.deals, auxeira.lp_report_purchases
    TO auxeira_app;
GRANT SELECT ON auxeira.deals, auxeira.lp_report_purchases TO auxeira_readonly;

-- The materialized view: DBAs only; tenants go through auxeira_dash.vc_performance().
GRANT SELECT ON auxeira_mv.vc_performance TO auxeira_readonly;
REVOKE EXECUTE ON FUNCTION auxeira.vc_performance_holdings(uuid) FROM PUBLIC;

-- Reads.
GRANT SELECT ON
    auxeira_dash.vc_portfolio,
    auxeira_dash.vc_portfolio_totals,
    auxeira_dash.vc_deals,
    auxeira_dash.vc_deal_stages
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date, timestamptz, text),
    auxeira_dash.vc_lp_report_schedule(uuid, date, timestamptz, text),
    auxeira_dash.vc_record_investment(
        uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
        text, text),
    auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text),
    auxeira.notify_investment_dashboard()
    FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date, timestamptz, text),
    auxeira_dash.vc_lp_report_schedule(uuid, date, timestamptz, text)
    TO auxeira_app, auxeira_readonly;

-- Writes.
GRANT EXECUTE ON FUNCTION
    auxeira_dash.vc_record_investment(
        uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
        text, text),
    auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text),
    auxeira.notify_investment_dashboard()
    TO auxeira_app;

-- The one-statement endpoints of sql/api/vc.sql (reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.vc_portfolio_report(),
    auxeira_dash.vc_deals_report(integer, date, uuid),
    auxeira_dash.vc_lp_report(uuid, date, timestamptz, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.vc_portfolio_report(),
    auxeira_dash.vc_deals_report(integer, date, uuid),
    auxeira_dash.vc_lp_report(uuid, date, timestamptz, text)
    TO auxeira_app, auxeira_readonly;

-- Triggers of the dashboard's tables (they load after the trigger functions of sql/functions/) ----

CREATE TRIGGER update_deals_updated_at
    BEFORE UPDATE ON auxeira.deals
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_deals_updated_at ON auxeira.deals IS
    'Stamps deals.updated_at with now() on every UPDATE.';

CREATE TRIGGER notify_vc_deals
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.deals
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('vc', 'investor_id');

COMMENT ON TRIGGER notify_vc_deals ON auxeira.deals IS
    'NOTIFY auxeira_vc: the investor''s deal flow changed.';

CREATE TRIGGER notify_vc_lp_report_purchases
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.lp_report_purchases
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('vc', 'buyer_id');

COMMENT ON TRIGGER notify_vc_lp_report_purchases ON auxeira.lp_report_purchases IS
    'NOTIFY auxeira_vc: a premium LP report was bought.';

CREATE TRIGGER notify_vc_investments
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.investments
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('vc', 'investor_id');

COMMENT ON TRIGGER notify_vc_investments ON auxeira.investments IS
    'NOTIFY auxeira_vc: an investment of the investor changed (portfolio, performance, LP '
    'report).';

CREATE TRIGGER notify_vc_portfolio_metrics
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.portfolio_metrics
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('vc', 'investor_id');

COMMENT ON TRIGGER notify_vc_portfolio_metrics ON auxeira.portfolio_metrics IS
    'NOTIFY auxeira_vc: a portfolio snapshot of the investor was written.';

CREATE TRIGGER notify_vc_investment_cash_flows
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.investment_cash_flows
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_investment_dashboard('vc');

COMMENT ON TRIGGER notify_vc_investment_cash_flows ON auxeira.investment_cash_flows IS
    'NOTIFY auxeira_vc for the investor of the flow''s investment: its figures changed.';

CREATE TRIGGER notify_vc_valuation_marks
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.valuation_marks
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_investment_dashboard('vc');

COMMENT ON TRIGGER notify_vc_valuation_marks ON auxeira.valuation_marks IS
    'NOTIFY auxeira_vc for the investor of the marked investment: its value changed.';

-- Deprecated names (0017, removed in the next release): the same grants as the functions they
-- call (vc_record_investment).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.vc_log_investment(
        uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
        text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.vc_log_investment(
        uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
        text, text)
    TO auxeira_app;
