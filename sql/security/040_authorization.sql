-- Authorization by consent (migration 0008): privileges, triggers and policies of the audit
-- log, the guard triggers, the public company profiles and the admin functions.

-- users: accounts are created by the platform (auxeira.admin_create_user()), never by a
-- tenant, which could otherwise create itself as a government user.
REVOKE INSERT, DELETE, TRUNCATE ON auxeira.users FROM auxeira_app;

-- Guard triggers (sql/functions/070_authorization.sql).
-- Each guard fires only for the columns it guards: the everyday writes (metric refreshes,
-- profile edits) do not pay for it.
CREATE TRIGGER users_guard
    BEFORE UPDATE OF email, user_type, subscription_tier, subscription_status, trial_ends_at,
        is_synthetic, expires_at
    ON auxeira.users
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.users_guard();
COMMENT ON TRIGGER users_guard ON auxeira.users IS
    'Only the platform changes user_type and the subscription columns; changes are audited.';

CREATE TRIGGER companies_guard
    BEFORE INSERT OR UPDATE OF verified, verified_at ON auxeira.companies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.companies_guard();
COMMENT ON TRIGGER companies_guard ON auxeira.companies IS
    'Tenants create unverified companies only, a bounded number; only the platform verifies.';

CREATE TRIGGER investments_guard_consent
    BEFORE INSERT OR UPDATE OF founder_consent, founder_consent_at, company_id, investor_id
    ON auxeira.investments
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.relationship_guard('company_id', 'investor_id');
COMMENT ON TRIGGER investments_guard_consent ON auxeira.investments IS
    'A new investment is pending until the founder accepts; company, investor and consent '
    'change only through the platform; consent changes are audited.';

CREATE TRIGGER corporate_partnerships_guard_consent
    BEFORE INSERT OR UPDATE OF founder_consent, founder_consent_at, startup_id,
        corporate_partner_id
    ON auxeira.corporate_partnerships
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.relationship_guard('startup_id', 'corporate_partner_id');
COMMENT ON TRIGGER corporate_partnerships_guard_consent ON auxeira.corporate_partnerships IS
    'A new partnership is pending until the startup''s founder accepts; startup, partner and '
    'consent change only through the platform; consent changes are audited.';

CREATE TRIGGER syndicates_guard_consent
    BEFORE INSERT OR UPDATE OF founder_consent, founder_consent_at, company_id, lead_id
    ON auxeira.syndicates
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.relationship_guard('company_id', 'lead_id');
COMMENT ON TRIGGER syndicates_guard_consent ON auxeira.syndicates IS
    'A syndicate on a company is pending until its founder accepts; company, lead and consent '
    'change only through the platform; consent changes are audited.';

-- audit_log: append-only; the read-only role reads it, the application role has no access.
ALTER TABLE auxeira.audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.audit_log FORCE ROW LEVEL SECURITY;

CREATE POLICY audit_log_owner_select ON auxeira.audit_log
    FOR SELECT TO auxeira_owner
    USING (true);
COMMENT ON POLICY audit_log_owner_select ON auxeira.audit_log IS
    'auxeira_owner (maintenance) reads every entry.';

CREATE POLICY audit_log_owner_insert ON auxeira.audit_log
    FOR INSERT TO auxeira_owner
    WITH CHECK (true);
COMMENT ON POLICY audit_log_owner_insert ON auxeira.audit_log IS
    'auxeira_owner appends entries (auxeira.write_audit(), from the guard triggers and the '
    'admin functions). No UPDATE or DELETE policy for anyone.';

CREATE POLICY audit_log_readonly_select ON auxeira.audit_log
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY audit_log_readonly_select ON auxeira.audit_log IS
    'auxeira_readonly (DBAs, auditors) reads every entry and writes none.';

CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON auxeira.audit_log
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.audit_log_append_only();
COMMENT ON TRIGGER audit_log_append_only ON auxeira.audit_log IS
    'Refuses UPDATE and DELETE of audit entries, for every role.';

CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON auxeira.audit_log
    FOR EACH STATEMENT
    EXECUTE FUNCTION auxeira.audit_log_append_only();
COMMENT ON TRIGGER audit_log_no_truncate ON auxeira.audit_log IS
    'Refuses TRUNCATE of the audit log, for every role.';

REVOKE ALL ON auxeira.audit_log FROM auxeira_app;
GRANT SELECT ON auxeira.audit_log TO auxeira_readonly;

-- Public company profiles, for every signed-in user (read only: the grant on every table of
-- sql/security/020_grants.sql reaches views too).
REVOKE ALL ON auxeira.company_profiles FROM auxeira_app, auxeira_readonly;
GRANT SELECT ON auxeira.company_profiles TO auxeira_app, auxeira_readonly;

-- Functions: helpers the policies and triggers evaluate as the caller, and the admin API.
REVOKE EXECUTE ON FUNCTION
    auxeira.tenant_from_claims(text, text),
    auxeira.my_investment_ids(),
    auxeira.acting_as_platform(),
    auxeira.max_unverified_companies(),
    auxeira.write_audit(text, text, text, jsonb, jsonb),
    auxeira.audit_log_append_only(),
    auxeira.changed_columns(jsonb, jsonb, text[]),
    auxeira.users_guard(),
    auxeira.companies_guard(),
    auxeira.relationship_guard(),
    auxeira.admin_create_user(text, text, text),
    auxeira.admin_set_email(uuid, text),
    auxeira.admin_set_user_type(uuid, text),
    auxeira.admin_set_subscription(uuid, text, text),
    auxeira.admin_set_company_verified(uuid, boolean),
    auxeira.round_significant(numeric, integer)
    FROM PUBLIC;
-- The guard triggers run as the caller (SECURITY INVOKER), so the caller executes these.
GRANT EXECUTE ON FUNCTION
    auxeira.tenant_from_claims(text, text),
    auxeira.my_investment_ids(),
    auxeira.acting_as_platform(),
    auxeira.max_unverified_companies(),
    auxeira.changed_columns(jsonb, jsonb, text[])
    TO auxeira_app, auxeira_readonly;
GRANT USAGE ON SCHEMA auxeira TO auxeira_admin;
GRANT EXECUTE ON FUNCTION
    auxeira.current_user_id(),
    auxeira.tenant_from_claims(text, text),
    auxeira.admin_create_user(text, text, text),
    auxeira.admin_set_email(uuid, text),
    auxeira.admin_set_user_type(uuid, text),
    auxeira.admin_set_subscription(uuid, text, text),
    auxeira.admin_set_company_verified(uuid, boolean)
    TO auxeira_admin;
