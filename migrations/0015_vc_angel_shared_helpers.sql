-- depends: 0014_shared_helpers
-- 0015_vc_angel_shared_helpers: issue 11 (code health), the VC and angel pass. The VC and angel
-- write functions take the shared "no tenant" guard (auxeira.require_user_id) and an optional
-- idempotency_key (auxeira.idempotent_replay / idempotent_record); one function,
-- auxeira.record_investment(), records an investment and its first cash flow for
-- vc_log_investment and angel_track_investment, which gain an optional currency (the
-- cheque's). Every replaced write has a new signature: the old one is dropped and its grants
-- repeated. vc_performance refuses an unknown dimension (Python no longer checks it), and the
-- VC and angel reads get one-statement endpoints (sql/api/vc.sql, angel.sql), the angel's
-- syndicates a keyset-paged list (angel_syndicate_board) instead of LIMIT/OFFSET in Python.

SET LOCAL ROLE auxeira_owner;

-- auxeira.record_investment
CREATE FUNCTION auxeira.record_investment(
    company uuid,
    invested numeric,
    invested_on date,
    funding_round text DEFAULT NULL,
    fund uuid DEFAULT NULL,
    pre_money numeric DEFAULT NULL,
    post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL,
    lead boolean DEFAULT false,
    board boolean DEFAULT false,
    note text DEFAULT NULL,
    currency text DEFAULT NULL)
    RETURNS TABLE (investment_id uuid, cash_flow_id uuid)
    LANGUAGE plpgsql
    VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    pre numeric := record_investment.pre_money;
    post numeric := record_investment.post_money;
    stake numeric := record_investment.equity;
    cheque numeric := record_investment.invested;
    currency_code text := nullif(upper(btrim(record_investment.currency)), '');
    new_investment uuid;
    new_flow uuid;
    failed_constraint text;
BEGIN
    IF company IS NULL THEN
        RAISE EXCEPTION 'company is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cheque IS NULL OR cheque <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)', coalesce(cheque::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested_on IS NULL OR invested_on > CURRENT_DATE THEN
        RAISE EXCEPTION 'investment date must be given and not in the future (got %)',
            coalesce(invested_on::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF fund IS NOT NULL
       AND NOT EXISTS (SELECT FROM auxeira.funds AS f
                       WHERE f.id = record_investment.fund AND f.manager_id = me) THEN
        RAISE EXCEPTION 'fund % is not one of your funds', fund
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF currency_code IS NOT NULL
       AND NOT EXISTS (SELECT FROM auxeira.currencies AS c WHERE c.code = currency_code)
    THEN
        RAISE EXCEPTION 'unknown currency % (auxeira.currencies)', currency_code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Valuations: post-money = pre-money + amount; either one gives the other.
    IF pre IS NOT NULL AND pre < 0 OR post IS NOT NULL AND post < 0 THEN
        RAISE EXCEPTION 'valuations cannot be negative (pre-money %, post-money %)', pre, post
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NOT NULL AND post IS NOT NULL AND post <> pre + cheque THEN
        RAISE EXCEPTION 'post-money valuation % must equal pre-money % plus the amount %',
            post, pre, cheque
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NULL AND post IS NOT NULL THEN
        pre := post - cheque;
        IF pre < 0 THEN
            RAISE EXCEPTION 'post-money valuation % is smaller than the amount %', post, cheque
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF post IS NULL AND pre IS NOT NULL THEN
        post := pre + cheque;
    END IF;
    -- Equity: the amount's share of the post-money valuation, to 0.01 percentage point.
    IF post IS NOT NULL THEN
        IF stake IS NOT NULL AND abs(stake - cheque / post * 100) > 0.01 THEN
            RAISE EXCEPTION 'equity % %% does not match amount / post-money = % %%',
                stake, round(cheque / post * 100, 4)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        stake := round(cheque / post * 100, 2);
        IF stake = 0 THEN
            RAISE EXCEPTION 'equity of % / % rounds to 0 %%', cheque, post
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    BEGIN
        -- currency NULL: the ledger_entry trigger takes the fund's, else USD.
        INSERT INTO auxeira.investments AS i (
            investor_id, company_id, fund_id, investment_round, amount, equity_percentage,
            pre_money_valuation, post_money_valuation, investment_date, lead_investor,
            board_seat, currency)
        VALUES (me, record_investment.company, record_investment.fund,
                record_investment.funding_round, cheque, stake, pre, post,
                record_investment.invested_on, coalesce(record_investment.lead, false),
                coalesce(record_investment.board, false), currency_code)
        RETURNING i.id INTO new_investment;
    EXCEPTION WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS failed_constraint = CONSTRAINT_NAME;
        IF failed_constraint = 'investments_company_id_fkey' THEN
            RAISE EXCEPTION 'company % does not exist', company
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RAISE;
    END;

    INSERT INTO auxeira.investment_cash_flows AS cf (investment_id, flow_date, flow_type, amount,
                                                    note)
    VALUES (new_investment, record_investment.invested_on, 'contribution', cheque,
            coalesce(record_investment.note, 'initial investment'))
    RETURNING cf.id INTO new_flow;

    investment_id := new_investment;
    cash_flow_id := new_flow;
    RETURN NEXT;
END
$$;

COMMENT ON FUNCTION auxeira.record_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, text, text) IS
    'Records an investment of the current user and its first cash flow (a contribution of the '
    'amount on the investment date, note default ''initial investment''); the one write behind '
    'auxeira_dash.vc_log_investment and auxeira_dash.angel_track_investment. currency is the '
    'cheque''s (ISO 4217, auxeira.currencies); NULL takes the fund''s, else USD (trigger '
    'investments_ledger_entry). Refuses (invalid_parameter_value unless noted): no company, an '
    'unknown one (foreign_key_violation), amount <= 0, a date missing or in the future, a fund '
    'the caller does not manage, an unknown currency, negative valuations, post-money <> '
    'pre-money + amount, equity <> amount / post-money (when valuations are given, equity is '
    'derived from them, to 0.01 point). No tenant: insufficient_privilege '
    '(auxeira.require_user_id). Returns the investment id and the cash flow id. SECURITY '
    'INVOKER: row-level security checks both inserts.';

REVOKE EXECUTE ON FUNCTION auxeira.record_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira.record_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, text, text) TO auxeira_app;

-- auxeira_dash.vc_log_investment
DROP FUNCTION auxeira_dash.vc_log_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text);

