-- Rollback of 0008: the policies, functions and views of 0007 again; the consent and
-- verification columns, the audit log and the admin functions dropped. The auxeira_admin
-- role stays (roles are cluster-wide).

SET LOCAL ROLE auxeira_owner;

DROP POLICY analytics_events_self_insert ON auxeira.analytics_events;
DROP POLICY analytics_events_self_select ON auxeira.analytics_events;
DROP POLICY auction_bids_bidder_insert ON auxeira.auction_bids;
DROP POLICY auction_bids_bidder_select ON auxeira.auction_bids;
DROP POLICY auction_bids_bidder_update ON auxeira.auction_bids;
DROP POLICY companies_founder_delete ON auxeira.companies;
DROP POLICY companies_founder_insert ON auxeira.companies;
DROP POLICY companies_founder_select ON auxeira.companies;
DROP POLICY companies_founder_update ON auxeira.companies;
DROP POLICY companies_investor_read ON auxeira.companies;
DROP POLICY company_compliance_founder_delete ON auxeira.company_compliance;
DROP POLICY company_compliance_founder_insert ON auxeira.company_compliance;
DROP POLICY company_compliance_founder_select ON auxeira.company_compliance;
DROP POLICY company_compliance_founder_update ON auxeira.company_compliance;
DROP POLICY corporate_partnerships_partner_delete ON auxeira.corporate_partnerships;
DROP POLICY corporate_partnerships_partner_insert ON auxeira.corporate_partnerships;
DROP POLICY corporate_partnerships_partner_select ON auxeira.corporate_partnerships;
DROP POLICY corporate_partnerships_partner_update ON auxeira.corporate_partnerships;
DROP POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships;
DROP POLICY customer_interviews_founder_delete ON auxeira.customer_interviews;
DROP POLICY customer_interviews_founder_insert ON auxeira.customer_interviews;
DROP POLICY customer_interviews_founder_select ON auxeira.customer_interviews;
DROP POLICY customer_interviews_founder_update ON auxeira.customer_interviews;
DROP POLICY deals_investor_delete ON auxeira.deals;
DROP POLICY deals_investor_insert ON auxeira.deals;
DROP POLICY deals_investor_select ON auxeira.deals;
DROP POLICY deals_investor_update ON auxeira.deals;
DROP POLICY economic_impact_founder_delete ON auxeira.economic_impact;
DROP POLICY economic_impact_founder_insert ON auxeira.economic_impact;
DROP POLICY economic_impact_founder_select ON auxeira.economic_impact;
DROP POLICY economic_impact_founder_update ON auxeira.economic_impact;
DROP POLICY economic_impact_investor_read ON auxeira.economic_impact;
DROP POLICY education_programmes_esg_owner_delete ON auxeira.education_programmes;
DROP POLICY education_programmes_esg_owner_insert ON auxeira.education_programmes;
DROP POLICY education_programmes_esg_owner_select ON auxeira.education_programmes;
DROP POLICY education_programmes_esg_owner_update ON auxeira.education_programmes;
DROP POLICY education_student_outcomes_esg_owner_delete ON auxeira.education_student_outcomes;
DROP POLICY education_student_outcomes_esg_owner_insert ON auxeira.education_student_outcomes;
DROP POLICY education_student_outcomes_esg_owner_select ON auxeira.education_student_outcomes;
DROP POLICY education_student_outcomes_esg_owner_update ON auxeira.education_student_outcomes;
DROP POLICY education_teacher_training_esg_owner_delete ON auxeira.education_teacher_training;
DROP POLICY education_teacher_training_esg_owner_insert ON auxeira.education_teacher_training;
DROP POLICY education_teacher_training_esg_owner_select ON auxeira.education_teacher_training;
DROP POLICY education_teacher_training_esg_owner_update ON auxeira.education_teacher_training;
DROP POLICY education_unesco_compliance_esg_owner_delete ON auxeira.education_unesco_compliance;
DROP POLICY education_unesco_compliance_esg_owner_insert ON auxeira.education_unesco_compliance;
DROP POLICY education_unesco_compliance_esg_owner_select ON auxeira.education_unesco_compliance;
DROP POLICY education_unesco_compliance_esg_owner_update ON auxeira.education_unesco_compliance;
DROP POLICY esg_metrics_founder_delete ON auxeira.esg_metrics;
DROP POLICY esg_metrics_founder_insert ON auxeira.esg_metrics;
DROP POLICY esg_metrics_founder_select ON auxeira.esg_metrics;
DROP POLICY esg_metrics_founder_update ON auxeira.esg_metrics;
DROP POLICY esg_metrics_investor_read ON auxeira.esg_metrics;
DROP POLICY founder_daily_actions_founder_delete ON auxeira.founder_daily_actions;
DROP POLICY founder_daily_actions_founder_insert ON auxeira.founder_daily_actions;
DROP POLICY founder_daily_actions_founder_select ON auxeira.founder_daily_actions;
DROP POLICY founder_daily_actions_founder_update ON auxeira.founder_daily_actions;
DROP POLICY fund_cash_flows_manager_delete ON auxeira.fund_cash_flows;
DROP POLICY fund_cash_flows_manager_insert ON auxeira.fund_cash_flows;
DROP POLICY fund_cash_flows_manager_select ON auxeira.fund_cash_flows;
DROP POLICY fund_cash_flows_manager_update ON auxeira.fund_cash_flows;
DROP POLICY funds_manager_delete ON auxeira.funds;
DROP POLICY funds_manager_insert ON auxeira.funds;
DROP POLICY funds_manager_select ON auxeira.funds;
DROP POLICY funds_manager_update ON auxeira.funds;
DROP POLICY government_policies_owner_delete ON auxeira.government_policies;
DROP POLICY government_policies_owner_insert ON auxeira.government_policies;
DROP POLICY government_policies_owner_select ON auxeira.government_policies;
DROP POLICY government_policies_owner_update ON auxeira.government_policies;
DROP POLICY government_policy_impacts_owner_delete ON auxeira.government_policy_impacts;
DROP POLICY government_policy_impacts_owner_insert ON auxeira.government_policy_impacts;
DROP POLICY government_policy_impacts_owner_select ON auxeira.government_policy_impacts;
DROP POLICY government_policy_impacts_owner_update ON auxeira.government_policy_impacts;
DROP POLICY investment_cash_flows_investor_delete ON auxeira.investment_cash_flows;
DROP POLICY investment_cash_flows_investor_insert ON auxeira.investment_cash_flows;
DROP POLICY investment_cash_flows_investor_update ON auxeira.investment_cash_flows;
DROP POLICY investment_cash_flows_select ON auxeira.investment_cash_flows;
DROP POLICY investments_founder_read ON auxeira.investments;
DROP POLICY investments_investor_delete ON auxeira.investments;
DROP POLICY investments_investor_insert ON auxeira.investments;
DROP POLICY investments_investor_select ON auxeira.investments;
DROP POLICY investments_investor_update ON auxeira.investments;
DROP POLICY partnership_auctions_opener_delete ON auxeira.partnership_auctions;
DROP POLICY partnership_auctions_opener_insert ON auxeira.partnership_auctions;
DROP POLICY partnership_auctions_opener_select ON auxeira.partnership_auctions;
DROP POLICY partnership_auctions_opener_update ON auxeira.partnership_auctions;
DROP POLICY portfolio_metrics_investor_delete ON auxeira.portfolio_metrics;
DROP POLICY portfolio_metrics_investor_insert ON auxeira.portfolio_metrics;
DROP POLICY portfolio_metrics_investor_select ON auxeira.portfolio_metrics;
DROP POLICY portfolio_metrics_investor_update ON auxeira.portfolio_metrics;
DROP POLICY regulatory_requirements_publisher_delete ON auxeira.regulatory_requirements;
DROP POLICY regulatory_requirements_publisher_insert ON auxeira.regulatory_requirements;
DROP POLICY regulatory_requirements_publisher_update ON auxeira.regulatory_requirements;
DROP POLICY startup_evidence_founder_delete ON auxeira.startup_evidence;
DROP POLICY startup_evidence_founder_insert ON auxeira.startup_evidence;
DROP POLICY startup_evidence_founder_select ON auxeira.startup_evidence;
DROP POLICY subscription_events_self_select ON auxeira.subscription_events;
DROP POLICY syndicate_members_member_delete ON auxeira.syndicate_members;
DROP POLICY syndicate_members_member_insert ON auxeira.syndicate_members;
DROP POLICY syndicate_members_member_select ON auxeira.syndicate_members;
DROP POLICY syndicate_members_member_update ON auxeira.syndicate_members;
DROP POLICY syndicates_founder_select ON auxeira.syndicates;
DROP POLICY syndicates_lead_delete ON auxeira.syndicates;
DROP POLICY syndicates_lead_insert ON auxeira.syndicates;
DROP POLICY syndicates_lead_select ON auxeira.syndicates;
DROP POLICY syndicates_lead_update ON auxeira.syndicates;
DROP POLICY syndicates_open_angel_select ON auxeira.syndicates;
DROP POLICY users_self_select ON auxeira.users;
DROP POLICY users_self_update ON auxeira.users;
DROP POLICY valuation_marks_investor_delete ON auxeira.valuation_marks;
DROP POLICY valuation_marks_investor_insert ON auxeira.valuation_marks;
DROP POLICY valuation_marks_investor_update ON auxeira.valuation_marks;
DROP POLICY valuation_marks_select ON auxeira.valuation_marks;

