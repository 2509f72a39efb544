-- Row-level security and privileges of the angel-investor dashboard (tables in
-- sql/schema/240_angel.sql, reads in sql/views/angel.sql, writes in sql/api/angel.sql).

ALTER TABLE auxeira.connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.connections FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.syndicates ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.syndicates FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.syndicate_members ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.syndicate_members FORCE ROW LEVEL SECURITY;

-- The uniform part.
CREATE POLICY connections_owner_maintenance ON auxeira.connections
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY connections_owner_maintenance ON auxeira.connections IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY connections_readonly_select ON auxeira.connections
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY connections_readonly_select ON auxeira.connections IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY syndicates_owner_maintenance ON auxeira.syndicates
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY syndicates_owner_maintenance ON auxeira.syndicates IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY syndicates_readonly_select ON auxeira.syndicates
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY syndicates_readonly_select ON auxeira.syndicates IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY syndicate_members_owner_maintenance ON auxeira.syndicate_members
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY syndicate_members_owner_maintenance ON auxeira.syndicate_members IS
    'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.';
CREATE POLICY syndicate_members_readonly_select ON auxeira.syndicate_members
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY syndicate_members_readonly_select ON auxeira.syndicate_members IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

-- connections: both ends read; the requester asks; the addressee answers; either end removes.
CREATE POLICY connections_either_end_select ON auxeira.connections
    FOR SELECT TO auxeira_app
    USING (auxeira.current_user_id() IN (requester_id, addressee_id));
COMMENT ON POLICY connections_either_end_select ON auxeira.connections IS
    'A connection is visible to its requester and its addressee, to no one else.';

CREATE POLICY connections_requester_insert ON auxeira.connections
    FOR INSERT TO auxeira_app
    WITH CHECK (requester_id = auxeira.current_user_id() AND status = 'requested');
COMMENT ON POLICY connections_requester_insert ON auxeira.connections IS
    'A user asks to connect in their own name only, and only as a pending request.';

CREATE POLICY connections_addressee_update ON auxeira.connections
    FOR UPDATE TO auxeira_app
    USING (addressee_id = auxeira.current_user_id())
    WITH CHECK (addressee_id = auxeira.current_user_id());
COMMENT ON POLICY connections_addressee_update ON auxeira.connections IS
    'Only the addressee answers a request (the ends cannot change: trigger connections_guard).';

CREATE POLICY connections_either_end_delete ON auxeira.connections
    FOR DELETE TO auxeira_app
    USING (auxeira.current_user_id() IN (requester_id, addressee_id));
COMMENT ON POLICY connections_either_end_delete ON auxeira.connections IS
    'Either user removes the connection (withdraws a request, or disconnects).';

-- syndicates: the lead owns them; every angel reads the open ones; members keep reading theirs.
CREATE POLICY syndicates_lead_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING (lead_id = auxeira.current_user_id());
COMMENT ON POLICY syndicates_lead_select ON auxeira.syndicates IS
    'The lead angel reads the syndicates they run.';

CREATE POLICY syndicates_lead_insert ON auxeira.syndicates
    FOR INSERT TO auxeira_app
    WITH CHECK (lead_id = auxeira.current_user_id());
COMMENT ON POLICY syndicates_lead_insert ON auxeira.syndicates IS
    'An angel opens syndicates as their own lead; one on a company is pending until its founder accepts (trigger syndicates_guard_consent).';

CREATE POLICY syndicates_lead_update ON auxeira.syndicates
    FOR UPDATE TO auxeira_app
    USING (lead_id = auxeira.current_user_id())
    WITH CHECK (lead_id = auxeira.current_user_id());
COMMENT ON POLICY syndicates_lead_update ON auxeira.syndicates IS
    'The lead edits their syndicates (not the company, the lead nor the consent).';

CREATE POLICY syndicates_lead_delete ON auxeira.syndicates
    FOR DELETE TO auxeira_app
    USING (lead_id = auxeira.current_user_id());
COMMENT ON POLICY syndicates_lead_delete ON auxeira.syndicates IS
    'The lead deletes their syndicates (refused while members refer to them).';

CREATE POLICY syndicates_open_angel_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING (
        status = 'open'
        AND (company_id IS NULL OR founder_consent = 'accepted')
        AND EXISTS (SELECT FROM auxeira.users AS u
                    WHERE u.id = auxeira.current_user_id() AND u.user_type = 'angel')
    );
