-- auxeira.fund_cash_flows: fund-level costs that separate gross from net returns.

CREATE TABLE auxeira.fund_cash_flows (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    fund_id uuid NOT NULL,
    flow_date date NOT NULL,
    flow_type varchar(20) NOT NULL,
    amount numeric(15,2) NOT NULL,
    note varchar(255),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT fund_cash_flows_pkey PRIMARY KEY (id),
    CONSTRAINT fund_cash_flows_fund_id_fkey FOREIGN KEY (fund_id) REFERENCES auxeira.funds (id),
    CONSTRAINT fund_cash_flows_flow_type_check CHECK (
        flow_type IN ('management_fee', 'fund_expense', 'carried_interest')
    ),
    CONSTRAINT fund_cash_flows_amount_check CHECK (amount > 0),
    CONSTRAINT fund_cash_flows_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX fund_cash_flows_fund_id_flow_date_idx ON auxeira.fund_cash_flows (fund_id, flow_date);
CREATE INDEX fund_cash_flows_expires_at_idx
    ON auxeira.fund_cash_flows (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.fund_cash_flows IS
    'Fund-level cash flows that are not investments: management fees and fund expenses (paid in '
    'by the LPs on top of invested capital) and carried interest (taken by the GP out of '
    'distributions). Gross figures ignore them; net figures (what LPs earn) include them.';
COMMENT ON COLUMN auxeira.fund_cash_flows.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.fund_cash_flows.fund_id IS 'The fund (funds.id) the flow belongs to.';
COMMENT ON COLUMN auxeira.fund_cash_flows.flow_date IS 'Value date of the movement.';
COMMENT ON COLUMN auxeira.fund_cash_flows.flow_type IS
    'management_fee and fund_expense: paid in by LPs; carried_interest: paid to the GP out of '
    'distributions, so LPs receive that much less.';
COMMENT ON COLUMN auxeira.fund_cash_flows.amount IS
    'Amount in the row''s currency (column currency, by default the fund''s), always > 0; the '
    'direction comes from flow_type.';
COMMENT ON COLUMN auxeira.fund_cash_flows.note IS 'Free text, e.g. "Q3 2024 management fee".';
COMMENT ON COLUMN auxeira.fund_cash_flows.is_synthetic IS
    'True for generated demo data; false for real rows.';
COMMENT ON COLUMN auxeira.fund_cash_flows.expires_at IS
    'When synthetic data may be removed; NULL for real rows.';
COMMENT ON COLUMN auxeira.fund_cash_flows.created_at IS
    'When the row was entered (knowledge time; set to now() for services by trigger '
    'fund_cash_flows_ledger_entry).';
COMMENT ON INDEX auxeira.fund_cash_flows_fund_id_flow_date_idx IS
    'Serves per-fund net performance and the fund_id foreign key.';
COMMENT ON INDEX auxeira.fund_cash_flows_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';
