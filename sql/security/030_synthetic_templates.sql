-- auxeira.synthetic_templates: updated_at trigger, row-level security and grants.
--
-- The trigger lives here rather than beside the table because sql/ loads sql/schema before
-- sql/functions, and auxeira.update_updated_at_column() is defined in sql/functions.

CREATE TRIGGER update_synthetic_templates_updated_at
    BEFORE UPDATE ON auxeira.synthetic_templates
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

-- Templates are shared configuration, not a tenant's data: every role reads them, only the
-- owner (migrations, `auxeira-db templates create|delete`) writes them.
ALTER TABLE auxeira.synthetic_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.synthetic_templates FORCE ROW LEVEL SECURITY;

CREATE POLICY synthetic_templates_owner_maintenance ON auxeira.synthetic_templates
    TO auxeira_owner USING (true) WITH CHECK (true);
COMMENT ON POLICY synthetic_templates_owner_maintenance ON auxeira.synthetic_templates IS
    'auxeira_owner (migrations, auxeira-db templates) reads and writes every template.';

CREATE POLICY synthetic_templates_readonly_select ON auxeira.synthetic_templates
    FOR SELECT TO auxeira_readonly USING (true);
COMMENT ON POLICY synthetic_templates_readonly_select ON auxeira.synthetic_templates IS
    'auxeira_readonly (DBAs, BI tools) reads every template and writes none.';

CREATE POLICY synthetic_templates_app_select ON auxeira.synthetic_templates
    FOR SELECT TO auxeira_app USING (true);
COMMENT ON POLICY synthetic_templates_app_select ON auxeira.synthetic_templates IS
    'Services (auxeira_app) read every template, e.g. to list them; they cannot change them.';

-- sql/security/020_grants.sql grants DML on all tables to auxeira_app when sql/ is loaded in
-- one go; the application role only reads templates.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON auxeira.synthetic_templates FROM auxeira_app;
GRANT SELECT ON auxeira.synthetic_templates TO auxeira_app, auxeira_readonly;