CREATE POLICY analytics_events_self ON auxeira.analytics_events
    FOR ALL TO auxeira_app
    USING ((user_id = auxeira.current_user_id()))
    WITH CHECK ((user_id = auxeira.current_user_id()));
COMMENT ON POLICY analytics_events_self ON auxeira.analytics_events IS
    'A user reads and writes their own analytics events.';

CREATE POLICY auction_bids_bidder ON auxeira.auction_bids
    FOR ALL TO auxeira_app
    USING ((bidder_id = auxeira.current_user_id()))
    WITH CHECK ((bidder_id = auxeira.current_user_id()));
COMMENT ON POLICY auction_bids_bidder ON auxeira.auction_bids IS
    'A bidder reads and writes its own bids (the guard trigger decides what may change when).';

CREATE POLICY companies_founder ON auxeira.companies
    FOR ALL TO auxeira_app
    USING ((user_id = auxeira.current_user_id()))
    WITH CHECK ((user_id = auxeira.current_user_id()));
COMMENT ON POLICY companies_founder ON auxeira.companies IS
    'A founder reads and writes the companies whose user_id is theirs.';

CREATE POLICY companies_investor_read ON auxeira.companies
    FOR SELECT TO auxeira_app
    USING ((id = ANY (( SELECT auxeira.my_portfolio_company_ids() AS my_portfolio_company_ids)::uuid[])));
COMMENT ON POLICY companies_investor_read ON auxeira.companies IS
    'An investor reads the companies they hold an investment in.';

