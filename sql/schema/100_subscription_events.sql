-- auxeira.subscription_events: append-only history of subscription and billing events (trials,
-- sign-ups, plan changes, renewals, cancellations, failed payments), one row per event.

CREATE TABLE auxeira.subscription_events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    event_type varchar(50) NOT NULL,
    old_tier varchar(50),
    new_tier varchar(50),
    amount numeric(10,2),
    currency varchar(3) DEFAULT 'USD',
    payment_provider varchar(50),
    payment_reference varchar(255),
    billing_cycle varchar(20),
    trial_days integer,
    grace_period_days integer,
    next_billing_date date,
    cancellation_reason varchar(255),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscription_events_pkey PRIMARY KEY (id),
    CONSTRAINT subscription_events_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT subscription_events_event_type_check CHECK (
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
    ),
    CONSTRAINT subscription_events_old_tier_check CHECK (
        old_tier IN ('free', 'starter', 'pro', 'enterprise')
    ),
    CONSTRAINT subscription_events_new_tier_check CHECK (
        new_tier IN ('free', 'starter', 'pro', 'enterprise')
    ),
    CONSTRAINT subscription_events_amount_check CHECK (amount >= 0),
    CONSTRAINT subscription_events_amount_currency_check CHECK (
        amount IS NULL OR currency IS NOT NULL
    ),
    CONSTRAINT subscription_events_payment_provider_check CHECK (
        payment_provider IN ('paystack', 'stripe')
    ),
    CONSTRAINT subscription_events_billing_cycle_check CHECK (
        billing_cycle IN ('monthly', 'annual')
    ),
    CONSTRAINT subscription_events_trial_days_check CHECK (trial_days >= 0),
    CONSTRAINT subscription_events_grace_period_days_check CHECK (grace_period_days >= 0),
    CONSTRAINT subscription_events_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX idx_subscription_events_user ON auxeira.subscription_events (user_id, event_type);
CREATE UNIQUE INDEX subscription_events_payment_reference_key
    ON auxeira.subscription_events (payment_reference) WHERE payment_reference IS NOT NULL;
CREATE INDEX subscription_events_expires_at_idx
    ON auxeira.subscription_events (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.subscription_events IS
    'Subscription and billing history: one row per event in a user''s subscription life cycle, '
    'never updated (no updated_at). users.subscription_tier / subscription_status hold the current '
    'state; this table is the audit trail. A payment-provider webhook delivered twice is recorded '
    'once (unique payment_reference).';
COMMENT ON COLUMN auxeira.subscription_events.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.subscription_events.user_id IS
    'The subscriber (users.id). Required. No cascade.';
COMMENT ON COLUMN auxeira.subscription_events.event_type IS
    'What happened: trial_started (free trial began), subscribed (first paid subscription), '
    'upgraded (moved to a higher tier), downgraded (moved to a lower tier), renewed (a billing '
    'period was paid and the subscription continues), cancelled (the user or the system ended the '
    'subscription), payment_failed (a charge was declined; grace period may apply); since 0022 '
    'also expired (grace, trial or paid period ran out), reactivated (a cancelled or expired '
    'subscription paid again), updated (other fields changed, e.g. a late provider event folded '
    'in), and the money events charged, refunded, disputed (a chargeback). Required.';
COMMENT ON COLUMN auxeira.subscription_events.old_tier IS
    'Tier before the event: free, starter, pro, enterprise. NULL = not applicable (e.g. first '
    'subscription) or unchanged.';
COMMENT ON COLUMN auxeira.subscription_events.new_tier IS
    'Tier after the event: free, starter, pro, enterprise. NULL = not applicable or unchanged.';
COMMENT ON COLUMN auxeira.subscription_events.amount IS
    'Amount charged or attempted, in currency, major units with 2 decimals (e.g. 49.00 USD, not '
    'cents / kobo), >= 0; requires currency. NULL = no charge involved.';
COMMENT ON COLUMN auxeira.subscription_events.currency IS
    'ISO 4217 code of amount (currencies.code since 0022, foreign key '
    'subscription_events_currency_fkey), default USD. Must be present when amount is.';
COMMENT ON COLUMN auxeira.subscription_events.payment_provider IS
    'Payment processor that handled the charge: paystack or stripe. NULL = no payment involved.';
COMMENT ON COLUMN auxeira.subscription_events.payment_reference IS
    'The provider''s transaction / event reference. Unique when present (partial unique index '
    'subscription_events_payment_reference_key), so insert with ON CONFLICT (payment_reference) '
    'WHERE payment_reference IS NOT NULL DO NOTHING to make webhooks idempotent. NULL = no '
    'provider transaction.';
COMMENT ON COLUMN auxeira.subscription_events.billing_cycle IS
    'Billing cycle in force after the event: monthly or annual. NULL = not applicable.';
COMMENT ON COLUMN auxeira.subscription_events.trial_days IS
    'Length of the trial granted, in days, >= 0 (trial_started events). NULL = not applicable.';
COMMENT ON COLUMN auxeira.subscription_events.grace_period_days IS
    'Days of access granted after a failed payment before the subscription lapses, >= 0 '
    '(payment_failed events). NULL = not applicable.';
COMMENT ON COLUMN auxeira.subscription_events.next_billing_date IS
    'Date of the next scheduled charge after this event. NULL = none scheduled (free tier, '
    'cancelled).';
COMMENT ON COLUMN auxeira.subscription_events.cancellation_reason IS
    'Reason given for a cancellation, free text (cancelled events). NULL = not given or not a '
    'cancellation.';
COMMENT ON COLUMN auxeira.subscription_events.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real event. Not in the specification''s table.';
COMMENT ON COLUMN auxeira.subscription_events.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'subscription_events_expires_at_check); NULL on a synthetic row = keep indefinitely. Not in '
    'the specification''s table.';
COMMENT ON COLUMN auxeira.subscription_events.created_at IS
    'When the event was recorded (transaction timestamp).';

COMMENT ON INDEX auxeira.subscription_events_payment_reference_key IS
    'Partial unique index: a provider payment reference is recorded at most once, so a webhook '
    'delivered twice inserts one row. Rows without a reference are not constrained.';
COMMENT ON INDEX auxeira.subscription_events_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';
