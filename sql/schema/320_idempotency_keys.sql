-- auxeira.idempotency_keys: the first result of each write a user sent with an idempotency key
-- (added in 0014). Services retry on timeouts; a retried write with the same key returns the
-- stored result and writes nothing new. Written and read only through
-- auxeira.idempotent_replay() and auxeira.idempotent_record() (sql/functions/090_idempotency.sql).

CREATE TABLE auxeira.idempotency_keys (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    idempotency_key text NOT NULL,
    operation text NOT NULL,
    result jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (id),
    CONSTRAINT idempotency_keys_user_key UNIQUE (user_id, idempotency_key),
    CONSTRAINT idempotency_keys_key_check CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    CONSTRAINT idempotency_keys_operation_check CHECK (length(operation) BETWEEN 1 AND 63)
);

CREATE INDEX idempotency_keys_created_at_idx ON auxeira.idempotency_keys (created_at);

COMMENT ON TABLE auxeira.idempotency_keys IS
    'The first result of every write a user sent with an idempotency key, keyed by (user, key): '
    'a retried call with the same key returns this result and writes nothing new. Written by '
    'auxeira.idempotent_record() and read by auxeira.idempotent_replay() (SECURITY DEFINER, '
    'keyed on the current user); services have no privilege on the table itself. No foreign '
    'key to users: a short-lived log of results, like auxeira.outbox, never part of a user''s '
    'data that cleanup must keep consistent.';
COMMENT ON COLUMN auxeira.idempotency_keys.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.idempotency_keys.user_id IS
    'The tenant (auxeira.current_user_id()) that sent the write: keys are per user, so two '
    'users never collide and no user can replay another''s result.';
COMMENT ON COLUMN auxeira.idempotency_keys.idempotency_key IS
    'The caller''s key for one logical write (e.g. a UUID it drew before the first attempt), '
    '1-255 characters.';
COMMENT ON COLUMN auxeira.idempotency_keys.operation IS
    'The write function the key was first used with (e.g. startup_record_interview); the same '
    'key with another operation is refused.';
COMMENT ON COLUMN auxeira.idempotency_keys.result IS
    'The first call''s result as jsonb (to_jsonb of the returned row), returned again to '
    'retries.';
COMMENT ON COLUMN auxeira.idempotency_keys.created_at IS
    'When the first call''s transaction started.';
COMMENT ON CONSTRAINT idempotency_keys_user_key ON auxeira.idempotency_keys IS
    'One stored result per user and key: the look-up of auxeira.idempotent_replay().';
COMMENT ON INDEX auxeira.idempotency_keys_created_at_idx IS
    'Serves pruning by age.';
