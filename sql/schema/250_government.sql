-- Government agency dashboard: the tables the specification lacks.
--
--   auxeira.government_policies          policies a government user runs (grant, tax credit,
--                                        regulation, programme) with budget and targets
--   auxeira.government_policy_impacts    measured impact of a policy, per metric and period
--   auxeira.regulatory_requirements      compliance requirements (reference data)
--   auxeira.company_compliance           a company's status against a requirement; private to
--                                        the company unless it opts in to share it
--
-- Triggers (updated_at, NOTIFY), row-level security and grants: sql/security/250_government.sql.
-- Reads: sql/views/government.sql; writes: sql/api/government.sql.

CREATE TABLE auxeira.government_policies (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL,
    name varchar(255) NOT NULL,
    jurisdiction varchar(255) NOT NULL,
    instrument_type varchar(20) NOT NULL,
    description text,
    start_date date NOT NULL,
    end_date date,
    budget numeric(15,2),
    target_metrics jsonb NOT NULL DEFAULT '{}',
    target_industry varchar(100),
    target_stage varchar(50),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT government_policies_pkey PRIMARY KEY (id),
    CONSTRAINT government_policies_owner_id_fkey FOREIGN KEY (owner_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT government_policies_id_owner_id_key UNIQUE (id, owner_id),
    CONSTRAINT government_policies_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT government_policies_jurisdiction_check CHECK (btrim(jurisdiction) <> ''),
    CONSTRAINT government_policies_instrument_type_check CHECK (
        instrument_type IN ('grant', 'tax-credit', 'regulation', 'programme')
    ),
    CONSTRAINT government_policies_end_date_check CHECK (end_date >= start_date),
    CONSTRAINT government_policies_budget_check CHECK (budget >= 0),
    CONSTRAINT government_policies_target_metrics_check CHECK (
        jsonb_typeof(target_metrics) = 'object'
        AND NOT jsonb_path_exists(target_metrics, '$.* ? (@.type() != "number")')
    ),
    CONSTRAINT government_policies_target_stage_check CHECK (
        target_stage IN ('pre-seed', 'seed', 'series-a', 'series-b', 'series-c+')
    ),
    CONSTRAINT government_policies_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX government_policies_owner_id_name_jurisdiction_key
    ON auxeira.government_policies (owner_id, lower(name), lower(jurisdiction));
CREATE INDEX government_policies_expires_at_idx
    ON auxeira.government_policies (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.government_policies IS
    'Public policies a government user runs and tracks on the government dashboard: one row per '
    'policy (a grant scheme, a tax credit, a regulation or a support programme) with its '
    'jurisdiction, dates, budget and the targets it is measured against. Private to the '
    'government user who logged it. Measurements: government_policy_impacts.';
COMMENT ON COLUMN auxeira.government_policies.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.government_policies.owner_id IS
    'The government account (users.id, user_type government) that runs and sees the policy.';
COMMENT ON COLUMN auxeira.government_policies.name IS
    'Policy name, not blank; unique per owner and jurisdiction, case-insensitively.';
COMMENT ON COLUMN auxeira.government_policies.jurisdiction IS
    'Where the policy applies (country, region or city, free text, e.g. "Nigeria" or '
    '"Lagos State"); not blank.';
COMMENT ON COLUMN auxeira.government_policies.instrument_type IS
    'Kind of instrument: grant (direct funding), tax-credit (tax relief or credit), regulation '
    '(a rule or regulatory change, e.g. a sandbox), programme (support programme, accelerator, '
    'training).';
COMMENT ON COLUMN auxeira.government_policies.description IS
    'What the policy does, free text. NULL = none given.';
COMMENT ON COLUMN auxeira.government_policies.start_date IS 'Date the policy took effect.';
COMMENT ON COLUMN auxeira.government_policies.end_date IS
    'Date the policy ends or ended, never before start_date. NULL = open-ended.';
COMMENT ON COLUMN auxeira.government_policies.budget IS
    'Total budget committed to the policy, in currency units, >= 0. NULL = none or not given '
    '(e.g. a regulation).';
COMMENT ON COLUMN auxeira.government_policies.target_metrics IS
    'Targets as a JSON object of numbers keyed by metric name, using the metric names of '
    'government_policy_impacts.metric (e.g. {"jobs_created": 500, "tax_revenue_generated": '
    '2000000}); {} = no targets. Values must be JSON numbers.';
COMMENT ON COLUMN auxeira.government_policies.target_industry IS
    'Industry the policy targets (free text, as companies.industry). NULL = all industries.';
COMMENT ON COLUMN auxeira.government_policies.target_stage IS
    'Funding stage the policy targets: pre-seed, seed, series-a, series-b, series-c+. '
    'NULL = all stages.';
COMMENT ON COLUMN auxeira.government_policies.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.government_policies.expires_at IS
    'When synthetic data may be removed; NULL for real rows (CHECK '
    'government_policies_expires_at_check).';
COMMENT ON COLUMN auxeira.government_policies.created_at IS 'When the policy was logged.';
COMMENT ON COLUMN auxeira.government_policies.updated_at IS
    'When the row was last changed; set by trigger update_government_policies_updated_at.';
COMMENT ON CONSTRAINT government_policies_id_owner_id_key ON auxeira.government_policies IS
    'Target of the composite foreign key of government_policy_impacts: a measurement''s '
    'owner_id is always its policy''s owner.';
COMMENT ON INDEX auxeira.government_policies_id_owner_id_key IS
    'Index of the (id, owner_id) unique constraint referenced by government_policy_impacts.';
COMMENT ON INDEX auxeira.government_policies_owner_id_name_jurisdiction_key IS
    'One policy per owner, name and jurisdiction (case-insensitive): logging the same policy '
    'again updates it. Also indexes the owner_id foreign key and the owner''s policy list.';
COMMENT ON INDEX auxeira.government_policies_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.government_policies_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE TABLE auxeira.government_policy_impacts (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    policy_id uuid NOT NULL,
    owner_id uuid NOT NULL,
    metric varchar(50) NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    baseline numeric,
    measured numeric NOT NULL,
    attributed_companies integer,
    methodology text,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT government_policy_impacts_pkey PRIMARY KEY (id),
    CONSTRAINT government_policy_impacts_policy_id_fkey FOREIGN KEY (policy_id, owner_id)
        REFERENCES auxeira.government_policies (id, owner_id),
    CONSTRAINT government_policy_impacts_metric_check CHECK (
        metric IN (
            'jobs_created', 'jobs_supported', 'tax_revenue_generated', 'gdp_contribution',
            'export_revenue', 'r_and_d_spending', 'patents_filed', 'local_supplier_spend',
            'community_investment', 'companies_supported', 'private_investment_leveraged'
        )
    ),
    CONSTRAINT government_policy_impacts_policy_id_metric_period_key
        UNIQUE (policy_id, metric, period_start, period_end),
    CONSTRAINT government_policy_impacts_period_end_check CHECK (period_end >= period_start),
    CONSTRAINT government_policy_impacts_attributed_companies_check CHECK (
        attributed_companies >= 0
    ),
    CONSTRAINT government_policy_impacts_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX government_policy_impacts_policy_id_owner_id_idx
    ON auxeira.government_policy_impacts (policy_id, owner_id);
CREATE INDEX government_policy_impacts_owner_id_idx
    ON auxeira.government_policy_impacts (owner_id);
CREATE INDEX government_policy_impacts_expires_at_idx
    ON auxeira.government_policy_impacts (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.government_policy_impacts IS
    'Measured impact of a government policy: one row per policy, metric and measurement period, '
    'with the baseline (the value expected without the policy, or before it), the measured '
    'value and how many companies the effect is attributed to. Logging the same policy, metric '
    'and period again replaces the measurement. Private to the policy''s owner.';
COMMENT ON COLUMN auxeira.government_policy_impacts.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.government_policy_impacts.policy_id IS
    'The policy measured (government_policies.id).';
COMMENT ON COLUMN auxeira.government_policy_impacts.owner_id IS
    'The policy''s owner (users.id), copied from the policy and held equal to it by the '
    'composite foreign key (policy_id, owner_id): the tenant key of row-level security and of '
    'change notifications.';
COMMENT ON COLUMN auxeira.government_policy_impacts.metric IS
    'What was measured: the economic_impact measures (jobs_created, jobs_supported, '
    'tax_revenue_generated, gdp_contribution, export_revenue, r_and_d_spending, patents_filed, '
    'local_supplier_spend, community_investment), companies_supported (companies reached) or '
    'private_investment_leveraged (private money raised alongside public money).';
COMMENT ON COLUMN auxeira.government_policy_impacts.period_start IS
    'First day of the measurement period.';
COMMENT ON COLUMN auxeira.government_policy_impacts.period_end IS
    'Last day of the measurement period, never before period_start.';
COMMENT ON COLUMN auxeira.government_policy_impacts.baseline IS
    'The counterfactual or pre-policy value of the metric for the same period, in the metric''s '
    'unit (jobs, currency units, count). NULL = no baseline: the change is then unknown.';
COMMENT ON COLUMN auxeira.government_policy_impacts.measured IS
    'The measured value of the metric over the period, in the metric''s unit. Required.';
COMMENT ON COLUMN auxeira.government_policy_impacts.attributed_companies IS
    'Number of companies the measured effect is attributed to, >= 0. NULL = not known.';
COMMENT ON COLUMN auxeira.government_policy_impacts.methodology IS
    'How the figure was measured or attributed (survey, tax records, difference-in-differences '
    '...), free text. NULL = not given.';
COMMENT ON COLUMN auxeira.government_policy_impacts.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.government_policy_impacts.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.government_policy_impacts.created_at IS
    'When the measurement was first logged.';
COMMENT ON COLUMN auxeira.government_policy_impacts.updated_at IS
    'When the measurement was last replaced; set by trigger '
    'update_government_policy_impacts_updated_at.';
COMMENT ON CONSTRAINT government_policy_impacts_policy_id_metric_period_key
    ON auxeira.government_policy_impacts IS
    'One measurement per policy, metric and period: the upsert key of '
    'auxeira_dash.government_record_policy_impact().';
COMMENT ON INDEX auxeira.government_policy_impacts_policy_id_metric_period_key IS
    'Index of the one-measurement-per-policy-metric-period constraint; serves a policy''s '
    'measurements.';
COMMENT ON INDEX auxeira.government_policy_impacts_policy_id_owner_id_idx IS
    'Indexes the composite foreign key (policy_id, owner_id).';
COMMENT ON INDEX auxeira.government_policy_impacts_owner_id_idx IS
    'Serves the row-level security filter owner_id = current user.';
COMMENT ON INDEX auxeira.government_policy_impacts_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.government_policy_impacts_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE TABLE auxeira.regulatory_requirements (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    owner_id uuid,
    code varchar(50) NOT NULL,
    name varchar(255) NOT NULL,
    jurisdiction varchar(255) NOT NULL,
    category varchar(30) NOT NULL,
    description text,
    applies_to_industry varchar(100),
    effective_date date NOT NULL,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT regulatory_requirements_pkey PRIMARY KEY (id),
    CONSTRAINT regulatory_requirements_owner_id_fkey FOREIGN KEY (owner_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT regulatory_requirements_code_check CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'),
    CONSTRAINT regulatory_requirements_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT regulatory_requirements_jurisdiction_check CHECK (btrim(jurisdiction) <> ''),
    CONSTRAINT regulatory_requirements_category_check CHECK (
        category IN (
            'data-protection', 'financial', 'labour', 'tax', 'environmental', 'licensing',
            'consumer', 'other'
        )
    ),
    CONSTRAINT regulatory_requirements_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX regulatory_requirements_jurisdiction_code_key
    ON auxeira.regulatory_requirements (lower(jurisdiction), code);
CREATE INDEX regulatory_requirements_owner_id_idx
    ON auxeira.regulatory_requirements (owner_id);
CREATE INDEX regulatory_requirements_expires_at_idx
    ON auxeira.regulatory_requirements (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.regulatory_requirements IS
    'Regulatory requirements startups are assessed against (data protection, licensing, tax, '
    'labour ...): public reference data, readable by every signed-in user. A requirement is '
    'published by a government user (owner_id), who then sees the per-company status of the '
    'companies that opted in to share it, or by the platform (owner_id NULL).';
COMMENT ON COLUMN auxeira.regulatory_requirements.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.regulatory_requirements.owner_id IS
    'The government account (users.id) that published and maintains the requirement: the '
    'regulator with whom companies may share their status. NULL = curated by the platform; '
    'shared statuses are then visible to every government user.';
COMMENT ON COLUMN auxeira.regulatory_requirements.code IS
    'Short reference of the requirement, e.g. NDPR-2019-DPO; letters, digits, dot, dash, '
    'underscore. Unique per jurisdiction.';
COMMENT ON COLUMN auxeira.regulatory_requirements.name IS 'Name of the requirement; not blank.';
COMMENT ON COLUMN auxeira.regulatory_requirements.jurisdiction IS
    'Where the requirement applies (country, region or city, free text); not blank.';
COMMENT ON COLUMN auxeira.regulatory_requirements.category IS
    'Area of regulation: data-protection, financial (financial services, AML/KYC), labour, tax, '
    'environmental, licensing (permits and registrations), consumer (consumer protection), '
    'other.';
COMMENT ON COLUMN auxeira.regulatory_requirements.description IS
    'What a company must do to comply, free text. NULL = none given.';
COMMENT ON COLUMN auxeira.regulatory_requirements.applies_to_industry IS
    'Industry the requirement applies to (as companies.industry). NULL = every industry.';
COMMENT ON COLUMN auxeira.regulatory_requirements.effective_date IS
    'Date from which compliance is required.';
COMMENT ON COLUMN auxeira.regulatory_requirements.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.regulatory_requirements.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.regulatory_requirements.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.regulatory_requirements.updated_at IS
    'When the row was last changed; set by trigger update_regulatory_requirements_updated_at.';
COMMENT ON INDEX auxeira.regulatory_requirements_jurisdiction_code_key IS
    'One requirement per code and jurisdiction (jurisdiction compared case-insensitively).';
COMMENT ON INDEX auxeira.regulatory_requirements_owner_id_idx IS
    'Indexes the owner_id foreign key; serves a regulator''s own requirements.';
COMMENT ON INDEX auxeira.regulatory_requirements_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.regulatory_requirements_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

CREATE TABLE auxeira.company_compliance (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    company_id uuid NOT NULL,
    requirement_id uuid NOT NULL,
    status varchar(20) NOT NULL,
    assessed_on date NOT NULL DEFAULT CURRENT_DATE,
    evidence_reference varchar(500),
    notes text,
    shared_with_regulator boolean NOT NULL DEFAULT false,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT company_compliance_pkey PRIMARY KEY (id),
    CONSTRAINT company_compliance_company_id_fkey FOREIGN KEY (company_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT company_compliance_requirement_id_fkey FOREIGN KEY (requirement_id)
        REFERENCES auxeira.regulatory_requirements (id),
    CONSTRAINT company_compliance_status_check CHECK (
        status IN ('compliant', 'partial', 'non-compliant', 'pending', 'not-applicable')
    ),
    CONSTRAINT company_compliance_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX company_compliance_company_id_requirement_id_key
    ON auxeira.company_compliance (company_id, requirement_id);
CREATE INDEX company_compliance_requirement_id_idx
    ON auxeira.company_compliance (requirement_id);
CREATE INDEX company_compliance_expires_at_idx
    ON auxeira.company_compliance (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.company_compliance IS
    'Current compliance status of a company against a regulatory requirement: one row per '
    'company and requirement, written by the company''s founder. Private to the company: '
    'government users see only suppressed aggregates (auxeira_mv.government_compliance_summary) '
    'unless the company sets shared_with_regulator, which shows the row to the requirement''s '
    'publisher.';
COMMENT ON COLUMN auxeira.company_compliance.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.company_compliance.company_id IS
    'The company assessed (companies.id).';
COMMENT ON COLUMN auxeira.company_compliance.requirement_id IS
    'The requirement (regulatory_requirements.id) assessed against.';
COMMENT ON COLUMN auxeira.company_compliance.status IS
    'compliant (meets the requirement), partial (some obligations met, remediation under way), '
    'non-compliant, pending (assessment not finished), not-applicable (the requirement does '
    'not apply to this company).';
COMMENT ON COLUMN auxeira.company_compliance.assessed_on IS
    'Date of the assessment the status comes from.';
COMMENT ON COLUMN auxeira.company_compliance.evidence_reference IS
    'Reference to the supporting evidence (document id, URL or certificate number); never the '
    'document itself. NULL = none.';
COMMENT ON COLUMN auxeira.company_compliance.notes IS
    'Company-internal notes. Never shown to government users, even when shared.';
COMMENT ON COLUMN auxeira.company_compliance.shared_with_regulator IS
    'Opt-in: true = the company shares this row (status, date, evidence reference; not the '
    'notes) with the government user who published the requirement (with every government user '
    'for platform-curated requirements). false (default) = the company counts in aggregates '
    'only.';
COMMENT ON COLUMN auxeira.company_compliance.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.company_compliance.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.company_compliance.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.company_compliance.updated_at IS
    'When the row was last changed; set by trigger update_company_compliance_updated_at.';
COMMENT ON INDEX auxeira.company_compliance_company_id_requirement_id_key IS
    'One status per company and requirement; also indexes the company_id foreign key.';
COMMENT ON INDEX auxeira.company_compliance_requirement_id_idx IS
    'Indexes the requirement_id foreign key; serves per-requirement aggregates.';
COMMENT ON INDEX auxeira.company_compliance_pkey IS 'Primary key index (id).';
COMMENT ON INDEX auxeira.company_compliance_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

-- Keyset order of a paged dashboard list (0026; issue 12 owns indexes).
CREATE INDEX government_policies_owner_id_name_id_idx
    ON auxeira.government_policies (owner_id, name, id);
COMMENT ON INDEX auxeira.government_policies_owner_id_name_id_idx IS
    'A government user''s policies by name: the order of the keyset-paged policy list '
    '(auxeira_dash.government_policies_page, 0026).';
