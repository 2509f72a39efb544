-- Tables of the angel-investor dashboard (issue 5): connections between users
-- (GET /api/dashboard/angel/network), syndicates and their members
-- (GET /api/dashboard/angel/syndicate). Their triggers (updated_at, NOTIFY, the connection
-- guard) are in sql/views/angel.sql, because the trigger functions load after sql/schema;
-- row-level security and grants are in sql/security/240_angel.sql.

CREATE TABLE auxeira.connections (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    requester_id uuid NOT NULL,
    addressee_id uuid NOT NULL,
    connection_type varchar(20) NOT NULL DEFAULT 'co-investor',
    status varchar(20) NOT NULL DEFAULT 'requested',
    message varchar(500),
    responded_at timestamptz,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT connections_pkey PRIMARY KEY (id),
    CONSTRAINT connections_requester_id_fkey FOREIGN KEY (requester_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT connections_addressee_id_fkey FOREIGN KEY (addressee_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT connections_addressee_id_check CHECK (addressee_id <> requester_id),
    CONSTRAINT connections_connection_type_check CHECK (
        connection_type IN ('co-investor', 'founder', 'mentor', 'advisor', 'service-provider')
    ),
    CONSTRAINT connections_status_check CHECK (status IN ('requested', 'accepted', 'declined')),
    CONSTRAINT connections_responded_at_check CHECK (
        (status = 'requested') = (responded_at IS NULL)
    ),
    CONSTRAINT connections_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX connections_pair_key ON auxeira.connections (
    least(requester_id, addressee_id), greatest(requester_id, addressee_id)
);
CREATE INDEX connections_requester_id_idx ON auxeira.connections (requester_id);
CREATE INDEX connections_addressee_id_idx ON auxeira.connections (addressee_id);
CREATE INDEX connections_expires_at_idx ON auxeira.connections (expires_at) WHERE is_synthetic;
CREATE INDEX connections_requester_accepted_idx
    ON auxeira.connections (requester_id, responded_at DESC, id DESC) WHERE status = 'accepted';
CREATE INDEX connections_addressee_accepted_idx
    ON auxeira.connections (addressee_id, responded_at DESC, id DESC) WHERE status = 'accepted';

COMMENT ON TABLE auxeira.connections IS
    'The network of the angel dashboard: one row per pair of users, created as a request by '
    'one (requester) to the other (addressee), who accepts or declines it. Visible to both '
    'ends and to no one else; an accepted connection counts in both users'' networks. The '
    'specification lists GET /api/dashboard/angel/network without a table; this is it.';
COMMENT ON COLUMN auxeira.connections.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.connections.requester_id IS
    'The user (users.id) who asked to connect. Never changed after insert (trigger '
    'connections_guard).';
COMMENT ON COLUMN auxeira.connections.addressee_id IS
    'The user (users.id) asked; only they may accept or decline. Never the requester, never '
    'changed after insert.';
COMMENT ON COLUMN auxeira.connections.connection_type IS
    'What the relationship is, as the requester describes it: co-investor (default), founder, '
    'mentor, advisor, service-provider.';
COMMENT ON COLUMN auxeira.connections.status IS
    'requested (default; waiting for the addressee), accepted (in both networks), declined '
    '(refused; kept so the request is not repeated).';
COMMENT ON COLUMN auxeira.connections.message IS
    'Optional note sent with the request, at most 500 characters. NULL = none.';
COMMENT ON COLUMN auxeira.connections.responded_at IS
    'When the addressee accepted or declined; NULL exactly while the status is requested '
    '(CHECK connections_responded_at_check; stamped by trigger connections_guard when an '
    'UPDATE changes the status).';
COMMENT ON COLUMN auxeira.connections.is_synthetic IS
    'true = generated demo / test data; false = a real connection.';
COMMENT ON COLUMN auxeira.connections.expires_at IS
    'When a synthetic row may be deleted by the cleanup job; NULL for real rows.';
COMMENT ON COLUMN auxeira.connections.created_at IS 'When the request was made.';
COMMENT ON COLUMN auxeira.connections.updated_at IS
    'When the row was last updated; set by trigger update_connections_updated_at.';

COMMENT ON INDEX auxeira.connections_pair_key IS
    'At most one connection per pair of users, whichever direction it was requested in.';
COMMENT ON INDEX auxeira.connections_requester_id_idx IS
    'Serves the requester foreign key and "my sent requests".';
COMMENT ON INDEX auxeira.connections_addressee_id_idx IS
    'Serves the addressee foreign key and "requests I received".';
COMMENT ON INDEX auxeira.connections_requester_accepted_idx IS
    'Accepted connections a user asked for, newest first: one of the two ordered scans behind '
    'the keyset-paged network (auxeira_dash.angel_network_report, 0017).';
COMMENT ON INDEX auxeira.connections_addressee_accepted_idx IS
    'Accepted connections a user was asked for, newest first: the other ordered scan behind '
    'the keyset-paged network (auxeira_dash.angel_network_report, 0017).';
COMMENT ON INDEX auxeira.connections_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

CREATE TABLE auxeira.syndicates (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    lead_id uuid NOT NULL,
    company_id uuid NOT NULL,
    name varchar(255) NOT NULL,
    description text,
    investment_round varchar(50),
    target_amount numeric(15,2) NOT NULL,
    min_ticket numeric(15,2) NOT NULL,
    carry_percentage numeric(5,2) NOT NULL DEFAULT 20.00,
    deadline date NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'open',
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT syndicates_pkey PRIMARY KEY (id),
    CONSTRAINT syndicates_lead_id_fkey FOREIGN KEY (lead_id) REFERENCES auxeira.users (id),
    CONSTRAINT syndicates_company_id_fkey FOREIGN KEY (company_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT syndicates_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT syndicates_investment_round_check CHECK (
        investment_round IN ('pre-seed', 'seed', 'series-a', 'series-b', 'series-c+')
    ),
    CONSTRAINT syndicates_target_amount_check CHECK (target_amount > 0),
    CONSTRAINT syndicates_min_ticket_check CHECK (min_ticket > 0 AND min_ticket <= target_amount),
    CONSTRAINT syndicates_carry_percentage_check CHECK (carry_percentage BETWEEN 0 AND 100),
    CONSTRAINT syndicates_status_check CHECK (status IN ('open', 'closed', 'cancelled')),
    CONSTRAINT syndicates_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX syndicates_lead_id_idx ON auxeira.syndicates (lead_id);
CREATE INDEX syndicates_company_id_idx ON auxeira.syndicates (company_id);
CREATE INDEX syndicates_status_deadline_idx ON auxeira.syndicates (status, deadline);
CREATE INDEX syndicates_expires_at_idx ON auxeira.syndicates (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.syndicates IS
    'Angel syndicates: a lead angel pools other angels'' money into one investment in a '
    'company, on published terms (target, minimum ticket, carry, deadline). An open syndicate '
    'is visible to every angel; its members'' commitments are visible to the lead and to each '
    'member for their own commitment only.';
COMMENT ON COLUMN auxeira.syndicates.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.syndicates.lead_id IS
    'The lead angel (users.id) who runs the syndicate, sets its terms and sees every '
    'commitment.';
COMMENT ON COLUMN auxeira.syndicates.company_id IS
    'The company (companies.id) the syndicate invests in. Its details are shown to a reader '
    'only as far as the companies policies allow; the name and description are what the lead '
    'publishes.';
COMMENT ON COLUMN auxeira.syndicates.name IS
    'Title of the opportunity as published by the lead (e.g. "Acme seed extension"); required.';
COMMENT ON COLUMN auxeira.syndicates.description IS
    'The lead''s pitch of the deal, free text. NULL = none.';
COMMENT ON COLUMN auxeira.syndicates.investment_round IS
    'Round the syndicate invests in: pre-seed, seed, series-a, series-b, series-c+. NULL = '
    'unknown.';
COMMENT ON COLUMN auxeira.syndicates.target_amount IS
    'Amount the lead wants to raise from members, in currency units, > 0.';
COMMENT ON COLUMN auxeira.syndicates.min_ticket IS
    'Smallest commitment a member may make, in currency units, > 0 and <= target_amount.';
COMMENT ON COLUMN auxeira.syndicates.carry_percentage IS
    'Carried interest the lead takes on members'' profits, as a percentage 0-100 (20.00 = '
    '20 %, the default).';
COMMENT ON COLUMN auxeira.syndicates.deadline IS
    'Last day on which members may commit.';
COMMENT ON COLUMN auxeira.syndicates.status IS
    'open (default; accepting commitments), closed (done: the money went in), cancelled.';
COMMENT ON COLUMN auxeira.syndicates.is_synthetic IS
    'true = generated demo / test data; false = a real syndicate.';
COMMENT ON COLUMN auxeira.syndicates.expires_at IS
    'When a synthetic row may be deleted by the cleanup job; NULL for real rows.';
COMMENT ON COLUMN auxeira.syndicates.created_at IS 'When the syndicate was created.';
COMMENT ON COLUMN auxeira.syndicates.updated_at IS
    'When the row was last updated; set by trigger update_syndicates_updated_at.';

COMMENT ON INDEX auxeira.syndicates_lead_id_idx IS
    'Serves the lead foreign key and "syndicates I lead".';
COMMENT ON INDEX auxeira.syndicates_company_id_idx IS 'Serves the company foreign key.';
COMMENT ON INDEX auxeira.syndicates_status_deadline_idx IS
    'Serves the listing of open syndicates by deadline.';
COMMENT ON INDEX auxeira.syndicates_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

CREATE TABLE auxeira.syndicate_members (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    syndicate_id uuid NOT NULL,
    member_id uuid NOT NULL,
    commitment_amount numeric(15,2) NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'committed',
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT syndicate_members_pkey PRIMARY KEY (id),
    CONSTRAINT syndicate_members_syndicate_id_fkey FOREIGN KEY (syndicate_id)
        REFERENCES auxeira.syndicates (id),
    CONSTRAINT syndicate_members_member_id_fkey FOREIGN KEY (member_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT syndicate_members_commitment_amount_check CHECK (commitment_amount > 0),
    CONSTRAINT syndicate_members_status_check CHECK (
        status IN ('committed', 'withdrawn', 'funded')
    ),
    CONSTRAINT syndicate_members_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX syndicate_members_syndicate_id_member_id_key
    ON auxeira.syndicate_members (syndicate_id, member_id);
CREATE INDEX syndicate_members_member_id_idx ON auxeira.syndicate_members (member_id);
CREATE INDEX syndicate_members_expires_at_idx
    ON auxeira.syndicate_members (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.syndicate_members IS
    'Membership of an angel in a syndicate: one row per member per syndicate, with the amount '
    'committed. A member sees their own row; the syndicate''s lead sees every row of it; other '
    'angels see none (only the syndicate''s published terms).';
COMMENT ON COLUMN auxeira.syndicate_members.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.syndicate_members.syndicate_id IS
    'The syndicate (syndicates.id) joined.';
COMMENT ON COLUMN auxeira.syndicate_members.member_id IS
    'The angel (users.id) who committed.';
COMMENT ON COLUMN auxeira.syndicate_members.commitment_amount IS
    'Amount committed, in currency units, > 0 (at least the syndicate''s min_ticket when '
    'written through auxeira_dash.angel_join_syndicate()).';
COMMENT ON COLUMN auxeira.syndicate_members.status IS
    'committed (default; promised), withdrawn (the member backed out before the close), '
    'funded (the money was transferred).';
COMMENT ON COLUMN auxeira.syndicate_members.is_synthetic IS
    'true = generated demo / test data; false = a real membership.';
COMMENT ON COLUMN auxeira.syndicate_members.expires_at IS
    'When a synthetic row may be deleted by the cleanup job; NULL for real rows.';
COMMENT ON COLUMN auxeira.syndicate_members.created_at IS 'When the member first committed.';
COMMENT ON COLUMN auxeira.syndicate_members.updated_at IS
    'When the commitment last changed; set by trigger update_syndicate_members_updated_at.';

COMMENT ON INDEX auxeira.syndicate_members_syndicate_id_member_id_key IS
    'One membership per angel per syndicate; serves the syndicate foreign key and the lead''s '
    'list of members.';
COMMENT ON INDEX auxeira.syndicate_members_member_id_idx IS
    'Serves the member foreign key and "my memberships".';
COMMENT ON INDEX auxeira.syndicate_members_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- The ends of a connection never change, and responded_at follows the status: without this
-- an addressee could rewrite the requester and appear in a stranger's network.
CREATE FUNCTION auxeira.connections_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.requester_id IS DISTINCT FROM OLD.requester_id
       OR NEW.addressee_id IS DISTINCT FROM OLD.addressee_id THEN
        RAISE EXCEPTION 'the users of a connection cannot be changed'
            USING ERRCODE = 'check_violation', TABLE = 'connections';
    END IF;
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF NEW.status = 'requested' THEN
            RAISE EXCEPTION 'a connection cannot go back to requested (it is %)', OLD.status
                USING ERRCODE = 'check_violation', TABLE = 'connections';
        END IF;
        NEW.responded_at := now();
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.connections_guard() IS
    'BEFORE UPDATE trigger function of auxeira.connections: refuses a change of requester_id '
    'or addressee_id and a return to status requested; stamps responded_at with now() when '
    'the status changes.';

CREATE TRIGGER connections_guard
    BEFORE UPDATE ON auxeira.connections
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.connections_guard();

COMMENT ON TRIGGER connections_guard ON auxeira.connections IS
    'Keeps the two users of a connection fixed and responded_at in step with status.';

-- Helpers of the syndicate policies. SECURITY DEFINER so that the policies of syndicates and
-- syndicate_members can ask about each other without recursing (as auxeira.owns_company()
-- does for companies); each reveals one boolean about the caller's own rows.
CREATE FUNCTION auxeira.leads_syndicate(syndicate_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.syndicates AS s
        WHERE s.id = leads_syndicate.syndicate_id
          AND s.lead_id = auxeira.current_user_id()
    )
$$;

COMMENT ON FUNCTION auxeira.leads_syndicate(uuid) IS
    'True when the current user leads the syndicate. SECURITY DEFINER for the policies of '
    'syndicate_members (the lead reads every membership of their syndicates).';

CREATE FUNCTION auxeira.is_syndicate_member(syndicate_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.syndicate_members AS m
        WHERE m.syndicate_id = is_syndicate_member.syndicate_id
          AND m.member_id = auxeira.current_user_id()
    )
$$;

COMMENT ON FUNCTION auxeira.is_syndicate_member(uuid) IS
    'True when the current user has a membership (any status) in the syndicate. SECURITY '
    'DEFINER for the policies of syndicates (a member keeps reading a syndicate after it '
    'closes).';

-- Keyset order of a paged dashboard list (0026; issue 12 owns indexes).
CREATE INDEX connections_requester_requested_idx
    ON auxeira.connections (requester_id, created_at DESC, id DESC) WHERE status = 'requested';
COMMENT ON INDEX auxeira.connections_requester_requested_idx IS
    'Pending requests a user sent, newest first: one of the two ordered scans behind the '
    'keyset-paged requests (auxeira_dash.angel_connection_requests, 0026).';

-- Keyset order of a paged dashboard list (0026; issue 12 owns indexes).
CREATE INDEX connections_addressee_requested_idx
    ON auxeira.connections (addressee_id, created_at DESC, id DESC) WHERE status = 'requested';
COMMENT ON INDEX auxeira.connections_addressee_requested_idx IS
    'Pending requests a user received, newest first: one of the two ordered scans behind the '
    'keyset-paged requests (auxeira_dash.angel_connection_requests, 0026).';
