-- auxeira.valuation_marks: the value history of each holding (residual value over time).

CREATE TABLE auxeira.valuation_marks (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    investment_id uuid NOT NULL,
    mark_date date NOT NULL,
    holding_value numeric(15,2) NOT NULL,
    company_valuation numeric(15,2),
    source varchar(20) NOT NULL DEFAULT 'manager',
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT valuation_marks_pkey PRIMARY KEY (id),
    CONSTRAINT valuation_marks_investment_id_fkey
        FOREIGN KEY (investment_id) REFERENCES auxeira.investments (id),
    CONSTRAINT valuation_marks_holding_value_check CHECK (holding_value >= 0),
    CONSTRAINT valuation_marks_company_valuation_check CHECK (company_valuation >= 0),
    CONSTRAINT valuation_marks_source_check CHECK (
        source IN ('round', 'manager', 'audit', 'exit', 'write-off')
    ),
    CONSTRAINT valuation_marks_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX valuation_marks_expires_at_idx
    ON auxeira.valuation_marks (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.valuation_marks IS
    'Fair-value marks of each holding over time. Append-only and bitemporal (0011): a mark '
    'is restated by recording another mark for the same day (the latest recorded wins) and '
    'withdrawn by a reversal row (reverses). The residual value of a holding as of a date is '
    'its latest mark on or before that date rolled forward by the capital paid in and the '
    'distributions since (sql/functions/040_performance.sql); a holding never marked is '
    'rolled forward from cost.';
COMMENT ON COLUMN auxeira.valuation_marks.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.valuation_marks.investment_id IS
    'The holding (investments.id) being valued.';
COMMENT ON COLUMN auxeira.valuation_marks.mark_date IS 'Valuation date.';
COMMENT ON COLUMN auxeira.valuation_marks.holding_value IS
    'Fair value of the investor''s stake (not of the whole company) in the row''s currency, '
    '>= 0.';
COMMENT ON COLUMN auxeira.valuation_marks.company_valuation IS
    'Valuation of the whole company behind the mark, when known (e.g. a priced round); used '
    'for the unicorn count. NULL = not known.';
COMMENT ON COLUMN auxeira.valuation_marks.source IS
    'Where the mark comes from: round (a priced financing), manager (GP estimate), audit '
    '(audited NAV), exit (sale price), write-off (written down to zero).';
COMMENT ON COLUMN auxeira.valuation_marks.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.valuation_marks.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.valuation_marks.created_at IS
    'When the mark was entered (knowledge time; set to now() for services by trigger '
    'valuation_marks_ledger_entry). Of two marks of one day, the later entered wins.';
COMMENT ON INDEX auxeira.valuation_marks_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';
