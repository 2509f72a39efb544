-- Angel-investor dashboard: the write functions (POST) and the endpoints that return more than one
-- list, each as one statement (a row of JSON lists) over sql/views/angel.sql (0015). PL/pgSQL and
-- json for the reasons given in sql/api/startup.sql.

-- GET /api/dashboard/angel/portfolio
CREATE FUNCTION auxeira_dash.angel_portfolio_report()
    RETURNS TABLE (holdings json, totals json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT * FROM auxeira.investor_portfolio_report('angel');
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_portfolio_report() IS
    'GET /api/dashboard/angel/portfolio in one statement: holdings (angel_portfolio, newest '
    'first) and totals (the one row of angel_portfolio_totals, NULL without investments).';

-- GET /api/dashboard/angel/network
CREATE FUNCTION auxeira_dash.angel_network_report(
    page_size integer DEFAULT 50,
    after_connected_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        connections json,
        requests json,
        counts json,
        next_connected_at timestamptz,
        next_id uuid,
        next_requested_at timestamptz,
        next_request_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
BEGIN
    PERFORM auxeira.check_page(angel_network_report.page_size,
                               angel_network_report.after_connected_at IS NOT NULL,
                               angel_network_report.after_id IS NOT NULL);
    RETURN QUERY
        WITH mine AS (
            -- the two sides of a connection, each read in order from its partial index
            -- (connections_*_accepted_idx), then merged: a page costs two short index scans
            (SELECT c.id, c.responded_at
             FROM auxeira.connections AS c
             WHERE c.status = 'accepted' AND c.requester_id = me
               AND (angel_network_report.after_id IS NULL
                    OR (c.responded_at, c.id) < (angel_network_report.after_connected_at,
                                                 angel_network_report.after_id))
             ORDER BY c.responded_at DESC, c.id DESC
             LIMIT angel_network_report.page_size)
            UNION ALL
            (SELECT c.id, c.responded_at
             FROM auxeira.connections AS c
             WHERE c.status = 'accepted' AND c.addressee_id = me
               AND (angel_network_report.after_id IS NULL
                    OR (c.responded_at, c.id) < (angel_network_report.after_connected_at,
                                                 angel_network_report.after_id))
             ORDER BY c.responded_at DESC, c.id DESC
             LIMIT angel_network_report.page_size)
        ),
        page AS (
            SELECT n.*
            FROM (SELECT m.id FROM mine AS m
                  ORDER BY m.responded_at DESC, m.id DESC
                  LIMIT angel_network_report.page_size) AS ids
            JOIN auxeira_dash.angel_network AS n ON n.connection_id = ids.id
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.connected_at, p.connection_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_network_report.page_size
            ORDER BY p.connected_at, p.connection_id
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.connected_at DESC, p.connection_id DESC),
                                '[]')
                FROM page AS p),
               q.requests,
               (SELECT coalesce(json_agg(n ORDER BY n.connection_type), '[]')
                FROM auxeira_dash.angel_network_summary AS n),
               (SELECT l.connected_at FROM tail AS l),
               (SELECT l.connection_id FROM tail AS l),
               q.next_requested_at,
               q.next_id
        -- the first page of the pending requests (0026), the same page_size
        FROM auxeira_dash.angel_connection_requests(angel_network_report.page_size) AS q;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid) IS
    'GET /api/dashboard/angel/network in one statement: one page of the current user''s '
    'accepted connections (angel_network, newest first: connected_at DESC, connection_id '
    'DESC; page_size 1-500, after the cursor after_connected_at, after_id = the last row of '
    'the previous page, both or neither: auxeira.check_page), the first page of the pending '
    'requests (angel_connection_requests: newest first, page_size rows), the counts per '
    'connection type (angel_network_summary, all connections), the cursor of the next page of '
    'connections (NULL after the last) and that of the requests (next_requested_at, '
    'next_request_id: pass them to angel_connection_requests). Keyset-paged since 0017 (was '
    'every connection); requests paged since 0026 (was every request).';

