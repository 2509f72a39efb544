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
