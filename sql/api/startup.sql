-- Startup founder dashboard: the write functions (POST) and the endpoints that return more than one
-- list, each as one statement (a row of JSON lists) over the views and functions of
-- sql/views/startup.sql. Python maps each list onto its dataclass
-- (auxeira_db.dashboards.fetch_report). PL/pgSQL, so that the session keeps each plan (a SQL
-- function with SET search_path is planned per call). Lists are json (not jsonb: building jsonb
-- costs more and buys nothing here), aggregated in the order of the view (ORDER BY in the
-- aggregate) or of the function they come from (its own ORDER BY).

-- GET /api/dashboard/startup/sse-score
CREATE FUNCTION auxeira_dash.startup_sse_report()
    RETURNS TABLE (scores json, breakdown json, history json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(s ORDER BY s.company_name, s.company_id), '[]')
                FROM auxeira_dash.startup_sse_score AS s),
               (SELECT coalesce(json_agg(b ORDER BY b.company_id, b.ordinal), '[]')
                FROM auxeira_dash.startup_sse_breakdown AS b),
               (SELECT coalesce(json_agg(h ORDER BY h.company_id, h.position), '[]')
                FROM auxeira_dash.startup_sse_history AS h);
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_sse_report() IS
    'GET /api/dashboard/startup/sse-score in one statement: scores (rows of startup_sse_score '
    'by company name), breakdown (startup_sse_breakdown by company and ordinal) and history '
    '(startup_sse_history by company and position), each a JSON array of rows.';

-- GET /api/dashboard/startup/tokens
CREATE FUNCTION auxeira_dash.startup_tokens_page(
    page_size integer DEFAULT 50,
    before_created_at timestamptz DEFAULT NULL,
    before_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        balance json,
        transactions json,
        next_before_created_at timestamptz,
        next_before_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        WITH page AS (
            SELECT *
            FROM auxeira_dash.startup_token_transactions(page_size, before_created_at, before_id)
                AS t
        ),
        -- the cursor of the next page: the last (oldest) row's, when the page is full
        tail AS (
            SELECT p.created_at, p.id FROM page AS p
            WHERE (SELECT count(*) FROM page) = page_size
            ORDER BY p.created_at, p.id
            LIMIT 1
        )
        SELECT (SELECT to_json(b) FROM auxeira_dash.startup_token_balance AS b),
               (SELECT coalesce(json_agg(p), '[]') FROM page AS p),
               (SELECT l.created_at FROM tail AS l),
               (SELECT l.id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_tokens_page(integer, timestamptz, uuid) IS
    'GET /api/dashboard/startup/tokens in one statement: balance (the row of '
    'startup_token_balance, NULL without a tenant), one page of transactions '
    '(startup_token_transactions: newest first, page_size 1-500, keyset cursor before_created_at '
    '+ before_id, validated there) and the cursor of the next page (next_before_created_at, '
    'next_before_id: the last row''s, NULL when the page is not full).';

-- GET /api/dashboard/startup/actions
CREATE FUNCTION auxeira_dash.startup_actions_report()
    RETURNS TABLE (today json, progress json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(a ORDER BY a.status = 'completed', a.action_type,
                                          a.company_name, a.id), '[]')
                FROM auxeira_dash.startup_actions_today AS a),
               (SELECT to_json(p) FROM auxeira_dash.startup_action_progress AS p);
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_actions_report() IS
    'GET /api/dashboard/startup/actions in one statement: today (startup_actions_today, open '
    'ones first, then by type and company) and progress (the row of startup_action_progress, '
    'NULL without a tenant).';

-- Write functions (the POST endpoints) ------------------------------------------------------------

CREATE FUNCTION auxeira_dash.startup_record_interview(
    company_id uuid,
    interview_date date,
    interviewee_role text,
    problem_validated boolean,
    willingness_to_pay text DEFAULT 'unknown',
    segment text DEFAULT NULL,
    channel text DEFAULT 'video',
    pain_level integer DEFAULT NULL,
    price_point numeric DEFAULT NULL,
    notes text DEFAULT NULL,
    idempotency_key text DEFAULT NULL
)
    RETURNS auxeira.customer_interviews
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    role_text text := nullif(btrim(interviewee_role), '');
    segment_text text := nullif(btrim(segment), '');
    written auxeira.customer_interviews;
BEGIN
    written := jsonb_populate_record(written,
        auxeira.idempotent_replay('startup_record_interview', startup_record_interview.idempotency_key));
    IF written.id IS NOT NULL THEN
        RETURN written;  -- a retry: the first call's result
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
        startup_record_interview.company_id, me, startup_record_interview.interview_date, role_text,
        segment_text, startup_record_interview.channel, startup_record_interview.problem_validated,
        startup_record_interview.pain_level, startup_record_interview.willingness_to_pay,
        startup_record_interview.price_point, startup_record_interview.notes)
    RETURNING * INTO written;

    -- Tokens by rule (auxeira.token_rules): the interview, and any daily action it completes.
    PERFORM auxeira.award_tokens('customer_interview', written.id);

    -- Logging an interview progresses today's customer_interview action of that company.
    PERFORM auxeira.progress_daily_actions('customer_interview', written.company_id);

    PERFORM auxeira.idempotent_record(
        'startup_record_interview', startup_record_interview.idempotency_key, to_jsonb(written));
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_record_interview(
    uuid, date, text, boolean, text, text, text, integer, numeric, text, text) IS
    'POST /api/dashboard/startup/interview: logs a customer interview for one of the current '
    'founder''s companies and returns the row. Validates every value (company owned by the '
    'caller; date from 2000-01-01 to today; role 1-100 characters; willingness_to_pay none, '
    'low, medium, high or unknown; channel in_person, video, phone, survey or other; pain_level '
    '1-5; price_point >= 0; notes <= 20000 characters) and raises invalid_parameter_value '
    'otherwise. Also progresses today''s customer_interview daily action of that company (or '
    'of no company), and awards the tokens of the rules (auxeira.award_tokens): the interview, '
    'and each daily action it completes. SECURITY INVOKER: row-level security checks the '
    'insert. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay). Replaces startup_log_interview (0017).';


