-- Government agency dashboard: what /api/dashboard/government/... reads and writes.
--
-- Cross-tenant figures (economic impact, jobs, tax revenue, compliance) come from materialized
-- views in auxeira_mv and are aggregates only. Disclosure control, applied inside the views:
--   * a group is a set of companies; every published group has at least five companies;
--   * within one period and breakdown, groups of fewer than five companies are merged into one
--     group labelled '(other)'; if that group would still have one to four companies, the
--     smallest published group is merged into it too, so that no published figure minus the
--     others isolates fewer than five companies;
--   * a period with fewer than five companies in total publishes nothing.
-- The functions reading them are SECURITY DEFINER (the application role cannot read
-- auxeira_mv) and return rows only to a signed-in government user.
-- Policies and their measured impact are the caller's own rows (row-level security).

-- One row per quarter, breakdown (total, industry, stage, region) and group.
CREATE MATERIALIZED VIEW auxeira_mv.government_economic_impact AS
WITH per_company AS (
    -- One row per company and quarter: flows summed over the quarter's measurements; the
    -- stock of supported jobs and the multiplier taken from the latest / average measurement.
    SELECT date_trunc('quarter', ei.metric_date)::date AS period_start,
           ei.company_id,
           sum(ei.jobs_created) AS jobs_created,
           (array_agg(ei.jobs_supported ORDER BY ei.metric_date DESC)
                FILTER (WHERE ei.jobs_supported IS NOT NULL))[1] AS jobs_supported,
           sum(ei.tax_revenue_generated) AS tax_revenue,
           sum(ei.gdp_contribution) AS gdp_contribution,
           sum(ei.export_revenue) AS export_revenue,
           sum(ei.r_and_d_spending) AS r_and_d_spending,
           sum(ei.patents_filed) AS patents_filed,
           sum(ei.local_supplier_spend) AS local_supplier_spend,
           sum(ei.community_investment) AS community_investment,
           avg(ei.economic_multiplier) AS economic_multiplier
    FROM auxeira.economic_impact AS ei
    GROUP BY 1, 2
),
dims AS (
    SELECT pc.*, d.breakdown, d.breakdown_value
    FROM per_company AS pc
    -- verified companies only: made-up companies must not pad a group to five
    JOIN auxeira.companies AS c ON c.id = pc.company_id AND c.verified
    CROSS JOIN LATERAL (
        VALUES ('total', '(all)'),
               ('industry', coalesce(nullif(btrim(c.industry), ''), '(unknown)')),
               ('stage', coalesce(c.stage, '(unknown)')),
               -- location is "City, Country": the region is the part after the last comma
               ('region', coalesce(nullif(btrim(regexp_replace(c.location, '^.*,', '')), ''),
                                   '(unknown)'))
    ) AS d (breakdown, breakdown_value)
),
sizes AS (
    SELECT s.*,
           coalesce(sum(s.n) FILTER (WHERE s.n < 5)
                        OVER (PARTITION BY s.period_start, s.breakdown), 0) AS small_n,
           row_number() OVER (PARTITION BY s.period_start, s.breakdown, s.n >= 5
                              ORDER BY s.n, s.breakdown_value) AS size_rank
    FROM (SELECT period_start, breakdown, breakdown_value, count(*) AS n
          FROM dims
          GROUP BY 1, 2, 3) AS s
),
labels AS (
    SELECT period_start, breakdown, breakdown_value,
           CASE WHEN n < 5 OR (small_n BETWEEN 1 AND 4 AND size_rank = 1)
                THEN '(other)' ELSE breakdown_value END AS label
    FROM sizes
)
SELECT d.period_start,
       d.breakdown,
       l.label AS breakdown_value,
       count(*) AS companies,
       sum(d.jobs_created)::bigint AS jobs_created,
       sum(d.jobs_supported)::bigint AS jobs_supported,
       sum(d.tax_revenue) AS tax_revenue,
       sum(d.gdp_contribution) AS gdp_contribution,
       sum(d.export_revenue) AS export_revenue,
       sum(d.r_and_d_spending) AS r_and_d_spending,
       sum(d.patents_filed)::bigint AS patents_filed,
       sum(d.local_supplier_spend) AS local_supplier_spend,
       sum(d.community_investment) AS community_investment,
       round(avg(d.economic_multiplier), 2) AS avg_economic_multiplier
FROM dims AS d
JOIN labels AS l USING (period_start, breakdown, breakdown_value)
GROUP BY 1, 2, 3
HAVING count(*) >= 5;

