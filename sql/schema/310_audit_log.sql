-- auxeira.audit_log: privileged changes, append-only (migration 0008).

CREATE TABLE auxeira.audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    db_user text NOT NULL DEFAULT session_user,
    acting_user_id uuid,
    action text NOT NULL,
    entity text NOT NULL,
    entity_id text,
    old_value jsonb,
    new_value jsonb,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id),
    CONSTRAINT audit_log_action_check CHECK (btrim(action) <> '')
);

CREATE INDEX audit_log_entity_idx ON auxeira.audit_log (entity, entity_id);
CREATE INDEX audit_log_occurred_at_idx ON auxeira.audit_log USING brin (occurred_at);

COMMENT ON TABLE auxeira.audit_log IS
    'Append-only record of privileged changes: user type and subscription columns, company '
    'verification, relationships accepted, rejected and revoked by founders, price-list '
    'changes, role grants made through package functions. Written only by triggers and '
    'functions running as auxeira_owner; UPDATE, DELETE and TRUNCATE are refused for every role '
    '(trigger audit_log_append_only). Readable by auxeira_readonly; the application role has '
    'no access.';
COMMENT ON COLUMN auxeira.audit_log.id IS 'Primary key; increasing with insertion order.';
COMMENT ON COLUMN auxeira.audit_log.occurred_at IS
    'When the change was made (clock time of the statement, not of the transaction start).';
COMMENT ON COLUMN auxeira.audit_log.db_user IS
    'The PostgreSQL login (session_user) that made the change: which service or DBA.';
COMMENT ON COLUMN auxeira.audit_log.acting_user_id IS
    'The platform user the transaction acted for (auxeira.current_user_id()), when one was set; '
    'NULL for maintenance and admin work outside a tenant.';
COMMENT ON COLUMN auxeira.audit_log.action IS
    'What happened, e.g. user_type changed, company verified, investment accepted, relationship '
    'revoked, price changed, role granted.';
COMMENT ON COLUMN auxeira.audit_log.entity IS
    'The table (or, for role grants, "role") the change applies to.';
COMMENT ON COLUMN auxeira.audit_log.entity_id IS
    'The key of the changed row (a uuid as text), or the role name.';
COMMENT ON COLUMN auxeira.audit_log.old_value IS
    'The changed columns before, as a JSON object of column: value. NULL for a new row.';
COMMENT ON COLUMN auxeira.audit_log.new_value IS
    'The changed columns after, as a JSON object of column: value. NULL for a deleted row.';
COMMENT ON INDEX auxeira.audit_log_entity_idx IS
    'The history of one row: WHERE entity = ... AND entity_id = ...';
COMMENT ON INDEX auxeira.audit_log_occurred_at_idx IS
    'BRIN on the append-only timestamp: time-range reads at a few kB of index.';
