-- depends: 0021_one_row_type
-- 0022_billing: issue 15 (subscriptions, payment webhooks, revenue metrics). The current
-- subscription of each user changes only through auxeira.subscription_transition(); verified
-- provider webhooks are stored once (payment_webhook_events) and folded in the provider's
-- order; the price list gains the plans; currencies get their ISO 4217 exponents; revenue
-- metrics and the conversion funnel for auxeira_analyst. Same objects as sql/schema/500_billing.sql,
-- sql/functions/500_billing.sql, sql/functions/510_billing_metrics.sql and
-- sql/security/500_billing.sql.

SET LOCAL ROLE auxeira_owner;

-- subscription_events: the life cycle's new event types; currency refers to auxeira.currencies.
ALTER TABLE auxeira.subscription_events
    DROP CONSTRAINT subscription_events_event_type_check,
    DROP CONSTRAINT subscription_events_currency_check,
    ADD CONSTRAINT subscription_events_event_type_check CHECK (
        event_type IN (
            'trial_started',
            'subscribed',
            'upgraded',
            'downgraded',
            'renewed',
            'cancelled',
            'payment_failed',
            'expired',
            'reactivated',
            'updated',
            'charged',
            'refunded',
            'disputed'
        )
    );
COMMENT ON COLUMN auxeira.subscription_events.event_type IS
    'What happened: trial_started (free trial began), subscribed (first paid subscription), '
    'upgraded (moved to a higher tier), downgraded (moved to a lower tier), renewed (a billing '
    'period was paid and the subscription continues), cancelled (the user or the system ended the '
    'subscription), payment_failed (a charge was declined; grace period may apply); since 0022 '
    'also expired (grace, trial or paid period ran out), reactivated (a cancelled or expired '
    'subscription paid again), updated (other fields changed, e.g. a late provider event folded '
    'in), and the money events charged, refunded, disputed (a chargeback). Required.';

COMMENT ON COLUMN auxeira.subscription_events.currency IS
    'ISO 4217 code of amount (currencies.code since 0022, foreign key '
    'subscription_events_currency_fkey), default USD. Must be present when amount is.';


-- sql/schema/500_billing.sql ----------------------------------------------------------------

-- Billing (migration 0022, issue 15): the current subscription of each user, the raw store of
-- payment-provider webhooks, the customers the providers know, and the plans of the one price
-- list. State changes only through auxeira.subscription_transition()
-- (sql/functions/500_billing.sql); docs/BILLING.md explains the conventions.

-- ISO 4217 exponents of the currencies that have none of two decimals (the table of 0011 said 2
-- for all): providers report minor units, and an amount is converted once, at ingestion.
UPDATE auxeira.currencies SET minor_units = 0 WHERE code IN ('JPY', 'UGX', 'RWF', 'XOF');

-- The price list gains the subscription plans: one row per tier, billing cycle, currency and
-- validity period, beside the premium items (kind 'item').
ALTER TABLE auxeira.price_list
    ADD COLUMN kind varchar(10) NOT NULL DEFAULT 'item',
    ADD COLUMN tier varchar(50),
    ADD COLUMN billing_cycle varchar(20),
    ADD CONSTRAINT price_list_kind_check CHECK (kind IN ('item', 'plan')),
    ADD CONSTRAINT price_list_plan_check CHECK (
        (kind = 'plan' AND tier IN ('starter', 'pro', 'enterprise')
            AND billing_cycle IN ('monthly', 'annual')
            AND product_code = 'plan_' || tier || '_' || billing_cycle)
        OR (kind = 'item' AND tier IS NULL AND billing_cycle IS NULL));

COMMENT ON COLUMN auxeira.price_list.kind IS
    'item = a one-off purchase (premium LP report, token redemptions); plan = a subscription '
    'plan, priced per billing cycle (product_code plan_<tier>_<cycle>). Default item.';
COMMENT ON COLUMN auxeira.price_list.tier IS
    'Subscription tier of a plan row (starter, pro, enterprise); NULL for items.';
COMMENT ON COLUMN auxeira.price_list.billing_cycle IS
    'Billing cycle of a plan row (monthly, annual: amount is per cycle); NULL for items.';

-- List prices of the plans when billing was introduced: annual = 10 months of monthly.
INSERT INTO auxeira.price_list
    (product_code, kind, tier, billing_cycle, currency, amount, valid_from, description)
SELECT 'plan_' || p.tier || '_' || c.cycle, 'plan', p.tier, c.cycle, x.currency,
       round(p.usd * x.per_usd * c.months, 2), '2020-01-01T00:00:00Z',
       initcap(p.tier) || ' plan, ' || c.cycle
FROM (VALUES ('starter', 29.00), ('pro', 99.00), ('enterprise', 499.00)) AS p (tier, usd)
CROSS JOIN (VALUES ('monthly', 1), ('annual', 10)) AS c (cycle, months)
CROSS JOIN (VALUES ('USD', 1.0), ('EUR', 0.92), ('GBP', 0.79), ('NGN', 1500.0), ('KES', 130.0),
                   ('GHS', 15.0), ('ZAR', 18.0)) AS x (currency, per_usd);

-- subscription_events records, since 0022, the state after each transition (for revenue
-- metrics) and the provider's time; its currency refers to the currencies table.
ALTER TABLE auxeira.subscription_events
    ADD COLUMN occurred_at timestamptz,
    ADD COLUMN status varchar(20),
    ADD COLUMN mrr numeric(18,4),
    ADD CONSTRAINT subscription_events_currency_fkey FOREIGN KEY (currency)
        REFERENCES auxeira.currencies (code),
    ADD CONSTRAINT subscription_events_status_check CHECK (
        status IN ('trialing', 'active', 'past_due', 'cancelled', 'expired')),
    ADD CONSTRAINT subscription_events_mrr_check CHECK (mrr >= 0);

CREATE INDEX subscription_events_user_occurred_idx
    ON auxeira.subscription_events (user_id, occurred_at) WHERE status IS NOT NULL;

COMMENT ON COLUMN auxeira.subscription_events.occurred_at IS
    'Economic time of the event (the provider''s timestamp for webhooks); NULL on rows before '
    '0022 (created_at is their time).';
COMMENT ON COLUMN auxeira.subscription_events.status IS
    'Subscription status after the event (written by subscription_transition since 0022); NULL '
    'on money events and older rows.';
COMMENT ON COLUMN auxeira.subscription_events.mrr IS
    'Monthly recurring revenue after the event, in currency: the cycle price for monthly, 1/12 '
    'of it for annual, 0 unless active or past_due. NULL on money events and older rows.';
COMMENT ON INDEX auxeira.subscription_events_user_occurred_idx IS
    'Each user''s state history in economic time, for the revenue metrics.';

-- auxeira.subscriptions: the current state, one row per user who ever subscribed. -------------

CREATE TABLE auxeira.subscriptions (
    user_id uuid NOT NULL,
    tier varchar(50) NOT NULL,
    status varchar(20) NOT NULL,
    billing_cycle varchar(20) NOT NULL DEFAULT 'monthly',
    amount numeric(18,4),
    currency varchar(3),
    provider varchar(50),
    provider_subscription_ref varchar(255),
    current_period_start timestamptz,
    current_period_end timestamptz,
    trial_ends_at timestamptz,
    grace_ends_at timestamptz,
    cancel_at_period_end boolean NOT NULL DEFAULT false,
    has_paid boolean NOT NULL DEFAULT false,
    started_at timestamptz NOT NULL,
    changed_at timestamptz NOT NULL,
    applied_key text,
    version integer NOT NULL DEFAULT 1,
    is_synthetic boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscriptions_pkey PRIMARY KEY (user_id),
    CONSTRAINT subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES auxeira.users (id)
        ON DELETE CASCADE,
    CONSTRAINT subscriptions_currency_fkey FOREIGN KEY (currency)
        REFERENCES auxeira.currencies (code),
    CONSTRAINT subscriptions_tier_check CHECK (tier IN ('free', 'starter', 'pro', 'enterprise')),
    CONSTRAINT subscriptions_status_check CHECK (
        status IN ('trialing', 'active', 'past_due', 'cancelled', 'expired')),
    CONSTRAINT subscriptions_billing_cycle_check CHECK (billing_cycle IN ('monthly', 'annual')),
    CONSTRAINT subscriptions_amount_check CHECK (amount >= 0),
    CONSTRAINT subscriptions_amount_currency_check CHECK (amount IS NULL OR currency IS NOT NULL),
    CONSTRAINT subscriptions_provider_check CHECK (provider IN ('paystack', 'stripe')),
    CONSTRAINT subscriptions_period_check CHECK (current_period_end > current_period_start),
    CONSTRAINT subscriptions_grace_check CHECK (grace_ends_at IS NULL OR status = 'past_due'),
    CONSTRAINT subscriptions_version_check CHECK (version >= 1)
);

CREATE INDEX subscriptions_status_grace_idx ON auxeira.subscriptions (status, grace_ends_at)
    WHERE status IN ('past_due', 'trialing', 'cancelled');

