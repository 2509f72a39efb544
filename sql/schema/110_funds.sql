-- auxeira.funds: the vehicles a VC manages; an investment may belong to one. Also adds
-- investments.fund_id here, because funds are created after investments.

CREATE TABLE auxeira.funds (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    manager_id uuid NOT NULL,
    name varchar(255) NOT NULL,
    vintage_year integer NOT NULL,
    committed_capital numeric(15,2) NOT NULL,
    management_fee_percentage numeric(5,2) NOT NULL DEFAULT 2.00,
    carried_interest_percentage numeric(5,2) NOT NULL DEFAULT 20.00,
    hurdle_rate_percentage numeric(5,2) NOT NULL DEFAULT 8.00,
    currency varchar(3) NOT NULL DEFAULT 'USD',
    strategy varchar(100),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT funds_pkey PRIMARY KEY (id),
    CONSTRAINT funds_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES auxeira.users (id),
    CONSTRAINT funds_name_check CHECK (btrim(name) <> ''),
    CONSTRAINT funds_vintage_year_check CHECK (vintage_year BETWEEN 1946 AND 2100),
    CONSTRAINT funds_committed_capital_check CHECK (committed_capital > 0),
    CONSTRAINT funds_management_fee_percentage_check CHECK (
        management_fee_percentage BETWEEN 0 AND 100
    ),
    CONSTRAINT funds_carried_interest_percentage_check CHECK (
        carried_interest_percentage BETWEEN 0 AND 100
    ),
    CONSTRAINT funds_hurdle_rate_percentage_check CHECK (hurdle_rate_percentage BETWEEN 0 AND 100),
    CONSTRAINT funds_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE INDEX funds_manager_id_idx ON auxeira.funds (manager_id);
CREATE INDEX funds_expires_at_idx ON auxeira.funds (expires_at) WHERE is_synthetic;

COMMENT ON INDEX auxeira.funds_manager_id_idx IS
    'Serves "the funds of this manager" and the manager_id foreign key.';
COMMENT ON INDEX auxeira.funds_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

COMMENT ON TABLE auxeira.funds IS
    'Investment funds: one row per fund a VC (manager_id) runs, with its size (LP commitments), '
    'vintage and fee terms. Investments with a fund_id belong to the fund; the LP report and the '
    'fund performance figures (auxeira.fund_performance) are computed per fund.';
COMMENT ON COLUMN auxeira.funds.id IS 'Primary key; random UUID assigned on insert.';
COMMENT ON COLUMN auxeira.funds.manager_id IS
    'The VC account (users.id) that manages the fund (the general partner). Required.';
COMMENT ON COLUMN auxeira.funds.name IS 'Fund name as shown to LPs, e.g. "Acme Ventures II".';
COMMENT ON COLUMN auxeira.funds.vintage_year IS
    'Year of the fund''s first capital call (ILPA vintage year), used to compare funds of the '
    'same age.';
COMMENT ON COLUMN auxeira.funds.committed_capital IS
    'Total capital committed by the limited partners, in the fund currency; > 0.';
COMMENT ON COLUMN auxeira.funds.management_fee_percentage IS
    'Annual management fee as a percentage of committed capital (2.00 = 2 % a year). The fees '
    'actually charged are recorded as fund_cash_flows of type management_fee.';
COMMENT ON COLUMN auxeira.funds.carried_interest_percentage IS
    'General partner''s carried interest as a percentage of profits (20.00 = 20 %).';
COMMENT ON COLUMN auxeira.funds.hurdle_rate_percentage IS
    'Preferred return to LPs before carry, as an annual percentage (8.00 = 8 %).';
COMMENT ON COLUMN auxeira.funds.currency IS
    'ISO 4217 code of the fund currency (currencies.code, foreign key added in 0011): the '
    'reporting currency of the fund''s figures and the default currency of its investments and '
    'fund cash flows.';
COMMENT ON COLUMN auxeira.funds.strategy IS
    'Free-text investment focus, e.g. "seed-stage fintech" or "climate". NULL = not stated.';
COMMENT ON COLUMN auxeira.funds.is_synthetic IS
    'True for generated demo data (auxeira-db seed); false for real funds.';
COMMENT ON COLUMN auxeira.funds.expires_at IS
    'When synthetic data may be removed by cleanup_expired_synthetic_data(); NULL for real rows.';
COMMENT ON COLUMN auxeira.funds.created_at IS 'When the row was inserted.';
COMMENT ON COLUMN auxeira.funds.updated_at IS 'When the row was last changed (set by trigger).';

ALTER TABLE auxeira.investments ADD COLUMN fund_id uuid;
ALTER TABLE auxeira.investments
    ADD CONSTRAINT investments_fund_id_fkey FOREIGN KEY (fund_id) REFERENCES auxeira.funds (id);
CREATE INDEX investments_fund_id_idx ON auxeira.investments (fund_id);

COMMENT ON COLUMN auxeira.investments.fund_id IS
    'The fund (funds.id) the investment was made from; NULL for angels and direct investments. '
    'Added in 0002 beside the specification''s columns.';
COMMENT ON INDEX auxeira.investments_fund_id_idx IS
    'Serves fund roll-ups (fund_performance, LP reports) and the fund_id foreign key.';
