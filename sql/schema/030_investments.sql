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
    CONSTRAINT investments_irr_check CHECK (irr >= -1),
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
    'Internal rate of return, annualised, as a fraction: 0.25 = 25 % a year, -0.5 = -50 %, -1 = '
    'a total loss; >= -1. Unconstrained precision because venture IRRs can exceed 999 %. NULL = '
    'not computed, or a holding younger than 365 days (never annualised; see '
    'auxeira.investment_performance.since_inception_return).';
COMMENT ON COLUMN auxeira.investments.moic IS
    'Multiple on invested capital: (distributed + residual value) / paid-in (deal fees '
    'included in cost, gross of fund fees; equal to tvpi for one holding); 1.0 = money back, '
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
    'Date of exit (or of the write-off): the holding''s value is its proceeds receivable (or 0 '
    'after a write-off) from this date. Required when status is exited or written-off '
    '(investments_written_off_date_check, 0011); never before investment_date. NULL = active.';
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
