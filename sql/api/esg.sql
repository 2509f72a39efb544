-- ESG education dashboard: the write functions (POST) and the endpoints that return more than one
-- list, each as one statement (a row of JSON values) over sql/views/esg.sql. PL/pgSQL and json for
-- the reasons given in sql/api/startup.sql.

-- GET /api/dashboard/esg-education/impact
CREATE FUNCTION auxeira_dash.esg_education_impact_report()
    RETURNS TABLE (overall json, programmes json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT to_json(o) FROM auxeira_dash.esg_education_impact_overall() AS o LIMIT 1),
               (SELECT coalesce(json_agg(p), '[]')  -- in the function's order
                FROM auxeira_dash.esg_education_impact() AS p);
END
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_impact_report() IS
    'GET /api/dashboard/esg-education/impact in one statement: overall (the row of '
    'esg_education_impact_overall(), NULL when there is none) and programmes (the rows of '
    'esg_education_impact(), in its order), as of the last refresh.';

-- Write functions (the POST endpoints) ------------------------------------------------------------

CREATE FUNCTION auxeira_dash.esg_education_record_programme(
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
    description text DEFAULT NULL,
    idempotency_key text DEFAULT NULL
)
    RETURNS auxeira.education_programmes
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    me_type text;
    name_text text := nullif(btrim(name), '');
    country text := upper(btrim(country_code));
    money text := upper(btrim(currency));
    region_text text := nullif(btrim(region), '');
    targets varchar(3)[];
    bad text;
    written auxeira.education_programmes;
BEGIN
    written := jsonb_populate_record(written,
        auxeira.idempotent_replay('esg_education_record_programme',
                                  esg_education_record_programme.idempotency_key));
    IF written.id IS NOT NULL THEN
        RETURN written;  -- a retry: the first call's result
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
                 AND p.start_date = esg_education_record_programme.start_date) THEN
        RAISE EXCEPTION 'programme "%" starting % is already logged', name_text, start_date
            USING ERRCODE = 'unique_violation';
    END IF;

    INSERT INTO auxeira.education_programmes (
        user_id, name, description, country_code, region, education_level, delivery_mode,
        status, start_date, end_date, budget, currency, target_students, target_teachers,
        sdg_targets)
    VALUES (
        me, name_text, esg_education_record_programme.description, country, region_text,
        esg_education_record_programme.education_level, esg_education_record_programme.delivery_mode,
        esg_education_record_programme.status, esg_education_record_programme.start_date,
        esg_education_record_programme.end_date, esg_education_record_programme.budget, money,
        esg_education_record_programme.target_students, esg_education_record_programme.target_teachers,
        targets)
    RETURNING * INTO written;
    PERFORM auxeira.idempotent_record('esg_education_record_programme',
                                      esg_education_record_programme.idempotency_key, to_jsonb(written));
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_record_programme(
    text, text, text, date, text, text, date, numeric, text, integer, integer, text[],
    text, text, text) IS
    'POST /api/dashboard/esg-education/program: logs an education programme owned by the '
    'current user (who must be an ESG account) and returns the row. Validates every value '
    '(name 1-255 characters; ISO country and currency codes, upper-cased; education_level, '
    'delivery_mode and status from their lists; start_date from 1990; end_date >= start_date; '
    'budget and targets >= 0; sdg_targets among 4.1-4.7 and 4.a-4.c, de-duplicated and sorted) '
    'and raises invalid_parameter_value otherwise; the same name and start date twice raises '
    'unique_violation. Appears in the impact figures after the next refresh of '
    'auxeira_mv.esg_programme_impact. SECURITY INVOKER: row-level security checks the insert. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay). Replaces esg_education_log_program (0017).';

-- Deprecated names (0017), kept for one release: thin wrappers, removed in the next release --

