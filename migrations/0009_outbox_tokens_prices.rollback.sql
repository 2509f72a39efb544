-- Undo 0009_outbox_tokens_prices.
SET LOCAL ROLE auxeira_owner;

DROP TRIGGER price_list_audit ON auxeira.price_list;
DROP FUNCTION auxeira.price_list_audit();

-- 4. and 3. Tokens: services write their ledger again (the 0001 policy).
DROP POLICY token_transactions_self_select ON auxeira.token_transactions;
CREATE POLICY token_transactions_self ON auxeira.token_transactions
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY token_transactions_self ON auxeira.token_transactions IS
    'A user reads and writes their own token transactions.';
GRANT INSERT, UPDATE, DELETE ON auxeira.token_transactions TO auxeira_app;

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

    -- Logging an interview progresses today's customer_interview action of that company.
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
      AND (a.company_id IS NULL OR a.company_id = written.company_id);

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
    'of no company). SECURITY INVOKER: row-level security checks the insert.';

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

    -- Recording evidence progresses today's evidence_upload action of that company.
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
      AND (a.company_id IS NULL OR a.company_id = written.company_id);

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
    'evidence_upload daily action. SECURITY INVOKER: row-level security checks the insert.';

COMMENT ON COLUMN auxeira.founder_daily_actions.token_reward IS
    'Tokens the founder earns on completion, >= 0 (credited in token_transactions by the '
    'platform, not by this table).';

DROP FUNCTION auxeira.token_penalty(uuid, integer, text);
DROP FUNCTION auxeira.spend_tokens(text);
DROP FUNCTION auxeira.award_tokens(text, uuid);
DROP FUNCTION auxeira.token_post(uuid, text, integer, text, text, uuid);
DROP FUNCTION auxeira.token_rules();
DROP INDEX auxeira.token_transactions_activity_type_source_id_key;
ALTER TABLE auxeira.token_transactions DROP COLUMN source_id;
COMMENT ON TABLE auxeira.token_transactions IS
    'Reward-token ledger: one row per credit or debit of a user''s tokens, never updated (no '
    'updated_at); a mistake is corrected by a further row. amount is signed, so a user''s balance '
    'is SUM(amount) over that user''s rows, and the tokens of a period are SUM(amount) over its '
    'rows.';
COMMENT ON COLUMN auxeira.token_transactions.created_at IS
    'When the transaction was recorded (transaction timestamp); the ledger''s order.';

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