COMMENT ON TABLE auxeira.subscriptions IS
    'Current subscription of each user (one row per user who ever had a trial or a plan). '
    'Changed only by auxeira.subscription_transition(), which validates the transition, '
    'appends auxeira.subscription_events and copies tier and status to users in the same '
    'transaction. History is in subscription_events.';
COMMENT ON COLUMN auxeira.subscriptions.user_id IS
    'The subscriber (users.id); primary key. Derived state: goes with the user (ON DELETE '
    'CASCADE; the history in subscription_events keeps a user).';
COMMENT ON COLUMN auxeira.subscriptions.tier IS 'Plan tier: free, starter, pro, enterprise.';
COMMENT ON COLUMN auxeira.subscriptions.status IS
    'trialing (free trial until trial_ends_at), active (paid up), past_due (a charge failed; '
    'access until grace_ends_at), cancelled (ended by the user or the provider; access until '
    'current_period_end), expired (no access: grace, trial or paid period ran out).';
COMMENT ON COLUMN auxeira.subscriptions.billing_cycle IS
    'monthly or annual: amount is charged per cycle (MRR = amount / 12 for annual).';
COMMENT ON COLUMN auxeira.subscriptions.amount IS
    'Price per billing cycle in currency, exact (converted from the provider''s minor units '
    'through currencies.minor_units); NULL during a trial without a price.';
COMMENT ON COLUMN auxeira.subscriptions.currency IS 'ISO 4217 code of amount (currencies.code).';
COMMENT ON COLUMN auxeira.subscriptions.provider IS 'paystack or stripe; NULL = set by hand.';
COMMENT ON COLUMN auxeira.subscriptions.provider_subscription_ref IS
    'The provider''s subscription id (Stripe sub_..., Paystack SUB_...); NULL when unknown.';
COMMENT ON COLUMN auxeira.subscriptions.current_period_start IS 'Start of the paid period.';
COMMENT ON COLUMN auxeira.subscriptions.current_period_end IS
    'End of the paid period (exclusive); after it a cancelled subscription expires.';
COMMENT ON COLUMN auxeira.subscriptions.trial_ends_at IS 'End of the trial; NULL = no trial.';
COMMENT ON COLUMN auxeira.subscriptions.grace_ends_at IS
    'past_due only: when the subscription expires unless a payment arrives '
    '(auxeira.billing_expire_lapsed(), job billing-expiry).';
COMMENT ON COLUMN auxeira.subscriptions.cancel_at_period_end IS
    'true = the subscriber asked to stop at current_period_end; status stays until then.';
COMMENT ON COLUMN auxeira.subscriptions.has_paid IS
    'true once a paid period has started: no trial after that.';
COMMENT ON COLUMN auxeira.subscriptions.started_at IS 'When the first trial or plan began.';
COMMENT ON COLUMN auxeira.subscriptions.changed_at IS
    'Economic time of the last transition (the provider''s timestamp for webhooks).';
COMMENT ON COLUMN auxeira.subscriptions.applied_key IS
    'Ordering key of the latest provider event folded into this state '
    '(auxeira.billing_event_key): an event with a lower key is late and cannot move the state '
    'backwards. NULL = no provider event yet.';
COMMENT ON COLUMN auxeira.subscriptions.version IS
    'Number of transitions applied, from 1 (the row has no updated_at: changed_at and version '
    'say when and how often it changed).';
COMMENT ON COLUMN auxeira.subscriptions.is_synthetic IS
    'true = the subscriber is a synthetic (demo) user; copied from users.is_synthetic.';
COMMENT ON COLUMN auxeira.subscriptions.created_at IS 'When the row was inserted.';
COMMENT ON INDEX auxeira.subscriptions_status_grace_idx IS
    'Serves the expiry scan of auxeira.billing_expire_lapsed().';

-- auxeira.billing_customers: which user a provider's customer is. -----------------------------

CREATE TABLE auxeira.billing_customers (
    provider varchar(50) NOT NULL,
    customer_ref varchar(255) NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT billing_customers_pkey PRIMARY KEY (provider, customer_ref),
    CONSTRAINT billing_customers_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE,
    CONSTRAINT billing_customers_provider_check CHECK (provider IN ('paystack', 'stripe'))
);

CREATE INDEX billing_customers_user_id_idx ON auxeira.billing_customers (user_id);

COMMENT ON TABLE auxeira.billing_customers IS
    'A payment provider''s customer (Stripe cus_..., Paystack CUS_...) and the user it is, '
    'learned from the first webhook that names the user (metadata user_id, or the customer''s '
    'e-mail address). Written by auxeira.billing_record_webhook() only.';
COMMENT ON COLUMN auxeira.billing_customers.provider IS 'paystack or stripe.';
COMMENT ON COLUMN auxeira.billing_customers.customer_ref IS 'The provider''s customer id.';
COMMENT ON COLUMN auxeira.billing_customers.user_id IS
    'The user (users.id); the link goes with the user (ON DELETE CASCADE).';
COMMENT ON COLUMN auxeira.billing_customers.created_at IS 'When the link was learned.';
COMMENT ON INDEX auxeira.billing_customers_user_id_idx IS 'Serves the users foreign key.';

-- auxeira.payment_webhook_events: every provider event, raw, once. ------------------------------

CREATE TABLE auxeira.payment_webhook_events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    provider varchar(50) NOT NULL,
    event_id varchar(255) NOT NULL,
    event_type varchar(100) NOT NULL,
    occurred_at timestamptz NOT NULL,
    precedence smallint NOT NULL DEFAULT 5,
    customer_ref varchar(255),
    user_id uuid,
    creates boolean NOT NULL DEFAULT false,
    state jsonb,
    money jsonb,
    payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz,
    outcome varchar(20) NOT NULL DEFAULT 'pending',
    reason text,
    CONSTRAINT payment_webhook_events_pkey PRIMARY KEY (id),
    CONSTRAINT payment_webhook_events_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE,
    CONSTRAINT payment_webhook_events_provider_check CHECK (provider IN ('paystack', 'stripe')),
    CONSTRAINT payment_webhook_events_precedence_check CHECK (precedence BETWEEN 0 AND 9),
    CONSTRAINT payment_webhook_events_outcome_check CHECK (
        outcome IN ('pending', 'applied', 'parked', 'ignored', 'rejected')),
    CONSTRAINT payment_webhook_events_processed_check CHECK (
        (outcome IN ('pending', 'parked')) = (processed_at IS NULL)),
    CONSTRAINT payment_webhook_events_reason_check CHECK (
        outcome NOT IN ('parked', 'rejected') OR reason IS NOT NULL)
);

CREATE UNIQUE INDEX payment_webhook_events_provider_event_key
    ON auxeira.payment_webhook_events (provider, event_id);
CREATE INDEX payment_webhook_events_user_idx
    ON auxeira.payment_webhook_events (user_id, occurred_at, precedence, event_id);
CREATE INDEX payment_webhook_events_parked_idx
    ON auxeira.payment_webhook_events (provider, customer_ref) WHERE outcome = 'parked';

COMMENT ON TABLE auxeira.payment_webhook_events IS
    'Every payment-provider webhook, stored raw once its signature was verified (Python '
    'auxeira_db.billing.ingest) and before it is applied; idempotent by (provider, event_id). '
    'state and money are the event normalised (exact amounts); outcome says what became of it. '
    'Written by auxeira.billing_record_webhook() only.';
COMMENT ON COLUMN auxeira.payment_webhook_events.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.payment_webhook_events.provider IS 'paystack or stripe.';
COMMENT ON COLUMN auxeira.payment_webhook_events.event_id IS
    'Idempotency key: Stripe''s event id (evt_...); for Paystack, which sends none, '
    '"<event>:<object reference or id>" (docs/BILLING.md). A second delivery is a duplicate.';
COMMENT ON COLUMN auxeira.payment_webhook_events.event_type IS
    'The provider''s event name (charge.success, customer.subscription.updated ...).';
COMMENT ON COLUMN auxeira.payment_webhook_events.occurred_at IS
    'The provider''s own time of the event (Stripe created, Paystack paid_at / createdAt ...): '
    'the first part of the ordering key.';
COMMENT ON COLUMN auxeira.payment_webhook_events.precedence IS
    'Tie-break within one second (0-9): creation 0, payment 2, update 4, failure 6, '
    'cancellation 8; then event_id (docs/BILLING.md).';
COMMENT ON COLUMN auxeira.payment_webhook_events.customer_ref IS
    'The provider''s customer id, resolved to user_id through billing_customers.';
COMMENT ON COLUMN auxeira.payment_webhook_events.user_id IS
    'The subscriber; NULL while the customer is unknown (the event is parked). A deleted '
    '(expired synthetic) user''s events go with it (ON DELETE CASCADE).';
COMMENT ON COLUMN auxeira.payment_webhook_events.creates IS
    'true for the event that creates a subscription (Stripe customer.subscription.created, '
    'Paystack subscription.create): other events of the user wait (parked) for one.';
COMMENT ON COLUMN auxeira.payment_webhook_events.state IS
    'Subscription fields this event asserts (status, tier, billing_cycle, amount, currency, '
    'period_start, period_end, cancel_at_period_end, subscription_ref); NULL = none.';