CREATE FUNCTION auxeira_dash.vc_log_investment(
    company uuid,
    invested numeric,
    invested_on date,
    funding_round text DEFAULT NULL,
    fund uuid DEFAULT NULL,
    pre_money numeric DEFAULT NULL,
    post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL,
    lead boolean DEFAULT false,
    board boolean DEFAULT false,
    deal uuid DEFAULT NULL,
    note text DEFAULT NULL,
    currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        cash_flow_id uuid,
        investor_id uuid,
        company_id uuid,
        fund_id uuid,
        investment_round varchar,
        amount numeric,
        equity_percentage numeric,
        pre_money_valuation numeric,
        post_money_valuation numeric,
        investment_date date,
        status varchar
    )
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    recorded record;
    result jsonb := auxeira.idempotent_replay('vc_log_investment',
                                              vc_log_investment.idempotency_key);
BEGIN
    IF result IS NOT NULL THEN
        RETURN QUERY SELECT * FROM jsonb_to_record(result) AS r(
            investment_id uuid, cash_flow_id uuid, investor_id uuid, company_id uuid,
            fund_id uuid, investment_round varchar, amount numeric, equity_percentage numeric,
            pre_money_valuation numeric, post_money_valuation numeric, investment_date date,
            status varchar);
        RETURN;  -- a retry: the first call's result
    END IF;
    SELECT r.investment_id, r.cash_flow_id INTO recorded
    FROM auxeira.record_investment(
        vc_log_investment.company, vc_log_investment.invested, vc_log_investment.invested_on,
        vc_log_investment.funding_round, vc_log_investment.fund, vc_log_investment.pre_money,
        vc_log_investment.post_money, vc_log_investment.equity, vc_log_investment.lead,
        vc_log_investment.board, vc_log_investment.note, vc_log_investment.currency) AS r;

    IF vc_log_investment.deal IS NOT NULL THEN
        UPDATE auxeira.deals AS d
        SET stage = 'closed', decided_on = vc_log_investment.invested_on,
            investment_id = recorded.investment_id
        WHERE d.id = vc_log_investment.deal AND d.investor_id = me;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'deal % is not in your pipeline', vc_log_investment.deal
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    SELECT to_jsonb(w) INTO result
    FROM (SELECT i.id AS investment_id, recorded.cash_flow_id AS cash_flow_id, i.investor_id,
                 i.company_id, i.fund_id, i.investment_round, i.amount, i.equity_percentage,
                 i.pre_money_valuation, i.post_money_valuation, i.investment_date, i.status
          FROM auxeira.investments AS i
          WHERE i.id = recorded.investment_id) AS w;
    PERFORM auxeira.idempotent_record('vc_log_investment', vc_log_investment.idempotency_key,
                                      result);
    RETURN QUERY SELECT * FROM jsonb_to_record(result) AS r(
        investment_id uuid, cash_flow_id uuid, investor_id uuid, company_id uuid, fund_id uuid,
        investment_round varchar, amount numeric, equity_percentage numeric,
        pre_money_valuation numeric, post_money_valuation numeric, investment_date date,
        status varchar);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_log_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
    text, text) IS
    'POST /api/dashboard/vc/investment: records an investment of the current user and its '
    'first cash flow (a contribution of the amount on the investment date) in one call, '
    'through auxeira.record_investment(); currency is the cheque''s (NULL: the fund''s, else '
    'USD). '
    'Refuses (DataError in Python): no company or an unknown one, amount <= 0, a date missing '
    'or in the future, a fund the caller does not manage, post-money <> pre-money + amount, '
    'equity <> amount / post-money (when valuations are given, equity is derived from them), '
    'an unknown currency, a deal not in the caller''s pipeline. With deal, that deal moves to closed and links the '
    'investment. Returns the investment and the cash flow id. SECURITY INVOKER. With an '
    'idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.vc_log_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.vc_log_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text, text, text) TO auxeira_app;

