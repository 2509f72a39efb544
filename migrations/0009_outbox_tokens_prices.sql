-- depends: 0007_performance_single_pass
-- 0009_outbox_tokens_prices (issue 8, authorization by consent): dashboard notifications
-- through an outbox under row-level security, prices from a price list, tokens only by rule.

SET LOCAL ROLE auxeira_owner;

-- 1. Dashboard events: an outbox read as the tenant; NOTIFY carries only its opaque id ------

-- auxeira.outbox: the change events of the dashboards, one row per event and per user it
-- concerns (added in 0009). NOTIFY carries only the row's id, an opaque hint; the consumer
-- re-reads the row as its tenant, and row-level security shows it to that user only
-- (sql/security/270_outbox.sql). Written only by the trigger functions
-- auxeira.notify_dashboard() and auxeira.notify_investment_dashboard() (SECURITY DEFINER);
-- pruned by age with auxeira.prune_outbox().

CREATE TABLE auxeira.outbox (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    dashboard varchar(20) NOT NULL,
    entity varchar(63) NOT NULL,
    entity_id text,
    op varchar(6) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_dashboard_check CHECK (
        dashboard IN ('startup', 'vc', 'angel', 'esg', 'government', 'corporate')
    ),
    CONSTRAINT outbox_op_check CHECK (op IN ('insert', 'update', 'delete'))
);

CREATE INDEX outbox_created_at_idx ON auxeira.outbox (created_at);

COMMENT ON TABLE auxeira.outbox IS
    'Dashboard change events (transactional outbox): one row per changed row and per user the '
    'change concerns, written in the same transaction as the change by the trigger functions '
    'notify_dashboard() and notify_investment_dashboard(), which then NOTIFY '
    'auxeira_<dashboard> with the row''s id only. A consumer re-reads the row as its tenant '
    '(auxeira_db.realtime.listen): row-level security shows a user their own events only, so '
    'a forged or foreign id yields nothing. Services cannot write it. No foreign key to users: '
    'it is a short-lived log, pruned by age (auxeira.prune_outbox), never part of a user''s '
    'data that cleanup must keep consistent.';
COMMENT ON COLUMN auxeira.outbox.id IS
    'Primary key; random UUID: the opaque id sent as the NOTIFY payload (guessing it is as hard '
    'as guessing any UUID, and reading it needs the tenant it concerns).';
COMMENT ON COLUMN auxeira.outbox.user_id IS
    'The user (users.id) the event concerns and the only tenant that may read it. Required: a '
    'change that names no user produces no event.';
COMMENT ON COLUMN auxeira.outbox.dashboard IS
    'The dashboard whose figures changed: startup, vc, angel, esg, government or corporate; '
    'also the NOTIFY channel auxeira_<dashboard>.';
COMMENT ON COLUMN auxeira.outbox.entity IS
    'Name of the changed table (TG_TABLE_NAME), e.g. investments.';
COMMENT ON COLUMN auxeira.outbox.entity_id IS
    'The changed row''s id as text; NULL when the table has no id column.';
COMMENT ON COLUMN auxeira.outbox.op IS 'What happened to the row: insert, update or delete.';
COMMENT ON COLUMN auxeira.outbox.created_at IS
    'When the event was written (the writing transaction''s start); pruning is by this age.';
COMMENT ON INDEX auxeira.outbox_created_at_idx IS
    'Serves pruning by age (auxeira.prune_outbox).';

-- Retention of the dashboard event outbox (added in 0009).
CREATE FUNCTION auxeira.prune_outbox(
    keep interval DEFAULT '1 day', max_rows integer DEFAULT 10000)
    RETURNS bigint
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    removed bigint;
BEGIN
    IF keep IS NULL OR keep < interval '1 minute' THEN
        RAISE EXCEPTION 'keep must be at least 1 minute (got %)', keep
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'max_rows must be at least 1 (got %)', max_rows
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM auxeira.outbox AS e
    WHERE e.id IN (SELECT o.id FROM auxeira.outbox AS o
                   WHERE o.created_at < now() - keep
                   LIMIT max_rows);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END
$$;

