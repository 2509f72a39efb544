-- Government agency dashboard: triggers, row-level security and grants of its tables, views
-- and functions (sql/schema/250_government.sql, sql/views/government.sql).
--
-- Tenancy: policies and their measured impacts belong to the government user who logged them;
-- regulatory requirements are reference data every signed-in user reads and their publisher
-- edits; a company's compliance rows belong to the company (its founder) and are shown to the
-- requirement's publisher only when the company opts in (shared_with_regulator).

-- updated_at stamps (the trigger function is defined in sql/functions, after sql/schema).
CREATE TRIGGER update_government_policies_updated_at
    BEFORE UPDATE ON auxeira.government_policies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
CREATE TRIGGER update_government_policy_impacts_updated_at
    BEFORE UPDATE ON auxeira.government_policy_impacts
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
CREATE TRIGGER update_regulatory_requirements_updated_at
    BEFORE UPDATE ON auxeira.regulatory_requirements
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
CREATE TRIGGER update_company_compliance_updated_at
    BEFORE UPDATE ON auxeira.company_compliance
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_government_policies_updated_at ON auxeira.government_policies IS
    'Stamps government_policies.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_government_policy_impacts_updated_at
    ON auxeira.government_policy_impacts IS
    'Stamps government_policy_impacts.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_regulatory_requirements_updated_at
    ON auxeira.regulatory_requirements IS
    'Stamps regulatory_requirements.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_company_compliance_updated_at ON auxeira.company_compliance IS
    'Stamps company_compliance.updated_at with now() on every UPDATE.';

-- Live changes on channel auxeira_government. economic_impact has no user column (its figures
-- reach the dashboard through the materialized view, at refresh); compliance rows concern a
-- company, not a government user, and likewise reach it at refresh.
CREATE TRIGGER government_policies_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.government_policies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('government', 'owner_id');
CREATE TRIGGER government_policy_impacts_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.government_policy_impacts
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('government', 'owner_id');
CREATE TRIGGER regulatory_requirements_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.regulatory_requirements
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('government', 'owner_id');

COMMENT ON TRIGGER government_policies_notify ON auxeira.government_policies IS
    'NOTIFY auxeira_government {user_id: owner_id, entity, id, op} when a policy changes.';
COMMENT ON TRIGGER government_policy_impacts_notify ON auxeira.government_policy_impacts IS
    'NOTIFY auxeira_government {user_id: owner_id, entity, id, op} when a measurement changes.';
COMMENT ON TRIGGER regulatory_requirements_notify ON auxeira.regulatory_requirements IS
    'NOTIFY auxeira_government {user_id: owner_id (NULL for platform requirements), entity, '
    'id, op} when a requirement changes.';

-- Row-level security: enabled and forced, owner maintenance, read-only role reads all.
ALTER TABLE auxeira.government_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.government_policies FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.government_policy_impacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.government_policy_impacts FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.regulatory_requirements ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.regulatory_requirements FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.company_compliance ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.company_compliance FORCE ROW LEVEL SECURITY;

CREATE POLICY government_policies_owner_maintenance ON auxeira.government_policies
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY government_policies_readonly_select ON auxeira.government_policies
    FOR SELECT TO auxeira_readonly USING (true);
CREATE POLICY government_policy_impacts_owner_maintenance ON auxeira.government_policy_impacts
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY government_policy_impacts_readonly_select ON auxeira.government_policy_impacts
    FOR SELECT TO auxeira_readonly USING (true);
CREATE POLICY regulatory_requirements_owner_maintenance ON auxeira.regulatory_requirements
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY regulatory_requirements_readonly_select ON auxeira.regulatory_requirements
    FOR SELECT TO auxeira_readonly USING (true);
CREATE POLICY company_compliance_owner_maintenance ON auxeira.company_compliance
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY company_compliance_readonly_select ON auxeira.company_compliance
    FOR SELECT TO auxeira_readonly USING (true);

COMMENT ON POLICY government_policies_owner_maintenance ON auxeira.government_policies IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
COMMENT ON POLICY government_policies_readonly_select ON auxeira.government_policies IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
COMMENT ON POLICY government_policy_impacts_owner_maintenance
    ON auxeira.government_policy_impacts IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
COMMENT ON POLICY government_policy_impacts_readonly_select
    ON auxeira.government_policy_impacts IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
COMMENT ON POLICY regulatory_requirements_owner_maintenance ON auxeira.regulatory_requirements IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
COMMENT ON POLICY regulatory_requirements_readonly_select ON auxeira.regulatory_requirements IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
COMMENT ON POLICY company_compliance_owner_maintenance ON auxeira.company_compliance IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
COMMENT ON POLICY company_compliance_readonly_select ON auxeira.company_compliance IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