-- auxeira_dash.vc_purchase_lp_report
DROP FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text);

CREATE FUNCTION auxeira_dash.vc_purchase_lp_report(
    fund uuid,
    reference text,
    paid_amount numeric,
    paid_currency text DEFAULT 'USD',
    provider text DEFAULT 'stripe',
    idempotency_key text DEFAULT NULL)
    RETURNS auxeira.lp_report_purchases
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    currency_code text := upper(btrim(paid_currency));
    price auxeira.price_list;
    purchase auxeira.lp_report_purchases;
BEGIN
    purchase := jsonb_populate_record(purchase,
        auxeira.idempotent_replay('vc_purchase_lp_report', vc_purchase_lp_report.idempotency_key));
    IF purchase.id IS NOT NULL THEN
        RETURN purchase;  -- a retry: the first call's result
    END IF;
    IF reference IS NULL OR btrim(reference) = '' THEN
        RAISE EXCEPTION 'payment reference is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF reference !~ '^[A-Za-z0-9_.:-]{4,255}$' THEN
        RAISE EXCEPTION 'payment_reference must be 4-255 letters, digits and _ . : -'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF provider IS NULL OR provider NOT IN ('stripe', 'paystack', 'manual') THEN
        RAISE EXCEPTION 'payment_provider must be stripe, paystack or manual, got %',
            coalesce(provider, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF paid_amount IS NULL OR paid_amount <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)',
            coalesce(paid_amount::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- SECURITY DEFINER reads every fund: the manager is checked here, not by a policy.
    IF fund IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.funds AS f WHERE f.id = fund AND f.manager_id = me) THEN
        RAISE EXCEPTION 'fund % is not one of your funds', coalesce(fund::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- A payment reference belongs to the buyer who first recorded it; the same request again
    -- returns the same row (even if the price changed since).
    SELECT p.* INTO purchase
    FROM auxeira.lp_report_purchases AS p
    WHERE p.payment_reference = reference;
    IF NOT FOUND THEN
        price := auxeira.current_price('lp_report_premium', currency_code);
        IF paid_amount <> price.amount THEN
            RAISE EXCEPTION 'amount % % does not match the list price of the premium LP report, '
                            '% %', paid_amount, currency_code, price.amount, price.currency
                USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO auxeira.lp_report_purchases AS p (
            buyer_id, fund_id, payment_reference, payment_provider, amount, currency, price_id)
        VALUES (me, fund, reference, provider, price.amount, price.currency, price.id)
        ON CONFLICT (payment_reference) DO NOTHING
        RETURNING p.* INTO purchase;
        IF FOUND THEN
            PERFORM auxeira.idempotent_record('vc_purchase_lp_report',
                                              vc_purchase_lp_report.idempotency_key,
                                              to_jsonb(purchase));
            RETURN purchase;
        END IF;
        -- Recorded by a concurrent request meanwhile.
        SELECT p.* INTO STRICT purchase
        FROM auxeira.lp_report_purchases AS p
        WHERE p.payment_reference = reference;
    END IF;
    IF purchase.buyer_id <> me THEN
        RAISE EXCEPTION 'payment reference % was already used by another account', reference
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (purchase.fund_id, purchase.amount, purchase.currency, purchase.payment_provider)
       IS DISTINCT FROM (fund, paid_amount, currency_code::varchar, provider::varchar) THEN
        RAISE EXCEPTION 'payment reference % was already recorded for another purchase', reference
            USING ERRCODE = 'unique_violation',
                  DETAIL = format(
                      'recorded: fund %s, %s %s via %s; requested: fund %s, %s %s via %s',
                      purchase.fund_id, purchase.amount, purchase.currency,
                      purchase.payment_provider, fund, paid_amount, currency_code, provider);
    END IF;
    PERFORM auxeira.idempotent_record('vc_purchase_lp_report',
                                      vc_purchase_lp_report.idempotency_key, to_jsonb(purchase));
    RETURN purchase;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text) IS
    'POST /api/dashboard/vc/lp-report/purchase: records the purchase of a fund''s premium LP '
    'report by the current user at the list price: the amount recorded is the price of product '
    'lp_report_premium in the chosen currency in auxeira.price_list now, never the caller''s; '
    'paid_amount (what the payment provider charged) must equal it, else check_violation, so a '
    'payment for the wrong amount is never recorded as a purchase. Idempotent on the payment '
    'reference: the same reference with the same fund, amount, currency and provider returns '
    'the row already recorded; with different values it is refused (unique_violation); a '
    'reference recorded by another account is refused with insufficient_privilege: a reference '
    'is bound to its buyer. Also refused: a fund the caller does not manage, amount <= 0, a '
    'malformed reference, an unknown provider, a currency without a list price (P0001). '
    'SECURITY DEFINER as auxeira_owner, because services cannot insert purchases directly. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text) TO auxeira_app;

