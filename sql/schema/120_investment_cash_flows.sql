-- auxeira.investment_cash_flows: every dated movement of cash between an investor and a
-- company, the input of IRR, MOIC, TVPI and DPI.

CREATE TABLE auxeira.investment_cash_flows (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    investment_id uuid NOT NULL,
    flow_date date NOT NULL,
    flow_type varchar(20) NOT NULL,
    amount numeric(15,2) NOT NULL,
    note varchar(255),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT investment_cash_flows_pkey PRIMARY KEY (id),
    CONSTRAINT investment_cash_flows_investment_id_fkey
        FOREIGN KEY (investment_id) REFERENCES auxeira.investments (id),
    CONSTRAINT investment_cash_flows_flow_type_check CHECK (
        flow_type IN ('contribution', 'follow_on', 'distribution', 'fee')
    ),
    CONSTRAINT investment_cash_flows_amount_check CHECK (amount > 0),
    CONSTRAINT investment_cash_flows_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX investment_cash_flows_investment_id_flow_date_idx
    ON auxeira.investment_cash_flows (investment_id, flow_date);
CREATE INDEX investment_cash_flows_expires_at_idx
    ON auxeira.investment_cash_flows (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.investment_cash_flows IS
    'Dated cash flows of each investment, from the investor''s side: the first cheque '
    '(contribution), later cheques (follow_on), deal fees paid (fee) and cash received '
    '(distribution: exit proceeds, dividends, secondary sales). Amounts are positive; the type '
    'gives the direction. Append-only and bitemporal (0011): a wrong entry is cancelled by a '
    'reversal row (reverses = its id) and re-entered; created_at is the knowledge time that '
    'as_reported figures filter on. IRR, MOIC, TVPI, DPI and RVPI are computed from these rows '
    'plus the valuation marks (sql/functions/040_performance.sql).';
COMMENT ON COLUMN auxeira.investment_cash_flows.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.investment_cash_flows.investment_id IS
    'The investment (investments.id) the cash moved for.';
COMMENT ON COLUMN auxeira.investment_cash_flows.flow_date IS
    'Value date of the movement; IRR uses Actual/365 between these dates.';
COMMENT ON COLUMN auxeira.investment_cash_flows.flow_type IS
    'contribution (initial cheque) and follow_on (later cheques) are paid in; fee (deal fees '
    'paid by the investor) is paid in but not invested capital; distribution is cash returned.';
COMMENT ON COLUMN auxeira.investment_cash_flows.amount IS
    'Amount in the row''s currency (column currency), always > 0; the direction comes from '
    'flow_type.';
COMMENT ON COLUMN auxeira.investment_cash_flows.note IS 'Free text, e.g. "Series A pro rata".';
COMMENT ON COLUMN auxeira.investment_cash_flows.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.investment_cash_flows.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.investment_cash_flows.created_at IS
    'When the row was entered (knowledge time; set to now() for services by trigger '
    'investment_cash_flows_ledger_entry).';
COMMENT ON INDEX auxeira.investment_cash_flows_investment_id_flow_date_idx IS
    'Serves per-investment flow lookups (performance as of a date) and the foreign key.';
COMMENT ON INDEX auxeira.investment_cash_flows_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';
