-- depends: 0008_authorization_by_consent
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

-- 3. Tokens by rule -------------------------------------------------------------------------

ALTER TABLE auxeira.token_transactions ADD COLUMN source_id uuid;
CREATE UNIQUE INDEX token_transactions_activity_type_source_id_key
    ON auxeira.token_transactions (activity_type, source_id) WHERE source_id IS NOT NULL;
COMMENT ON TABLE auxeira.token_transactions IS
    'Reward-token ledger: one row per credit or debit of a user''s tokens, never updated (no '
    'updated_at); a mistake is corrected by a further row. amount is signed, so a user''s balance '
    'is SUM(amount) over that user''s rows, and the tokens of a period are SUM(amount) over its '
    'rows. Services cannot write it (0009): tokens are awarded and spent only by the functions '
    'that check the rule earning or spending them (auxeira.award_tokens, auxeira.spend_tokens, '
    'auxeira.token_penalty; the rules are auxeira.token_rules()), one transaction at a time per '
    'user, so total_tokens_after is the running balance in ledger order and never negative.';
COMMENT ON COLUMN auxeira.token_transactions.created_at IS
    'When the transaction was recorded; the ledger''s order (with id). The token functions '
    'stamp the clock time after taking the user''s ledger lock, so it follows the order in which '
    'running totals were computed.';
COMMENT ON COLUMN auxeira.token_transactions.source_id IS
    'The row that earned the tokens (customer_interviews.id for customer_interview, '
    'startup_evidence.id for evidence_uploaded, founder_daily_actions.id for daily_action): a '
    'source earns once per activity (index token_transactions_activity_type_source_id_key). '
    'NULL = not tied to one row (spending, penalties, synthetic history). No foreign key: the '
    'ledger outlives what earned it.';
COMMENT ON INDEX auxeira.token_transactions_activity_type_source_id_key IS
    'A source row earns tokens once per activity: the award functions are idempotent on it.';

-- Reward tokens by rule (added in 0009). Services cannot write auxeira.token_transactions;
-- tokens move only through these functions, each of which checks the rule that earns or spends
-- them, and all of which post through auxeira.token_post(), which serialises one user's ledger.
--
-- The rules (auxeira.token_rules(), one place, readable by everyone):
--   customer_interview  +20 for an interview the user logged in the last day, once per
--                       interview, at most 5 interviews rewarded per calendar day
--   evidence_uploaded   +30 for evidence the user recorded in the last day, once per record,
--                       at most 5 per day
--   daily_action        the action's token_reward, at most 100, for one of the user's daily
--                       actions completed and dated today or yesterday, once per action, at
--                       most 10 per day
--   purchases           spent: the TOK price of a product in auxeira.price_list
--                       (auxeira.spend_tokens), only when the balance covers it
--   penalty             removes tokens for abuse or a reversal (auxeira.token_penalty, owner
--                       only), at most the balance: no rule lets a balance go negative.

CREATE FUNCTION auxeira.token_rules()
    RETURNS TABLE (
        activity_type text,
        transaction_type text,
        amount integer,
        daily_limit integer,
        description text
    )
    LANGUAGE sql
    IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    VALUES
        ('customer_interview', 'earned', 20, 5,
         'A customer interview the user logged in the last day (startup_log_interview): 20 '
         'tokens, once per interview, at most 5 interviews rewarded per day.'),
        ('evidence_uploaded', 'earned', 30, 5,
         'Evidence the user recorded in the last day (startup_record_evidence): 30 tokens, '
         'once per record, at most 5 records rewarded per day.'),
        ('daily_action', 'earned', 100, 10,
         'One of the user''s daily actions, completed and dated today or yesterday: its '
         'token_reward up to 100 tokens, once per action, at most 10 actions rewarded per day.')
$$;

COMMENT ON FUNCTION auxeira.token_rules() IS
    'The rules that earn reward tokens: activity_type, transaction_type, amount (tokens per '
    'event; for daily_action the cap on the action''s token_reward), daily_limit (rewarded '
    'events per user and calendar day) and a description. auxeira.award_tokens() applies them. '
    'Spending is priced by auxeira.price_list (currency TOK, auxeira.spend_tokens); penalties '
    'never take a balance below zero (auxeira.token_penalty).';

