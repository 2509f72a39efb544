-- depends: 0025_role_limits
-- 0026_paged_lists: issue 11 (every list takes page_size and a keyset cursor validated in SQL,
-- the model is startup_token_transactions). The lists that still returned whole grew with the
-- platform; each gets a *_page function (or, for the angel's pending requests,
-- angel_connection_requests) returning one page as JSON and the cursor of the next page, with
-- page_size and the cursor checked by auxeira.check_page like vc_deals_report. The views and
-- functions they read stay (nothing removed). angel_network_report returns the first page of
-- the requests and their cursor (two more columns: dropped and created again, same grants).
-- The indexes behind the keyset orders are here (issue 12 owns indexes).

SET LOCAL ROLE auxeira_owner;

-- Indexes behind the keyset orders (issue 12 owns indexes; these serve the lists of 0026).
CREATE INDEX companies_user_id_name_id_idx
    ON auxeira.companies (user_id, name, id);
COMMENT ON INDEX auxeira.companies_user_id_name_id_idx IS
    'A founder''s companies by name: the order of the keyset-paged overview '
    '(auxeira_dash.startup_overview_page, 0026).';

CREATE INDEX education_student_outcomes_user_id_reported_on_id_idx
    ON auxeira.education_student_outcomes (user_id, reported_on DESC, id DESC);
COMMENT ON INDEX auxeira.education_student_outcomes_user_id_reported_on_id_idx IS
    'A user''s student outcomes, newest report first: the order of the keyset-paged list '
    '(auxeira_dash.esg_education_students_page, 0026).';

CREATE INDEX education_teacher_training_user_id_training_date_id_idx
    ON auxeira.education_teacher_training (user_id, training_date DESC, id DESC);
COMMENT ON INDEX auxeira.education_teacher_training_user_id_training_date_id_idx IS
    'A user''s teacher-training batches, newest first: the order of the keyset-paged list '
    '(auxeira_dash.esg_education_teachers_page, 0026).';

CREATE INDEX government_policies_owner_id_name_id_idx
    ON auxeira.government_policies (owner_id, name, id);
COMMENT ON INDEX auxeira.government_policies_owner_id_name_id_idx IS
    'A government user''s policies by name: the order of the keyset-paged policy list '
    '(auxeira_dash.government_policies_page, 0026).';

CREATE INDEX connections_requester_requested_idx
    ON auxeira.connections (requester_id, created_at DESC, id DESC) WHERE status = 'requested';
COMMENT ON INDEX auxeira.connections_requester_requested_idx IS
    'Pending requests a user sent, newest first: one of the two ordered scans behind the '
    'keyset-paged requests (auxeira_dash.angel_connection_requests, 0026).';

CREATE INDEX connections_addressee_requested_idx
    ON auxeira.connections (addressee_id, created_at DESC, id DESC) WHERE status = 'requested';
COMMENT ON INDEX auxeira.connections_addressee_requested_idx IS
    'Pending requests a user received, newest first: one of the two ordered scans behind the '
    'keyset-paged requests (auxeira_dash.angel_connection_requests, 0026).';

-- auxeira_dash startup (sql/api/startup.sql)

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