-- auxeira_dash.angel_track_investment
DROP FUNCTION auxeira_dash.angel_track_investment(uuid, numeric, date, text, numeric, numeric, numeric, text);

CREATE FUNCTION auxeira_dash.angel_track_investment(
    company uuid,
    invested numeric,
    invested_on date,
    funding_round text DEFAULT NULL,
    pre_money numeric DEFAULT NULL,
    post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL,
    note text DEFAULT NULL,
    currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        cash_flow_id uuid,
        investor_id uuid,
        company_id uuid,
        investment_round varchar,
        amount numeric,
        equity_percentage numeric,
        pre_money_valuation numeric,
        post_money_valuation numeric,
        investment_date date,
        status varchar
    )
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    recorded record;
    result jsonb := auxeira.idempotent_replay('angel_track_investment',
                                              angel_track_investment.idempotency_key);
BEGIN
    IF result IS NULL THEN
        SELECT r.investment_id, r.cash_flow_id INTO recorded
        FROM auxeira.record_investment(
            company => angel_track_investment.company,
            invested => angel_track_investment.invested,
            invested_on => angel_track_investment.invested_on,
            funding_round => angel_track_investment.funding_round,
            pre_money => angel_track_investment.pre_money,
            post_money => angel_track_investment.post_money,
            equity => angel_track_investment.equity,
            note => angel_track_investment.note,
            currency => angel_track_investment.currency) AS r;
        SELECT to_jsonb(w) INTO result
        FROM (SELECT i.id AS investment_id, recorded.cash_flow_id AS cash_flow_id,
                     i.investor_id, i.company_id, i.investment_round, i.amount,
                     i.equity_percentage, i.pre_money_valuation, i.post_money_valuation,
                     i.investment_date, i.status
              FROM auxeira.investments AS i
              WHERE i.id = recorded.investment_id) AS w;
        PERFORM auxeira.idempotent_record('angel_track_investment',
                                          angel_track_investment.idempotency_key, result);
    END IF;  -- else a retry: the first call's result
    RETURN QUERY SELECT * FROM jsonb_to_record(result) AS r(
        investment_id uuid, cash_flow_id uuid, investor_id uuid, company_id uuid,
        investment_round varchar, amount numeric, equity_percentage numeric,
        pre_money_valuation numeric, post_money_valuation numeric, investment_date date,
        status varchar);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_track_investment(
    uuid, numeric, date, text, numeric, numeric, numeric, text, text, text) IS
    'POST /api/dashboard/angel/investment: records a personal investment of the current user '
    '(no fund) and its first cash flow (a contribution of the amount on the investment date), '
    'through auxeira.record_investment(); currency is the cheque''s (NULL: USD). '
    'Refuses (DataError in Python): no company or an unknown one, amount <= 0, a date missing '
    'or in the future, an unknown currency, post-money <> pre-money + amount, equity <> amount '
    '/ post-money (when '
    'valuations are given, equity is derived from them). Returns the investment and the cash '
    'flow id. SECURITY INVOKER. With an idempotency_key, a retry returns the first call''s '
    'result and writes nothing (auxeira.idempotent_replay).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_track_investment(uuid, numeric, date, text, numeric, numeric, numeric, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_track_investment(uuid, numeric, date, text, numeric, numeric, numeric, text, text, text) TO auxeira_app;

