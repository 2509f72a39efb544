-- auxeira.outbox: the change events of the dashboards, one row per event and per user it
-- concerns (added in 0009). NOTIFY carries only the row's id, an opaque hint; the consumer
-- re-reads the row as its tenant, and row-level security shows it to that user only
-- (sql/security/270_outbox.sql). Written only by the trigger functions
-- auxeira.notify_dashboard() and auxeira.notify_investment_dashboard() (SECURITY DEFINER);
-- pruned by age with auxeira.prune_outbox().

CREATE TABLE auxeira.outbox (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    dashboard varchar(20) NOT NULL,
    entity varchar(63) NOT NULL,
    entity_id text,
    op varchar(6) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_dashboard_check CHECK (
        dashboard IN ('startup', 'vc', 'angel', 'esg', 'government', 'corporate')
    ),
    CONSTRAINT outbox_op_check CHECK (op IN ('insert', 'update', 'delete'))
);

CREATE INDEX outbox_created_at_idx ON auxeira.outbox (created_at);

COMMENT ON TABLE auxeira.outbox IS
    'Dashboard change events (transactional outbox): one row per changed row and per user the '
    'change concerns, written in the same transaction as the change by the trigger functions '
    'notify_dashboard() and notify_investment_dashboard(), which then NOTIFY '
    'auxeira_<dashboard> with the row''s id only. A consumer re-reads the row as its tenant '
    '(auxeira_db.realtime.listen): row-level security shows a user their own events only, so '
    'a forged or foreign id yields nothing. Services cannot write it. No foreign key to users: '
    'it is a short-lived log, pruned by age (auxeira.prune_outbox), never part of a user''s '
    'data that cleanup must keep consistent.';
COMMENT ON COLUMN auxeira.outbox.id IS
    'Primary key; random UUID: the opaque id sent as the NOTIFY payload (guessing it is as hard '
    'as guessing any UUID, and reading it needs the tenant it concerns).';
COMMENT ON COLUMN auxeira.outbox.user_id IS
    'The user (users.id) the event concerns and the only tenant that may read it. Required: a '
    'change that names no user produces no event.';
COMMENT ON COLUMN auxeira.outbox.dashboard IS
    'The dashboard whose figures changed: startup, vc, angel, esg, government or corporate; '
    'also the NOTIFY channel auxeira_<dashboard>.';
COMMENT ON COLUMN auxeira.outbox.entity IS
    'Name of the changed table (TG_TABLE_NAME), e.g. investments.';
COMMENT ON COLUMN auxeira.outbox.entity_id IS
    'The changed row''s id as text; NULL when the table has no id column.';
COMMENT ON COLUMN auxeira.outbox.op IS 'What happened to the row: insert, update or delete.';
COMMENT ON COLUMN auxeira.outbox.created_at IS
    'When the event was written (the writing transaction''s start); pruning is by this age.';
COMMENT ON INDEX auxeira.outbox_created_at_idx IS
    'Serves pruning by age (auxeira.prune_outbox).';