CREATE POLICY company_compliance_founder ON auxeira.company_compliance
    FOR ALL TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id));
COMMENT ON POLICY company_compliance_founder ON auxeira.company_compliance IS
    'The founder of the company reads and writes its compliance rows, including the opt-in.';

CREATE POLICY corporate_partnerships_partner ON auxeira.corporate_partnerships
    FOR ALL TO auxeira_app
    USING ((corporate_partner_id = auxeira.current_user_id()))
    WITH CHECK ((corporate_partner_id = auxeira.current_user_id()));
COMMENT ON POLICY corporate_partnerships_partner ON auxeira.corporate_partnerships IS
    'A corporate partner reads and writes its own partnerships.';

CREATE POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships
    FOR SELECT TO auxeira_app
    USING ((startup_id = ANY (( SELECT auxeira.my_company_ids() AS my_company_ids)::uuid[])));
COMMENT ON POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships IS
    'The founder of the startup reads the partnerships it is part of.';

CREATE POLICY customer_interviews_founder ON auxeira.customer_interviews
    FOR ALL TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK ((auxeira.owns_company(company_id) AND (user_id = auxeira.current_user_id())));
COMMENT ON POLICY customer_interviews_founder ON auxeira.customer_interviews IS
    'The founder of the company reads and writes its interviews (logged under their own id). Investors do not see them.';

CREATE POLICY deals_investor ON auxeira.deals
    FOR ALL TO auxeira_app
    USING ((investor_id = auxeira.current_user_id()))
    WITH CHECK (((investor_id = auxeira.current_user_id()) AND ((fund_id IS NULL) OR (EXISTS ( SELECT
   FROM auxeira.funds f
  WHERE ((f.id = deals.fund_id) AND (f.manager_id = auxeira.current_user_id()))))) AND ((investment_id IS NULL) OR (EXISTS ( SELECT
   FROM auxeira.investments i
  WHERE ((i.id = deals.investment_id) AND (i.investor_id = auxeira.current_user_id())))))));
COMMENT ON POLICY deals_investor ON auxeira.deals IS
    'An investor reads and writes the deals of their own pipeline; a deal''s fund must be one they manage and its investment one of theirs.';

CREATE POLICY economic_impact_founder ON auxeira.economic_impact
    FOR ALL TO auxeira_app
    USING ((company_id = ANY (( SELECT auxeira.my_company_ids() AS my_company_ids)::uuid[])))
    WITH CHECK ((company_id = ANY (( SELECT auxeira.my_company_ids() AS my_company_ids)::uuid[])));
COMMENT ON POLICY economic_impact_founder ON auxeira.economic_impact IS
    'The founder of the company reads and writes its economic impact figures.';

CREATE POLICY economic_impact_investor_read ON auxeira.economic_impact
    FOR SELECT TO auxeira_app
    USING ((company_id = ANY (( SELECT auxeira.my_portfolio_company_ids() AS my_portfolio_company_ids)::uuid[])));
COMMENT ON POLICY economic_impact_investor_read ON auxeira.economic_impact IS
    'Investors in the company read its economic impact figures.';

CREATE POLICY education_programmes_esg_owner ON auxeira.education_programmes
    FOR ALL TO auxeira_app
    USING ((user_id = auxeira.current_user_id()))
    WITH CHECK ((user_id = auxeira.current_user_id()));
COMMENT ON POLICY education_programmes_esg_owner ON auxeira.education_programmes IS
    'The ESG user who owns the programme reads and writes its rows (user_id is the programme owner; the composite foreign key keeps child rows consistent with it).';

CREATE POLICY education_student_outcomes_esg_owner ON auxeira.education_student_outcomes
    FOR ALL TO auxeira_app
    USING ((user_id = auxeira.current_user_id()))
    WITH CHECK ((user_id = auxeira.current_user_id()));
COMMENT ON POLICY education_student_outcomes_esg_owner ON auxeira.education_student_outcomes IS
    'The ESG user who owns the programme reads and writes its rows (user_id is the programme owner; the composite foreign key keeps child rows consistent with it).';

CREATE POLICY education_teacher_training_esg_owner ON auxeira.education_teacher_training
    FOR ALL TO auxeira_app
    USING ((user_id = auxeira.current_user_id()))
    WITH CHECK ((user_id = auxeira.current_user_id()));
COMMENT ON POLICY education_teacher_training_esg_owner ON auxeira.education_teacher_training IS
    'The ESG user who owns the programme reads and writes its rows (user_id is the programme owner; the composite foreign key keeps child rows consistent with it).';

CREATE POLICY education_unesco_compliance_esg_owner ON auxeira.education_unesco_compliance
    FOR ALL TO auxeira_app
    USING ((user_id = auxeira.current_user_id()))
    WITH CHECK ((user_id = auxeira.current_user_id()));
COMMENT ON POLICY education_unesco_compliance_esg_owner ON auxeira.education_unesco_compliance IS
    'The ESG user who owns the programme reads and writes its rows (user_id is the programme owner; the composite foreign key keeps child rows consistent with it).';

CREATE POLICY esg_metrics_founder ON auxeira.esg_metrics
    FOR ALL TO auxeira_app
    USING ((company_id = ANY (( SELECT auxeira.my_company_ids() AS my_company_ids)::uuid[])))
    WITH CHECK ((company_id = ANY (( SELECT auxeira.my_company_ids() AS my_company_ids)::uuid[])));
COMMENT ON POLICY esg_metrics_founder ON auxeira.esg_metrics IS
    'The founder of the company reads and writes its ESG metrics.';