-- auxeira_dash.angel_request_connection
DROP FUNCTION auxeira_dash.angel_request_connection(uuid, text, text);

CREATE FUNCTION auxeira_dash.angel_request_connection(
    addressee uuid,
    kind text DEFAULT 'co-investor',
    note text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS auxeira.connections
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
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
    IF addressee IS NULL OR addressee = me THEN
        RAISE EXCEPTION 'a connection needs another user (got %)', coalesce(addressee::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.connections AS c (requester_id, addressee_id, connection_type, message)
    VALUES (me, addressee, coalesce(kind, 'co-investor'), note)
    RETURNING c.* INTO created;
    PERFORM auxeira.idempotent_record('angel_request_connection',
                                      angel_request_connection.idempotency_key, to_jsonb(created));
    RETURN created;
EXCEPTION
    WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS failed_constraint = CONSTRAINT_NAME;
        IF failed_constraint = 'connections_addressee_id_fkey' THEN
            RAISE EXCEPTION 'user % does not exist', addressee
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RAISE;
    WHEN unique_violation THEN
        RAISE EXCEPTION 'a connection between you and user % already exists', addressee
            USING ERRCODE = 'unique_violation';
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_request_connection(uuid, text, text, text) IS
    'Network write: the current user asks another user to connect (kind = co-investor, '
    'founder, mentor, advisor or service-provider; an optional note of at most 500 '
    'characters). Refuses oneself, an unknown user, an unknown kind and a pair already '
    'connected or asked (in either direction). Returns the connection. SECURITY INVOKER. '
    'With an idempotency_key, a retry returns the first call''s result and '
    'writes nothing (auxeira.idempotent_replay).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_request_connection(uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_request_connection(uuid, text, text, text) TO auxeira_app;

-- auxeira_dash.angel_respond_connection
DROP FUNCTION auxeira_dash.angel_respond_connection(uuid, boolean);

CREATE FUNCTION auxeira_dash.angel_respond_connection(
    connection uuid, accept boolean, idempotency_key text DEFAULT NULL)
    RETURNS auxeira.connections
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
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
    WHERE c.id = connection AND c.addressee_id = me AND c.status = 'requested'
    RETURNING c.* INTO answered;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no pending connection request % addressed to you',
            coalesce(connection::text, 'null')
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
    'the connection. SECURITY INVOKER. With an idempotency_key, a retry returns the first call''s result and '
    'writes nothing (auxeira.idempotent_replay).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_respond_connection(uuid, boolean, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_respond_connection(uuid, boolean, text) TO auxeira_app;

-- auxeira_dash.angel_join_syndicate
DROP FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric);

CREATE FUNCTION auxeira_dash.angel_join_syndicate(
    syndicate uuid, commitment numeric, idempotency_key text DEFAULT NULL)
    RETURNS auxeira.syndicate_members
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
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
    WHERE s.id = syndicate;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'syndicate % does not exist or is not open to you',
            coalesce(syndicate::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF terms.status <> 'open' THEN
        RAISE EXCEPTION 'syndicate % is %, not open', syndicate, terms.status
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF terms.deadline < CURRENT_DATE THEN
        RAISE EXCEPTION 'syndicate % closed for commitments on %', syndicate, terms.deadline
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF commitment IS NULL OR commitment < terms.min_ticket THEN
        RAISE EXCEPTION 'commitment % is below the minimum ticket %',
            coalesce(commitment::text, 'null'), terms.min_ticket
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.syndicate_members AS m (syndicate_id, member_id, commitment_amount)
    VALUES (syndicate, me, commitment)
    ON CONFLICT (syndicate_id, member_id) DO UPDATE
        SET commitment_amount = EXCLUDED.commitment_amount, status = 'committed'
    RETURNING m.* INTO joined;
    PERFORM auxeira.idempotent_record('angel_join_syndicate', angel_join_syndicate.idempotency_key,
                                      to_jsonb(joined));
    RETURN joined;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric, text) IS
    'Syndicate write: the current user commits an amount to an open syndicate (or changes '
    'their commitment, which also undoes a withdrawal). Refuses a syndicate that is unknown or '
    'not visible to the caller, not open, past its deadline, and a commitment below the '
    'minimum ticket. Oversubscription is allowed (the lead allocates). Returns the membership. '
    'SECURITY INVOKER. With an idempotency_key, a retry returns the first call''s result and '
    'writes nothing (auxeira.idempotent_replay).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric, text) TO auxeira_app;

-- auxeira_dash.vc_performance
CREATE OR REPLACE FUNCTION auxeira_dash.vc_performance(by text DEFAULT NULL)
    RETURNS TABLE (
        dimension text,
        group_key text,
        group_label text,
        investments bigint,
        companies bigint,
        invested numeric,
        fees numeric,
        paid_in numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        dpi numeric,
        rvpi numeric,
        irr double precision,
        as_of date,
        currency varchar,
        short_holding boolean
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF vc_performance.by IS NOT NULL
       AND vc_performance.by NOT IN ('fund', 'vintage', 'stage', 'industry') THEN
        RAISE EXCEPTION 'unknown performance dimension %: one of fund, vintage, stage, industry',
            quote_literal(vc_performance.by)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
        -- the casts state the result types (RETURN QUERY wants them exactly)
        SELECT m.dimension::text, m.group_key::text, m.group_label::text, m.investments::bigint,
               m.companies::bigint, m.invested::numeric, m.fees::numeric, m.paid_in::numeric,
               m.distributed::numeric, m.residual_value::numeric, m.total_value::numeric,
               m.moic::numeric, m.tvpi::numeric, m.dpi::numeric, m.rvpi::numeric,
               m.irr::double precision, m.as_of::date, m.currency::varchar,
               m.short_holding::boolean
        FROM auxeira_mv.vc_performance AS m
        WHERE m.investor_id = auxeira.current_user_id()
          AND (vc_performance.by IS NULL OR m.dimension = vc_performance.by)
        ORDER BY array_position(ARRAY['fund', 'vintage', 'stage', 'industry'], m.dimension),
                 m.group_label;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_performance(text) IS
    'GET /api/dashboard/vc/performance: the current user''s IRR, TVPI, DPI and MOIC by fund, '
    'vintage, stage and industry (by = one of them, NULL = all four), from '
    'auxeira_mv.vc_performance as of its last refresh. SECURITY DEFINER (the materialized '
    'view has no row-level security and no grant to auxeira_app): it returns only rows whose '
    'investor is auxeira.current_user_id(), nothing when the tenant is unset. An unknown '
    'dimension is refused (invalid_parameter_value).';

-- auxeira_dash.vc_portfolio_report
CREATE FUNCTION auxeira_dash.vc_portfolio_report()
    RETURNS TABLE (holdings json, totals json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(h ORDER BY h.investment_date DESC, h.company_name,
                                         h.investment_id), '[]')
                FROM auxeira_dash.vc_portfolio AS h),
               (SELECT row_to_json(t) FROM auxeira_dash.vc_portfolio_totals AS t);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_portfolio_report() IS
    'GET /api/dashboard/vc/portfolio in one statement: holdings (vc_portfolio, newest first) '
    'and totals (the one row of vc_portfolio_totals, NULL without investments).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.vc_portfolio_report() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.vc_portfolio_report() TO auxeira_app, auxeira_readonly;

-- auxeira_dash.vc_deals_report
CREATE FUNCTION auxeira_dash.vc_deals_report()
    RETURNS TABLE (deals json, stages json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(d ORDER BY d.stage_rank, d.sourced_on DESC,
                                         d.company_name, d.deal_id), '[]')
                FROM auxeira_dash.vc_deals AS d),
               (SELECT coalesce(json_agg(s ORDER BY s.stage_rank), '[]')
                FROM auxeira_dash.vc_deal_stages AS s);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_deals_report() IS
    'GET /api/dashboard/vc/deals in one statement: deals (vc_deals in stage order, newest '
    'sourced first) and stages (vc_deal_stages, the funnel in pipeline order).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.vc_deals_report() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.vc_deals_report() TO auxeira_app, auxeira_readonly;

