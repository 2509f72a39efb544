-- Undo 0022_billing: drops the billing tables and functions, the plans of the price list and
-- its new columns, the new subscription_events columns and event types (rows of the new types
-- are deleted first: they have no meaning before 0022), and the currencies' exponents.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira_analytics.conversion_funnel(date, date);
DROP FUNCTION auxeira_analytics.revenue_metrics(date, date, text, text);
DROP FUNCTION auxeira.may_use(text, uuid);
DROP FUNCTION auxeira.billing_expire_lapsed(timestamptz);
DROP FUNCTION auxeira.billing_record_webhook(text, text, text, timestamptz, integer, jsonb, text,
    text, text, boolean, jsonb, jsonb);
DROP FUNCTION auxeira.billing_settle(uuid);
DROP FUNCTION auxeira.subscription_transition(uuid, text, text, text, numeric, text,
    timestamptz, timestamptz, boolean, timestamptz, text, text, text, text, integer, integer,
    text);
DROP FUNCTION auxeira.billing_event_key(timestamptz, integer, text);
DROP FUNCTION auxeira.tier_rank(text);
DROP FUNCTION auxeira.minor_to_major(bigint, text);

DROP TABLE auxeira.payment_webhook_events;
DROP TABLE auxeira.billing_customers;
DROP TABLE auxeira.subscriptions;

DELETE FROM auxeira.price_list WHERE kind = 'plan';
ALTER TABLE auxeira.price_list
    DROP CONSTRAINT price_list_plan_check,
    DROP CONSTRAINT price_list_kind_check,
    DROP COLUMN billing_cycle,
    DROP COLUMN tier,
    DROP COLUMN kind;

UPDATE auxeira.currencies SET minor_units = 2 WHERE code IN ('JPY', 'UGX', 'RWF', 'XOF');

DROP INDEX auxeira.subscription_events_user_occurred_idx;
DELETE FROM auxeira.subscription_events
WHERE event_type IN ('expired', 'reactivated', 'updated', 'charged', 'refunded', 'disputed')
   OR currency NOT IN ('USD', 'EUR', 'GBP', 'NGN', 'KES', 'GHS', 'ZAR');
ALTER TABLE auxeira.subscription_events
    DROP CONSTRAINT subscription_events_mrr_check,
    DROP CONSTRAINT subscription_events_status_check,
    DROP CONSTRAINT subscription_events_currency_fkey,
    DROP COLUMN mrr,
    DROP COLUMN status,
    DROP COLUMN occurred_at,
    DROP CONSTRAINT subscription_events_event_type_check,
    ADD CONSTRAINT subscription_events_event_type_check CHECK (
        event_type IN (
            'trial_started',
            'subscribed',
            'upgraded',
            'downgraded',
            'renewed',
            'cancelled',
            'payment_failed'
        )
    ),
    ADD CONSTRAINT subscription_events_currency_check CHECK (
        currency IN ('USD', 'EUR', 'GBP', 'NGN', 'KES', 'GHS', 'ZAR')
    );
COMMENT ON COLUMN auxeira.subscription_events.event_type IS
    'What happened: trial_started (free trial began), subscribed (first paid subscription), '
    'upgraded (moved to a higher tier), downgraded (moved to a lower tier), renewed (a billing '
    'period was paid and the subscription continues), cancelled (the user or the system ended the '
    'subscription), payment_failed (a charge was declined; grace period may apply). Required.';
COMMENT ON COLUMN auxeira.subscription_events.currency IS
    'ISO 4217 code of amount: USD (default), EUR, GBP, NGN (Nigerian naira), KES (Kenyan '
    'shilling), GHS (Ghanaian cedi), ZAR (South African rand). Must be present when amount is.';