CREATE POLICY esg_metrics_investor_read ON auxeira.esg_metrics
    FOR SELECT TO auxeira_app
    USING ((company_id = ANY (( SELECT auxeira.my_portfolio_company_ids() AS my_portfolio_company_ids)::uuid[])));
COMMENT ON POLICY esg_metrics_investor_read ON auxeira.esg_metrics IS
    'Investors in the company read its ESG metrics.';

CREATE POLICY founder_daily_actions_founder ON auxeira.founder_daily_actions
    FOR ALL TO auxeira_app
    USING ((user_id = auxeira.current_user_id()))
    WITH CHECK (((user_id = auxeira.current_user_id()) AND ((company_id IS NULL) OR auxeira.owns_company(company_id))));
COMMENT ON POLICY founder_daily_actions_founder ON auxeira.founder_daily_actions IS
    'A founder reads and writes their own daily actions, about their own companies only.';

CREATE POLICY fund_cash_flows_follow_fund ON auxeira.fund_cash_flows
    FOR ALL TO auxeira_app
    USING ((EXISTS ( SELECT
   FROM auxeira.funds f
  WHERE (f.id = fund_cash_flows.fund_id))))
    WITH CHECK ((EXISTS ( SELECT
   FROM auxeira.funds f
  WHERE (f.id = fund_cash_flows.fund_id))));
COMMENT ON POLICY fund_cash_flows_follow_fund ON auxeira.fund_cash_flows IS
    'Readable and writable by the manager of the fund (through the funds policy).';

CREATE POLICY funds_manager ON auxeira.funds
    FOR ALL TO auxeira_app
    USING ((manager_id = auxeira.current_user_id()))
    WITH CHECK ((manager_id = auxeira.current_user_id()));
COMMENT ON POLICY funds_manager ON auxeira.funds IS
    'A VC reads and writes the funds it manages.';

CREATE POLICY government_policies_owner ON auxeira.government_policies
    FOR ALL TO auxeira_app
    USING ((owner_id = auxeira.current_user_id()))
    WITH CHECK (((owner_id = auxeira.current_user_id()) AND (EXISTS ( SELECT
   FROM auxeira.users u
  WHERE ((u.id = government_policies.owner_id) AND ((u.user_type)::text = 'government'::text))))));
COMMENT ON POLICY government_policies_owner ON auxeira.government_policies IS
    'A government user reads and writes its own policies; only government users own policies.';

CREATE POLICY government_policy_impacts_owner ON auxeira.government_policy_impacts
    FOR ALL TO auxeira_app
    USING ((owner_id = auxeira.current_user_id()))
    WITH CHECK ((owner_id = auxeira.current_user_id()));
COMMENT ON POLICY government_policy_impacts_owner ON auxeira.government_policy_impacts IS
    'A government user reads and writes the measurements of its own policies (the composite foreign key keeps owner_id equal to the policy''s owner).';

CREATE POLICY investment_cash_flows_follow_investment ON auxeira.investment_cash_flows
    FOR ALL TO auxeira_app
    USING ((investment_id = ANY (( SELECT auxeira.my_visible_investment_ids() AS my_visible_investment_ids)::uuid[])))
    WITH CHECK ((EXISTS ( SELECT
   FROM auxeira.investments i
  WHERE ((i.id = investment_cash_flows.investment_id) AND (i.investor_id = auxeira.current_user_id())))));
COMMENT ON POLICY investment_cash_flows_follow_investment ON auxeira.investment_cash_flows IS
    'Readable wherever the investment is readable (investor, founder); written by the investor.';

CREATE POLICY investments_founder_read ON auxeira.investments
    FOR SELECT TO auxeira_app
    USING ((company_id = ANY (( SELECT auxeira.my_company_ids() AS my_company_ids)::uuid[])));
COMMENT ON POLICY investments_founder_read ON auxeira.investments IS
    'A founder reads the investments made in their companies (their cap table).';

CREATE POLICY investments_investor ON auxeira.investments
    FOR ALL TO auxeira_app
    USING ((investor_id = auxeira.current_user_id()))
    WITH CHECK ((investor_id = auxeira.current_user_id()));
COMMENT ON POLICY investments_investor ON auxeira.investments IS
    'An investor reads and writes their own investments.';

CREATE POLICY partnership_auctions_opener ON auxeira.partnership_auctions
    FOR ALL TO auxeira_app
    USING ((opened_by = auxeira.current_user_id()))
    WITH CHECK (((opened_by = auxeira.current_user_id()) AND auxeira.owns_company(company_id)));
COMMENT ON POLICY partnership_auctions_opener ON auxeira.partnership_auctions IS
    'A founder reads and writes the auctions it opened, for companies it owns.';

CREATE POLICY portfolio_metrics_investor ON auxeira.portfolio_metrics
    FOR ALL TO auxeira_app
    USING ((investor_id = auxeira.current_user_id()))
    WITH CHECK ((investor_id = auxeira.current_user_id()));
COMMENT ON POLICY portfolio_metrics_investor ON auxeira.portfolio_metrics IS
    'An investor reads and writes their own portfolio snapshots.';

CREATE POLICY regulatory_requirements_publisher ON auxeira.regulatory_requirements
    FOR ALL TO auxeira_app
    USING ((owner_id = auxeira.current_user_id()))
    WITH CHECK (((owner_id = auxeira.current_user_id()) AND (EXISTS ( SELECT
   FROM auxeira.users u
  WHERE ((u.id = regulatory_requirements.owner_id) AND ((u.user_type)::text = 'government'::text))))));
