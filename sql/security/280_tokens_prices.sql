-- Row-level security and privileges of tokens and prices (0009, issue 8): services read their
-- own token ledger and the price list; they write neither. Tokens move only through the rule
-- functions of sql/functions/280_tokens.sql, prices only by the owner role, and purchases only
-- through auxeira_dash.vc_purchase_lp_report (SECURITY DEFINER, price from the list).

-- auxeira.token_transactions (the uniform owner and read-only policies are in
-- 010_row_level_security.sql): a user reads their own ledger; no write policy for services.

CREATE POLICY token_transactions_self_select ON auxeira.token_transactions
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY token_transactions_self_select ON auxeira.token_transactions IS
    'A user reads their own token transactions. There is no INSERT, UPDATE or DELETE policy for '
    'the application (and no such privilege): tokens are awarded and spent only by the rule '
    'functions award_tokens, spend_tokens and token_penalty.';

-- 020_grants.sql grants every auxeira table to auxeira_app when sql/ is loaded in one go: take
-- writing back. A service that could insert a token row could award itself any balance.
REVOKE INSERT, UPDATE, DELETE ON auxeira.token_transactions FROM auxeira_app;

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
    auxeira.token_rules(),
    auxeira.token_post(uuid, text, integer, text, text, uuid),
    auxeira.award_tokens(text, uuid),
    auxeira.spend_tokens(text),
    auxeira.token_penalty(uuid, integer, text),
    auxeira.current_price(text, text, timestamptz),
    auxeira.price_list_no_overlap()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.token_rules(),
    auxeira.current_price(text, text, timestamptz)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira.award_tokens(text, uuid),
    auxeira.spend_tokens(text)
    TO auxeira_app;
-- token_post (internal) and token_penalty (operators) stay with the owner.

-- Every price change is audited (auxeira.audit_log, 0008).
CREATE TRIGGER price_list_audit
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.price_list
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.price_list_audit();
COMMENT ON TRIGGER price_list_audit ON auxeira.price_list IS
    'Writes every inserted, changed or deleted price to auxeira.audit_log.';
REVOKE EXECUTE ON FUNCTION auxeira.price_list_audit() FROM PUBLIC;
