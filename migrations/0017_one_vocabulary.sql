-- depends: 0016_holding_figures
-- 0017_one_vocabulary: issue 11 (code health), what was left of it on the SQL side.
--  * One verb for recording an act: the dashboards' write functions are named *_record_* like
--    the ledger's (investment_record_flow, auxeira.record_investment): vc_record_investment,
--    angel_record_investment, esg_education_record_programme (the table is
--    education_programmes), government_record_policy, government_record_policy_impact,
--    startup_record_interview. The VC and angel ones take parameters named as the columns of
--    auxeira.investments and return one row type, auxeira_dash.recorded_investment. The old
--    names stay for one release as thin wrappers (COMMENT: DEPRECATED), with the same grants;
--    stored idempotency results move to the new operation names.
--  * (further parts are listed where they begin below)

SET LOCAL ROLE auxeira_owner;

-- auxeira_dash.recorded_investment, auxeira.recorded_investment_row
CREATE TYPE auxeira_dash.recorded_investment AS (
    investment_id uuid,
    cash_flow_id uuid,
    investor_id uuid,
    company_id uuid,
    fund_id uuid,
    investment_round varchar,
    amount numeric,
    equity_percentage numeric,
    pre_money_valuation numeric,
    post_money_valuation numeric,
    investment_date date,
    status varchar
);

COMMENT ON TYPE auxeira_dash.recorded_investment IS
    'The result of auxeira_dash.vc_record_investment and angel_record_investment: the '
    'investment written (the columns of auxeira.investments of the same names) and the id of '
    'its first cash flow.';

CREATE FUNCTION auxeira.recorded_investment_row(investment_id uuid, cash_flow_id uuid)
    RETURNS auxeira_dash.recorded_investment
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT i.id, recorded_investment_row.cash_flow_id, i.investor_id, i.company_id, i.fund_id,
           i.investment_round, i.amount, i.equity_percentage, i.pre_money_valuation,
           i.post_money_valuation, i.investment_date, i.status
    FROM auxeira.investments AS i
    WHERE i.id = recorded_investment_row.investment_id
$$;

COMMENT ON FUNCTION auxeira.recorded_investment_row(uuid, uuid) IS
    'The result row of an investment write (auxeira_dash.recorded_investment) for an '
    'investment and its first cash flow, as the caller sees the investment (SECURITY '
    'INVOKER). Used by vc_record_investment and angel_record_investment.';