COMMENT ON POLICY syndicates_open_angel_select ON auxeira.syndicates IS
    'Every angel (users.user_type = angel) reads the published terms of open syndicates; one '
    'raising money for a company only once that company''s founder accepted it.';

CREATE POLICY syndicates_founder_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING (company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[]));
COMMENT ON POLICY syndicates_founder_select ON auxeira.syndicates IS
    'The founder of the company reads the syndicates raising money for it, to answer them '
    '(auxeira_dash.startup_answer_relationship()).';

CREATE POLICY syndicates_member_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING (auxeira.is_syndicate_member(id));
COMMENT ON POLICY syndicates_member_select ON auxeira.syndicates IS
    'A member reads the syndicates they joined, whatever their status.';

-- syndicate_members: a member owns their row (written only while the syndicate is open); the
-- lead reads every row of their syndicates; other angels read none.
CREATE POLICY syndicate_members_member_select ON auxeira.syndicate_members
    FOR SELECT TO auxeira_app
    USING (member_id = auxeira.current_user_id());
COMMENT ON POLICY syndicate_members_member_select ON auxeira.syndicate_members IS
    'A member reads their own commitments.';

CREATE POLICY syndicate_members_member_insert ON auxeira.syndicate_members
    FOR INSERT TO auxeira_app
    WITH CHECK (member_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.syndicates AS s
                    WHERE s.id = syndicate_id AND s.status = 'open'));
COMMENT ON POLICY syndicate_members_member_insert ON auxeira.syndicate_members IS
    'A member commits in their own name, to an open syndicate only.';

CREATE POLICY syndicate_members_member_update ON auxeira.syndicate_members
    FOR UPDATE TO auxeira_app
    USING (member_id = auxeira.current_user_id())
    WITH CHECK (member_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.syndicates AS s
                    WHERE s.id = syndicate_id AND s.status = 'open'));
COMMENT ON POLICY syndicate_members_member_update ON auxeira.syndicate_members IS
    'A member changes their own commitment while the syndicate is open.';

CREATE POLICY syndicate_members_member_delete ON auxeira.syndicate_members
    FOR DELETE TO auxeira_app
    USING (member_id = auxeira.current_user_id());
COMMENT ON POLICY syndicate_members_member_delete ON auxeira.syndicate_members IS
    'A member removes their own commitment.';

CREATE POLICY syndicate_members_lead_select ON auxeira.syndicate_members
    FOR SELECT TO auxeira_app
    USING (auxeira.leads_syndicate(syndicate_id));
COMMENT ON POLICY syndicate_members_lead_select ON auxeira.syndicate_members IS
    'The lead of a syndicate reads every commitment made to it.';

-- Table privileges: the same as every auxeira table (sql/security/020_grants.sql); the
-- policies above decide which rows and which commands.
GRANT SELECT, INSERT, UPDATE, DELETE
    ON auxeira.connections, auxeira.syndicates, auxeira.syndicate_members
    TO auxeira_app;
GRANT SELECT ON auxeira.connections, auxeira.syndicates, auxeira.syndicate_members
    TO auxeira_readonly;

-- Reads.
GRANT SELECT ON
    auxeira_dash.angel_portfolio,
    auxeira_dash.angel_portfolio_totals,
    auxeira_dash.angel_network,
    auxeira_dash.angel_network_requests,
    auxeira_dash.angel_network_summary,
    auxeira_dash.angel_syndicate_opportunities,
    auxeira_dash.angel_syndicate_memberships,
    auxeira_dash.angel_tax_events,
    auxeira_dash.angel_tax_report
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.angel_record_investment(
        uuid, numeric, date, text, numeric, numeric, numeric, text, text, text),
    auxeira_dash.angel_request_connection(uuid, text, text, text),
    auxeira_dash.angel_respond_connection(uuid, boolean, text),
    auxeira_dash.angel_join_syndicate(uuid, numeric, text),
    auxeira.connections_guard(),
    auxeira.leads_syndicate(uuid),
    auxeira.is_syndicate_member(uuid)
    FROM PUBLIC;

-- Policy helpers and the trigger function, for the roles whose statements evaluate them.
GRANT EXECUTE ON FUNCTION
    auxeira.leads_syndicate(uuid),
    auxeira.is_syndicate_member(uuid)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION auxeira.connections_guard() TO auxeira_app;