CREATE FUNCTION auxeira.token_post(
    recipient uuid,
    kind text,
    tokens integer,
    activity text,
    why text,
    source uuid DEFAULT NULL)
    RETURNS auxeira.token_transactions
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    balance bigint;
    posted auxeira.token_transactions;
BEGIN
    -- One ledger writer per user at a time: the running total below is computed serially.
    PERFORM pg_advisory_xact_lock(hashtext('auxeira.token_transactions'), hashtext(recipient::text));
    SELECT coalesce(sum(t.amount), 0) INTO balance
    FROM auxeira.token_transactions AS t
    WHERE t.user_id = recipient;
    IF balance + tokens < 0 THEN
        RAISE EXCEPTION 'not enough tokens: the balance is %, this needs %', balance, -tokens
            USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO auxeira.token_transactions AS t (
        user_id, transaction_type, amount, reason, activity_type, total_tokens_after,
        source_id, created_at)
    VALUES (recipient, kind, tokens, why, activity, balance + tokens, source, clock_timestamp())
    RETURNING t.* INTO posted;
    RETURN posted;
END
$$;

COMMENT ON FUNCTION auxeira.token_post(uuid, text, integer, text, text, uuid) IS
    'Internal: appends one token transaction for recipient under a transaction-scoped advisory '
    'lock per user, with total_tokens_after = the balance before (SUM(amount), read under the '
    'lock) + tokens and created_at = the clock after the lock, so concurrent postings for one '
    'user are serialised and no two compute the same running total. Refuses (check_violation) '
    'a posting that would take the balance below zero. Not granted to services: called by '
    'award_tokens, spend_tokens and token_penalty.';