COMMENT ON COLUMN auxeira.payment_webhook_events.money IS
    'Money this event moves ({kind: charged|refunded|disputed, amount, currency, reference}); '
    'NULL = none.';
COMMENT ON COLUMN auxeira.payment_webhook_events.payload IS 'The body as the provider sent it.';
COMMENT ON COLUMN auxeira.payment_webhook_events.received_at IS 'When it was stored.';
COMMENT ON COLUMN auxeira.payment_webhook_events.processed_at IS
    'When it was applied, ignored or rejected; NULL while pending or parked.';
COMMENT ON COLUMN auxeira.payment_webhook_events.outcome IS
    'pending (stored, not yet applied), applied, parked (waiting: unknown customer or no '
    'subscription yet; applied when that arrives), ignored (nothing to do), rejected (refused '
    'transition or bad data; reason says why).';
COMMENT ON COLUMN auxeira.payment_webhook_events.reason IS
    'Why it is parked or rejected, or a note (late: folded in); NULL when applied in order.';
COMMENT ON INDEX auxeira.payment_webhook_events_provider_event_key IS
    'Idempotency: one row per provider event.';
COMMENT ON INDEX auxeira.payment_webhook_events_user_idx IS
    'A user''s events in ordering-key order, for the fold of auxeira.billing_settle().';
COMMENT ON INDEX auxeira.payment_webhook_events_parked_idx IS
    'Parked events of a customer, retried when the customer becomes known.';

-- sql/functions/500_billing.sql -------------------------------------------------------------

-- Billing (migration 0022, issue 15): money conversion, the one subscription transition
-- function, webhook recording and settling, grace expiry and entitlements. Tables in
-- sql/schema/500_billing.sql; conventions in docs/BILLING.md.

CREATE FUNCTION auxeira.minor_to_major(amount_minor bigint, currency text)
    RETURNS numeric
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    exponent smallint;
BEGIN
    SELECT c.minor_units INTO exponent FROM auxeira.currencies AS c WHERE c.code = upper(currency);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown currency %', coalesce(currency, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Currencies are in auxeira.currencies.';
    END IF;
    IF amount_minor IS NULL OR amount_minor < 0 THEN
        RAISE EXCEPTION 'amount % % is negative or missing', amount_minor, upper(currency)
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- numeric division by a power of ten is exact: 4999 kobo -> 49.99 NGN, 500 JPY -> 500.
    RETURN round(amount_minor::numeric / (10::numeric ^ exponent), exponent);
END
$$;

COMMENT ON FUNCTION auxeira.minor_to_major(bigint, text) IS
    'An amount in a currency''s minor units (cents, kobo; yen are already whole) as an exact '
    'amount in major units, through the ISO 4217 exponent in currencies.minor_units. Raises '
    'invalid_parameter_value for an unknown currency or a negative or missing amount.';

CREATE FUNCTION auxeira.tier_rank(tier text)
    RETURNS integer
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
AS $$
    SELECT array_position(ARRAY['free', 'starter', 'pro', 'enterprise'], tier)
$$;

COMMENT ON FUNCTION auxeira.tier_rank(text) IS
    'Order of the tiers (free 1, starter 2, pro 3, enterprise 4; NULL for anything else): an '
    'upgrade moves to a higher rank, a downgrade to a lower one.';

CREATE FUNCTION auxeira.billing_event_key(occurred_at timestamptz, precedence integer, event_id text)
    RETURNS text
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
AS $$
    SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || precedence::text
           || event_id
$$;

COMMENT ON FUNCTION auxeira.billing_event_key(timestamptz, integer, text) IS
    'Total order of provider events as one text (compare with COLLATE "C"): the provider''s '
    'timestamp, then the precedence of the event kind (creation before payment before update '
    'before failure before cancellation), then the event id.';

CREATE FUNCTION auxeira.subscription_transition(
    subscriber uuid,
    change text,
    tier text DEFAULT NULL,
    billing_cycle text DEFAULT NULL,
    amount numeric DEFAULT NULL,
    currency text DEFAULT NULL,
    period_start timestamptz DEFAULT NULL,
    period_end timestamptz DEFAULT NULL,
    cancel_at_period_end boolean DEFAULT NULL,
    occurred_at timestamptz DEFAULT NULL,
    provider text DEFAULT NULL,
    reference text DEFAULT NULL,
    subscription_ref text DEFAULT NULL,
    reason text DEFAULT NULL,
    grace_days integer DEFAULT NULL,
    trial_days integer DEFAULT NULL,
    event_key text DEFAULT NULL
)
    RETURNS auxeira.subscriptions
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cur auxeira.subscriptions;
    nxt auxeira.subscriptions;
    had boolean;
    state text;
    at timestamptz := coalesce(occurred_at, now());
    money boolean := change IN ('charged', 'refunded', 'disputed');
    new_mrr numeric;
    synthetic boolean;
    synthetic_expiry timestamptz;