COMMENT ON FUNCTION auxeira.prune_outbox(interval, integer) IS
    'Retention for the dashboard event outbox: deletes events older than keep (default 1 day: '
    'an event is a hint for a live dashboard, useless once a listener has missed it by that '
    'long), at most max_rows per call so that a backlog goes in short transactions (call it '
    'until it returns less than max_rows; auxeira_db.realtime.prune_outbox does). Returns the '
    'number deleted. SECURITY DEFINER as auxeira_owner; not granted to services.';

CREATE OR REPLACE FUNCTION auxeira.notify_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (startup, vc, angel, esg, government, corporate)
    -- TG_ARGV[1]: the column naming the user the change concerns
    changed jsonb;
    concerned uuid;
    event_id uuid;
BEGIN
    -- Bulk loads (auxeira-db seed) set auxeira.suppress_notify for their transaction.
    IF current_setting('auxeira.suppress_notify', true) = 'on' THEN
        RETURN NULL;
    END IF;
    changed := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    concerned := (changed ->> TG_ARGV[1])::uuid;
    IF concerned IS NULL THEN
        RETURN NULL;  -- nobody to tell
    END IF;
    INSERT INTO auxeira.outbox (user_id, dashboard, entity, entity_id, op)
    VALUES (concerned, TG_ARGV[0], TG_TABLE_NAME, changed ->> 'id', lower(TG_OP))
    RETURNING id INTO event_id;
    PERFORM pg_notify('auxeira_' || TG_ARGV[0], event_id::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_dashboard() IS
    'AFTER ROW trigger function: writes one auxeira.outbox row {user_id (from the column named '
    'by trigger argument 2), dashboard (argument 1), entity (table), entity_id, op} and sends '
    'a NOTIFY on channel auxeira_<dashboard> whose payload is that row''s id only: no user id, '
    'no row data. A listener learns that some event happened on a dashboard; the event itself '
    'is readable only by the user it concerns (row-level security on the outbox). SECURITY '
    'DEFINER as auxeira_owner because services cannot write the outbox. Delivered at commit, '
    'only if the transaction commits. Nothing is written when the user column is NULL, or '
    'while the transaction-local setting auxeira.suppress_notify is ''on'' (bulk loads).';

CREATE OR REPLACE FUNCTION auxeira.notify_investment_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (vc or angel)
    row_id uuid;
    parent uuid;
    investor uuid;
    event_id uuid;
BEGIN
    IF current_setting('auxeira.suppress_notify', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' THEN
        row_id := OLD.id;
        parent := OLD.investment_id;
    ELSE
        row_id := NEW.id;
        parent := NEW.investment_id;
    END IF;
    -- As the owner: the investor is found whoever wrote the row.
    SELECT i.investor_id INTO investor FROM auxeira.investments AS i WHERE i.id = parent;
    IF investor IS NULL THEN
        RETURN NULL;  -- nobody to tell
    END IF;
    INSERT INTO auxeira.outbox (user_id, dashboard, entity, entity_id, op)
    VALUES (investor, TG_ARGV[0], TG_TABLE_NAME, row_id::text, lower(TG_OP))
    RETURNING id INTO event_id;
    PERFORM pg_notify('auxeira_' || TG_ARGV[0], event_id::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_investment_dashboard() IS
    'AFTER ROW trigger function for tables keyed by investment_id (investment_cash_flows, '
    'valuation_marks): like auxeira.notify_dashboard(), writes one auxeira.outbox row for the '
    'investor of the row''s investment (looked up in auxeira.investments as the owner) and '
    'NOTIFYs auxeira_<dashboard> (trigger argument 1) with that row''s id only. SECURITY '
    'DEFINER as auxeira_owner (services cannot write the outbox). Silent while '
    'auxeira.suppress_notify is ''on'' (bulk loads).';

-- Row-level security and privileges of the dashboard event outbox (sql/schema/270_outbox.sql).
-- A user reads the events that concern them; nobody but the owner writes: the trigger
-- functions notify_dashboard() and notify_investment_dashboard() do, as SECURITY DEFINER.
ALTER TABLE auxeira.outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.outbox FORCE ROW LEVEL SECURITY;

CREATE POLICY outbox_owner_maintenance ON auxeira.outbox
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY outbox_owner_maintenance ON auxeira.outbox IS
    'auxeira_owner (the trigger functions that write events, pruning) reads and writes every '
    'row.';

CREATE POLICY outbox_readonly_select ON auxeira.outbox
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY outbox_readonly_select ON auxeira.outbox IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY outbox_recipient_select ON auxeira.outbox
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY outbox_recipient_select ON auxeira.outbox IS
    'A user reads the events that concern them, and no one else''s; there is no INSERT, UPDATE '
    'or DELETE policy for the application (and no such privilege either).';

-- Privileges: 020_grants.sql grants every auxeira table to auxeira_app when sql/ is loaded in
-- one go; events are written by the owner's trigger functions only, so take writing back.
REVOKE INSERT, UPDATE, DELETE ON auxeira.outbox FROM auxeira_app;
GRANT SELECT ON auxeira.outbox TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION auxeira.prune_outbox(interval, integer) FROM PUBLIC;

-- 2. Prices from a price list ---------------------------------------------------------------

ALTER TABLE auxeira.lp_report_purchases ADD COLUMN price_id uuid;
COMMENT ON COLUMN auxeira.lp_report_purchases.price_id IS
    'The auxeira.price_list row the amount was taken from (product lp_report_premium; foreign '
    'key lp_report_purchases_price_id_fkey, declared with the price list in '
    'sql/schema/280_price_list.sql). NULL for purchases recorded before the price list (0009) '
    'and for synthetic rows.';

-- auxeira.price_list: what the platform charges, maintained by the owner role (added in 0009).
-- Every purchase takes its price from here, never from the caller: the premium LP report
-- (auxeira_dash.vc_purchase_lp_report) in money, and token redemptions
-- (auxeira.spend_tokens) in TOK, the platform's reward tokens. Billing extends this table;
-- it does not create a second one. Triggers and the lookup: sql/functions/280_prices.sql.

CREATE TABLE auxeira.price_list (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    product_code varchar(64) NOT NULL,
    currency varchar(3) NOT NULL,
    amount numeric(14,2) NOT NULL,
    valid_from timestamptz NOT NULL DEFAULT now(),
    valid_to timestamptz,
    active boolean NOT NULL DEFAULT true,
    description text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT price_list_pkey PRIMARY KEY (id),
    CONSTRAINT price_list_product_code_check CHECK (product_code ~ '^[a-z][a-z0-9_]{1,63}$'),
    CONSTRAINT price_list_currency_check CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT price_list_amount_check CHECK (amount > 0),
    CONSTRAINT price_list_token_amount_check CHECK (currency <> 'TOK' OR amount = trunc(amount)),
    CONSTRAINT price_list_valid_to_check CHECK (valid_to IS NULL OR valid_to > valid_from),
    CONSTRAINT price_list_description_check CHECK (length(description) <= 1000)
);

CREATE INDEX price_list_product_code_currency_idx
    ON auxeira.price_list (product_code, currency, valid_from);

COMMENT ON TABLE auxeira.price_list IS
    'Prices of what the platform sells, one row per product, currency and validity period; '
    'maintained by auxeira_owner only (services read it). A purchase takes the price in effect '
    'at its time (auxeira.current_price): active, valid_from <= time < valid_to. At most one '
    'active price per product and currency at any moment (trigger price_list_no_overlap). A '
    'price change ends the old row (valid_to) and adds a new one, so history is kept. Currency '
    'TOK prices a token redemption in whole reward tokens.';
COMMENT ON COLUMN auxeira.price_list.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.price_list.product_code IS
    'What is sold: lower-case letters, digits and _, 2-64 characters (e.g. lp_report_premium, '
    'mentor_session). Shared by all currencies and periods of a product.';
COMMENT ON COLUMN auxeira.price_list.currency IS
    'ISO 4217 code of the price (USD, EUR, NGN ...), or TOK for platform reward tokens.';
COMMENT ON COLUMN auxeira.price_list.amount IS
    'The price, > 0, in units of currency (two decimals; whole tokens for TOK).';
COMMENT ON COLUMN auxeira.price_list.valid_from IS
    'First moment the price applies (inclusive).';
COMMENT ON COLUMN auxeira.price_list.valid_to IS
    'Moment the price stops applying (exclusive), after valid_from; NULL = until further notice.';
COMMENT ON COLUMN auxeira.price_list.active IS
    'false = withdrawn: never used, whatever its dates (kept for history); default true.';
COMMENT ON COLUMN auxeira.price_list.description IS
    'What the buyer gets, for people (at most 1000 characters). NULL = none.';
COMMENT ON COLUMN auxeira.price_list.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.price_list.updated_at IS
    'When the row was last changed; set by trigger update_price_list_updated_at.';
COMMENT ON INDEX auxeira.price_list_product_code_currency_idx IS
    'Serves the price lookup (auxeira.current_price) and the overlap check.';

-- Purchases name the price they were charged (the column is in sql/schema/230_vc.sql, which
-- loads before this table exists).
ALTER TABLE auxeira.lp_report_purchases
    ADD CONSTRAINT lp_report_purchases_price_id_fkey FOREIGN KEY (price_id)
    REFERENCES auxeira.price_list (id);
CREATE INDEX lp_report_purchases_price_id_idx ON auxeira.lp_report_purchases (price_id);
COMMENT ON INDEX auxeira.lp_report_purchases_price_id_idx IS
    'Serves the price_id foreign key (a price row cannot be deleted while a purchase names it).';

-- The prices in force when the list was introduced (0009): the premium LP report in the
-- currencies a purchase accepts (USD 499 converted at the platform's reference rates), and the
-- token redemptions of the reward programme. Valid from 2020 so that recorded history is priced.
INSERT INTO auxeira.price_list (product_code, currency, amount, valid_from, description)
VALUES
    ('lp_report_premium', 'USD', 499.00, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('lp_report_premium', 'EUR', 459.08, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('lp_report_premium', 'GBP', 394.21, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('lp_report_premium', 'NGN', 748500.00, '2020-01-01T00:00:00Z',
     'Premium LP report of a fund'),
    ('lp_report_premium', 'KES', 64870.00, '2020-01-01T00:00:00Z',
     'Premium LP report of a fund'),
    ('lp_report_premium', 'GHS', 7485.00, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('lp_report_premium', 'ZAR', 8982.00, '2020-01-01T00:00:00Z', 'Premium LP report of a fund'),
    ('report_purchase', 'TOK', 120, '2020-01-01T00:00:00Z', 'Premium report'),
    ('mentor_session', 'TOK', 200, '2020-01-01T00:00:00Z', 'Mentor session booked'),
    ('event_ticket', 'TOK', 80, '2020-01-01T00:00:00Z', 'Event ticket');

-- The price list's triggers and lookup (added in 0009; table in sql/schema/280_price_list.sql).

CREATE FUNCTION auxeira.price_list_no_overlap()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT NEW.active THEN
        RETURN NEW;
    END IF;
    -- Serialise writers of one product and currency, so two overlapping rows cannot both pass.
    PERFORM pg_advisory_xact_lock(
        hashtext('auxeira.price_list'), hashtext(NEW.product_code || '/' || NEW.currency));
    IF EXISTS (
        SELECT FROM auxeira.price_list AS p
        WHERE p.product_code = NEW.product_code
          AND p.currency = NEW.currency
          AND p.active
          AND p.id <> NEW.id
          AND tstzrange(p.valid_from, p.valid_to) && tstzrange(NEW.valid_from, NEW.valid_to)) THEN
        RAISE EXCEPTION 'an active price of % in % already covers part of % to %',
            NEW.product_code, NEW.currency, NEW.valid_from, coalesce(NEW.valid_to::text, 'open end')
            USING ERRCODE = 'exclusion_violation',
                  HINT = 'End the current price (valid_to) before adding the next one.';
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.price_list_no_overlap() IS
    'BEFORE INSERT OR UPDATE trigger function of auxeira.price_list: refuses an active price '
    'whose validity overlaps another active price of the same product and currency '
    '(exclusion_violation), under an advisory lock per product and currency.';

CREATE TRIGGER price_list_no_overlap
    BEFORE INSERT OR UPDATE ON auxeira.price_list
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.price_list_no_overlap();

COMMENT ON TRIGGER price_list_no_overlap ON auxeira.price_list IS
    'At most one active price per product and currency at any moment.';

CREATE TRIGGER update_price_list_updated_at
    BEFORE UPDATE ON auxeira.price_list
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_price_list_updated_at ON auxeira.price_list IS
    'Stamps price_list.updated_at with now() on every UPDATE.';

CREATE FUNCTION auxeira.current_price(
    product text, price_currency text, at timestamptz DEFAULT now())
    RETURNS auxeira.price_list
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found_price auxeira.price_list;
BEGIN
    SELECT p.* INTO found_price
    FROM auxeira.price_list AS p
    WHERE p.product_code = product
      AND p.currency = upper(price_currency)
      AND p.active
      AND p.valid_from <= at
      AND (p.valid_to IS NULL OR at < p.valid_to)
    ORDER BY p.valid_from DESC
    LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no list price for % in currency % at %',
            coalesce(product, 'NULL'), coalesce(upper(price_currency), 'NULL'), at
            USING HINT = 'Prices are in auxeira.price_list, maintained by the owner role.';
    END IF;
    RETURN found_price;
END
$$;

COMMENT ON FUNCTION auxeira.current_price(text, text, timestamptz) IS
    'The price_list row in effect for a product and currency at a moment (default now): active '
    'and valid_from <= at < valid_to. Raises (P0001, "no list price") when there is none. '
    'SECURITY INVOKER: services may read the price list.';

CREATE OR REPLACE FUNCTION auxeira_dash.vc_purchase_lp_report(
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

DROP POLICY lp_report_purchases_buyer_insert ON auxeira.lp_report_purchases;

-- 4. Policies and privileges of prices ------------------------------------------

-- Row-level security and privileges of prices (0009, issue 8): services read the price list
-- and write none of it; prices change only by the owner role, and purchases only through
-- auxeira_dash.vc_purchase_lp_report (SECURITY DEFINER, price from the list).

-- auxeira.price_list: public to services (read), maintained by the owner role only.
ALTER TABLE auxeira.price_list ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.price_list FORCE ROW LEVEL SECURITY;

CREATE POLICY price_list_owner_maintenance ON auxeira.price_list
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY price_list_owner_maintenance ON auxeira.price_list IS
    'auxeira_owner (migrations, billing operators) reads and writes every price.';

CREATE POLICY price_list_readonly_select ON auxeira.price_list
    FOR SELECT TO auxeira_readonly
    USING (true);
COMMENT ON POLICY price_list_readonly_select ON auxeira.price_list IS
    'auxeira_readonly (DBAs, BI tools) reads every row and writes none.';

CREATE POLICY price_list_public_select ON auxeira.price_list
    FOR SELECT TO auxeira_app
    USING (true);
COMMENT ON POLICY price_list_public_select ON auxeira.price_list IS
    'Every tenant reads the price list (prices are public); there is no INSERT, UPDATE or '
    'DELETE policy for the application, nor the privilege.';

REVOKE INSERT, UPDATE, DELETE ON auxeira.price_list FROM auxeira_app;
GRANT SELECT ON auxeira.price_list TO auxeira_app, auxeira_readonly;

-- auxeira.lp_report_purchases: written only by vc_purchase_lp_report (SECURITY DEFINER, price
-- from the list); a service inserting a row itself could record any amount. Reads stay as in
-- 230_vc.sql (lp_report_purchases_buyer_select).
REVOKE INSERT, UPDATE, DELETE ON auxeira.lp_report_purchases FROM auxeira_app;

-- Functions.
REVOKE EXECUTE ON FUNCTION
    auxeira.current_price(text, text, timestamptz),
    auxeira.price_list_no_overlap()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.current_price(text, text, timestamptz)
    TO auxeira_app, auxeira_readonly;