-- Writes.
GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_record_investment(
        uuid, numeric, date, text, numeric, numeric, numeric, text, text, text),
    auxeira_dash.angel_request_connection(uuid, text, text, text),
    auxeira_dash.angel_respond_connection(uuid, boolean, text),
    auxeira_dash.angel_join_syndicate(uuid, numeric, text)
    TO auxeira_app;

-- The one-statement endpoints of sql/api/angel.sql (reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.angel_portfolio_report(),
    auxeira_dash.angel_network_report(integer, timestamptz, uuid),
    auxeira_dash.angel_syndicate_board(integer, date, uuid),
    auxeira_dash.angel_tax_statement(integer, integer, date, uuid),
    auxeira_dash.angel_tax_positions_page(integer, date, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_portfolio_report(),
    auxeira_dash.angel_network_report(integer, timestamptz, uuid),
    auxeira_dash.angel_syndicate_board(integer, date, uuid),
    auxeira_dash.angel_tax_statement(integer, integer, date, uuid),
    auxeira_dash.angel_tax_positions_page(integer, date, uuid)
    TO auxeira_app, auxeira_readonly;

-- Triggers of the dashboard's tables (they load after the trigger functions of sql/functions/) ----

CREATE TRIGGER update_connections_updated_at
    BEFORE UPDATE ON auxeira.connections
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_connections_updated_at ON auxeira.connections IS
    'Stamps connections.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_syndicates_updated_at
    BEFORE UPDATE ON auxeira.syndicates
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_syndicates_updated_at ON auxeira.syndicates IS
    'Stamps syndicates.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_syndicate_members_updated_at
    BEFORE UPDATE ON auxeira.syndicate_members
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_syndicate_members_updated_at ON auxeira.syndicate_members IS
    'Stamps syndicate_members.updated_at with now() on every UPDATE.';

CREATE TRIGGER notify_angel_connections_requester
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.connections
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'requester_id');

COMMENT ON TRIGGER notify_angel_connections_requester ON auxeira.connections IS
    'NOTIFY auxeira_angel for the requester: a connection of theirs changed.';

CREATE TRIGGER notify_angel_connections_addressee
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.connections
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'addressee_id');

COMMENT ON TRIGGER notify_angel_connections_addressee ON auxeira.connections IS
    'NOTIFY auxeira_angel for the addressee: a connection request to them changed.';

CREATE TRIGGER notify_angel_syndicates
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.syndicates
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'lead_id');

COMMENT ON TRIGGER notify_angel_syndicates ON auxeira.syndicates IS
    'NOTIFY auxeira_angel for the lead: a syndicate changed (opened, closed, terms).';

CREATE TRIGGER notify_angel_syndicate_members
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.syndicate_members
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'member_id');

COMMENT ON TRIGGER notify_angel_syndicate_members ON auxeira.syndicate_members IS
    'NOTIFY auxeira_angel for the member: their commitment changed.';

CREATE TRIGGER notify_angel_investments
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.investments
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('angel', 'investor_id');

COMMENT ON TRIGGER notify_angel_investments ON auxeira.investments IS
    'NOTIFY auxeira_angel: an investment of the investor changed (portfolio, tax report).';

CREATE TRIGGER notify_angel_investment_cash_flows
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.investment_cash_flows
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_investment_dashboard('angel');

COMMENT ON TRIGGER notify_angel_investment_cash_flows ON auxeira.investment_cash_flows IS
    'NOTIFY auxeira_angel for the investor of the flow''s investment (portfolio, tax report).';

CREATE TRIGGER notify_angel_valuation_marks
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.valuation_marks
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_investment_dashboard('angel');

COMMENT ON TRIGGER notify_angel_valuation_marks ON auxeira.valuation_marks IS
    'NOTIFY auxeira_angel for the investor of the marked investment: its value changed.';

-- Deprecated names (0017, removed in the next release): the same grants as the functions they
-- call (angel_record_investment).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.angel_track_investment(
        uuid, numeric, date, text, numeric, numeric, numeric, text, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_track_investment(
        uuid, numeric, date, text, numeric, numeric, numeric, text, text, text)
    TO auxeira_app;

-- The keyset-paged lists of sql/api/angel.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.angel_connection_requests(integer, timestamptz, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_connection_requests(integer, timestamptz, uuid)
    TO auxeira_app, auxeira_readonly;
