-- depends: 0007_performance_single_pass
-- 0009_outbox_tokens_prices (issue 8, authorization by consent): notifications through an
-- outbox under row-level security, tokens only by rule, prices from a price list.

SET LOCAL ROLE auxeira_owner;

-- 1. Dashboard events: an outbox read as the tenant; NOTIFY carries only its opaque id ------

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

-- Retention of the dashboard event outbox (added in 0009).
CREATE FUNCTION auxeira.prune_outbox(
    keep interval DEFAULT '1 day', max_rows integer DEFAULT 10000)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    removed bigint;
BEGIN
    IF keep IS NULL OR keep < interval '1 minute' THEN
        RAISE EXCEPTION 'keep must be at least 1 minute (got %)', keep
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'max_rows must be at least 1 (got %)', max_rows
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM auxeira.outbox AS e
    WHERE e.id IN (SELECT o.id FROM auxeira.outbox AS o
                   WHERE o.created_at < now() - keep
                   LIMIT max_rows);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END
$$;

COMMENT ON FUNCTION auxeira.prune_outbox(interval, integer) IS
    'Retention for the dashboard event outbox: deletes events older than keep (default 1 day: '
    'an event is a hint for a live dashboard, useless once a listener has missed it by that '
    'long), at most max_rows per call so that a backlog goes in short transactions (call it '
    'until it returns less than max_rows; auxeira_db.realtime.prune_outbox does). Returns the '
    'number deleted. SECURITY DEFINER as auxeira_owner; not granted to services.';

CREATE OR REPLACE FUNCTION auxeira.notify_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (startup, vc, angel, esg, government, corporate)
    -- TG_ARGV[1]: the column naming the user the change concerns
    changed jsonb;
    concerned uuid;
    event_id uuid;
BEGIN
    -- Bulk loads (auxeira-db seed) set auxeira.suppress_notify for their transaction.
    IF current_setting('auxeira.suppress_notify', true) = 'on' THEN
        RETURN NULL;
    END IF;
    changed := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    concerned := (changed ->> TG_ARGV[1])::uuid;
    IF concerned IS NULL THEN
        RETURN NULL;  -- nobody to tell
    END IF;
    INSERT INTO auxeira.outbox (user_id, dashboard, entity, entity_id, op)
    VALUES (concerned, TG_ARGV[0], TG_TABLE_NAME, changed ->> 'id', lower(TG_OP))
    RETURNING id INTO event_id;
    PERFORM pg_notify('auxeira_' || TG_ARGV[0], event_id::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_dashboard() IS
    'AFTER ROW trigger function: writes one auxeira.outbox row {user_id (from the column named '
    'by trigger argument 2), dashboard (argument 1), entity (table), entity_id, op} and sends '
    'a NOTIFY on channel auxeira_<dashboard> whose payload is that row''s id only: no user id, '
    'no row data. A listener learns that some event happened on a dashboard; the event itself '
    'is readable only by the user it concerns (row-level security on the outbox). SECURITY '
    'DEFINER as auxeira_owner because services cannot write the outbox. Delivered at commit, '
    'only if the transaction commits. Nothing is written when the user column is NULL, or '
    'while the transaction-local setting auxeira.suppress_notify is ''on'' (bulk loads).';

CREATE OR REPLACE FUNCTION auxeira.notify_investment_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (vc or angel)
    row_id uuid;
    parent uuid;
    investor uuid;
    event_id uuid;
BEGIN
    IF current_setting('auxeira.suppress_notify', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        row_id := OLD.id;
        parent := OLD.investment_id;
    ELSE
        row_id := NEW.id;
        parent := NEW.investment_id;
    END IF;
    -- As the owner: the investor is found whoever wrote the row.
    SELECT i.investor_id INTO investor FROM auxeira.investments AS i WHERE i.id = parent;
    IF investor IS NULL THEN
        RETURN NULL;  -- nobody to tell
    END IF;
    INSERT INTO auxeira.outbox (user_id, dashboard, entity, entity_id, op)
    VALUES (investor, TG_ARGV[0], TG_TABLE_NAME, row_id::text, lower(TG_OP))
    RETURNING id INTO event_id;
    PERFORM pg_notify('auxeira_' || TG_ARGV[0], event_id::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_investment_dashboard() IS
    'AFTER ROW trigger function for tables keyed by investment_id (investment_cash_flows, '
    'valuation_marks): like auxeira.notify_dashboard(), writes one auxeira.outbox row for the '
    'investor of the row''s investment (looked up in auxeira.investments as the owner) and '
    'NOTIFYs auxeira_<dashboard> (trigger argument 1) with that row''s id only. SECURITY '
    'DEFINER as auxeira_owner (services cannot write the outbox). Silent while '
    'auxeira.suppress_notify is ''on'' (bulk loads).';

-- Row-level security and privileges of the dashboard event outbox (sql/schema/270_outbox.sql).
-- A user reads the events that concern them; nobody but the owner writes: the trigger
-- functions notify_dashboard() and notify_investment_dashboard() do, as SECURITY DEFINER.
ALTER TABLE auxeira.outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.outbox FORCE ROW LEVEL SECURITY;

CREATE POLICY outbox_owner_maintenance ON auxeira.outbox
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY outbox_owner_maintenance ON auxeira.outbox IS
    'auxeira_owner (the trigger functions that write events, pruning) reads and writes every '
    'row.';

CREATE POLICY outbox_readonly_select ON auxeira.outbox
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY outbox_readonly_select ON auxeira.outbox IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY outbox_recipient_select ON auxeira.outbox
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY outbox_recipient_select ON auxeira.outbox IS
    'A user reads the events that concern them, and no one else''s; there is no INSERT, UPDATE '
    'or DELETE policy for the application (and no such privilege either).';

-- Privileges: 020_grants.sql grants every auxeira table to auxeira_app when sql/ is loaded in
-- one go; events are written by the owner's trigger functions only, so take writing back.
REVOKE INSERT, UPDATE, DELETE ON auxeira.outbox FROM auxeira_app;
GRANT SELECT ON auxeira.outbox TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION auxeira.prune_outbox(interval, integer) FROM PUBLIC;
