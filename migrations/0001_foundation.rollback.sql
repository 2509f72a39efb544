-- Undo 0001_foundation. Roles are cluster-wide and may serve other databases: they stay.
DROP SCHEMA auxeira CASCADE;

DO $$
BEGIN
    EXECUTE pg_catalog.format(
        'REVOKE ALL ON DATABASE %I FROM auxeira_owner, auxeira_app, auxeira_readonly',
        current_database());
END
$$;
