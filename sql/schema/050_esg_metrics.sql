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
