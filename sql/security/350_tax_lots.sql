-- Row-level security and privileges of the tax lots (tables in sql/schema/350_tax_lots.sql,
-- functions in sql/functions/100_tax_lots.sql, writes in sql/api/angel_tax.sql). A user reads
-- and writes their own tax facts only; the writes go through the auxeira_dash functions.

SELECT auxeira.apply_uniform_policies('tax_profiles', 'tax_lot_facts', 'tax_disposal_facts');

CREATE POLICY tax_profiles_self_select ON auxeira.tax_profiles
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY tax_profiles_self_select ON auxeira.tax_profiles IS
    'A user reads their own tax jurisdiction, no one else''s.';
CREATE POLICY tax_profiles_self_insert ON auxeira.tax_profiles
    FOR INSERT TO auxeira_app
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY tax_profiles_self_insert ON auxeira.tax_profiles IS
    'A user sets their own tax jurisdiction only.';
CREATE POLICY tax_profiles_self_update ON auxeira.tax_profiles
    FOR UPDATE TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY tax_profiles_self_update ON auxeira.tax_profiles IS
    'A user changes their own tax jurisdiction only.';
CREATE POLICY tax_profiles_self_delete ON auxeira.tax_profiles
    FOR DELETE TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY tax_profiles_self_delete ON auxeira.tax_profiles IS
    'A user removes their own tax jurisdiction only (back to the default, US).';

CREATE POLICY tax_lot_facts_investor_select ON auxeira.tax_lot_facts
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_lot_facts_investor_select ON auxeira.tax_lot_facts IS
    'The investor reads the facts of their own lots only.';
CREATE POLICY tax_lot_facts_investor_insert ON auxeira.tax_lot_facts
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.tax_lot_origin(tax_lot_facts.lot_id) AS o
                            WHERE o.investment_id = tax_lot_facts.investment_id
                              AND o.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_lot_facts_investor_insert ON auxeira.tax_lot_facts IS
    'The investor records facts for their own lots only: auxeira.tax_lot_origin says the lot is '
    'a live acquisition of that investment of theirs.';
CREATE POLICY tax_lot_facts_investor_update ON auxeira.tax_lot_facts
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.tax_lot_origin(tax_lot_facts.lot_id) AS o
                            WHERE o.investment_id = tax_lot_facts.investment_id
                              AND o.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_lot_facts_investor_update ON auxeira.tax_lot_facts IS
    'The investor changes the facts of their own lots only (auxeira.tax_lot_origin).';
CREATE POLICY tax_lot_facts_investor_delete ON auxeira.tax_lot_facts
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_lot_facts_investor_delete ON auxeira.tax_lot_facts IS
    'The investor removes the facts of their own lots only.';

CREATE POLICY tax_disposal_facts_investor_select ON auxeira.tax_disposal_facts
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_disposal_facts_investor_select ON auxeira.tax_disposal_facts IS
    'The investor reads the facts of their own disposals only.';
CREATE POLICY tax_disposal_facts_investor_insert ON auxeira.tax_disposal_facts
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.investment_cash_flows AS f
                            JOIN auxeira.investments AS i ON i.id = f.investment_id
                            WHERE f.id = tax_disposal_facts.disposal_id
                              AND f.investment_id = tax_disposal_facts.investment_id
                              AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_disposal_facts_investor_insert ON auxeira.tax_disposal_facts IS
    'The investor records facts for their own disposals only (a cash flow of that investment of '
    'theirs).';
CREATE POLICY tax_disposal_facts_investor_update ON auxeira.tax_disposal_facts
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.investment_cash_flows AS f
                            JOIN auxeira.investments AS i ON i.id = f.investment_id
                            WHERE f.id = tax_disposal_facts.disposal_id
                              AND f.investment_id = tax_disposal_facts.investment_id
                              AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_disposal_facts_investor_update ON auxeira.tax_disposal_facts IS
    'The investor changes the facts of their own disposals only (a cash flow of that '
    'investment of theirs).';
CREATE POLICY tax_disposal_facts_investor_delete ON auxeira.tax_disposal_facts
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_disposal_facts_investor_delete ON auxeira.tax_disposal_facts IS
    'The investor removes the facts of their own disposals only.';

GRANT SELECT, INSERT, UPDATE, DELETE
    ON auxeira.tax_profiles, auxeira.tax_lot_facts, auxeira.tax_disposal_facts
    TO auxeira_app;
GRANT SELECT ON auxeira.tax_profiles, auxeira.tax_lot_facts, auxeira.tax_disposal_facts
    TO auxeira_readonly;

GRANT SELECT ON auxeira_dash.angel_tax_positions TO auxeira_app, auxeira_readonly;

REVOKE ALL ON FUNCTION
    auxeira.tax_jurisdiction(uuid),
    auxeira.tax_year(text, date),
    auxeira.tax_relief_tiers(text, date),
    auxeira.qsbs_cap_usd(date, numeric),
    auxeira.tax_lots(uuid, text, date),
    auxeira.tax_lot_origin(uuid),
    auxeira.tax_matches(uuid, text, text, date),
    auxeira_dash.angel_set_tax_jurisdiction(text),
    auxeira_dash.angel_set_lot_facts(uuid, numeric, date, text, text, boolean),
    auxeira_dash.angel_identify_disposal(uuid, numeric, jsonb)
    FROM PUBLIC;
-- The report's building blocks: run as the caller, so row-level security decides the rows.
GRANT EXECUTE ON FUNCTION
    auxeira.tax_jurisdiction(uuid),
    auxeira.tax_year(text, date),
    auxeira.tax_relief_tiers(text, date),
    auxeira.qsbs_cap_usd(date, numeric),
    auxeira.tax_lots(uuid, text, date),
    auxeira.tax_lot_origin(uuid),
    auxeira.tax_matches(uuid, text, text, date)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_set_tax_jurisdiction(text),
    auxeira_dash.angel_set_lot_facts(uuid, numeric, date, text, text, boolean),
    auxeira_dash.angel_identify_disposal(uuid, numeric, jsonb)
    TO auxeira_app;
