-- auxeira.companies: startups tracked by the platform, with their latest valuation, revenue,
-- burn and SSE score. Parent of investments, esg_metrics, economic_impact, corporate_partnerships.

CREATE TABLE auxeira.companies (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid,
    name varchar(255) NOT NULL,
    description text,
    industry varchar(100),
    stage varchar(50),
    current_valuation numeric(15,2),
    previous_valuation numeric(15,2),
    funding_raised numeric(15,2),
    mrr numeric(12,2),
    arr numeric(12,2),
    employees integer,
    burn_rate numeric(12,2),
    runway_months integer,
    sse_score integer,
    sse_score_history jsonb NOT NULL DEFAULT '[]',
    growth_rate numeric,
    churn_rate numeric(5,2),
    gross_margin numeric(5,2),
    location varchar(255),
    founded_date date,
    website varchar(255),
    logo_url varchar(500),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT companies_pkey PRIMARY KEY (id),
    CONSTRAINT companies_user_id_fkey FOREIGN KEY (user_id) REFERENCES auxeira.users (id),
    CONSTRAINT companies_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT companies_stage_check CHECK (
        stage IN ('pre-seed', 'seed', 'series-a', 'series-b', 'series-c+')
    ),
    CONSTRAINT companies_current_valuation_check CHECK (current_valuation >= 0),
    CONSTRAINT companies_previous_valuation_check CHECK (previous_valuation >= 0),
    CONSTRAINT companies_funding_raised_check CHECK (funding_raised >= 0),
    CONSTRAINT companies_mrr_check CHECK (mrr >= 0),
    CONSTRAINT companies_arr_check CHECK (arr >= 0),
    CONSTRAINT companies_employees_check CHECK (employees >= 0),
    CONSTRAINT companies_burn_rate_check CHECK (burn_rate >= 0),
    CONSTRAINT companies_runway_months_check CHECK (runway_months >= 0),
    CONSTRAINT companies_sse_score_check CHECK (sse_score BETWEEN 0 AND 100),
    CONSTRAINT companies_sse_score_history_check CHECK (jsonb_typeof(sse_score_history) = 'array'),
    CONSTRAINT companies_growth_rate_check CHECK (growth_rate > -1),
    CONSTRAINT companies_churn_rate_check CHECK (churn_rate BETWEEN 0 AND 100),
    CONSTRAINT companies_gross_margin_check CHECK (gross_margin <= 100),
    CONSTRAINT companies_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX idx_companies_user_id ON auxeira.companies (user_id);
CREATE INDEX idx_companies_industry_stage ON auxeira.companies (industry, stage);
CREATE INDEX companies_expires_at_idx ON auxeira.companies (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.companies IS
    'Startups known to the platform: one row per company, holding its latest figures (valuation, '
    'revenue, burn, headcount, SSE score). Time series live in esg_metrics, economic_impact and '
    'sse_score_history. Money columns are in the platform''s reporting currency (US dollars unless '
    'the deployment says otherwise), 2 decimal places.';
COMMENT ON COLUMN auxeira.companies.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.companies.user_id IS
    'The founder account (users.id) that owns and edits this company. NULL = not yet claimed by a '
    'founder (e.g. a company added by an investor). No cascade: deleting the user is refused while '
    'the company exists.';
COMMENT ON COLUMN auxeira.companies.name IS
    'Company name as displayed on dashboards; required and not blank. Not unique (two companies '
    'may share a name).';
COMMENT ON COLUMN auxeira.companies.description IS
    'Free-text description of what the company does. NULL = none given.';
COMMENT ON COLUMN auxeira.companies.industry IS
    'Industry or sector, free text (e.g. SaaS, Fintech, AI/ML, Healthcare, Clean Energy). '
    'NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.stage IS
    'Funding stage reached: pre-seed, seed, series-a, series-b, series-c+ (Series C or later). '
    'NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.current_valuation IS
    'Latest valuation of the whole company (post-money of the last round or latest mark), in '
    'currency units, >= 0. NULL = not known.';
COMMENT ON COLUMN auxeira.companies.previous_valuation IS
    'The valuation before current_valuation (previous round or mark), in currency units, >= 0; '
    'used for valuation change. NULL = no earlier valuation.';
COMMENT ON COLUMN auxeira.companies.funding_raised IS
    'Total external funding raised to date, all rounds, in currency units, >= 0. NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.mrr IS
    'Monthly recurring revenue, in currency units per month, >= 0. NULL = unknown or not a '
    'recurring-revenue business.';
COMMENT ON COLUMN auxeira.companies.arr IS
    'Annual recurring revenue, in currency units per year, >= 0 (usually 12 x mrr). '
    'NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.employees IS
    'Headcount (full-time equivalents), >= 0. NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.burn_rate IS
    'Net cash burn, in currency units per month, as a positive number (cash going out), >= 0; '
    '0 = cash-flow positive or break-even. NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.runway_months IS
    'Months of cash left at the current burn rate, whole months, >= 0. NULL = unknown or not '
    'burning cash.';
COMMENT ON COLUMN auxeira.companies.sse_score IS
    'Current SSE score, Auxeira''s composite startup health score (derived from revenue, growth '
    'and runway), integer 0-100, higher is better. NULL = not yet scored.';
COMMENT ON COLUMN auxeira.companies.sse_score_history IS
    'History of SSE scores as a JSON array (never NULL, default []), oldest first; each element is '
    'an object such as {"date": "2025-01-31", "score": 72}.';
COMMENT ON COLUMN auxeira.companies.growth_rate IS
    'Annualised revenue growth rate as a fraction, not a percentage: 0.25 = +25 % a year, '
    '-0.10 = -10 %; must be > -1 (a fall of 100 % or more is not a growth rate). Unconstrained '
    'precision because hypergrowth exceeds the specification''s DECIMAL(5,2). NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.churn_rate IS
    'Customer or revenue churn as a percentage 0-100 per period (5.00 = 5 %). NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.gross_margin IS
    'Gross margin as a percentage, at most 100 (62.50 = 62.5 %); may be negative when cost of '
    'revenue exceeds revenue. NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.location IS
    'Headquarters location, free text (e.g. "Lagos, Nigeria"). NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.founded_date IS
    'Date the company was founded or incorporated. NULL = unknown.';
COMMENT ON COLUMN auxeira.companies.website IS
    'Company website URL. NULL = none.';
COMMENT ON COLUMN auxeira.companies.logo_url IS
    'URL of the company logo image. NULL = none (dashboards show a placeholder).';
COMMENT ON COLUMN auxeira.companies.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real company.';
COMMENT ON COLUMN auxeira.companies.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'companies_expires_at_check); NULL on a synthetic row = keep indefinitely.';
COMMENT ON COLUMN auxeira.companies.created_at IS
    'When the row was inserted (transaction timestamp).';
COMMENT ON COLUMN auxeira.companies.updated_at IS
    'When the row was last updated; set automatically by trigger update_companies_updated_at.';

COMMENT ON INDEX auxeira.companies_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- Keyset order of a paged dashboard list (0026; issue 12 owns indexes).
CREATE INDEX companies_user_id_name_id_idx
    ON auxeira.companies (user_id, name, id);
COMMENT ON INDEX auxeira.companies_user_id_name_id_idx IS
    'A founder''s companies by name: the order of the keyset-paged overview '
    '(auxeira_dash.startup_overview_page, 0026).';