CREATE FUNCTION auxeira.award_tokens(activity text, source uuid)
    RETURNS auxeira.token_transactions
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    rule record;
    tokens integer;
    why text;
    already auxeira.token_transactions;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no current user: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT r.* INTO rule FROM auxeira.token_rules() AS r WHERE r.activity_type = activity;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no rule earns tokens for activity %', coalesce(activity, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF source IS NULL THEN
        RAISE EXCEPTION 'the % that earns the tokens is required', activity
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- The fact that earns the tokens: the caller's own, recent, and of the right kind.
    IF activity = 'customer_interview' THEN
        IF NOT EXISTS (SELECT FROM auxeira.customer_interviews AS i
                       WHERE i.id = source AND i.user_id = me
                         AND i.created_at >= now() - interval '1 day') THEN
            RAISE EXCEPTION 'interview % is not an interview you logged in the last day', source
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        tokens := rule.amount;
        why := 'Customer interview logged';
    ELSIF activity = 'evidence_uploaded' THEN
        IF NOT EXISTS (SELECT FROM auxeira.startup_evidence AS e
                       WHERE e.id = source AND e.user_id = me
                         AND e.created_at >= now() - interval '1 day') THEN
            RAISE EXCEPTION 'evidence % is not evidence you recorded in the last day', source
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        tokens := rule.amount;
        why := 'Evidence uploaded';
    ELSE  -- daily_action
        SELECT least(a.token_reward, rule.amount), 'Daily action completed: ' || a.title
        INTO tokens, why
        FROM auxeira.founder_daily_actions AS a
        WHERE a.id = source AND a.user_id = me AND a.status = 'completed'
          AND a.action_date BETWEEN CURRENT_DATE - 1 AND CURRENT_DATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'daily action % is not one of your actions completed today or '
                            'yesterday', source
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;

    -- Once per source, and at most daily_limit rewarded events a day (under the user's lock).
    PERFORM pg_advisory_xact_lock(hashtext('auxeira.token_transactions'), hashtext(me::text));
    SELECT t.* INTO already
    FROM auxeira.token_transactions AS t
    WHERE t.activity_type = activity AND t.source_id = source;
    IF FOUND THEN
        IF already.user_id <> me THEN
            -- the id of a deleted row of someone else's, reused: say nothing about that posting
            RAISE EXCEPTION '% % has already earned tokens', activity, source
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN already;
    END IF;
    IF tokens <= 0 OR (
        SELECT count(*) FROM auxeira.token_transactions AS t
        WHERE t.user_id = me AND t.activity_type = activity
          AND t.source_id IS NOT NULL
          AND t.created_at >= CURRENT_DATE::timestamptz) >= rule.daily_limit THEN
        RETURN NULL;  -- nothing earned: a zero reward, or today's limit is reached
    END IF;
    RETURN auxeira.token_post(me, rule.transaction_type, tokens, activity, why, source);
END
$$;

COMMENT ON FUNCTION auxeira.award_tokens(text, uuid) IS
    'Awards the current user the tokens that auxeira.token_rules() gives for activity '
    '(customer_interview, evidence_uploaded, daily_action) earned by the row source: the row '
    'must be the caller''s own and recent (an interview or evidence recorded in the last day; a '
    'daily action completed and dated today or yesterday), else insufficient_privilege. '
    'Idempotent: a source earns once (the same call returns the row already posted). Returns '
    'NULL when the rule gives nothing (the day''s limit reached, a zero reward). Called by '
    'startup_log_interview and startup_record_evidence; services may call it too (for a daily '
    'action completed otherwise), since it can only award what the rules allow. SECURITY '
    'DEFINER as auxeira_owner: services cannot write the ledger.';

CREATE FUNCTION auxeira.spend_tokens(product text)
    RETURNS auxeira.token_transactions
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    price auxeira.price_list;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no current user: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    price := auxeira.current_price(product, 'TOK');
    RETURN auxeira.token_post(
        me, 'spent', -price.amount::integer, product,
        coalesce(price.description, product), NULL);
END
$$;

COMMENT ON FUNCTION auxeira.spend_tokens(text) IS
    'Redeems the current user''s tokens for a product: the amount is the product''s TOK price in '
    'auxeira.price_list now (never the caller''s), posted as spent with activity_type = the '
    'product code. Refused with check_violation when the balance does not cover it, and with '
    'P0001 when the product has no TOK price. SECURITY DEFINER as auxeira_owner.';

CREATE FUNCTION auxeira.token_penalty(recipient uuid, tokens integer, why text)
    RETURNS auxeira.token_transactions
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    balance bigint;
BEGIN
    IF recipient IS NULL OR tokens IS NULL OR tokens <= 0 THEN
        RAISE EXCEPTION 'a penalty needs a user and a number of tokens > 0'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF nullif(btrim(why), '') IS NULL THEN
        RAISE EXCEPTION 'a penalty needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('auxeira.token_transactions'), hashtext(recipient::text));
    SELECT coalesce(sum(t.amount), 0) INTO balance
    FROM auxeira.token_transactions AS t
    WHERE t.user_id = recipient;
    IF balance <= 0 THEN
        RETURN NULL;  -- nothing left to take
    END IF;
    RETURN auxeira.token_post(
        recipient, 'penalty', -least(tokens::bigint, balance)::integer, 'penalty', why, NULL);
END
$$;

COMMENT ON FUNCTION auxeira.token_penalty(uuid, integer, text) IS
    'The penalty rule: removes up to tokens from recipient''s balance for abuse or the reversal '
    'of a reward, with a reason; at most the balance, so a balance never goes negative (returns '
    'NULL when it is already 0). Owner role only (operators), not granted to services.';

COMMENT ON COLUMN auxeira.founder_daily_actions.token_reward IS
    'Tokens the founder earns on completion, >= 0: credited by '
    'auxeira.award_tokens(''daily_action'', id) when the action is completed on its day or the '
    'next, capped by the daily_action rule of auxeira.token_rules() (at most 100, at most 10 '
    'actions a day), once per action.';

CREATE OR REPLACE FUNCTION auxeira_dash.startup_log_interview(
    company_id uuid,
    interview_date date,
    interviewee_role text,
    problem_validated boolean,
    willingness_to_pay text DEFAULT 'unknown',
    segment text DEFAULT NULL,
    channel text DEFAULT 'video',
    pain_level integer DEFAULT NULL,
    price_point numeric DEFAULT NULL,
    notes text DEFAULT NULL
)
    RETURNS auxeira.customer_interviews
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    role_text text := nullif(btrim(interviewee_role), '');
    segment_text text := nullif(btrim(segment), '');
    written auxeira.customer_interviews;
    action_id uuid;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no current user: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF company_id IS NULL OR NOT auxeira.owns_company(company_id) THEN
        RAISE EXCEPTION 'company % is not one of your companies', company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF interview_date IS NULL OR interview_date > CURRENT_DATE
       OR interview_date < DATE '2000-01-01' THEN
        RAISE EXCEPTION 'interview_date must be a past day (2000-01-01 to today), got %',
            interview_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF role_text IS NULL OR length(role_text) > 100 THEN
        RAISE EXCEPTION 'interviewee_role is required (1-100 characters)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF segment_text IS NOT NULL AND length(segment_text) > 100 THEN
        RAISE EXCEPTION 'segment is at most 100 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF problem_validated IS NULL THEN
        RAISE EXCEPTION 'problem_validated is required (true or false)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF willingness_to_pay IS NULL
       OR willingness_to_pay NOT IN ('none', 'low', 'medium', 'high', 'unknown') THEN
        RAISE EXCEPTION 'willingness_to_pay must be none, low, medium, high or unknown, got %',
            coalesce(willingness_to_pay, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF channel IS NULL OR channel NOT IN ('in_person', 'video', 'phone', 'survey', 'other') THEN
        RAISE EXCEPTION 'channel must be in_person, video, phone, survey or other, got %',
            coalesce(channel, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pain_level IS NOT NULL AND pain_level NOT BETWEEN 1 AND 5 THEN
        RAISE EXCEPTION 'pain_level must be between 1 and 5, got %', pain_level
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF price_point IS NOT NULL AND (price_point < 0 OR price_point >= 1e10) THEN
        RAISE EXCEPTION 'price_point must be >= 0 (currency units per month), got %', price_point
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(notes) > 20000 THEN
        RAISE EXCEPTION 'notes are at most 20000 characters, got %', length(notes)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.customer_interviews (
        company_id, user_id, interview_date, interviewee_role, segment, channel,
        problem_validated, pain_level, willingness_to_pay, price_point, notes)
    VALUES (
        startup_log_interview.company_id, me, startup_log_interview.interview_date, role_text,
        segment_text, startup_log_interview.channel, startup_log_interview.problem_validated,
        startup_log_interview.pain_level, startup_log_interview.willingness_to_pay,
        startup_log_interview.price_point, startup_log_interview.notes)
    RETURNING * INTO written;

    -- Tokens by rule (auxeira.token_rules): the interview, and any daily action it completes.
    PERFORM auxeira.award_tokens('customer_interview', written.id);

    -- Logging an interview progresses today's customer_interview action of that company.
    FOR action_id IN
        UPDATE auxeira.founder_daily_actions AS a
        SET completed_count = a.completed_count + 1,
            status = CASE WHEN a.completed_count + 1 >= a.target_count
                          THEN 'completed' ELSE 'in_progress' END,
            completed_at = CASE WHEN a.completed_count + 1 >= a.target_count
                                THEN coalesce(a.completed_at, now()) END
        WHERE a.user_id = me
          AND a.action_date = CURRENT_DATE
          AND a.action_type = 'customer_interview'
          AND a.status <> 'skipped'
          AND (a.company_id IS NULL OR a.company_id = written.company_id)
        RETURNING a.id
    LOOP
        IF EXISTS (SELECT FROM auxeira.founder_daily_actions AS d
                   WHERE d.id = action_id AND d.status = 'completed') THEN
            PERFORM auxeira.award_tokens('daily_action', action_id);
        END IF;
    END LOOP;

    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_log_interview(
    uuid, date, text, boolean, text, text, text, integer, numeric, text) IS
    'POST /api/dashboard/startup/interview: logs a customer interview for one of the current '
    'founder''s companies and returns the row. Validates every value (company owned by the '
    'caller; date from 2000-01-01 to today; role 1-100 characters; willingness_to_pay none, '
    'low, medium, high or unknown; channel in_person, video, phone, survey or other; pain_level '
    '1-5; price_point >= 0; notes <= 20000 characters) and raises invalid_parameter_value '
    'otherwise. Also progresses today''s customer_interview daily action of that company (or '
    'of no company), and awards the tokens of the rules (auxeira.award_tokens): the interview, '
    'and each daily action it completes. SECURITY INVOKER: row-level security checks the '
    'insert.';

CREATE OR REPLACE FUNCTION auxeira_dash.startup_record_evidence(
    company_id uuid,
    evidence_kind text,
    title text,
    file_uri text,
    file_sha256 text,
    size_bytes bigint,
    media_type text DEFAULT NULL,
    interview_id uuid DEFAULT NULL,
    note text DEFAULT NULL
)
    RETURNS auxeira.startup_evidence
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
    title_text text := nullif(btrim(title), '');
    hash text := lower(btrim(file_sha256));
    mime text := lower(nullif(btrim(media_type), ''));
    written auxeira.startup_evidence;
    action_id uuid;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no current user: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF company_id IS NULL OR NOT auxeira.owns_company(company_id) THEN
        RAISE EXCEPTION 'company % is not one of your companies', company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF evidence_kind IS NULL OR evidence_kind NOT IN (
        'customer_interview', 'traction', 'financial', 'product', 'legal', 'team',
        'market_research', 'other') THEN
        RAISE EXCEPTION 'evidence_kind must be customer_interview, traction, financial, '
                        'product, legal, team, market_research or other, got %',
            coalesce(evidence_kind, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF title_text IS NULL OR length(title_text) > 255 THEN
        RAISE EXCEPTION 'title is required (1-255 characters)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF file_uri IS NULL OR length(file_uri) > 1000
       OR file_uri !~ '^[a-z][a-z0-9+.-]*://[^[:space:]]+$' THEN
        RAISE EXCEPTION 'file_uri must be a URI with a scheme and no spaces (e.g. '
                        's3://bucket/key), at most 1000 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF hash IS NULL OR hash !~ '^[0-9a-f]{64}$' THEN
        RAISE EXCEPTION 'file_sha256 must be the SHA-256 of the file as 64 hexadecimal digits'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF size_bytes IS NULL OR size_bytes <= 0 THEN
        RAISE EXCEPTION 'size_bytes must be > 0, got %', coalesce(size_bytes::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF mime IS NOT NULL AND (length(mime) > 255
       OR mime !~ '^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$') THEN
        RAISE EXCEPTION 'media_type must be a MIME type such as application/pdf, got %', mime
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF interview_id IS NOT NULL AND NOT EXISTS (
        SELECT FROM auxeira.customer_interviews AS i
        WHERE i.id = startup_record_evidence.interview_id
          AND i.company_id = startup_record_evidence.company_id) THEN
        RAISE EXCEPTION 'interview % is not an interview of company %', interview_id, company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF length(note) > 5000 THEN
        RAISE EXCEPTION 'note is at most 5000 characters, got %', length(note)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.startup_evidence (
        company_id, user_id, interview_id, evidence_kind, title, file_uri, file_sha256,
        size_bytes, media_type, note)
    VALUES (
        startup_record_evidence.company_id, me, startup_record_evidence.interview_id,
        startup_record_evidence.evidence_kind, title_text, startup_record_evidence.file_uri,
        hash, startup_record_evidence.size_bytes, mime, startup_record_evidence.note)
    ON CONFLICT (company_id, file_sha256) DO NOTHING
    RETURNING * INTO written;

    IF written.id IS NULL THEN
        -- The same file (hash) is already recorded for this company: return that record.
        SELECT * INTO STRICT written
        FROM auxeira.startup_evidence AS e
        WHERE e.company_id = startup_record_evidence.company_id AND e.file_sha256 = hash;
        RETURN written;
    END IF;

    -- Tokens by rule (auxeira.token_rules): the evidence, and any daily action it completes.
    PERFORM auxeira.award_tokens('evidence_uploaded', written.id);

    -- Recording evidence progresses today's evidence_upload action of that company.
    FOR action_id IN
        UPDATE auxeira.founder_daily_actions AS a
        SET completed_count = a.completed_count + 1,
            status = CASE WHEN a.completed_count + 1 >= a.target_count
                          THEN 'completed' ELSE 'in_progress' END,
            completed_at = CASE WHEN a.completed_count + 1 >= a.target_count
                                THEN coalesce(a.completed_at, now()) END
        WHERE a.user_id = me
          AND a.action_date = CURRENT_DATE
          AND a.action_type = 'evidence_upload'
          AND a.status <> 'skipped'
          AND (a.company_id IS NULL OR a.company_id = written.company_id)
        RETURNING a.id
    LOOP
        IF EXISTS (SELECT FROM auxeira.founder_daily_actions AS d
                   WHERE d.id = action_id AND d.status = 'completed') THEN
            PERFORM auxeira.award_tokens('daily_action', action_id);
        END IF;
    END LOOP;

    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_record_evidence(
    uuid, text, text, text, text, bigint, text, uuid, text) IS
    'POST /api/dashboard/startup/evidence: records evidence for one of the current founder''s '
    'companies as a file reference (file_uri) and the SHA-256 of its bytes (64 hexadecimal '
    'digits, stored lower-cased), never the bytes, and returns the row. Validates every value '
    '(company owned by the caller; kind; title 1-255 characters; URI with a scheme; hash; '
    'size > 0; MIME type; interview of the same company; note <= 5000 characters) and raises '
    'invalid_parameter_value otherwise. Idempotent per file: the same hash for the same '
    'company returns the existing record unchanged. A new record progresses today''s '
    'evidence_upload daily action and awards the tokens of the rules (auxeira.award_tokens): '
    'the evidence, and each daily action it completes. SECURITY INVOKER: row-level security '
    'checks the insert.';

-- 4. Policies and privileges of tokens and prices ------------------------------------------

-- Row-level security and privileges of tokens and prices (0009, issue 8): services read their
-- own token ledger and the price list; they write neither. Tokens move only through the rule
-- functions of sql/functions/280_tokens.sql, prices only by the owner role, and purchases only
-- through auxeira_dash.vc_purchase_lp_report (SECURITY DEFINER, price from the list).

-- auxeira.token_transactions (the uniform owner and read-only policies are in
-- 010_row_level_security.sql): a user reads their own ledger; no write policy for services.
-- MERGE (issue 8): the next statement goes together with the FOR ALL token_transactions_self
-- block of 010_row_level_security.sql, which the authorization branch deletes.
DROP POLICY IF EXISTS token_transactions_self ON auxeira.token_transactions;

CREATE POLICY token_transactions_self_select ON auxeira.token_transactions
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY token_transactions_self_select ON auxeira.token_transactions IS
    'A user reads their own token transactions. There is no INSERT, UPDATE or DELETE policy for '
    'the application (and no such privilege): tokens are awarded and spent only by the rule '
    'functions award_tokens, spend_tokens and token_penalty.';

-- 020_grants.sql grants every auxeira table to auxeira_app when sql/ is loaded in one go: take
-- writing back. A service that could insert a token row could award itself any balance.
REVOKE INSERT, UPDATE, DELETE ON auxeira.token_transactions FROM auxeira_app;

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
    auxeira.token_rules(),
    auxeira.token_post(uuid, text, integer, text, text, uuid),
    auxeira.award_tokens(text, uuid),
    auxeira.spend_tokens(text),
    auxeira.token_penalty(uuid, integer, text),
    auxeira.current_price(text, text, timestamptz),
    auxeira.price_list_no_overlap()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.token_rules(),
    auxeira.current_price(text, text, timestamptz)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira.award_tokens(text, uuid),
    auxeira.spend_tokens(text)
    TO auxeira_app;
-- token_post (internal) and token_penalty (operators) stay with the owner.

-- Price changes are audited from here on (the prices above were seeded by this migration).

CREATE FUNCTION auxeira.price_list_audit()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auxeira.write_audit(
        CASE TG_OP WHEN 'INSERT' THEN 'price added'
                   WHEN 'UPDATE' THEN 'price changed'
                   ELSE 'price removed' END,
        'price_list',
        coalesce(NEW.id, OLD.id)::text,
        CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
        CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.price_list_audit() IS
    'Trigger function (AFTER INSERT OR UPDATE OR DELETE ON price_list): every price change is '
    'written to auxeira.audit_log with the whole row before and after. Only the owner role '
    'writes prices, and it may call auxeira.write_audit().';

-- Every price change is audited (auxeira.audit_log, 0008).
CREATE TRIGGER price_list_audit
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.price_list
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.price_list_audit();
COMMENT ON TRIGGER price_list_audit ON auxeira.price_list IS
    'Writes every inserted, changed or deleted price to auxeira.audit_log.';
REVOKE EXECUTE ON FUNCTION auxeira.price_list_audit() FROM PUBLIC;
