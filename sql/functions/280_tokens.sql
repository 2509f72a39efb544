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
         'A customer interview the user recorded in the last day (startup_record_interview): 20 '
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
    me uuid := auxeira.require_user_id();
    rule record;
    tokens integer;
    why text;
    already auxeira.token_transactions;
BEGIN
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
    'startup_record_interview and startup_record_evidence; services may call it too (for a daily '
    'action completed otherwise), since it can only award what the rules allow. SECURITY '
    'DEFINER as auxeira_owner: services cannot write the ledger.';

CREATE FUNCTION auxeira.spend_tokens(product text)
    RETURNS auxeira.token_transactions
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    price auxeira.price_list;
BEGIN
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