BEGIN
    IF change IS NULL OR change NOT IN ('trial_started', 'subscribed', 'reactivated', 'upgraded',
            'downgraded', 'renewed', 'payment_failed', 'cancelled', 'expired', 'updated',
            'charged', 'refunded', 'disputed') THEN
        RAISE EXCEPTION 'unknown subscription change %', coalesce(change, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF tier IS NOT NULL AND auxeira.tier_rank(tier) IS NULL THEN
        RAISE EXCEPTION 'unknown tier %', tier USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF billing_cycle IS NOT NULL AND billing_cycle NOT IN ('monthly', 'annual') THEN
        RAISE EXCEPTION 'unknown billing cycle %', billing_cycle
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF amount < 0 THEN
        RAISE EXCEPTION 'amount % is negative', amount USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF currency IS NOT NULL
            AND NOT EXISTS (SELECT FROM auxeira.currencies AS c WHERE c.code = currency) THEN
        RAISE EXCEPTION 'unknown currency %', currency USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF money AND (amount IS NULL OR amount <= 0 OR currency IS NULL) THEN
        RAISE EXCEPTION 'a % event needs a positive amount and its currency', change
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF grace_days < 0 OR trial_days < 0 THEN
        RAISE EXCEPTION 'grace and trial days must not be negative'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- One transition of a subscriber at a time.
    SELECT s.* INTO cur FROM auxeira.subscriptions AS s WHERE s.user_id = subscriber FOR UPDATE;
    had := FOUND;
    -- A synthetic (demo) user's billing rows are synthetic too, and expire with the user.
    SELECT u.is_synthetic, u.expires_at INTO synthetic, synthetic_expiry
    FROM auxeira.users AS u WHERE u.id = subscriber FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no user %', subscriber USING ERRCODE = 'no_data_found';
    END IF;
    state := CASE WHEN had THEN cur.status ELSE 'none' END;
    nxt := cur;

    -- Which states each change may start from; the refusal names the current state.
    IF NOT (CASE change
            WHEN 'trial_started' THEN state IN ('none', 'cancelled', 'expired')
            WHEN 'subscribed' THEN state IN ('none', 'trialing')
            WHEN 'reactivated' THEN state IN ('cancelled', 'expired')
            WHEN 'upgraded' THEN state IN ('trialing', 'active', 'past_due')
            WHEN 'downgraded' THEN state IN ('trialing', 'active', 'past_due')
            WHEN 'renewed' THEN state IN ('active', 'past_due')
            WHEN 'payment_failed' THEN state IN ('trialing', 'active', 'past_due')
            WHEN 'cancelled' THEN state IN ('trialing', 'active', 'past_due')
            WHEN 'expired' THEN state IN ('trialing', 'past_due', 'cancelled')
            ELSE state <> 'none' END) THEN
        RAISE EXCEPTION 'subscription change % refused: the subscription of user % is %',
            change, subscriber, CASE WHEN had THEN cur.status ELSE 'not started' END
            USING ERRCODE = 'P0T01',
                  HINT = 'docs/BILLING.md lists the allowed transitions.';
    END IF;
    IF change = 'trial_started' AND had AND cur.has_paid THEN
        RAISE EXCEPTION 'subscription change trial_started refused: the subscription of user % is '
            '% after a paid period (no trial after a paid period)', subscriber, cur.status
            USING ERRCODE = 'P0T01';
    END IF;
    IF change = 'upgraded' AND auxeira.tier_rank(tier) IS DISTINCT FROM NULL
            AND auxeira.tier_rank(tier) <= auxeira.tier_rank(cur.tier) THEN
        RAISE EXCEPTION 'subscription change upgraded refused: % is not above the current tier % '
            '(the subscription is %)', tier, cur.tier, cur.status USING ERRCODE = 'P0T01';
    END IF;
    IF change = 'downgraded' AND auxeira.tier_rank(tier) IS DISTINCT FROM NULL
            AND auxeira.tier_rank(tier) >= auxeira.tier_rank(cur.tier) THEN
        RAISE EXCEPTION 'subscription change downgraded refused: % is not below the current tier '
            '% (the subscription is %)', tier, cur.tier, cur.status USING ERRCODE = 'P0T01';
    END IF;
    IF change IN ('upgraded', 'downgraded', 'trial_started') AND tier IS NULL THEN
        RAISE EXCEPTION 'a % change needs the tier', change USING ERRCODE = 'invalid_parameter_value';
    END IF;

    IF NOT money THEN
        IF NOT had THEN
            nxt.user_id := subscriber;
            nxt.started_at := at;
            nxt.version := 0;
            nxt.has_paid := false;
            nxt.cancel_at_period_end := false;
            nxt.is_synthetic := synthetic;
            nxt.billing_cycle := 'monthly';
        END IF;
        nxt.tier := coalesce(subscription_transition.tier, nxt.tier);
        nxt.billing_cycle := coalesce(subscription_transition.billing_cycle, nxt.billing_cycle);
        nxt.amount := coalesce(subscription_transition.amount, nxt.amount);
        nxt.currency := coalesce(subscription_transition.currency, nxt.currency);
        nxt.current_period_start := coalesce(period_start, nxt.current_period_start);
        nxt.current_period_end := coalesce(period_end, nxt.current_period_end);
        nxt.cancel_at_period_end := coalesce(subscription_transition.cancel_at_period_end,
                                             nxt.cancel_at_period_end);
        nxt.provider := coalesce(subscription_transition.provider, nxt.provider);
        nxt.provider_subscription_ref := coalesce(subscription_ref, nxt.provider_subscription_ref);
        nxt.status := CASE change
            WHEN 'trial_started' THEN 'trialing'
            WHEN 'subscribed' THEN 'active'
            WHEN 'reactivated' THEN 'active'
            WHEN 'renewed' THEN 'active'
            WHEN 'payment_failed' THEN 'past_due'
            WHEN 'cancelled' THEN 'cancelled'
            WHEN 'expired' THEN 'expired'
            ELSE nxt.status END;
        IF nxt.tier IS NULL THEN
            RAISE EXCEPTION 'a % change needs the tier', change
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF nxt.amount IS NOT NULL AND nxt.currency IS NULL THEN
            RAISE EXCEPTION 'an amount needs its currency' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF change = 'trial_started' THEN
            nxt.trial_ends_at := coalesce(period_end, at + make_interval(days => coalesce(trial_days, 14)));
        END IF;
        nxt.has_paid := nxt.has_paid OR nxt.status = 'active' AND change <> 'updated';
        nxt.grace_ends_at := CASE
            WHEN nxt.status <> 'past_due' THEN NULL
            WHEN change = 'payment_failed' AND state <> 'past_due'
                THEN at + make_interval(days => coalesce(grace_days, 7))
            ELSE coalesce(nxt.grace_ends_at, at + make_interval(days => coalesce(grace_days, 7))) END;
        IF nxt.status = 'cancelled' AND change = 'cancelled' THEN
            nxt.cancel_at_period_end := false;
        END IF;
        nxt.changed_at := at;
        nxt.applied_key := coalesce(event_key, nxt.applied_key);
        nxt.version := nxt.version + 1;
        IF nxt.current_period_end <= nxt.current_period_start THEN
            RAISE EXCEPTION 'period end % is not after its start %', nxt.current_period_end,
                nxt.current_period_start USING ERRCODE = 'invalid_parameter_value';
        END IF;

        IF had THEN
            UPDATE auxeira.subscriptions AS s
            SET tier = nxt.tier, status = nxt.status, billing_cycle = nxt.billing_cycle,
                amount = nxt.amount, currency = nxt.currency, provider = nxt.provider,
                provider_subscription_ref = nxt.provider_subscription_ref,
                current_period_start = nxt.current_period_start,
                current_period_end = nxt.current_period_end, trial_ends_at = nxt.trial_ends_at,
                grace_ends_at = nxt.grace_ends_at, cancel_at_period_end = nxt.cancel_at_period_end,
                has_paid = nxt.has_paid, changed_at = nxt.changed_at,
                applied_key = nxt.applied_key, version = nxt.version
            WHERE s.user_id = subscriber;
        ELSE
            nxt.created_at := now();
            INSERT INTO auxeira.subscriptions SELECT nxt.*;
        END IF;
        new_mrr := CASE WHEN nxt.status IN ('active', 'past_due') AND nxt.amount IS NOT NULL
                        THEN CASE nxt.billing_cycle WHEN 'annual' THEN round(nxt.amount / 12, 4)
                                                    ELSE nxt.amount END
                        ELSE 0 END;
        UPDATE auxeira.users AS u
        SET subscription_tier = CASE WHEN nxt.status = 'expired' THEN 'free' ELSE nxt.tier END,
            subscription_status = nxt.status,
            billing_cycle = nxt.billing_cycle,
            trial_ends_at = nxt.trial_ends_at
        WHERE u.id = subscriber
          AND (u.subscription_tier, u.subscription_status, u.billing_cycle, u.trial_ends_at)
              IS DISTINCT FROM (CASE WHEN nxt.status = 'expired' THEN 'free' ELSE nxt.tier END,
                                nxt.status, nxt.billing_cycle, nxt.trial_ends_at);
    ELSE
        nxt := cur;
    END IF;

    INSERT INTO auxeira.subscription_events (
        user_id, event_type, old_tier, new_tier, amount, currency, payment_provider,
        payment_reference, billing_cycle, trial_days, grace_period_days, next_billing_date,
        cancellation_reason, is_synthetic, expires_at, occurred_at, status, mrr)
    VALUES (
        subscriber, change, CASE WHEN had THEN cur.tier END, CASE WHEN NOT money THEN nxt.tier END,
        CASE WHEN money THEN subscription_transition.amount ELSE nxt.amount END,
        CASE WHEN money THEN subscription_transition.currency ELSE coalesce(nxt.currency, 'USD') END,
        coalesce(subscription_transition.provider, nxt.provider),
        CASE WHEN money THEN change || ':' || reference END,
        CASE WHEN NOT money THEN nxt.billing_cycle END,
        CASE WHEN change = 'trial_started'
             THEN (nxt.trial_ends_at::date - at::date) END,
        CASE WHEN change = 'payment_failed' THEN (nxt.grace_ends_at::date - at::date) END,
        CASE WHEN NOT money AND nxt.status IN ('active', 'past_due')
             THEN nxt.current_period_end::date END,
        CASE WHEN change = 'cancelled' THEN left(reason, 255) END,
        synthetic, CASE WHEN synthetic THEN synthetic_expiry END, at,
        CASE WHEN NOT money THEN nxt.status END,
        CASE WHEN NOT money THEN new_mrr END)
    ON CONFLICT (payment_reference) WHERE payment_reference IS NOT NULL DO NOTHING;
    RETURN nxt;
END
$$;

COMMENT ON FUNCTION auxeira.subscription_transition(uuid, text, text, text, numeric, text,
    timestamptz, timestamptz, boolean, timestamptz, text, text, text, text, integer, integer,
    text) IS
    'The one way a subscription changes. change: trial_started, subscribed, reactivated, '
    'upgraded, downgraded, renewed, payment_failed, cancelled, expired, updated (fields only), '
    'or the money events charged, refunded, disputed (amount required, no state change, one row '
    'per reference). Validates the transition from the current state (refusals, SQLSTATE P0T01, '
    'name it: upgrade of a cancelled subscription, a downgrade to a higher tier, renewal of an '
    'expired one, a trial after a paid period), writes auxeira.subscriptions, appends '
    'subscription_events (state after, MRR) and copies tier and status to users, in the '
    'caller''s transaction. NULL arguments keep the current value. SECURITY DEFINER (owner): '
    'for the platform''s billing code, not for tenants.';

CREATE FUNCTION auxeira.billing_settle(subscriber uuid)
    RETURNS integer
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cur auxeira.subscriptions;
    fields jsonb := '{}';
    before jsonb;
    e record;
    k text;
    last_key text;
    target text;
    state text;
    change text;
    late boolean := false;
    applied integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('auxeira.billing_settle'), hashtext(subscriber::text));
    SELECT s.* INTO cur FROM auxeira.subscriptions AS s WHERE s.user_id = subscriber;
    IF NOT FOUND AND NOT EXISTS (
            SELECT FROM auxeira.payment_webhook_events AS w
            WHERE w.user_id = subscriber AND w.creates
              AND w.outcome IN ('pending', 'parked', 'applied')) THEN
        UPDATE auxeira.payment_webhook_events AS w
        SET outcome = 'parked', reason = 'waiting for the subscription''s creation event'
        WHERE w.user_id = subscriber AND w.outcome = 'pending';
        RETURN 0;
    END IF;
    last_key := cur.applied_key;

    -- Fold every event of the subscriber in key order; apply the ones not yet applied.
    FOR e IN
        SELECT w.id, w.provider, w.event_id, w.occurred_at, w.precedence, w.state, w.money,
               w.outcome
        FROM auxeira.payment_webhook_events AS w
        WHERE w.user_id = subscriber AND w.outcome IN ('pending', 'parked', 'applied')
          AND (w.state IS NOT NULL OR w.money IS NOT NULL)
        ORDER BY w.occurred_at, w.precedence, w.event_id COLLATE "C"
    LOOP
        before := fields;
        fields := fields || coalesce(jsonb_strip_nulls(e.state), '{}');
        CONTINUE WHEN e.outcome = 'applied';
        k := auxeira.billing_event_key(e.occurred_at, e.precedence, e.event_id);
        BEGIN
            IF last_key IS NOT NULL AND k COLLATE "C" < last_key COLLATE "C" THEN
                -- Late: older than what the state already shows. It never moves the status
                -- back; its fields are folded in below (an 'updated' transition).
                late := late OR e.state IS NOT NULL;
            ELSIF e.state IS NOT NULL THEN
                SELECT s.* INTO cur FROM auxeira.subscriptions AS s WHERE s.user_id = subscriber;
                state := CASE WHEN FOUND THEN cur.status ELSE 'none' END;
                target := coalesce(fields ->> 'status', state);
                change := CASE
                    WHEN state = 'none' AND target = 'trialing' THEN 'trial_started'
                    WHEN state = 'none' THEN 'subscribed'
                    WHEN target = state AND state IN ('cancelled', 'expired') THEN 'updated'
                    WHEN target = state THEN
                        CASE WHEN auxeira.tier_rank(fields ->> 'tier') > auxeira.tier_rank(cur.tier)
                                 THEN 'upgraded'
                             WHEN auxeira.tier_rank(fields ->> 'tier') < auxeira.tier_rank(cur.tier)
                                 THEN 'downgraded'
                             WHEN target = 'active'
                                  AND (fields ->> 'period_end')::timestamptz > cur.current_period_end
                                 THEN 'renewed'
                             ELSE 'updated' END
                    WHEN target = 'trialing' THEN 'trial_started'
                    WHEN target = 'active' AND state = 'trialing' THEN 'subscribed'
                    WHEN target = 'active' AND state = 'past_due' THEN 'renewed'
                    WHEN target = 'active' THEN 'reactivated'
                    WHEN target = 'past_due' THEN 'payment_failed'
                    ELSE target END;
                PERFORM auxeira.subscription_transition(
                    subscriber, change,
                    tier => fields ->> 'tier',
                    billing_cycle => fields ->> 'billing_cycle',
                    amount => (fields ->> 'amount')::numeric,
                    currency => fields ->> 'currency',
                    period_start => (fields ->> 'period_start')::timestamptz,
                    period_end => (fields ->> 'period_end')::timestamptz,
                    cancel_at_period_end => (fields ->> 'cancel_at_period_end')::boolean,
                    occurred_at => e.occurred_at,
                    provider => e.provider,
                    subscription_ref => fields ->> 'subscription_ref',
                    reason => fields ->> 'reason',
                    event_key => k);
                IF state = 'none' AND target NOT IN ('trialing', 'active') THEN
                    PERFORM auxeira.subscription_transition(
                        subscriber, CASE target WHEN 'past_due' THEN 'payment_failed' ELSE target END,
                        occurred_at => e.occurred_at, provider => e.provider, event_key => k);
                END IF;
                last_key := k;
            END IF;
            IF e.money IS NOT NULL THEN
                PERFORM auxeira.subscription_transition(
                    subscriber, e.money ->> 'kind',
                    amount => (e.money ->> 'amount')::numeric,
                    currency => e.money ->> 'currency',
                    occurred_at => e.occurred_at,
                    provider => e.provider,
                    reference => e.provider || ':' || (e.money ->> 'reference'));
            END IF;
            UPDATE auxeira.payment_webhook_events AS w
            SET outcome = 'applied', processed_at = now(),
                reason = CASE WHEN last_key IS NOT NULL AND k COLLATE "C" < last_key COLLATE "C"
                              THEN 'late: folded in' END
            WHERE w.id = e.id;
            applied := applied + 1;
        EXCEPTION WHEN invalid_parameter_value OR no_data_found OR check_violation
                       OR SQLSTATE 'P0T01' THEN
            fields := before;
            UPDATE auxeira.payment_webhook_events AS w
            SET outcome = 'rejected', processed_at = now(), reason = SQLERRM
            WHERE w.id = e.id;
        END;
    END LOOP;

    -- Late events may carry fields that no later event restated (a plan change before a
    -- failed payment): make the state the fold of all events.
    IF late THEN
        SELECT s.* INTO cur FROM auxeira.subscriptions AS s WHERE s.user_id = subscriber;
        IF (coalesce(fields ->> 'tier', cur.tier),
            coalesce(fields ->> 'billing_cycle', cur.billing_cycle),
            coalesce((fields ->> 'amount')::numeric, cur.amount),
            coalesce(fields ->> 'currency', cur.currency),
            coalesce((fields ->> 'period_end')::timestamptz, cur.current_period_end),
            coalesce((fields ->> 'cancel_at_period_end')::boolean, cur.cancel_at_period_end))
           IS DISTINCT FROM
           (cur.tier, cur.billing_cycle, cur.amount, cur.currency, cur.current_period_end,
            cur.cancel_at_period_end) THEN
            PERFORM auxeira.subscription_transition(
                subscriber, 'updated',
                tier => fields ->> 'tier',
                billing_cycle => fields ->> 'billing_cycle',
                amount => (fields ->> 'amount')::numeric,
                currency => fields ->> 'currency',
                period_start => (fields ->> 'period_start')::timestamptz,
                period_end => (fields ->> 'period_end')::timestamptz,
                cancel_at_period_end => (fields ->> 'cancel_at_period_end')::boolean,
                occurred_at => cur.changed_at);
        END IF;
    END IF;
    RETURN applied;
