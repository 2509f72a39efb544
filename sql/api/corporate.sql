-- Corporate partner dashboard: the write functions (POST) and the endpoints that return more than
-- one list, each as one statement (a row of JSON lists) over sql/views/corporate.sql. PL/pgSQL and
-- json for the reasons given in sql/api/startup.sql.

-- GET /api/dashboard/corporate/auctions
CREATE FUNCTION auxeira_dash.corporate_auction_board(
    page_size integer DEFAULT 50,
    after_closes_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        auctions json,
        results json,
        next_closes_at timestamptz,
        next_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH page AS (
            SELECT *
            FROM auxeira_dash.corporate_auctions(page_size, after_closes_at, after_id) AS a
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.closes_at, p.auction_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = page_size
            ORDER BY p.closes_at DESC, p.auction_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p), '[]') FROM page AS p),
               (SELECT coalesce(json_agg(r), '[]')
                FROM auxeira_dash.corporate_auction_results() AS r),
               (SELECT l.closes_at FROM tail AS l),
               (SELECT l.auction_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_auction_board(integer, timestamptz, uuid) IS
    'GET /api/dashboard/corporate/auctions in one statement: one page of the auctions '
    '(corporate_auctions: by closes_at, page_size 1-500, keyset cursor after_closes_at + '
    'after_id, validated there), the results of every auction the caller opened or bid on '
    '(corporate_auction_results()) and the cursor of the next page (NULL when the page is not '
    'full).';

-- GET /api/dashboard/corporate/roi
CREATE FUNCTION auxeira_dash.corporate_roi_report()
    RETURNS TABLE (partnerships json, totals json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(r), '[]')
                FROM auxeira_dash.corporate_roi() AS r),
               (SELECT coalesce(json_agg(t ORDER BY t.partnership_type = '(all)',
                                          t.partnership_type), '[]')
                FROM auxeira_dash.corporate_roi_totals AS t);
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_roi_report() IS
    'GET /api/dashboard/corporate/roi in one statement: partnerships (the rows of '
    'corporate_roi(), in its order) and totals (corporate_roi_totals, per type, ''(all)'' '
    'last).';

-- Write functions (the POST endpoints) ------------------------------------------------------------

-- Founders open auctions (the startup side of the auctions corporates bid on).
CREATE FUNCTION auxeira_dash.corporate_open_auction(
    company_id uuid,
    title text,
    opportunity_type text,
    closes_at timestamptz,
    reserve_amount numeric DEFAULT 0,
    opens_at timestamptz DEFAULT NULL,
    reveal_closes_at timestamptz DEFAULT NULL,
    description text DEFAULT NULL,
    idempotency_key text DEFAULT NULL
)
    RETURNS auxeira.partnership_auctions
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    starts timestamptz := coalesce(corporate_open_auction.opens_at, now());
    result auxeira.partnership_auctions;
