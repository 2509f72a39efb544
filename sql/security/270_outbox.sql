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