CREATE FUNCTION auxeira_dash.esg_education_log_program(
    name text, country_code text, education_level text, start_date date,
    delivery_mode text DEFAULT 'in_person', status text DEFAULT 'active',
    end_date date DEFAULT NULL, budget numeric DEFAULT NULL, currency text DEFAULT 'USD',
    target_students integer DEFAULT NULL, target_teachers integer DEFAULT NULL,
    sdg_targets text[] DEFAULT '{}', region text DEFAULT NULL, description text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS auxeira.education_programmes
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM auxeira_dash.esg_education_record_programme(
        name, country_code, education_level, start_date, delivery_mode, status, end_date,
        budget, currency, target_students, target_teachers, sdg_targets, region, description,
        idempotency_key)
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_log_program(
    text, text, text, date, text, text, date, numeric, text, integer, integer, text[],
    text, text, text) IS
    'DEPRECATED since 0017, to be removed in the next release: use '
    'auxeira_dash.esg_education_record_programme (same arguments). Calls it and returns its row.';

-- Keyset-paged lists (0026) ----------------------------------------------------------------------

-- GET /api/dashboard/esg-education/students
CREATE FUNCTION auxeira_dash.esg_education_students_page(
    page_size integer DEFAULT 50,
    after_reported_on date DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (students json, next_reported_on date, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    -- no cursor: above every row (one row comparison, no OR: see angel_connection_requests)
    after_day date := coalesce(esg_education_students_page.after_reported_on, 'infinity');
    after_key uuid := coalesce(esg_education_students_page.after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid);
BEGIN
    PERFORM auxeira.check_page(esg_education_students_page.page_size,
                               esg_education_students_page.after_reported_on IS NOT NULL,
                               esg_education_students_page.after_id IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            -- served by education_student_outcomes_user_id_reported_on_id_idx
            SELECT s.*
            FROM auxeira_dash.esg_education_students AS s
            WHERE (s.reported_on, s.outcome_id) < (after_day, after_key)
            ORDER BY s.reported_on DESC, s.outcome_id DESC
            LIMIT esg_education_students_page.page_size
        )
        -- the cursor of the next page: the last row's, when the page is full
        SELECT coalesce(json_agg(p ORDER BY p.reported_on DESC, p.outcome_id DESC), '[]'),
               CASE WHEN count(*) = esg_education_students_page.page_size
                    THEN min(p.reported_on) END,
               CASE WHEN count(*) = esg_education_students_page.page_size
                    THEN (array_agg(p.outcome_id ORDER BY p.reported_on, p.outcome_id))[1] END
        FROM page AS p;
END
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_students_page(integer, date, uuid) IS
    'GET /api/dashboard/esg-education/students in one statement: one page of '
    'esg_education_students (newest report first: reported_on DESC, outcome_id DESC; page_size '
    '1-500, after the cursor after_reported_on, after_id = the last row of the previous page, '
    'both or neither: auxeira.check_page) and the cursor of the next page (NULL after the last '
    'page). 0026 (the Python list was every cohort by programme name).';

-- GET /api/dashboard/esg-education/teachers
CREATE FUNCTION auxeira_dash.esg_education_teachers_page(
    page_size integer DEFAULT 50,
    after_training_date date DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (teachers json, next_training_date date, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    -- no cursor: above every row (one row comparison, no OR: see angel_connection_requests)
    after_day date := coalesce(esg_education_teachers_page.after_training_date, 'infinity');
    after_key uuid := coalesce(esg_education_teachers_page.after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid);
BEGIN
    PERFORM auxeira.check_page(esg_education_teachers_page.page_size,
                               esg_education_teachers_page.after_training_date IS NOT NULL,
                               esg_education_teachers_page.after_id IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            -- served by education_teacher_training_user_id_training_date_id_idx
            SELECT t.*
            FROM auxeira_dash.esg_education_teachers AS t
            WHERE (t.training_date, t.training_id) < (after_day, after_key)
            ORDER BY t.training_date DESC, t.training_id DESC
            LIMIT esg_education_teachers_page.page_size
        )
        -- the cursor of the next page: the last row's, when the page is full
        SELECT coalesce(json_agg(p ORDER BY p.training_date DESC, p.training_id DESC), '[]'),
               CASE WHEN count(*) = esg_education_teachers_page.page_size
                    THEN min(p.training_date) END,
               CASE WHEN count(*) = esg_education_teachers_page.page_size
                    THEN (array_agg(p.training_id ORDER BY p.training_date, p.training_id))[1] END
        FROM page AS p;
END
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_teachers_page(integer, date, uuid) IS
    'GET /api/dashboard/esg-education/teachers in one statement: one page of '
    'esg_education_teachers (newest training first: training_date DESC, training_id DESC; '
    'page_size 1-500, after the cursor after_training_date, after_id = the last row of the '
    'previous page, both or neither: auxeira.check_page) and the cursor of the next page (NULL '
    'after the last page). 0026.';

-- GET /api/dashboard/esg-education/compliance
CREATE FUNCTION auxeira_dash.esg_education_compliance_page(
    page_size integer DEFAULT 50,
    after_programme_name text DEFAULT NULL,
    after_programme_id uuid DEFAULT NULL,
    after_sdg_target text DEFAULT NULL
)
    RETURNS TABLE (
        compliance json,
        next_programme_name text,
        next_programme_id uuid,
        next_sdg_target text
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    given integer := num_nonnulls(esg_education_compliance_page.after_programme_name,
                                  esg_education_compliance_page.after_programme_id,
                                  esg_education_compliance_page.after_sdg_target);
BEGIN
    PERFORM auxeira.check_page(esg_education_compliance_page.page_size, given = 3, given > 0);
    RETURN QUERY
        WITH page AS (
            -- one row per programme and SDG 4 target (a programme's ten at most): computed per
            -- programme, no index can order it
            SELECT c.*
            FROM auxeira_dash.esg_education_compliance AS c
            WHERE given = 0
               OR (c.programme_name::text, c.programme_id, c.sdg_target::text)
                  > (esg_education_compliance_page.after_programme_name,
                     esg_education_compliance_page.after_programme_id,
                     esg_education_compliance_page.after_sdg_target)
            ORDER BY c.programme_name, c.programme_id, c.sdg_target
            LIMIT esg_education_compliance_page.page_size
        ),
        tail AS (
            SELECT p.programme_name::text, p.programme_id, p.sdg_target::text FROM page AS p
            WHERE (SELECT count(*) FROM page) = esg_education_compliance_page.page_size
            ORDER BY p.programme_name DESC, p.programme_id DESC, p.sdg_target DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.programme_name, p.programme_id,
                                         p.sdg_target), '[]')
                FROM page AS p),
               (SELECT l.programme_name FROM tail AS l),
               (SELECT l.programme_id FROM tail AS l),
               (SELECT l.sdg_target FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.esg_education_compliance_page(integer, text, uuid, text) IS
    'GET /api/dashboard/esg-education/compliance in one statement: one page of '
    'esg_education_compliance (by programme name, programme_id, sdg_target; page_size 1-500, '
    'after the cursor after_programme_name, after_programme_id, after_sdg_target = the last '
    'row of the previous page, all three or none: auxeira.check_page) and the cursor of the '
    'next page (NULL after the last page). 0026.';