-- The keyset-paged lists of sql/api/startup.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.startup_overview_page(integer, text, uuid),
    auxeira_dash.startup_relationships_page(integer, boolean, timestamptz, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.startup_overview_page(integer, text, uuid),
    auxeira_dash.startup_relationships_page(integer, boolean, timestamptz, uuid)
    TO auxeira_app, auxeira_readonly;

-- auxeira_dash esg (sql/api/esg.sql)

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

-- The keyset-paged lists of sql/api/esg.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.esg_education_students_page(integer, date, uuid),
    auxeira_dash.esg_education_teachers_page(integer, date, uuid),
    auxeira_dash.esg_education_compliance_page(integer, text, uuid, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.esg_education_students_page(integer, date, uuid),
    auxeira_dash.esg_education_teachers_page(integer, date, uuid),
    auxeira_dash.esg_education_compliance_page(integer, text, uuid, text)
    TO auxeira_app, auxeira_readonly;

-- auxeira_dash government (sql/api/government.sql)

-- Read side of POST /api/dashboard/government/policy
CREATE FUNCTION auxeira_dash.government_policies_page(
    page_size integer DEFAULT 50,
    after_policy_name text DEFAULT NULL,
    after_policy_id uuid DEFAULT NULL,
    after_row_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        policies json,
        next_policy_name text,
        next_policy_id uuid,
        next_row_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    given integer := num_nonnulls(government_policies_page.after_policy_name,
                                  government_policies_page.after_policy_id,
                                  government_policies_page.after_row_id);
BEGIN
    PERFORM auxeira.check_page(government_policies_page.page_size, given = 3, given > 0);
    RETURN QUERY
        WITH page AS (
            -- row_id: the measurement's id, or the policy's for a policy not yet measured (its
            -- one row); policies served by government_policies_owner_id_name_id_idx
            SELECT i.*, coalesce(i.impact_id, i.policy_id) AS row_id
            FROM auxeira_dash.government_policy_impact AS i
            WHERE given = 0
               OR (i.policy_name::text, i.policy_id, coalesce(i.impact_id, i.policy_id))
                  > (government_policies_page.after_policy_name,
                     government_policies_page.after_policy_id,
                     government_policies_page.after_row_id)
            ORDER BY i.policy_name, i.policy_id, coalesce(i.impact_id, i.policy_id)
            LIMIT government_policies_page.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.policy_name::text, p.policy_id, p.row_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = government_policies_page.page_size
            ORDER BY p.policy_name DESC, p.policy_id DESC, p.row_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.policy_name, p.policy_id, p.row_id), '[]')
                FROM page AS p),
               (SELECT l.policy_name FROM tail AS l),
               (SELECT l.policy_id FROM tail AS l),
               (SELECT l.row_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_policies_page(integer, text, uuid, uuid) IS
    'Read side of POST /api/dashboard/government/policy in one statement: one page of '
    'government_policy_impact (by policy name, policy_id, then row_id = the measurement''s id, '
    'or the policy''s own for a policy without measurements; page_size 1-500, after the cursor '
    'after_policy_name, after_policy_id, after_row_id = the last row of the previous page, all '
    'three or none: auxeira.check_page) and the cursor of the next page (NULL after the last '
    'page). 0026.';

-- The keyset-paged lists of sql/api/government.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.government_policies_page(integer, text, uuid, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.government_policies_page(integer, text, uuid, uuid)
    TO auxeira_app, auxeira_readonly;

-- auxeira_dash corporate (sql/api/corporate.sql)

-- GET /api/dashboard/corporate/ecosystem
CREATE FUNCTION auxeira_dash.corporate_ecosystem_page(
    only_industry text DEFAULT NULL,
    only_stage text DEFAULT NULL,
    page_size integer DEFAULT 50,
    after_industry text DEFAULT NULL,
    after_stage text DEFAULT NULL
)
    RETURNS TABLE (ecosystem json, next_industry text, next_stage text)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(corporate_ecosystem_page.page_size,
                               corporate_ecosystem_page.after_industry IS NOT NULL,
                               corporate_ecosystem_page.after_stage IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            -- the order of corporate_ecosystem: the '(all)' marginals before the labels; one
            -- row per (industry, stage) of a small materialized view, no index needed
            SELECT e.*
            FROM auxeira_dash.corporate_ecosystem(corporate_ecosystem_page.only_industry,
                                                  corporate_ecosystem_page.only_stage) AS e
            WHERE corporate_ecosystem_page.after_stage IS NULL
               OR (e.industry <> '(all)', e.industry, e.stage <> '(all)', e.stage)
                  > (corporate_ecosystem_page.after_industry <> '(all)',
                     corporate_ecosystem_page.after_industry,
                     corporate_ecosystem_page.after_stage <> '(all)',
                     corporate_ecosystem_page.after_stage)
            ORDER BY e.industry <> '(all)', e.industry, e.stage <> '(all)', e.stage
            LIMIT corporate_ecosystem_page.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.industry, p.stage FROM page AS p
            WHERE (SELECT count(*) FROM page) = corporate_ecosystem_page.page_size
            ORDER BY p.industry <> '(all)' DESC, p.industry DESC, p.stage <> '(all)' DESC,
                     p.stage DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.industry <> '(all)', p.industry,
                                         p.stage <> '(all)', p.stage), '[]')
                FROM page AS p),
               (SELECT l.industry FROM tail AS l),
               (SELECT l.stage FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_ecosystem_page(text, text, integer, text, text) IS
    'GET /api/dashboard/corporate/ecosystem in one statement: one page of corporate_ecosystem '
    '(filtered by only_industry, only_stage as there; ''(all)'' industry first, then by '
    'industry, ''(all)'' stage first, then by stage; page_size 1-500, after the cursor '
    'after_industry, after_stage = the last row of the previous page, both or neither: '
    'auxeira.check_page) and the cursor of the next page (NULL after the last page). 0026.';

-- GET /api/dashboard/corporate/partnerships
CREATE FUNCTION auxeira_dash.corporate_partnerships_page(
    page_size integer DEFAULT 50,
    after_end_date date DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (partnerships json, next_end_date date, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- an open-ended partnership has no end_date: the cursor of one is (NULL, its id)
    PERFORM auxeira.check_page(corporate_partnerships_page.page_size,
                               corporate_partnerships_page.after_id IS NOT NULL,
                               corporate_partnerships_page.after_id IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            -- soonest ending first, open-ended last ('infinity'); corporate_partnerships() is
            -- SECURITY DEFINER (not inlined): the caller's active partnerships, a short list
            SELECT p.*
            FROM auxeira_dash.corporate_partnerships() AS p
            WHERE corporate_partnerships_page.after_id IS NULL
               OR (coalesce(p.end_date, 'infinity'::date), p.partnership_id)
                  > (coalesce(corporate_partnerships_page.after_end_date, 'infinity'::date),
                     corporate_partnerships_page.after_id)
            ORDER BY coalesce(p.end_date, 'infinity'::date), p.partnership_id
            LIMIT corporate_partnerships_page.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.end_date, p.partnership_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = corporate_partnerships_page.page_size
            ORDER BY coalesce(p.end_date, 'infinity'::date) DESC, p.partnership_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY coalesce(p.end_date, 'infinity'::date),
                                         p.partnership_id), '[]')
                FROM page AS p),
               (SELECT l.end_date FROM tail AS l),
               (SELECT l.partnership_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_partnerships_page(integer, date, uuid) IS
    'GET /api/dashboard/corporate/partnerships in one statement: one page of the caller''s '
    'active partnerships (corporate_partnerships(); soonest ending first, open-ended last, then '
    'by partnership_id; page_size 1-500, after the cursor after_end_date (NULL for an '
    'open-ended row), after_id = the last row of the previous page: auxeira.check_page) and the '
    'cursor of the next page (next_id NULL after the last page). 0026.';

-- The keyset-paged lists of sql/api/corporate.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.corporate_ecosystem_page(text, text, integer, text, text),
    auxeira_dash.corporate_partnerships_page(integer, date, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.corporate_ecosystem_page(text, text, integer, text, text),
    auxeira_dash.corporate_partnerships_page(integer, date, uuid)
    TO auxeira_app, auxeira_readonly;

-- GET /api/dashboard/angel/network (pending requests, the pages after the first) -----------------
CREATE FUNCTION auxeira_dash.angel_connection_requests(
    page_size integer DEFAULT 50,
    after_requested_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (requests json, next_requested_at timestamptz, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
    -- no cursor: above every row. One row comparison, no OR, so that the plan PL/pgSQL keeps
    -- (generic after five calls) still starts the index scan at the cursor
    after_at timestamptz := coalesce(angel_connection_requests.after_requested_at, 'infinity');
    after_key uuid := coalesce(angel_connection_requests.after_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid);
BEGIN
    PERFORM auxeira.check_page(angel_connection_requests.page_size,
                               angel_connection_requests.after_requested_at IS NOT NULL,
                               angel_connection_requests.after_id IS NOT NULL);
    RETURN QUERY
        WITH mine AS (
            -- the two sides, each read in order from its partial index
            -- (connections_*_requested_idx), then merged, as in angel_network_report
            (SELECT c.id, c.created_at
             FROM auxeira.connections AS c
             WHERE c.status = 'requested' AND c.requester_id = me
               AND (c.created_at, c.id) < (after_at, after_key)
             ORDER BY c.created_at DESC, c.id DESC
             LIMIT angel_connection_requests.page_size)
            UNION ALL
            (SELECT c.id, c.created_at
             FROM auxeira.connections AS c
             WHERE c.status = 'requested' AND c.addressee_id = me
               AND (c.created_at, c.id) < (after_at, after_key)
             ORDER BY c.created_at DESC, c.id DESC
             LIMIT angel_connection_requests.page_size)
        ),
        page AS (
            SELECT r.*
            FROM (SELECT m.id FROM mine AS m
                  ORDER BY m.created_at DESC, m.id DESC
                  LIMIT angel_connection_requests.page_size) AS ids
            JOIN auxeira_dash.angel_network_requests AS r ON r.connection_id = ids.id
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.requested_at, p.connection_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_connection_requests.page_size
            ORDER BY p.requested_at, p.connection_id
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.requested_at DESC, p.connection_id DESC),
                                '[]')
                FROM page AS p),
               (SELECT l.requested_at FROM tail AS l),
               (SELECT l.connection_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_connection_requests(integer, timestamptz, uuid) IS
    'GET /api/dashboard/angel/network (pending requests) in one statement: one page of the '
    'current user''s connection requests still waiting for an answer, sent and received '
    '(angel_network_requests, newest first: requested_at DESC, connection_id DESC; page_size '
    '1-500, after the cursor after_requested_at, after_id = the last row of the previous page, '
    'both or neither: auxeira.check_page) and the cursor of the next page (NULL after the '
    'last). angel_network_report returns the first page. 0026.';

-- The keyset-paged lists of sql/api/angel.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.angel_connection_requests(integer, timestamptz, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_connection_requests(integer, timestamptz, uuid)
    TO auxeira_app, auxeira_readonly;

-- auxeira_dash.angel_network_report: the first page of the requests and its cursor
DROP FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid);
CREATE FUNCTION auxeira_dash.angel_network_report(
    page_size integer DEFAULT 50,
    after_connected_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        connections json,
        requests json,
        counts json,
        next_connected_at timestamptz,
        next_id uuid,
        next_requested_at timestamptz,
        next_request_id uuid
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.current_user_id();
BEGIN
    PERFORM auxeira.check_page(angel_network_report.page_size,
                               angel_network_report.after_connected_at IS NOT NULL,
                               angel_network_report.after_id IS NOT NULL);
    RETURN QUERY
        WITH mine AS (
            -- the two sides of a connection, each read in order from its partial index
            -- (connections_*_accepted_idx), then merged: a page costs two short index scans
            (SELECT c.id, c.responded_at
             FROM auxeira.connections AS c
             WHERE c.status = 'accepted' AND c.requester_id = me
               AND (angel_network_report.after_id IS NULL
                    OR (c.responded_at, c.id) < (angel_network_report.after_connected_at,
                                                 angel_network_report.after_id))
             ORDER BY c.responded_at DESC, c.id DESC
             LIMIT angel_network_report.page_size)
            UNION ALL
            (SELECT c.id, c.responded_at
             FROM auxeira.connections AS c
             WHERE c.status = 'accepted' AND c.addressee_id = me
               AND (angel_network_report.after_id IS NULL
                    OR (c.responded_at, c.id) < (angel_network_report.after_connected_at,
                                                 angel_network_report.after_id))
             ORDER BY c.responded_at DESC, c.id DESC
             LIMIT angel_network_report.page_size)
        ),
        page AS (
            SELECT n.*
            FROM (SELECT m.id FROM mine AS m
                  ORDER BY m.responded_at DESC, m.id DESC
                  LIMIT angel_network_report.page_size) AS ids
            JOIN auxeira_dash.angel_network AS n ON n.connection_id = ids.id
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.connected_at, p.connection_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_network_report.page_size
            ORDER BY p.connected_at, p.connection_id
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.connected_at DESC, p.connection_id DESC),
                                '[]')
                FROM page AS p),
               q.requests,
               (SELECT coalesce(json_agg(n ORDER BY n.connection_type), '[]')
                FROM auxeira_dash.angel_network_summary AS n),
               (SELECT l.connected_at FROM tail AS l),
               (SELECT l.connection_id FROM tail AS l),
               q.next_requested_at,
               q.next_id
        -- the first page of the pending requests (0026), the same page_size
        FROM auxeira_dash.angel_connection_requests(angel_network_report.page_size) AS q;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid) IS
    'GET /api/dashboard/angel/network in one statement: one page of the current user''s '
    'accepted connections (angel_network, newest first: connected_at DESC, connection_id '
    'DESC; page_size 1-500, after the cursor after_connected_at, after_id = the last row of '
    'the previous page, both or neither: auxeira.check_page), the first page of the pending '
    'requests (angel_connection_requests: newest first, page_size rows), the counts per '
    'connection type (angel_network_summary, all connections), the cursor of the next page of '
    'connections (NULL after the last) and that of the requests (next_requested_at, '
    'next_request_id: pass them to angel_connection_requests). Keyset-paged since 0017 (was '
    'every connection); requests paged since 0026 (was every request).';
REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid)
    TO auxeira_app, auxeira_readonly;