-- GET /api/dashboard/angel/network (pending requests, the pages after the first) -----------------
CREATE FUNCTION auxeira_dash.angel_connection_requests(
    page_size integer DEFAULT 50,
    after_requested_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (requests json, next_requested_at timestamptz, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
    -- no cursor: above every row. One row comparison, no OR, so that the plan PL/pgSQL keeps
    -- (generic after five calls) still starts the index scan at the cursor
    after_at timestamptz := coalesce(angel_connection_requests.after_requested_at, 'infinity');
    after_key uuid := coalesce(angel_connection_requests.after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid);
BEGIN
    PERFORM auxeira.check_page(angel_connection_requests.page_size,
                               angel_connection_requests.after_requested_at IS NOT NULL,
                               angel_connection_requests.after_id IS NOT NULL);
    RETURN QUERY
        WITH mine AS (
            -- the two sides, each read in order from its partial index
            -- (connections_*_requested_idx), then merged, as in angel_network_report
            (SELECT c.id, c.created_at
             FROM auxeira.connections AS c
             WHERE c.status = 'requested' AND c.requester_id = me
               AND (c.created_at, c.id) < (after_at, after_key)
             ORDER BY c.created_at DESC, c.id DESC
             LIMIT angel_connection_requests.page_size)
            UNION ALL
            (SELECT c.id, c.created_at
             FROM auxeira.connections AS c
             WHERE c.status = 'requested' AND c.addressee_id = me
               AND (c.created_at, c.id) < (after_at, after_key)
             ORDER BY c.created_at DESC, c.id DESC
             LIMIT angel_connection_requests.page_size)
        ),
        page AS (
            SELECT r.*
            FROM (SELECT m.id FROM mine AS m
                  ORDER BY m.created_at DESC, m.id DESC
                  LIMIT angel_connection_requests.page_size) AS ids
            JOIN auxeira_dash.angel_network_requests AS r ON r.connection_id = ids.id
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.requested_at, p.connection_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_connection_requests.page_size
            ORDER BY p.requested_at, p.connection_id
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.requested_at DESC, p.connection_id DESC),
                                '[]')
                FROM page AS p),
               (SELECT l.requested_at FROM tail AS l),
               (SELECT l.connection_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_connection_requests(integer, timestamptz, uuid) IS
    'GET /api/dashboard/angel/network (pending requests) in one statement: one page of the '
    'current user''s connection requests still waiting for an answer, sent and received '
    '(angel_network_requests, newest first: requested_at DESC, connection_id DESC; page_size '
    '1-500, after the cursor after_requested_at, after_id = the last row of the previous page, '
    'both or neither: auxeira.check_page) and the cursor of the next page (NULL after the '
    'last). angel_network_report returns the first page. 0026.';

-- GET /api/dashboard/angel/syndicate
CREATE FUNCTION auxeira_dash.angel_syndicate_board(
    page_size integer DEFAULT 50,
    after_deadline date DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        opportunities json,
        memberships json,
        next_deadline date,
        next_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(angel_syndicate_board.page_size,
                               angel_syndicate_board.after_deadline IS NOT NULL,
                               angel_syndicate_board.after_id IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            SELECT o.*
            FROM auxeira_dash.angel_syndicate_opportunities AS o
            WHERE angel_syndicate_board.after_id IS NULL
               OR (o.deadline, o.syndicate_id)
                  > (angel_syndicate_board.after_deadline, angel_syndicate_board.after_id)
            ORDER BY o.deadline, o.syndicate_id
            LIMIT angel_syndicate_board.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.deadline, p.syndicate_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_syndicate_board.page_size
            ORDER BY p.deadline DESC, p.syndicate_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.deadline, p.syndicate_id), '[]')
                FROM page AS p),
               (SELECT coalesce(json_agg(m ORDER BY m.joined_at DESC, m.membership_id), '[]')
                FROM auxeira_dash.angel_syndicate_memberships AS m),
               (SELECT l.deadline FROM tail AS l),
               (SELECT l.syndicate_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_syndicate_board(integer, date, uuid) IS
    'GET /api/dashboard/angel/syndicate in one statement: one page of the open syndicates the '
    'caller may see (angel_syndicate_opportunities, soonest deadline first, then by id; '
    'page_size 1-500 and the keyset cursor after_deadline + after_id checked by '
    'auxeira.check_page), the caller''s memberships (angel_syndicate_memberships, newest '
    'first) and the cursor of the next page (NULL when the page is not full).';

-- GET /api/dashboard/angel/tax-report
CREATE FUNCTION auxeira_dash.angel_tax_positions_page(
    page_size integer DEFAULT 100,
    after_acquired_on date DEFAULT NULL,
    after_lot_id uuid DEFAULT NULL)
    RETURNS TABLE (positions json, next_acquired_on date, next_lot_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(angel_tax_positions_page.page_size,
                               angel_tax_positions_page.after_acquired_on IS NOT NULL,
                               angel_tax_positions_page.after_lot_id IS NOT NULL);
    RETURN QUERY
        WITH page AS MATERIALIZED (
            SELECT h.* FROM auxeira_dash.angel_tax_positions AS h
            WHERE angel_tax_positions_page.after_lot_id IS NULL
               OR (h.acquired_on, h.lot_id) > (angel_tax_positions_page.after_acquired_on,
                                               angel_tax_positions_page.after_lot_id)
            ORDER BY h.acquired_on, h.lot_id
            LIMIT angel_tax_positions_page.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.acquired_on, p.lot_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_tax_positions_page.page_size
            ORDER BY p.acquired_on DESC, p.lot_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.acquired_on, p.lot_id), '[]')
                FROM page AS p),
               (SELECT t.acquired_on FROM tail AS t),
               (SELECT t.lot_id FROM tail AS t);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_tax_positions_page(integer, date, uuid) IS
    'GET /api/dashboard/angel/tax-report (unrealised, the next pages): one page of the lots the '
    'current user still holds (angel_tax_positions, oldest acquisition first, then by lot; '
    'page_size 1-500 and the keyset cursor after_acquired_on + after_lot_id checked by '
    'auxeira.check_page) and the cursor of the next page (NULL when the page is not full). '
    'Not tax advice.';