REVOKE EXECUTE ON FUNCTION auxeira.recorded_investment_row(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira.recorded_investment_row(uuid, uuid) TO auxeira_app;

-- auxeira_dash.vc_record_investment (was vc_log_investment)
CREATE FUNCTION auxeira_dash.vc_record_investment(
    company_id uuid,
    amount numeric,
    investment_date date,
    investment_round text DEFAULT NULL,
    fund_id uuid DEFAULT NULL,
    pre_money_valuation numeric DEFAULT NULL,
    post_money_valuation numeric DEFAULT NULL,
    equity_percentage numeric DEFAULT NULL,
    lead_investor boolean DEFAULT false,
    board_seat boolean DEFAULT false,
    deal_id uuid DEFAULT NULL,
    note text DEFAULT NULL,
    currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS auxeira_dash.recorded_investment
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    written auxeira_dash.recorded_investment;
BEGIN
    written := jsonb_populate_record(written, auxeira.idempotent_replay(
        'vc_record_investment', vc_record_investment.idempotency_key));
    IF written.investment_id IS NOT NULL THEN
        RETURN written;  -- a retry: the first call's result
    END IF;
    SELECT r.investment_id, r.cash_flow_id INTO written.investment_id, written.cash_flow_id
    FROM auxeira.record_investment(
        vc_record_investment.company_id, vc_record_investment.amount,
        vc_record_investment.investment_date, vc_record_investment.investment_round,
        vc_record_investment.fund_id, vc_record_investment.pre_money_valuation,
        vc_record_investment.post_money_valuation, vc_record_investment.equity_percentage,
        vc_record_investment.lead_investor, vc_record_investment.board_seat,
        vc_record_investment.note, vc_record_investment.currency) AS r;

    IF vc_record_investment.deal_id IS NOT NULL THEN
        UPDATE auxeira.deals AS d
        SET stage = 'closed', decided_on = vc_record_investment.investment_date,
            investment_id = written.investment_id
        WHERE d.id = vc_record_investment.deal_id AND d.investor_id = me;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'deal % is not in your pipeline', vc_record_investment.deal_id
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    written := auxeira.recorded_investment_row(written.investment_id, written.cash_flow_id);
    PERFORM auxeira.idempotent_record('vc_record_investment',
                                      vc_record_investment.idempotency_key, to_jsonb(written));
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_record_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
    text, text) IS
    'POST /api/dashboard/vc/investment: records an investment of the current user and its '
    'first cash flow (a contribution of the amount on the investment date) in one call, '
    'through auxeira.record_investment(); parameters are named as the columns of '
    'auxeira.investments; currency is the cheque''s (NULL: the fund''s, else USD). Refuses '
    '(DataError in Python): no company or an unknown one, amount <= 0, a date missing or in '
    'the future, a fund the caller does not manage, post-money <> pre-money + amount, equity '
    '<> amount / post-money (when valuations are given, equity is derived from them), an '
    'unknown currency, a deal not in the caller''s pipeline. With deal_id, that deal moves to '
    'closed and links the investment. Returns the investment and the cash flow id. SECURITY '
    'INVOKER. With an idempotency_key, a retry returns the first call''s result and writes '
    'nothing (auxeira.idempotent_replay). Replaces vc_log_investment (0017).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.vc_record_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.vc_record_investment(uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text, text, text) TO auxeira_app;

-- auxeira_dash.vc_log_investment: a deprecated wrapper (CREATE OR REPLACE keeps its grants)
CREATE OR REPLACE FUNCTION auxeira_dash.vc_log_investment(
    company uuid, invested numeric, invested_on date, funding_round text DEFAULT NULL,
    fund uuid DEFAULT NULL, pre_money numeric DEFAULT NULL, post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL, lead boolean DEFAULT false, board boolean DEFAULT false,
    deal uuid DEFAULT NULL, note text DEFAULT NULL, currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid, cash_flow_id uuid, investor_id uuid, company_id uuid, fund_id uuid,
        investment_round varchar, amount numeric, equity_percentage numeric,
        pre_money_valuation numeric, post_money_valuation numeric, investment_date date,
        status varchar)
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM auxeira_dash.vc_record_investment(
        company, invested, invested_on, funding_round, fund, pre_money, post_money, equity,
        lead, board, deal, note, currency, idempotency_key)
$$;

COMMENT ON FUNCTION auxeira_dash.vc_log_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
    text, text) IS
    'DEPRECATED since 0017, to be removed in the next release: use '
    'auxeira_dash.vc_record_investment (same arguments in the same order, named as the '
    'columns of auxeira.investments). Calls it and returns its row.';

UPDATE auxeira.idempotency_keys SET operation = 'vc_record_investment' WHERE operation = 'vc_log_investment';

