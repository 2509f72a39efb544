-- Undo 0009_outbox_tokens_prices.
SET LOCAL ROLE auxeira_owner;

-- 2. Prices: the purchase function takes the caller's amount again.
CREATE POLICY lp_report_purchases_buyer_insert ON auxeira.lp_report_purchases
    FOR INSERT TO auxeira_app
    WITH CHECK (
        buyer_id = auxeira.current_user_id()
        AND EXISTS (SELECT FROM auxeira.funds AS f
                    WHERE f.id = fund_id AND f.manager_id = auxeira.current_user_id())
    );
COMMENT ON POLICY lp_report_purchases_buyer_insert ON auxeira.lp_report_purchases IS
    'A VC records purchases for the funds they manage only; there is no UPDATE or DELETE '
    'policy for the application: a purchase is a permanent record.';
GRANT INSERT, UPDATE, DELETE ON auxeira.lp_report_purchases TO auxeira_app;

CREATE OR REPLACE FUNCTION auxeira_dash.vc_purchase_lp_report(
    fund uuid,
    reference text,
    paid_amount numeric,
    paid_currency text DEFAULT 'USD',
    provider text DEFAULT 'stripe')
    RETURNS auxeira.lp_report_purchases
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    purchase auxeira.lp_report_purchases;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF reference IS NULL OR btrim(reference) = '' THEN
        RAISE EXCEPTION 'payment reference is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF paid_amount IS NULL OR paid_amount <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)',
            coalesce(paid_amount::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF fund IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.funds AS f WHERE f.id = fund AND f.manager_id = me) THEN
        RAISE EXCEPTION 'fund % is not one of your funds', coalesce(fund::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.lp_report_purchases AS p (
        buyer_id, fund_id, payment_reference, payment_provider, amount, currency)
    VALUES (me, fund, reference, provider, paid_amount, upper(paid_currency))
    ON CONFLICT (payment_reference) DO NOTHING
    RETURNING p.* INTO purchase;
    IF FOUND THEN
        RETURN purchase;
    END IF;

    -- The reference is known: the same request again returns the same row.
    SELECT p.* INTO purchase
    FROM auxeira.lp_report_purchases AS p
    WHERE p.payment_reference = reference;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'payment reference % was already used by another account', reference
            USING ERRCODE = 'unique_violation';
    END IF;
    IF (purchase.fund_id, purchase.amount, purchase.currency, purchase.payment_provider)
       IS DISTINCT FROM (fund, paid_amount, upper(paid_currency)::varchar, provider::varchar) THEN
        RAISE EXCEPTION 'payment reference % was already recorded for another purchase', reference
            USING ERRCODE = 'unique_violation',
                  DETAIL = format(
                      'recorded: fund %s, %s %s via %s; requested: fund %s, %s %s via %s',
                      purchase.fund_id, purchase.amount, purchase.currency,
                      purchase.payment_provider, fund, paid_amount, upper(paid_currency),
                      provider);
    END IF;
    RETURN purchase;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text) IS
    'POST /api/dashboard/vc/lp-report/purchase: records the purchase of a fund''s premium LP '
    'report by the current user, idempotent on the payment reference: the same reference with '
    'the same fund, amount, currency and provider returns the row already recorded (one row, '
    'however often retried); with different values, or a reference of another account, it is '
    'refused. Also refused: a fund the caller does not manage, amount <= 0, no reference. '
    'SECURITY INVOKER.';

DROP FUNCTION auxeira.current_price(text, text, timestamptz);
ALTER TABLE auxeira.lp_report_purchases DROP COLUMN price_id;
DROP TABLE auxeira.price_list;
DROP FUNCTION auxeira.price_list_no_overlap();

-- 1. Dashboard events: back to the JSON payloads of 0004.
CREATE OR REPLACE FUNCTION auxeira.notify_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (startup, vc, angel, esg, government, corporate)
    -- TG_ARGV[1]: the column naming the user the change concerns
    changed jsonb;
BEGIN
    -- Bulk loads (auxeira-db seed) set auxeira.suppress_notify for their transaction.
    IF current_setting('auxeira.suppress_notify', true) = 'on' THEN
        RETURN NULL;
    END IF;
    changed := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    PERFORM pg_notify(
        'auxeira_' || TG_ARGV[0],
        jsonb_build_object(
            'dashboard', TG_ARGV[0],
            'user_id', changed ->> TG_ARGV[1],
            'entity', TG_TABLE_NAME,
            'id', changed ->> 'id',
            'op', lower(TG_OP)
        )::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_dashboard() IS
    'AFTER ROW trigger function: sends a NOTIFY on channel auxeira_<dashboard> (trigger '
    'argument 1) with a small JSON payload {dashboard, user_id (from the column named by '
    'argument 2), entity (table), id, op}. Never the row''s data: well under the 8,000-byte '
    'payload limit. Delivered at commit, only if the transaction commits. Silent while the '
    'transaction-local setting auxeira.suppress_notify is ''on'' (bulk loads).';

CREATE OR REPLACE FUNCTION auxeira.notify_investment_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (vc or angel)
    row_id uuid;
    parent uuid;
    investor uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_id := OLD.id;
        parent := OLD.investment_id;
    ELSE
        row_id := NEW.id;
        parent := NEW.investment_id;
    END IF;
    -- Row-level security applies: a writer sees the investment it writes for (the policies
    -- of these tables require it); when the lookup finds nothing, user_id is null.
    SELECT i.investor_id INTO investor FROM auxeira.investments AS i WHERE i.id = parent;
    PERFORM pg_notify(
        'auxeira_' || TG_ARGV[0],
        jsonb_build_object(
            'dashboard', TG_ARGV[0],
            'user_id', investor,
            'entity', TG_TABLE_NAME,
            'id', row_id,
            'op', lower(TG_OP)
        )::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_investment_dashboard() IS
    'AFTER ROW trigger function for tables keyed by investment_id (investment_cash_flows, '
    'valuation_marks): sends on channel auxeira_<dashboard> (trigger argument 1) the same '
    'small JSON payload as auxeira.notify_dashboard(), with user_id = the investor of the '
    'row''s investment (looked up in auxeira.investments). Never the row''s data.';

DROP FUNCTION auxeira.prune_outbox(interval, integer);
DROP TABLE auxeira.outbox;