CREATE FUNCTION auxeira_dash.startup_record_evidence(
    company_id uuid,
    evidence_kind text,
    title text,
    file_uri text,
    file_sha256 text,
    size_bytes bigint,
    media_type text DEFAULT NULL,
    interview_id uuid DEFAULT NULL,
    note text DEFAULT NULL,
    idempotency_key text DEFAULT NULL
)
    RETURNS auxeira.startup_evidence
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.require_user_id();
    title_text text := nullif(btrim(title), '');
    hash text := lower(btrim(file_sha256));
    mime text := lower(nullif(btrim(media_type), ''));
    written auxeira.startup_evidence;
BEGIN
    written := jsonb_populate_record(written,
        auxeira.idempotent_replay('startup_record_evidence',
                                  startup_record_evidence.idempotency_key));
    IF written.id IS NOT NULL THEN
        RETURN written;  -- a retry: the first call's result
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
        PERFORM auxeira.idempotent_record(
            'startup_record_evidence', startup_record_evidence.idempotency_key, to_jsonb(written));
        RETURN written;
    END IF;

    -- Tokens by rule (auxeira.token_rules): the evidence, and any daily action it completes.
    PERFORM auxeira.award_tokens('evidence_uploaded', written.id);

    -- Recording evidence progresses today's evidence_upload action of that company.
    PERFORM auxeira.progress_daily_actions('evidence_upload', written.company_id);

    PERFORM auxeira.idempotent_record(
        'startup_record_evidence', startup_record_evidence.idempotency_key, to_jsonb(written));
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_record_evidence(
    uuid, text, text, text, text, bigint, text, uuid, text, text) IS
    'POST /api/dashboard/startup/evidence: records evidence for one of the current founder''s '
    'companies as a file reference (file_uri) and the SHA-256 of its bytes (64 hexadecimal '
    'digits, stored lower-cased), never the bytes, and returns the row. Validates every value '
    '(company owned by the caller; kind; title 1-255 characters; URI with a scheme; hash; '
    'size > 0; MIME type; interview of the same company; note <= 5000 characters) and raises '
    'invalid_parameter_value otherwise. Idempotent per file: the same hash for the same '
    'company returns the existing record unchanged. A new record progresses today''s '
    'evidence_upload daily action and awards the tokens of the rules (auxeira.award_tokens): '
    'the evidence, and each daily action it completes. SECURITY INVOKER: row-level security '
    'checks the insert. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay).';

-- The founder's answer to a relationship

CREATE FUNCTION auxeira_dash.startup_answer_relationship(
    relationship text,
    id uuid,
    answer text,
    idempotency_key text DEFAULT NULL
)
    RETURNS text
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    company uuid;
    current text;
    target text;
    replayed jsonb := auxeira.idempotent_replay('startup_answer_relationship',
                                                startup_answer_relationship.idempotency_key);
