-- Row-level security and privileges of auxeira.idempotency_keys (sql/schema/320_...): services
-- reach it only through auxeira.idempotent_replay() and auxeira.idempotent_record().
ALTER TABLE auxeira.idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.idempotency_keys FORCE ROW LEVEL SECURITY;

CREATE POLICY idempotency_keys_owner_maintenance ON auxeira.idempotency_keys
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY idempotency_keys_owner_maintenance ON auxeira.idempotency_keys IS
    'auxeira_owner (the SECURITY DEFINER helpers, pruning) reads and writes every row.';

CREATE POLICY idempotency_keys_readonly_select ON auxeira.idempotency_keys
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY idempotency_keys_readonly_select ON auxeira.idempotency_keys IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

-- 020_grants.sql grants every auxeira table to auxeira_app when sql/ is loaded in one go: take
-- it back, the helpers are the only way in.
REVOKE ALL ON auxeira.idempotency_keys FROM auxeira_app;
GRANT SELECT ON auxeira.idempotency_keys TO auxeira_readonly;

GRANT EXECUTE ON FUNCTION
    auxeira.idempotent_replay(text, text),
    auxeira.idempotent_record(text, text, jsonb)
    TO auxeira_app;
