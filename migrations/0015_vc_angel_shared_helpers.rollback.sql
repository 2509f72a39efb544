-- Undo 0015_vc_angel_shared_helpers: the VC and angel write functions of 0014 again, with
-- their own guards, no idempotency_key and the investment write in each;
-- auxeira.record_investment and the one-statement VC and angel reads dropped (stored
-- idempotency results of these writes stay).
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira_dash.angel_tax_statement(integer);

DROP FUNCTION auxeira_dash.angel_syndicate_board(integer, date, uuid);

DROP FUNCTION auxeira_dash.angel_network_report();

DROP FUNCTION auxeira_dash.angel_portfolio_report();

DROP FUNCTION auxeira_dash.vc_lp_report(uuid, date, timestamptz, text);

DROP FUNCTION auxeira_dash.vc_deals_report();

DROP FUNCTION auxeira_dash.vc_portfolio_report();

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
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.dimension, m.group_key, m.group_label, m.investments, m.companies, m.invested,
           m.fees, m.paid_in, m.distributed, m.residual_value, m.total_value, m.moic, m.tvpi,
           m.dpi, m.rvpi, m.irr, m.as_of, m.currency, m.short_holding
    FROM auxeira_mv.vc_performance AS m
    WHERE m.investor_id = auxeira.current_user_id()
      AND (vc_performance.by IS NULL OR m.dimension = vc_performance.by)
    ORDER BY array_position(ARRAY['fund', 'vintage', 'stage', 'industry'], m.dimension),
             m.group_label
$$;

COMMENT ON FUNCTION auxeira_dash.vc_performance(text) IS
    'GET /api/dashboard/vc/performance: the current user''s IRR, TVPI, DPI and MOIC by fund, '
    'vintage, stage and industry (by = one of them, NULL = all four), from '
    'auxeira_mv.vc_performance as of its last refresh. SECURITY DEFINER (the materialized '
    'view has no row-level security and no grant to auxeira_app): it returns only rows whose '
    'investor is auxeira.current_user_id(), nothing when the tenant is unset.';

-- auxeira_dash.angel_join_syndicate
DROP FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric, text);

CREATE FUNCTION auxeira_dash.angel_join_syndicate(syndicate uuid, commitment numeric)
    RETURNS auxeira.syndicate_members
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    terms record;
    joined auxeira.syndicate_members;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
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
    RETURN joined;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric) IS
    'Syndicate write: the current user commits an amount to an open syndicate (or changes '
    'their commitment, which also undoes a withdrawal). Refuses a syndicate that is unknown or '
    'not visible to the caller, not open, past its deadline, and a commitment below the '
    'minimum ticket. Oversubscription is allowed (the lead allocates). Returns the membership. '
    'SECURITY INVOKER.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_join_syndicate(uuid, numeric) TO auxeira_app;

-- auxeira_dash.angel_respond_connection
DROP FUNCTION auxeira_dash.angel_respond_connection(uuid, boolean, text);

CREATE FUNCTION auxeira_dash.angel_respond_connection(connection uuid, accept boolean)
    RETURNS auxeira.connections
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    answered auxeira.connections;
BEGIN
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
    RETURN answered;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_respond_connection(uuid, boolean) IS
    'Network write: the addressee of a pending request accepts (accept = true) or declines '
    'it. Refuses a request that is not pending or not addressed to the current user. Returns '
    'the connection. SECURITY INVOKER.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_respond_connection(uuid, boolean) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_respond_connection(uuid, boolean) TO auxeira_app;

-- auxeira_dash.angel_request_connection
DROP FUNCTION auxeira_dash.angel_request_connection(uuid, text, text, text);

