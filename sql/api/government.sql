-- Government agency dashboard: the write functions (POST) and the endpoints that return more than
-- one list, each as one statement (a row of JSON lists) over sql/views/government.sql. PL/pgSQL and
-- json for the reasons given in sql/api/startup.sql.

-- GET /api/dashboard/government/compliance
CREATE FUNCTION auxeira_dash.government_compliance_report(
    page_size integer DEFAULT 100,
    after_code text DEFAULT NULL,
    after_company_name text DEFAULT NULL,
    after_company_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        requirements json,
        shared json,
        next_code text,
        next_company_name text,
        next_company_id uuid
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
            FROM auxeira_dash.government_compliance_companies(
                page_size, after_code, after_company_name, after_company_id) AS s
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.code, p.company_name, p.company_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = page_size
            ORDER BY p.code DESC, p.company_name DESC, p.company_id DESC
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(r), '[]')
                FROM auxeira_dash.government_compliance() AS r),
               (SELECT coalesce(json_agg(p), '[]') FROM page AS p),
               (SELECT l.code FROM tail AS l),
               (SELECT l.company_name FROM tail AS l),
               (SELECT l.company_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_compliance_report(integer, text, text, uuid) IS
    'GET /api/dashboard/government/compliance in one statement: requirements (every row of '
    'government_compliance()), one page of the companies'' shared statuses '
    '(government_compliance_companies: page_size 1-500, keyset cursor after_code + '
    'after_company_name + after_company_id, validated there) and the cursor of the next page '
    '(NULL when the page is not full).';

-- Write functions (the POST endpoints) ------------------------------------------------------------

-- POST /api/dashboard/government/policy: the policy
CREATE FUNCTION auxeira_dash.government_record_policy(
    name text,
    jurisdiction text,
    instrument_type text,
    start_date date,
    end_date date DEFAULT NULL,
    budget numeric DEFAULT NULL,
    target_metrics jsonb DEFAULT '{}',
    description text DEFAULT NULL,
    target_industry text DEFAULT NULL,
    target_stage text DEFAULT NULL,
    idempotency_key text DEFAULT NULL
)
    RETURNS auxeira.government_policies
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    existing uuid;
    bad_key text;
    result auxeira.government_policies;
BEGIN
    result := jsonb_populate_record(result,
        auxeira.idempotent_replay('government_record_policy', government_record_policy.idempotency_key));
    IF result.id IS NOT NULL THEN
        RETURN result;  -- a retry: the first call's result
    END IF;
    IF NOT EXISTS (SELECT FROM auxeira.users AS u WHERE u.id = me AND u.user_type = 'government')
    THEN
        RAISE EXCEPTION 'only government users log policies' USING ERRCODE = 'check_violation';
    END IF;
    IF coalesce(btrim(government_record_policy.name), '') = '' THEN
        RAISE EXCEPTION 'a policy needs a name' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF coalesce(btrim(government_record_policy.jurisdiction), '') = '' THEN
        RAISE EXCEPTION 'a policy needs a jurisdiction' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_record_policy.instrument_type IS NULL
       OR government_record_policy.instrument_type NOT IN ('grant', 'tax-credit', 'regulation',
                                                        'programme') THEN
        RAISE EXCEPTION 'instrument_type must be grant, tax-credit, regulation or programme, not %',
            coalesce(government_record_policy.instrument_type, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_record_policy.start_date IS NULL THEN
        RAISE EXCEPTION 'a policy needs a start_date' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_record_policy.end_date < government_record_policy.start_date THEN
        RAISE EXCEPTION 'end_date % is before start_date %',
            government_record_policy.end_date, government_record_policy.start_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_record_policy.budget < 0 THEN
        RAISE EXCEPTION 'budget must be >= 0, not %', government_record_policy.budget
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(coalesce(government_record_policy.target_metrics, '{}')) <> 'object' THEN
        RAISE EXCEPTION 'target_metrics must be a JSON object of numbers keyed by metric'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT t.key INTO bad_key
    FROM jsonb_each(coalesce(government_record_policy.target_metrics, '{}')) AS t
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
    IF government_record_policy.target_stage NOT IN ('pre-seed', 'seed', 'series-a', 'series-b',
                                                  'series-c+') THEN
        RAISE EXCEPTION 'target_stage must be pre-seed, seed, series-a, series-b or series-c+, '
            'not %', government_record_policy.target_stage
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- Logging the same policy (owner, name, jurisdiction) again updates it.
    SELECT p.id INTO existing
    FROM auxeira.government_policies AS p
    WHERE p.owner_id = me
      AND lower(p.name) = lower(btrim(government_record_policy.name))
      AND lower(p.jurisdiction) = lower(btrim(government_record_policy.jurisdiction))
    FOR UPDATE;

    IF existing IS NULL THEN
        INSERT INTO auxeira.government_policies AS p
            (owner_id, name, jurisdiction, instrument_type, description, start_date, end_date,
             budget, target_metrics, target_industry, target_stage)
        VALUES (me, btrim(government_record_policy.name), btrim(government_record_policy.jurisdiction),
                government_record_policy.instrument_type, government_record_policy.description,
                government_record_policy.start_date, government_record_policy.end_date,
                government_record_policy.budget,
                coalesce(government_record_policy.target_metrics, '{}'),
                government_record_policy.target_industry, government_record_policy.target_stage)
        RETURNING p.* INTO result;
    ELSE
        UPDATE auxeira.government_policies AS p
        SET instrument_type = government_record_policy.instrument_type,
            description = government_record_policy.description,
            start_date = government_record_policy.start_date,
            end_date = government_record_policy.end_date,
            budget = government_record_policy.budget,
            target_metrics = coalesce(government_record_policy.target_metrics, '{}'),
            target_industry = government_record_policy.target_industry,
            target_stage = government_record_policy.target_stage
        WHERE p.id = existing
        RETURNING p.* INTO result;
    END IF;
    PERFORM auxeira.idempotent_record(
        'government_record_policy', government_record_policy.idempotency_key, to_jsonb(result));
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_record_policy(
    text, text, text, date, date, numeric, jsonb, text, text, text, text) IS
    'Serves POST /api/dashboard/government/policy (the policy): logs a policy of the calling '
    'government user, or updates it when the caller already has one with the same name and '
    'jurisdiction (case-insensitive), and returns the row. Validates every value and raises '
    'invalid_parameter_value with a clear message (instrument type, dates, budget, targets: a '
    'JSON object of numbers keyed by known metrics, stage). SECURITY INVOKER: row-level '
    'security applies. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay). Replaces government_log_policy (0017).';

-- POST /api/dashboard/government/policy: a measured impact
CREATE FUNCTION auxeira_dash.government_record_policy_impact(
    policy_id uuid,
    metric text,
    period_start date,
    period_end date,
    measured numeric,
    baseline numeric DEFAULT NULL,
    attributed_companies integer DEFAULT NULL,
    methodology text DEFAULT NULL,
    idempotency_key text DEFAULT NULL
)
    RETURNS auxeira.government_policy_impacts
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    result auxeira.government_policy_impacts;
BEGIN
    result := jsonb_populate_record(result,
        auxeira.idempotent_replay('government_record_policy_impact',
                                  government_record_policy_impact.idempotency_key));
    IF result.id IS NOT NULL THEN
        RETURN result;  -- a retry: the first call's result
    END IF;
    IF NOT EXISTS (SELECT FROM auxeira.government_policies AS p
                   WHERE p.id = government_record_policy_impact.policy_id AND p.owner_id = me) THEN
        RAISE EXCEPTION 'no policy % of yours', government_record_policy_impact.policy_id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_record_policy_impact.metric IS NULL
       OR government_record_policy_impact.metric NOT IN (
           'jobs_created', 'jobs_supported', 'tax_revenue_generated', 'gdp_contribution',
           'export_revenue', 'r_and_d_spending', 'patents_filed', 'local_supplier_spend',
           'community_investment', 'companies_supported', 'private_investment_leveraged') THEN
        RAISE EXCEPTION 'unknown metric %', coalesce(government_record_policy_impact.metric, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_record_policy_impact.period_start IS NULL
       OR government_record_policy_impact.period_end IS NULL THEN
        RAISE EXCEPTION 'a measurement needs period_start and period_end'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_record_policy_impact.period_end < government_record_policy_impact.period_start THEN
        RAISE EXCEPTION 'period_end % is before period_start %',
            government_record_policy_impact.period_end, government_record_policy_impact.period_start
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_record_policy_impact.measured IS NULL THEN
        RAISE EXCEPTION 'a measurement needs the measured value'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF government_record_policy_impact.attributed_companies < 0 THEN
        RAISE EXCEPTION 'attributed_companies must be >= 0, not %',
            government_record_policy_impact.attributed_companies
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    INSERT INTO auxeira.government_policy_impacts AS i
        (policy_id, owner_id, metric, period_start, period_end, baseline, measured,
         attributed_companies, methodology)
    VALUES (government_record_policy_impact.policy_id, me, government_record_policy_impact.metric,
            government_record_policy_impact.period_start, government_record_policy_impact.period_end,
            government_record_policy_impact.baseline, government_record_policy_impact.measured,
            government_record_policy_impact.attributed_companies,
            government_record_policy_impact.methodology)
    ON CONFLICT ON CONSTRAINT government_policy_impacts_policy_id_metric_period_key DO UPDATE
    SET baseline = excluded.baseline,
        measured = excluded.measured,
        attributed_companies = excluded.attributed_companies,
        methodology = excluded.methodology
    RETURNING i.* INTO result;
    PERFORM auxeira.idempotent_record(
        'government_record_policy_impact', government_record_policy_impact.idempotency_key,
        to_jsonb(result));
    RETURN result;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_record_policy_impact(
    uuid, text, date, date, numeric, numeric, integer, text, text) IS
    'Serves POST /api/dashboard/government/policy (its measured impact): records the measured '
    'value (and baseline, attributed companies, methodology) of one metric of one of the '
    'caller''s policies over a period; the same policy, metric and period again replaces the '
    'measurement. Returns the row. Raises invalid_parameter_value for an unknown policy or '
    'metric, a reversed period, a missing value or a negative company count. SECURITY INVOKER. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay). Replaces government_log_policy_impact (0017).';

-- Deprecated names (0017), kept for one release: thin wrappers, removed in the next release --

CREATE FUNCTION auxeira_dash.government_log_policy(
    name text, jurisdiction text, instrument_type text, start_date date,
    end_date date DEFAULT NULL, budget numeric DEFAULT NULL, target_metrics jsonb DEFAULT '{}',
    description text DEFAULT NULL, target_industry text DEFAULT NULL,
    target_stage text DEFAULT NULL, idempotency_key text DEFAULT NULL)
    RETURNS auxeira.government_policies
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM auxeira_dash.government_record_policy(
        name, jurisdiction, instrument_type, start_date, end_date, budget, target_metrics,
        description, target_industry, target_stage, idempotency_key)
$$;

COMMENT ON FUNCTION auxeira_dash.government_log_policy(
    text, text, text, date, date, numeric, jsonb, text, text, text, text) IS
    'DEPRECATED since 0017, to be removed in the next release: use '
    'auxeira_dash.government_record_policy (same arguments). Calls it and returns its row.';

CREATE FUNCTION auxeira_dash.government_log_policy_impact(
    policy_id uuid, metric text, period_start date, period_end date, measured numeric,
    baseline numeric DEFAULT NULL, attributed_companies integer DEFAULT NULL,
    methodology text DEFAULT NULL, idempotency_key text DEFAULT NULL)
    RETURNS auxeira.government_policy_impacts
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM auxeira_dash.government_record_policy_impact(
        policy_id, metric, period_start, period_end, measured, baseline, attributed_companies,
        methodology, idempotency_key)
$$;

COMMENT ON FUNCTION auxeira_dash.government_log_policy_impact(
    uuid, text, date, date, numeric, numeric, integer, text, text) IS
    'DEPRECATED since 0017, to be removed in the next release: use '
    'auxeira_dash.government_record_policy_impact (same arguments). Calls it and returns its '
    'row.';

-- Keyset-paged lists (0026) ----------------------------------------------------------------------

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