BEGIN
    result := jsonb_populate_record(result,
        auxeira.idempotent_replay('corporate_open_auction',
                                  corporate_open_auction.idempotency_key));
    IF result.id IS NOT NULL THEN
        RETURN result;  -- a retry: the first call's result
    END IF;
    IF corporate_open_auction.company_id IS NULL
       OR NOT auxeira.owns_company(corporate_open_auction.company_id) THEN
        RAISE EXCEPTION 'company % is not yours', corporate_open_auction.company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(btrim(corporate_open_auction.title), '') = '' THEN
        RAISE EXCEPTION 'an auction needs a title' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.opportunity_type IS NULL
       OR corporate_open_auction.opportunity_type NOT IN ('pilot', 'poc', 'commercial',
                                                          'strategic') THEN
        RAISE EXCEPTION 'opportunity_type must be pilot, poc, commercial or strategic, not %',
            coalesce(corporate_open_auction.opportunity_type, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF starts < now() THEN
        RAISE EXCEPTION 'opens_at % is in the past', starts
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.closes_at IS NULL OR corporate_open_auction.closes_at <= starts THEN
        RAISE EXCEPTION 'closes_at must be after opens_at (%)', starts
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.reveal_closes_at <= corporate_open_auction.closes_at THEN
        RAISE EXCEPTION 'reveal_closes_at must be after closes_at'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.reserve_amount IS NULL OR corporate_open_auction.reserve_amount < 0
    THEN
        RAISE EXCEPTION 'reserve_amount must be >= 0, not %',
            coalesce(corporate_open_auction.reserve_amount::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.partnership_auctions AS a
        (company_id, opened_by, title, description, opportunity_type, opens_at, closes_at,
         reveal_closes_at, reserve_amount)
    VALUES (corporate_open_auction.company_id, me, btrim(corporate_open_auction.title),
            corporate_open_auction.description, corporate_open_auction.opportunity_type, starts,
            corporate_open_auction.closes_at,
            coalesce(corporate_open_auction.reveal_closes_at,
                     corporate_open_auction.closes_at + interval '7 days'),
            corporate_open_auction.reserve_amount)
    RETURNING a.* INTO result;
    PERFORM auxeira.idempotent_record('corporate_open_auction',
                                      corporate_open_auction.idempotency_key, to_jsonb(result));
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz, timestamptz, text, text) IS
    'Opens a blind auction of a partnership opportunity for a startup the calling founder owns '
    '(the offer side of GET /api/dashboard/corporate/auctions): bids from opens_at (default '
    'now) to closes_at, reveals until reveal_closes_at (default closes_at + 7 days), reserve '
    'amount (default 0). Returns the row. Raises invalid_parameter_value for a company not '
    'owned, a blank title, an unknown type, a schedule in the past or out of order, a negative '
    'reserve. SECURITY INVOKER: row-level security applies. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay).';

-- POST /api/dashboard/corporate/bid: commit a sealed bid
CREATE FUNCTION auxeira_dash.corporate_submit_bid(
    auction_id uuid, commitment bytea, idempotency_key text DEFAULT NULL
)
    RETURNS auxeira.auction_bids
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    result auxeira.auction_bids;
BEGIN
    result := jsonb_populate_record(result,
        auxeira.idempotent_replay('corporate_submit_bid', corporate_submit_bid.idempotency_key));
    IF result.id IS NOT NULL THEN
        RETURN result;  -- a retry: the first call's result
    END IF;
    IF corporate_submit_bid.commitment IS NULL OR octet_length(corporate_submit_bid.commitment) <> 32
    THEN
        RAISE EXCEPTION 'a commitment is the 32-byte SHA-256 of the bid (see '
            'auxeira.auction_bid_commitment)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_submit_bid.auction_id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.partnership_auctions AS a
                      WHERE a.id = corporate_submit_bid.auction_id) THEN
        RAISE EXCEPTION 'no auction % open to you', corporate_submit_bid.auction_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- One bid per bidder per auction: committing again while the auction is open replaces
    -- the commitment (the guard trigger refuses it once the auction has closed).
    INSERT INTO auxeira.auction_bids AS b (auction_id, bidder_id, commitment)
    VALUES (corporate_submit_bid.auction_id, me, corporate_submit_bid.commitment)
    ON CONFLICT ON CONSTRAINT auction_bids_auction_id_bidder_id_key DO UPDATE
    SET commitment = excluded.commitment
    RETURNING b.* INTO result;
    PERFORM auxeira.idempotent_record('corporate_submit_bid',
                                      corporate_submit_bid.idempotency_key, to_jsonb(result));
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_submit_bid(uuid, bytea, text) IS
    'Serves POST /api/dashboard/corporate/bid (the "encrypted" bid): stores the caller''s sealed '
    'bid on an auction as a commitment only (32-byte SHA-256, computed client-side by '
    'auxeira_db.dashboards.corporate.bid_commitment); amount and nonce stay NULL. Allowed while '
    'the auction is open; committing again before it closes replaces the commitment. Returns '
    'the bid row. The trigger auxeira.auction_bids_guard() refuses a closed, cancelled or not '
    'yet open auction and a non-corporate bidder. SECURITY INVOKER. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay).';

-- POST /api/dashboard/corporate/bid: reveal it after the auction closed
CREATE FUNCTION auxeira_dash.corporate_reveal_bid(
    auction_id uuid, amount numeric, nonce text, idempotency_key text DEFAULT NULL
)
    RETURNS auxeira.auction_bids
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    result auxeira.auction_bids;
BEGIN
    result := jsonb_populate_record(result,
        auxeira.idempotent_replay('corporate_reveal_bid', corporate_reveal_bid.idempotency_key));
    IF result.id IS NOT NULL THEN
        RETURN result;  -- a retry: the first call's result
    END IF;
    IF corporate_reveal_bid.amount IS NULL OR corporate_reveal_bid.nonce IS NULL THEN
        RAISE EXCEPTION 'a reveal needs both the amount and the nonce'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Same rules as the commitment: refuse rather than round or normalise.
    PERFORM auxeira.auction_bid_commitment(corporate_reveal_bid.auction_id, me,
                                           corporate_reveal_bid.amount,
                                           corporate_reveal_bid.nonce);
    UPDATE auxeira.auction_bids AS b
    SET amount = corporate_reveal_bid.amount,
        nonce = corporate_reveal_bid.nonce
    WHERE b.auction_id = corporate_reveal_bid.auction_id AND b.bidder_id = me
    RETURNING b.* INTO result;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'you have no bid on auction %', corporate_reveal_bid.auction_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM auxeira.idempotent_record('corporate_reveal_bid',
                                      corporate_reveal_bid.idempotency_key, to_jsonb(result));
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_reveal_bid(uuid, numeric, text, text) IS
    'Serves POST /api/dashboard/corporate/bid (the reveal): after the auction closed and before '
    'its reveal window ends, stores the caller''s amount and nonce; the trigger '
    'auxeira.auction_bids_guard() recomputes the commitment and refuses a mismatch (nothing is '
    'written). Revealing the same values again is a no-op; a revealed bid is final. Returns the '
    'bid row. SECURITY INVOKER. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay).';