BEGIN
    IF replayed IS NOT NULL THEN
        RETURN replayed #>> '{}';  -- a retry: the first call's result
    END IF;
    target := CASE startup_answer_relationship.answer
                  WHEN 'accept' THEN 'accepted'
                  WHEN 'reject' THEN 'rejected'
                  WHEN 'revoke' THEN 'revoked'
              END;
    IF target IS NULL THEN
        RAISE EXCEPTION 'answer must be accept, reject or revoke, not %',
            coalesce(quote_literal(startup_answer_relationship.answer), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    CASE startup_answer_relationship.relationship
        WHEN 'investment' THEN
            SELECT i.company_id, i.founder_consent INTO company, current
            FROM auxeira.investments AS i WHERE i.id = startup_answer_relationship.id
            FOR UPDATE;
        WHEN 'partnership' THEN
            SELECT p.startup_id, p.founder_consent INTO company, current
            FROM auxeira.corporate_partnerships AS p WHERE p.id = startup_answer_relationship.id
            FOR UPDATE;
        WHEN 'syndicate' THEN
            SELECT s.company_id, s.founder_consent INTO company, current
            FROM auxeira.syndicates AS s WHERE s.id = startup_answer_relationship.id
            FOR UPDATE;
        ELSE
            RAISE EXCEPTION 'relationship must be investment, partnership or syndicate, not %',
                coalesce(quote_literal(startup_answer_relationship.relationship), 'NULL')
                USING ERRCODE = 'invalid_parameter_value';
    END CASE;
    -- The same answer for a missing row and for someone else's: existence is not revealed.
    IF company IS NULL OR NOT auxeira.owns_company(company) THEN
        RAISE EXCEPTION 'no % % on a company of yours', startup_answer_relationship.relationship,
            startup_answer_relationship.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF current = target THEN
        PERFORM auxeira.idempotent_record('startup_answer_relationship',
                                          startup_answer_relationship.idempotency_key,
                                          to_jsonb(current));
        RETURN current;
    END IF;
    IF target = 'revoked' AND current <> 'accepted' THEN
        RAISE EXCEPTION 'only an accepted % can be revoked (it is %)',
            startup_answer_relationship.relationship, current
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'reject a pending one instead';
    END IF;
    IF target = 'rejected' AND current <> 'pending' THEN
        RAISE EXCEPTION 'only a pending % can be rejected (it is %)',
            startup_answer_relationship.relationship, current
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'revoke an accepted one instead';
    END IF;
    CASE startup_answer_relationship.relationship
        WHEN 'investment' THEN
            UPDATE auxeira.investments AS i
            SET founder_consent = target, founder_consent_at = now()
            WHERE i.id = startup_answer_relationship.id;
        WHEN 'partnership' THEN
            UPDATE auxeira.corporate_partnerships AS p
            SET founder_consent = target, founder_consent_at = now()
            WHERE p.id = startup_answer_relationship.id;
        ELSE
            UPDATE auxeira.syndicates AS s
            SET founder_consent = target, founder_consent_at = now()
            WHERE s.id = startup_answer_relationship.id;
    END CASE;
    PERFORM auxeira.idempotent_record('startup_answer_relationship',
                                      startup_answer_relationship.idempotency_key,
                                      to_jsonb(target));
    RETURN target;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text, text) IS
    'POST /api/dashboard/startup/relationships/:id: the current founder answers a relationship '
    'recorded against one of their companies (relationship: investment, partnership or '
    'syndicate; answer: accept, reject or revoke) and gets the new founder_consent back. '
    'accept opens the company''s confidential data to the investor (any earlier answer may be '
    'changed to accept); reject answers a pending one; revoke closes an accepted one again, '
    'keeping the row. Idempotent. Raises insufficient_privilege for a relationship that is '
    'missing or not on the caller''s company (without telling which), invalid_parameter_value '
    'for a bad argument or transition. SECURITY DEFINER: only it (as the platform) changes '
    'founder_consent; every change is audited by the relationship_guard trigger. With an '
    'idempotency_key (0017), a retry returns the first call''s answer and changes nothing '
    '(auxeira.idempotent_replay).';

-- Deprecated names (0017), kept for one release: thin wrappers, removed in the next release --

CREATE FUNCTION auxeira_dash.startup_log_interview(
    company_id uuid, interview_date date, interviewee_role text, problem_validated boolean,
    willingness_to_pay text DEFAULT 'unknown', segment text DEFAULT NULL,
    channel text DEFAULT 'video', pain_level integer DEFAULT NULL,
    price_point numeric DEFAULT NULL, notes text DEFAULT NULL, idempotency_key text DEFAULT NULL)
    RETURNS auxeira.customer_interviews
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM auxeira_dash.startup_record_interview(
        company_id, interview_date, interviewee_role, problem_validated, willingness_to_pay,
        segment, channel, pain_level, price_point, notes, idempotency_key)
