-- Undo 0014_shared_helpers: the functions, views and comments of 0010 again; the helpers,
-- the one-statement endpoints and auxeira.idempotency_keys (with the stored results) dropped.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira_dash.startup_sse_report();

DROP FUNCTION auxeira_dash.startup_tokens_page(integer, timestamptz, uuid);

DROP FUNCTION auxeira_dash.startup_actions_report();

DROP FUNCTION auxeira_dash.esg_education_impact_report();

DROP FUNCTION auxeira_dash.government_compliance_report(integer, text, text, uuid);

DROP FUNCTION auxeira_dash.corporate_auction_board(integer, timestamptz, uuid);

DROP FUNCTION auxeira_dash.corporate_roi_report();

DROP FUNCTION auxeira_dash.startup_log_interview(uuid, date, text, boolean, text, text, text, integer, numeric, text, text);

CREATE FUNCTION auxeira_dash.startup_log_interview(
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

REVOKE EXECUTE ON FUNCTION auxeira_dash.startup_log_interview(uuid, date, text, boolean, text, text, text, integer, numeric, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.startup_log_interview(uuid, date, text, boolean, text, text, text, integer, numeric, text) TO auxeira_app;

DROP FUNCTION auxeira_dash.startup_record_evidence(uuid, text, text, text, text, bigint, text, uuid, text, text);

CREATE FUNCTION auxeira_dash.startup_record_evidence(
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

REVOKE EXECUTE ON FUNCTION auxeira_dash.startup_record_evidence(uuid, text, text, text, text, bigint, text, uuid, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.startup_record_evidence(uuid, text, text, text, text, bigint, text, uuid, text) TO auxeira_app;

DROP FUNCTION auxeira_dash.esg_education_log_program(text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text, text, text);

CREATE FUNCTION auxeira_dash.esg_education_log_program(
    name text,
    country_code text,
    education_level text,
    start_date date,
    delivery_mode text DEFAULT 'in_person',
    status text DEFAULT 'active',
    end_date date DEFAULT NULL,
    budget numeric DEFAULT NULL,
    currency text DEFAULT 'USD',
    target_students integer DEFAULT NULL,
    target_teachers integer DEFAULT NULL,
    sdg_targets text[] DEFAULT '{}',
    region text DEFAULT NULL,
    description text DEFAULT NULL
)
    RETURNS auxeira.education_programmes
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    me_type text;
    name_text text := nullif(btrim(name), '');
    country text := upper(btrim(country_code));
    money text := upper(btrim(currency));
    region_text text := nullif(btrim(region), '');
    targets varchar(3)[];
    bad text;
    written auxeira.education_programmes;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no current user: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT u.user_type INTO me_type FROM auxeira.users AS u WHERE u.id = me;
    IF me_type IS DISTINCT FROM 'esg' THEN
        RAISE EXCEPTION 'only ESG accounts (user_type esg) log education programmes'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF name_text IS NULL OR length(name_text) > 255 THEN
        RAISE EXCEPTION 'name is required (1-255 characters)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF country IS NULL OR country !~ '^[A-Z]{2}$' THEN
        RAISE EXCEPTION 'country_code must be an ISO 3166-1 alpha-2 code such as NG, got %',
            coalesce(country_code, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF education_level IS NULL OR education_level NOT IN (
        'early_childhood', 'primary', 'secondary', 'tvet', 'tertiary', 'adult',
        'teacher_education', 'mixed') THEN
        RAISE EXCEPTION 'education_level must be early_childhood, primary, secondary, tvet, '
                        'tertiary, adult, teacher_education or mixed, got %',
            coalesce(education_level, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF delivery_mode IS NULL OR delivery_mode NOT IN ('in_person', 'online', 'blended') THEN
        RAISE EXCEPTION 'delivery_mode must be in_person, online or blended, got %',
            coalesce(delivery_mode, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF status IS NULL OR status NOT IN ('planned', 'active', 'completed', 'suspended') THEN
        RAISE EXCEPTION 'status must be planned, active, completed or suspended, got %',
            coalesce(status, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF start_date IS NULL OR start_date < DATE '1990-01-01' THEN
        RAISE EXCEPTION 'start_date is required and not before 1990-01-01, got %', start_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF end_date < start_date THEN
        RAISE EXCEPTION 'end_date % is before start_date %', end_date, start_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF budget < 0 OR budget >= 1e13 THEN
        RAISE EXCEPTION 'budget must be >= 0 and below 10^13, got %', budget
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF money IS NULL OR money !~ '^[A-Z]{3}$' THEN
        RAISE EXCEPTION 'currency must be an ISO 4217 code such as USD, got %',
            coalesce(currency, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target_students < 0 OR target_teachers < 0 THEN
        RAISE EXCEPTION 'target_students and target_teachers must be >= 0'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF region_text IS NOT NULL AND length(region_text) > 100 THEN
        RAISE EXCEPTION 'region is at most 100 characters'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT string_agg(coalesce(t, 'NULL'), ', ') INTO bad
    FROM unnest(coalesce(sdg_targets, '{}')) AS t
    WHERE t IS NULL
       OR t NOT IN ('4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.a', '4.b', '4.c');
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'sdg_targets must be SDG 4 targets (4.1-4.7, 4.a-4.c), got %', bad
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(array_agg(DISTINCT t ORDER BY t), '{}') INTO targets
    FROM unnest(coalesce(sdg_targets, '{}')) AS t;
    IF EXISTS (SELECT FROM auxeira.education_programmes AS p
               WHERE p.user_id = me AND p.name = name_text
                 AND p.start_date = esg_education_log_program.start_date) THEN
        RAISE EXCEPTION 'programme "%" starting % is already logged', name_text, start_date
            USING ERRCODE = 'unique_violation';
    END IF;

    INSERT INTO auxeira.education_programmes (
        user_id, name, description, country_code, region, education_level, delivery_mode,
        status, start_date, end_date, budget, currency, target_students, target_teachers,
        sdg_targets)
    VALUES (
        me, name_text, esg_education_log_program.description, country, region_text,
        esg_education_log_program.education_level, esg_education_log_program.delivery_mode,
        esg_education_log_program.status, esg_education_log_program.start_date,
        esg_education_log_program.end_date, esg_education_log_program.budget, money,
        esg_education_log_program.target_students, esg_education_log_program.target_teachers,
        targets)
    RETURNING * INTO written;
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_log_program(
    text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text,
    text) IS
    'POST /api/dashboard/esg-education/program: logs an education programme owned by the '
    'current user (who must be an ESG account) and returns the row. Validates every value '
    '(name 1-255 characters; ISO country and currency codes, upper-cased; education_level, '
    'delivery_mode and status from their lists; start_date from 1990; end_date >= start_date; '
    'budget and targets >= 0; sdg_targets among 4.1-4.7 and 4.a-4.c, de-duplicated and sorted) '
    'and raises invalid_parameter_value otherwise; the same name and start date twice raises '
    'unique_violation. Appears in the impact figures after the next refresh of '
    'auxeira_mv.esg_programme_impact. SECURITY INVOKER: row-level security checks the insert.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.esg_education_log_program(text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.esg_education_log_program(text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text, text) TO auxeira_app;

DROP FUNCTION auxeira_dash.government_log_policy(text, text, text, date, date, numeric, jsonb, text, text, text, text);

CREATE FUNCTION auxeira_dash.government_log_policy(
    name text,
    jurisdiction text,
    instrument_type text,
    start_date date,
    end_date date DEFAULT NULL,
    budget numeric DEFAULT NULL,
    target_metrics jsonb DEFAULT '{}',
    description text DEFAULT NULL,
    target_industry text DEFAULT NULL,
    target_stage text DEFAULT NULL
)
    RETURNS auxeira.government_policies
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    existing uuid;
    bad_key text;
    result auxeira.government_policies;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM auxeira.users AS u WHERE u.id = me AND u.user_type = 'government')
    THEN
        RAISE EXCEPTION 'only government users log policies' USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(btrim(government_log_policy.name), '') = '' THEN
        RAISE EXCEPTION 'a policy needs a name' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(btrim(government_log_policy.jurisdiction), '') = '' THEN
        RAISE EXCEPTION 'a policy needs a jurisdiction' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.instrument_type IS NULL
       OR government_log_policy.instrument_type NOT IN ('grant', 'tax-credit', 'regulation',
                                                        'programme') THEN
        RAISE EXCEPTION 'instrument_type must be grant, tax-credit, regulation or programme, not %',
            coalesce(government_log_policy.instrument_type, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.start_date IS NULL THEN
        RAISE EXCEPTION 'a policy needs a start_date' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.end_date < government_log_policy.start_date THEN
        RAISE EXCEPTION 'end_date % is before start_date %',
            government_log_policy.end_date, government_log_policy.start_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.budget < 0 THEN
        RAISE EXCEPTION 'budget must be >= 0, not %', government_log_policy.budget
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(coalesce(government_log_policy.target_metrics, '{}')) <> 'object' THEN
        RAISE EXCEPTION 'target_metrics must be a JSON object of numbers keyed by metric'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT t.key INTO bad_key
    FROM jsonb_each(coalesce(government_log_policy.target_metrics, '{}')) AS t
    WHERE jsonb_typeof(t.value) <> 'number'
       OR t.key NOT IN ('jobs_created', 'jobs_supported', 'tax_revenue_generated',
                        'gdp_contribution', 'export_revenue', 'r_and_d_spending', 'patents_filed',
                        'local_supplier_spend', 'community_investment', 'companies_supported',
                        'private_investment_leveraged')
    LIMIT 1;
    IF bad_key IS NOT NULL THEN
        RAISE EXCEPTION 'target_metrics: % is not a known metric with a numeric target', bad_key
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy.target_stage NOT IN ('pre-seed', 'seed', 'series-a', 'series-b',
                                                  'series-c+') THEN
        RAISE EXCEPTION 'target_stage must be pre-seed, seed, series-a, series-b or series-c+, '
            'not %', government_log_policy.target_stage
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Logging the same policy (owner, name, jurisdiction) again updates it.
    SELECT p.id INTO existing
    FROM auxeira.government_policies AS p
    WHERE p.owner_id = me
      AND lower(p.name) = lower(btrim(government_log_policy.name))
      AND lower(p.jurisdiction) = lower(btrim(government_log_policy.jurisdiction))
    FOR UPDATE;

    IF existing IS NULL THEN
        INSERT INTO auxeira.government_policies AS p
            (owner_id, name, jurisdiction, instrument_type, description, start_date, end_date,
             budget, target_metrics, target_industry, target_stage)
        VALUES (me, btrim(government_log_policy.name), btrim(government_log_policy.jurisdiction),
                government_log_policy.instrument_type, government_log_policy.description,
                government_log_policy.start_date, government_log_policy.end_date,
                government_log_policy.budget,
                coalesce(government_log_policy.target_metrics, '{}'),
                government_log_policy.target_industry, government_log_policy.target_stage)
        RETURNING p.* INTO result;
    ELSE
        UPDATE auxeira.government_policies AS p
        SET instrument_type = government_log_policy.instrument_type,
            description = government_log_policy.description,
            start_date = government_log_policy.start_date,
            end_date = government_log_policy.end_date,
            budget = government_log_policy.budget,
            target_metrics = coalesce(government_log_policy.target_metrics, '{}'),
            target_industry = government_log_policy.target_industry,
            target_stage = government_log_policy.target_stage
        WHERE p.id = existing
        RETURNING p.* INTO result;
    END IF;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_log_policy(text, text, text, date, date, numeric, jsonb, text, text, text) IS
    'Serves POST /api/dashboard/government/policy (the policy): logs a policy of the calling '
    'government user, or updates it when the caller already has one with the same name and '
    'jurisdiction (case-insensitive), and returns the row. Validates every value and raises '
    'invalid_parameter_value with a clear message (instrument type, dates, budget, targets: a '
    'JSON object of numbers keyed by known metrics, stage). SECURITY INVOKER: row-level '
    'security applies.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.government_log_policy(text, text, text, date, date, numeric, jsonb, text, text, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.government_log_policy(text, text, text, date, date, numeric, jsonb, text, text, text) TO auxeira_app;

DROP FUNCTION auxeira_dash.government_log_policy_impact(uuid, text, date, date, numeric, numeric, integer, text, text);

CREATE FUNCTION auxeira_dash.government_log_policy_impact(
    policy_id uuid,
    metric text,
    period_start date,
    period_end date,
    measured numeric,
    baseline numeric DEFAULT NULL,
    attributed_companies integer DEFAULT NULL,
    methodology text DEFAULT NULL
)
    RETURNS auxeira.government_policy_impacts
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    result auxeira.government_policy_impacts;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT FROM auxeira.government_policies AS p
                   WHERE p.id = government_log_policy_impact.policy_id AND p.owner_id = me) THEN
        RAISE EXCEPTION 'no policy % of yours', government_log_policy_impact.policy_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.metric IS NULL
       OR government_log_policy_impact.metric NOT IN (
           'jobs_created', 'jobs_supported', 'tax_revenue_generated', 'gdp_contribution',
           'export_revenue', 'r_and_d_spending', 'patents_filed', 'local_supplier_spend',
           'community_investment', 'companies_supported', 'private_investment_leveraged') THEN
        RAISE EXCEPTION 'unknown metric %', coalesce(government_log_policy_impact.metric, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.period_start IS NULL
       OR government_log_policy_impact.period_end IS NULL THEN
        RAISE EXCEPTION 'a measurement needs period_start and period_end'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.period_end < government_log_policy_impact.period_start THEN
        RAISE EXCEPTION 'period_end % is before period_start %',
            government_log_policy_impact.period_end, government_log_policy_impact.period_start
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.measured IS NULL THEN
        RAISE EXCEPTION 'a measurement needs the measured value'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_log_policy_impact.attributed_companies < 0 THEN
        RAISE EXCEPTION 'attributed_companies must be >= 0, not %',
            government_log_policy_impact.attributed_companies
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.government_policy_impacts AS i
        (policy_id, owner_id, metric, period_start, period_end, baseline, measured,
         attributed_companies, methodology)
    VALUES (government_log_policy_impact.policy_id, me, government_log_policy_impact.metric,
            government_log_policy_impact.period_start, government_log_policy_impact.period_end,
            government_log_policy_impact.baseline, government_log_policy_impact.measured,
            government_log_policy_impact.attributed_companies,
            government_log_policy_impact.methodology)
    ON CONFLICT ON CONSTRAINT government_policy_impacts_policy_id_metric_period_key DO UPDATE
    SET baseline = excluded.baseline,
        measured = excluded.measured,
        attributed_companies = excluded.attributed_companies,
        methodology = excluded.methodology
    RETURNING i.* INTO result;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_log_policy_impact(uuid, text, date, date, numeric, numeric, integer, text) IS
    'Serves POST /api/dashboard/government/policy (its measured impact): records the measured '
    'value (and baseline, attributed companies, methodology) of one metric of one of the '
    'caller''s policies over a period; the same policy, metric and period again replaces the '
    'measurement. Returns the row. Raises invalid_parameter_value for an unknown policy or '
    'metric, a reversed period, a missing value or a negative company count. SECURITY INVOKER.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.government_log_policy_impact(uuid, text, date, date, numeric, numeric, integer, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.government_log_policy_impact(uuid, text, date, date, numeric, numeric, integer, text) TO auxeira_app;

DROP FUNCTION auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz, timestamptz, text, text);

CREATE FUNCTION auxeira_dash.corporate_open_auction(
    company_id uuid,
    title text,
    opportunity_type text,
    closes_at timestamptz,
    reserve_amount numeric DEFAULT 0,
    opens_at timestamptz DEFAULT NULL,
    reveal_closes_at timestamptz DEFAULT NULL,
    description text DEFAULT NULL
)
    RETURNS auxeira.partnership_auctions
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    starts timestamptz := coalesce(corporate_open_auction.opens_at, now());
    result auxeira.partnership_auctions;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF corporate_open_auction.company_id IS NULL
       OR NOT auxeira.owns_company(corporate_open_auction.company_id) THEN
        RAISE EXCEPTION 'company % is not yours', corporate_open_auction.company_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(btrim(corporate_open_auction.title), '') = '' THEN
        RAISE EXCEPTION 'an auction needs a title' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.opportunity_type IS NULL
       OR corporate_open_auction.opportunity_type NOT IN ('pilot', 'poc', 'commercial',
                                                          'strategic') THEN
        RAISE EXCEPTION 'opportunity_type must be pilot, poc, commercial or strategic, not %',
            coalesce(corporate_open_auction.opportunity_type, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF starts < now() THEN
        RAISE EXCEPTION 'opens_at % is in the past', starts
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.closes_at IS NULL OR corporate_open_auction.closes_at <= starts THEN
        RAISE EXCEPTION 'closes_at must be after opens_at (%)', starts
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.reveal_closes_at <= corporate_open_auction.closes_at THEN
        RAISE EXCEPTION 'reveal_closes_at must be after closes_at'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_open_auction.reserve_amount IS NULL OR corporate_open_auction.reserve_amount < 0
    THEN
        RAISE EXCEPTION 'reserve_amount must be >= 0, not %',
            coalesce(corporate_open_auction.reserve_amount::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.partnership_auctions AS a
        (company_id, opened_by, title, description, opportunity_type, opens_at, closes_at,
         reveal_closes_at, reserve_amount)
    VALUES (corporate_open_auction.company_id, me, btrim(corporate_open_auction.title),
            corporate_open_auction.description, corporate_open_auction.opportunity_type, starts,
            corporate_open_auction.closes_at,
            coalesce(corporate_open_auction.reveal_closes_at,
                     corporate_open_auction.closes_at + interval '7 days'),
            corporate_open_auction.reserve_amount)
    RETURNING a.* INTO result;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz, timestamptz, text) IS
    'Opens a blind auction of a partnership opportunity for a startup the calling founder owns '
    '(the offer side of GET /api/dashboard/corporate/auctions): bids from opens_at (default '
    'now) to closes_at, reveals until reveal_closes_at (default closes_at + 7 days), reserve '
    'amount (default 0). Returns the row. Raises invalid_parameter_value for a company not '
    'owned, a blank title, an unknown type, a schedule in the past or out of order, a negative '
    'reserve. SECURITY INVOKER: row-level security applies.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz, timestamptz, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.corporate_open_auction(uuid, text, text, timestamptz, numeric, timestamptz, timestamptz, text) TO auxeira_app;

DROP FUNCTION auxeira_dash.corporate_submit_bid(uuid, bytea, text);

CREATE FUNCTION auxeira_dash.corporate_submit_bid(auction_id uuid, commitment bytea)
    RETURNS auxeira.auction_bids
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    result auxeira.auction_bids;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF corporate_submit_bid.commitment IS NULL OR octet_length(corporate_submit_bid.commitment) <> 32
    THEN
        RAISE EXCEPTION 'a commitment is the 32-byte SHA-256 of the bid (see '
            'auxeira.auction_bid_commitment)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF corporate_submit_bid.auction_id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.partnership_auctions AS a
                      WHERE a.id = corporate_submit_bid.auction_id) THEN
        RAISE EXCEPTION 'no auction % open to you', corporate_submit_bid.auction_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- One bid per bidder per auction: committing again while the auction is open replaces
    -- the commitment (the guard trigger refuses it once the auction has closed).
    INSERT INTO auxeira.auction_bids AS b (auction_id, bidder_id, commitment)
    VALUES (corporate_submit_bid.auction_id, me, corporate_submit_bid.commitment)
    ON CONFLICT ON CONSTRAINT auction_bids_auction_id_bidder_id_key DO UPDATE
    SET commitment = excluded.commitment
    RETURNING b.* INTO result;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_submit_bid(uuid, bytea) IS
    'Serves POST /api/dashboard/corporate/bid (the "encrypted" bid): stores the caller''s sealed '
    'bid on an auction as a commitment only (32-byte SHA-256, computed client-side by '
    'auxeira_db.dashboards.corporate.bid_commitment); amount and nonce stay NULL. Allowed while '
    'the auction is open; committing again before it closes replaces the commitment. Returns '
    'the bid row. The trigger auxeira.auction_bids_guard() refuses a closed, cancelled or not '
    'yet open auction and a non-corporate bidder. SECURITY INVOKER.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.corporate_submit_bid(uuid, bytea) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.corporate_submit_bid(uuid, bytea) TO auxeira_app;

DROP FUNCTION auxeira_dash.corporate_reveal_bid(uuid, numeric, text, text);

CREATE FUNCTION auxeira_dash.corporate_reveal_bid(auction_id uuid, amount numeric, nonce text)
    RETURNS auxeira.auction_bids
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    result auxeira.auction_bids;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: call inside auxeira_db.tenant()'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF corporate_reveal_bid.amount IS NULL OR corporate_reveal_bid.nonce IS NULL THEN
        RAISE EXCEPTION 'a reveal needs both the amount and the nonce'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Same rules as the commitment: refuse rather than round or normalise.
    PERFORM auxeira.auction_bid_commitment(corporate_reveal_bid.auction_id, me,
                                           corporate_reveal_bid.amount,
                                           corporate_reveal_bid.nonce);
    UPDATE auxeira.auction_bids AS b
    SET amount = corporate_reveal_bid.amount,
        nonce = corporate_reveal_bid.nonce
    WHERE b.auction_id = corporate_reveal_bid.auction_id AND b.bidder_id = me
    RETURNING b.* INTO result;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'you have no bid on auction %', corporate_reveal_bid.auction_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_reveal_bid(uuid, numeric, text) IS
    'Serves POST /api/dashboard/corporate/bid (the reveal): after the auction closed and before '
    'its reveal window ends, stores the caller''s amount and nonce; the trigger '
    'auxeira.auction_bids_guard() recomputes the commitment and refuses a mismatch (nothing is '
    'written). Revealing the same values again is a no-op; a revealed bid is final. Returns the '
    'bid row. SECURITY INVOKER.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.corporate_reveal_bid(uuid, numeric, text) FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.corporate_reveal_bid(uuid, numeric, text) TO auxeira_app;

DROP FUNCTION auxeira_dash.corporate_auctions(integer, timestamptz, uuid);

CREATE FUNCTION auxeira_dash.corporate_auctions()
    RETURNS TABLE (
        auction_id uuid,
        company_id uuid,
        company_name text,
        industry text,
        stage text,
        title text,
        description text,
        opportunity_type text,
        opens_at timestamptz,
        closes_at timestamptz,
        reveal_closes_at timestamptz,
        reserve_amount numeric,
        status text,
        opened_by_me boolean,
        my_bid_status text,
        my_committed_at timestamptz,
        my_amount numeric
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT a.id, a.company_id, c.name, c.industry, c.stage, a.title, a.description,
           a.opportunity_type, a.opens_at, a.closes_at, a.reveal_closes_at, a.reserve_amount,
           auxeira.partnership_auction_status(a.opens_at, a.closes_at, a.reveal_closes_at,
                                              a.cancelled_at),
           coalesce(a.opened_by = auxeira.current_user_id(), false),
           CASE WHEN b.id IS NULL THEN 'none'
                WHEN b.revealed_at IS NULL THEN 'sealed'
                ELSE 'revealed' END,
           b.committed_at,
           b.amount
    FROM auxeira.partnership_auctions AS a
    LEFT JOIN auxeira.companies AS c ON c.id = a.company_id
    LEFT JOIN auxeira.auction_bids AS b
           ON b.auction_id = a.id AND b.bidder_id = auxeira.current_user_id()
    WHERE a.opened_by = auxeira.current_user_id()
       OR EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'corporate')
    ORDER BY a.closes_at, a.id
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_auctions() IS
    'Serves GET /api/dashboard/corporate/auctions: the blind auction opportunities (for a '
    'corporate caller every auction; for a founder the ones it opened) with the startup, '
    'schedule, reserve, phase (auxeira.partnership_auction_status) and the caller''s own bid: '
    'none, sealed (committed, amount unknown to everyone but the bidder) or revealed (with its '
    'amount). Never other bidders'' bids. SECURITY DEFINER to show the startup''s name, which '
    'corporate users cannot read under row-level security.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.corporate_auctions() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.corporate_auctions() TO auxeira_app, auxeira_readonly;

DROP FUNCTION auxeira_dash.government_compliance_companies(integer, text, text, uuid);

CREATE FUNCTION auxeira_dash.government_compliance_companies()
    RETURNS TABLE (
        requirement_id uuid,
        code text,
        company_id uuid,
        company_name text,
        industry text,
        stage text,
        status text,
        assessed_on date,
        evidence_reference text
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.id, r.code, c.id, c.name, c.industry, c.stage, cc.status, cc.assessed_on,
           cc.evidence_reference
    FROM auxeira.company_compliance AS cc
    JOIN auxeira.regulatory_requirements AS r ON r.id = cc.requirement_id
    JOIN auxeira.companies AS c ON c.id = cc.company_id
    WHERE cc.shared_with_regulator
      AND EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (r.owner_id IS NULL OR r.owner_id = auxeira.current_user_id())
    ORDER BY r.code, c.name, c.id
$$;

COMMENT ON FUNCTION auxeira_dash.government_compliance_companies() IS
    'Serves the detail of GET /api/dashboard/government/compliance: the per-company statuses a '
    'company chose to share (company_compliance.shared_with_regulator) for requirements the '
    'caller published, or platform-curated ones (owner_id NULL). Never the notes. Rows only for '
    'a signed-in government user. SECURITY DEFINER because the caller cannot read companies '
    'under row-level security; it filters by auxeira.current_user_id() itself.';

REVOKE EXECUTE ON FUNCTION auxeira_dash.government_compliance_companies() FROM PUBLIC;

GRANT EXECUTE ON FUNCTION auxeira_dash.government_compliance_companies() TO auxeira_app, auxeira_readonly;

CREATE OR REPLACE FUNCTION auxeira.award_tokens(activity text, source uuid)
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

CREATE OR REPLACE FUNCTION auxeira.spend_tokens(product text)
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

CREATE OR REPLACE FUNCTION auxeira_dash.government_economic(
    period_from date DEFAULT NULL, period_to date DEFAULT NULL, only_breakdown text DEFAULT NULL
)
    RETURNS TABLE (
        period_start date,
        breakdown text,
        breakdown_value text,
        companies bigint,
        gdp_contribution numeric,
        export_revenue numeric,
        r_and_d_spending numeric,
        patents_filed bigint,
        local_supplier_spend numeric,
        community_investment numeric,
        avg_economic_multiplier numeric
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF government_economic.only_breakdown NOT IN ('total', 'industry', 'stage', 'region') THEN
        RAISE EXCEPTION 'breakdown must be total, industry, stage or region, not %',
            government_economic.only_breakdown
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT m.period_start, m.breakdown, m.breakdown_value, m.companies, m.gdp_contribution,
           m.export_revenue, m.r_and_d_spending, m.patents_filed, m.local_supplier_spend,
           m.community_investment, m.avg_economic_multiplier
    FROM auxeira_mv.government_economic_impact AS m
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (government_economic.period_from IS NULL
           OR m.period_start >= date_trunc('quarter', government_economic.period_from)::date)
      AND (government_economic.period_to IS NULL OR m.period_start <= government_economic.period_to)
      AND (government_economic.only_breakdown IS NULL OR m.breakdown = government_economic.only_breakdown)
    ORDER BY m.period_start, m.breakdown, m.breakdown_value;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_economic(date, date, text) IS
    'Serves GET /api/dashboard/government/economic: economic impact analytics (GDP contribution, '
    'exports, R&D, patents, local spending, community investment, average multiplier) per '
    'quarter and group, from auxeira_mv.government_economic_impact (groups of >= 5 companies). '
    'Filters: quarters overlapping [period_from, period_to], one breakdown (total, industry, '
    'stage, region; NULL = all). Rows only for a signed-in government user. SECURITY DEFINER '
    'because the application role cannot read auxeira_mv.';

CREATE OR REPLACE FUNCTION auxeira_dash.government_jobs(
    period_from date DEFAULT NULL, period_to date DEFAULT NULL, only_breakdown text DEFAULT NULL
)
    RETURNS TABLE (
        period_start date,
        breakdown text,
        breakdown_value text,
        companies bigint,
        jobs_created bigint,
        jobs_supported bigint,
        jobs_created_per_company numeric,
        jobs_created_change bigint
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF government_jobs.only_breakdown NOT IN ('total', 'industry', 'stage', 'region') THEN
        RAISE EXCEPTION 'breakdown must be total, industry, stage or region, not %',
            government_jobs.only_breakdown
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT m.period_start, m.breakdown, m.breakdown_value, m.companies, m.jobs_created,
           m.jobs_supported,
           round(m.jobs_created::numeric / m.companies, 2),
           m.jobs_created - prev.jobs_created
    FROM auxeira_mv.government_economic_impact AS m
    LEFT JOIN auxeira_mv.government_economic_impact AS prev
           ON prev.period_start = (m.period_start - interval '3 months')::date
          AND prev.breakdown = m.breakdown
          AND prev.breakdown_value = m.breakdown_value
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (government_jobs.period_from IS NULL
           OR m.period_start >= date_trunc('quarter', government_jobs.period_from)::date)
      AND (government_jobs.period_to IS NULL OR m.period_start <= government_jobs.period_to)
      AND (government_jobs.only_breakdown IS NULL OR m.breakdown = government_jobs.only_breakdown)
    ORDER BY m.period_start, m.breakdown, m.breakdown_value;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_jobs(date, date, text) IS
    'Serves GET /api/dashboard/government/jobs: job creation per quarter and group (jobs created, '
    'jobs supported, jobs created per company, change in jobs created against the previous '
    'quarter of the same group, NULL when that quarter is not published), from '
    'auxeira_mv.government_economic_impact. Filters and access as '
    'auxeira_dash.government_economic().';

CREATE OR REPLACE FUNCTION auxeira_dash.government_tax_revenue(
    period_from date DEFAULT NULL, period_to date DEFAULT NULL, only_breakdown text DEFAULT NULL
)
    RETURNS TABLE (
        period_start date,
        breakdown text,
        breakdown_value text,
        companies bigint,
        tax_revenue numeric,
        tax_revenue_per_company numeric,
        tax_revenue_change numeric,
        tax_revenue_growth numeric
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF government_tax_revenue.only_breakdown NOT IN ('total', 'industry', 'stage', 'region') THEN
        RAISE EXCEPTION 'breakdown must be total, industry, stage or region, not %',
            government_tax_revenue.only_breakdown
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT m.period_start, m.breakdown, m.breakdown_value, m.companies, m.tax_revenue,
           round(m.tax_revenue / m.companies, 2),
           m.tax_revenue - prev.tax_revenue,
           round((m.tax_revenue - prev.tax_revenue) / nullif(prev.tax_revenue, 0), 4)
    FROM auxeira_mv.government_economic_impact AS m
    LEFT JOIN auxeira_mv.government_economic_impact AS prev
           ON prev.period_start = (m.period_start - interval '3 months')::date
          AND prev.breakdown = m.breakdown
          AND prev.breakdown_value = m.breakdown_value
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (government_tax_revenue.period_from IS NULL
           OR m.period_start >= date_trunc('quarter', government_tax_revenue.period_from)::date)
      AND (government_tax_revenue.period_to IS NULL
           OR m.period_start <= government_tax_revenue.period_to)
      AND (government_tax_revenue.only_breakdown IS NULL
           OR m.breakdown = government_tax_revenue.only_breakdown)
    ORDER BY m.period_start, m.breakdown, m.breakdown_value;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_tax_revenue(date, date, text) IS
    'Serves GET /api/dashboard/government/tax-revenue: taxes generated per quarter and group, '
    'per company, and the change and growth (a fraction) against the previous quarter of the '
    'same group (NULL when that quarter is not published), from '
    'auxeira_mv.government_economic_impact. Filters and access as '
    'auxeira_dash.government_economic().';

DROP FUNCTION auxeira.government_impact_rows(date, date, text);

CREATE OR REPLACE VIEW auxeira_dash.startup_overview
WITH (security_invoker = true) AS
WITH tokens AS (
    SELECT coalesce(sum(t.amount), 0)::bigint AS total_tokens,
           coalesce(sum(t.amount) FILTER (
               WHERE t.created_at >= date_trunc('month', now())
           ), 0)::bigint AS tokens_this_month
    FROM auxeira.token_transactions AS t
    WHERE t.user_id = auxeira.current_user_id()
)
SELECT u.id AS user_id,
       c.id AS company_id,
       c.name AS company_name,
       c.industry,
       c.stage,
       c.location,
       c.founded_date,
       c.current_valuation,
       c.previous_valuation,
       mark.company_valuation AS latest_mark_valuation,
       mark.mark_date AS latest_mark_date,
       CASE
           WHEN mark.mark_date > c.updated_at::date OR c.current_valuation IS NULL
               THEN coalesce(mark.company_valuation, c.current_valuation)
           ELSE c.current_valuation
       END AS latest_valuation,
       CASE
           WHEN c.id IS NULL THEN NULL
           WHEN mark.company_valuation IS NOT NULL
                AND (mark.mark_date > c.updated_at::date OR c.current_valuation IS NULL)
               THEN 'valuation_mark'
           ELSE 'company'
       END AS valuation_source,
       c.growth_rate,
       c.mrr,
       c.arr,
       c.burn_rate,
       c.runway_months,
       c.employees,
       c.funding_raised,
       c.sse_score,
       tokens.total_tokens,
       tokens.tokens_this_month
FROM auxeira.users AS u
CROSS JOIN tokens
LEFT JOIN auxeira.companies AS c ON c.user_id = u.id
LEFT JOIN LATERAL (
    SELECT m.company_valuation, m.mark_date
    FROM auxeira.valuation_marks AS m
    JOIN auxeira.investments AS i ON i.id = m.investment_id
    WHERE i.company_id = c.id
      AND m.company_valuation IS NOT NULL
      -- only investors the founder accepted, and no mark dated in the future
      AND i.founder_consent = 'accepted'
      AND m.mark_date <= CURRENT_DATE
    ORDER BY m.mark_date DESC, m.created_at DESC
    LIMIT 1
) AS mark ON true
WHERE u.id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_overview IS
    'GET /api/dashboard/startup/overview: one row per company of the current founder (one row '
    'with NULL company columns when the founder has none yet). latest_valuation = the latest '
    'valuation mark''s company_valuation (valuation_marks of any investment in the company) when '
    'its mark_date is later than the day the company row was last updated (or the company has '
    'no valuation), else companies.current_valuation; valuation_source says which. growth_rate '
    'is companies.growth_rate (annual, fraction). total_tokens = SUM(amount) of the founder''s '
    'token_transactions (signed, so it is the balance); tokens_this_month = the same over the '
    'current calendar month (session time zone). Fixes the specification''s query, which read '
    'valuation and growth from portfolio_metrics, a per-investor table without those columns.';

COMMENT ON COLUMN auxeira_dash.startup_overview.user_id IS 'The current founder (users.id).';

COMMENT ON COLUMN auxeira_dash.startup_overview.company_id IS
    'The founder''s company (companies.id); NULL when they have none yet.';

COMMENT ON COLUMN auxeira_dash.startup_overview.company_name IS 'companies.name.';

COMMENT ON COLUMN auxeira_dash.startup_overview.industry IS 'companies.industry.';

COMMENT ON COLUMN auxeira_dash.startup_overview.stage IS
    'companies.stage (pre-seed ... series-c+).';

COMMENT ON COLUMN auxeira_dash.startup_overview.location IS 'companies.location.';

COMMENT ON COLUMN auxeira_dash.startup_overview.founded_date IS 'companies.founded_date.';

COMMENT ON COLUMN auxeira_dash.startup_overview.current_valuation IS
    'The company''s own valuation figure (companies.current_valuation).';

COMMENT ON COLUMN auxeira_dash.startup_overview.previous_valuation IS
    'companies.previous_valuation, the valuation before current_valuation.';

COMMENT ON COLUMN auxeira_dash.startup_overview.latest_mark_valuation IS
    'company_valuation of the latest valuation mark any investor recorded for the company; '
    'NULL = none.';

COMMENT ON COLUMN auxeira_dash.startup_overview.latest_mark_date IS 'mark_date of that mark.';

COMMENT ON COLUMN auxeira_dash.startup_overview.latest_valuation IS
    'The mark''s valuation when newer than the company row''s last update (or the company has '
    'none), else current_valuation.';

COMMENT ON COLUMN auxeira_dash.startup_overview.valuation_source IS
    'Where latest_valuation comes from: company or valuation_mark; NULL without a company.';

COMMENT ON COLUMN auxeira_dash.startup_overview.growth_rate IS
    'companies.growth_rate: annual revenue growth as a fraction (0.25 = +25 %).';

COMMENT ON COLUMN auxeira_dash.startup_overview.mrr IS 'companies.mrr, monthly recurring revenue.';

COMMENT ON COLUMN auxeira_dash.startup_overview.arr IS 'companies.arr, annual recurring revenue.';

COMMENT ON COLUMN auxeira_dash.startup_overview.burn_rate IS
    'companies.burn_rate, monthly net burn.';

COMMENT ON COLUMN auxeira_dash.startup_overview.runway_months IS 'companies.runway_months.';

COMMENT ON COLUMN auxeira_dash.startup_overview.employees IS 'companies.employees.';

COMMENT ON COLUMN auxeira_dash.startup_overview.funding_raised IS 'companies.funding_raised.';

COMMENT ON COLUMN auxeira_dash.startup_overview.sse_score IS 'companies.sse_score, 0-100.';

COMMENT ON COLUMN auxeira_dash.startup_overview.total_tokens IS
    'SUM(amount) of the founder''s token transactions: the token balance.';

COMMENT ON COLUMN auxeira_dash.startup_overview.tokens_this_month IS
    'SUM(amount) of the founder''s token transactions this calendar month.';

CREATE OR REPLACE VIEW auxeira_dash.startup_sse_breakdown
WITH (security_invoker = true) AS
WITH figures AS (
    SELECT c.id AS company_id,
           c.sse_score,
           c.mrr,
           c.growth_rate,
           c.runway_months,
           c.burn_rate,
           30::numeric AS baseline,
           round(least(25, 6 * log(1 + coalesce(c.mrr, 0) / 1000)), 2) AS traction,
           round(least(20, greatest(0, 20 * coalesce(c.growth_rate, 0))), 2) AS growth,
           CASE
               WHEN c.burn_rate = 0 THEN 15::numeric
               ELSE round(least(15, coalesce(c.runway_months, 0) / 2.0), 2)
           END AS efficiency
    FROM auxeira.companies AS c
    WHERE c.user_id = auxeira.current_user_id()
)
SELECT f.company_id,
       x.ordinal,
       x.component,
       x.input_name,
       x.input_value,
       x.points,
       x.max_points,
       x.description
FROM figures AS f
CROSS JOIN LATERAL (
    VALUES
        (1, 'baseline', NULL::text, NULL::numeric, f.baseline, 30::numeric,
         'Every scored company starts at 30 points.'),
        (2, 'traction', 'mrr', f.mrr, f.traction, 25::numeric,
         'Revenue scale: 6 x log10(1 + MRR / 1000), at most 25.'),
        (3, 'growth', 'growth_rate', f.growth_rate, f.growth, 20::numeric,
         'Annual revenue growth: 20 x growth rate, 0 to 20 (100 % a year = 20).'),
        (4, 'efficiency', 'runway_months', f.runway_months::numeric, f.efficiency, 15::numeric,
         'Capital efficiency: runway months / 2, at most 15; no burn = 15.'),
        (5, 'market_and_team', 'sse_score', f.sse_score::numeric,
         f.sse_score - (f.baseline + f.traction + f.growth + f.efficiency), NULL::numeric,
         'The rest of the stored score: industry (market) bias and team assessment.')
) AS x (ordinal, component, input_name, input_value, points, max_points, description);

COMMENT ON VIEW auxeira_dash.startup_sse_breakdown IS
    'GET /api/dashboard/startup/sse-score (breakdown): five rows per company of the current '
    'founder, ordered by ordinal: baseline (30), traction (0-25 from MRR), growth (0-20 from '
    'growth_rate), efficiency (0-15 from runway) and market_and_team (the stored sse_score minus '
    'the other four; NULL when the company is not scored). The points of the five rows add up '
    'to sse_score. Formula in sql/views/startup.sql and docs/dashboards/startup.md.';

COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.company_id IS
    'The founder''s company (companies.id).';

COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.ordinal IS
    'Display order of the component, 1-5.';

COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.component IS
    'baseline, traction, growth, efficiency or market_and_team.';

COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.input_name IS
    'The companies column the component is computed from; NULL for baseline.';

COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.input_value IS
    'That column''s value (unknown figures score 0).';

COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.points IS
    'Points the component contributes; the five rows add up to sse_score. NULL for '
    'market_and_team when the company is not scored.';

COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.max_points IS
    'Most points the component can give; NULL for market_and_team (a remainder, may be '
    'negative).';

COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.description IS
    'How the points are computed, for display.';

CREATE OR REPLACE VIEW auxeira_dash.startup_sse_score
WITH (security_invoker = true) AS
SELECT c.id AS company_id,
       c.name AS company_name,
       c.industry,
       c.stage,
       c.sse_score,
       b.explained_points,
       least(100, round(b.explained_points))::integer AS estimated_score,
       b.unexplained_points,
       coalesce(h.history_points, 0) AS history_points,
       h.first_score,
       h.best_score,
       h.worst_score
FROM auxeira.companies AS c
JOIN LATERAL (
    SELECT sum(x.points) FILTER (WHERE x.component <> 'market_and_team') AS explained_points,
           sum(x.points) FILTER (WHERE x.component = 'market_and_team') AS unexplained_points
    FROM auxeira_dash.startup_sse_breakdown AS x
    WHERE x.company_id = c.id
) AS b ON true
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS history_points,
           (array_agg(s.score ORDER BY s.position))[1] AS first_score,
           max(s.score) AS best_score,
           min(s.score) AS worst_score
    FROM auxeira_dash.startup_sse_history AS s
    WHERE s.company_id = c.id
) AS h ON true
WHERE c.user_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_sse_score IS
    'GET /api/dashboard/startup/sse-score (headline): per company of the current founder, the '
    'stored sse_score, the points its figures explain (baseline + traction + growth + '
    'efficiency, see startup_sse_breakdown), estimated_score (those points, capped at 100: what '
    'the figures alone would score), unexplained_points (market_and_team) and a summary of '
    'sse_score_history (points, first, best, worst).';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.company_id IS
    'The founder''s company (companies.id).';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.company_name IS 'companies.name.';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.industry IS 'companies.industry.';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.stage IS 'companies.stage.';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.sse_score IS
    'The stored SSE score, 0-100; NULL = not scored.';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.explained_points IS
    'baseline + traction + growth + efficiency points (startup_sse_breakdown).';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.estimated_score IS
    'explained_points rounded and capped at 100: what the figures alone score.';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.unexplained_points IS
    'sse_score minus explained_points (the market_and_team component).';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.history_points IS
    'Number of usable elements in sse_score_history.';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.first_score IS
    'Score of the oldest history element.';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.best_score IS 'Highest score in the history.';

COMMENT ON COLUMN auxeira_dash.startup_sse_score.worst_score IS 'Lowest score in the history.';

DROP FUNCTION auxeira.idempotent_record(text, text, jsonb);

DROP FUNCTION auxeira.idempotent_replay(text, text);

DROP FUNCTION auxeira.fill_synthetic_sse_scores(uuid, uuid);

DROP FUNCTION auxeira.sse_score(numeric, numeric, numeric, numeric, numeric);

DROP FUNCTION auxeira.sse_components(numeric, numeric, numeric, numeric);

DROP FUNCTION auxeira.progress_daily_actions(text, uuid);

DROP FUNCTION auxeira.check_page(integer, boolean, boolean);

DROP FUNCTION auxeira.require_user_id();

DROP TABLE auxeira.idempotency_keys;

DROP FUNCTION auxeira.apply_uniform_policies(text[]);

-- The investment ledger's write functions with their own guards again (as in 0011).

CREATE OR REPLACE FUNCTION auxeira_dash.investment_owned(investment uuid)
    RETURNS auxeira.investments
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    found auxeira.investments;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO found
    FROM auxeira.investments AS i
    WHERE i.id = investment_owned.investment AND i.investor_id = me;
    IF found.id IS NULL THEN
        RAISE EXCEPTION 'no investment % of yours', coalesce(investment::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN found;
END
$$;

CREATE OR REPLACE FUNCTION auxeira_dash.investment_reverse_flow(cash_flow uuid, note text DEFAULT NULL)
    RETURNS TABLE (reversal_id uuid, reverses uuid, investment_id uuid, created_at timestamptz)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    target auxeira.investment_cash_flows;
BEGIN
    SELECT f.* INTO target FROM auxeira.investment_cash_flows AS f WHERE f.id = cash_flow;
    IF auxeira.current_user_id() IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF target.id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.investments AS i
                      WHERE i.id = target.investment_id
                        AND i.investor_id = auxeira.current_user_id()) THEN
        RAISE EXCEPTION 'no cash flow % of yours to reverse', coalesce(cash_flow::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target.reverses IS NOT NULL THEN
        RAISE EXCEPTION 'cash flow % is itself a reversal and cannot be reversed', cash_flow
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM auxeira.investment_cash_flows AS r WHERE r.reverses = cash_flow) THEN
        RAISE EXCEPTION 'cash flow % is already reversed', cash_flow
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    INSERT INTO auxeira.investment_cash_flows AS f
        (investment_id, flow_date, flow_type, amount, currency, reverses, note)
    VALUES (target.investment_id, target.flow_date, target.flow_type, target.amount,
            target.currency, target.id, coalesce(note, 'reversal'))
    RETURNING f.id, f.reverses, f.investment_id, f.created_at;
END
$$;

CREATE OR REPLACE FUNCTION auxeira_dash.investment_reverse_mark(mark uuid)
    RETURNS TABLE (reversal_id uuid, reverses uuid, investment_id uuid, created_at timestamptz)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    target auxeira.valuation_marks;
BEGIN
    SELECT m.* INTO target FROM auxeira.valuation_marks AS m WHERE m.id = mark;
    IF auxeira.current_user_id() IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF target.id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.investments AS i
                      WHERE i.id = target.investment_id
                        AND i.investor_id = auxeira.current_user_id()) THEN
        RAISE EXCEPTION 'no valuation mark % of yours to reverse', coalesce(mark::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target.reverses IS NOT NULL THEN
        RAISE EXCEPTION 'valuation mark % is itself a reversal and cannot be reversed', mark
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM auxeira.valuation_marks AS r WHERE r.reverses = mark) THEN
        RAISE EXCEPTION 'valuation mark % is already reversed', mark
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    INSERT INTO auxeira.valuation_marks AS m
        (investment_id, mark_date, holding_value, company_valuation, source, currency, reverses)
    VALUES (target.investment_id, target.mark_date, target.holding_value,
            target.company_valuation, target.source, target.currency, target.id)
    RETURNING m.id, m.reverses, m.investment_id, m.created_at;
END
$$;