COMMENT ON POLICY regulatory_requirements_publisher ON auxeira.regulatory_requirements IS
    'A government user publishes, edits and withdraws its own requirements.';

CREATE POLICY startup_evidence_founder ON auxeira.startup_evidence
    FOR ALL TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK ((auxeira.owns_company(company_id) AND (user_id = auxeira.current_user_id())));
COMMENT ON POLICY startup_evidence_founder ON auxeira.startup_evidence IS
    'The founder of the company reads, records and removes its evidence. Investors do not see it.';

CREATE POLICY subscription_events_self ON auxeira.subscription_events
    FOR ALL TO auxeira_app
    USING ((user_id = auxeira.current_user_id()))
    WITH CHECK ((user_id = auxeira.current_user_id()));
COMMENT ON POLICY subscription_events_self ON auxeira.subscription_events IS
    'A user reads and writes their own subscription events.';

CREATE POLICY syndicate_members_member ON auxeira.syndicate_members
    FOR ALL TO auxeira_app
    USING ((member_id = auxeira.current_user_id()))
    WITH CHECK (((member_id = auxeira.current_user_id()) AND (EXISTS ( SELECT
   FROM auxeira.syndicates s
  WHERE ((s.id = syndicate_members.syndicate_id) AND ((s.status)::text = 'open'::text))))));
COMMENT ON POLICY syndicate_members_member ON auxeira.syndicate_members IS
    'A member reads their own commitments and writes them while the syndicate is open.';

CREATE POLICY syndicates_lead ON auxeira.syndicates
    FOR ALL TO auxeira_app
    USING ((lead_id = auxeira.current_user_id()))
    WITH CHECK ((lead_id = auxeira.current_user_id()));
COMMENT ON POLICY syndicates_lead ON auxeira.syndicates IS
    'The lead angel reads and writes the syndicates they run.';

CREATE POLICY syndicates_open_angel_select ON auxeira.syndicates
    FOR SELECT TO auxeira_app
    USING ((((status)::text = 'open'::text) AND (EXISTS ( SELECT
   FROM auxeira.users u
  WHERE ((u.id = auxeira.current_user_id()) AND ((u.user_type)::text = 'angel'::text))))));
COMMENT ON POLICY syndicates_open_angel_select ON auxeira.syndicates IS
    'Every angel (users.user_type = angel) reads the published terms of open syndicates.';

CREATE POLICY users_self ON auxeira.users
    FOR ALL TO auxeira_app
    USING ((id = auxeira.current_user_id()))
    WITH CHECK ((id = auxeira.current_user_id()));
COMMENT ON POLICY users_self ON auxeira.users IS
    'A user reads and writes their own users row only.';

CREATE POLICY valuation_marks_follow_investment ON auxeira.valuation_marks
    FOR ALL TO auxeira_app
    USING ((investment_id = ANY (( SELECT auxeira.my_visible_investment_ids() AS my_visible_investment_ids)::uuid[])))
    WITH CHECK ((EXISTS ( SELECT
   FROM auxeira.investments i
  WHERE ((i.id = valuation_marks.investment_id) AND (i.investor_id = auxeira.current_user_id())))));
COMMENT ON POLICY valuation_marks_follow_investment ON auxeira.valuation_marks IS
    'Readable wherever the investment is readable (investor, founder); written by the investor.';

GRANT INSERT, DELETE, TRUNCATE ON auxeira.users TO auxeira_app;
DROP VIEW auxeira_dash.startup_relationships;
DROP FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text);

DROP MATERIALIZED VIEW auxeira_mv.corporate_ecosystem_pulse;
DROP MATERIALIZED VIEW auxeira_mv.government_compliance_summary;
DROP MATERIALIZED VIEW auxeira_mv.government_economic_impact;

CREATE MATERIALIZED VIEW auxeira_mv.corporate_ecosystem_pulse AS
WITH base AS (
    SELECT c.id,
           coalesce(nullif(btrim(c.industry), ''), '(unknown)') AS industry,
           coalesce(c.stage, '(unknown)') AS stage,
           c.current_valuation,
           c.funding_raised,
           c.growth_rate,
           c.sse_score
    FROM auxeira.companies AS c
),
step1 AS (
    SELECT b.*,
           CASE WHEN count(*) OVER (PARTITION BY b.industry, b.stage) < 5
                THEN '(other)' ELSE b.stage END AS stage1
    FROM base AS b
),
step2 AS (
    SELECT s.*,
           CASE WHEN s.stage1 = '(other)'
                     AND count(*) OVER (PARTITION BY s.industry, s.stage1) < 5
                THEN '(other)' ELSE s.industry END AS industry2
    FROM step1 AS s
),
cells AS (
    SELECT industry2, stage1, count(*) AS n
    FROM step2
    GROUP BY 1, 2
),
extra AS (
    -- The smallest cell to merge into ('(other)', '(other)') when that cell is too small.
    SELECT c.industry2, c.stage1
    FROM cells AS c
    WHERE (SELECT coalesce(sum(o.n), 0) FROM cells AS o
           WHERE o.industry2 = '(other)' AND o.stage1 = '(other)') BETWEEN 1 AND 4
      AND NOT (c.industry2 = '(other)' AND c.stage1 = '(other)')
    ORDER BY c.n, c.industry2, c.stage1
    LIMIT 1
),
recoded AS (
    SELECT s.id,
           CASE WHEN e.industry2 IS NULL THEN s.industry2 ELSE '(other)' END AS industry,
           CASE WHEN e.industry2 IS NULL THEN s.stage1 ELSE '(other)' END AS stage,
           s.current_valuation, s.funding_raised, s.growth_rate, s.sse_score
    FROM step2 AS s
    LEFT JOIN extra AS e ON e.industry2 = s.industry2 AND e.stage1 = s.stage1
)
SELECT coalesce(r.industry, '(all)') AS industry,
       coalesce(r.stage, '(all)') AS stage,
       count(*) AS companies,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY r.current_valuation)::numeric, 2)
           AS median_valuation,
       sum(r.funding_raised) AS total_funding,
       round(avg(r.growth_rate), 4) AS avg_growth_rate,
       round(avg(r.sse_score), 1) AS avg_sse_score
