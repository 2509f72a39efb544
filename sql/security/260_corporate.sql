-- Corporate partner dashboard: triggers, row-level security and grants of its tables, views
-- and functions (sql/schema/260_corporate.sql, sql/views/corporate.sql).
--
-- Tenancy: an auction is read by corporate users (it is an offer to them) and by the founder
-- who opened it, and written by that founder; a bid is read and written by its bidder and read
-- by the auction's opener; while sealed, a bid holds no amount, so no reader (the platform
-- included) learns one before the reveal.

-- updated_at stamps (the trigger function is defined in sql/functions, after sql/schema).
CREATE TRIGGER update_partnership_auctions_updated_at
    BEFORE UPDATE ON auxeira.partnership_auctions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
CREATE TRIGGER update_auction_bids_updated_at
    BEFORE UPDATE ON auxeira.auction_bids
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_partnership_auctions_updated_at ON auxeira.partnership_auctions IS
    'Stamps partnership_auctions.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_auction_bids_updated_at ON auxeira.auction_bids IS
    'Stamps auction_bids.updated_at with now() on every UPDATE.';

-- Live changes on channel auxeira_corporate.
CREATE TRIGGER corporate_partnerships_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.corporate_partnerships
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('corporate', 'corporate_partner_id');
CREATE TRIGGER partnership_auctions_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.partnership_auctions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('corporate', 'opened_by');
CREATE TRIGGER auction_bids_notify
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.auction_bids
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('corporate', 'bidder_id');

COMMENT ON TRIGGER corporate_partnerships_notify ON auxeira.corporate_partnerships IS
    'NOTIFY auxeira_corporate {user_id: corporate_partner_id, entity, id, op} when a '
    'partnership changes (active partnerships, ROI).';
COMMENT ON TRIGGER partnership_auctions_notify ON auxeira.partnership_auctions IS
    'NOTIFY auxeira_corporate {user_id: opened_by (NULL for the platform), entity, id, op} when '
    'an auction is opened, changed or cancelled.';
COMMENT ON TRIGGER auction_bids_notify ON auxeira.auction_bids IS
    'NOTIFY auxeira_corporate {user_id: bidder_id, entity, id, op} when a bid is committed, '
    're-committed or revealed. Never the amount: the payload names the row only.';

-- Row-level security: enabled and forced, owner maintenance, read-only role reads all.
ALTER TABLE auxeira.partnership_auctions ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.partnership_auctions FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.auction_bids ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.auction_bids FORCE ROW LEVEL SECURITY;

CREATE POLICY partnership_auctions_owner_maintenance ON auxeira.partnership_auctions
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY partnership_auctions_readonly_select ON auxeira.partnership_auctions
    FOR SELECT TO auxeira_readonly USING (true);
CREATE POLICY auction_bids_owner_maintenance ON auxeira.auction_bids
    TO auxeira_owner USING (true) WITH CHECK (true);
CREATE POLICY auction_bids_readonly_select ON auxeira.auction_bids
    FOR SELECT TO auxeira_readonly USING (true);

COMMENT ON POLICY partnership_auctions_owner_maintenance ON auxeira.partnership_auctions IS
    'auxeira_owner (migrations, platform auctions, cleanup) reads and writes every row.';
COMMENT ON POLICY partnership_auctions_readonly_select ON auxeira.partnership_auctions IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';
COMMENT ON POLICY auction_bids_owner_maintenance ON auxeira.auction_bids IS
    'auxeira_owner (migrations, cleanup) reads and writes every row; the guard trigger still '
    'applies, so not even the owner can store an amount before the close.';
COMMENT ON POLICY auction_bids_readonly_select ON auxeira.auction_bids IS
    'auxeira_readonly (DBAs, BI tools) reads every row (sealed bids show only commitments) and '
    'writes none.';

-- Tenant policies.
CREATE POLICY partnership_auctions_opener_select ON auxeira.partnership_auctions
    FOR SELECT TO auxeira_app
    USING (opened_by = auxeira.current_user_id());
COMMENT ON POLICY partnership_auctions_opener_select ON auxeira.partnership_auctions IS
    'A founder reads the auctions it opened.';

CREATE POLICY partnership_auctions_opener_insert ON auxeira.partnership_auctions
    FOR INSERT TO auxeira_app
    WITH CHECK (opened_by = auxeira.current_user_id() AND auxeira.owns_company(company_id));
COMMENT ON POLICY partnership_auctions_opener_insert ON auxeira.partnership_auctions IS
    'A founder opens auctions for companies it owns.';

CREATE POLICY partnership_auctions_opener_update ON auxeira.partnership_auctions
    FOR UPDATE TO auxeira_app
    USING (opened_by = auxeira.current_user_id())
    WITH CHECK (opened_by = auxeira.current_user_id() AND auxeira.owns_company(company_id));
COMMENT ON POLICY partnership_auctions_opener_update ON auxeira.partnership_auctions IS
    'A founder edits the auctions it opened, for companies it owns.';

CREATE POLICY partnership_auctions_opener_delete ON auxeira.partnership_auctions
    FOR DELETE TO auxeira_app
    USING (opened_by = auxeira.current_user_id());
