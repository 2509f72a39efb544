-- Idempotent writes (0014). A write function with an idempotency key adopts it with two
-- statements around its work:
--
--     written := jsonb_populate_record(written,
--                    auxeira.idempotent_replay('my_write', my_write.idempotency_key));
--     IF written.id IS NOT NULL THEN RETURN written; END IF;   -- a retry: the first result
--     ... validate and write as before ...
--     PERFORM auxeira.idempotent_record('my_write', my_write.idempotency_key, to_jsonb(written));
--
-- Both do nothing when the key is NULL, so the key stays optional.

CREATE FUNCTION auxeira.idempotent_replay(operation text, idempotency_key text)
    RETURNS jsonb
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    stored auxeira.idempotency_keys;
BEGIN
    IF idempotency_key IS NULL THEN
        RETURN NULL;
    END IF;
    IF length(idempotency_key) NOT BETWEEN 1 AND 255 THEN
        RAISE EXCEPTION 'idempotency_key must be 1-255 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- A retry that arrives while the first call is still running waits for it here, then sees
    -- its result (or, if it rolled back, does the work itself).
    PERFORM pg_advisory_xact_lock(hashtext('auxeira.idempotency_keys'),
                                  hashtext(me::text || '|' || idempotency_key));
    SELECT k.* INTO stored
    FROM auxeira.idempotency_keys AS k
    WHERE k.user_id = me AND k.idempotency_key = idempotent_replay.idempotency_key;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF stored.operation <> idempotent_replay.operation THEN
        RAISE EXCEPTION 'idempotency key % was already used for %, not %',
            idempotency_key, stored.operation, operation
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN stored.result;
END
$$;

COMMENT ON FUNCTION auxeira.idempotent_replay(text, text) IS
    'First step of an idempotent write: the stored result (jsonb) of the current user''s earlier '
    'call with this idempotency_key, or NULL when there is none (or the key is NULL). Waits, '
    'under a transaction-scoped advisory lock per (user, key), for a concurrent first call to '
    'finish. Refuses (invalid_parameter_value) a key of more than 255 characters and a key '
    'first used for another operation. No tenant: insufficient_privilege '
    '(auxeira.require_user_id).';

CREATE FUNCTION auxeira.idempotent_record(operation text, idempotency_key text, result jsonb)
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF idempotent_record.idempotency_key IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO auxeira.idempotency_keys AS k (user_id, idempotency_key, operation, result)
    VALUES (auxeira.require_user_id(), idempotent_record.idempotency_key,
            idempotent_record.operation, idempotent_record.result)
    ON CONFLICT ON CONSTRAINT idempotency_keys_user_key DO NOTHING;
END
$$;

COMMENT ON FUNCTION auxeira.idempotent_record(text, text, jsonb) IS
    'Last step of an idempotent write: stores the result of the current user''s call under its '
    'idempotency_key (nothing when the key is NULL), in the write''s own transaction, so the '
    'result is kept exactly when the write commits. See auxeira.idempotent_replay().';

CREATE FUNCTION auxeira.prune_idempotency_keys(
    keep interval DEFAULT '7 days', max_rows integer DEFAULT 10000)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    removed bigint;
BEGIN
    IF keep IS NULL OR keep < interval '1 hour' THEN
        RAISE EXCEPTION 'keep must be at least 1 hour (got %)', coalesce(keep::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'max_rows must be at least 1 (got %)', coalesce(max_rows::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM auxeira.idempotency_keys AS k
    WHERE k.id IN (SELECT o.id FROM auxeira.idempotency_keys AS o
                   WHERE o.created_at < now() - keep
                   ORDER BY o.created_at
                   LIMIT max_rows);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END
$$;

COMMENT ON FUNCTION auxeira.prune_idempotency_keys(interval, integer) IS
    'Deletes at most max_rows stored idempotency results older than keep (default 7 days; at '
    'least 1 hour, so that a retry in flight still finds its result), oldest first, through '
    'the index on created_at; returns how many went. A key used again after its result was '
    'pruned counts as a new write. Run by the scheduled job prune-idempotency-keys (daily, '
    'batches until one returns less than max_rows); owner role only.';