CREATE FUNCTION auxeira_dash.angel_tax_statement(
    tax_year integer DEFAULT NULL,
    page_size integer DEFAULT 100,
    after_event_date date DEFAULT NULL,
    after_id uuid DEFAULT NULL)
    RETURNS TABLE (jurisdiction varchar, years json, events json, positions json,
                   next_event_date date, next_id uuid,
                   next_position_acquired_on date, next_position_lot_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(page_size, after_event_date IS NOT NULL, after_id IS NOT NULL);
    RETURN QUERY
        WITH ev AS MATERIALIZED (
            SELECT e.* FROM auxeira_dash.angel_tax_events AS e
            WHERE angel_tax_statement.tax_year IS NULL
               OR e.tax_year = angel_tax_statement.tax_year
        ),
        page AS MATERIALIZED (
            SELECT e.* FROM ev AS e
            WHERE angel_tax_statement.after_event_date IS NULL
               OR (e.event_date, e.id) > (angel_tax_statement.after_event_date,
                                          angel_tax_statement.after_id)
            ORDER BY e.event_date, e.id
            LIMIT angel_tax_statement.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.event_date, p.id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_tax_statement.page_size
            ORDER BY p.event_date DESC, p.id DESC
            LIMIT 1
        ),
        -- the first page of the lots still held (the next ones: angel_tax_positions_page)
        held AS MATERIALIZED (
            SELECT h.*
            FROM auxeira_dash.angel_tax_positions_page(angel_tax_statement.page_size) AS h
        )
        SELECT auxeira.tax_jurisdiction(auxeira.current_user_id()),
               (SELECT coalesce(json_agg(y ORDER BY y.tax_year), '[]')
                FROM auxeira_dash.angel_tax_report AS y
                WHERE angel_tax_statement.tax_year IS NULL
                   OR y.tax_year = angel_tax_statement.tax_year),
               (SELECT coalesce(json_agg(p ORDER BY p.event_date, p.id), '[]') FROM page AS p),
               (SELECT h.positions FROM held AS h),
               (SELECT l.event_date FROM tail AS l),
               (SELECT l.id FROM tail AS l),
               (SELECT h.next_acquired_on FROM held AS h),
               (SELECT h.next_lot_id FROM held AS h);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_tax_statement(integer, integer, date, uuid) IS
    'GET /api/dashboard/angel/tax-report in one statement: the caller''s jurisdiction, years '
    '(angel_tax_report), one page of the disposals matched to lots (angel_tax_events, by date '
    'then id; page_size 1-500 and the keyset cursor after_event_date + after_id checked by '
    'auxeira.check_page) with the cursor of its next page (NULL when the page is not full), '
    'and the first page of the lots still held with their clocks (angel_tax_positions_page, '
    'page_size rows) with its own cursor; every tax year of the jurisdiction or the one named '
    '(tax_year, named by the year it starts in). Not tax advice.';

-- Write functions (the POST endpoints) ------------------------------------------------------------

-- POST /api/dashboard/angel/investment --------------------------------------------------------

CREATE FUNCTION auxeira_dash.angel_record_investment(
    company_id uuid,
    amount numeric,
    investment_date date,
    investment_round text DEFAULT NULL,
    pre_money_valuation numeric DEFAULT NULL,
    post_money_valuation numeric DEFAULT NULL,
    equity_percentage numeric DEFAULT NULL,
    note text DEFAULT NULL,
    currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS auxeira_dash.recorded_investment
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written auxeira_dash.recorded_investment;
BEGIN
    written := jsonb_populate_record(written, auxeira.idempotent_replay(
        'angel_record_investment', angel_record_investment.idempotency_key));
    IF written.investment_id IS NOT NULL THEN
        RETURN written;  -- a retry: the first call's result
    END IF;
    SELECT r.investment_id, r.cash_flow_id INTO written.investment_id, written.cash_flow_id
    FROM auxeira.record_investment(
        company => angel_record_investment.company_id,
        invested => angel_record_investment.amount,
        invested_on => angel_record_investment.investment_date,
        funding_round => angel_record_investment.investment_round,
        pre_money => angel_record_investment.pre_money_valuation,
        post_money => angel_record_investment.post_money_valuation,
        equity => angel_record_investment.equity_percentage,
        note => angel_record_investment.note,
        currency => angel_record_investment.currency) AS r;
    written := auxeira.recorded_investment_row(written.investment_id, written.cash_flow_id);
    PERFORM auxeira.idempotent_record('angel_record_investment',
                                      angel_record_investment.idempotency_key, to_jsonb(written));
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_record_investment(
    uuid, numeric, date, text, numeric, numeric, numeric, text, text, text) IS
    'POST /api/dashboard/angel/investment: records a personal investment of the current user '
    '(no fund: fund_id is NULL) and its first cash flow (a contribution of the amount on the '
    'investment date), through auxeira.record_investment(); parameters are named as the '
    'columns of auxeira.investments; currency is the cheque''s (NULL: USD). Refuses '
    '(DataError in Python): no company or an unknown one, amount <= 0, a date missing or in '
    'the future, an unknown currency, post-money <> pre-money + amount, equity <> amount / '
    'post-money (when valuations are given, equity is derived from them). Returns the '
    'investment and the cash flow id. SECURITY INVOKER. With an idempotency_key, a retry '
    'returns the first call''s result and writes nothing (auxeira.idempotent_replay). '
    'Replaces angel_track_investment (0017).';

-- Writes behind the network and syndicate reads (the specification lists only the reads) ----

CREATE FUNCTION auxeira_dash.angel_request_connection(
    addressee_id uuid,
    connection_type text DEFAULT 'co-investor',
    message text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS auxeira.connections
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
-- parameters are named as their columns and always qualified; a bare name is a column
DECLARE
    me uuid := auxeira.require_user_id();
    created auxeira.connections;
    failed_constraint text;
BEGIN
    created := jsonb_populate_record(created,
        auxeira.idempotent_replay('angel_request_connection',
                                  angel_request_connection.idempotency_key));
    IF created.id IS NOT NULL THEN
        RETURN created;  -- a retry: the first call's result
    END IF;
    IF angel_request_connection.addressee_id IS NULL
        OR angel_request_connection.addressee_id = me THEN
        RAISE EXCEPTION 'a connection needs another user (got %)',
            coalesce(angel_request_connection.addressee_id::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.connections AS c (requester_id, addressee_id, connection_type, message)
    VALUES (me, angel_request_connection.addressee_id,
            coalesce(angel_request_connection.connection_type, 'co-investor'),
            angel_request_connection.message)
    RETURNING c.* INTO created;
    PERFORM auxeira.idempotent_record('angel_request_connection',
                                      angel_request_connection.idempotency_key, to_jsonb(created));
    RETURN created;
EXCEPTION
    WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS failed_constraint = CONSTRAINT_NAME;
        IF failed_constraint = 'connections_addressee_id_fkey' THEN
            RAISE EXCEPTION 'user % does not exist', angel_request_connection.addressee_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RAISE;
    WHEN unique_violation THEN
        RAISE EXCEPTION 'a connection between you and user % already exists',
            angel_request_connection.addressee_id
            USING ERRCODE = 'unique_violation';
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_request_connection(uuid, text, text, text) IS
    'Network write: the current user asks another user (addressee_id) to connect '
    '(connection_type = co-investor, founder, mentor, advisor or service-provider; an optional '
    'message of at most 500 characters). Refuses oneself, an unknown user, an unknown type and '
    'a pair already connected or asked (in either direction). Returns the connection. '
    'SECURITY INVOKER. With an idempotency_key, a retry returns the first call''s result and '
    'writes nothing (auxeira.idempotent_replay).';

CREATE FUNCTION auxeira_dash.angel_respond_connection(
    connection_id uuid, accept boolean, idempotency_key text DEFAULT NULL)
    RETURNS auxeira.connections
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
-- parameters are named as their columns and always qualified; a bare name is a column
DECLARE
    me uuid := auxeira.require_user_id();
    answered auxeira.connections;
BEGIN
    answered := jsonb_populate_record(answered,
        auxeira.idempotent_replay('angel_respond_connection',
                                  angel_respond_connection.idempotency_key));
    IF answered.id IS NOT NULL THEN
        RETURN answered;  -- a retry: the first call's result
    END IF;
    IF accept IS NULL THEN
        RAISE EXCEPTION 'accept must be true or false' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE auxeira.connections AS c
    SET status = CASE WHEN accept THEN 'accepted' ELSE 'declined' END
    WHERE c.id = angel_respond_connection.connection_id AND c.addressee_id = me
        AND c.status = 'requested'
    RETURNING c.* INTO answered;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no pending connection request % addressed to you',
            coalesce(angel_respond_connection.connection_id::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM auxeira.idempotent_record('angel_respond_connection',
                                      angel_respond_connection.idempotency_key, to_jsonb(answered));
    RETURN answered;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_respond_connection(uuid, boolean, text) IS
    'Network write: the addressee of a pending request accepts (accept = true) or declines '
    'it. Refuses a request that is not pending or not addressed to the current user. Returns '
    'the connection (connection_id). SECURITY INVOKER. With an idempotency_key, a retry '
    'returns the first call''s result and writes nothing (auxeira.idempotent_replay).';

CREATE FUNCTION auxeira_dash.angel_join_syndicate(
    syndicate_id uuid, commitment_amount numeric, idempotency_key text DEFAULT NULL)
    RETURNS auxeira.syndicate_members
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
-- parameters are named as their columns and always qualified; a bare name is a column
DECLARE
    me uuid := auxeira.require_user_id();
    terms record;
    joined auxeira.syndicate_members;
BEGIN
    joined := jsonb_populate_record(joined,
        auxeira.idempotent_replay('angel_join_syndicate', angel_join_syndicate.idempotency_key));
    IF joined.id IS NOT NULL THEN
        RETURN joined;  -- a retry: the first call's result
    END IF;
    SELECT s.status, s.deadline, s.min_ticket INTO terms
    FROM auxeira.syndicates AS s
    WHERE s.id = angel_join_syndicate.syndicate_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'syndicate % does not exist or is not open to you',
            coalesce(angel_join_syndicate.syndicate_id::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF terms.status <> 'open' THEN
        RAISE EXCEPTION 'syndicate % is %, not open', angel_join_syndicate.syndicate_id,
            terms.status
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF terms.deadline < CURRENT_DATE THEN
        RAISE EXCEPTION 'syndicate % closed for commitments on %',
            angel_join_syndicate.syndicate_id, terms.deadline
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF angel_join_syndicate.commitment_amount IS NULL
        OR angel_join_syndicate.commitment_amount < terms.min_ticket THEN
        RAISE EXCEPTION 'commitment % is below the minimum ticket %',
            coalesce(angel_join_syndicate.commitment_amount::text, 'null'), terms.min_ticket
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.syndicate_members AS m (syndicate_id, member_id, commitment_amount)
    VALUES (angel_join_syndicate.syndicate_id, me, angel_join_syndicate.commitment_amount)
    ON CONFLICT (syndicate_id, member_id) DO UPDATE
        SET commitment_amount = EXCLUDED.commitment_amount, status = 'committed'
    RETURNING m.* INTO joined;
    PERFORM auxeira.idempotent_record('angel_join_syndicate', angel_join_syndicate.idempotency_key,
                                      to_jsonb(joined));
    RETURN joined;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric, text) IS
    'Syndicate write: the current user commits an amount (commitment_amount) to an open '
    'syndicate (syndicate_id), or changes their commitment, which also undoes a withdrawal. '
    'Refuses a syndicate that is unknown or not visible to the caller, not open, past its '
    'deadline, and a commitment below the minimum ticket. Oversubscription is allowed (the '
    'lead allocates). Returns the membership. SECURITY INVOKER. With an idempotency_key, a '
    'retry returns the first call''s result and writes nothing (auxeira.idempotent_replay).';

-- Deprecated names (0017), kept for one release: thin wrappers, removed in the next release --

CREATE FUNCTION auxeira_dash.angel_track_investment(
    company uuid, invested numeric, invested_on date, funding_round text DEFAULT NULL,
    pre_money numeric DEFAULT NULL, post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL, note text DEFAULT NULL, currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid, cash_flow_id uuid, investor_id uuid, company_id uuid,
        investment_round varchar, amount numeric, equity_percentage numeric,
        pre_money_valuation numeric, post_money_valuation numeric, investment_date date,
        status varchar)
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.investment_id, r.cash_flow_id, r.investor_id, r.company_id, r.investment_round,
           r.amount, r.equity_percentage, r.pre_money_valuation, r.post_money_valuation,
           r.investment_date, r.status
    FROM auxeira_dash.angel_record_investment(
        company, invested, invested_on, funding_round, pre_money, post_money, equity, note,
        currency, idempotency_key) AS r
$$;

COMMENT ON FUNCTION auxeira_dash.angel_track_investment(
    uuid, numeric, date, text, numeric, numeric, numeric, text, text, text) IS
    'DEPRECATED since 0017, to be removed in the next release: use '
    'auxeira_dash.angel_record_investment (same arguments in the same order, named as the '
    'columns of auxeira.investments). Calls it and returns its row without fund_id.';