COMMENT ON POLICY partnership_auctions_opener_delete ON auxeira.partnership_auctions IS
    'A founder deletes the auctions it opened.';

CREATE POLICY partnership_auctions_corporate_read ON auxeira.partnership_auctions
    FOR SELECT TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.users AS u
                   WHERE u.id = auxeira.current_user_id() AND u.user_type = 'corporate'));
COMMENT ON POLICY partnership_auctions_corporate_read ON auxeira.partnership_auctions IS
    'Auctions are offers to corporates: every corporate user reads every auction.';

CREATE POLICY auction_bids_bidder_select ON auxeira.auction_bids
    FOR SELECT TO auxeira_app
    USING (bidder_id = auxeira.current_user_id());
COMMENT ON POLICY auction_bids_bidder_select ON auxeira.auction_bids IS
    'A bidder reads its own bids.';

CREATE POLICY auction_bids_bidder_insert ON auxeira.auction_bids
    FOR INSERT TO auxeira_app
    WITH CHECK (bidder_id = auxeira.current_user_id());
COMMENT ON POLICY auction_bids_bidder_insert ON auxeira.auction_bids IS
    'A bidder commits bids in its own name (the guard trigger decides what may change when).';

CREATE POLICY auction_bids_bidder_update ON auxeira.auction_bids
    FOR UPDATE TO auxeira_app
    USING (bidder_id = auxeira.current_user_id())
    WITH CHECK (bidder_id = auxeira.current_user_id());
COMMENT ON POLICY auction_bids_bidder_update ON auxeira.auction_bids IS
    'A bidder re-commits or reveals its own bids (the guard trigger decides what may change when).';

CREATE POLICY auction_bids_opener_read ON auxeira.auction_bids
    FOR SELECT TO auxeira_app
    USING (EXISTS (SELECT FROM auxeira.partnership_auctions AS a
                   WHERE a.id = auction_id AND a.opened_by = auxeira.current_user_id()));
COMMENT ON POLICY auction_bids_opener_read ON auxeira.auction_bids IS
    'The founder who opened the auction reads its bids: commitments while sealed, amounts once '
    'revealed.';

-- Grants. Bids are never deleted by services (a sealed bid is replaced, a revealed one is
-- final); sql/security/020_grants.sql grants DELETE on every table when sql/ loads in one go.
GRANT SELECT, INSERT, UPDATE, DELETE ON auxeira.partnership_auctions TO auxeira_app;
GRANT SELECT, INSERT, UPDATE ON auxeira.auction_bids TO auxeira_app;
REVOKE DELETE, TRUNCATE ON auxeira.auction_bids FROM auxeira_app;
GRANT SELECT ON auxeira.partnership_auctions, auxeira.auction_bids TO auxeira_readonly;

GRANT SELECT ON auxeira_mv.corporate_ecosystem_pulse TO auxeira_readonly;

GRANT SELECT ON auxeira_dash.corporate_roi_totals TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira.auction_bid_commitment(uuid, uuid, numeric, text),
    auxeira.partnership_auction_status(timestamptz, timestamptz, timestamptz, timestamptz),
    auxeira.partnership_auctions_guard(),
    auxeira.auction_bids_guard(),
    auxeira_dash.corporate_ecosystem(text, text),
    auxeira_dash.corporate_auctions(integer, timestamptz, uuid),
    auxeira_dash.corporate_auction_results(uuid),
    auxeira_dash.corporate_partnerships(),
    auxeira_dash.corporate_roi(),
    auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz,
                                        timestamptz, text, text),
    auxeira_dash.corporate_submit_bid(uuid, bytea, text),
    auxeira_dash.corporate_reveal_bid(uuid, numeric, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.auction_bid_commitment(uuid, uuid, numeric, text),
    auxeira.partnership_auction_status(timestamptz, timestamptz, timestamptz, timestamptz),
    auxeira_dash.corporate_ecosystem(text, text),
    auxeira_dash.corporate_auctions(integer, timestamptz, uuid),
    auxeira_dash.corporate_auction_results(uuid),
    auxeira_dash.corporate_partnerships(),
    auxeira_dash.corporate_roi()
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz,
                                        timestamptz, text, text),
    auxeira_dash.corporate_submit_bid(uuid, bytea, text),
    auxeira_dash.corporate_reveal_bid(uuid, numeric, text, text)
    TO auxeira_app;

-- The one-statement endpoints of sql/api/ (reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.corporate_auction_board(integer, timestamptz, uuid),
    auxeira_dash.corporate_roi_report()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.corporate_auction_board(integer, timestamptz, uuid),
    auxeira_dash.corporate_roi_report()
    TO auxeira_app, auxeira_readonly;

-- The keyset-paged lists of sql/api/corporate.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.corporate_ecosystem_page(text, text, integer, text, text),
    auxeira_dash.corporate_partnerships_page(integer, date, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.corporate_ecosystem_page(text, text, integer, text, text),
    auxeira_dash.corporate_partnerships_page(integer, date, uuid)
    TO auxeira_app, auxeira_readonly;