CREATE UNIQUE INDEX government_economic_impact_key
    ON auxeira_mv.government_economic_impact (period_start, breakdown, breakdown_value);

COMMENT ON MATERIALIZED VIEW auxeira_mv.government_economic_impact IS
    'Economic impact of the ecosystem per calendar quarter, as aggregates of at least five '
    'companies: one row per quarter, breakdown (total, industry, stage, region) and group. '
    'Groups under five companies are merged into ''(other)'' (with the smallest group when '
    'needed, so no difference of published rows isolates fewer than five companies). Serves '
    'GET /api/dashboard/government/economic, /jobs and /tax-revenue through the functions of '
    'auxeira_dash. Not readable by auxeira_app.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.period_start IS
    'First day of the calendar quarter (economic_impact.metric_date truncated to the quarter).';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.breakdown IS
    'How companies are grouped: total (one group, ''(all)''), industry, stage, region (the '
    'country: the part of companies.location after the last comma).';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.breakdown_value IS
    'The group: an industry, stage or region; ''(unknown)'' when the company has none; '
    '''(other)'' for merged small groups; ''(all)'' for the total.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.companies IS
    'Distinct companies with a measurement in the quarter in this group; always >= 5.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.jobs_created IS
    'Direct jobs created in the quarter: sum of economic_impact.jobs_created.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.jobs_supported IS
    'Indirect and induced jobs supported: per company its latest jobs_supported of the quarter '
    '(a stock, not summed over months), summed over companies.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.tax_revenue IS
    'Taxes generated in the quarter: sum of economic_impact.tax_revenue_generated.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.gdp_contribution IS
    'Gross value added in the quarter: sum of economic_impact.gdp_contribution (signed).';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.export_revenue IS
    'Export revenue in the quarter: sum of economic_impact.export_revenue.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.r_and_d_spending IS
    'R&D spending in the quarter: sum of economic_impact.r_and_d_spending.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.patents_filed IS
    'Patent applications filed in the quarter: sum of economic_impact.patents_filed.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.local_supplier_spend IS
    'Spending with local suppliers in the quarter: sum of economic_impact.local_supplier_spend.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.community_investment IS
    'Community investment in the quarter: sum of economic_impact.community_investment.';
COMMENT ON COLUMN auxeira_mv.government_economic_impact.avg_economic_multiplier IS
    'Average over companies of each company''s average economic_multiplier in the quarter, 2 '
    'decimals. NULL = no company reported one.';
COMMENT ON INDEX auxeira_mv.government_economic_impact_key IS
    'One row per quarter, breakdown and group; makes REFRESH ... CONCURRENTLY possible.';

-- Per requirement: how many companies are compliant, suppressed under five companies.
CREATE MATERIALIZED VIEW auxeira_mv.government_compliance_summary AS
SELECT cc.requirement_id,
       count(*) AS companies,
       count(*) FILTER (WHERE cc.status = 'compliant') AS compliant,
       count(*) FILTER (WHERE cc.status = 'partial') AS partial,
       count(*) FILTER (WHERE cc.status = 'non-compliant') AS non_compliant,
       count(*) FILTER (WHERE cc.status = 'pending') AS pending,
       count(*) FILTER (WHERE cc.status = 'not-applicable') AS not_applicable,
       round(count(*) FILTER (WHERE cc.status = 'compliant')::numeric
             / nullif(count(*) FILTER (WHERE cc.status IN ('compliant', 'partial',
                                                           'non-compliant')), 0), 4)
           AS compliance_rate
FROM (
    -- Verified companies only (made-up companies must not pad a requirement to five), and the
    -- rows a founder did not share only when at least five are unshared: the shared rows are
    -- listed to the regulator one by one, so the summary minus that list must never isolate
    -- fewer than five unshared companies.
    SELECT x.requirement_id, x.status
    FROM (
        SELECT cc.requirement_id, cc.status, cc.shared_with_regulator,
               count(*) FILTER (WHERE NOT cc.shared_with_regulator)
                   OVER (PARTITION BY cc.requirement_id) AS unshared
        FROM auxeira.company_compliance AS cc
        JOIN auxeira.companies AS c ON c.id = cc.company_id AND c.verified
    ) AS x
    WHERE x.shared_with_regulator OR x.unshared >= 5
) AS cc
GROUP BY cc.requirement_id
HAVING count(*) >= 5;

CREATE UNIQUE INDEX government_compliance_summary_key
    ON auxeira_mv.government_compliance_summary (requirement_id);

COMMENT ON MATERIALIZED VIEW auxeira_mv.government_compliance_summary IS
    'Compliance with each regulatory requirement across companies, as counts by status: one '
    'row per requirement assessed for at least five companies (fewer: no row). Serves GET '
    '/api/dashboard/government/compliance through auxeira_dash.government_compliance(). Not '
    'readable by auxeira_app.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.requirement_id IS
    'The requirement (regulatory_requirements.id).';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.companies IS
    'Companies with a status for the requirement (any status); always >= 5. Verified companies '
    'only; the ones that did not share their status count only when at least five did not.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.compliant IS
    'Companies with status compliant.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.partial IS
    'Companies with status partial.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.non_compliant IS
    'Companies with status non-compliant.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.pending IS
    'Companies whose assessment is pending.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.not_applicable IS
    'Companies to which the requirement does not apply.';
COMMENT ON COLUMN auxeira_mv.government_compliance_summary.compliance_rate IS
    'compliant / (compliant + partial + non-compliant), a fraction with 4 decimals; pending and '
    'not-applicable are left out. NULL = no company assessed yet.';
COMMENT ON INDEX auxeira_mv.government_compliance_summary_key IS
    'One row per requirement; makes REFRESH ... CONCURRENTLY possible.';

-- The one row source of the three quarterly readers below: the breakdown check, the
-- government-user check and the period filter, once.
CREATE FUNCTION auxeira.government_impact_rows(
    period_from date, period_to date, only_breakdown text
)
    RETURNS TABLE (
        cur auxeira_mv.government_economic_impact,
        prev auxeira_mv.government_economic_impact
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF only_breakdown NOT IN ('total', 'industry', 'stage', 'region') THEN
        RAISE EXCEPTION 'breakdown must be total, industry, stage or region, not %',
            only_breakdown
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    SELECT m, p
    FROM auxeira_mv.government_economic_impact AS m
    LEFT JOIN auxeira_mv.government_economic_impact AS p
           ON p.period_start = (m.period_start - interval '3 months')::date
          AND p.breakdown = m.breakdown
          AND p.breakdown_value = m.breakdown_value
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (period_from IS NULL OR m.period_start >= date_trunc('quarter', period_from)::date)
      AND (period_to IS NULL OR m.period_start <= period_to)
      AND (only_breakdown IS NULL OR m.breakdown = only_breakdown);
END
$$;

COMMENT ON FUNCTION auxeira.government_impact_rows(date, date, text) IS
    'The rows of auxeira_mv.government_economic_impact that the government readers '
    '(government_economic, government_jobs, government_tax_revenue) publish: cur is a row, prev '
    'the same group''s row of the previous quarter (all fields NULL when that quarter is not '
    'published). Refuses a breakdown other than total, industry, stage, region or NULL (all) '
    'with invalid_parameter_value; keeps the quarters overlapping [period_from, period_to] '
    '(NULL = open); returns nothing unless the current user is a government user. Not granted '
    'to services: the SECURITY DEFINER readers call it as the owner.';

-- GET /api/dashboard/government/economic
CREATE FUNCTION auxeira_dash.government_economic(
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
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (g.cur).period_start, (g.cur).breakdown, (g.cur).breakdown_value, (g.cur).companies,
           (g.cur).gdp_contribution, (g.cur).export_revenue, (g.cur).r_and_d_spending,
           (g.cur).patents_filed, (g.cur).local_supplier_spend, (g.cur).community_investment,
           (g.cur).avg_economic_multiplier
    FROM auxeira.government_impact_rows(period_from, period_to, only_breakdown) AS g
    ORDER BY (g.cur).period_start, (g.cur).breakdown, (g.cur).breakdown_value
$$;

COMMENT ON FUNCTION auxeira_dash.government_economic(date, date, text) IS
    'Serves GET /api/dashboard/government/economic: economic impact analytics (GDP contribution, '
    'exports, R&D, patents, local spending, community investment, average multiplier) per '
    'quarter and group, from auxeira_mv.government_economic_impact (groups of >= 5 companies). '
    'Filters: quarters overlapping [period_from, period_to], one breakdown (total, industry, '
    'stage, region; NULL = all). Rows only for a signed-in government user. SECURITY DEFINER '
    'because the application role cannot read auxeira_mv. Rows, checks and filters come from '
    'auxeira.government_impact_rows().';

-- GET /api/dashboard/government/jobs
CREATE FUNCTION auxeira_dash.government_jobs(
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
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (g.cur).period_start, (g.cur).breakdown, (g.cur).breakdown_value, (g.cur).companies,
           (g.cur).jobs_created, (g.cur).jobs_supported,
           round((g.cur).jobs_created::numeric / (g.cur).companies, 2),
           (g.cur).jobs_created - (g.prev).jobs_created
    FROM auxeira.government_impact_rows(period_from, period_to, only_breakdown) AS g
    ORDER BY (g.cur).period_start, (g.cur).breakdown, (g.cur).breakdown_value
$$;

COMMENT ON FUNCTION auxeira_dash.government_jobs(date, date, text) IS
    'Serves GET /api/dashboard/government/jobs: job creation per quarter and group (jobs created, '
    'jobs supported, jobs created per company, change in jobs created against the previous '
    'quarter of the same group, NULL when that quarter is not published), from '
    'auxeira_mv.government_economic_impact. Filters and access as '
    'auxeira_dash.government_economic().';

-- GET /api/dashboard/government/tax-revenue
CREATE FUNCTION auxeira_dash.government_tax_revenue(
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
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT (g.cur).period_start, (g.cur).breakdown, (g.cur).breakdown_value, (g.cur).companies,
           (g.cur).tax_revenue,
           round((g.cur).tax_revenue / (g.cur).companies, 2),
           (g.cur).tax_revenue - (g.prev).tax_revenue,
           round(((g.cur).tax_revenue - (g.prev).tax_revenue) / nullif((g.prev).tax_revenue, 0), 4)
    FROM auxeira.government_impact_rows(period_from, period_to, only_breakdown) AS g
    ORDER BY (g.cur).period_start, (g.cur).breakdown, (g.cur).breakdown_value
$$;

COMMENT ON FUNCTION auxeira_dash.government_tax_revenue(date, date, text) IS
    'Serves GET /api/dashboard/government/tax-revenue: taxes generated per quarter and group, '
    'per company, and the change and growth (a fraction) against the previous quarter of the '
    'same group (NULL when that quarter is not published), from '
    'auxeira_mv.government_economic_impact. Filters and access as '
    'auxeira_dash.government_economic().';

-- GET /api/dashboard/government/compliance
CREATE FUNCTION auxeira_dash.government_compliance()
    RETURNS TABLE (
        requirement_id uuid,
        code text,
        name text,
        jurisdiction text,
        category text,
        effective_date date,
        published_by_me boolean,
        companies bigint,
        compliant bigint,
        partial bigint,
        non_compliant bigint,
        pending bigint,
        not_applicable bigint,
        compliance_rate numeric,
        suppressed boolean,
        shared_companies bigint
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT r.id, r.code, r.name, r.jurisdiction, r.category, r.effective_date,
           coalesce(r.owner_id = auxeira.current_user_id(), false),
           s.companies, s.compliant, s.partial, s.non_compliant, s.pending, s.not_applicable,
           s.compliance_rate,
           s.requirement_id IS NULL,
           (SELECT count(*) FROM auxeira.company_compliance AS cc
            WHERE cc.requirement_id = r.id AND cc.shared_with_regulator
              AND (r.owner_id IS NULL OR r.owner_id = auxeira.current_user_id()))
    FROM auxeira.regulatory_requirements AS r
    LEFT JOIN auxeira_mv.government_compliance_summary AS s ON s.requirement_id = r.id
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
    ORDER BY r.jurisdiction, r.code
$$;

COMMENT ON FUNCTION auxeira_dash.government_compliance() IS
    'Serves GET /api/dashboard/government/compliance: every regulatory requirement with the '
    'number of companies by compliance status and the compliance rate from '
    'auxeira_mv.government_compliance_summary; suppressed = true (and NULL figures) when fewer '
    'than five companies were assessed. shared_companies counts the companies that opted in to '
    'share their row with the caller (see auxeira_dash.government_compliance_companies()). Rows '
    'only for a signed-in government user; SECURITY DEFINER because the application role cannot '
    'read auxeira_mv.';

-- GET /api/dashboard/government/compliance (the companies that opted in)
CREATE FUNCTION auxeira_dash.government_compliance_companies(
    page_size integer DEFAULT 100,
    after_code text DEFAULT NULL,
    after_company_name text DEFAULT NULL,
    after_company_id uuid DEFAULT NULL
)
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
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auxeira.check_page(page_size, after_code IS NOT NULL AND after_company_name IS NOT NULL,
                               after_company_id IS NOT NULL);
    RETURN QUERY
    SELECT r.id, r.code::text, c.id, c.name::text, c.industry::text, c.stage::text,
           cc.status::text, cc.assessed_on, cc.evidence_reference::text
    FROM auxeira.company_compliance AS cc
    JOIN auxeira.regulatory_requirements AS r ON r.id = cc.requirement_id
    JOIN auxeira.companies AS c ON c.id = cc.company_id
    WHERE cc.shared_with_regulator
      AND EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'government')
      AND (r.owner_id IS NULL OR r.owner_id = auxeira.current_user_id())
      AND (government_compliance_companies.after_company_id IS NULL
           OR (r.code::text, c.name::text, c.id) > (government_compliance_companies.after_code,
                                        government_compliance_companies.after_company_name,
                                        government_compliance_companies.after_company_id))
    ORDER BY r.code::text, c.name::text, c.id
    LIMIT government_compliance_companies.page_size;
END
$$;

COMMENT ON FUNCTION auxeira_dash.government_compliance_companies(integer, text, text, uuid) IS
    'Serves the detail of GET /api/dashboard/government/compliance: the per-company statuses a '
    'company chose to share (company_compliance.shared_with_regulator) for requirements the '
    'caller published, or platform-curated ones (owner_id NULL). Never the notes. Rows only for '
    'a signed-in government user. SECURITY DEFINER because the caller cannot read companies '
    'under row-level security; it filters by auxeira.current_user_id() itself. Ordered by '
    'requirement code, company name and id; page_size (1-500, default 100) rows at a time, '
    'keyset-paged: pass the code, company_name and company_id of the last row of a page as '
    'after_code, after_company_name and after_company_id (auxeira.check_page validates them).';

-- POST /api/dashboard/government/policy (and what it wrote, to read back)
CREATE VIEW auxeira_dash.government_policy_impact
WITH (security_invoker = true) AS
SELECT p.id AS policy_id,
       p.name AS policy_name,
       p.jurisdiction,
       p.instrument_type,
       p.start_date,
       p.end_date,
       p.budget,
       i.id AS impact_id,
       i.metric,
       i.period_start,
       i.period_end,
       i.baseline,
       i.measured,
       i.measured - i.baseline AS change,
       (p.target_metrics ->> i.metric)::numeric AS target,
       round(i.measured / nullif((p.target_metrics ->> i.metric)::numeric, 0), 4)
           AS target_attainment,
       CASE WHEN i.measured - i.baseline > 0
            THEN round(p.budget / (i.measured - i.baseline), 2) END AS budget_per_unit_change,
       i.attributed_companies
FROM auxeira.government_policies AS p
LEFT JOIN auxeira.government_policy_impacts AS i ON i.policy_id = p.id
WHERE p.owner_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.government_policy_impact IS
    'Read side of POST /api/dashboard/government/policy: the caller''s policies, one row per '
    'impact measurement (a policy without measurements appears once with NULL measurement '
    'columns). security_invoker: row-level security and the owner filter keep other government '
    'users'' policies out.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.policy_id IS 'government_policies.id.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.policy_name IS 'Policy name.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.jurisdiction IS 'Where it applies.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.instrument_type IS
    'grant, tax-credit, regulation or programme.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.start_date IS 'Policy start.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.end_date IS
    'Policy end; NULL = open-ended.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.budget IS
    'Policy budget in currency units; NULL = none given.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.impact_id IS
    'government_policy_impacts.id; NULL when the policy has no measurement yet.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.metric IS 'Metric measured.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.period_start IS
    'Start of the measurement period.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.period_end IS
    'End of the measurement period.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.baseline IS
    'Counterfactual or pre-policy value; NULL = none.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.measured IS 'Measured value.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.change IS
    'measured - baseline: the effect attributed to the policy. NULL without a baseline.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.target IS
    'The policy''s target for this metric (government_policies.target_metrics); NULL = none.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.target_attainment IS
    'measured / target, a fraction with 4 decimals (1 = target met). NULL without a target.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.budget_per_unit_change IS
    'budget / change when the change is positive: e.g. the cost per additional job for '
    'jobs_created. NULL otherwise.';
COMMENT ON COLUMN auxeira_dash.government_policy_impact.attributed_companies IS
    'Companies the effect is attributed to; NULL = not known.';
