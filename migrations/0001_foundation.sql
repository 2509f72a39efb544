-- 0001_foundation: roles, the auxeira schema, the specification's ten tables with their
-- constraints, indexes and comments, updated_at triggers, tenancy helpers, synthetic-data
-- cleanup, row-level security and grants. Released migrations are immutable: add a new one.

-- ===== from sql/schema/000_roles_and_schema.sql =====

-- Roles and the auxeira schema.
--
-- Roles are cluster-wide and shared by every database of the cluster, so they are
-- created only when missing (two databases migrating at once may race: the loser
-- of the race ignores the duplicate) and never dropped by a rollback.
--
--   auxeira_owner     owns every object; migrations run as this role (SET ROLE).
--   auxeira_app       what services connect as (directly, or through a LOGIN role
--                     that is a member): data access only, no DDL, no BYPASSRLS,
--                     row-level security enforced.
--   auxeira_readonly  SELECT on every table and view, for DBAs and BI tools.
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['auxeira_owner', 'auxeira_app', 'auxeira_readonly'] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;  -- created by a concurrent migration of another database
            END;
        END IF;
    END LOOP;
    -- The migrating user must be able to SET ROLE auxeira_owner (superusers always can).
    IF NOT pg_catalog.pg_has_role(current_user, 'auxeira_owner', 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT auxeira_owner TO %I', current_user);
    END IF;
    EXECUTE pg_catalog.format(
        'GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO auxeira_owner', current_database());
    EXECUTE pg_catalog.format(
        'GRANT CONNECT ON DATABASE %I TO auxeira_app, auxeira_readonly', current_database());
END
$$;

CREATE SCHEMA auxeira AUTHORIZATION auxeira_owner;

COMMENT ON SCHEMA auxeira IS
    'Auxeira central database: every table, function and view of auxeira-db. '
    'Owned by auxeira_owner; services use auxeira_app (row-level security enforced); '
    'DBAs and BI tools read through auxeira_readonly.';

-- Everything below is created by, and so owned by, the owner role.
SET LOCAL ROLE auxeira_owner;

-- ===== from sql/schema/010_users.sql =====

-- auxeira.users: one row per platform account (founder, investor, ESG, government or corporate
-- user), with its subscription state. Parent of companies, investments, metrics, tokens and events.

CREATE TABLE auxeira.users (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    email varchar(255) NOT NULL,
    user_type varchar(50) NOT NULL,
    company_name varchar(255),
    company_size varchar(50),
    industry varchar(100),
    subscription_tier varchar(50) NOT NULL DEFAULT 'free',
    subscription_status varchar(50) NOT NULL DEFAULT 'active',
    trial_ends_at timestamptz,
    billing_cycle varchar(20) DEFAULT 'monthly',
    payment_method_id varchar(255),
    profile_completion_score integer NOT NULL DEFAULT 0,
    last_login_at timestamptz,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_check CHECK (email LIKE '%_@_%'),
    CONSTRAINT users_user_type_check CHECK (
        user_type IN ('founder', 'vc', 'angel', 'esg', 'government', 'corporate')
    ),
    CONSTRAINT users_company_size_check CHECK (company_size IN ('startup', 'growth', 'enterprise')),
    CONSTRAINT users_subscription_tier_check CHECK (
        subscription_tier IN ('free', 'starter', 'pro', 'enterprise')
    ),
    CONSTRAINT users_subscription_status_check CHECK (
        subscription_status IN ('trialing', 'active', 'past_due', 'cancelled', 'expired')
    ),
    CONSTRAINT users_billing_cycle_check CHECK (billing_cycle IN ('monthly', 'annual')),
    CONSTRAINT users_profile_completion_score_check CHECK (
        profile_completion_score BETWEEN 0 AND 100
    ),
    CONSTRAINT users_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX idx_users_email ON auxeira.users (lower(email));
CREATE INDEX idx_users_type_status ON auxeira.users (user_type, subscription_status);
CREATE INDEX users_expires_at_idx ON auxeira.users (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.users IS
    'Platform accounts: one row per person or organisation that signs in, whatever its dashboard '
    '(founder, VC, angel, ESG, government, corporate), with its current subscription state. '
    'Rows are referenced by companies, investments, portfolio_metrics, corporate_partnerships, '
    'token_transactions, analytics_events and subscription_events without ON DELETE CASCADE, so a '
    'user that owns data cannot be deleted until that data is dealt with.';
COMMENT ON COLUMN auxeira.users.id IS
    'Primary key; random UUID (gen_random_uuid()) assigned on insert.';
COMMENT ON COLUMN auxeira.users.email IS
    'Sign-in e-mail address, stored as entered. Unique case-insensitively (index '
    'idx_users_email on lower(email)), so look it up with lower(email) = lower($1). Must '
    'contain an @ with at least one character either side.';
COMMENT ON COLUMN auxeira.users.user_type IS
    'Which dashboard the account uses: founder = startup founder, vc = venture-capital investor, '
    'angel = angel investor, esg = ESG / impact education user, government = government agency, '
    'corporate = corporate innovation / partnership user.';
COMMENT ON COLUMN auxeira.users.company_name IS
    'Name of the organisation the user belongs to, as the user typed it (free text; for founders '
    'the companies table holds the structured record). NULL = not given.';
COMMENT ON COLUMN auxeira.users.company_size IS
    'Size band of the user''s organisation: startup (early stage / small), growth (scaling), '
    'enterprise (large established organisation). NULL = not given.';
COMMENT ON COLUMN auxeira.users.industry IS
    'Industry or sector of the user''s organisation, free text (e.g. SaaS, Fintech, AI/ML). '
    'NULL = not given.';
COMMENT ON COLUMN auxeira.users.subscription_tier IS
    'Current paid plan: free (default), starter, pro, enterprise. Changes are recorded in '
    'subscription_events; this column holds the current value only.';
COMMENT ON COLUMN auxeira.users.subscription_status IS
    'State of the subscription: trialing (in free trial, see trial_ends_at), active (paid up, '
    'or on the free tier), past_due (a payment failed, inside the grace period), cancelled '
    '(the user cancelled), expired (trial or paid period ended without renewal).';
COMMENT ON COLUMN auxeira.users.trial_ends_at IS
    'When the free trial ends (or ended). NULL = the account never had a trial.';
COMMENT ON COLUMN auxeira.users.billing_cycle IS
    'How often the subscription is billed: monthly (default) or annual. NULL = no billing '
    'cycle applies.';
COMMENT ON COLUMN auxeira.users.payment_method_id IS
    'Opaque identifier of the saved payment method at the payment provider (Paystack or Stripe '
    'token). Never a card number. NULL = no payment method on file.';
COMMENT ON COLUMN auxeira.users.profile_completion_score IS
    'How complete the user''s profile is, as an integer percentage 0-100 (0 = empty, the default; '
    '100 = every profile field filled in).';
COMMENT ON COLUMN auxeira.users.last_login_at IS
    'Time of the user''s most recent successful sign-in. NULL = never signed in.';
COMMENT ON COLUMN auxeira.users.is_synthetic IS
    'true = generated demo / test data (auxeira-db seed), deleted by '
    'cleanup_expired_synthetic_data() once expires_at has passed; false = a real account. Not in '
    'the specification''s table.';
COMMENT ON COLUMN auxeira.users.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows '
    '(CHECK users_expires_at_check: real rows never expire); NULL on a synthetic row = keep '
    'indefinitely. Not in the specification''s table.';
COMMENT ON COLUMN auxeira.users.created_at IS
    'When the row was inserted (transaction timestamp).';
COMMENT ON COLUMN auxeira.users.updated_at IS
    'When the row was last updated; set automatically by trigger update_users_updated_at.';

COMMENT ON INDEX auxeira.idx_users_email IS
    'Case-insensitive uniqueness of e-mail addresses, and the index for sign-in look-ups; queries '
    'must use lower(email) to use it. Replaces the specification''s plain UNIQUE on email.';
COMMENT ON INDEX auxeira.users_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- ===== from sql/schema/020_companies.sql =====

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

-- ===== from sql/schema/030_investments.sql =====

-- auxeira.investments: one row per investment (cheque) an investor user made into a company in a
-- round, with its terms, latest marks, return multiples and exit.

CREATE TABLE auxeira.investments (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    investor_id uuid NOT NULL,
    company_id uuid NOT NULL,
    investment_round varchar(50),
    amount numeric(15,2) NOT NULL,
    equity_percentage numeric(5,2),
    pre_money_valuation numeric(15,2),
    post_money_valuation numeric(15,2),
    investment_date date NOT NULL,
    current_valuation numeric(15,2),
    paper_return numeric(15,2),
    realized_return numeric(15,2),
    irr numeric,
    moic numeric,
    tvpi numeric,
    dpi numeric,
    status varchar(50) NOT NULL DEFAULT 'active',
    exit_date date,
    exit_valuation numeric(15,2),
    exit_multiple numeric,
    board_seat boolean NOT NULL DEFAULT false,
    lead_investor boolean NOT NULL DEFAULT false,
    follow_on_rights boolean NOT NULL DEFAULT false,
    liquidation_preference varchar(50) DEFAULT '1x',
    anti_dilution varchar(50) DEFAULT 'weighted-average',
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT investments_pkey PRIMARY KEY (id),
    CONSTRAINT investments_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT investments_company_id_fkey FOREIGN KEY (company_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT investments_investment_round_check CHECK (
        investment_round IN ('pre-seed', 'seed', 'series-a', 'series-b', 'series-c+')
    ),
    CONSTRAINT investments_amount_check CHECK (amount > 0),
    CONSTRAINT investments_equity_percentage_check CHECK (
        equity_percentage > 0 AND equity_percentage <= 100
    ),
    CONSTRAINT investments_pre_money_valuation_check CHECK (pre_money_valuation >= 0),
    CONSTRAINT investments_post_money_valuation_check CHECK (
        post_money_valuation >= 0 AND post_money_valuation >= pre_money_valuation
    ),
    CONSTRAINT investments_current_valuation_check CHECK (current_valuation >= 0),
    CONSTRAINT investments_irr_check CHECK (irr > -1),
    CONSTRAINT investments_moic_check CHECK (moic >= 0),
    CONSTRAINT investments_tvpi_check CHECK (tvpi >= 0),
    CONSTRAINT investments_dpi_check CHECK (dpi >= 0),
    CONSTRAINT investments_status_check CHECK (status IN ('active', 'exited', 'written-off')),
    CONSTRAINT investments_status_exit_date_check CHECK (
        status <> 'exited' OR exit_date IS NOT NULL
    ),
    CONSTRAINT investments_exit_date_check CHECK (exit_date >= investment_date),
    CONSTRAINT investments_exit_valuation_check CHECK (exit_valuation >= 0),
    CONSTRAINT investments_exit_multiple_check CHECK (exit_multiple >= 0),
    CONSTRAINT investments_liquidation_preference_check CHECK (
        liquidation_preference ~ '^[0-9]+(\.[0-9]+)?x( participating)?$'
    ),
    CONSTRAINT investments_anti_dilution_check CHECK (
        anti_dilution IN ('none', 'weighted-average', 'broad-based', 'narrow-based', 'full-ratchet')
    ),
    CONSTRAINT investments_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX idx_investments_investor_id ON auxeira.investments (investor_id);
CREATE INDEX idx_investments_company_id ON auxeira.investments (company_id);
CREATE INDEX investments_expires_at_idx ON auxeira.investments (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.investments IS
    'Investments: one row per cheque an investor (a users row, normally user_type vc or angel) put '
    'into a company in one round, with the deal terms, the latest marks and return figures, and '
    'the exit. Money columns are in currency units with 2 decimals; ratios are plain numbers '
    '(fractions or multiples, never percentages) except equity_percentage.';
COMMENT ON COLUMN auxeira.investments.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.investments.investor_id IS
    'The investor account (users.id) that made the investment. Required. No cascade: a user with '
    'investments cannot be deleted.';
COMMENT ON COLUMN auxeira.investments.company_id IS
    'The company invested in (companies.id). Required. No cascade: a company with investments '
    'cannot be deleted.';
COMMENT ON COLUMN auxeira.investments.investment_round IS
    'Round in which the investment was made: pre-seed, seed, series-a, series-b, series-c+ '
    '(Series C or later). NULL = unknown.';
COMMENT ON COLUMN auxeira.investments.amount IS
    'Amount invested (cash paid in), in currency units, > 0. Required.';
COMMENT ON COLUMN auxeira.investments.equity_percentage IS
    'Ownership acquired at the time of investment, as a percentage (> 0 and <= 100; 2.50 = 2.5 %), '
    'fully diluted, before later dilution. NULL = unknown (e.g. a SAFE or convertible note).';
COMMENT ON COLUMN auxeira.investments.pre_money_valuation IS
    'Company valuation immediately before the round, in currency units, >= 0. NULL = unknown.';
COMMENT ON COLUMN auxeira.investments.post_money_valuation IS
    'Company valuation immediately after the round (pre-money plus new money), in currency units; '
    'must be >= 0 and >= pre_money_valuation. NULL = unknown.';
COMMENT ON COLUMN auxeira.investments.investment_date IS
    'Date the money was invested (closing date). Required; exit_date may not precede it.';
COMMENT ON COLUMN auxeira.investments.current_valuation IS
    'Latest valuation mark of the whole company (not of this holding), in currency units, >= 0, '
    'as the specification''s generator uses it. NULL = not re-valued since investment.';
COMMENT ON COLUMN auxeira.investments.paper_return IS
    'Unrealised gain (positive) or loss (negative) on this investment at the latest mark, in '
    'currency units. NULL = not computed.';
COMMENT ON COLUMN auxeira.investments.realized_return IS
    'Realised gain (positive) or loss (negative) from exits or distributions, in currency units. '
    'NULL = nothing realised yet.';
COMMENT ON COLUMN auxeira.investments.irr IS
    'Internal rate of return, annualised, as a fraction: 0.25 = 25 % a year, -0.5 = -50 %; must be '
    '> -1. Unconstrained precision because venture IRRs can exceed 999 %. NULL = not computed.';
COMMENT ON COLUMN auxeira.investments.moic IS
    'Multiple on invested capital: (realised + unrealised value) / amount; 1.0 = money back, '
    '>= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.investments.tvpi IS
    'Total value to paid-in: (distributions + residual value) / paid-in capital, >= 0. '
    'NULL = not computed.';
COMMENT ON COLUMN auxeira.investments.dpi IS
    'Distributions to paid-in: cash returned / paid-in capital, >= 0; 0 until something is '
    'realised. NULL = not computed.';
COMMENT ON COLUMN auxeira.investments.status IS
    'Life-cycle state: active (still held, the default), exited (sold or company acquired / '
    'listed; exit_date required), written-off (value written down to zero).';
COMMENT ON COLUMN auxeira.investments.exit_date IS
    'Date of exit (or of the write-off). Required when status = exited; never before '
    'investment_date. NULL = not exited.';
COMMENT ON COLUMN auxeira.investments.exit_valuation IS
    'Valuation of the whole company at exit, in currency units, >= 0. NULL = not exited or '
    'unknown.';
COMMENT ON COLUMN auxeira.investments.exit_multiple IS
    'Multiple realised at exit on this investment: exit proceeds to the investor / amount, >= 0 '
    '(0 = total loss). NULL = not exited.';
COMMENT ON COLUMN auxeira.investments.board_seat IS
    'true = the investment came with a board seat for the investor.';
COMMENT ON COLUMN auxeira.investments.lead_investor IS
    'true = this investor led the round (set the terms).';
COMMENT ON COLUMN auxeira.investments.follow_on_rights IS
    'true = the investor holds pro-rata / follow-on rights in later rounds.';
COMMENT ON COLUMN auxeira.investments.liquidation_preference IS
    'Liquidation preference as a multiple of the amount, written "<n>x" and optionally '
    '" participating": 1x (default, non-participating), 1.5x, 2x participating. '
    'NULL = unknown.';
COMMENT ON COLUMN auxeira.investments.anti_dilution IS
    'Anti-dilution protection: none; weighted-average (default, variant unspecified); broad-based '
    '(broad-based weighted average); narrow-based (narrow-based weighted average); full-ratchet. '
    'NULL = unknown.';
COMMENT ON COLUMN auxeira.investments.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real investment.';
COMMENT ON COLUMN auxeira.investments.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'investments_expires_at_check); NULL on a synthetic row = keep indefinitely.';
COMMENT ON COLUMN auxeira.investments.created_at IS
    'When the row was inserted (transaction timestamp).';
COMMENT ON COLUMN auxeira.investments.updated_at IS
    'When the row was last updated; set automatically by trigger update_investments_updated_at.';

COMMENT ON INDEX auxeira.investments_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- ===== from sql/schema/040_portfolio_metrics.sql =====

-- auxeira.portfolio_metrics: one snapshot per investor per day of portfolio totals, returns and
-- counts, for the VC and angel dashboards.

CREATE TABLE auxeira.portfolio_metrics (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    investor_id uuid NOT NULL,
    metric_date date NOT NULL,
    total_invested numeric(15,2),
    total_portfolio_value numeric(15,2),
    unrealized_gains numeric(15,2),
    realized_gains numeric(15,2),
    portfolio_irr numeric,
    portfolio_moic numeric,
    active_investments integer,
    exited_investments integer,
    written_off_investments integer,
    top_quartile_count integer,
    unicorn_count integer,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT portfolio_metrics_pkey PRIMARY KEY (id),
    CONSTRAINT portfolio_metrics_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT portfolio_metrics_total_invested_check CHECK (total_invested >= 0),
    CONSTRAINT portfolio_metrics_total_portfolio_value_check CHECK (total_portfolio_value >= 0),
    CONSTRAINT portfolio_metrics_portfolio_irr_check CHECK (portfolio_irr > -1),
    CONSTRAINT portfolio_metrics_portfolio_moic_check CHECK (portfolio_moic >= 0),
    CONSTRAINT portfolio_metrics_active_investments_check CHECK (active_investments >= 0),
    CONSTRAINT portfolio_metrics_exited_investments_check CHECK (exited_investments >= 0),
    CONSTRAINT portfolio_metrics_written_off_investments_check CHECK (written_off_investments >= 0),
    CONSTRAINT portfolio_metrics_top_quartile_count_check CHECK (top_quartile_count >= 0),
    CONSTRAINT portfolio_metrics_unicorn_count_check CHECK (unicorn_count >= 0),
    CONSTRAINT portfolio_metrics_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX idx_portfolio_metrics_investor_date
    ON auxeira.portfolio_metrics (investor_id, metric_date);
CREATE INDEX portfolio_metrics_expires_at_idx
    ON auxeira.portfolio_metrics (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.portfolio_metrics IS
    'Daily portfolio snapshots: at most one row per investor (users.id) per metric_date, holding '
    'the totals, returns and counts of that investor''s investments as of that day. Money columns '
    'are in currency units with 2 decimals. Rows are computed from investments; they are a '
    'history, not the source of truth.';
COMMENT ON COLUMN auxeira.portfolio_metrics.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.portfolio_metrics.investor_id IS
    'The investor account (users.id) the snapshot belongs to. Required. No cascade.';
COMMENT ON COLUMN auxeira.portfolio_metrics.metric_date IS
    'The day the snapshot describes (figures as of the end of that day). Required; unique per '
    'investor.';
COMMENT ON COLUMN auxeira.portfolio_metrics.total_invested IS
    'Sum of amounts invested across all of the investor''s investments to date, in currency units, '
    '>= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.total_portfolio_value IS
    'Current value of the holdings still held (unrealised value), in currency units, >= 0. '
    'NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.unrealized_gains IS
    'Unrealised gain (positive) or loss (negative) on holdings still held, in currency units. '
    'NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.realized_gains IS
    'Cumulative realised gain (positive) or loss (negative) from exits and write-offs, in currency '
    'units. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.portfolio_irr IS
    'Portfolio internal rate of return, annualised, as a fraction: 0.25 = 25 % a year; must be '
    '> -1. Unconstrained precision. NULL = not computed (e.g. too few cash flows).';
COMMENT ON COLUMN auxeira.portfolio_metrics.portfolio_moic IS
    'Portfolio multiple on invested capital: (realised + unrealised value) / total_invested, >= 0; '
    '1.0 = money back. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.active_investments IS
    'Number of investments with status active on metric_date, >= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.exited_investments IS
    'Number of investments with status exited on metric_date, >= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.written_off_investments IS
    'Number of investments with status written-off on metric_date, >= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.top_quartile_count IS
    'Number of portfolio investments whose performance is in the top quartile of their vintage / '
    'benchmark, >= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.unicorn_count IS
    'Number of portfolio companies valued at 1 billion currency units or more, >= 0. '
    'NULL = not computed.';
COMMENT ON COLUMN auxeira.portfolio_metrics.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real snapshot.';
COMMENT ON COLUMN auxeira.portfolio_metrics.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'portfolio_metrics_expires_at_check); NULL on a synthetic row = keep indefinitely.';
COMMENT ON COLUMN auxeira.portfolio_metrics.created_at IS
    'When the row was inserted (transaction timestamp).';
COMMENT ON COLUMN auxeira.portfolio_metrics.updated_at IS
    'When the row was last updated; set automatically by trigger '
    'update_portfolio_metrics_updated_at.';

COMMENT ON INDEX auxeira.idx_portfolio_metrics_investor_date IS
    'One snapshot per investor per day (unique; the specification''s non-unique index of the same '
    'name made unique); also serves the investor foreign key and date-range reads. Upsert with '
    'ON CONFLICT (investor_id, metric_date).';
COMMENT ON INDEX auxeira.portfolio_metrics_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- ===== from sql/schema/050_esg_metrics.sql =====

-- auxeira.esg_metrics: one ESG (environmental, social, governance) measurement per company per
-- day: scores 0-100 and the physical and social indicators behind them.

CREATE TABLE auxeira.esg_metrics (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    company_id uuid NOT NULL,
    metric_date date NOT NULL,
    environmental_score integer,
    social_score integer,
    governance_score integer,
    overall_esg_score integer,
    carbon_footprint numeric(12,2),
    energy_consumption numeric(12,2),
    renewable_energy_percentage numeric(5,2),
    water_usage numeric(12,2),
    waste_generated numeric(12,2),
    employees_trained integer,
    diversity_score integer,
    gender_pay_gap numeric(5,2),
    board_diversity_score integer,
    compliance_score integer,
    transparency_score integer,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT esg_metrics_pkey PRIMARY KEY (id),
    CONSTRAINT esg_metrics_company_id_fkey FOREIGN KEY (company_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT esg_metrics_environmental_score_check CHECK (environmental_score BETWEEN 0 AND 100),
    CONSTRAINT esg_metrics_social_score_check CHECK (social_score BETWEEN 0 AND 100),
    CONSTRAINT esg_metrics_governance_score_check CHECK (governance_score BETWEEN 0 AND 100),
    CONSTRAINT esg_metrics_overall_esg_score_check CHECK (overall_esg_score BETWEEN 0 AND 100),
    CONSTRAINT esg_metrics_carbon_footprint_check CHECK (carbon_footprint >= 0),
    CONSTRAINT esg_metrics_energy_consumption_check CHECK (energy_consumption >= 0),
    CONSTRAINT esg_metrics_renewable_energy_percentage_check CHECK (
        renewable_energy_percentage BETWEEN 0 AND 100
    ),
    CONSTRAINT esg_metrics_water_usage_check CHECK (water_usage >= 0),
    CONSTRAINT esg_metrics_waste_generated_check CHECK (waste_generated >= 0),
    CONSTRAINT esg_metrics_employees_trained_check CHECK (employees_trained >= 0),
    CONSTRAINT esg_metrics_diversity_score_check CHECK (diversity_score BETWEEN 0 AND 100),
    CONSTRAINT esg_metrics_gender_pay_gap_check CHECK (gender_pay_gap BETWEEN -100 AND 100),
    CONSTRAINT esg_metrics_board_diversity_score_check CHECK (
        board_diversity_score BETWEEN 0 AND 100
    ),
    CONSTRAINT esg_metrics_compliance_score_check CHECK (compliance_score BETWEEN 0 AND 100),
    CONSTRAINT esg_metrics_transparency_score_check CHECK (transparency_score BETWEEN 0 AND 100),
    CONSTRAINT esg_metrics_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX idx_esg_metrics_company_date ON auxeira.esg_metrics (company_id, metric_date);
CREATE INDEX esg_metrics_expires_at_idx ON auxeira.esg_metrics (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.esg_metrics IS
    'ESG measurements: at most one row per company per metric_date, with environmental, social and '
    'governance scores (integers 0-100, higher is better) and the raw indicators behind them. '
    'Read by the ESG dashboard and the impact reports.';
COMMENT ON COLUMN auxeira.esg_metrics.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.esg_metrics.company_id IS
    'The company measured (companies.id). Required. No cascade.';
COMMENT ON COLUMN auxeira.esg_metrics.metric_date IS
    'The day (or period end) the measurement describes. Required; unique per company.';
COMMENT ON COLUMN auxeira.esg_metrics.environmental_score IS
    'Environmental (E) score, integer 0-100, higher is better. NULL = not assessed.';
COMMENT ON COLUMN auxeira.esg_metrics.social_score IS
    'Social (S) score, integer 0-100, higher is better. NULL = not assessed.';
COMMENT ON COLUMN auxeira.esg_metrics.governance_score IS
    'Governance (G) score, integer 0-100, higher is better. NULL = not assessed.';
COMMENT ON COLUMN auxeira.esg_metrics.overall_esg_score IS
    'Overall ESG score, integer 0-100 (the specification''s generator uses the mean of E, S and G, '
    'truncated). NULL = not assessed.';
COMMENT ON COLUMN auxeira.esg_metrics.carbon_footprint IS
    'Greenhouse-gas emissions for the period, in metric tonnes of CO2 equivalent, >= 0 (gross '
    'emissions; offsets are not netted off). NULL = not measured.';
COMMENT ON COLUMN auxeira.esg_metrics.energy_consumption IS
    'Energy consumed in the period, in kilowatt-hours (kWh), >= 0. NULL = not measured.';
COMMENT ON COLUMN auxeira.esg_metrics.renewable_energy_percentage IS
    'Share of energy_consumption from renewable sources, percentage 0-100. NULL = not measured.';
COMMENT ON COLUMN auxeira.esg_metrics.water_usage IS
    'Water used in the period, in litres, >= 0. NULL = not measured.';
COMMENT ON COLUMN auxeira.esg_metrics.waste_generated IS
    'Waste generated in the period, in kilograms, >= 0. NULL = not measured.';
COMMENT ON COLUMN auxeira.esg_metrics.employees_trained IS
    'Number of employees who received ESG / sustainability training, >= 0. NULL = not reported.';
COMMENT ON COLUMN auxeira.esg_metrics.diversity_score IS
    'Workforce diversity score, integer 0-100, higher is more diverse. NULL = not assessed.';
COMMENT ON COLUMN auxeira.esg_metrics.gender_pay_gap IS
    'Gender pay gap as a percentage between -100 and 100: (median male pay - median female pay) / '
    'median male pay x 100; positive = men paid more, negative = women paid more, 0 = no gap. '
    'NULL = not reported.';
COMMENT ON COLUMN auxeira.esg_metrics.board_diversity_score IS
    'Board diversity score, integer 0-100, higher is more diverse. NULL = not assessed.';
COMMENT ON COLUMN auxeira.esg_metrics.compliance_score IS
    'Regulatory compliance score, integer 0-100, higher is better. NULL = not assessed.';
COMMENT ON COLUMN auxeira.esg_metrics.transparency_score IS
    'Disclosure / reporting transparency score, integer 0-100, higher is better. '
    'NULL = not assessed.';
COMMENT ON COLUMN auxeira.esg_metrics.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real measurement.';
COMMENT ON COLUMN auxeira.esg_metrics.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'esg_metrics_expires_at_check); NULL on a synthetic row = keep indefinitely.';
COMMENT ON COLUMN auxeira.esg_metrics.created_at IS
    'When the row was inserted (transaction timestamp).';
COMMENT ON COLUMN auxeira.esg_metrics.updated_at IS
    'When the row was last updated; set automatically by trigger update_esg_metrics_updated_at.';

COMMENT ON INDEX auxeira.idx_esg_metrics_company_date IS
    'One measurement per company per day (unique; the specification''s non-unique index of the '
    'same name made unique); also serves the company foreign key. Upsert with '
    'ON CONFLICT (company_id, metric_date).';
COMMENT ON INDEX auxeira.esg_metrics_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- ===== from sql/schema/060_economic_impact.sql =====

-- auxeira.economic_impact: one measurement per company per day of jobs, taxes, exports, R&D and
-- local spending, for the government dashboard.

CREATE TABLE auxeira.economic_impact (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    company_id uuid NOT NULL,
    metric_date date NOT NULL,
    jobs_created integer,
    jobs_supported integer,
    tax_revenue_generated numeric(15,2),
    economic_multiplier numeric(5,2),
    gdp_contribution numeric(15,2),
    export_revenue numeric(15,2),
    r_and_d_spending numeric(15,2),
    patents_filed integer,
    local_supplier_spend numeric(15,2),
    community_investment numeric(15,2),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT economic_impact_pkey PRIMARY KEY (id),
    CONSTRAINT economic_impact_company_id_fkey FOREIGN KEY (company_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT economic_impact_jobs_created_check CHECK (jobs_created >= 0),
    CONSTRAINT economic_impact_jobs_supported_check CHECK (jobs_supported >= 0),
    CONSTRAINT economic_impact_tax_revenue_generated_check CHECK (tax_revenue_generated >= 0),
    CONSTRAINT economic_impact_economic_multiplier_check CHECK (economic_multiplier >= 0),
    CONSTRAINT economic_impact_export_revenue_check CHECK (export_revenue >= 0),
    CONSTRAINT economic_impact_r_and_d_spending_check CHECK (r_and_d_spending >= 0),
    CONSTRAINT economic_impact_patents_filed_check CHECK (patents_filed >= 0),
    CONSTRAINT economic_impact_local_supplier_spend_check CHECK (local_supplier_spend >= 0),
    CONSTRAINT economic_impact_community_investment_check CHECK (community_investment >= 0),
    CONSTRAINT economic_impact_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX economic_impact_company_id_metric_date_key
    ON auxeira.economic_impact (company_id, metric_date);
CREATE INDEX economic_impact_expires_at_idx
    ON auxeira.economic_impact (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.economic_impact IS
    'Economic impact measurements: at most one row per company per metric_date, with the jobs, '
    'taxes, exports, R&D and local spending the company generated in the period. Read by the '
    'government dashboard. Money columns are in currency units with 2 decimals.';
COMMENT ON COLUMN auxeira.economic_impact.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.economic_impact.company_id IS
    'The company measured (companies.id). Required. No cascade.';
COMMENT ON COLUMN auxeira.economic_impact.metric_date IS
    'The day (or period end) the measurement describes. Required; unique per company.';
COMMENT ON COLUMN auxeira.economic_impact.jobs_created IS
    'Direct jobs created by the company (its own new hires), >= 0. NULL = not reported.';
COMMENT ON COLUMN auxeira.economic_impact.jobs_supported IS
    'Indirect and induced jobs supported elsewhere in the economy (suppliers, spending), >= 0. '
    'NULL = not estimated.';
COMMENT ON COLUMN auxeira.economic_impact.tax_revenue_generated IS
    'Taxes paid or generated (corporate, payroll, VAT), in currency units, >= 0. '
    'NULL = not reported.';
COMMENT ON COLUMN auxeira.economic_impact.economic_multiplier IS
    'Economic output multiplier: total (direct + indirect + induced) impact per unit of direct '
    'output, >= 0 (e.g. 1.80). NULL = not estimated.';
COMMENT ON COLUMN auxeira.economic_impact.gdp_contribution IS
    'Contribution to GDP (gross value added), in currency units. Signed: may be negative for a '
    'loss-making company whose losses exceed its wage bill. NULL = not estimated.';
COMMENT ON COLUMN auxeira.economic_impact.export_revenue IS
    'Revenue from customers outside the home country, in currency units, >= 0. '
    'NULL = not reported.';
COMMENT ON COLUMN auxeira.economic_impact.r_and_d_spending IS
    'Research and development expenditure, in currency units, >= 0. NULL = not reported.';
COMMENT ON COLUMN auxeira.economic_impact.patents_filed IS
    'Number of patent applications filed, >= 0. NULL = not reported.';
COMMENT ON COLUMN auxeira.economic_impact.local_supplier_spend IS
    'Spending with local (in-country) suppliers, in currency units, >= 0. NULL = not reported.';
COMMENT ON COLUMN auxeira.economic_impact.community_investment IS
    'Spending on community programmes, donations and in-kind support, in currency units, >= 0. '
    'NULL = not reported.';
COMMENT ON COLUMN auxeira.economic_impact.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real measurement.';
COMMENT ON COLUMN auxeira.economic_impact.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'economic_impact_expires_at_check); NULL on a synthetic row = keep indefinitely.';
COMMENT ON COLUMN auxeira.economic_impact.created_at IS
    'When the row was inserted (transaction timestamp).';
COMMENT ON COLUMN auxeira.economic_impact.updated_at IS
    'When the row was last updated; set automatically by trigger '
    'update_economic_impact_updated_at.';

COMMENT ON INDEX auxeira.economic_impact_company_id_metric_date_key IS
    'One measurement per company per day (unique); also indexes the company foreign key and '
    'serves date-range reads. Upsert with ON CONFLICT (company_id, metric_date). Not in the '
    'specification.';
COMMENT ON INDEX auxeira.economic_impact_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- ===== from sql/schema/070_corporate_partnerships.sql =====

-- auxeira.corporate_partnerships: pilots, proofs of concept and commercial or strategic deals
-- between a corporate user and a startup, with value, dates and outcome.

CREATE TABLE auxeira.corporate_partnerships (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    corporate_partner_id uuid NOT NULL,
    startup_id uuid NOT NULL,
    partnership_type varchar(100),
    partnership_value numeric(15,2),
    partnership_status varchar(50),
    start_date date,
    end_date date,
    success_metrics jsonb,
    roi_achieved numeric,
    renewal_probability numeric(5,2),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT corporate_partnerships_pkey PRIMARY KEY (id),
    CONSTRAINT corporate_partnerships_corporate_partner_id_fkey FOREIGN KEY (corporate_partner_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT corporate_partnerships_startup_id_fkey FOREIGN KEY (startup_id)
        REFERENCES auxeira.companies (id),
    CONSTRAINT corporate_partnerships_partnership_type_check CHECK (
        partnership_type IN ('pilot', 'poc', 'commercial', 'strategic')
    ),
    CONSTRAINT corporate_partnerships_partnership_value_check CHECK (partnership_value >= 0),
    CONSTRAINT corporate_partnerships_partnership_status_check CHECK (
        partnership_status IN ('active', 'completed', 'cancelled')
    ),
    CONSTRAINT corporate_partnerships_end_date_check CHECK (end_date >= start_date),
    CONSTRAINT corporate_partnerships_success_metrics_check CHECK (
        jsonb_typeof(success_metrics) = 'object'
    ),
    CONSTRAINT corporate_partnerships_roi_achieved_check CHECK (roi_achieved >= -1),
    CONSTRAINT corporate_partnerships_renewal_probability_check CHECK (
        renewal_probability BETWEEN 0 AND 100
    ),
    CONSTRAINT corporate_partnerships_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX corporate_partnerships_corporate_partner_id_idx
    ON auxeira.corporate_partnerships (corporate_partner_id);
CREATE INDEX corporate_partnerships_startup_id_idx
    ON auxeira.corporate_partnerships (startup_id);
CREATE INDEX corporate_partnerships_expires_at_idx
    ON auxeira.corporate_partnerships (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.corporate_partnerships IS
    'Corporate-startup partnerships: one row per engagement between a corporate user (users.id, '
    'normally user_type corporate) and a startup (companies.id), with its type, value, dates, '
    'status and outcome. Read by the corporate dashboard (partnership ROI tracking).';
COMMENT ON COLUMN auxeira.corporate_partnerships.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.corporate_partnerships.corporate_partner_id IS
    'The corporate account (users.id) on the corporate side. Required. No cascade.';
COMMENT ON COLUMN auxeira.corporate_partnerships.startup_id IS
    'The startup (companies.id) on the other side. Required. No cascade.';
COMMENT ON COLUMN auxeira.corporate_partnerships.partnership_type IS
    'Kind of engagement: pilot (limited trial deployment), poc (proof of concept), commercial '
    '(paying customer / supply contract), strategic (investment, joint venture or long-term '
    'alliance). NULL = not classified.';
COMMENT ON COLUMN auxeira.corporate_partnerships.partnership_value IS
    'Contract value of the partnership to the startup, in currency units, >= 0. NULL = unpaid or '
    'undisclosed.';
COMMENT ON COLUMN auxeira.corporate_partnerships.partnership_status IS
    'Current state: active (running), completed (ended as planned), cancelled (ended early). '
    'NULL = not yet started / unknown.';
COMMENT ON COLUMN auxeira.corporate_partnerships.start_date IS
    'Date the partnership started. NULL = not started or unknown.';
COMMENT ON COLUMN auxeira.corporate_partnerships.end_date IS
    'Date the partnership ended or is planned to end; never before start_date. NULL = open-ended '
    'or unknown.';
COMMENT ON COLUMN auxeira.corporate_partnerships.success_metrics IS
    'The agreed KPIs and their results, as a JSON object (e.g. {"cost_saving_pct": 12, '
    '"users_onboarded": 400}); free-form keys. NULL = none recorded; when present it must be an '
    'object.';
COMMENT ON COLUMN auxeira.corporate_partnerships.roi_achieved IS
    'Return on investment achieved by the corporate partner, as a fraction, not a percentage: '
    '(benefit - cost) / cost, 0.25 = 25 %, -1 = everything lost; must be >= -1. Unconstrained '
    'precision. NULL = not measured.';
COMMENT ON COLUMN auxeira.corporate_partnerships.renewal_probability IS
    'Estimated probability that the partnership is renewed or extended, as a percentage 0-100 '
    '(not a fraction). NULL = not estimated.';
COMMENT ON COLUMN auxeira.corporate_partnerships.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real partnership.';
COMMENT ON COLUMN auxeira.corporate_partnerships.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'corporate_partnerships_expires_at_check); NULL on a synthetic row = keep indefinitely.';
COMMENT ON COLUMN auxeira.corporate_partnerships.created_at IS
    'When the row was inserted (transaction timestamp).';
COMMENT ON COLUMN auxeira.corporate_partnerships.updated_at IS
    'When the row was last updated; set automatically by trigger '
    'update_corporate_partnerships_updated_at.';

COMMENT ON INDEX auxeira.corporate_partnerships_corporate_partner_id_idx IS
    'Indexes the corporate_partner_id foreign key: the corporate dashboard''s partnership list, '
    'and the check run when a user is deleted. Not in the specification.';
COMMENT ON INDEX auxeira.corporate_partnerships_startup_id_idx IS
    'Indexes the startup_id foreign key: a startup''s partnerships, and the check run when a '
    'company is deleted. Not in the specification.';
COMMENT ON INDEX auxeira.corporate_partnerships_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- ===== from sql/schema/080_token_transactions.sql =====

-- auxeira.token_transactions: append-only ledger of reward tokens earned and spent by users
-- (gamification); SUM(amount) per user is the user's balance.

CREATE TABLE auxeira.token_transactions (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    transaction_type varchar(50) NOT NULL,
    amount integer NOT NULL,
    multiplier numeric(3,2) NOT NULL DEFAULT 1.0,
    reason varchar(255),
    activity_type varchar(100),
    streak_count integer NOT NULL DEFAULT 0,
    quality_score integer,
    region_multiplier numeric(3,2) NOT NULL DEFAULT 1.0,
    stage_multiplier numeric(3,2) NOT NULL DEFAULT 1.0,
    consistency_multiplier numeric(3,2) NOT NULL DEFAULT 1.0,
    total_tokens_after integer,
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT token_transactions_pkey PRIMARY KEY (id),
    CONSTRAINT token_transactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES auxeira.users (id),
    CONSTRAINT token_transactions_transaction_type_check CHECK (
        transaction_type IN ('earned', 'spent', 'bonus', 'penalty')
    ),
    -- The sign follows the type; an unknown type is left to the type check to report.
    CONSTRAINT token_transactions_amount_check CHECK (
        CASE
            WHEN transaction_type IN ('earned', 'bonus') THEN amount > 0
            WHEN transaction_type IN ('spent', 'penalty') THEN amount < 0
            ELSE true
        END
    ),
    CONSTRAINT token_transactions_multiplier_check CHECK (multiplier > 0),
    CONSTRAINT token_transactions_streak_count_check CHECK (streak_count >= 0),
    CONSTRAINT token_transactions_quality_score_check CHECK (quality_score BETWEEN 0 AND 100),
    CONSTRAINT token_transactions_region_multiplier_check CHECK (region_multiplier > 0),
    CONSTRAINT token_transactions_stage_multiplier_check CHECK (stage_multiplier > 0),
    CONSTRAINT token_transactions_consistency_multiplier_check CHECK (consistency_multiplier > 0),
    CONSTRAINT token_transactions_total_tokens_after_check CHECK (total_tokens_after >= 0),
    CONSTRAINT token_transactions_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX idx_token_transactions_user ON auxeira.token_transactions (user_id, created_at);
CREATE INDEX token_transactions_expires_at_idx
    ON auxeira.token_transactions (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.token_transactions IS
    'Reward-token ledger: one row per credit or debit of a user''s tokens, never updated (no '
    'updated_at); a mistake is corrected by a further row. amount is signed, so a user''s balance '
    'is SUM(amount) over that user''s rows, and the tokens of a period are SUM(amount) over its '
    'rows.';
COMMENT ON COLUMN auxeira.token_transactions.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.token_transactions.user_id IS
    'The user whose token balance changes (users.id). Required. No cascade.';
COMMENT ON COLUMN auxeira.token_transactions.transaction_type IS
    'Kind of movement: earned (reward for an activity, amount > 0), bonus (extra credit such as a '
    'streak or promotion, amount > 0), spent (tokens redeemed, amount < 0), penalty (tokens '
    'removed for abuse or a reversal, amount < 0). Required.';
COMMENT ON COLUMN auxeira.token_transactions.amount IS
    'Tokens credited (positive, for earned and bonus) or debited (negative, for spent and '
    'penalty), whole tokens, never 0; the final amount after all multipliers are applied. '
    'Required. SUM(amount) is the balance.';
COMMENT ON COLUMN auxeira.token_transactions.multiplier IS
    'Overall multiplier applied to the base reward, > 0 (1.00 = none, the default; max 9.99).';
COMMENT ON COLUMN auxeira.token_transactions.reason IS
    'Human-readable reason shown to the user (e.g. "Weekly metrics update"). NULL = none.';
COMMENT ON COLUMN auxeira.token_transactions.activity_type IS
    'Machine-readable code of the activity that earned or spent the tokens (e.g. '
    'metrics_update, profile_completed, report_purchase). NULL = not tied to an activity.';
COMMENT ON COLUMN auxeira.token_transactions.streak_count IS
    'Consecutive-period streak of the activity at the time of the transaction, >= 0 (default 0 = '
    'no streak).';
COMMENT ON COLUMN auxeira.token_transactions.quality_score IS
    'Quality rating of the submitted activity that the reward was based on, integer 0-100. '
    'NULL = not rated.';
COMMENT ON COLUMN auxeira.token_transactions.region_multiplier IS
    'Reward multiplier for the user''s region (e.g. higher for under-served markets), > 0; '
    '1.00 = none (default).';
COMMENT ON COLUMN auxeira.token_transactions.stage_multiplier IS
    'Reward multiplier for the company''s stage, > 0; 1.00 = none (default).';
COMMENT ON COLUMN auxeira.token_transactions.consistency_multiplier IS
    'Reward multiplier for consistent activity (streaks), > 0; 1.00 = none (default).';
COMMENT ON COLUMN auxeira.token_transactions.total_tokens_after IS
    'The user''s balance immediately after this transaction, >= 0 (a denormalised running total '
    'for display; SUM(amount) is authoritative). NULL = not recorded.';
COMMENT ON COLUMN auxeira.token_transactions.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real transaction.';
COMMENT ON COLUMN auxeira.token_transactions.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'token_transactions_expires_at_check); NULL on a synthetic row = keep indefinitely.';
COMMENT ON COLUMN auxeira.token_transactions.created_at IS
    'When the transaction was recorded (transaction timestamp); the ledger''s order.';

COMMENT ON INDEX auxeira.token_transactions_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- ===== from sql/schema/090_analytics_events.sql =====

-- auxeira.analytics_events: append-only log of product-analytics events (dashboard views, feature
-- use, payments, engagement) from every dashboard, with device and acquisition context.

CREATE TABLE auxeira.analytics_events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid,
    event_type varchar(100) NOT NULL,
    event_category varchar(50),
    event_data jsonb,
    dashboard_type varchar(50),
    feature_name varchar(100),
    session_id varchar(255),
    ip_address inet,
    user_agent text,
    referrer varchar(500),
    utm_source varchar(100),
    utm_medium varchar(100),
    utm_campaign varchar(100),
    device_type varchar(50),
    browser varchar(50),
    os varchar(50),
    country varchar(100),
    city varchar(100),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT analytics_events_pkey PRIMARY KEY (id),
    CONSTRAINT analytics_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES auxeira.users (id),
    CONSTRAINT analytics_events_event_type_check CHECK (btrim(event_type) <> ''),
    CONSTRAINT analytics_events_event_category_check CHECK (
        event_category IN ('dashboard', 'feature', 'payment', 'engagement')
    ),
    CONSTRAINT analytics_events_event_data_check CHECK (jsonb_typeof(event_data) = 'object'),
    CONSTRAINT analytics_events_dashboard_type_check CHECK (
        dashboard_type IN ('startup', 'vc', 'angel', 'esg', 'government', 'corporate')
    ),
    CONSTRAINT analytics_events_device_type_check CHECK (
        device_type IN ('desktop', 'mobile', 'tablet', 'other')
    ),
    CONSTRAINT analytics_events_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX idx_analytics_events_user_type ON auxeira.analytics_events (user_id, event_type);
CREATE INDEX idx_analytics_events_dashboard
    ON auxeira.analytics_events (dashboard_type, created_at);
CREATE INDEX analytics_events_expires_at_idx
    ON auxeira.analytics_events (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.analytics_events IS
    'Product-analytics event log: one row per tracked event from any dashboard, never updated (no '
    'updated_at). Holds personal data (IP address, user agent, location): subject to the '
    'deployment''s retention and privacy rules. Grows without bound; plan retention or '
    'partitioning by created_at.';
COMMENT ON COLUMN auxeira.analytics_events.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.analytics_events.user_id IS
    'The signed-in user who caused the event (users.id). NULL = anonymous visitor (not signed in, '
    'e.g. before sign-up). No cascade.';
COMMENT ON COLUMN auxeira.analytics_events.event_type IS
    'What happened, as a machine-readable name (e.g. dashboard_view, export_clicked, '
    'checkout_completed). Required and not blank.';
COMMENT ON COLUMN auxeira.analytics_events.event_category IS
    'Broad group of the event: dashboard (dashboard loads and views), feature (use of a specific '
    'feature), payment (checkout and billing actions), engagement (sessions, clicks, retention '
    'signals). NULL = uncategorised.';
COMMENT ON COLUMN auxeira.analytics_events.event_data IS
    'Event-specific properties as a JSON object with free-form keys. NULL = no properties; when '
    'present it must be an object.';
COMMENT ON COLUMN auxeira.analytics_events.dashboard_type IS
    'Dashboard on which the event happened: startup (founder), vc, angel, esg, government, '
    'corporate. NULL = outside any dashboard (e.g. landing page).';
COMMENT ON COLUMN auxeira.analytics_events.feature_name IS
    'Name of the feature used, for feature events (e.g. sse_score, portfolio_export). '
    'NULL = not a feature event.';
COMMENT ON COLUMN auxeira.analytics_events.session_id IS
    'Client session identifier, to group the events of one visit. NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.ip_address IS
    'Client IP address (IPv4 or IPv6) as seen by the API. Personal data. NULL = not captured.';
COMMENT ON COLUMN auxeira.analytics_events.user_agent IS
    'Raw HTTP User-Agent header of the client. NULL = not captured.';
COMMENT ON COLUMN auxeira.analytics_events.referrer IS
    'HTTP referrer URL the visitor came from. NULL = direct / not captured.';
COMMENT ON COLUMN auxeira.analytics_events.utm_source IS
    'utm_source campaign parameter (traffic source, e.g. google, newsletter). NULL = none.';
COMMENT ON COLUMN auxeira.analytics_events.utm_medium IS
    'utm_medium campaign parameter (marketing medium, e.g. cpc, email). NULL = none.';
COMMENT ON COLUMN auxeira.analytics_events.utm_campaign IS
    'utm_campaign campaign parameter (campaign name). NULL = none.';
COMMENT ON COLUMN auxeira.analytics_events.device_type IS
    'Class of client device: desktop, mobile (phone), tablet, other (anything else, e.g. TV or '
    'bot). NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.browser IS
    'Browser name (and possibly version) parsed from the user agent, e.g. Chrome. NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.os IS
    'Operating system parsed from the user agent, e.g. Android, iOS, Windows. NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.country IS
    'Country of the client, from IP geolocation or the profile, free text or ISO code. '
    'NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.city IS
    'City of the client, from IP geolocation. NULL = unknown.';
COMMENT ON COLUMN auxeira.analytics_events.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real event. Not in the specification''s table.';
COMMENT ON COLUMN auxeira.analytics_events.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'analytics_events_expires_at_check); NULL on a synthetic row = keep indefinitely. Not in the '
    'specification''s table.';
COMMENT ON COLUMN auxeira.analytics_events.created_at IS
    'When the event was recorded (transaction timestamp of the insert, not the client clock).';

COMMENT ON INDEX auxeira.analytics_events_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- ===== from sql/schema/100_subscription_events.sql =====

-- auxeira.subscription_events: append-only history of subscription and billing events (trials,
-- sign-ups, plan changes, renewals, cancellations, failed payments), one row per event.

CREATE TABLE auxeira.subscription_events (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL,
    event_type varchar(50) NOT NULL,
    old_tier varchar(50),
    new_tier varchar(50),
    amount numeric(10,2),
    currency varchar(3) DEFAULT 'USD',
    payment_provider varchar(50),
    payment_reference varchar(255),
    billing_cycle varchar(20),
    trial_days integer,
    grace_period_days integer,
    next_billing_date date,
    cancellation_reason varchar(255),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscription_events_pkey PRIMARY KEY (id),
    CONSTRAINT subscription_events_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES auxeira.users (id),
    CONSTRAINT subscription_events_event_type_check CHECK (
        event_type IN (
            'trial_started',
            'subscribed',
            'upgraded',
            'downgraded',
            'renewed',
            'cancelled',
            'payment_failed'
        )
    ),
    CONSTRAINT subscription_events_old_tier_check CHECK (
        old_tier IN ('free', 'starter', 'pro', 'enterprise')
    ),
    CONSTRAINT subscription_events_new_tier_check CHECK (
        new_tier IN ('free', 'starter', 'pro', 'enterprise')
    ),
    CONSTRAINT subscription_events_amount_check CHECK (amount >= 0),
    CONSTRAINT subscription_events_amount_currency_check CHECK (
        amount IS NULL OR currency IS NOT NULL
    ),
    CONSTRAINT subscription_events_currency_check CHECK (
        currency IN ('USD', 'EUR', 'GBP', 'NGN', 'KES', 'GHS', 'ZAR')
    ),
    CONSTRAINT subscription_events_payment_provider_check CHECK (
        payment_provider IN ('paystack', 'stripe')
    ),
    CONSTRAINT subscription_events_billing_cycle_check CHECK (
        billing_cycle IN ('monthly', 'annual')
    ),
    CONSTRAINT subscription_events_trial_days_check CHECK (trial_days >= 0),
    CONSTRAINT subscription_events_grace_period_days_check CHECK (grace_period_days >= 0),
    CONSTRAINT subscription_events_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX idx_subscription_events_user ON auxeira.subscription_events (user_id, event_type);
CREATE UNIQUE INDEX subscription_events_payment_reference_key
    ON auxeira.subscription_events (payment_reference) WHERE payment_reference IS NOT NULL;
CREATE INDEX subscription_events_expires_at_idx
    ON auxeira.subscription_events (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.subscription_events IS
    'Subscription and billing history: one row per event in a user''s subscription life cycle, '
    'never updated (no updated_at). users.subscription_tier / subscription_status hold the current '
    'state; this table is the audit trail. A payment-provider webhook delivered twice is recorded '
    'once (unique payment_reference).';
COMMENT ON COLUMN auxeira.subscription_events.id IS
    'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.subscription_events.user_id IS
    'The subscriber (users.id). Required. No cascade.';
COMMENT ON COLUMN auxeira.subscription_events.event_type IS
    'What happened: trial_started (free trial began), subscribed (first paid subscription), '
    'upgraded (moved to a higher tier), downgraded (moved to a lower tier), renewed (a billing '
    'period was paid and the subscription continues), cancelled (the user or the system ended the '
    'subscription), payment_failed (a charge was declined; grace period may apply). Required.';
COMMENT ON COLUMN auxeira.subscription_events.old_tier IS
    'Tier before the event: free, starter, pro, enterprise. NULL = not applicable (e.g. first '
    'subscription) or unchanged.';
COMMENT ON COLUMN auxeira.subscription_events.new_tier IS
    'Tier after the event: free, starter, pro, enterprise. NULL = not applicable or unchanged.';
COMMENT ON COLUMN auxeira.subscription_events.amount IS
    'Amount charged or attempted, in currency, major units with 2 decimals (e.g. 49.00 USD, not '
    'cents / kobo), >= 0; requires currency. NULL = no charge involved.';
COMMENT ON COLUMN auxeira.subscription_events.currency IS
    'ISO 4217 code of amount: USD (default), EUR, GBP, NGN (Nigerian naira), KES (Kenyan '
    'shilling), GHS (Ghanaian cedi), ZAR (South African rand). Must be present when amount is.';
COMMENT ON COLUMN auxeira.subscription_events.payment_provider IS
    'Payment processor that handled the charge: paystack or stripe. NULL = no payment involved.';
COMMENT ON COLUMN auxeira.subscription_events.payment_reference IS
    'The provider''s transaction / event reference. Unique when present (partial unique index '
    'subscription_events_payment_reference_key), so insert with ON CONFLICT (payment_reference) '
    'WHERE payment_reference IS NOT NULL DO NOTHING to make webhooks idempotent. NULL = no '
    'provider transaction.';
COMMENT ON COLUMN auxeira.subscription_events.billing_cycle IS
    'Billing cycle in force after the event: monthly or annual. NULL = not applicable.';
COMMENT ON COLUMN auxeira.subscription_events.trial_days IS
    'Length of the trial granted, in days, >= 0 (trial_started events). NULL = not applicable.';
COMMENT ON COLUMN auxeira.subscription_events.grace_period_days IS
    'Days of access granted after a failed payment before the subscription lapses, >= 0 '
    '(payment_failed events). NULL = not applicable.';
COMMENT ON COLUMN auxeira.subscription_events.next_billing_date IS
    'Date of the next scheduled charge after this event. NULL = none scheduled (free tier, '
    'cancelled).';
COMMENT ON COLUMN auxeira.subscription_events.cancellation_reason IS
    'Reason given for a cancellation, free text (cancelled events). NULL = not given or not a '
    'cancellation.';
COMMENT ON COLUMN auxeira.subscription_events.is_synthetic IS
    'true = generated demo / test data, deleted by cleanup_expired_synthetic_data() once '
    'expires_at has passed; false = a real event. Not in the specification''s table.';
COMMENT ON COLUMN auxeira.subscription_events.expires_at IS
    'When a synthetic row may be deleted by the cleanup job. Always NULL for real rows (CHECK '
    'subscription_events_expires_at_check); NULL on a synthetic row = keep indefinitely. Not in '
    'the specification''s table.';
COMMENT ON COLUMN auxeira.subscription_events.created_at IS
    'When the event was recorded (transaction timestamp).';

COMMENT ON INDEX auxeira.subscription_events_payment_reference_key IS
    'Partial unique index: a provider payment reference is recorded at most once, so a webhook '
    'delivered twice inserts one row. Rows without a reference are not constrained.';
COMMENT ON INDEX auxeira.subscription_events_expires_at_idx IS
    'Partial index over synthetic rows only, for the expired-synthetic-data cleanup scan.';

-- ===== from sql/functions/000_tenancy.sql =====

-- Tenant identity: who the current transaction acts for.
--
-- current_user_id() is deliberately not SECURITY DEFINER and has no SET clause so
-- that PostgreSQL can inline it into row-level security policies; every name in
-- it is schema-qualified instead.

CREATE FUNCTION auxeira.current_user_id()
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

CREATE FUNCTION auxeira.owns_company(company_id uuid)
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

CREATE FUNCTION auxeira.invests_in(company_id uuid)
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

-- ===== from sql/functions/010_updated_at.sql =====

-- auxeira.update_updated_at_column: trigger function that stamps updated_at on every UPDATE, and
-- one BEFORE UPDATE trigger per table that has an updated_at column.

CREATE FUNCTION auxeira.update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- now() is the start time of the current transaction: every row touched by one transaction
    -- gets the same updated_at, and a value supplied by the UPDATE is overwritten.
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.update_updated_at_column() IS
    'Trigger function (BEFORE UPDATE, FOR EACH ROW): sets NEW.updated_at to now(), the '
    'transaction start time, overriding any value the UPDATE supplied. Attached to every table '
    'with an updated_at column by the update_<table>_updated_at triggers. Fixed search_path; not '
    'SECURITY DEFINER.';

CREATE TRIGGER update_users_updated_at
    BEFORE UPDATE ON auxeira.users
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_companies_updated_at
    BEFORE UPDATE ON auxeira.companies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_investments_updated_at
    BEFORE UPDATE ON auxeira.investments
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_portfolio_metrics_updated_at
    BEFORE UPDATE ON auxeira.portfolio_metrics
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_esg_metrics_updated_at
    BEFORE UPDATE ON auxeira.esg_metrics
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_economic_impact_updated_at
    BEFORE UPDATE ON auxeira.economic_impact
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_corporate_partnerships_updated_at
    BEFORE UPDATE ON auxeira.corporate_partnerships
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_users_updated_at ON auxeira.users IS
    'Stamps users.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_companies_updated_at ON auxeira.companies IS
    'Stamps companies.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_investments_updated_at ON auxeira.investments IS
    'Stamps investments.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_portfolio_metrics_updated_at ON auxeira.portfolio_metrics IS
    'Stamps portfolio_metrics.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_esg_metrics_updated_at ON auxeira.esg_metrics IS
    'Stamps esg_metrics.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_economic_impact_updated_at ON auxeira.economic_impact IS
    'Stamps economic_impact.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_corporate_partnerships_updated_at ON auxeira.corporate_partnerships IS
    'Stamps corporate_partnerships.updated_at with now() on every UPDATE.';

-- ===== from sql/functions/020_cleanup.sql =====

-- Expiry of synthetic data.
--
-- The specification's version deleted companies before the investments, metrics
-- and partnerships that reference them, and so failed on foreign keys as soon as
-- data existed. This one finds the tables itself (every auxeira table with
-- is_synthetic and expires_at), deletes children before parents, and deletes an
-- expired synthetic row only when no row references it any more. A synthetic row
-- that a real row (or a synthetic row that has not expired yet) still references
-- is kept and counted as retained: real rows are never deleted or orphaned.

CREATE FUNCTION auxeira.cleanup_expired_synthetic_data()
    RETURNS TABLE (table_name text, deleted bigint, retained bigint)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    target record;
    guard text;
    n_deleted bigint;
    n_retained bigint;
    total_deleted bigint := 0;
    total_retained bigint := 0;
BEGIN
    FOR target IN
        WITH RECURSIVE synthetic AS (
            SELECT c.oid, c.relname
            FROM pg_class AS c
            JOIN pg_namespace AS n ON n.oid = c.relnamespace
            WHERE n.nspname = 'auxeira'
              AND c.relkind IN ('r', 'p')
              AND NOT c.relispartition
              AND EXISTS (SELECT FROM pg_attribute AS a
                          WHERE a.attrelid = c.oid AND a.attname = 'is_synthetic'
                            AND NOT a.attisdropped)
              AND EXISTS (SELECT FROM pg_attribute AS a
                          WHERE a.attrelid = c.oid AND a.attname = 'expires_at'
                            AND NOT a.attisdropped)
        ),
        edges AS (
            SELECT DISTINCT con.conrelid AS child, con.confrelid AS parent
            FROM pg_constraint AS con
            WHERE con.contype = 'f' AND con.conrelid <> con.confrelid
        ),
        -- height: the longest chain of referencing tables below a table; 0 for leaves
        heights (oid, height) AS (
            SELECT s.oid, 0 FROM synthetic AS s
            UNION ALL
            SELECT e.parent, h.height + 1
            FROM heights AS h
            JOIN edges AS e ON e.child = h.oid
            WHERE h.height < 64
        )
        SELECT s.oid, s.relname, max(h.height) AS height
        FROM synthetic AS s
        JOIN heights AS h ON h.oid = s.oid
        GROUP BY s.oid, s.relname
        ORDER BY height, s.relname
    LOOP
        -- One NOT EXISTS per foreign key that points at this table, from any table.
        SELECT string_agg(
                   format(' AND NOT EXISTS (SELECT FROM %s AS r WHERE %s)',
                          con.conrelid::regclass,
                          (SELECT string_agg(format('r.%I = t.%I', ca.attname, pa.attname), ' AND ')
                           FROM unnest(con.conkey, con.confkey) AS k(child_col, parent_col)
                           JOIN pg_attribute AS ca
                             ON ca.attrelid = con.conrelid AND ca.attnum = k.child_col
                           JOIN pg_attribute AS pa
                             ON pa.attrelid = con.confrelid AND pa.attnum = k.parent_col)),
                   '' ORDER BY con.conname)
        INTO guard
        FROM pg_constraint AS con
        WHERE con.contype = 'f' AND con.confrelid = target.oid;

        EXECUTE format(
            'DELETE FROM auxeira.%I AS t WHERE t.is_synthetic AND t.expires_at <= now()%s',
            target.relname, coalesce(guard, ''));
        GET DIAGNOSTICS n_deleted = ROW_COUNT;

        EXECUTE format(
            'SELECT count(*) FROM auxeira.%I AS t WHERE t.is_synthetic AND t.expires_at <= now()',
            target.relname)
        INTO n_retained;

        table_name := target.relname;
        deleted := n_deleted;
        retained := n_retained;
        total_deleted := total_deleted + n_deleted;
        total_retained := total_retained + n_retained;
        RETURN NEXT;
    END LOOP;

    table_name := 'total';
    deleted := total_deleted;
    retained := total_retained;
    RETURN NEXT;
END
$$;

COMMENT ON FUNCTION auxeira.cleanup_expired_synthetic_data() IS
    'Deletes synthetic rows (is_synthetic) whose expires_at has passed, from every auxeira '
    'table that has both columns, children before parents. A row still referenced by any '
    'other row (a real row, or a synthetic row that has not expired) is kept and reported as '
    'retained; it goes in a later run once nothing references it. Returns one row per table '
    '(deleted, retained) and a last row named total. Real rows are never touched. '
    'SECURITY DEFINER as auxeira_owner; EXECUTE is granted to no application role.';

-- ===== from sql/security/010_row_level_security.sql =====

-- Row-level security on every table that holds a user's data.
--
-- FORCE makes the owner subject to the policies too, so nothing (a view or a
-- SECURITY DEFINER function owned by auxeira_owner included) bypasses them by
-- accident; the owner sees every row only through its explicit maintenance policy.
-- Policies for auxeira_app key on auxeira.current_user_id(): unset sees nothing.

-- The uniform part: enable and force RLS, full access for the owner's maintenance,
-- read access for the read-only role (DBAs and BI tools see every tenant).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'users', 'companies', 'investments', 'portfolio_metrics', 'esg_metrics',
        'economic_impact', 'corporate_partnerships', 'token_transactions',
        'analytics_events', 'subscription_events'
    ] LOOP
        EXECUTE pg_catalog.format('ALTER TABLE auxeira.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format('ALTER TABLE auxeira.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I TO auxeira_owner USING (true) WITH CHECK (true)',
            t || '_owner_maintenance', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L',
            t || '_owner_maintenance', t,
            'auxeira_owner (migrations, cleanup, refresh) reads and writes every row.');
        EXECUTE pg_catalog.format(
            'CREATE POLICY %I ON auxeira.%I FOR SELECT TO auxeira_readonly USING (true)',
            t || '_readonly_select', t);
        EXECUTE pg_catalog.format(
            'COMMENT ON POLICY %I ON auxeira.%I IS %L',
            t || '_readonly_select', t,
            'auxeira_readonly (DBAs, BI tools) reads every row and writes none.');
    END LOOP;
END
$$;

-- users: a user sees and edits their own row only.
CREATE POLICY users_self ON auxeira.users
    TO auxeira_app
    USING (id = auxeira.current_user_id())
    WITH CHECK (id = auxeira.current_user_id());
COMMENT ON POLICY users_self ON auxeira.users IS
    'A user reads and writes their own users row only.';

-- companies: founders own theirs; investors read the companies they invested in.
CREATE POLICY companies_founder ON auxeira.companies
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY companies_founder ON auxeira.companies IS
    'A founder reads and writes the companies whose user_id is theirs.';

CREATE POLICY companies_investor_read ON auxeira.companies
    FOR SELECT TO auxeira_app
    USING (auxeira.invests_in(id));
COMMENT ON POLICY companies_investor_read ON auxeira.companies IS
    'An investor reads the companies they hold an investment in.';

-- investments: investors own theirs; founders read the investments in their company.
CREATE POLICY investments_investor ON auxeira.investments
    TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id());
COMMENT ON POLICY investments_investor ON auxeira.investments IS
    'An investor reads and writes their own investments.';

CREATE POLICY investments_founder_read ON auxeira.investments
    FOR SELECT TO auxeira_app
    USING (auxeira.owns_company(company_id));
COMMENT ON POLICY investments_founder_read ON auxeira.investments IS
    'A founder reads the investments made in their companies (their cap table).';

-- portfolio_metrics: the investor's own snapshots.
CREATE POLICY portfolio_metrics_investor ON auxeira.portfolio_metrics
    TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id());
COMMENT ON POLICY portfolio_metrics_investor ON auxeira.portfolio_metrics IS
    'An investor reads and writes their own portfolio snapshots.';

-- Company metrics: the founder writes them; the company's investors read them.
CREATE POLICY esg_metrics_founder ON auxeira.esg_metrics
    TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id));
COMMENT ON POLICY esg_metrics_founder ON auxeira.esg_metrics IS
    'The founder of the company reads and writes its ESG metrics.';

CREATE POLICY esg_metrics_investor_read ON auxeira.esg_metrics
    FOR SELECT TO auxeira_app
    USING (auxeira.invests_in(company_id));
COMMENT ON POLICY esg_metrics_investor_read ON auxeira.esg_metrics IS
    'Investors in the company read its ESG metrics.';

CREATE POLICY economic_impact_founder ON auxeira.economic_impact
    TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id));
COMMENT ON POLICY economic_impact_founder ON auxeira.economic_impact IS
    'The founder of the company reads and writes its economic impact figures.';

CREATE POLICY economic_impact_investor_read ON auxeira.economic_impact
    FOR SELECT TO auxeira_app
    USING (auxeira.invests_in(company_id));
COMMENT ON POLICY economic_impact_investor_read ON auxeira.economic_impact IS
    'Investors in the company read its economic impact figures.';

-- corporate_partnerships: the corporate partner owns them; the startup's founder reads them.
CREATE POLICY corporate_partnerships_partner ON auxeira.corporate_partnerships
    TO auxeira_app
    USING (corporate_partner_id = auxeira.current_user_id())
    WITH CHECK (corporate_partner_id = auxeira.current_user_id());
COMMENT ON POLICY corporate_partnerships_partner ON auxeira.corporate_partnerships IS
    'A corporate partner reads and writes its own partnerships.';

CREATE POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships
    FOR SELECT TO auxeira_app
    USING (auxeira.owns_company(startup_id));
COMMENT ON POLICY corporate_partnerships_startup_read ON auxeira.corporate_partnerships IS
    'The founder of the startup reads the partnerships it is part of.';

-- A user's own activity records.
CREATE POLICY token_transactions_self ON auxeira.token_transactions
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY token_transactions_self ON auxeira.token_transactions IS
    'A user reads and writes their own token transactions.';

CREATE POLICY analytics_events_self ON auxeira.analytics_events
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY analytics_events_self ON auxeira.analytics_events IS
    'A user reads and writes their own analytics events.';

CREATE POLICY subscription_events_self ON auxeira.subscription_events
    TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY subscription_events_self ON auxeira.subscription_events IS
    'A user reads and writes their own subscription events.';

-- ===== from sql/security/020_grants.sql =====

-- Privileges. The application role gets data access and no DDL; the read-only role
-- gets SELECT; functions are closed to PUBLIC and opened one by one.

GRANT USAGE ON SCHEMA auxeira TO auxeira_app, auxeira_readonly;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA auxeira TO auxeira_app;
GRANT SELECT ON ALL TABLES IN SCHEMA auxeira TO auxeira_readonly;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA auxeira FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.current_user_id(),
    auxeira.owns_company(uuid),
    auxeira.invests_in(uuid),
    auxeira.update_updated_at_column()
    TO auxeira_app, auxeira_readonly;
-- cleanup_expired_synthetic_data() stays with the owner (and its members).
