-- Row-level security and privileges of auxeira.idempotency_keys (sql/schema/320_...): services
-- reach it only through auxeira.idempotent_replay() and auxeira.idempotent_record().
SELECT auxeira.apply_uniform_policies('idempotency_keys');
-- No policy for auxeira_app: services have no privilege on the table.

-- 020_grants.sql grants every auxeira table to auxeira_app when sql/ is loaded in one go: take
-- it back, the helpers are the only way in.
REVOKE ALL ON auxeira.idempotency_keys FROM auxeira_app;
GRANT SELECT ON auxeira.idempotency_keys TO auxeira_readonly;

GRANT EXECUTE ON FUNCTION
    auxeira.idempotent_replay(text, text),
    auxeira.idempotent_record(text, text, jsonb)
    TO auxeira_app;

-- Pruning (0017): the scheduled job's, as the owner role; no service may run it.
REVOKE EXECUTE ON FUNCTION auxeira.prune_idempotency_keys(interval, integer) FROM PUBLIC;