-- auxeira_dash.angel_record_investment (was angel_track_investment)
CREATE FUNCTION auxeira_dash.angel_record_investment(
    company_id uuid,
    amount numeric,
    investment_date date,
    investment_round text DEFAULT NULL,
    pre_money_valuation numeric DEFAULT NULL,
    post_money_valuation numeric DEFAULT NULL,
    equity_percentage numeric DEFAULT NULL,
    note text DEFAULT NULL,
    currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS auxeira_dash.recorded_investment
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    written auxeira_dash.recorded_investment;
BEGIN
    written := jsonb_populate_record(written, auxeira.idempotent_replay(
        'angel_record_investment', angel_record_investment.idempotency_key));
    IF written.investment_id IS NOT NULL THEN
        RETURN written;  -- a retry: the first call's result
    END IF;
    SELECT r.investment_id, r.cash_flow_id INTO written.investment_id, written.cash_flow_id
    FROM auxeira.record_investment(
        company => angel_record_investment.company_id,
        invested => angel_record_investment.amount,
        invested_on => angel_record_investment.investment_date,
        funding_round => angel_record_investment.investment_round,
        pre_money => angel_record_investment.pre_money_valuation,
        post_money => angel_record_investment.post_money_valuation,
        equity => angel_record_investment.equity_percentage,
        note => angel_record_investment.note,
        currency => angel_record_investment.currency) AS r;
    written := auxeira.recorded_investment_row(written.investment_id, written.cash_flow_id);
    PERFORM auxeira.idempotent_record('angel_record_investment',
                                      angel_record_investment.idempotency_key, to_jsonb(written));
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_record_investment(
    uuid, numeric, date, text, numeric, numeric, numeric, text, text, text) IS
    'POST /api/dashboard/angel/investment: records a personal investment of the current user '
    '(no fund: fund_id is NULL) and its first cash flow (a contribution of the amount on the '
    'investment date), through auxeira.record_investment(); parameters are named as the '
    'columns of auxeira.investments; currency is the cheque''s (NULL: USD). Refuses '
    '(DataError in Python): no company or an unknown one, amount <= 0, a date missing or in '
    'the future, an unknown currency, post-money <> pre-money + amount, equity <> amount / '
    'post-money (when valuations are given, equity is derived from them). Returns the '
    'investment and the cash flow id. SECURITY INVOKER. With an idempotency_key, a retry '
    'returns the first call''s result and writes nothing (auxeira.idempotent_replay). '
    'Replaces angel_track_investment (0017).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_record_investment(uuid, numeric, date, text, numeric, numeric, numeric, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_record_investment(uuid, numeric, date, text, numeric, numeric, numeric, text, text, text) TO auxeira_app;

-- auxeira_dash.angel_track_investment: a deprecated wrapper (CREATE OR REPLACE keeps its grants)
CREATE OR REPLACE FUNCTION auxeira_dash.angel_track_investment(
    company uuid, invested numeric, invested_on date, funding_round text DEFAULT NULL,
    pre_money numeric DEFAULT NULL, post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL, note text DEFAULT NULL, currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid, cash_flow_id uuid, investor_id uuid, company_id uuid,
        investment_round varchar, amount numeric, equity_percentage numeric,
        pre_money_valuation numeric, post_money_valuation numeric, investment_date date,
        status varchar)
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.investment_id, r.cash_flow_id, r.investor_id, r.company_id, r.investment_round,
           r.amount, r.equity_percentage, r.pre_money_valuation, r.post_money_valuation,
           r.investment_date, r.status
    FROM auxeira_dash.angel_record_investment(
        company, invested, invested_on, funding_round, pre_money, post_money, equity, note,
        currency, idempotency_key) AS r
$$;

COMMENT ON FUNCTION auxeira_dash.angel_track_investment(
    uuid, numeric, date, text, numeric, numeric, numeric, text, text, text) IS
    'DEPRECATED since 0017, to be removed in the next release: use '
    'auxeira_dash.angel_record_investment (same arguments in the same order, named as the '
    'columns of auxeira.investments). Calls it and returns its row without fund_id.';

UPDATE auxeira.idempotency_keys SET operation = 'angel_record_investment' WHERE operation = 'angel_track_investment';

-- auxeira_dash.esg_education_record_programme (was esg_education_log_program)
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

REVOKE EXECUTE ON FUNCTION auxeira_dash.esg_education_record_programme(text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.esg_education_record_programme(text, text, text, date, text, text, date, numeric, text, integer, integer, text[], text, text, text) TO auxeira_app;

-- auxeira_dash.esg_education_log_program: a deprecated wrapper (CREATE OR REPLACE keeps its grants)
CREATE OR REPLACE FUNCTION auxeira_dash.esg_education_log_program(
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

UPDATE auxeira.idempotency_keys SET operation = 'esg_education_record_programme' WHERE operation = 'esg_education_log_program';

-- auxeira_dash.government_record_policy (was government_log_policy)
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

REVOKE EXECUTE ON FUNCTION auxeira_dash.government_record_policy(text, text, text, date, date, numeric, jsonb, text, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.government_record_policy(text, text, text, date, date, numeric, jsonb, text, text, text, text) TO auxeira_app;

-- auxeira_dash.government_log_policy: a deprecated wrapper (CREATE OR REPLACE keeps its grants)
CREATE OR REPLACE FUNCTION auxeira_dash.government_log_policy(
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

UPDATE auxeira.idempotency_keys SET operation = 'government_record_policy' WHERE operation = 'government_log_policy';

-- auxeira_dash.government_record_policy_impact (was government_log_policy_impact)
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

REVOKE EXECUTE ON FUNCTION auxeira_dash.government_record_policy_impact(uuid, text, date, date, numeric, numeric, integer, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.government_record_policy_impact(uuid, text, date, date, numeric, numeric, integer, text, text) TO auxeira_app;

-- auxeira_dash.government_log_policy_impact: a deprecated wrapper (CREATE OR REPLACE keeps its grants)
CREATE OR REPLACE FUNCTION auxeira_dash.government_log_policy_impact(
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

UPDATE auxeira.idempotency_keys SET operation = 'government_record_policy_impact' WHERE operation = 'government_log_policy_impact';

-- auxeira_dash.startup_record_interview (was startup_log_interview)
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

REVOKE EXECUTE ON FUNCTION auxeira_dash.startup_record_interview(uuid, date, text, boolean, text, text, text, integer, numeric, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.startup_record_interview(uuid, date, text, boolean, text, text, text, integer, numeric, text, text) TO auxeira_app;

-- auxeira_dash.startup_log_interview: a deprecated wrapper (CREATE OR REPLACE keeps its grants)
CREATE OR REPLACE FUNCTION auxeira_dash.startup_log_interview(
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

UPDATE auxeira.idempotency_keys SET operation = 'startup_record_interview' WHERE operation = 'startup_log_interview';

-- auxeira.idempotency_keys.operation (its example was a renamed function)
COMMENT ON COLUMN auxeira.idempotency_keys.operation IS
    'The write function the key was first used with (e.g. startup_record_interview); the same '
    'key with another operation is refused.';


-- Stored comments (and the token rule descriptions) that named the old functions
COMMENT ON TABLE auxeira.founder_daily_actions IS
    'Daily actions suggested to a founder (talk to customers, update metrics, write the investor '
    'update ...): one row per founder, day, action type and company, with its status and '
    'progress. Created by the platform each day; progressed by the founder, and automatically '
    'by auxeira_dash.startup_record_interview (customer_interview) and '
    'auxeira_dash.startup_record_evidence (evidence_upload). Read by GET '
    '/api/dashboard/startup/actions (today''s actions, streak and progress).';

COMMENT ON TABLE auxeira.customer_interviews IS
    'Customer-discovery interviews logged by a founder for one of their companies: who was '
    'interviewed (role, segment), whether the problem was confirmed, how much it hurts and '
    'whether they would pay. Written by auxeira_dash.startup_record_interview (POST '
    '/api/dashboard/startup/interview), which validates the input.';

COMMENT ON CONSTRAINT government_policy_impacts_policy_id_metric_period_key
    ON auxeira.government_policy_impacts IS
    'One measurement per policy, metric and period: the upsert key of '
    'auxeira_dash.government_record_policy_impact().';

COMMENT ON TABLE auxeira.education_programmes IS
    'Education programmes an ESG user runs or funds (schools, vocational training, literacy, '
    'teacher education ...): one row per programme, owned by that user. Outcomes, teacher '
    'training and UNESCO (SDG 4) compliance hang off it. Written by '
    'auxeira_dash.esg_education_record_programme (POST /api/dashboard/esg-education/program).';

-- auxeira.token_rules: its description names the renamed write
CREATE OR REPLACE FUNCTION auxeira.token_rules()
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

COMMENT ON FUNCTION auxeira.progress_daily_actions(text, uuid) IS
    'Counts one act of the current founder towards today''s daily actions of that action_type '
    'for the company (or for no company): completed_count + 1, status in_progress, or completed '
    '(stamping completed_at) once target_count is reached; skipped actions are left alone. '
    'Awards the daily_action tokens (auxeira.award_tokens) of each action it completes and '
    'returns how many it found completed. Called by startup_record_interview '
    '(customer_interview) and startup_record_evidence (evidence_upload). SECURITY INVOKER: a '
    'founder may update their own daily actions anyway (row-level security checks it).';


-- Every dashboard write takes an optional idempotency_key: startup_answer_relationship was the
-- last without one (a new signature: the old one is dropped, its grants repeated).
DROP FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text);

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

REVOKE EXECUTE ON FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text, text)
    TO auxeira_app;

-- Pruning of old idempotency results: auxeira.prune_idempotency_keys (the scheduled job
-- prune-idempotency-keys runs it daily).
CREATE FUNCTION auxeira.prune_idempotency_keys(
    keep interval DEFAULT '7 days', max_rows integer DEFAULT 10000)
    RETURNS bigint
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    removed bigint;
BEGIN
    IF keep IS NULL OR keep < interval '1 hour' THEN
        RAISE EXCEPTION 'keep must be at least 1 hour (got %)', coalesce(keep::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'max_rows must be at least 1 (got %)', coalesce(max_rows::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    DELETE FROM auxeira.idempotency_keys AS k
    WHERE k.id IN (SELECT o.id FROM auxeira.idempotency_keys AS o
                   WHERE o.created_at < now() - keep
                   ORDER BY o.created_at
                   LIMIT max_rows);
    GET DIAGNOSTICS removed = ROW_COUNT;
    RETURN removed;
END
$$;

COMMENT ON FUNCTION auxeira.prune_idempotency_keys(interval, integer) IS
    'Deletes at most max_rows stored idempotency results older than keep (default 7 days; at '
    'least 1 hour, so that a retry in flight still finds its result), oldest first, through '
    'the index on created_at; returns how many went. A key used again after its result was '
    'pruned counts as a new write. Run by the scheduled job prune-idempotency-keys (daily, '
    'batches until one returns less than max_rows); owner role only.';

REVOKE EXECUTE ON FUNCTION auxeira.prune_idempotency_keys(interval, integer) FROM PUBLIC;


-- Lists paged in SQL: the VC's deals and the angel's connections take page_size and a keyset
-- cursor (auxeira.check_page) and return the next cursor; an index serves each order. New
-- signatures: the old report functions are dropped, their grants repeated.
CREATE INDEX deals_investor_id_sourced_on_id_idx
    ON auxeira.deals (investor_id, sourced_on DESC, id DESC);
COMMENT ON INDEX auxeira.deals_investor_id_sourced_on_id_idx IS
    'Serves the keyset-paged deal list (auxeira_dash.vc_deals_report: one investor''s deals, '
    'newest sourced first, after a cursor) in index order (0017).';

CREATE INDEX connections_requester_accepted_idx
    ON auxeira.connections (requester_id, responded_at DESC, id DESC) WHERE status = 'accepted';
COMMENT ON INDEX auxeira.connections_requester_accepted_idx IS
    'Accepted connections a user asked for, newest first: one of the two ordered scans behind '
    'the keyset-paged network (auxeira_dash.angel_network_report, 0017).';

CREATE INDEX connections_addressee_accepted_idx
    ON auxeira.connections (addressee_id, responded_at DESC, id DESC) WHERE status = 'accepted';
COMMENT ON INDEX auxeira.connections_addressee_accepted_idx IS
    'Accepted connections a user was asked for, newest first: the other ordered scan behind '
    'the keyset-paged network (auxeira_dash.angel_network_report, 0017).';

DROP FUNCTION auxeira_dash.vc_deals_report();

CREATE FUNCTION auxeira_dash.vc_deals_report(
    page_size integer DEFAULT 50,
    after_sourced_on date DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (deals json, stages json, next_sourced_on date, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(vc_deals_report.page_size,
                               vc_deals_report.after_sourced_on IS NOT NULL,
                               vc_deals_report.after_id IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            -- served by deals_investor_id_sourced_on_id_idx (investor, sourced_on, id)
            SELECT d.*
            FROM auxeira_dash.vc_deals AS d
            WHERE vc_deals_report.after_id IS NULL
               OR (d.sourced_on, d.deal_id)
                  < (vc_deals_report.after_sourced_on, vc_deals_report.after_id)
            ORDER BY d.sourced_on DESC, d.deal_id DESC
            LIMIT vc_deals_report.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.sourced_on, p.deal_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = vc_deals_report.page_size
            ORDER BY p.sourced_on, p.deal_id
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.sourced_on DESC, p.deal_id DESC), '[]')
                FROM page AS p),
               (SELECT coalesce(json_agg(s ORDER BY s.stage_rank), '[]')
                FROM auxeira_dash.vc_deal_stages AS s),
               (SELECT l.sourced_on FROM tail AS l),
               (SELECT l.deal_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_deals_report(integer, date, uuid) IS
    'GET /api/dashboard/vc/deals in one statement: one page of deals (vc_deals, newest sourced '
    'first: sourced_on DESC, deal_id DESC; page_size 1-500, after the cursor after_sourced_on, '
    'after_id = the last row of the previous page, both or neither: auxeira.check_page), the '
    'stages (vc_deal_stages, the funnel of the whole pipeline in pipeline order) and the '
    'cursor of the next page (NULL after the last page). Keyset-paged since 0017 (was every '
    'deal in stage order).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.vc_deals_report(integer, date, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.vc_deals_report(integer, date, uuid)
    TO auxeira_app, auxeira_readonly;

DROP FUNCTION auxeira_dash.angel_network_report();

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
        next_id uuid
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
               (SELECT coalesce(json_agg(r ORDER BY r.requested_at DESC, r.connection_id), '[]')
                FROM auxeira_dash.angel_network_requests AS r),
               (SELECT coalesce(json_agg(n ORDER BY n.connection_type), '[]')
                FROM auxeira_dash.angel_network_summary AS n),
               (SELECT l.connected_at FROM tail AS l),
               (SELECT l.connection_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid) IS
    'GET /api/dashboard/angel/network in one statement: one page of the current user''s '
    'accepted connections (angel_network, newest first: connected_at DESC, connection_id '
    'DESC; page_size 1-500, after the cursor after_connected_at, after_id = the last row of '
    'the previous page, both or neither: auxeira.check_page), the pending requests addressed '
    'to them (angel_network_requests), the counts per connection type (angel_network_summary, '
    'all connections) and the cursor of the next page (NULL after the last). Keyset-paged '
    'since 0017 (was every connection).';

REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_network_report(integer, timestamptz, uuid)
    TO auxeira_app, auxeira_readonly;


-- One definition of the VC and angel portfolio reports: auxeira.investor_portfolio_report()
-- (the two report functions were the same 23 lines over each dashboard's views).
CREATE FUNCTION auxeira.investor_portfolio_report(dashboard text)
    RETURNS TABLE (holdings json, totals json)
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- static branches, not EXECUTE: a dynamic statement is planned on every call, and planning
    -- these views cost three times running them
    IF dashboard = 'vc' THEN
        RETURN QUERY
            SELECT (SELECT coalesce(json_agg(h ORDER BY h.investment_date DESC, h.company_name,
                                             h.investment_id), '[]')
                    FROM auxeira_dash.vc_portfolio AS h),
                   (SELECT row_to_json(t) FROM auxeira_dash.vc_portfolio_totals AS t);
    ELSIF dashboard = 'angel' THEN
        RETURN QUERY
            SELECT (SELECT coalesce(json_agg(h ORDER BY h.investment_date DESC, h.company_name,
                                             h.investment_id), '[]')
                    FROM auxeira_dash.angel_portfolio AS h),
                   (SELECT row_to_json(t) FROM auxeira_dash.angel_portfolio_totals AS t);
    ELSE
        RAISE EXCEPTION 'dashboard must be vc or angel, got %',
            coalesce(quote_literal(dashboard), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

COMMENT ON FUNCTION auxeira.investor_portfolio_report(text) IS
    'The portfolio report of the vc or angel dashboard: holdings (the rows of '
    'auxeira_dash.<dashboard>_portfolio, newest first) and totals (the one row of '
    '<dashboard>_portfolio_totals, NULL without investments), as the caller sees them '
    '(SECURITY INVOKER: the views are security_invoker). The one definition behind '
    'vc_portfolio_report and angel_portfolio_report; another dashboard is refused '
    '(invalid_parameter_value).';

REVOKE EXECUTE ON FUNCTION auxeira.investor_portfolio_report(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira.investor_portfolio_report(text)
    TO auxeira_app, auxeira_readonly;

CREATE OR REPLACE FUNCTION auxeira_dash.vc_portfolio_report()
    RETURNS TABLE (holdings json, totals json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT * FROM auxeira.investor_portfolio_report('vc');
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_portfolio_report() IS
    'GET /api/dashboard/vc/portfolio in one statement: holdings (vc_portfolio, newest first) '
    'and totals (the one row of vc_portfolio_totals, NULL without investments).';

CREATE OR REPLACE FUNCTION auxeira_dash.angel_portfolio_report()
    RETURNS TABLE (holdings json, totals json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT * FROM auxeira.investor_portfolio_report('angel');
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_portfolio_report() IS
    'GET /api/dashboard/angel/portfolio in one statement: holdings (angel_portfolio, newest '
    'first) and totals (the one row of angel_portfolio_totals, NULL without investments).';

-- auxeira.record_investment names the renamed writes it serves
COMMENT ON FUNCTION auxeira.record_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, text, text) IS
    'Records an investment of the current user and its first cash flow (a contribution of the '
    'amount on the investment date, note default ''initial investment''); the one write behind '
    'auxeira_dash.vc_record_investment and auxeira_dash.angel_record_investment. currency is the '
    'cheque''s (ISO 4217, auxeira.currencies); NULL takes the fund''s, else USD (trigger '
    'investments_ledger_entry). Refuses (invalid_parameter_value unless noted): no company, an '
    'unknown one (foreign_key_violation), amount <= 0, a date missing or in the future, a fund '
    'the caller does not manage, an unknown currency, negative valuations, post-money <> '
    'pre-money + amount, equity <> amount / post-money (when valuations are given, equity is '
    'derived from them, to 0.01 point). No tenant: insufficient_privilege '
    '(auxeira.require_user_id). Returns the investment id and the cash flow id. SECURITY '
    'INVOKER: row-level security checks both inserts.';