CREATE FUNCTION auxeira_dash.angel_request_connection(
    addressee uuid, kind text DEFAULT 'co-investor', note text DEFAULT NULL)
    RETURNS auxeira.connections
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    created auxeira.connections;
    failed_constraint text;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF addressee IS NULL OR addressee = me THEN
        RAISE EXCEPTION 'a connection needs another user (got %)', coalesce(addressee::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.connections AS c (requester_id, addressee_id, connection_type, message)
    VALUES (me, addressee, coalesce(kind, 'co-investor'), note)
    RETURNING c.* INTO created;
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

COMMENT ON FUNCTION auxeira_dash.angel_request_connection(uuid, text, text) IS
    'Network write: the current user asks another user to connect (kind = co-investor, '
    'founder, mentor, advisor or service-provider; an optional note of at most 500 '
    'characters). Refuses oneself, an unknown user, an unknown kind and a pair already '
    'connected or asked (in either direction). Returns the connection. SECURITY INVOKER.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_request_connection(uuid, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_request_connection(uuid, text, text) TO auxeira_app;

-- auxeira_dash.angel_track_investment
DROP FUNCTION auxeira_dash.angel_track_investment(uuid, numeric, date, text, numeric, numeric, numeric, text, text, text);

CREATE FUNCTION auxeira_dash.angel_track_investment(
    company uuid,
    invested numeric,
    invested_on date,
    funding_round text DEFAULT NULL,
    pre_money numeric DEFAULT NULL,
    post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL,
    note text DEFAULT NULL)
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
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
    pre numeric := pre_money;
    post numeric := post_money;
    stake numeric := equity;
    new_investment uuid;
    new_flow uuid;
    failed_constraint text;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF company IS NULL THEN
        RAISE EXCEPTION 'company is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested IS NULL OR invested <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)', coalesce(invested::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested_on IS NULL OR invested_on > CURRENT_DATE THEN
        RAISE EXCEPTION 'investment date must be given and not in the future (got %)',
            coalesce(invested_on::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Valuations: post-money = pre-money + amount; either one gives the other.
    IF pre IS NOT NULL AND pre < 0 OR post IS NOT NULL AND post < 0 THEN
        RAISE EXCEPTION 'valuations cannot be negative (pre-money %, post-money %)', pre, post
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NOT NULL AND post IS NOT NULL AND post <> pre + invested THEN
        RAISE EXCEPTION 'post-money valuation % must equal pre-money % plus the amount %',
            post, pre, invested
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NULL AND post IS NOT NULL THEN
        pre := post - invested;
        IF pre < 0 THEN
            RAISE EXCEPTION 'post-money valuation % is smaller than the amount %', post, invested
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF post IS NULL AND pre IS NOT NULL THEN
        post := pre + invested;
    END IF;
    -- Equity: the amount's share of the post-money valuation, to 0.01 percentage point.
    IF post IS NOT NULL THEN
        IF stake IS NOT NULL AND abs(stake - invested / post * 100) > 0.01 THEN
            RAISE EXCEPTION 'equity % %% does not match amount / post-money = % %%',
                stake, round(invested / post * 100, 4)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        stake := round(invested / post * 100, 2);
        IF stake = 0 THEN
            RAISE EXCEPTION 'equity of % / % rounds to 0 %%', invested, post
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    BEGIN
        INSERT INTO auxeira.investments AS i (
            investor_id, company_id, investment_round, amount, equity_percentage,
            pre_money_valuation, post_money_valuation, investment_date)
        VALUES (me, company, funding_round, invested, stake, pre, post, invested_on)
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
    VALUES (new_investment, invested_on, 'contribution', invested,
            coalesce(note, 'initial investment'))
    RETURNING cf.id INTO new_flow;

    RETURN QUERY
        SELECT i.id, new_flow, i.investor_id, i.company_id, i.investment_round, i.amount,
               i.equity_percentage, i.pre_money_valuation, i.post_money_valuation,
               i.investment_date, i.status
        FROM auxeira.investments AS i
        WHERE i.id = new_investment;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_track_investment(
    uuid, numeric, date, text, numeric, numeric, numeric, text) IS
    'POST /api/dashboard/angel/investment: records a personal investment of the current user '
    '(no fund) and its first cash flow (a contribution of the amount on the investment date). '
    'Refuses (DataError in Python): no company or an unknown one, amount <= 0, a date missing '
    'or in the future, post-money <> pre-money + amount, equity <> amount / post-money (when '
    'valuations are given, equity is derived from them). Returns the investment and the cash '
    'flow id. SECURITY INVOKER.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_track_investment(uuid, numeric, date, text, numeric, numeric, numeric, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_track_investment(uuid, numeric, date, text, numeric, numeric, numeric, text) TO auxeira_app;

-- auxeira_dash.vc_purchase_lp_report
DROP FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text);

CREATE FUNCTION auxeira_dash.vc_purchase_lp_report(
    fund uuid,
    reference text,
    paid_amount numeric,
    paid_currency text DEFAULT 'USD',
    provider text DEFAULT 'stripe')
    RETURNS auxeira.lp_report_purchases
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    currency_code text := upper(btrim(paid_currency));
    price auxeira.price_list;
    purchase auxeira.lp_report_purchases;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
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
    RETURN purchase;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text) IS
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
    'SECURITY DEFINER as auxeira_owner, because services cannot insert purchases directly.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text) TO auxeira_app;

-- auxeira_dash.vc_log_investment
DROP FUNCTION auxeira_dash.vc_log_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text, text, text);

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
    note text DEFAULT NULL)
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
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
    pre numeric := pre_money;
    post numeric := post_money;
    stake numeric := equity;
    new_investment uuid;
    new_flow uuid;
    failed_constraint text;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF company IS NULL THEN
        RAISE EXCEPTION 'company is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested IS NULL OR invested <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)', coalesce(invested::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested_on IS NULL OR invested_on > CURRENT_DATE THEN
        RAISE EXCEPTION 'investment date must be given and not in the future (got %)',
            coalesce(invested_on::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF fund IS NOT NULL
       AND NOT EXISTS (SELECT FROM auxeira.funds AS f WHERE f.id = fund AND f.manager_id = me) THEN
        RAISE EXCEPTION 'fund % is not one of your funds', fund
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Valuations: post-money = pre-money + amount; either one gives the other.
    IF pre IS NOT NULL AND pre < 0 OR post IS NOT NULL AND post < 0 THEN
        RAISE EXCEPTION 'valuations cannot be negative (pre-money %, post-money %)', pre, post
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NOT NULL AND post IS NOT NULL AND post <> pre + invested THEN
        RAISE EXCEPTION 'post-money valuation % must equal pre-money % plus the amount %',
            post, pre, invested
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NULL AND post IS NOT NULL THEN
        pre := post - invested;
        IF pre < 0 THEN
            RAISE EXCEPTION 'post-money valuation % is smaller than the amount %', post, invested
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF post IS NULL AND pre IS NOT NULL THEN
        post := pre + invested;
    END IF;
    -- Equity: the amount's share of the post-money valuation, to 0.01 percentage point.
    IF post IS NOT NULL THEN
        IF stake IS NOT NULL AND abs(stake - invested / post * 100) > 0.01 THEN
            RAISE EXCEPTION 'equity % %% does not match amount / post-money = % %%',
                stake, round(invested / post * 100, 4)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        stake := round(invested / post * 100, 2);
        IF stake = 0 THEN
            RAISE EXCEPTION 'equity of % / % rounds to 0 %%', invested, post
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    BEGIN
        INSERT INTO auxeira.investments AS i (
            investor_id, company_id, fund_id, investment_round, amount, equity_percentage,
            pre_money_valuation, post_money_valuation, investment_date, lead_investor,
            board_seat)
        VALUES (me, company, fund, funding_round, invested, stake, pre, post, invested_on,
                coalesce(lead, false), coalesce(board, false))
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
    VALUES (new_investment, invested_on, 'contribution', invested,
            coalesce(note, 'initial investment'))
    RETURNING cf.id INTO new_flow;

    IF deal IS NOT NULL THEN
        UPDATE auxeira.deals AS d
        SET stage = 'closed', decided_on = invested_on, investment_id = new_investment
        WHERE d.id = deal AND d.investor_id = me;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'deal % is not in your pipeline', deal
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    RETURN QUERY
        SELECT i.id, new_flow, i.investor_id, i.company_id, i.fund_id, i.investment_round,
               i.amount, i.equity_percentage, i.pre_money_valuation, i.post_money_valuation,
               i.investment_date, i.status
        FROM auxeira.investments AS i
        WHERE i.id = new_investment;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_log_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text) IS
    'POST /api/dashboard/vc/investment: records an investment of the current user and its '
    'first cash flow (a contribution of the amount on the investment date) in one call. '
    'Refuses (DataError in Python): no company or an unknown one, amount <= 0, a date missing '
    'or in the future, a fund the caller does not manage, post-money <> pre-money + amount, '
    'equity <> amount / post-money (when valuations are given, equity is derived from them), '
    'a deal not in the caller''s pipeline. With deal, that deal moves to closed and links the '
    'investment. Returns the investment and the cash flow id. SECURITY INVOKER.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.vc_log_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.vc_log_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text) TO auxeira_app;

DROP FUNCTION auxeira.record_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, text, text);