FROM recoded AS r
GROUP BY GROUPING SETS ((r.industry, r.stage), (r.industry), (r.stage), ())
HAVING count(*) >= 5;

CREATE UNIQUE INDEX corporate_ecosystem_pulse_key
    ON auxeira_mv.corporate_ecosystem_pulse (industry, stage);

COMMENT ON MATERIALIZED VIEW auxeira_mv.corporate_ecosystem_pulse IS
    'Ecosystem pulse: startups aggregated by industry and stage (each cell, each industry, each '
    'stage, and overall), every row covering at least five companies. Companies in small cells '
    'are recoded to ''(other)'' before aggregating (see sql/views/corporate.sql), so no '
    'difference of published rows isolates fewer than five companies. Serves GET '
    '/api/dashboard/corporate/ecosystem through auxeira_dash.corporate_ecosystem(). Not '
    'readable by auxeira_app.';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.industry IS
    'Industry (companies.industry); ''(all)'' = every industry, ''(other)'' = recoded small '
    'groups, ''(unknown)'' = no industry given.';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.stage IS
    'Funding stage (companies.stage); ''(all)'' = every stage, ''(other)'' = recoded small '
    'groups, ''(unknown)'' = no stage given.';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.companies IS
    'Number of companies in the group; always >= 5.';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.median_valuation IS
    'Median of companies.current_valuation over companies that have one (continuous median), '
    '2 decimals; NULL = none has one.';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.total_funding IS
    'Sum of companies.funding_raised (unknown values left out).';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.avg_growth_rate IS
    'Mean of companies.growth_rate (annual, a fraction), 4 decimals; NULL = none known.';

COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.avg_sse_score IS
    'Mean SSE score (0-100) of the scored companies, 1 decimal; NULL = none scored.';

COMMENT ON INDEX auxeira_mv.corporate_ecosystem_pulse_key IS
    'One row per (industry, stage) label pair; makes REFRESH ... CONCURRENTLY possible.';

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
    JOIN auxeira.companies AS c ON c.id = pc.company_id
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
FROM auxeira.company_compliance AS cc
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
    'Companies with a status for the requirement (any status); always >= 5.';

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

GRANT SELECT ON auxeira_mv.corporate_ecosystem_pulse TO auxeira_readonly;
GRANT SELECT ON
    auxeira_mv.government_economic_impact,
    auxeira_mv.government_compliance_summary
    TO auxeira_readonly;

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
    ORDER BY m.mark_date DESC, m.created_at DESC
    LIMIT 1
) AS mark ON true
WHERE u.id = auxeira.current_user_id();

CREATE OR REPLACE VIEW auxeira_dash.vc_portfolio WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.fund_id,
           f.name AS fund_name,
           p.investment_date,
           p.status,
           p.invested,
           p.fees,
           p.paid_in,
           p.distributed,
           p.residual_value AS value,
           p.total_value,
           p.moic,
           p.tvpi,
           p.dpi,
           p.irr,
           p.realized_return,
           p.paper_return
    FROM auxeira.investment_performance(CURRENT_DATE) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.companies AS c ON c.id = p.company_id
    LEFT JOIN auxeira.funds AS f ON f.id = p.fund_id
    WHERE p.investor_id = auxeira.current_user_id();

