-- Row-level security and privileges of the tax lots (tables in sql/schema/350_tax_lots.sql,
-- functions in sql/functions/100_tax_lots.sql, writes in sql/api/angel_tax.sql). A user reads
-- and writes their own tax facts only; the writes go through the auxeira_dash functions.

ALTER TABLE auxeira.tax_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.tax_profiles FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.tax_lot_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.tax_lot_facts FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.tax_disposal_facts ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.tax_disposal_facts FORCE ROW LEVEL SECURITY;

CREATE POLICY tax_profiles_owner_maintenance ON auxeira.tax_profiles
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY tax_profiles_owner_maintenance ON auxeira.tax_profiles IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY tax_profiles_readonly_select ON auxeira.tax_profiles
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY tax_profiles_readonly_select ON auxeira.tax_profiles IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
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

CREATE POLICY tax_lot_facts_owner_maintenance ON auxeira.tax_lot_facts
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY tax_lot_facts_owner_maintenance ON auxeira.tax_lot_facts IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY tax_lot_facts_readonly_select ON auxeira.tax_lot_facts
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY tax_lot_facts_readonly_select ON auxeira.tax_lot_facts IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
CREATE POLICY tax_lot_facts_investor_select ON auxeira.tax_lot_facts
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_lot_facts_investor_select ON auxeira.tax_lot_facts IS
    'The investor reads the facts of their own lots only.';
CREATE POLICY tax_lot_facts_investor_insert ON auxeira.tax_lot_facts
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.investments AS i
                            WHERE i.id = investment_id
                              AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_lot_facts_investor_insert ON auxeira.tax_lot_facts IS
    'The investor records facts for the lots of their own investments only.';
CREATE POLICY tax_lot_facts_investor_update ON auxeira.tax_lot_facts
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.investments AS i
                            WHERE i.id = investment_id
                              AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_lot_facts_investor_update ON auxeira.tax_lot_facts IS
    'The investor changes the facts of their own lots only, within their own investments.';
CREATE POLICY tax_lot_facts_investor_delete ON auxeira.tax_lot_facts
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_lot_facts_investor_delete ON auxeira.tax_lot_facts IS
    'The investor removes the facts of their own lots only.';

CREATE POLICY tax_disposal_facts_owner_maintenance ON auxeira.tax_disposal_facts
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY tax_disposal_facts_owner_maintenance ON auxeira.tax_disposal_facts IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY tax_disposal_facts_readonly_select ON auxeira.tax_disposal_facts
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY tax_disposal_facts_readonly_select ON auxeira.tax_disposal_facts IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
CREATE POLICY tax_disposal_facts_investor_select ON auxeira.tax_disposal_facts
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_disposal_facts_investor_select ON auxeira.tax_disposal_facts IS
    'The investor reads the facts of their own disposals only.';
CREATE POLICY tax_disposal_facts_investor_insert ON auxeira.tax_disposal_facts
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.investments AS i
                            WHERE i.id = investment_id
                              AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_disposal_facts_investor_insert ON auxeira.tax_disposal_facts IS
    'The investor records facts for the disposals of their own investments only.';
CREATE POLICY tax_disposal_facts_investor_update ON auxeira.tax_disposal_facts
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.investments AS i
                            WHERE i.id = investment_id
                              AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_disposal_facts_investor_update ON auxeira.tax_disposal_facts IS
    'The investor changes the facts of their own disposals only, within their own investments.';
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
    auxeira.tax_matches(uuid, text, text, date)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_set_tax_jurisdiction(text),
    auxeira_dash.angel_set_lot_facts(uuid, numeric, date, text, text, boolean),
    auxeira_dash.angel_identify_disposal(uuid, numeric, jsonb)
    TO auxeira_app;
