-- Helpers of the row-level security files that follow (loaded first in sql/security/).

CREATE FUNCTION auxeira.apply_uniform_policies(VARIADIC tables text[])
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY tables LOOP
        EXECUTE format('ALTER TABLE auxeira.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE auxeira.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format(
            'CREATE POLICY %I ON auxeira.%I TO auxeira_owner USING (true) WITH CHECK (true)',
            t || '_owner_maintenance', t);
        EXECUTE format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L',
            t || '_owner_maintenance', t,
            'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.');
        EXECUTE format(
            'CREATE POLICY %I ON auxeira.%I FOR SELECT TO auxeira_readonly USING (true)',
            t || '_readonly_select', t);
        EXECUTE format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L',
            t || '_readonly_select', t,
            'auxeira_readonly (DBAs, BI tools) reads every row and writes none.');
    END LOOP;
END
$$;

COMMENT ON FUNCTION auxeira.apply_uniform_policies(text[]) IS
    'The uniform part of row-level security, for each named table of schema auxeira: ENABLE '
    'and FORCE row level security, policy <table>_owner_maintenance (auxeira_owner reads and '
    'writes every row) and policy <table>_readonly_select (auxeira_readonly reads every row), '
    'each with its comment. The tenant policies are written per table beside the call. Run '
    'by sql/security/ and by migrations as the owner; not granted to anyone else.';
REVOKE EXECUTE ON FUNCTION auxeira.apply_uniform_policies(text[]) FROM PUBLIC;