-- Tenant policies.
CREATE POLICY government_policies_owner_select ON auxeira.government_policies
    FOR SELECT TO auxeira_app
    USING (owner_id = auxeira.current_user_id());
COMMENT ON POLICY government_policies_owner_select ON auxeira.government_policies IS
    'A government user reads its own policies.';

CREATE POLICY government_policies_owner_insert ON auxeira.government_policies
    FOR INSERT TO auxeira_app
    WITH CHECK (owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government'));
COMMENT ON POLICY government_policies_owner_insert ON auxeira.government_policies IS
    'A government user records policies in its own name; only government users own policies.';

CREATE POLICY government_policies_owner_update ON auxeira.government_policies
    FOR UPDATE TO auxeira_app
    USING (owner_id = auxeira.current_user_id())
    WITH CHECK (owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government'));
COMMENT ON POLICY government_policies_owner_update ON auxeira.government_policies IS
    'A government user edits its own policies.';

CREATE POLICY government_policies_owner_delete ON auxeira.government_policies
    FOR DELETE TO auxeira_app
    USING (owner_id = auxeira.current_user_id());
COMMENT ON POLICY government_policies_owner_delete ON auxeira.government_policies IS
    'A government user deletes its own policies.';

CREATE POLICY government_policy_impacts_owner_select ON auxeira.government_policy_impacts
    FOR SELECT TO auxeira_app
    USING (owner_id = auxeira.current_user_id());
COMMENT ON POLICY government_policy_impacts_owner_select ON auxeira.government_policy_impacts IS
    'A government user reads the measurements of its own policies.';

CREATE POLICY government_policy_impacts_owner_insert ON auxeira.government_policy_impacts
    FOR INSERT TO auxeira_app
    WITH CHECK (owner_id = auxeira.current_user_id());
COMMENT ON POLICY government_policy_impacts_owner_insert ON auxeira.government_policy_impacts IS
    'A government user records measurements of its own policies (the composite foreign key keeps owner_id equal to the policy''s owner).';

CREATE POLICY government_policy_impacts_owner_update ON auxeira.government_policy_impacts
    FOR UPDATE TO auxeira_app
    USING (owner_id = auxeira.current_user_id())
    WITH CHECK (owner_id = auxeira.current_user_id());
COMMENT ON POLICY government_policy_impacts_owner_update ON auxeira.government_policy_impacts IS
    'A government user edits the measurements of its own policies.';

CREATE POLICY government_policy_impacts_owner_delete ON auxeira.government_policy_impacts
    FOR DELETE TO auxeira_app
    USING (owner_id = auxeira.current_user_id());
COMMENT ON POLICY government_policy_impacts_owner_delete ON auxeira.government_policy_impacts IS
    'A government user deletes the measurements of its own policies.';

CREATE POLICY regulatory_requirements_signed_in_read ON auxeira.regulatory_requirements
    FOR SELECT TO auxeira_app
    USING (auxeira.current_user_id() IS NOT NULL);
COMMENT ON POLICY regulatory_requirements_signed_in_read ON auxeira.regulatory_requirements IS
    'Requirements are public reference data: every signed-in user reads them (an unset tenant '
    'reads none).';

CREATE POLICY regulatory_requirements_publisher_insert ON auxeira.regulatory_requirements
    FOR INSERT TO auxeira_app
    WITH CHECK (owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government'));
COMMENT ON POLICY regulatory_requirements_publisher_insert ON auxeira.regulatory_requirements IS
    'A government user publishes requirements in its own name.';

CREATE POLICY regulatory_requirements_publisher_update ON auxeira.regulatory_requirements
    FOR UPDATE TO auxeira_app
    USING (owner_id = auxeira.current_user_id())
    WITH CHECK (owner_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = owner_id AND u.user_type = 'government'));
COMMENT ON POLICY regulatory_requirements_publisher_update ON auxeira.regulatory_requirements IS
    'A government user edits its own requirements.';

CREATE POLICY regulatory_requirements_publisher_delete ON auxeira.regulatory_requirements
    FOR DELETE TO auxeira_app
    USING (owner_id = auxeira.current_user_id());
COMMENT ON POLICY regulatory_requirements_publisher_delete ON auxeira.regulatory_requirements IS
    'A government user withdraws its own requirements.';

CREATE POLICY company_compliance_founder_select ON auxeira.company_compliance
    FOR SELECT TO auxeira_app
    USING (auxeira.owns_company(company_id));
COMMENT ON POLICY company_compliance_founder_select ON auxeira.company_compliance IS
    'The founder of the company reads its compliance rows.';

CREATE POLICY company_compliance_founder_insert ON auxeira.company_compliance
    FOR INSERT TO auxeira_app
    WITH CHECK (auxeira.owns_company(company_id));
COMMENT ON POLICY company_compliance_founder_insert ON auxeira.company_compliance IS
    'The founder of the company records its compliance rows, including the opt-in.';

CREATE POLICY company_compliance_founder_update ON auxeira.company_compliance
    FOR UPDATE TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id));