END
$$;

COMMENT ON FUNCTION auxeira.billing_settle(uuid) IS
    'Applies a subscriber''s pending and parked provider events (nothing until the event that '
    'creates the subscription has arrived: they stay parked). Folds every event in key order '
    '(occurred_at, precedence, event_id): an event newer than subscriptions.applied_key is a '
    'step through subscription_transition (the change derived from the current and the folded '
    'state); a late one never moves the status back, its fields are folded in with one '
    '''updated'' transition. A refused step marks only that event rejected (reason = the '
    'refusal). Returns the number of events applied. Owner only.';

CREATE FUNCTION auxeira.billing_record_webhook(
    provider text,
    event_id text,
    event_type text,
    occurred_at timestamptz,
    precedence integer,
    payload jsonb,
    customer_ref text DEFAULT NULL,
    customer_email text DEFAULT NULL,
    user_hint text DEFAULT NULL,
    creates boolean DEFAULT false,
    state jsonb DEFAULT NULL,
    money jsonb DEFAULT NULL
)
    RETURNS TABLE (id uuid, outcome text, reason text, duplicate boolean)
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    ev uuid;
    uid uuid;
    st jsonb := state;
    mo jsonb := money;
BEGIN
    IF provider IS NULL OR provider NOT IN ('paystack', 'stripe') THEN
        RAISE EXCEPTION 'unknown payment provider %', coalesce(provider, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF event_id IS NULL OR event_id = '' OR event_type IS NULL OR occurred_at IS NULL
            OR payload IS NULL OR precedence IS NULL THEN
        RAISE EXCEPTION 'a webhook event needs its id, type, time and payload'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.payment_webhook_events AS w
        (provider, event_id, event_type, occurred_at, precedence, customer_ref, creates, payload)
    VALUES (billing_record_webhook.provider, billing_record_webhook.event_id,
            billing_record_webhook.event_type, billing_record_webhook.occurred_at,
            billing_record_webhook.precedence, billing_record_webhook.customer_ref,
            coalesce(billing_record_webhook.creates, false), billing_record_webhook.payload)
    ON CONFLICT (provider, event_id) DO NOTHING
    RETURNING w.id INTO ev;
    IF ev IS NULL THEN
        RETURN QUERY
            SELECT w.id, w.outcome::text, w.reason, true
            FROM auxeira.payment_webhook_events AS w
            WHERE w.provider = billing_record_webhook.provider
              AND w.event_id = billing_record_webhook.event_id;
        RETURN;
    END IF;

    -- Amounts arrive in minor units: exact major units, once, here.
    BEGIN
        IF st ? 'amount_minor' THEN
            st := (st - 'amount_minor') || jsonb_build_object('amount',
                auxeira.minor_to_major((st ->> 'amount_minor')::bigint, st ->> 'currency'));
        END IF;
        IF st ? 'currency' THEN
            st := st || jsonb_build_object('currency', upper(st ->> 'currency'));
        END IF;
        IF mo IS NOT NULL THEN
            mo := (mo - 'amount_minor') || jsonb_build_object(
                'currency', upper(mo ->> 'currency'),
                'amount', auxeira.minor_to_major((mo ->> 'amount_minor')::bigint, mo ->> 'currency'));
        END IF;
    EXCEPTION WHEN invalid_parameter_value OR numeric_value_out_of_range
                   OR invalid_text_representation THEN
        UPDATE auxeira.payment_webhook_events AS w
        SET outcome = 'rejected', processed_at = now(), reason = SQLERRM
        WHERE w.id = ev;
        RETURN QUERY SELECT ev, 'rejected'::text, SQLERRM, false;
        RETURN;
    END;

    SELECT c.user_id INTO uid FROM auxeira.billing_customers AS c
    WHERE c.provider = billing_record_webhook.provider
      AND c.customer_ref = billing_record_webhook.customer_ref;
    IF uid IS NULL AND user_hint ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' THEN
        SELECT u.id INTO uid FROM auxeira.users AS u WHERE u.id = user_hint::uuid;
    END IF;
    IF uid IS NULL AND customer_email IS NOT NULL THEN
        SELECT u.id INTO uid FROM auxeira.users AS u WHERE lower(u.email) = lower(customer_email);
    END IF;
    UPDATE auxeira.payment_webhook_events AS w
    SET state = st, money = mo, user_id = uid,
        outcome = CASE WHEN uid IS NULL THEN 'parked'
                       WHEN st IS NULL AND mo IS NULL THEN 'ignored' ELSE 'pending' END,
        processed_at = CASE WHEN uid IS NOT NULL AND st IS NULL AND mo IS NULL THEN now() END,
        reason = CASE WHEN uid IS NULL
                      THEN 'unknown customer ' || coalesce(billing_record_webhook.customer_ref,
                                                           customer_email, 'without a reference')
                      WHEN st IS NULL AND mo IS NULL THEN 'nothing to apply' END
    WHERE w.id = ev;
    IF uid IS NOT NULL THEN
        IF billing_record_webhook.customer_ref IS NOT NULL THEN
            INSERT INTO auxeira.billing_customers (provider, customer_ref, user_id)
            VALUES (billing_record_webhook.provider, billing_record_webhook.customer_ref, uid)
            ON CONFLICT DO NOTHING;
            -- Events that waited for this customer to become known.
            UPDATE auxeira.payment_webhook_events AS w
            SET user_id = uid, outcome = 'pending', reason = NULL
            WHERE w.provider = billing_record_webhook.provider
              AND w.customer_ref = billing_record_webhook.customer_ref
              AND w.outcome = 'parked' AND w.user_id IS NULL;
        END IF;
        PERFORM auxeira.billing_settle(uid);
    END IF;
    RETURN QUERY
        SELECT w.id, w.outcome::text, w.reason, false
        FROM auxeira.payment_webhook_events AS w WHERE w.id = ev;
END
$$;

COMMENT ON FUNCTION auxeira.billing_record_webhook(text, text, text, timestamptz, integer, jsonb,
    text, text, text, boolean, jsonb, jsonb) IS
    'Stores one verified provider event (raw payload and its normalised state and money, '
    'amounts in minor units converted through currencies.minor_units) and applies it '
    '(auxeira.billing_settle). Idempotent by (provider, event_id): a second delivery returns '
    'the first one''s row with duplicate = true and changes nothing. The customer is resolved '
    'through billing_customers, the metadata user id (user_hint) or the e-mail address; an '
    'unknown customer parks the event (reason given) until a later event names it. Unknown '
    'currency or negative amount: stored as rejected with the reason. Raises '
    'invalid_parameter_value for an unknown provider or a missing id, type, time or payload.';

CREATE FUNCTION auxeira.billing_expire_lapsed(at timestamptz DEFAULT now())
    RETURNS integer
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s record;
    n integer := 0;
BEGIN
    FOR s IN
        SELECT x.user_id, coalesce(x.grace_ends_at, x.trial_ends_at, x.current_period_end) AS ends
        FROM auxeira.subscriptions AS x
        WHERE (x.status = 'past_due' AND x.grace_ends_at <= at)
           OR (x.status = 'trialing' AND x.trial_ends_at <= at)
           OR (x.status = 'cancelled' AND coalesce(x.current_period_end, x.changed_at) <= at)
        ORDER BY x.user_id
        FOR UPDATE SKIP LOCKED
    LOOP
        PERFORM auxeira.subscription_transition(s.user_id, 'expired', occurred_at => s.ends,
                                                reason => 'lapsed');
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;

COMMENT ON FUNCTION auxeira.billing_expire_lapsed(timestamptz) IS
    'Maintenance (job billing-expiry): subscriptions whose grace period (past_due), trial '
    '(trialing) or paid period after a cancellation (cancelled) ended by at become expired, '
    'each through subscription_transition at the moment it ran out. Idempotent; returns how '
    'many expired. Owner only.';

CREATE FUNCTION auxeira.may_use(feature text, fund_id uuid DEFAULT NULL)
    RETURNS boolean
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    needs text := CASE feature
        WHEN 'export' THEN 'starter'
        WHEN 'premium_reports' THEN 'pro'
        WHEN 'revenue_analytics' THEN 'pro'
        WHEN 'api_access' THEN 'enterprise'
        WHEN 'lp_report_premium' THEN 'enterprise' END;
    me uuid := auxeira.current_user_id();
    s auxeira.subscriptions;
BEGIN
    IF needs IS NULL THEN
        RAISE EXCEPTION 'unknown premium feature %', coalesce(feature, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Features: export, premium_reports, revenue_analytics, api_access, '
                         'lp_report_premium.';
    END IF;
    IF me IS NULL THEN
        RETURN false;
    END IF;
    -- A one-off purchase entitles whatever the plan.
    IF feature = 'lp_report_premium' AND fund_id IS NOT NULL AND EXISTS (
            SELECT FROM auxeira.lp_report_purchases AS p
            WHERE p.buyer_id = me AND p.fund_id = may_use.fund_id) THEN
        RETURN true;
    END IF;
    SELECT x.* INTO s FROM auxeira.subscriptions AS x WHERE x.user_id = me;
    RETURN FOUND
        AND auxeira.tier_rank(s.tier) >= auxeira.tier_rank(needs)
        AND CASE s.status
            WHEN 'active' THEN true
            WHEN 'trialing' THEN coalesce(s.trial_ends_at > now(), true)
            WHEN 'past_due' THEN coalesce(s.grace_ends_at > now(), false)
            WHEN 'cancelled' THEN coalesce(s.current_period_end > now(), false)
            ELSE false END;
END
$$;

COMMENT ON FUNCTION auxeira.may_use(text, uuid) IS
    'May the current user use a premium feature now? export needs starter, premium_reports and '
    'revenue_analytics pro, api_access and lp_report_premium enterprise, with a subscription '
    'that still grants access (active; trialing before trial_ends_at; past_due within the grace '
    'period; cancelled before the paid period ends). lp_report_premium of a fund is also '
    'granted by a purchase of that fund''s report (lp_report_purchases). Unknown feature: '
    'invalid_parameter_value. No tenant: false. Runs as the caller (row-level security).';

-- sql/functions/510_billing_metrics.sql -----------------------------------------------------

-- Revenue metrics for the product and finance team (migration 0022, issue 15): MRR, ARR and
-- the MRR movements by month from the subscription history (subscription_events.mrr, the
-- state after every transition), converted into a reporting currency through auxeira.fx_rate.
-- Formulas: docs/BILLING.md.

CREATE FUNCTION auxeira_analytics.revenue_metrics(
    from_month date DEFAULT NULL,
    to_month date DEFAULT NULL,
    currency text DEFAULT 'USD',
    segment_by text DEFAULT NULL
)
    RETURNS TABLE (
        month date,
        segment text,
        mrr numeric,
        arr numeric,
        customers integer,
        starting_mrr numeric,
        starting_customers integer,
        new_mrr numeric,
        expansion_mrr numeric,
        contraction_mrr numeric,
        churned_mrr numeric,
        reactivation_mrr numeric,
        fx_mrr numeric,
        net_new_mrr numeric,
        churned_customers integer,
        arpa numeric,
        customer_churn_rate numeric,
        revenue_churn_rate numeric,
        nrr numeric,
        grr numeric,
        quick_ratio numeric,
        ltv numeric,
        charged numeric,
        refunded numeric,
        disputed numeric
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    last_month date := date_trunc('month', coalesce(to_month, CURRENT_DATE))::date;
    first_month date := date_trunc('month',
        coalesce(from_month, coalesce(to_month, CURRENT_DATE) - interval '11 months'))::date;
    rep text := upper(currency);
BEGIN
    IF first_month > last_month THEN
        RAISE EXCEPTION 'from_month % is after to_month %', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_month < last_month - interval '120 months' THEN
        RAISE EXCEPTION 'at most 120 months at a time' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF segment_by IS NOT NULL AND segment_by NOT IN ('tier', 'user_type', 'currency') THEN
        RAISE EXCEPTION 'unknown segment %: use tier, user_type or currency', segment_by
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT FROM auxeira.currencies AS c WHERE c.code = rep) THEN
        RAISE EXCEPTION 'unknown currency %', rep USING ERRCODE = 'invalid_parameter_value';
    END IF;

    RETURN QUERY
    WITH months AS (
        SELECT g::date AS month
        FROM generate_series(first_month, last_month::timestamp, interval '1 month') AS g
    ),
    -- Each state of each subscriber, valid from its event to the next one.
    hist AS (
        SELECT e.user_id, coalesce(e.occurred_at, e.created_at) AS valid_from,
               lead(coalesce(e.occurred_at, e.created_at)) OVER (
                   PARTITION BY e.user_id
                   ORDER BY coalesce(e.occurred_at, e.created_at), e.created_at, e.id) AS valid_to,
               e.mrr, e.currency AS cur, e.new_tier AS tier
        FROM auxeira.subscription_events AS e
        WHERE e.status IS NOT NULL
          AND coalesce(e.occurred_at, e.created_at) < last_month + interval '1 month'
    ),
    first_paid AS (
        SELECT h.user_id, min(h.valid_from) AS first_paid_at
        FROM hist AS h WHERE h.mrr > 0 GROUP BY h.user_id
    ),
    -- MRR in force at each month's end (the first moment of the next month): a state valid
    -- from f to t is in force at the ends of the months trunc(f) .. trunc(t) - 1 month.
    at_end AS (
        SELECT g::date AS month, h.user_id, h.mrr AS local, h.cur, h.tier
        FROM hist AS h
        CROSS JOIN LATERAL generate_series(
            greatest(date_trunc('month', h.valid_from), first_month - interval '1 month'),
            least(coalesce(date_trunc('month', h.valid_to) - interval '1 month', last_month),
                  last_month),
            interval '1 month') AS g
        WHERE h.mrr > 0
    ),
    -- MATERIALIZED: one fx_rate call per month and currency, not one per joined row.
    rates AS MATERIALIZED (
        SELECT k.month, k.cur,
               auxeira.fx_rate(k.cur, rep, (k.month + interval '1 month' - interval '1 day')::date)
                   AS rate
        FROM (SELECT DISTINCT a.month, a.cur FROM at_end AS a) AS k
    ),
    seg AS (
        SELECT a.month, a.user_id, a.local, a.cur, r.rate, a.local * r.rate AS mrr,
               CASE segment_by WHEN 'tier' THEN a.tier WHEN 'currency' THEN a.cur
                               WHEN 'user_type' THEN u.user_type::text ELSE 'all' END AS segment
        FROM at_end AS a
        JOIN rates AS r ON r.month = a.month AND r.cur = a.cur
        JOIN auxeira.users AS u ON u.id = a.user_id
    ),
    pairs AS (
        SELECT coalesce(c.month, (p.month + interval '1 month')::date) AS month,
               coalesce(c.segment, p.segment) AS segment,
               coalesce(c.user_id, p.user_id) AS user_id,
               p.local AS p_local, p.rate AS p_rate, p.mrr AS p_mrr, p.cur AS p_cur,
               c.local AS c_local, c.rate AS c_rate, c.mrr AS c_mrr, c.cur AS c_cur
        FROM (SELECT * FROM seg WHERE seg.month >= first_month) AS c
        FULL JOIN (SELECT * FROM seg WHERE seg.month < last_month) AS p
          ON p.user_id = c.user_id AND p.segment = c.segment
         AND c.month = (p.month + interval '1 month')::date
    ),
    moved AS (
        -- did the subscriber pay in another segment on the other side of the month? (a
        -- subscriber is in one segment at a month's end: hash joins, no per-row search)
        SELECT x.*,
               coalesce(b.segment <> x.segment, false) AS elsewhere_before,
               coalesce(n.segment <> x.segment, false) AS elsewhere_now,
               fp.first_paid_at < x.month AS paid_before
        FROM pairs AS x
        LEFT JOIN seg AS b ON b.user_id = x.user_id
                          AND b.month = (x.month - interval '1 month')::date
        LEFT JOIN seg AS n ON n.user_id = x.user_id AND n.month = x.month
        LEFT JOIN first_paid AS fp ON fp.user_id = x.user_id
    ),
    classified AS (
        SELECT m.month, m.segment, m.c_mrr, m.p_mrr,
               CASE WHEN m.p_mrr IS NULL AND NOT m.elsewhere_before AND NOT coalesce(m.paid_before, false)
                    THEN m.c_mrr ELSE 0 END AS new_mrr,
               CASE WHEN m.p_mrr IS NULL AND NOT m.elsewhere_before AND coalesce(m.paid_before, false)
                    THEN m.c_mrr ELSE 0 END AS reactivation_mrr,
               CASE WHEN m.c_mrr IS NULL AND NOT m.elsewhere_now THEN -m.p_mrr ELSE 0 END
                   AS churned_mrr,
               CASE WHEN m.p_mrr IS NULL AND m.elsewhere_before THEN m.c_mrr
                    WHEN m.c_mrr IS NULL AND m.elsewhere_now THEN -m.p_mrr
                    WHEN m.c_cur <> m.p_cur THEN m.c_mrr - m.p_mrr
                    ELSE (m.c_local - m.p_local) * m.c_rate END AS change_mrr,
               CASE WHEN m.c_cur = m.p_cur THEN m.p_local * (m.c_rate - m.p_rate) ELSE 0 END
                   AS fx_mrr,
               m.c_mrr IS NULL AND NOT m.elsewhere_now AS churned
        FROM moved AS m
        WHERE m.month BETWEEN first_month AND last_month
    ),
    agg AS (
        SELECT c.month, c.segment,
               coalesce(sum(c.c_mrr), 0) AS mrr,
               count(c.c_mrr)::integer AS customers,
               coalesce(sum(c.p_mrr), 0) AS starting_mrr,
               count(c.p_mrr)::integer AS starting_customers,
               sum(c.new_mrr) AS new_mrr,
               sum(greatest(c.change_mrr, 0)) AS expansion_mrr,
               sum(least(c.change_mrr, 0)) AS contraction_mrr,
               sum(c.churned_mrr) AS churned_mrr,
               sum(c.reactivation_mrr) AS reactivation_mrr,
               sum(c.fx_mrr) AS fx_mrr,
               count(*) FILTER (WHERE c.churned)::integer AS churned_customers
        FROM classified AS c
        GROUP BY c.month, c.segment
    ),
    -- The month's money per currency, then converted once at the month's closing rate.
    money_local AS (
        SELECT date_trunc('month', coalesce(e.occurred_at, e.created_at))::date AS month,
               CASE segment_by WHEN 'tier' THEN s.tier WHEN 'currency' THEN e.currency
                               WHEN 'user_type' THEN u.user_type::text ELSE 'all' END AS segment,
               e.currency AS cur,
               sum(e.amount) FILTER (WHERE e.event_type = 'charged') AS charged,
               sum(e.amount) FILTER (WHERE e.event_type = 'refunded') AS refunded,
               sum(e.amount) FILTER (WHERE e.event_type = 'disputed') AS disputed
        FROM auxeira.subscription_events AS e
        JOIN auxeira.users AS u ON u.id = e.user_id
        LEFT JOIN auxeira.subscriptions AS s ON s.user_id = e.user_id
        WHERE e.event_type IN ('charged', 'refunded', 'disputed')
          AND coalesce(e.occurred_at, e.created_at) >= first_month
          AND coalesce(e.occurred_at, e.created_at) < last_month + interval '1 month'
        GROUP BY 1, 2, 3
    ),
    money_rates AS MATERIALIZED (
        SELECT k.month, k.cur,
               auxeira.fx_rate(k.cur, rep, (k.month + interval '1 month - 1 day')::date) AS rate
        FROM (SELECT DISTINCT l.month, l.cur FROM money_local AS l) AS k
    ),
    money AS (
        SELECT l.month, l.segment, sum(l.charged * r.rate) AS charged,
               sum(l.refunded * r.rate) AS refunded, sum(l.disputed * r.rate) AS disputed
        FROM money_local AS l
        JOIN money_rates AS r ON r.month = l.month AND r.cur = l.cur
        GROUP BY 1, 2
    ),
    grid AS (
        SELECT m.month, s.segment
        FROM months AS m
        CROSS JOIN (SELECT DISTINCT a.segment FROM agg AS a
                    UNION SELECT 'all' WHERE segment_by IS NULL) AS s
        WHERE m.month >= first_month
    )
    SELECT g.month, g.segment::text,
           coalesce(a.mrr, 0), coalesce(a.mrr, 0) * 12,
           coalesce(a.customers, 0), coalesce(a.starting_mrr, 0),
           coalesce(a.starting_customers, 0),
           coalesce(a.new_mrr, 0), coalesce(a.expansion_mrr, 0), coalesce(a.contraction_mrr, 0),
           coalesce(a.churned_mrr, 0), coalesce(a.reactivation_mrr, 0), coalesce(a.fx_mrr, 0),
           coalesce(a.mrr, 0) - coalesce(a.starting_mrr, 0),
           coalesce(a.churned_customers, 0),
           round(a.mrr / nullif(a.customers, 0), 4),
           round(a.churned_customers::numeric / nullif(a.starting_customers, 0), 6),
           round(-(a.churned_mrr + a.contraction_mrr) / nullif(a.starting_mrr, 0), 6),
           round((a.starting_mrr + a.expansion_mrr + a.contraction_mrr + a.churned_mrr)
                 / nullif(a.starting_mrr, 0), 6),
           round((a.starting_mrr + a.contraction_mrr + a.churned_mrr)
                 / nullif(a.starting_mrr, 0), 6),
           round((a.new_mrr + a.expansion_mrr + a.reactivation_mrr)
                 / nullif(-(a.churned_mrr + a.contraction_mrr), 0), 6),
           round((a.mrr / nullif(a.customers, 0))
                 / nullif(a.churned_customers::numeric / nullif(a.starting_customers, 0), 0), 4),
           coalesce(mo.charged, 0), coalesce(mo.refunded, 0), coalesce(mo.disputed, 0)
    FROM grid AS g
    LEFT JOIN agg AS a ON a.month = g.month AND a.segment = g.segment
    LEFT JOIN money AS mo ON mo.month = g.month AND mo.segment = g.segment
    ORDER BY g.month, g.segment;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.revenue_metrics(date, date, text, text) IS
    'Revenue metrics by month (from_month..to_month, default the last 12; at most 120) in a '
    'reporting currency (default USD, through auxeira.fx_rate at each month''s last day), for '
    'all subscribers or by tier, user_type or currency: MRR at the month''s end (annual plans '
    '1/12 per month; active and past_due count), ARR = 12 x MRR, customers, and the movements '
    'from the previous month''s end that sum to the change (new, expansion, contraction, '
    'churned, reactivation, fx: a customer''s change at this month''s rate is expansion or '
    'contraction, the rate''s change on last month''s amount is fx), ARPA, customer and '
    'revenue churn, NRR and GRR (one month), quick ratio, LTV = ARPA / customer churn rate; '
    'charged, refunded and disputed money of the month (at the month''s closing rate, as its '
    'MRR). Formulas: docs/BILLING.md. Raises '
    'invalid_parameter_value for a bad range, segment or currency; a missing FX rate raises.';

CREATE FUNCTION auxeira_analytics.conversion_funnel(
    from_month date DEFAULT NULL,
    to_month date DEFAULT NULL
)
    RETURNS TABLE (
        cohort_month date,
        source text,
        signed_up integer,
        trialed integer,
        paid integer,
        upgraded integer,
        paid_without_trial integer,
        premium_buyers integer,
        trial_rate numeric,
        paid_rate numeric,
        trial_to_paid_rate numeric,
        upgrade_rate numeric,
        median_days_to_trial numeric,
        median_days_to_paid numeric,
        median_days_to_upgrade numeric
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    last_month date := date_trunc('month', coalesce(to_month, CURRENT_DATE))::date;
    first_month date := date_trunc('month',
        coalesce(from_month, coalesce(to_month, CURRENT_DATE) - interval '11 months'))::date;
BEGIN
    IF first_month > last_month THEN
        RAISE EXCEPTION 'from_month % is after to_month %', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_month < last_month - interval '120 months' THEN
        RAISE EXCEPTION 'at most 120 months at a time' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH cohort AS (
        SELECT u.id, u.created_at AS signed_up_at,
               date_trunc('month', u.created_at)::date AS cohort_month,
               coalesce((SELECT e.utm_source FROM auxeira.analytics_events AS e
                         WHERE e.user_id = u.id AND e.utm_source IS NOT NULL
                         ORDER BY e.created_at LIMIT 1), 'direct')::text AS source
        FROM auxeira.users AS u
        WHERE u.created_at >= first_month AND u.created_at < last_month + interval '1 month'
    ),
    steps AS (
        SELECT c.*,
               (SELECT min(coalesce(s.occurred_at, s.created_at))
                FROM auxeira.subscription_events AS s
                WHERE s.user_id = c.id AND s.event_type = 'trial_started') AS trial_at,
               (SELECT min(coalesce(s.occurred_at, s.created_at))
                FROM auxeira.subscription_events AS s
                WHERE s.user_id = c.id AND s.event_type IN ('subscribed', 'reactivated')) AS paid_at,
               EXISTS (SELECT FROM auxeira.lp_report_purchases AS p WHERE p.buyer_id = c.id)
                   AS bought
        FROM cohort AS c
    ),
    full_steps AS (
        SELECT s.*,
               (SELECT min(coalesce(x.occurred_at, x.created_at))
                FROM auxeira.subscription_events AS x
                WHERE x.user_id = s.id AND x.event_type = 'upgraded'
                  AND coalesce(x.occurred_at, x.created_at) >= s.paid_at) AS upgraded_at
        FROM steps AS s
    )
    SELECT f.cohort_month, f.source,
           count(*)::integer,
           count(f.trial_at)::integer,
           count(f.paid_at)::integer,
           count(f.upgraded_at)::integer,
           count(f.paid_at) FILTER (WHERE f.trial_at IS NULL)::integer,
           count(*) FILTER (WHERE f.bought)::integer,
           round(count(f.trial_at)::numeric / count(*), 4),
           round(count(f.paid_at)::numeric / count(*), 4),
           round(count(f.paid_at) FILTER (WHERE f.trial_at IS NOT NULL)::numeric
                 / nullif(count(f.trial_at), 0), 4),
           round(count(f.upgraded_at)::numeric / nullif(count(f.paid_at), 0), 4),
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY
               extract(epoch FROM f.trial_at - f.signed_up_at) / 86400))::numeric, 2),
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY
               extract(epoch FROM f.paid_at - coalesce(f.trial_at, f.signed_up_at)) / 86400))::numeric, 2),
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY
               extract(epoch FROM f.upgraded_at - f.paid_at) / 86400))::numeric, 2)
    FROM full_steps AS f
    GROUP BY f.cohort_month, f.source
    ORDER BY f.cohort_month, f.source;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.conversion_funnel(date, date) IS
    'Sign-up -> trial -> paid -> upgraded by sign-up month (from_month..to_month, default the '
    'last 12) and acquisition source (the first utm_source of the user''s analytics events, '
    'else direct). A step may be skipped: paid counts every user who ever paid (subscribed or '
    'reactivated), with or without a trial (paid_without_trial says how many skipped it); '
    'trial_to_paid_rate is among those who trialed; upgraded counts upgrades after paying. '
    'premium_buyers bought a premium LP report. Medians in days: sign-up to trial, the trial '
    '(or sign-up when none) to paid, paid to upgrade. Raises invalid_parameter_value for a bad '
    'range.';

-- sql/security/500_billing.sql --------------------------------------------------------------

-- Billing (0022, issue 15): row-level security and privileges. A user reads their own
-- subscription; nobody but the platform writes billing tables (the transition function, the
-- webhook recorder and the expiry job are SECURITY DEFINER, owned by auxeira_owner).

DO $$ BEGIN PERFORM auxeira.apply_uniform_policies('subscriptions', 'billing_customers',
                                                   'payment_webhook_events'); END $$;

CREATE POLICY subscriptions_self_select ON auxeira.subscriptions
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY subscriptions_self_select ON auxeira.subscriptions IS
    'A user reads their own subscription; it changes only through '
    'auxeira.subscription_transition() (no write policy, no write privilege).';

-- billing_customers and payment_webhook_events: no policy for services (the platform's own
-- records; webhooks carry other people's e-mail addresses and card details).

-- 020_grants.sql grants every auxeira table to auxeira_app when sql/ is loaded in one go.
-- Revoke and grant again in one order, so both ways of building agree on the ACL.
REVOKE ALL ON auxeira.subscriptions, auxeira.billing_customers, auxeira.payment_webhook_events
    FROM auxeira_app, auxeira_readonly;
GRANT SELECT ON auxeira.subscriptions TO auxeira_app;
GRANT SELECT ON auxeira.subscriptions, auxeira.billing_customers,
    auxeira.payment_webhook_events TO auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira.minor_to_major(bigint, text),
    auxeira.tier_rank(text),
    auxeira.billing_event_key(timestamptz, integer, text),
    auxeira.subscription_transition(uuid, text, text, text, numeric, text, timestamptz,
        timestamptz, boolean, timestamptz, text, text, text, text, integer, integer, text),
    auxeira.billing_settle(uuid),
    auxeira.billing_record_webhook(text, text, text, timestamptz, integer, jsonb, text, text,
        text, boolean, jsonb, jsonb),
    auxeira.billing_expire_lapsed(timestamptz),
    auxeira.may_use(text, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.minor_to_major(bigint, text),
    auxeira.tier_rank(text),
    auxeira.may_use(text, uuid)
    TO auxeira_app, auxeira_readonly;
-- The webhook receiver records events only after auxeira_db.billing.ingest verified their
-- signature, so the recorder is the platform's (auxeira_admin, like the transition function):
-- granted to a service's auxeira_app, it would let a tenant forge its own upgrade.
GRANT EXECUTE ON FUNCTION
    auxeira.billing_record_webhook(text, text, text, timestamptz, integer, jsonb, text, text,
        text, boolean, jsonb, jsonb)
    TO auxeira_admin;
GRANT EXECUTE ON FUNCTION
    auxeira.subscription_transition(uuid, text, text, text, numeric, text, timestamptz,
        timestamptz, boolean, timestamptz, text, text, text, text, integer, integer, text)
    TO auxeira_admin;

-- Revenue metrics: for the product and finance team (and the read-only role's BI tools).
REVOKE EXECUTE ON FUNCTION auxeira_analytics.revenue_metrics(date, date, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_analytics.revenue_metrics(date, date, text, text)
    TO auxeira_analyst;
REVOKE EXECUTE ON FUNCTION auxeira_analytics.conversion_funnel(date, date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_analytics.conversion_funnel(date, date) TO auxeira_analyst;