$$;

COMMENT ON FUNCTION auxeira_dash.startup_log_interview(
    uuid, date, text, boolean, text, text, text, integer, numeric, text, text) IS
    'DEPRECATED since 0017, to be removed in the next release: use '
    'auxeira_dash.startup_record_interview (same arguments). Calls it and returns its row.';

-- Keyset-paged lists (0026) ----------------------------------------------------------------------

-- GET /api/dashboard/startup/overview
CREATE FUNCTION auxeira_dash.startup_overview_page(
    page_size integer DEFAULT 50,
    after_company_name text DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (overview json, next_company_name text, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(startup_overview_page.page_size,
                               startup_overview_page.after_company_name IS NOT NULL,
                               startup_overview_page.after_id IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            -- served by companies_user_id_name_id_idx (user_id, name, id)
            SELECT o.*
            FROM auxeira_dash.startup_overview AS o
            WHERE startup_overview_page.after_id IS NULL
               OR (o.company_name::text, o.company_id)
                  > (startup_overview_page.after_company_name, startup_overview_page.after_id)
            ORDER BY o.company_name, o.company_id
            LIMIT startup_overview_page.page_size
        )
        -- the cursor of the next page: the last row's, when the page is full
        SELECT coalesce(json_agg(p ORDER BY p.company_name, p.company_id), '[]'),
               CASE WHEN count(*) = startup_overview_page.page_size
                    THEN (array_agg(p.company_name::text
                                    ORDER BY p.company_name DESC, p.company_id DESC))[1] END,
               CASE WHEN count(*) = startup_overview_page.page_size
                    THEN (array_agg(p.company_id
                                    ORDER BY p.company_name DESC, p.company_id DESC))[1] END
        FROM page AS p;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_overview_page(integer, text, uuid) IS
    'GET /api/dashboard/startup/overview in one statement: one page of startup_overview (by '
    'company name, then company_id; page_size 1-500, after the cursor after_company_name, '
    'after_id = the last row of the previous page, both or neither: auxeira.check_page) and '
    'the cursor of the next page (next_company_name, next_id: NULL after the last page). 0026.';

-- GET /api/dashboard/startup/relationships
CREATE FUNCTION auxeira_dash.startup_relationships_page(
    page_size integer DEFAULT 50,
    after_pending boolean DEFAULT NULL,
    after_created_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        relationships json,
        next_pending boolean,
        next_created_at timestamptz,
        next_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    given integer := num_nonnulls(startup_relationships_page.after_pending,
                                  startup_relationships_page.after_created_at,
                                  startup_relationships_page.after_id);
BEGIN
    PERFORM auxeira.check_page(startup_relationships_page.page_size, given = 3, given > 0);
    RETURN QUERY
        WITH page AS (
            -- pending first (true > false, so DESC), then newest first; the id breaks ties
            SELECT r.*, r.founder_consent = 'pending' AS pending
            FROM auxeira_dash.startup_relationships AS r
            WHERE given = 0
               OR (r.founder_consent = 'pending', r.created_at, r.id)
                  < (startup_relationships_page.after_pending,
                     startup_relationships_page.after_created_at,
                     startup_relationships_page.after_id)
            ORDER BY r.founder_consent = 'pending' DESC, r.created_at DESC, r.id DESC
            LIMIT startup_relationships_page.page_size
        )
        SELECT coalesce(json_agg(p ORDER BY p.pending DESC, p.created_at DESC, p.id DESC), '[]'),
               CASE WHEN count(*) = startup_relationships_page.page_size
                    THEN (array_agg(p.pending ORDER BY p.pending, p.created_at, p.id))[1] END,
               CASE WHEN count(*) = startup_relationships_page.page_size
                    THEN (array_agg(p.created_at ORDER BY p.pending, p.created_at, p.id))[1] END,
               CASE WHEN count(*) = startup_relationships_page.page_size
                    THEN (array_agg(p.id ORDER BY p.pending, p.created_at, p.id))[1] END
        FROM page AS p;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_relationships_page(integer, boolean, timestamptz, uuid) IS
    'GET /api/dashboard/startup/relationships in one statement: one page of '
    'startup_relationships (pending ones first, then newest first: pending DESC, created_at '
    'DESC, id DESC; each row has pending = founder_consent is ''pending''; page_size 1-500, '
    'after the cursor after_pending, after_created_at, after_id = the last row of the previous '
    'page, all three or none: auxeira.check_page) and the cursor of the next page (NULL after '
    'the last page). 0026.';