COMMENT ON POLICY company_compliance_founder_update ON auxeira.company_compliance IS
    'The founder of the company edits its compliance rows and the opt-in.';

CREATE POLICY company_compliance_founder_delete ON auxeira.company_compliance
    FOR DELETE TO auxeira_app
    USING (auxeira.owns_company(company_id));
COMMENT ON POLICY company_compliance_founder_delete ON auxeira.company_compliance IS
    'The founder of the company deletes its compliance rows.';

CREATE POLICY company_compliance_regulator_read ON auxeira.company_compliance
    FOR SELECT TO auxeira_app
    USING (
        shared_with_regulator
        AND EXISTS (SELECT FROM auxeira.regulatory_requirements AS r
                    WHERE r.id = requirement_id
                      AND (r.owner_id = auxeira.current_user_id()
                           OR (r.owner_id IS NULL
                               AND EXISTS (SELECT FROM auxeira.users AS u
                                           WHERE u.id = auxeira.current_user_id()
                                             AND u.user_type = 'government'))))
    );
COMMENT ON POLICY company_compliance_regulator_read ON auxeira.company_compliance IS
    'Opt-in disclosure: a row the company shares (shared_with_regulator) is readable by the '
    'government user who published the requirement, or by every government user for a '
    'platform requirement (owner_id NULL). Unshared rows reach government users only as '
    'suppressed aggregates.';

-- Grants: data access for services (row-level security decides which rows), SELECT for the
-- read-only role; the materialized views for the read-only role only.
GRANT SELECT, INSERT, UPDATE, DELETE ON
    auxeira.government_policies,
    auxeira.government_policy_impacts,
    auxeira.regulatory_requirements,
    auxeira.company_compliance
    TO auxeira_app;
GRANT SELECT ON
    auxeira.government_policies,
    auxeira.government_policy_impacts,
    auxeira.regulatory_requirements,
    auxeira.company_compliance
    TO auxeira_readonly;

GRANT SELECT ON
    auxeira_mv.government_economic_impact,
    auxeira_mv.government_compliance_summary
    TO auxeira_readonly;

GRANT SELECT ON auxeira_dash.government_policy_impact TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.government_economic(date, date, text),
    auxeira_dash.government_jobs(date, date, text),
    auxeira_dash.government_tax_revenue(date, date, text),
    auxeira_dash.government_compliance(),
    auxeira_dash.government_compliance_companies(integer, text, text, uuid),
    auxeira_dash.government_record_policy(
        text, text, text, date, date, numeric, jsonb, text, text, text, text),
    auxeira_dash.government_record_policy_impact(
        uuid, text, date, date, numeric, numeric, integer, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.government_economic(date, date, text),
    auxeira_dash.government_jobs(date, date, text),
    auxeira_dash.government_tax_revenue(date, date, text),
    auxeira_dash.government_compliance(),
    auxeira_dash.government_compliance_companies(integer, text, text, uuid)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.government_record_policy(
        text, text, text, date, date, numeric, jsonb, text, text, text, text),
    auxeira_dash.government_record_policy_impact(
        uuid, text, date, date, numeric, numeric, integer, text, text)
    TO auxeira_app;

-- The one-statement endpoints of sql/api/ (reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.government_compliance_report(integer, text, text, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.government_compliance_report(integer, text, text, uuid)
    TO auxeira_app, auxeira_readonly;

-- Deprecated names (0017, removed in the next release): the same grants as the functions they
-- call (government_record_policy, government_record_policy_impact).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.government_log_policy(
        text, text, text, date, date, numeric, jsonb, text, text, text, text),
    auxeira_dash.government_log_policy_impact(
        uuid, text, date, date, numeric, numeric, integer, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.government_log_policy(
        text, text, text, date, date, numeric, jsonb, text, text, text, text),
    auxeira_dash.government_log_policy_impact(
        uuid, text, date, date, numeric, numeric, integer, text, text)
    TO auxeira_app;

-- The keyset-paged lists of sql/api/government.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.government_policies_page(integer, text, uuid, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.government_policies_page(integer, text, uuid, uuid)
    TO auxeira_app, auxeira_readonly;