CREATE OR REPLACE FUNCTION auxeira_dash.vc_lp_report_schedule(
    fund uuid DEFAULT NULL, as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        fund_id uuid,
        fund_name varchar,
        investment_id uuid,
        company_id uuid,
        company_name varchar,
        industry varchar,
        investment_round varchar,
        investment_date date,
        status varchar,
        invested numeric,
        fees numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        irr double precision
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.id, f.name, p.investment_id, p.company_id, c.name, c.industry, i.investment_round,
           p.investment_date, p.status, p.invested, p.fees, p.distributed, p.residual_value,
           p.total_value, p.moic, p.tvpi, p.irr
    FROM auxeira.investment_performance(vc_lp_report_schedule.as_of) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    JOIN auxeira.funds AS f ON f.id = p.fund_id
    LEFT JOIN auxeira.companies AS c ON c.id = p.company_id
    WHERE f.manager_id = auxeira.current_user_id()
      AND p.investor_id = auxeira.current_user_id()
      AND (vc_lp_report_schedule.fund IS NULL OR f.id = vc_lp_report_schedule.fund)
    ORDER BY f.name, p.investment_date, c.name
$$;

CREATE OR REPLACE VIEW auxeira_dash.angel_portfolio WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.investment_date,
           p.status,
           i.equity_percentage,
           p.invested,
           p.fees,
           p.paid_in,
           p.distributed,
           p.residual_value AS value,
           p.total_value,
           p.moic,
           p.tvpi,
           p.dpi,
           p.irr,
           p.realized_return,
           p.paper_return
    FROM auxeira.investment_performance(CURRENT_DATE) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.companies AS c ON c.id = p.company_id
    WHERE p.investor_id = auxeira.current_user_id();

CREATE OR REPLACE VIEW auxeira_dash.angel_syndicate_opportunities WITH (security_invoker = true) AS
    SELECT s.id AS syndicate_id,
           s.name,
           s.description,
           s.company_id,
           c.name AS company_name,
           c.industry,
           s.investment_round,
           s.lead_id,
           s.lead_id = auxeira.current_user_id() AS is_lead,
           s.target_amount,
           s.min_ticket,
           s.carry_percentage,
           s.deadline,
           s.deadline - CURRENT_DATE AS days_left,
           s.status,
           mine.commitment_amount AS my_commitment,
           totals.committed AS committed_total,
           totals.members AS member_count
    FROM auxeira.syndicates AS s
    LEFT JOIN auxeira.companies AS c ON c.id = s.company_id
    LEFT JOIN auxeira.syndicate_members AS mine
           ON mine.syndicate_id = s.id
          AND mine.member_id = auxeira.current_user_id()
          AND mine.status <> 'withdrawn'
    LEFT JOIN LATERAL (
        SELECT coalesce(sum(m.commitment_amount), 0) AS committed, count(*) AS members
        FROM auxeira.syndicate_members AS m
        WHERE m.syndicate_id = s.id AND m.status <> 'withdrawn'
    ) AS totals ON s.lead_id = auxeira.current_user_id()
    WHERE s.status = 'open';

CREATE OR REPLACE VIEW auxeira_dash.angel_tax_events WITH (security_invoker = true) AS
    WITH inv AS (
        SELECT i.id, i.company_id, i.investment_date, i.status, i.exit_date, i.amount,
               EXISTS (SELECT FROM auxeira.investment_cash_flows AS x
                       WHERE x.investment_id = i.id) AS has_flows
        FROM auxeira.investments AS i
        WHERE i.investor_id = auxeira.current_user_id()
    ),
    paid AS (
        SELECT f.investment_id, f.flow_date, f.amount
        FROM auxeira.investment_cash_flows AS f
        JOIN inv ON inv.id = f.investment_id
        WHERE f.flow_type IN ('contribution', 'follow_on', 'fee')
        UNION ALL
        SELECT inv.id, inv.investment_date, inv.amount
        FROM inv
        WHERE NOT inv.has_flows
    ),
    events AS (
        SELECT f.investment_id, f.id AS cash_flow_id, f.flow_date AS event_date,
               'distribution'::text AS event_type, 0 AS event_order, f.amount AS proceeds
        FROM auxeira.investment_cash_flows AS f
        JOIN inv ON inv.id = f.investment_id
        WHERE f.flow_type = 'distribution' AND f.flow_date <= CURRENT_DATE
        UNION ALL
        SELECT inv.id, NULL, inv.exit_date,
               CASE WHEN inv.status = 'exited' THEN 'exit' ELSE 'write-off' END, 1, 0
        FROM inv
        WHERE inv.status IN ('exited', 'written-off') AND inv.exit_date <= CURRENT_DATE
    ),
    based AS (
        SELECT e.*,
               coalesce((SELECT sum(p.amount) FROM paid AS p
                         WHERE p.investment_id = e.investment_id
                           AND p.flow_date <= e.event_date), 0) AS basis
        FROM events AS e
    ),
    running AS (
        SELECT b.*,
               sum(CASE WHEN b.event_type = 'distribution' THEN b.proceeds ELSE b.basis END)
                   OVER w AS capacity
        FROM based AS b
        WINDOW w AS (PARTITION BY b.investment_id
                     ORDER BY b.event_date, b.event_order, b.cash_flow_id
                     ROWS UNBOUNDED PRECEDING)
    ),
    recovered AS (
        SELECT r.*,
               r.capacity + least(0, min(r.basis - r.capacity) OVER w) AS recovered_to_date
        FROM running AS r
        WINDOW w AS (PARTITION BY r.investment_id
                     ORDER BY r.event_date, r.event_order, r.cash_flow_id
                     ROWS UNBOUNDED PRECEDING)
    ),
    costed AS (
        SELECT r.*,
               r.recovered_to_date - coalesce(lag(r.recovered_to_date) OVER w, 0) AS cost_basis
        FROM recovered AS r
        WINDOW w AS (PARTITION BY r.investment_id
                     ORDER BY r.event_date, r.event_order, r.cash_flow_id)
    ),
    acquired AS (
        SELECT p.investment_id, min(p.flow_date) AS acquired_on
        FROM paid AS p
        GROUP BY p.investment_id
    )
    SELECT c.investment_id,
           c.cash_flow_id,
           inv.company_id,
           co.name AS company_name,
           c.event_date,
           extract(year FROM c.event_date)::integer AS tax_year,
           c.event_type,
           c.proceeds,
           c.cost_basis,
           c.proceeds - c.cost_basis AS gain,
           coalesce(a.acquired_on, inv.investment_date) AS acquired_on,
           c.event_date - coalesce(a.acquired_on, inv.investment_date) AS holding_days,
           c.event_date - coalesce(a.acquired_on, inv.investment_date) > 365 AS long_term
    FROM costed AS c
    JOIN inv ON inv.id = c.investment_id
    LEFT JOIN acquired AS a ON a.investment_id = c.investment_id
    LEFT JOIN auxeira.companies AS co ON co.id = inv.company_id
    -- an exit whose distributions recovered the whole basis realises nothing more
    WHERE c.event_type = 'distribution' OR c.cost_basis > 0;

DROP VIEW auxeira.company_profiles;

DROP TRIGGER users_guard ON auxeira.users;
DROP TRIGGER companies_guard ON auxeira.companies;
DROP TRIGGER investments_guard_consent ON auxeira.investments;
DROP TRIGGER corporate_partnerships_guard_consent ON auxeira.corporate_partnerships;
DROP TRIGGER syndicates_guard_consent ON auxeira.syndicates;
DROP FUNCTION auxeira.admin_set_company_verified(uuid, boolean);
DROP FUNCTION auxeira.admin_set_subscription(uuid, text, text);
DROP FUNCTION auxeira.admin_set_email(uuid, text);
DROP FUNCTION auxeira.admin_set_user_type(uuid, text);
DROP FUNCTION auxeira.admin_create_user(text, text, text);
DROP FUNCTION auxeira.relationship_guard();
DROP FUNCTION auxeira.companies_guard();
DROP FUNCTION auxeira.users_guard();
DROP FUNCTION auxeira.changed_columns(jsonb, jsonb, text[]);
DROP TABLE auxeira.audit_log;
DROP FUNCTION auxeira.audit_log_append_only();
DROP FUNCTION auxeira.write_audit(text, text, text, jsonb, jsonb);
DROP FUNCTION auxeira.max_unverified_companies();
DROP FUNCTION auxeira.round_significant(numeric, integer);
DROP FUNCTION auxeira.acting_as_platform();

-- Tenant identity: who the current transaction acts for.
--
-- current_user_id() is deliberately not SECURITY DEFINER and has no SET clause so
-- that PostgreSQL can inline it into row-level security policies; every name in
-- it is schema-qualified instead.

CREATE OR REPLACE FUNCTION auxeira.current_user_id()
    RETURNS uuid
    LANGUAGE sql
    STABLE
    PARALLEL SAFE
AS $$
    SELECT COALESCE(
        NULLIF(pg_catalog.current_setting('auxeira.user_id', true), ''),
        NULLIF(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb
            OPERATOR(pg_catalog.->>) 'sub'
    )::uuid
$$;

COMMENT ON FUNCTION auxeira.current_user_id() IS
    'The user (auxeira.users.id) the current transaction acts for: the transaction-local '
    'setting auxeira.user_id (set by auxeira_db.tenant()), else the sub claim of '
    'PostgREST''s request.jwt.claims. NULL when neither is set, which matches no rows: '
    'an unset tenant sees nothing. An empty string counts as unset.';

CREATE OR REPLACE FUNCTION auxeira.owns_company(company_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.companies AS c
        WHERE c.id = owns_company.company_id
          AND c.user_id = auxeira.current_user_id()
    )
$$;

COMMENT ON FUNCTION auxeira.owns_company(uuid) IS
    'True when the current user founded (owns) the company. SECURITY DEFINER so that '
    'policies on other tables can ask without recursing into the companies policies; '
    'it reveals one boolean about the caller''s own companies only.';

CREATE OR REPLACE FUNCTION auxeira.invests_in(company_id uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
        SELECT FROM auxeira.investments AS i
        WHERE i.company_id = invests_in.company_id
          AND i.investor_id = auxeira.current_user_id()
    )
$$;

COMMENT ON FUNCTION auxeira.invests_in(uuid) IS
    'True when the current user holds an investment in the company. SECURITY DEFINER '
    'for the same reason as owns_company(): it lets an investor read the companies and '
    'company metrics of their portfolio without policy recursion.';

CREATE OR REPLACE FUNCTION auxeira.my_company_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(c.id), '{}')
    FROM auxeira.companies AS c
    WHERE c.user_id = auxeira.current_user_id()
$$;

COMMENT ON FUNCTION auxeira.my_company_ids() IS
    'The ids of the companies the current user founded, as an array. Policies use it as '
    '"company_id = ANY ((SELECT auxeira.my_company_ids())::uuid[])": the scalar subquery runs once per '
    'statement (an InitPlan) instead of once per row, and the comparison can use an index.';

CREATE OR REPLACE FUNCTION auxeira.my_portfolio_company_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(DISTINCT i.company_id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
$$;

COMMENT ON FUNCTION auxeira.my_portfolio_company_ids() IS
    'The ids of the companies the current user holds an investment in, as an array; used by '
    'the investor read policies once per statement (see my_company_ids()).';

CREATE OR REPLACE FUNCTION auxeira.my_visible_investment_ids()
    RETURNS uuid[]
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(i.id), '{}')
    FROM auxeira.investments AS i
    WHERE i.investor_id = auxeira.current_user_id()
       OR i.company_id = ANY (auxeira.my_company_ids())
$$;

COMMENT ON FUNCTION auxeira.my_visible_investment_ids() IS
    'The ids of the investments the current user may read (their own, and those made in the '
    'companies they founded), as an array; cash flows and valuation marks follow it.';


DROP FUNCTION auxeira.my_investment_ids();
DROP FUNCTION auxeira.tenant_from_claims(text, text);

ALTER TABLE auxeira.companies DROP COLUMN verified_at, DROP COLUMN verified;
ALTER TABLE auxeira.syndicates
    DROP CONSTRAINT syndicates_founder_consent_check,
    DROP COLUMN founder_consent_at,
    DROP COLUMN founder_consent;
ALTER TABLE auxeira.corporate_partnerships
    DROP CONSTRAINT corporate_partnerships_founder_consent_check,
    DROP COLUMN founder_consent_at,
    DROP COLUMN founder_consent;
ALTER TABLE auxeira.investments
    DROP CONSTRAINT investments_founder_consent_check,
    DROP COLUMN founder_consent_at,
    DROP COLUMN founder_consent;
