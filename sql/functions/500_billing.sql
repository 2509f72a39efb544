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