-- auxeira_dash.vc_lp_report
CREATE FUNCTION auxeira_dash.vc_lp_report(
    fund uuid DEFAULT NULL,
    as_of date DEFAULT NULL,
    as_reported timestamptz DEFAULT NULL,
    currency text DEFAULT NULL
)
    RETURNS TABLE (funds json, schedule json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    day date := coalesce(vc_lp_report.as_of, CURRENT_DATE);
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(f), '[]')
                FROM auxeira_dash.vc_lp_report_funds(
                    day, vc_lp_report.as_reported, vc_lp_report.currency) AS f
                WHERE vc_lp_report.fund IS NULL OR f.fund_id = vc_lp_report.fund),
               (SELECT coalesce(json_agg(s), '[]')
                FROM auxeira_dash.vc_lp_report_schedule(
                    vc_lp_report.fund, day, vc_lp_report.as_reported,
                    vc_lp_report.currency) AS s);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report(uuid, date, timestamptz, text) IS
    'GET /api/dashboard/vc/lp-report in one statement: funds (vc_lp_report_funds, every fund '
    'of the caller or the one named) and schedule (vc_lp_report_schedule), as of a date '
    '(NULL: today, the server''s CURRENT_DATE), as reported at a time (NULL: now) and in one '
    'currency (NULL: each fund''s own), in the order of those functions.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.vc_lp_report(uuid, date, timestamptz, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.vc_lp_report(uuid, date, timestamptz, text) TO auxeira_app, auxeira_readonly;