-- Keyset-paged lists (0026) ----------------------------------------------------------------------

-- GET /api/dashboard/corporate/ecosystem
CREATE FUNCTION auxeira_dash.corporate_ecosystem_page(
    only_industry text DEFAULT NULL,
    only_stage text DEFAULT NULL,
    page_size integer DEFAULT 50,
    after_industry text DEFAULT NULL,
    after_stage text DEFAULT NULL
)
    RETURNS TABLE (ecosystem json, next_industry text, next_stage text)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(corporate_ecosystem_page.page_size,
                               corporate_ecosystem_page.after_industry IS NOT NULL,
                               corporate_ecosystem_page.after_stage IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            -- the order of corporate_ecosystem: the '(all)' marginals before the labels; one
            -- row per (industry, stage) of a small materialized view, no index needed
            SELECT e.*
            FROM auxeira_dash.corporate_ecosystem(corporate_ecosystem_page.only_industry,
                                                  corporate_ecosystem_page.only_stage) AS e
            WHERE corporate_ecosystem_page.after_stage IS NULL
               OR (e.industry <> '(all)', e.industry, e.stage <> '(all)', e.stage)
                  > (corporate_ecosystem_page.after_industry <> '(all)',
                     corporate_ecosystem_page.after_industry,
                     corporate_ecosystem_page.after_stage <> '(all)',
                     corporate_ecosystem_page.after_stage)
            ORDER BY e.industry <> '(all)', e.industry, e.stage <> '(all)', e.stage
            LIMIT corporate_ecosystem_page.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.industry, p.stage FROM page AS p
            WHERE (SELECT count(*) FROM page) = corporate_ecosystem_page.page_size
            ORDER BY p.industry <> '(all)' DESC, p.industry DESC, p.stage <> '(all)' DESC,
                     p.stage DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.industry <> '(all)', p.industry,
                                         p.stage <> '(all)', p.stage), '[]')
                FROM page AS p),
               (SELECT l.industry FROM tail AS l),
               (SELECT l.stage FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_ecosystem_page(text, text, integer, text, text) IS
    'GET /api/dashboard/corporate/ecosystem in one statement: one page of corporate_ecosystem '
    '(filtered by only_industry, only_stage as there; ''(all)'' industry first, then by '
    'industry, ''(all)'' stage first, then by stage; page_size 1-500, after the cursor '
    'after_industry, after_stage = the last row of the previous page, both or neither: '
    'auxeira.check_page) and the cursor of the next page (NULL after the last page). 0026.';

-- GET /api/dashboard/corporate/partnerships
CREATE FUNCTION auxeira_dash.corporate_partnerships_page(
    page_size integer DEFAULT 50,
    after_end_date date DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (partnerships json, next_end_date date, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- an open-ended partnership has no end_date: the cursor of one is (NULL, its id)
    PERFORM auxeira.check_page(corporate_partnerships_page.page_size,
                               corporate_partnerships_page.after_id IS NOT NULL,
                               corporate_partnerships_page.after_id IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            -- soonest ending first, open-ended last ('infinity'); corporate_partnerships() is
            -- SECURITY DEFINER (not inlined): the caller's active partnerships, a short list
            SELECT p.*
            FROM auxeira_dash.corporate_partnerships() AS p
            WHERE corporate_partnerships_page.after_id IS NULL
               OR (coalesce(p.end_date, 'infinity'::date), p.partnership_id)
                  > (coalesce(corporate_partnerships_page.after_end_date, 'infinity'::date),
                     corporate_partnerships_page.after_id)
            ORDER BY coalesce(p.end_date, 'infinity'::date), p.partnership_id
            LIMIT corporate_partnerships_page.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.end_date, p.partnership_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = corporate_partnerships_page.page_size
            ORDER BY coalesce(p.end_date, 'infinity'::date) DESC, p.partnership_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY coalesce(p.end_date, 'infinity'::date),
                                         p.partnership_id), '[]')
                FROM page AS p),
               (SELECT l.end_date FROM tail AS l),
               (SELECT l.partnership_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_partnerships_page(integer, date, uuid) IS
    'GET /api/dashboard/corporate/partnerships in one statement: one page of the caller''s '
    'active partnerships (corporate_partnerships(); soonest ending first, open-ended last, then '
    'by partnership_id; page_size 1-500, after the cursor after_end_date (NULL for an '
    'open-ended row), after_id = the last row of the previous page: auxeira.check_page) and the '
    'cursor of the next page (next_id NULL after the last page). 0026.';
