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
