-- Row-level security and privileges of prices (0009, issue 8): services read the price list
-- and write none of it; prices change only by the owner role, and purchases only through
-- auxeira_dash.vc_purchase_lp_report (SECURITY DEFINER, price from the list).

-- auxeira.price_list: public to services (read), maintained by the owner role only.
ALTER TABLE auxeira.price_list ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.price_list FORCE ROW LEVEL SECURITY;

CREATE POLICY price_list_owner_maintenance ON auxeira.price_list
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY price_list_owner_maintenance ON auxeira.price_list IS
    'auxeira_owner (migrations, billing operators) reads and writes every price.';

CREATE POLICY price_list_readonly_select ON auxeira.price_list
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY price_list_readonly_select ON auxeira.price_list IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY price_list_public_select ON auxeira.price_list
    FOR SELECT TO auxeira_app
    USING (true);
COMMENT ON POLICY price_list_public_select ON auxeira.price_list IS
    'Every tenant reads the price list (prices are public); there is no INSERT, UPDATE or '
    'DELETE policy for the application, nor the privilege.';

REVOKE INSERT, UPDATE, DELETE ON auxeira.price_list FROM auxeira_app;
GRANT SELECT ON auxeira.price_list TO auxeira_app, auxeira_readonly;

-- auxeira.lp_report_purchases: written only by vc_purchase_lp_report (SECURITY DEFINER, price
-- from the list); a service inserting a row itself could record any amount. Reads stay as in
-- 230_vc.sql (lp_report_purchases_buyer_select).
REVOKE INSERT, UPDATE, DELETE ON auxeira.lp_report_purchases FROM auxeira_app;

-- Functions.
REVOKE EXECUTE ON FUNCTION
    auxeira.current_price(text, text, timestamptz),
    auxeira.price_list_no_overlap()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.current_price(text, text, timestamptz)
    TO auxeira_app, auxeira_readonly;
