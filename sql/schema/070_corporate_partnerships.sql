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
