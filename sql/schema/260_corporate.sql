-- Corporate partner dashboard: blind (sealed-bid) auctions of partnership opportunities.
--
--   auxeira.partnership_auctions   an opportunity (pilot, proof of concept, commercial or
--                                  strategic deal) a startup founder or the platform auctions,
--                                  with its bidding window, reveal window and reserve
--   auxeira.auction_bids           one sealed bid per corporate bidder per auction
--
-- A bid is a commitment: while the auction is open the bidder stores only
--   commitment = sha256(convert_to('auxeira-bid-v1|<auction id>|<bidder id>|<amount>|<nonce>',
--                                  'UTF8'))
-- (ids as canonical lower-case UUID text, amount with exactly two decimals, nonce 32-128
-- lower-case hex digits), computed by the bidder (auxeira_db.dashboards.corporate.
-- bid_commitment) or auxeira.auction_bid_commitment(). After the auction closes the bidder
-- reveals amount and nonce; the trigger auction_bids_guard recomputes the commitment and
-- refuses a mismatch. Until then the amount exists nowhere in the database.
--
-- The guard functions and their triggers are here, with the tables they protect; updated_at
-- and NOTIFY triggers, row-level security and grants: sql/security/260_corporate.sql.

CREATE TABLE auxeira.partnership_auctions (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    company_id uuid,
    opened_by uuid,
    title varchar(255) NOT NULL,
    description text,
    opportunity_type varchar(20) NOT NULL,
    opens_at timestamptz NOT NULL,
    closes_at timestamptz NOT NULL,
    reveal_closes_at timestamptz NOT NULL,
    reserve_amount numeric(15,2) NOT NULL DEFAULT 0,
    cancelled_at timestamptz,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT partnership_auctions_pkey PRIMARY KEY (id),
    CONSTRAINT partnership_auctions_company_id_fkey FOREIGN KEY (company_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT partnership_auctions_opened_by_fkey FOREIGN KEY (opened_by)
        REFERENCES auxeira.users (id),
    CONSTRAINT partnership_auctions_opened_by_check CHECK (
        opened_by IS NULL OR company_id IS NOT NULL
    ),
    CONSTRAINT partnership_auctions_title_check CHECK (btrim(title) <> ''),
    CONSTRAINT partnership_auctions_opportunity_type_check CHECK (
        opportunity_type IN ('pilot', 'poc', 'commercial', 'strategic')
    ),
    CONSTRAINT partnership_auctions_closes_at_check CHECK (closes_at > opens_at),
    CONSTRAINT partnership_auctions_reveal_closes_at_check CHECK (reveal_closes_at > closes_at),
    CONSTRAINT partnership_auctions_reserve_amount_check CHECK (reserve_amount >= 0),
    CONSTRAINT partnership_auctions_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX partnership_auctions_company_id_idx ON auxeira.partnership_auctions (company_id);
CREATE INDEX partnership_auctions_opened_by_idx ON auxeira.partnership_auctions (opened_by);
CREATE INDEX partnership_auctions_closes_at_idx ON auxeira.partnership_auctions (closes_at);
CREATE INDEX partnership_auctions_expires_at_idx
    ON auxeira.partnership_auctions (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.partnership_auctions IS
    'Blind auctions of partnership opportunities: a startup founder (or the platform) offers a '
    'pilot, proof of concept, commercial or strategic deal; corporate users submit sealed bids '
    '(auction_bids) between opens_at and closes_at, reveal them between closes_at and '
    'reveal_closes_at, and the highest revealed bid at or above the reserve wins. Visible to '
    'corporate users and to the founder who opened it. Once open, its schedule and reserve are '
    'fixed (trigger partnership_auctions_guard).';
COMMENT ON COLUMN auxeira.partnership_auctions.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.partnership_auctions.company_id IS
    'The startup (companies.id) offering the opportunity. NULL only for a platform-run auction '
    'not tied to one startup.';
COMMENT ON COLUMN auxeira.partnership_auctions.opened_by IS
    'The founder account (users.id) that opened the auction; it must own company_id. NULL = '
    'opened by the platform (written by auxeira_owner).';
COMMENT ON COLUMN auxeira.partnership_auctions.title IS 'Short title of the opportunity.';
COMMENT ON COLUMN auxeira.partnership_auctions.description IS
    'What is offered and expected, free text. NULL = none.';
COMMENT ON COLUMN auxeira.partnership_auctions.opportunity_type IS
    'Kind of partnership on offer, as corporate_partnerships.partnership_type: pilot, poc '
    '(proof of concept), commercial, strategic.';
COMMENT ON COLUMN auxeira.partnership_auctions.opens_at IS
    'From when sealed bids are accepted.';
COMMENT ON COLUMN auxeira.partnership_auctions.closes_at IS
    'When bidding ends (exclusive); after it, bids may only be revealed. Later than opens_at.';
COMMENT ON COLUMN auxeira.partnership_auctions.reveal_closes_at IS
    'End of the reveal window (later than closes_at): bids not revealed by then do not count. '
    'The result is final at this time, or earlier once every bid is revealed.';
COMMENT ON COLUMN auxeira.partnership_auctions.reserve_amount IS
    'Published minimum: a revealed bid below it cannot win. In currency units, >= 0; 0 = none.';
COMMENT ON COLUMN auxeira.partnership_auctions.cancelled_at IS
    'When the opener withdrew the auction (only before it closes; final). NULL = not '
    'cancelled. A cancelled auction accepts no bids and has no winner.';
COMMENT ON COLUMN auxeira.partnership_auctions.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.partnership_auctions.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.partnership_auctions.created_at IS 'When the auction was created.';
COMMENT ON COLUMN auxeira.partnership_auctions.updated_at IS
    'When the row was last changed; set by trigger update_partnership_auctions_updated_at.';
COMMENT ON INDEX auxeira.partnership_auctions_company_id_idx IS
    'Indexes the company_id foreign key.';
COMMENT ON INDEX auxeira.partnership_auctions_opened_by_idx IS
    'Indexes the opened_by foreign key; serves the opener''s row-level security filter.';
COMMENT ON INDEX auxeira.partnership_auctions_closes_at_idx IS
    'Serves listings of open and recently closed auctions.';
COMMENT ON INDEX auxeira.partnership_auctions_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.partnership_auctions_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE TABLE auxeira.auction_bids (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    auction_id uuid NOT NULL,
    bidder_id uuid NOT NULL,
    commitment bytea NOT NULL,
    committed_at timestamptz NOT NULL DEFAULT now(),
    amount numeric(15,2),
    nonce text,
    revealed_at timestamptz,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT auction_bids_pkey PRIMARY KEY (id),
    CONSTRAINT auction_bids_auction_id_fkey FOREIGN KEY (auction_id)
        REFERENCES auxeira.partnership_auctions (id),
    CONSTRAINT auction_bids_bidder_id_fkey FOREIGN KEY (bidder_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT auction_bids_auction_id_bidder_id_key UNIQUE (auction_id, bidder_id),
    CONSTRAINT auction_bids_commitment_check CHECK (octet_length(commitment) = 32),
    CONSTRAINT auction_bids_amount_check CHECK (amount > 0),
    CONSTRAINT auction_bids_nonce_check CHECK (nonce ~ '^[0-9a-f]{32,128}$'),
    CONSTRAINT auction_bids_revealed_check CHECK (
        (amount IS NULL) = (nonce IS NULL) AND (amount IS NULL) = (revealed_at IS NULL)
    ),
    CONSTRAINT auction_bids_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX auction_bids_bidder_id_idx ON auxeira.auction_bids (bidder_id);
CREATE INDEX auction_bids_expires_at_idx ON auxeira.auction_bids (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.auction_bids IS
    'Sealed bids on partnership_auctions, one per bidder per auction. While the auction is open '
    'only the commitment (SHA-256 of auction, bidder, amount and a secret nonce) is stored; '
    'amount and nonce stay NULL until the bidder reveals them after closes_at, when the trigger '
    'auction_bids_guard verifies them against the commitment. No one, the platform included, '
    'can read an amount before its reveal. Visible to the bidder and to the auction''s opener.';
COMMENT ON COLUMN auxeira.auction_bids.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.auction_bids.auction_id IS
    'The auction bid on (partnership_auctions.id).';
COMMENT ON COLUMN auxeira.auction_bids.bidder_id IS
    'The corporate account (users.id, user_type corporate) that bids.';
COMMENT ON COLUMN auxeira.auction_bids.commitment IS
    'SHA-256 (32 bytes) of the UTF-8 text auxeira-bid-v1|<auction_id>|<bidder_id>|<amount with '
    'two decimals>|<nonce>: see auxeira.auction_bid_commitment(). Replaced by a new commit while '
    'the auction is open; fixed after.';
COMMENT ON COLUMN auxeira.auction_bids.committed_at IS
    'When the current commitment was stored (set by the guard trigger); the earlier commitment '
    'wins a tie.';
COMMENT ON COLUMN auxeira.auction_bids.amount IS
    'The bid in currency units (> 0, two decimals), NULL until revealed after the auction '
    'closed and verified against the commitment.';
COMMENT ON COLUMN auxeira.auction_bids.nonce IS
    'The bidder''s secret nonce (32-128 lower-case hex digits, at least 128 bits), NULL until '
    'revealed together with amount.';
COMMENT ON COLUMN auxeira.auction_bids.revealed_at IS
    'When amount and nonce were revealed and verified (set by the guard trigger). NULL = '
    'sealed. A revealed bid is final.';
COMMENT ON COLUMN auxeira.auction_bids.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.auction_bids.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.auction_bids.created_at IS 'When the bidder first committed.';
COMMENT ON COLUMN auxeira.auction_bids.updated_at IS
    'When the row was last changed; set by trigger update_auction_bids_updated_at.';
COMMENT ON CONSTRAINT auction_bids_auction_id_bidder_id_key ON auxeira.auction_bids IS
    'One bid per bidder per auction (a re-commit while open replaces the commitment); also '
    'indexes the auction_id foreign key.';
COMMENT ON INDEX auxeira.auction_bids_auction_id_bidder_id_key IS
    'Index of the one-bid-per-bidder-per-auction constraint; serves the auction_id foreign key '
    'and the re-commit upsert.';
COMMENT ON INDEX auxeira.auction_bids_bidder_id_idx IS
    'Indexes the bidder_id foreign key; serves the bidder''s row-level security filter.';
COMMENT ON INDEX auxeira.auction_bids_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.auction_bids_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE FUNCTION auxeira.auction_bid_commitment(
    auction_id uuid, bidder_id uuid, amount numeric, nonce text
)
    RETURNS bytea
    LANGUAGE plpgsql
    IMMUTABLE
    STRICT
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF amount <= 0 OR amount <> round(amount, 2) OR amount >= 1e13 THEN
        RAISE EXCEPTION 'a bid amount must be positive, below 10^13, with at most two decimals: %',
            amount
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF nonce !~ '^[0-9a-f]{32,128}$' THEN
        RAISE EXCEPTION 'a bid nonce must be 32 to 128 lower-case hexadecimal digits'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN sha256(convert_to(
        'auxeira-bid-v1|' || auction_id::text || '|' || bidder_id::text || '|'
            || amount::numeric(15,2)::text || '|' || nonce,
        'UTF8'));
END
$$;

COMMENT ON FUNCTION auxeira.auction_bid_commitment(uuid, uuid, numeric, text) IS
    'The commitment of a sealed bid: sha256 of the UTF-8 text '
    '''auxeira-bid-v1|'' || auction_id || ''|'' || bidder_id || ''|'' || amount (two decimals) '
    '|| ''|'' || nonce. Unambiguous: the ids have a fixed form, the amount has no |, the nonce is '
    'hex. Refuses an amount with more than two decimals (never rounds) and a nonce that is not '
    '32-128 lower-case hex digits. Bidders should compute it client-side '
    '(auxeira_db.dashboards.corporate.bid_commitment, identical) so the amount never reaches '
    'the server before the reveal; the guard trigger uses it to verify reveals.';

CREATE FUNCTION auxeira.partnership_auction_status(
    opens_at timestamptz, closes_at timestamptz, reveal_closes_at timestamptz,
    cancelled_at timestamptz
)
    RETURNS text
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
        WHEN cancelled_at IS NOT NULL THEN 'cancelled'
        WHEN now() < opens_at THEN 'scheduled'
        WHEN now() < closes_at THEN 'open'
        WHEN now() < reveal_closes_at THEN 'revealing'
        ELSE 'closed'
    END
$$;

COMMENT ON FUNCTION auxeira.partnership_auction_status(timestamptz, timestamptz, timestamptz, timestamptz) IS
    'Phase of an auction at the transaction''s time: cancelled, scheduled (not open yet), open '
    '(sealed bids accepted: opens_at <= now() < closes_at), revealing (closes_at <= now() < '
    'reveal_closes_at: bids may be revealed), closed (reveal window over).';

CREATE FUNCTION auxeira.partnership_auctions_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF now() >= OLD.opens_at
       AND (NEW.opens_at, NEW.closes_at, NEW.reveal_closes_at, NEW.reserve_amount,
            NEW.company_id, NEW.opened_by, NEW.opportunity_type)
           IS DISTINCT FROM
           (OLD.opens_at, OLD.closes_at, OLD.reveal_closes_at, OLD.reserve_amount,
            OLD.company_id, OLD.opened_by, OLD.opportunity_type) THEN
        RAISE EXCEPTION 'auction % has opened: its schedule, reserve, type and owner are fixed',
            OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.cancelled_at IS NOT NULL AND NEW.cancelled_at IS DISTINCT FROM OLD.cancelled_at THEN
        RAISE EXCEPTION 'auction % is cancelled, which is final', OLD.id
            USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.cancelled_at IS NULL AND NEW.cancelled_at IS NOT NULL THEN
        IF now() >= OLD.closes_at THEN
            RAISE EXCEPTION 'auction % has closed and can no longer be cancelled', OLD.id
                USING ERRCODE = 'check_violation';
        END IF;
        NEW.cancelled_at := now();
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.partnership_auctions_guard() IS
    'BEFORE UPDATE trigger function of partnership_auctions: once an auction has opened, its '
    'schedule (opens_at, closes_at, reveal_closes_at), reserve, type, company and opener can no '
    'longer change, so bidders commit against fixed rules; cancelling is allowed only before '
    'closes_at, is stamped with now() and is final.';

CREATE TRIGGER partnership_auctions_guard
    BEFORE UPDATE ON auxeira.partnership_auctions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.partnership_auctions_guard();

COMMENT ON TRIGGER partnership_auctions_guard ON auxeira.partnership_auctions IS
    'Freezes an opened auction''s rules and makes cancellation final; see '
    'auxeira.partnership_auctions_guard().';

CREATE FUNCTION auxeira.auction_bids_guard()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    auction auxeira.partnership_auctions;
    bidder_type text;
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.auction_id, NEW.bidder_id) IS DISTINCT FROM (OLD.auction_id, OLD.bidder_id) THEN
        RAISE EXCEPTION 'a bid cannot move to another auction or bidder'
            USING ERRCODE = 'check_violation';
    END IF;
    SELECT * INTO auction FROM auxeira.partnership_auctions AS a WHERE a.id = NEW.auction_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no auction %', NEW.auction_id USING ERRCODE = 'foreign_key_violation';
    END IF;

    IF TG_OP = 'INSERT' THEN
        IF NEW.amount IS NOT NULL OR NEW.nonce IS NOT NULL OR NEW.revealed_at IS NOT NULL THEN
            RAISE EXCEPTION 'a bid is committed sealed: amount and nonce are revealed only after '
                'the auction closes'
                USING ERRCODE = 'check_violation';
        END IF;
        SELECT u.user_type INTO bidder_type FROM auxeira.users AS u WHERE u.id = NEW.bidder_id;
        IF bidder_type IS DISTINCT FROM 'corporate' THEN
            RAISE EXCEPTION 'only corporate users bid on partnership auctions'
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF OLD.revealed_at IS NOT NULL THEN
        IF (NEW.commitment, NEW.amount, NEW.nonce) IS DISTINCT FROM
           (OLD.commitment, OLD.amount, OLD.nonce) THEN
            RAISE EXCEPTION 'this bid has been revealed and is final'
                USING ERRCODE = 'check_violation';
        END IF;
        NEW.committed_at := OLD.committed_at;
        NEW.revealed_at := OLD.revealed_at;
        RETURN NEW;
    END IF;

    IF TG_OP = 'INSERT' OR NEW.commitment IS DISTINCT FROM OLD.commitment THEN
        -- A commitment (first or replacement): only while the auction is open, always sealed.
        IF auction.cancelled_at IS NOT NULL THEN
            RAISE EXCEPTION 'auction % is cancelled', auction.id USING ERRCODE = 'check_violation';
        ELSIF now() < auction.opens_at THEN
            RAISE EXCEPTION 'auction % is not open for bids until %', auction.id, auction.opens_at
                USING ERRCODE = 'check_violation';
        ELSIF now() >= auction.closes_at THEN
            RAISE EXCEPTION 'auction % closed at %: bids are no longer accepted',
                auction.id, auction.closes_at
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.amount IS NOT NULL OR NEW.nonce IS NOT NULL THEN
            RAISE EXCEPTION 'a bid is committed sealed: amount and nonce are revealed only after '
                'the auction closes'
                USING ERRCODE = 'check_violation';
        END IF;
        NEW.committed_at := now();
        NEW.revealed_at := NULL;
    ELSIF NEW.amount IS NOT NULL OR NEW.nonce IS NOT NULL THEN
        -- A reveal: only after the auction closed, and it must match the commitment.
        IF auction.cancelled_at IS NOT NULL THEN
            RAISE EXCEPTION 'auction % is cancelled', auction.id USING ERRCODE = 'check_violation';
        ELSIF now() < auction.closes_at THEN
            RAISE EXCEPTION 'auction % is still open until %: bids are revealed after it closes',
                auction.id, auction.closes_at
                USING ERRCODE = 'check_violation';
        ELSIF now() >= auction.reveal_closes_at THEN
            RAISE EXCEPTION 'the reveal window of auction % ended at %',
                auction.id, auction.reveal_closes_at
                USING ERRCODE = 'check_violation';
        ELSIF NEW.amount IS NULL OR NEW.nonce IS NULL THEN
            RAISE EXCEPTION 'a reveal needs both the amount and the nonce'
                USING ERRCODE = 'invalid_parameter_value';
        ELSIF auxeira.auction_bid_commitment(NEW.auction_id, NEW.bidder_id, NEW.amount, NEW.nonce)
              <> OLD.commitment THEN
            RAISE EXCEPTION 'the revealed amount and nonce do not match the committed bid'
                USING ERRCODE = 'check_violation';
        END IF;
        NEW.committed_at := OLD.committed_at;
        NEW.revealed_at := now();
    ELSE
        NEW.committed_at := OLD.committed_at;
        NEW.revealed_at := OLD.revealed_at;
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.auction_bids_guard() IS
    'BEFORE INSERT OR UPDATE trigger function of auction_bids, enforcing the sealed-bid rules '
    'whoever writes (the platform included): a bid is committed sealed (amount and nonce NULL) '
    'by a corporate user while the auction is open, and may be re-committed until it closes; '
    'it is revealed only between closes_at and reveal_closes_at, and only with the amount and '
    'nonce whose commitment (auxeira.auction_bid_commitment) equals the stored one; a revealed '
    'bid is final. Stamps committed_at and revealed_at itself. SECURITY DEFINER to read the '
    'auction and the bidder''s user type whatever the caller may see; it returns nothing.';

CREATE TRIGGER auction_bids_guard
    BEFORE INSERT OR UPDATE ON auxeira.auction_bids
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.auction_bids_guard();

COMMENT ON TRIGGER auction_bids_guard ON auxeira.auction_bids IS
    'Enforces commit-while-open, reveal-after-close and reveal-matches-commitment; see '
    'auxeira.auction_bids_guard().';
