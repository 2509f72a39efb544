-- The investment ledger by the industry's conventions (migration 0011): every monetary row
-- carries its currency, history is append-only (reversals, not edits), exits and write-offs
-- are dated, and an exit records the proceeds due.
--
-- Added as columns of the existing tables (ALTER, as the migration does, so the column order
-- of sql/ and of a migrated database agree). The defaults (currency from the fund or the
-- investment) and the checks that need other rows (a rate for a foreign-currency entry, a
-- mark not before its investment, a reversal of a visible row) are the ledger_entry trigger
-- of sql/functions/090_ledger.sql.

ALTER TABLE auxeira.funds
    ADD CONSTRAINT funds_currency_fkey FOREIGN KEY (currency) REFERENCES auxeira.currencies (code);

-- investments ---------------------------------------------------------------------------------

ALTER TABLE auxeira.investments
    ADD COLUMN currency varchar(3) NOT NULL,
    ADD COLUMN exit_proceeds numeric(15,2),
    ADD COLUMN exit_recorded_at timestamptz,
    ADD CONSTRAINT investments_currency_fkey
        FOREIGN KEY (currency) REFERENCES auxeira.currencies (code),
    ADD CONSTRAINT investments_exit_proceeds_check CHECK (exit_proceeds >= 0),
    ADD CONSTRAINT investments_written_off_date_check CHECK (
        status <> 'written-off' OR exit_date IS NOT NULL
    );

COMMENT ON COLUMN auxeira.investments.currency IS
    'ISO 4217 currency of the cheque (currencies.code): amount, valuations and exit proceeds are '
    'in it, and it is the default currency of the investment''s cash flows and marks. Defaults '
    'to the fund''s currency, else USD (trigger investments_ledger_entry). The company metrics '
    'tables stay in USD, as the specification fixes them.';
COMMENT ON COLUMN auxeira.investments.exit_proceeds IS
    'Total proceeds due to this investor from the exit, in the investment currency, whether '
    'paid on exit_date or later (escrow, deferred consideration). Between exit_date and the '
    'distributions that pay it, the unpaid part is the holding''s value (proceeds receivable). '
    'NULL = not exited, or the proceeds are the distributions recorded (release-1 rows).';
COMMENT ON COLUMN auxeira.investments.exit_recorded_at IS
    'When the exit or write-off (status, exit_date, exit_proceeds) was last entered: the '
    'knowledge time of the terminal state, so that a figure asked as reported before it shows '
    'the holding still active. Set by trigger investments_ledger_entry.';

-- investment_cash_flows -----------------------------------------------------------------------

ALTER TABLE auxeira.investment_cash_flows
    ADD COLUMN currency varchar(3) NOT NULL,
    ADD COLUMN reverses uuid,
    ADD CONSTRAINT investment_cash_flows_currency_fkey
        FOREIGN KEY (currency) REFERENCES auxeira.currencies (code),
    ADD CONSTRAINT investment_cash_flows_reverses_fkey
        FOREIGN KEY (reverses) REFERENCES auxeira.investment_cash_flows (id);

CREATE UNIQUE INDEX investment_cash_flows_reverses_key
    ON auxeira.investment_cash_flows (reverses) WHERE reverses IS NOT NULL;

COMMENT ON COLUMN auxeira.investment_cash_flows.currency IS
    'ISO 4217 currency of amount (currencies.code); defaults to the investment''s currency. A '
    'flow in another currency needs an exchange rate for its date (refused otherwise).';
COMMENT ON COLUMN auxeira.investment_cash_flows.reverses IS
    'Set on a reversal row: the id of the flow it cancels (same investment, date, type and '
    'amount, copied by the trigger). From the reversal''s created_at on, neither row counts; '
    'figures asked as reported before it still show the original. NULL on ordinary rows.';
COMMENT ON INDEX auxeira.investment_cash_flows_reverses_key IS
    'A flow is reversed at most once; serves the "is this flow reversed" look-up.';

-- valuation_marks -----------------------------------------------------------------------------

ALTER TABLE auxeira.valuation_marks
    ADD COLUMN currency varchar(3) NOT NULL,
    ADD COLUMN reverses uuid,
    ADD CONSTRAINT valuation_marks_currency_fkey
        FOREIGN KEY (currency) REFERENCES auxeira.currencies (code),
    ADD CONSTRAINT valuation_marks_reverses_fkey
        FOREIGN KEY (reverses) REFERENCES auxeira.valuation_marks (id);

CREATE INDEX valuation_marks_investment_id_mark_date_idx
    ON auxeira.valuation_marks (investment_id, mark_date, created_at);
CREATE UNIQUE INDEX valuation_marks_reverses_key
    ON auxeira.valuation_marks (reverses) WHERE reverses IS NOT NULL;

COMMENT ON COLUMN auxeira.valuation_marks.currency IS
    'ISO 4217 currency of holding_value and company_valuation (currencies.code); defaults to '
    'the investment''s currency.';
COMMENT ON COLUMN auxeira.valuation_marks.reverses IS
    'Set on a reversal row: the id of the mark it withdraws (values copied by the trigger). '
    'NULL on ordinary marks. A restatement is not a reversal: it is a new mark for the same '
    'day, entered later.';
COMMENT ON INDEX auxeira.valuation_marks_investment_id_mark_date_idx IS
    'Serves "latest mark on or before a date, latest entered first" look-ups and the '
    'investment_id foreign key. Not unique since 0011: a day''s mark is restated by a later '
    'entry, and a reversal repeats the mark it withdraws.';
COMMENT ON INDEX auxeira.valuation_marks_reverses_key IS
    'A mark is reversed at most once; serves the "is this mark reversed" look-up.';

-- fund_cash_flows -----------------------------------------------------------------------------

ALTER TABLE auxeira.fund_cash_flows
    ADD COLUMN currency varchar(3) NOT NULL,
    ADD COLUMN reverses uuid,
    ADD CONSTRAINT fund_cash_flows_currency_fkey
        FOREIGN KEY (currency) REFERENCES auxeira.currencies (code),
    ADD CONSTRAINT fund_cash_flows_reverses_fkey
        FOREIGN KEY (reverses) REFERENCES auxeira.fund_cash_flows (id);

CREATE UNIQUE INDEX fund_cash_flows_reverses_key
    ON auxeira.fund_cash_flows (reverses) WHERE reverses IS NOT NULL;

COMMENT ON COLUMN auxeira.fund_cash_flows.currency IS
    'ISO 4217 currency of amount (currencies.code); defaults to the fund''s currency.';
COMMENT ON COLUMN auxeira.fund_cash_flows.reverses IS
    'Set on a reversal row: the id of the fund flow it cancels (values copied by the trigger). '
    'NULL on ordinary rows.';
COMMENT ON INDEX auxeira.fund_cash_flows_reverses_key IS
    'A fund flow is reversed at most once; serves the "is this flow reversed" look-up.';