-- auxeira_dash.angel_portfolio_report
CREATE FUNCTION auxeira_dash.angel_portfolio_report()
    RETURNS TABLE (holdings json, totals json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(h ORDER BY h.investment_date DESC, h.company_name,
                                         h.investment_id), '[]')
                FROM auxeira_dash.angel_portfolio AS h),
               (SELECT row_to_json(t) FROM auxeira_dash.angel_portfolio_totals AS t);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_portfolio_report() IS
    'GET /api/dashboard/angel/portfolio in one statement: holdings (angel_portfolio, newest '
    'first) and totals (the one row of angel_portfolio_totals, NULL without investments).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_portfolio_report() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_portfolio_report() TO auxeira_app, auxeira_readonly;

-- auxeira_dash.angel_network_report
CREATE FUNCTION auxeira_dash.angel_network_report()
    RETURNS TABLE (connections json, requests json, counts json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(c ORDER BY c.connected_at DESC, c.connection_id), '[]')
                FROM auxeira_dash.angel_network AS c),
               (SELECT coalesce(json_agg(r ORDER BY r.requested_at DESC, r.connection_id), '[]')
                FROM auxeira_dash.angel_network_requests AS r),
               (SELECT coalesce(json_agg(n ORDER BY n.connection_type), '[]')
                FROM auxeira_dash.angel_network_summary AS n);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_network_report() IS
    'GET /api/dashboard/angel/network in one statement: connections (angel_network, newest '
    'first), pending requests (angel_network_requests, newest first) and counts per type '
    '(angel_network_summary).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_network_report() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_network_report() TO auxeira_app, auxeira_readonly;

-- auxeira_dash.angel_syndicate_board
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

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_syndicate_board(integer, date, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_syndicate_board(integer, date, uuid) TO auxeira_app, auxeira_readonly;

-- auxeira_dash.angel_tax_statement
CREATE FUNCTION auxeira_dash.angel_tax_statement(tax_year integer DEFAULT NULL)
    RETURNS TABLE (years json, events json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(y ORDER BY y.tax_year), '[]')
                FROM auxeira_dash.angel_tax_report AS y
                WHERE angel_tax_statement.tax_year IS NULL
                   OR y.tax_year = angel_tax_statement.tax_year),
               (SELECT coalesce(json_agg(e ORDER BY e.event_date, e.company_name,
                                         e.investment_id), '[]')
                FROM auxeira_dash.angel_tax_events AS e
                WHERE angel_tax_statement.tax_year IS NULL
                   OR e.tax_year = angel_tax_statement.tax_year);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_tax_statement(integer) IS
    'GET /api/dashboard/angel/tax-report in one statement: years (angel_tax_report) and events '
    '(angel_tax_events, by date), every tax year or the one named (tax_year, a calendar year).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_tax_statement(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_tax_statement(integer) TO auxeira_app, auxeira_readonly;
