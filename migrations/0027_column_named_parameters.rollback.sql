-- Undo 0027_column_named_parameters: the four functions with their 0026 parameter names.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION
    auxeira_dash.angel_request_connection(uuid, text, text, text),
    auxeira_dash.angel_respond_connection(uuid, boolean, text),
    auxeira_dash.angel_join_syndicate(uuid, numeric, text),
    auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text);

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

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.angel_request_connection(uuid, text, text, text),
    auxeira_dash.angel_respond_connection(uuid, boolean, text),
    auxeira_dash.angel_join_syndicate(uuid, numeric, text),
    auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text)
    FROM PUBLIC;

GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_request_connection(uuid, text, text, text),
    auxeira_dash.angel_respond_connection(uuid, boolean, text),
    auxeira_dash.angel_join_syndicate(uuid, numeric, text),
    auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text)
    TO auxeira_app;
