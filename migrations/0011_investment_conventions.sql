-- depends: 0010_scoped_metric_refresh
-- 0011_investment_conventions: investment figures by the industry's conventions.
--   * currencies: auxeira.currencies and the bitemporal auxeira.fx_rates; every monetary row
--     of the ledger (investments, cash flows, marks, fund flows) carries an ISO 4217 code,
--     backfilled from the fund (else USD) and from the parent investment or fund;
--   * history: cash flows, marks and fund flows are append-only for services (reversal rows,
--     `reverses`; created_at is the knowledge time); exits and write-offs are dated (a
--     written-off row without exit_date gets the date of its write-off mark, else of its last
--     zero mark, else of its last update) and record their proceeds and knowledge time;
--   * figures: residual values rolled forward from the last mark, one basis (paid-in) for
--     MOIC, TVPI and IRR, IRR not annualised under 365 days, one definition of realised gain
--     (average cost), every performance function with as_reported and a reporting currency;
--   * the VC and angel readers that return these figures are rebuilt with the new columns;
--     the ledger write functions (sql/views/investment_ledger.sql) are new.
-- auxeira_mv.vc_performance is recreated empty and refreshed here when every rate it needs
-- exists; otherwise it stays unpopulated (a NOTICE says so) until rates are imported with
-- `auxeira-db fx import` and `auxeira-db refresh` runs.

SET LOCAL ROLE auxeira_owner;

-- 1. Readers whose shape changes, and the functions they use --------------------------------

DROP VIEW auxeira_dash.angel_tax_report;
DROP VIEW auxeira_dash.angel_tax_events;
DROP VIEW auxeira_dash.angel_portfolio_totals;
DROP VIEW auxeira_dash.angel_portfolio;
DROP VIEW auxeira_dash.vc_portfolio_totals;
DROP VIEW auxeira_dash.vc_portfolio;
DROP FUNCTION auxeira_dash.vc_performance(text);
DROP MATERIALIZED VIEW auxeira_mv.vc_performance;
DROP FUNCTION auxeira_dash.vc_lp_report_funds(date);
DROP FUNCTION auxeira_dash.vc_lp_report_schedule(uuid, date);
DROP FUNCTION auxeira.fund_performance(date);
DROP FUNCTION auxeira.portfolio_performance(date);
DROP FUNCTION auxeira.investment_performance(date);
DROP FUNCTION auxeira.investment_flow_series(date);
DROP FUNCTION auxeira.investment_paid_flows(date);
DROP FUNCTION auxeira.investment_positions(date);
DROP FUNCTION auxeira.split_return(numeric, numeric, numeric, boolean);

-- 2. Currencies and exchange rates (sql/schema/320_currencies_and_fx_rates.sql) -------------

CREATE TABLE auxeira.currencies (
    code varchar(3) NOT NULL,
    name varchar(100) NOT NULL,
    minor_units smallint NOT NULL DEFAULT 2,
    CONSTRAINT currencies_pkey PRIMARY KEY (code),
    CONSTRAINT currencies_code_check CHECK (code ~ '^[A-Z]{3}$'),
    CONSTRAINT currencies_minor_units_check CHECK (minor_units BETWEEN 0 AND 4)
);

COMMENT ON TABLE auxeira.currencies IS
    'The ISO 4217 currencies the investment ledger accepts (investments, cash flows, marks, '
    'fund flows and exchange rates refer to this table). Reference data, readable by everyone; '
    'add a row (as the owner) to accept a new currency.';
COMMENT ON COLUMN auxeira.currencies.code IS 'ISO 4217 alphabetic code, e.g. USD, EUR, NGN.';
COMMENT ON COLUMN auxeira.currencies.name IS 'English name, e.g. "Nigerian naira".';
COMMENT ON COLUMN auxeira.currencies.minor_units IS
    'Decimal places of the currency''s minor unit (ISO 4217 exponent): 2 for USD and most '
    'currencies. Ledger amounts are stored with 2 decimals whatever this says.';

INSERT INTO auxeira.currencies (code, name) VALUES
    ('USD', 'United States dollar'),
    ('EUR', 'Euro'),
    ('GBP', 'Pound sterling'),
    ('NGN', 'Nigerian naira'),
    ('KES', 'Kenyan shilling'),
    ('GHS', 'Ghanaian cedi'),
    ('ZAR', 'South African rand'),
    ('EGP', 'Egyptian pound'),
    ('RWF', 'Rwandan franc'),
    ('UGX', 'Ugandan shilling'),
    ('TZS', 'Tanzanian shilling'),
    ('XOF', 'West African CFA franc'),
    ('MAD', 'Moroccan dirham'),
    ('CHF', 'Swiss franc'),
    ('JPY', 'Japanese yen'),
    ('CAD', 'Canadian dollar'),
    ('INR', 'Indian rupee');

CREATE TABLE auxeira.fx_rates (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    rate_date date NOT NULL,
    base varchar(3) NOT NULL,
    quote varchar(3) NOT NULL,
    rate numeric NOT NULL,
    source varchar(50) NOT NULL DEFAULT 'import',
    recorded_at timestamptz NOT NULL DEFAULT now(),
    is_synthetic boolean NOT NULL DEFAULT false,
    expires_at timestamptz,
    CONSTRAINT fx_rates_pkey PRIMARY KEY (id),
    CONSTRAINT fx_rates_base_fkey FOREIGN KEY (base) REFERENCES auxeira.currencies (code),
    CONSTRAINT fx_rates_quote_fkey FOREIGN KEY (quote) REFERENCES auxeira.currencies (code),
    CONSTRAINT fx_rates_pair_check CHECK (base <> quote),
    CONSTRAINT fx_rates_rate_check CHECK (rate > 0),
    CONSTRAINT fx_rates_expires_at_check CHECK (expires_at IS NULL OR is_synthetic)
);

CREATE UNIQUE INDEX fx_rates_pair_date_recorded_key
    ON auxeira.fx_rates (base, quote, rate_date, recorded_at);
CREATE INDEX fx_rates_quote_date_idx ON auxeira.fx_rates (quote, rate_date);
CREATE INDEX fx_rates_expires_at_idx ON auxeira.fx_rates (expires_at) WHERE is_synthetic;

COMMENT ON TABLE auxeira.fx_rates IS
    'Daily exchange rates: 1 base = rate quote on rate_date (the ECB publishes EUR-based '
    'reference rates: base EUR, quote USD, rate 1.0856). Bitemporal and append-only: a '
    'corrected rate is a new row for the same date with a later recorded_at, and a figure '
    'asked "as reported" at a time uses the rates recorded by then. Flows convert at the rate '
    'of their date, values at the rate of the as-of date (auxeira.fx_rate() finds direct, '
    'inverse and cross rates). Loaded by `auxeira-db fx import FILE`; readable by everyone.';
COMMENT ON COLUMN auxeira.fx_rates.id IS 'Primary key; random UUID.';
COMMENT ON COLUMN auxeira.fx_rates.rate_date IS
    'The day the rate applies to (a reference-rate fixing date). Days without a fixing '
    '(weekends, holidays) use the latest fixing of the previous 7 days.';
COMMENT ON COLUMN auxeira.fx_rates.base IS 'Currency of one unit (currencies.code).';
COMMENT ON COLUMN auxeira.fx_rates.quote IS 'Currency the rate is expressed in (currencies.code).';
COMMENT ON COLUMN auxeira.fx_rates.rate IS 'Units of quote per one unit of base; > 0.';
COMMENT ON COLUMN auxeira.fx_rates.source IS
    'Where the rate came from: import (a CSV through auxeira-db fx import, e.g. the ECB''s '
    'reference rates), synthetic (auxeira-db seed), or any label the loader gives.';
COMMENT ON COLUMN auxeira.fx_rates.recorded_at IS
    'When the rate was entered (knowledge time). The latest recorded rate of a date wins; '
    'as_reported figures ignore rows recorded after their time.';
COMMENT ON COLUMN auxeira.fx_rates.is_synthetic IS
    'True for rates generated by auxeira-db seed for its demo currencies; false for real rates.';
COMMENT ON COLUMN auxeira.fx_rates.expires_at IS
    'When a synthetic rate may be removed by cleanup_expired_synthetic_data(); NULL for real '
    'rows.';
COMMENT ON INDEX auxeira.fx_rates_pair_date_recorded_key IS
    'One rate per pair, day and recording; serves the direct and inverse look-ups of '
    'auxeira.fx_rate() (latest fixing on or before a day).';
COMMENT ON INDEX auxeira.fx_rates_quote_date_idx IS
    'Serves cross rates through a common base (EUR/USD and EUR/GBP give USD/GBP).';
COMMENT ON INDEX auxeira.fx_rates_expires_at_idx IS
    'Lets cleanup_expired_synthetic_data() find expired synthetic rows without a full scan.';

-- 3. The ledger's columns (sql/schema/330_ledger_currency_and_history.sql), backfilled ------
-- Backfills are not user changes: the tables' triggers (updated_at, notifications, guards)
-- stay quiet while they run.

ALTER TABLE auxeira.investments DISABLE TRIGGER USER;
ALTER TABLE auxeira.investment_cash_flows DISABLE TRIGGER USER;
ALTER TABLE auxeira.valuation_marks DISABLE TRIGGER USER;
ALTER TABLE auxeira.fund_cash_flows DISABLE TRIGGER USER;

ALTER TABLE auxeira.funds DROP CONSTRAINT funds_currency_check;
ALTER TABLE auxeira.funds
    ADD CONSTRAINT funds_currency_fkey FOREIGN KEY (currency) REFERENCES auxeira.currencies (code);

ALTER TABLE auxeira.investments
    ADD COLUMN currency varchar(3),
    ADD COLUMN exit_proceeds numeric(15,2),
    ADD COLUMN exit_recorded_at timestamptz;
UPDATE auxeira.investments AS i
SET currency = coalesce((SELECT f.currency FROM auxeira.funds AS f WHERE f.id = i.fund_id), 'USD'),
    exit_recorded_at = CASE WHEN i.status <> 'active' THEN i.updated_at END,
    exit_date = CASE
        WHEN i.status = 'written-off' AND i.exit_date IS NULL THEN greatest(i.investment_date, coalesce(
            (SELECT max(m.mark_date) FROM auxeira.valuation_marks AS m
             WHERE m.investment_id = i.id AND m.source = 'write-off'),
            (SELECT max(m.mark_date) FROM auxeira.valuation_marks AS m
             WHERE m.investment_id = i.id AND m.holding_value = 0),
            i.updated_at::date))
        ELSE i.exit_date END;
ALTER TABLE auxeira.investments
    ALTER COLUMN currency SET NOT NULL,
    ADD CONSTRAINT investments_currency_fkey
        FOREIGN KEY (currency) REFERENCES auxeira.currencies (code),
    ADD CONSTRAINT investments_exit_proceeds_check CHECK (exit_proceeds >= 0),
    ADD CONSTRAINT investments_written_off_date_check CHECK (
        status <> 'written-off' OR exit_date IS NOT NULL
    );
ALTER TABLE auxeira.investments DROP CONSTRAINT investments_irr_check;
ALTER TABLE auxeira.investments ADD CONSTRAINT investments_irr_check CHECK (irr >= -1);
ALTER TABLE auxeira.portfolio_metrics DROP CONSTRAINT portfolio_metrics_portfolio_irr_check;
ALTER TABLE auxeira.portfolio_metrics
    ADD CONSTRAINT portfolio_metrics_portfolio_irr_check CHECK (portfolio_irr >= -1);

ALTER TABLE auxeira.investment_cash_flows
    ADD COLUMN currency varchar(3),
    ADD COLUMN reverses uuid;
UPDATE auxeira.investment_cash_flows AS t SET currency = (SELECT i.currency FROM auxeira.investments AS i WHERE i.id = t.investment_id);
ALTER TABLE auxeira.investment_cash_flows
    ALTER COLUMN currency SET NOT NULL,
    ADD CONSTRAINT investment_cash_flows_currency_fkey
        FOREIGN KEY (currency) REFERENCES auxeira.currencies (code),
    ADD CONSTRAINT investment_cash_flows_reverses_fkey
        FOREIGN KEY (reverses) REFERENCES auxeira.investment_cash_flows (id);

ALTER TABLE auxeira.valuation_marks
    ADD COLUMN currency varchar(3),
    ADD COLUMN reverses uuid;
UPDATE auxeira.valuation_marks AS t SET currency = (SELECT i.currency FROM auxeira.investments AS i WHERE i.id = t.investment_id);
ALTER TABLE auxeira.valuation_marks
    ALTER COLUMN currency SET NOT NULL,
    ADD CONSTRAINT valuation_marks_currency_fkey
        FOREIGN KEY (currency) REFERENCES auxeira.currencies (code),
    ADD CONSTRAINT valuation_marks_reverses_fkey
        FOREIGN KEY (reverses) REFERENCES auxeira.valuation_marks (id);

ALTER TABLE auxeira.fund_cash_flows
    ADD COLUMN currency varchar(3),
    ADD COLUMN reverses uuid;
UPDATE auxeira.fund_cash_flows AS t SET currency = (SELECT f.currency FROM auxeira.funds AS f WHERE f.id = t.fund_id);
ALTER TABLE auxeira.fund_cash_flows
    ALTER COLUMN currency SET NOT NULL,
    ADD CONSTRAINT fund_cash_flows_currency_fkey
        FOREIGN KEY (currency) REFERENCES auxeira.currencies (code),
    ADD CONSTRAINT fund_cash_flows_reverses_fkey
        FOREIGN KEY (reverses) REFERENCES auxeira.fund_cash_flows (id);

DROP INDEX auxeira.valuation_marks_investment_id_mark_date_key;

ALTER TABLE auxeira.investments ENABLE TRIGGER USER;
ALTER TABLE auxeira.investment_cash_flows ENABLE TRIGGER USER;
ALTER TABLE auxeira.valuation_marks ENABLE TRIGGER USER;
ALTER TABLE auxeira.fund_cash_flows ENABLE TRIGGER USER;

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
CREATE UNIQUE INDEX fund_cash_flows_reverses_key
    ON auxeira.fund_cash_flows (reverses) WHERE reverses IS NOT NULL;
COMMENT ON COLUMN auxeira.fund_cash_flows.currency IS
    'ISO 4217 currency of amount (currencies.code); defaults to the fund''s currency.';
COMMENT ON COLUMN auxeira.fund_cash_flows.reverses IS
    'Set on a reversal row: the id of the fund flow it cancels (values copied by the trigger). '
    'NULL on ordinary rows.';
COMMENT ON INDEX auxeira.fund_cash_flows_reverses_key IS
    'A fund flow is reversed at most once; serves the "is this flow reversed" look-up.';

-- Comments of existing columns and tables that changed meaning.
COMMENT ON COLUMN auxeira.investments.irr IS
    'Internal rate of return, annualised, as a fraction: 0.25 = 25 % a year, -0.5 = -50 %, -1 = '
    'a total loss; >= -1. Unconstrained precision because venture IRRs can exceed 999 %. NULL = '
    'not computed, or a holding younger than 365 days (never annualised; see '
    'auxeira.investment_performance.since_inception_return).';
COMMENT ON COLUMN auxeira.investments.moic IS
    'Multiple on invested capital: (distributed + residual value) / paid-in (deal fees '
    'included in cost, gross of fund fees; equal to tvpi for one holding); 1.0 = money back, '
    '>= 0. NULL = not computed.';
COMMENT ON COLUMN auxeira.investments.exit_date IS
    'Date of exit (or of the write-off): the holding''s value is its proceeds receivable (or 0 '
    'after a write-off) from this date. Required when status is exited or written-off '
    '(investments_written_off_date_check, 0011); never before investment_date. NULL = active.';
COMMENT ON COLUMN auxeira.portfolio_metrics.portfolio_irr IS
    'Portfolio internal rate of return, annualised, as a fraction: 0.25 = 25 % a year, -1 = a '
    'total loss; >= -1. Unconstrained precision. NULL = not computed (e.g. too few cash flows) '
    'or a portfolio whose flows span less than 365 days (never annualised).';
COMMENT ON COLUMN auxeira.funds.currency IS
    'ISO 4217 code of the fund currency (currencies.code, foreign key added in 0011): the '
    'reporting currency of the fund''s figures and the default currency of its investments and '
    'fund cash flows.';
COMMENT ON TABLE auxeira.investment_cash_flows IS
    'Dated cash flows of each investment, from the investor''s side: the first cheque '
    '(contribution), later cheques (follow_on), deal fees paid (fee) and cash received '
    '(distribution: exit proceeds, dividends, secondary sales). Amounts are positive; the type '
    'gives the direction. Append-only and bitemporal (0011): a wrong entry is cancelled by a '
    'reversal row (reverses = its id) and re-entered; created_at is the knowledge time that '
    'as_reported figures filter on. IRR, MOIC, TVPI, DPI and RVPI are computed from these rows '
    'plus the valuation marks (sql/functions/040_performance.sql).';
COMMENT ON COLUMN auxeira.investment_cash_flows.amount IS
    'Amount in the row''s currency (column currency), always > 0; the direction comes from '
    'flow_type.';
COMMENT ON COLUMN auxeira.investment_cash_flows.created_at IS
    'When the row was entered (knowledge time; set to now() for services by trigger '
    'investment_cash_flows_ledger_entry).';
COMMENT ON TABLE auxeira.valuation_marks IS
    'Fair-value marks of each holding over time. Append-only and bitemporal (0011): a mark '
    'is restated by recording another mark for the same day (the latest recorded wins) and '
    'withdrawn by a reversal row (reverses). The residual value of a holding as of a date is '
    'its latest mark on or before that date rolled forward by the capital paid in and the '
    'distributions since (sql/functions/040_performance.sql); a holding never marked is '
    'rolled forward from cost.';
COMMENT ON COLUMN auxeira.valuation_marks.holding_value IS
    'Fair value of the investor''s stake (not of the whole company) in the row''s currency, '
    '>= 0.';
COMMENT ON COLUMN auxeira.valuation_marks.created_at IS
    'When the mark was entered (knowledge time; set to now() for services by trigger '
    'valuation_marks_ledger_entry). Of two marks of one day, the later entered wins.';
COMMENT ON COLUMN auxeira.fund_cash_flows.amount IS
    'Amount in the row''s currency (column currency, by default the fund''s), always > 0; the '
    'direction comes from flow_type.';
COMMENT ON COLUMN auxeira.fund_cash_flows.created_at IS
    'When the row was entered (knowledge time; set to now() for services by trigger '
    'fund_cash_flows_ledger_entry).';

-- 4. Append-only history for services (sql/security/010_row_level_security.sql) -------------

DROP POLICY investment_cash_flows_investor_update ON auxeira.investment_cash_flows;
DROP POLICY investment_cash_flows_investor_delete ON auxeira.investment_cash_flows;
DROP POLICY valuation_marks_investor_update ON auxeira.valuation_marks;
DROP POLICY valuation_marks_investor_delete ON auxeira.valuation_marks;
DROP POLICY fund_cash_flows_manager_update ON auxeira.fund_cash_flows;
DROP POLICY fund_cash_flows_manager_delete ON auxeira.fund_cash_flows;

-- 5. Functions (sql/functions/090_fx.sql, 095_ledger.sql, 040_performance.sql) --------------

CREATE FUNCTION auxeira.fx_rate(
    from_currency text, to_currency text, on_date date, as_reported timestamptz DEFAULT NULL)
    RETURNS numeric
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    known timestamptz := coalesce(as_reported, 'infinity');
    found_rate numeric;
BEGIN
    IF from_currency IS NULL OR to_currency IS NULL OR on_date IS NULL THEN
        RAISE EXCEPTION 'fx_rate needs two currencies and a date'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF from_currency = to_currency THEN
        RETURN 1;
    END IF;
    -- Each look-up is one index probe of fx_rates_pair_date_recorded_key (plans cached by
    -- PL/pgSQL): the latest fixing of the window, the latest recording of that fixing.
    -- 1. direct
    SELECT r.rate INTO found_rate
    FROM auxeira.fx_rates AS r
    WHERE r.base = from_currency AND r.quote = to_currency
      AND r.rate_date <= on_date AND r.rate_date > on_date - 7 AND r.recorded_at <= known
    ORDER BY r.rate_date DESC, r.recorded_at DESC
    LIMIT 1;
    IF found_rate IS NOT NULL THEN
        RETURN found_rate;
    END IF;
    -- 2. inverse
    SELECT 1 / r.rate INTO found_rate
    FROM auxeira.fx_rates AS r
    WHERE r.base = to_currency AND r.quote = from_currency
      AND r.rate_date <= on_date AND r.rate_date > on_date - 7 AND r.recorded_at <= known
    ORDER BY r.rate_date DESC, r.recorded_at DESC
    LIMIT 1;
    IF found_rate IS NOT NULL THEN
        RETURN found_rate;
    END IF;
    -- 3. crossed through a common base (EUR/USD and EUR/NGN give USD/NGN)
    SELECT t.rate / f.rate INTO found_rate
    FROM (SELECT DISTINCT x.base FROM auxeira.fx_rates AS x
          WHERE x.quote = from_currency AND x.rate_date <= on_date
            AND x.rate_date > on_date - 7) AS pivot
    CROSS JOIN LATERAL (
        SELECT r.rate FROM auxeira.fx_rates AS r
        WHERE r.base = pivot.base AND r.quote = from_currency
          AND r.rate_date <= on_date AND r.rate_date > on_date - 7 AND r.recorded_at <= known
        ORDER BY r.rate_date DESC, r.recorded_at DESC
        LIMIT 1
    ) AS f
    CROSS JOIN LATERAL (
        SELECT r.rate FROM auxeira.fx_rates AS r
        WHERE r.base = pivot.base AND r.quote = to_currency
          AND r.rate_date <= on_date AND r.rate_date > on_date - 7 AND r.recorded_at <= known
        ORDER BY r.rate_date DESC, r.recorded_at DESC
        LIMIT 1
    ) AS t
    ORDER BY pivot.base
    LIMIT 1;
    IF found_rate IS NULL THEN
        RAISE EXCEPTION 'no % to % exchange rate on % or in the 7 days before it',
                from_currency, to_currency, on_date
            USING ERRCODE = 'no_data_found',
                  HINT = 'load rates with `auxeira-db fx import FILE` (table auxeira.fx_rates)';
    END IF;
    RETURN found_rate;
END
$$;

COMMENT ON FUNCTION auxeira.fx_rate(text, text, date, timestamptz) IS
    'Units of to_currency per unit of from_currency on a day: the latest fixing on or before '
    'it (at most 7 days old), as recorded by as_reported (NULL = now); direct, inverse or '
    'crossed through a common base. 1 for the same currency. No rate raises no_data_found '
    '(P0002) naming the pair and the day. Rules in sql/functions/090_fx.sql.';

CREATE FUNCTION auxeira.fx_convert(
    amount numeric, from_currency text, to_currency text, on_date date,
    as_reported timestamptz DEFAULT NULL)
    RETURNS numeric
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE
               WHEN fx_convert.from_currency = fx_convert.to_currency THEN fx_convert.amount
               ELSE round(fx_convert.amount * auxeira.fx_rate(
                   fx_convert.from_currency, fx_convert.to_currency, fx_convert.on_date,
                   fx_convert.as_reported), 2)
           END
$$;

COMMENT ON FUNCTION auxeira.fx_convert(numeric, text, text, date, timestamptz) IS
    'amount in from_currency converted to to_currency at the rate of on_date (auxeira.fx_rate), '
    'rounded to cents as a booked amount; the amount unchanged for the same currency.';

CREATE FUNCTION auxeira.ledger_entry()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parent_currency text;
    parent_date date;
    entry_date date;
    original record;
    seen integer;
BEGIN
    IF TG_TABLE_NAME = 'investments' THEN
        IF TG_OP = 'INSERT' THEN
            IF NEW.currency IS NULL THEN
                NEW.currency := coalesce(
                    (SELECT f.currency FROM auxeira.funds AS f WHERE f.id = NEW.fund_id), 'USD');
            END IF;
            IF NOT auxeira.acting_as_platform() THEN
                -- services never choose a knowledge time: it is when they write
                NEW.exit_recorded_at := CASE WHEN NEW.status <> 'active' THEN now() END;
            ELSIF NEW.status <> 'active' AND NEW.exit_recorded_at IS NULL THEN
                NEW.exit_recorded_at := now();
            END IF;
        ELSE
            IF NEW.currency IS DISTINCT FROM OLD.currency AND NOT auxeira.acting_as_platform() THEN
                RAISE EXCEPTION 'the currency of investment % cannot change once recorded', OLD.id
                    USING ERRCODE = 'check_violation';
            END IF;
            IF (NEW.status, NEW.exit_date, NEW.exit_proceeds)
               IS DISTINCT FROM (OLD.status, OLD.exit_date, OLD.exit_proceeds) THEN
                IF NEW.exit_recorded_at IS NOT DISTINCT FROM OLD.exit_recorded_at
                   OR NOT auxeira.acting_as_platform() THEN
                    NEW.exit_recorded_at := now();
                END IF;
            ELSIF NOT auxeira.acting_as_platform() THEN
                NEW.exit_recorded_at := OLD.exit_recorded_at;
            END IF;
        END IF;
        RETURN NEW;
    END IF;

    IF NOT auxeira.acting_as_platform() THEN
        NEW.created_at := now();
    END IF;

    IF NEW.reverses IS NOT NULL THEN
        EXECUTE format('SELECT * FROM auxeira.%I WHERE id = $1', TG_TABLE_NAME)
            INTO original USING NEW.reverses;
        GET DIAGNOSTICS seen = ROW_COUNT;
        IF seen = 0 THEN
            RAISE EXCEPTION 'no % row % to reverse (it does not exist or is not yours)',
                    TG_TABLE_NAME, NEW.reverses
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF original.reverses IS NOT NULL THEN
            RAISE EXCEPTION '% row % is itself a reversal and cannot be reversed',
                    TG_TABLE_NAME, NEW.reverses
                USING ERRCODE = 'check_violation';
        END IF;
        -- a reversal is the original, negated by its meaning: copy every value
        IF TG_TABLE_NAME = 'valuation_marks' THEN
            NEW.investment_id := original.investment_id;
            NEW.mark_date := original.mark_date;
            NEW.holding_value := original.holding_value;
            NEW.company_valuation := original.company_valuation;
            NEW.source := original.source;
        ELSIF TG_TABLE_NAME = 'investment_cash_flows' THEN
            NEW.investment_id := original.investment_id;
            NEW.flow_date := original.flow_date;
            NEW.flow_type := original.flow_type;
            NEW.amount := original.amount;
        ELSE
            NEW.fund_id := original.fund_id;
            NEW.flow_date := original.flow_date;
            NEW.flow_type := original.flow_type;
            NEW.amount := original.amount;
        END IF;
        NEW.currency := original.currency;
        RETURN NEW;
    END IF;

    IF TG_TABLE_NAME = 'fund_cash_flows' THEN
        -- fund flows may precede the vintage year (set-up costs): no date check
        SELECT f.currency INTO parent_currency FROM auxeira.funds AS f WHERE f.id = NEW.fund_id;
        entry_date := NEW.flow_date;
    ELSE
        SELECT i.currency, i.investment_date INTO parent_currency, parent_date
        FROM auxeira.investments AS i
        WHERE i.id = NEW.investment_id;
        IF TG_TABLE_NAME = 'valuation_marks' THEN
            entry_date := NEW.mark_date;
        ELSE
            entry_date := NEW.flow_date;
        END IF;
    END IF;
    IF parent_currency IS NULL THEN
        -- not visible (or not there): the foreign key and the policies give the error
        RETURN NEW;
    END IF;
    NEW.currency := coalesce(NEW.currency, parent_currency);
    IF TG_TABLE_NAME = 'valuation_marks' AND entry_date < parent_date THEN
        RAISE EXCEPTION 'a mark dated % precedes its investment (made on %)',
                entry_date, parent_date
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.currency <> parent_currency THEN
        -- raises no_data_found, naming the pair and the day, when there is no rate
        PERFORM auxeira.fx_rate(NEW.currency, parent_currency, entry_date);
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.ledger_entry() IS
    'BEFORE trigger of investments, investment_cash_flows, valuation_marks and fund_cash_flows: '
    'currency defaults, the exchange-rate, mark-date and reversal checks, knowledge time '
    '(created_at, exit_recorded_at). SECURITY INVOKER on purpose: a reversal must name a row '
    'the caller can see. The rules are in sql/functions/095_ledger.sql.';

CREATE FUNCTION auxeira.holding_step(state numeric[], kind text, native numeric, reporting numeric)
    RETURNS numeric[]
    LANGUAGE plpgsql
    IMMUTABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    fraction numeric;
    released numeric;
BEGIN
    -- state: {value in the holding currency, cost still held, cost released so far}
    CASE kind
        WHEN 'in' THEN
            RETURN ARRAY[state[1] + native, state[2] + reporting, state[3]];
        WHEN 'fee' THEN
            RETURN ARRAY[state[1], state[2] + reporting, state[3]];
        WHEN 'out' THEN
            fraction := CASE WHEN state[1] > 0 THEN least(1, native / state[1]) ELSE 1 END;
            released := round(state[2] * fraction, 2);
            RETURN ARRAY[greatest(state[1] - native, 0), state[2] - released, state[3] + released];
        WHEN 'mark' THEN
            RETURN ARRAY[native, state[2], state[3]];
        WHEN 'settle' THEN
            RETURN state;
        WHEN 'close' THEN
            RETURN ARRAY[0, 0, state[3] + state[2]];
        ELSE
            RAISE EXCEPTION 'holding_step: unknown event kind %', kind
                USING ERRCODE = 'invalid_parameter_value';
    END CASE;
END
$$;

COMMENT ON FUNCTION auxeira.holding_step(numeric[], text, numeric, numeric) IS
    'Transition of auxeira.holding_rollforward: applies one ledger event (in = capital paid in, '
    'fee = deal fee, out = distribution selling part of the holding, settle = a distribution '
    'paying an exit''s proceeds (no change), mark = a valuation, close = exit or write-off) to the '
    'state {value rolled forward (holding currency), cost still held, cost released (reporting '
    'currency)}. The rules are at the top of sql/functions/040_performance.sql.';

CREATE AGGREGATE auxeira.holding_rollforward(kind text, native numeric, reporting numeric) (
    SFUNC = auxeira.holding_step,
    STYPE = numeric[],
    INITCOND = '{0,0,0}'
);

COMMENT ON AGGREGATE auxeira.holding_rollforward(text, numeric, numeric) IS
    'Rolls a holding''s value forward from its marks and releases its cost at each sale; use '
    'with ORDER BY event date, then in/fee before out before mark before close. Returns {value, '
    'cost still held, cost released}; as a window aggregate, the state after each event (the '
    'cost basis of each realisation, used by the angel tax report).';

CREATE FUNCTION auxeira.checked_currency(code text)
    RETURNS text
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF code IS NOT NULL
       AND NOT EXISTS (SELECT FROM auxeira.currencies AS c WHERE c.code = checked_currency.code)
    THEN
        RAISE EXCEPTION 'unknown currency "%": not an ISO 4217 code of auxeira.currencies', code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN code;
END
$$;

COMMENT ON FUNCTION auxeira.checked_currency(text) IS
    'Returns a reporting currency a caller named (NULL passes through), or raises '
    'invalid_parameter_value naming it when it is not in auxeira.currencies.';

CREATE FUNCTION auxeira.investor_reporting_currency(investor uuid)
    RETURNS varchar
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN min(i.currency) = max(i.currency) THEN min(i.currency) ELSE 'USD' END
    FROM auxeira.investments AS i
    WHERE i.investor_id = investor_reporting_currency.investor
$$;

COMMENT ON FUNCTION auxeira.investor_reporting_currency(uuid) IS
    'The currency an investor''s portfolio is reported in when the caller names none: the '
    'currency of all their holdings when they share one, else USD (the platform''s); NULL for '
    'an investor without (visible) investments.';

CREATE FUNCTION auxeira.holding_events(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL,
    fund uuid DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        fund_id uuid,
        investment_date date,
        holding_currency varchar,
        currency varchar,
        terminal text,
        exit_date date,
        exit_proceeds numeric,
        event_date date,
        event_order integer,
        kind text,
        flow_type text,
        native numeric,
        reporting numeric,
        final_mark boolean,
        state numeric[]
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        -- Every CTE is materialized and carries the investment's columns along: the planner cannot
        -- estimate the rows of these CTEs, and a join back to `inv` became a nested loop that
        -- re-ran the ledger once per investment.
        WITH wanted AS (
            SELECT auxeira.checked_currency(holding_events.reporting_currency) AS currency
        ),
        inv AS MATERIALIZED (
            SELECT i.id, i.investor_id, i.company_id, i.fund_id, i.investment_date, i.amount,
                   i.currency AS hc, i.exit_date, i.exit_proceeds,
                   coalesce(w.currency, i.currency)::varchar AS rc,
                   CASE WHEN i.status IN ('exited', 'written-off')
                             AND i.exit_date <= holding_events.as_of
                             AND coalesce(i.exit_recorded_at, '-infinity')
                                 <= coalesce(holding_events.as_reported, 'infinity')
                        THEN i.status::text END AS terminal,
                   NOT EXISTS (SELECT FROM auxeira.investment_cash_flows AS x
                               WHERE x.investment_id = i.id) AS no_flows
            FROM (
                -- one branch per filter, each with a one-time condition, so that a call for one
                -- investor or one fund reads that tenant's rows by index (an OR of the parameters
                -- would scan the whole table for every call)
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investor IS NOT NULL AND x.investor_id = holding_events.investor
                UNION ALL
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investor IS NULL AND holding_events.fund IS NOT NULL
                  AND x.fund_id = holding_events.fund
                UNION ALL
                SELECT x.* FROM auxeira.investments AS x
                WHERE holding_events.investor IS NULL AND holding_events.fund IS NULL
            ) AS i
            CROSS JOIN wanted AS w
            WHERE i.investment_date <= holding_events.as_of
              AND i.created_at <= coalesce(holding_events.as_reported, 'infinity')
              AND (holding_events.fund IS NULL OR i.fund_id = holding_events.fund)
        ),
        -- the ledger as known: live flows, converted at the rate of their date
        flows AS MATERIALIZED (
            SELECT v.*, f.flow_date, f.flow_type::text AS flow_type,
                   CASE WHEN f.currency = v.hc THEN f.amount
                        ELSE round(f.amount * auxeira.fx_rate(f.currency, v.hc, f.flow_date,
                                                              holding_events.as_reported), 2)
                   END AS native,
                   CASE WHEN f.currency = v.rc THEN f.amount
                        ELSE round(f.amount * auxeira.fx_rate(f.currency, v.rc, f.flow_date,
                                                              holding_events.as_reported), 2)
                   END AS reporting
            FROM inv AS v
            JOIN auxeira.investment_cash_flows AS f ON f.investment_id = v.id
            WHERE f.flow_date <= holding_events.as_of
              AND f.reverses IS NULL
              AND f.created_at <= coalesce(holding_events.as_reported, 'infinity')
              AND NOT EXISTS (
                  SELECT FROM auxeira.investment_cash_flows AS r
                  WHERE r.reverses = f.id
                    AND r.reverses IS NOT NULL
                    AND r.created_at <= coalesce(holding_events.as_reported, 'infinity'))
            UNION ALL
            -- the specification's single amount, for investments without cash-flow rows
            SELECT v.*, v.investment_date, 'contribution', v.amount,
                   CASE WHEN v.hc = v.rc THEN v.amount
                        ELSE round(v.amount * auxeira.fx_rate(v.hc, v.rc, v.investment_date,
                                                              holding_events.as_reported), 2)
                   END
            FROM inv AS v
            WHERE v.no_flows
        ),
        -- the marks that matter: the latest on or before as_of, and the latest strictly before
        -- each distribution (the value a partial sale is measured against)
        marks AS MATERIALIZED (
            SELECT q.*, m.mark_date,
                   CASE WHEN m.currency = q.hc THEN m.holding_value
                        ELSE round(m.holding_value * auxeira.fx_rate(
                            m.currency, q.hc, m.mark_date, holding_events.as_reported), 2)
                   END AS native
            FROM (
                SELECT v.*, holding_events.as_of AS upto, true AS final
                FROM inv AS v
                UNION ALL
                SELECT fl.id, fl.investor_id, fl.company_id, fl.fund_id, fl.investment_date,
                       fl.amount, fl.hc, fl.exit_date, fl.exit_proceeds, fl.rc, fl.terminal,
                       fl.no_flows, fl.flow_date - 1, false
                FROM flows AS fl
                WHERE fl.flow_type = 'distribution'
            ) AS q
            CROSS JOIN LATERAL (
                SELECT mk.mark_date, mk.holding_value, mk.currency
                FROM auxeira.valuation_marks AS mk
                WHERE mk.investment_id = q.id
                  AND mk.reverses IS NULL
                  AND mk.mark_date <= q.upto
                  AND mk.created_at <= coalesce(holding_events.as_reported, 'infinity')
                  AND NOT EXISTS (
                      SELECT FROM auxeira.valuation_marks AS r
                      WHERE r.reverses = mk.id
                        AND r.reverses IS NOT NULL
                        AND r.created_at <= coalesce(holding_events.as_reported, 'infinity'))
                ORDER BY mk.mark_date DESC, mk.created_at DESC
                LIMIT 1
            ) AS m
        ),
        events AS MATERIALIZED (
            SELECT fl.id, fl.investor_id, fl.company_id, fl.fund_id, fl.investment_date, fl.hc,
                   fl.rc, fl.terminal, fl.exit_date, fl.exit_proceeds,
                   fl.flow_date AS event_date,
                   CASE WHEN fl.flow_type = 'distribution' THEN 1 ELSE 0 END AS event_order,
                   CASE WHEN fl.flow_type = 'fee' THEN 'fee'
                        WHEN fl.flow_type <> 'distribution' THEN 'in'
                        -- after an exit or write-off, distributions pay its proceeds: no sale
                        WHEN fl.terminal IS NOT NULL AND fl.flow_date >= fl.exit_date THEN 'settle'
                        ELSE 'out' END AS kind,
                   fl.flow_type, fl.native, fl.reporting, false AS final_mark
            FROM flows AS fl
            UNION ALL
            SELECT mk.id, mk.investor_id, mk.company_id, mk.fund_id, mk.investment_date, mk.hc,
                   mk.rc, mk.terminal, mk.exit_date, mk.exit_proceeds,
                   mk.mark_date, 2, 'mark', NULL, mk.native, 0, mk.final
            FROM marks AS mk
            UNION ALL
            SELECT v.id, v.investor_id, v.company_id, v.fund_id, v.investment_date, v.hc, v.rc,
                   v.terminal, v.exit_date, v.exit_proceeds,
                   v.exit_date, 3, 'close', NULL, 0, 0, false
            FROM inv AS v
            WHERE v.terminal IS NOT NULL
        )
        SELECT e.id, e.investor_id, e.company_id, e.fund_id, e.investment_date, e.hc, e.rc,
               e.terminal, e.exit_date, e.exit_proceeds,
               e.event_date, e.event_order, e.kind, e.flow_type, e.native, e.reporting, e.final_mark,
               auxeira.holding_rollforward(e.kind, e.native, e.reporting) OVER (
                   PARTITION BY e.id
                   ORDER BY e.event_date, e.event_order, e.native DESC
                   ROWS UNBOUNDED PRECEDING)
        FROM events AS e;
END
$$;

COMMENT ON FUNCTION auxeira.holding_events(date, timestamptz, text, uuid, uuid) IS
    'The ledger of each investment visible to the caller (optionally one investor''s or one '
    'fund''s) as of a date and as recorded by a knowledge time, as ordered events with the '
    'running state of auxeira.holding_rollforward after each: in, fee, out (a sale before any '
    'exit), settle (a distribution paying an exit''s proceeds), mark (only the marks that '
    'matter: the last one, and the last before each sale) and close (the exit or write-off). '
    'native is in the holding currency, reporting in the reporting currency (the caller''s, '
    'else the holding''s). The single source of investment_performance and of every '
    'realisation (auxeira.investment_realisations).';

CREATE FUNCTION auxeira.investment_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL,
    fund uuid DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        fund_id uuid,
        status varchar,
        investment_date date,
        currency varchar,
        holding_currency varchar,
        invested numeric,
        fees numeric,
        paid_in numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        value_basis text,
        mark_date date,
        mark_age_days integer,
        cost_held numeric,
        moic numeric,
        tvpi numeric,
        dpi numeric,
        rvpi numeric,
        irr double precision,
        since_inception_return double precision,
        holding_days integer,
        short_holding boolean,
        realized_return numeric,
        paper_return numeric,
        period_start date,
        period_end date,
        cash_flow_dates date[],
        cash_flow_amounts numeric[]
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        WITH ev AS MATERIALIZED (
            SELECT *
            FROM auxeira.holding_events(
                investment_performance.as_of, investment_performance.as_reported,
                investment_performance.reporting_currency, investment_performance.investor,
                investment_performance.fund)
        ),
        per AS (
            SELECT e.investment_id, e.investor_id, e.company_id, e.fund_id, e.investment_date,
                   e.holding_currency AS hc, e.currency AS rc, e.terminal, e.exit_date,
                   e.exit_proceeds,
                   coalesce(sum(e.reporting) FILTER (WHERE e.kind = 'in'), 0) AS invested,
                   coalesce(sum(e.reporting) FILTER (WHERE e.kind = 'fee'), 0) AS fees,
                   coalesce(sum(e.reporting) FILTER (WHERE e.flow_type = 'distribution'), 0)
                       AS distributed,
                   coalesce(sum(e.native) FILTER (WHERE e.kind = 'settle'), 0) AS settled,
                   min(e.event_date) FILTER (WHERE e.kind IN ('in', 'fee')) AS first_paid,
                   max(e.event_date) FILTER (WHERE e.flow_type IS NOT NULL) AS last_flow,
                   array_agg(e.event_date ORDER BY e.event_date)
                       FILTER (WHERE e.flow_type IS NOT NULL) AS dates,
                   array_agg(CASE WHEN e.flow_type = 'distribution' THEN e.reporting
                                  ELSE -e.reporting END ORDER BY e.event_date)
                       FILTER (WHERE e.flow_type IS NOT NULL) AS amounts,
                   max(e.event_date) FILTER (WHERE e.final_mark) AS mark_date,
                   -- the state after the last event: the value rolled forward and the cost held
                   (array_agg(e.state[1] ORDER BY e.event_date DESC, e.event_order DESC,
                                                  e.native ASC))[1] AS value_now,
                   (array_agg(e.state[2] ORDER BY e.event_date DESC, e.event_order DESC,
                                                  e.native ASC))[1] AS cost_now
            FROM ev AS e
            GROUP BY e.investment_id, e.investor_id, e.company_id, e.fund_id, e.investment_date,
                     e.holding_currency, e.currency, e.terminal, e.exit_date, e.exit_proceeds
        ),
        valued AS (
            SELECT w.*,
                   w.invested + w.fees AS paid,
                   CASE WHEN w.terminal = 'written-off' THEN 0
                        WHEN w.terminal = 'exited'
                            THEN greatest(coalesce(w.exit_proceeds, 0) - w.settled, 0)
                        ELSE greatest(w.value_now, 0)
                   END AS residual_native,
                   CASE WHEN w.terminal IS NULL THEN w.cost_now ELSE 0 END AS held
            FROM per AS w
        ),
        converted AS (
            SELECT w.*,
                   CASE WHEN w.residual_native = 0 OR w.hc = w.rc THEN w.residual_native
                        ELSE round(w.residual_native * auxeira.fx_rate(
                            w.hc, w.rc, investment_performance.as_of,
                            investment_performance.as_reported), 2)
                   END AS residual
            FROM valued AS w
        ),
        series AS (
            SELECT c.*,
                   CASE WHEN c.residual > 0 THEN c.dates || investment_performance.as_of
                        ELSE c.dates END AS irr_dates,
                   CASE WHEN c.residual > 0 THEN c.amounts || c.residual
                        ELSE c.amounts END AS irr_amounts,
                   CASE WHEN c.residual > 0 THEN investment_performance.as_of
                        WHEN c.terminal IS NOT NULL THEN greatest(c.exit_date, c.last_flow)
                        ELSE c.last_flow END AS ends
            FROM converted AS c
        ),
        rated AS (
            SELECT s.*,
                   auxeira.xirr(s.irr_amounts, s.irr_dates) AS raw_irr,
                   s.ends - coalesce(s.first_paid, s.investment_date) AS days,
                   CASE WHEN s.terminal IS NULL THEN s.residual - s.held ELSE 0 END AS paper
            FROM series AS s
        )
        SELECT r.investment_id, r.investor_id, r.company_id, r.fund_id,
               coalesce(r.terminal, 'active')::varchar,
               r.investment_date,
               r.rc,
               r.hc,
               r.invested, r.fees, r.paid, r.distributed, r.residual, r.distributed + r.residual,
               CASE WHEN r.terminal = 'written-off' THEN 'written-off'
                    WHEN r.terminal = 'exited' THEN 'exit proceeds'
                    WHEN r.mark_date IS NOT NULL THEN 'mark'
                    ELSE 'cost' END,
               r.mark_date,
               investment_performance.as_of - r.mark_date,
               r.held,
               round((r.distributed + r.residual) / NULLIF(r.paid, 0), 6),
               round((r.distributed + r.residual) / NULLIF(r.paid, 0), 6),
               round(r.distributed / NULLIF(r.paid, 0), 6),
               round(r.residual / NULLIF(r.paid, 0), 6),
               CASE WHEN r.days < 365 THEN NULL
                    WHEN r.raw_irr IS NOT NULL THEN r.raw_irr
                    WHEN r.paid > 0 AND r.distributed + r.residual = 0 THEN -1 END,
               CASE WHEN r.raw_irr IS NOT NULL AND r.days > 0
                        THEN power(1 + r.raw_irr, r.days / 365.0) - 1
                    WHEN r.paid > 0
                        THEN ((r.distributed + r.residual) / r.paid - 1)::double precision
               END,
               r.days,
               r.days < 365,
               round(r.distributed + r.residual - r.paid - r.paper, 2),
               round(r.paper, 2),
               coalesce(r.first_paid, r.investment_date),
               r.ends,
               r.irr_dates,
               r.irr_amounts
        FROM rated AS r;
END
$$;

COMMENT ON FUNCTION auxeira.investment_performance(date, timestamptz, text, uuid, uuid) IS
    'Per investment visible to the caller (optionally one investor''s or one fund''s), as of an '
    'economic date and as recorded by a knowledge time (NULL = now), in one reporting currency '
    '(the caller''s, else the holding''s own): invested, fees, paid-in, distributed, residual '
    'value rolled forward from the last mark (with mark_date, mark_age_days and value_basis: '
    'mark, cost, exit proceeds, written-off), cost still held, MOIC = TVPI, DPI, RVPI (all on '
    'paid-in, gross of fund fees), IRR annualised only for holdings of 365 days or more '
    '(since_inception_return and short_holding otherwise), realised and paper gain (average '
    'cost), and the IRR''s dated flow series. Definitions in sql/functions/040_performance.sql.';

CREATE FUNCTION auxeira.investment_realisations(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        currency varchar,
        event_date date,
        event_type text,
        proceeds numeric,
        cost_basis numeric,
        gain numeric,
        acquired_on date
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        WITH ev AS MATERIALIZED (
            SELECT e.*,
                   e.state[3] - coalesce(lag(e.state[3]) OVER w, 0) AS released,
                   sum(e.reporting) FILTER (WHERE e.kind = 'settle')
                       OVER (PARTITION BY e.investment_id) AS settled_reporting,
                   sum(e.native) FILTER (WHERE e.kind = 'settle')
                       OVER (PARTITION BY e.investment_id) AS settled_native,
                   min(e.event_date) FILTER (WHERE e.kind IN ('in', 'fee'))
                       OVER (PARTITION BY e.investment_id) AS first_paid
            FROM auxeira.holding_events(
                investment_realisations.as_of, investment_realisations.as_reported,
                investment_realisations.reporting_currency, investment_realisations.investor) AS e
            WINDOW w AS (PARTITION BY e.investment_id
                         ORDER BY e.event_date, e.event_order, e.native DESC
                         ROWS UNBOUNDED PRECEDING)
        ),
        realised AS (
            SELECT e.*,
                   CASE WHEN e.kind = 'out' THEN e.reporting
                        ELSE coalesce(e.settled_reporting, 0)
                             + CASE WHEN e.terminal = 'exited' THEN
                                   auxeira.fx_convert(
                                       greatest(coalesce(e.exit_proceeds, 0)
                                                - coalesce(e.settled_native, 0), 0),
                                       e.holding_currency, e.currency, investment_realisations.as_of,
                                       investment_realisations.as_reported)
                               ELSE 0 END
                   END AS paid_out
            FROM ev AS e
            WHERE e.kind IN ('out', 'close')
        )
        SELECT r.investment_id, r.investor_id, r.company_id, r.currency, r.event_date,
               CASE WHEN r.kind = 'out' THEN 'distribution'
                    WHEN r.terminal = 'exited' THEN 'exit'
                    ELSE 'write-off' END,
               r.paid_out,
               r.released,
               r.paid_out - r.released,
               coalesce(r.first_paid, r.investment_date)
        FROM realised AS r;
END
$$;

COMMENT ON FUNCTION auxeira.investment_realisations(date, timestamptz, text, uuid) IS
    'Every realisation of the investments visible to the caller (optionally one investor''s) '
    'up to a date, as recorded by a knowledge time, in one reporting currency (the caller''s, '
    'else the holding''s): a distribution before any exit (a partial sale: proceeds, the cost '
    'it releases at average cost, gain), and the exit or write-off on its date (all its '
    'proceeds, paid or still receivable, against the cost still held). The one definition of '
    'realised gain: the gains of a holding sum to investment_performance.realized_return.';

CREATE FUNCTION auxeira.portfolio_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    investor uuid DEFAULT NULL)
    RETURNS TABLE (
        investor_id uuid,
        currency varchar,
        investments bigint,
        active_investments bigint,
        exited_investments bigint,
        written_off_investments bigint,
        invested numeric,
        fees numeric,
        paid_in numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        dpi numeric,
        rvpi numeric,
        irr double precision,
        since_inception_return double precision,
        holding_days integer,
        short_holding boolean,
        realized_return numeric,
        paper_return numeric,
        oldest_mark_date date,
        max_mark_age_days integer
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        WITH who AS (
            SELECT portfolio_performance.investor AS investor_id
            WHERE portfolio_performance.investor IS NOT NULL
            UNION ALL
            SELECT DISTINCT i.investor_id
            FROM auxeira.investments AS i
            WHERE portfolio_performance.investor IS NULL
        ),
        perf AS MATERIALIZED (
            SELECT p.*
            FROM who
            CROSS JOIN LATERAL auxeira.investment_performance(
                portfolio_performance.as_of, portfolio_performance.as_reported,
                coalesce(portfolio_performance.reporting_currency,
                         auxeira.investor_reporting_currency(who.investor_id)),
                who.investor_id) AS p
        ),
        pooled AS (
            SELECT p.investor_id, auxeira.xirr(u.amount, u.flow_date) AS raw_irr
            FROM perf AS p
            CROSS JOIN LATERAL unnest(p.cash_flow_amounts, p.cash_flow_dates) AS u(amount, flow_date)
            GROUP BY p.investor_id
        ),
        totals AS (
            SELECT p.investor_id,
                   max(p.currency)::varchar AS currency,
                   count(*) AS n,
                   count(*) FILTER (WHERE p.status = 'active') AS n_active,
                   count(*) FILTER (WHERE p.status = 'exited') AS n_exited,
                   count(*) FILTER (WHERE p.status = 'written-off') AS n_written_off,
                   sum(p.invested) AS invested,
                   sum(p.fees) AS fees,
                   sum(p.paid_in) AS paid_in,
                   sum(p.distributed) AS distributed,
                   sum(p.residual_value) AS residual,
                   sum(p.realized_return) AS realised,
                   sum(p.paper_return) AS paper,
                   max(p.period_end) - min(p.period_start) AS days,
                   min(p.mark_date) FILTER (WHERE p.status = 'active') AS oldest_mark,
                   max(p.mark_age_days) FILTER (WHERE p.status = 'active') AS max_age
            FROM perf AS p
            GROUP BY p.investor_id
        )
        SELECT t.investor_id, t.currency, t.n, t.n_active, t.n_exited, t.n_written_off,
               t.invested, t.fees, t.paid_in, t.distributed, t.residual,
               t.distributed + t.residual,
               round((t.distributed + t.residual) / NULLIF(t.paid_in, 0), 6),
               round((t.distributed + t.residual) / NULLIF(t.paid_in, 0), 6),
               round(t.distributed / NULLIF(t.paid_in, 0), 6),
               round(t.residual / NULLIF(t.paid_in, 0), 6),
               CASE WHEN t.days < 365 THEN NULL
                    WHEN pooled.raw_irr IS NOT NULL THEN pooled.raw_irr
                    WHEN t.paid_in > 0 AND t.distributed + t.residual = 0 THEN -1 END,
               CASE WHEN pooled.raw_irr IS NOT NULL AND t.days > 0
                        THEN power(1 + pooled.raw_irr, t.days / 365.0) - 1
                    WHEN t.paid_in > 0
                        THEN ((t.distributed + t.residual) / t.paid_in - 1)::double precision
               END,
               t.days,
               t.days < 365,
               t.realised,
               t.paper,
               t.oldest_mark,
               t.max_age
        FROM totals AS t
        LEFT JOIN pooled ON pooled.investor_id = t.investor_id;
END
$$;

COMMENT ON FUNCTION auxeira.portfolio_performance(date, timestamptz, text, uuid) IS
    'Per investor (of the investments visible to the caller; optionally one investor), as of '
    'a date and as recorded by a knowledge time, in one reporting currency (the caller''s, else '
    'auxeira.investor_reporting_currency): counts by status, paid-in, distributed, residual '
    'value, MOIC = TVPI, DPI, RVPI, the pooled IRR of all the investor''s flows (annualised only '
    'over 365 days or more; since_inception_return otherwise), realised and paper gain, and the '
    'oldest mark behind an active holding''s value with its age.';

CREATE FUNCTION auxeira.fund_performance(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    reporting_currency text DEFAULT NULL,
    manager uuid DEFAULT NULL)
    RETURNS TABLE (
        fund_id uuid,
        manager_id uuid,
        fund_name varchar,
        vintage_year integer,
        currency varchar,
        committed_capital numeric,
        investments bigint,
        invested numeric,
        deal_fees numeric,
        fund_fees numeric,
        carried_interest numeric,
        paid_in numeric,
        gross_distributed numeric,
        net_distributed numeric,
        residual_value numeric,
        gross_moic numeric,
        gross_tvpi numeric,
        net_tvpi numeric,
        net_dpi numeric,
        net_rvpi numeric,
        gross_irr double precision,
        net_irr double precision,
        short_history boolean,
        unfunded_commitment numeric,
        oldest_mark_date date
    )
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    -- PL/pgSQL so that the plan is cached: planning this query took longer than running it
    RETURN QUERY
        SELECT f.id, f.manager_id, f.name, f.vintage_year, c.rc::varchar, c.committed,
               coalesce(p.n, 0),
               coalesce(p.invested, 0),
               coalesce(p.deal_fees, 0),
               coalesce(ff.fund_fees, 0),
               coalesce(ff.carry, 0),
               t.paid_in,
               coalesce(p.distributed, 0),
               coalesce(p.distributed, 0) - coalesce(ff.carry, 0),
               coalesce(p.residual, 0),
               round((coalesce(p.distributed, 0) + coalesce(p.residual, 0))
                     / NULLIF(coalesce(p.invested, 0) + coalesce(p.deal_fees, 0), 0), 6),
               round((coalesce(p.distributed, 0) + coalesce(p.residual, 0))
                     / NULLIF(coalesce(p.invested, 0) + coalesce(p.deal_fees, 0), 0), 6),
               round((coalesce(p.distributed, 0) - coalesce(ff.carry, 0) + coalesce(p.residual, 0))
                     / NULLIF(t.paid_in, 0), 6),
               round((coalesce(p.distributed, 0) - coalesce(ff.carry, 0)) / NULLIF(t.paid_in, 0), 6),
               round(coalesce(p.residual, 0) / NULLIF(t.paid_in, 0), 6),
               CASE WHEN NOT t.short THEN p.gross_irr END,
               CASE WHEN NOT t.short THEN p.net_irr END,
               t.short,
               greatest(c.committed - t.paid_in, 0),
               p.oldest_mark
        FROM auxeira.funds AS f
        CROSS JOIN LATERAL (
            SELECT r.rc,
                   CASE WHEN f.currency = r.rc THEN f.committed_capital
                        ELSE round(f.committed_capital * auxeira.fx_rate(
                            f.currency, r.rc, fund_performance.as_of,
                            fund_performance.as_reported), 2)
                   END AS committed
            FROM (SELECT coalesce(auxeira.checked_currency(fund_performance.reporting_currency),
                                  f.currency) AS rc) AS r
        ) AS c
        -- fund-level flows, converted at the rate of their date
        LEFT JOIN LATERAL (
            SELECT array_agg(x.flow_date) AS dates,
                   array_agg(-x.amount) AS amounts,
                   min(x.flow_date) AS first_date,
                   sum(x.amount) FILTER (WHERE x.flow_type IN ('management_fee', 'fund_expense'))
                       AS fund_fees,
                   sum(x.amount) FILTER (WHERE x.flow_type = 'carried_interest') AS carry
            FROM (
                SELECT cf.flow_date, cf.flow_type,
                       CASE WHEN cf.currency = c.rc THEN cf.amount
                            ELSE round(cf.amount * auxeira.fx_rate(
                                cf.currency, c.rc, cf.flow_date, fund_performance.as_reported), 2)
                       END AS amount
                FROM auxeira.fund_cash_flows AS cf
                WHERE cf.fund_id = f.id
                  AND cf.flow_date <= fund_performance.as_of
                  AND cf.reverses IS NULL
                  AND cf.created_at <= coalesce(fund_performance.as_reported, 'infinity')
                  AND NOT EXISTS (
                      SELECT FROM auxeira.fund_cash_flows AS r
                      WHERE r.reverses = cf.id
                        AND r.created_at <= coalesce(fund_performance.as_reported, 'infinity'))
            ) AS x
        ) AS ff ON true
        LEFT JOIN LATERAL (
            WITH h AS MATERIALIZED (
                SELECT *
                FROM auxeira.investment_performance(
                    fund_performance.as_of, fund_performance.as_reported, c.rc, NULL, f.id)
            ),
            gross AS (
                SELECT u.amount, u.flow_date
                FROM h
                CROSS JOIN LATERAL unnest(h.cash_flow_amounts, h.cash_flow_dates)
                    AS u(amount, flow_date)
            )
            SELECT count(*) AS n,
                   sum(h.invested) AS invested,
                   sum(h.fees) AS deal_fees,
                   sum(h.distributed) AS distributed,
                   sum(h.residual_value) AS residual,
                   min(h.period_start) AS first_flow,
                   min(h.mark_date) FILTER (WHERE h.status = 'active') AS oldest_mark,
                   (SELECT auxeira.xirr(g.amount, g.flow_date) FROM gross AS g) AS gross_irr,
                   (SELECT auxeira.xirr(n.amount, n.flow_date)
                    FROM (SELECT g.amount, g.flow_date FROM gross AS g
                          UNION ALL
                          SELECT a.amount, a.flow_date
                          FROM unnest(ff.amounts, ff.dates) AS a(amount, flow_date)) AS n) AS net_irr
            FROM h
        ) AS p ON true
        CROSS JOIN LATERAL (
            SELECT coalesce(p.invested, 0) + coalesce(p.deal_fees, 0) + coalesce(ff.fund_fees, 0)
                       AS paid_in,
                   coalesce(fund_performance.as_of - least(p.first_flow, ff.first_date), 0) < 365
                       AS short
        ) AS t
        WHERE fund_performance.manager IS NULL OR f.manager_id = fund_performance.manager;
END
$$;

COMMENT ON FUNCTION auxeira.fund_performance(date, timestamptz, text, uuid) IS
    'Per fund visible to the caller (optionally one manager''s), as of a date and as recorded '
    'by a knowledge time, in the fund''s currency (or the caller''s). Gross figures use the '
    'investments'' flows, deal fees included in cost (gross_moic = gross_tvpi); net figures are '
    'what LPs earn: paid-in adds management fees and fund expenses, distributions lose carried '
    'interest. net_tvpi = net_dpi + net_rvpi (ILPA). IRRs are NULL while the fund''s flows span '
    'less than 365 days (short_history). The residual value is not reduced by accrued (unpaid) '
    'carry: net of accrued carry comes with the LP ledger. unfunded_commitment = committed '
    'capital not yet paid in.';

-- sql/functions/050_metric_snapshots.sql: exit_multiple on the one basis (moic).

CREATE OR REPLACE FUNCTION auxeira.refresh_investment_metrics_scoped(
    as_of date, synthetic_only boolean, investment_ids uuid[])
    RETURNS integer
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    changed integer;
BEGIN
    UPDATE auxeira.investments AS i
    SET irr = p.irr::numeric,
        moic = p.moic,
        tvpi = p.tvpi,
        dpi = p.dpi,
        paper_return = p.paper_return,
        realized_return = p.realized_return,
        exit_multiple = CASE WHEN i.status = 'exited' THEN p.moic END
    FROM auxeira.investment_performance(as_of) AS p
    WHERE p.investment_id = i.id
      AND (i.is_synthetic OR NOT synthetic_only)
      AND (investment_ids IS NULL OR i.id = ANY (investment_ids))
      AND (i.irr, i.moic, i.tvpi, i.dpi, i.paper_return, i.realized_return, i.exit_multiple)
          IS DISTINCT FROM
          (p.irr::numeric, p.moic, p.tvpi, p.dpi, p.paper_return, p.realized_return,
           CASE WHEN i.status = 'exited' THEN p.moic END);
    GET DIAGNOSTICS changed = ROW_COUNT;
    RETURN changed;
END
$$;

COMMENT ON FUNCTION auxeira.refresh_investment_metrics_scoped(date, boolean, uuid[]) IS
    'The one implementation behind refresh_investment_metrics (every investment, or the '
    'synthetic ones) and refresh_investment_metrics_for (the given ids; NULL here = no id '
    'filter): rewrites the stored figures of the rows whose figures changed, returns how many. '
    'SECURITY DEFINER as auxeira_owner; not granted to services.';

COMMENT ON FUNCTION auxeira.refresh_investment_metrics(date, boolean) IS
    'Recomputes the stored irr, moic, tvpi, dpi, paper_return, realized_return and (for exited '
    'investments) exit_multiple of every investment from its cash flows and marks as of a date, '
    'in the investment''s own currency (see investment_performance: irr is NULL for holdings '
    'younger than 365 days, exit_multiple = moic). Only rows whose figures changed are '
    'written; returns how many. With synthetic_only, real investments are left alone. '
    'SECURITY DEFINER as auxeira_owner: a maintenance job, not granted to services.';

-- 6. The readers, rebuilt (sql/views/vc.sql, angel.sql) and the ledger writers
--    (sql/views/investment_ledger.sql) -------------------------------------------------------

CREATE VIEW auxeira_dash.vc_portfolio WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.fund_id,
           f.name AS fund_name,
           p.investment_date,
           p.status,
           p.invested,
           p.fees,
           p.paid_in,
           p.distributed,
           p.residual_value AS value,
           p.total_value,
           p.moic,
           p.tvpi,
           p.dpi,
           p.irr,
           p.realized_return,
           p.paper_return,
           p.currency,
           p.holding_currency,
           p.value_basis,
           p.mark_date,
           p.mark_age_days,
           p.since_inception_return,
           p.short_holding,
           p.holding_days
    FROM auxeira.investment_performance(
        CURRENT_DATE, NULL,
        auxeira.investor_reporting_currency(auxeira.current_user_id()),
        auxeira.current_user_id()) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    LEFT JOIN auxeira.funds AS f ON f.id = p.fund_id
    WHERE p.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.vc_portfolio IS
    'GET /api/dashboard/vc/portfolio (holdings): one row per investment of the current user, '
    'as of today, in the portfolio''s reporting currency (currency; holding_currency is the '
    'cheque''s): company, industry, company stage now and round at entry, fund, status, '
    'invested, value (rolled forward from the last mark: value_basis, mark_date and '
    'mark_age_days say from what), MOIC = TVPI (on paid-in, deal fees in cost), DPI, IRR '
    '(annualised only from 365 days: since_inception_return and short_holding otherwise) and '
    'the realised / paper split (average cost). Rules in sql/functions/040_performance.sql. '
    'security_invoker: row-level security applies to the reader.';

CREATE VIEW auxeira_dash.vc_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.investments,
           t.active_investments,
           t.exited_investments,
           t.written_off_investments,
           t.invested,
           t.fees,
           t.paid_in,
           t.distributed,
           t.residual_value AS value,
           t.total_value,
           t.moic,
           t.tvpi,
           t.dpi,
           t.rvpi,
           t.irr,
           t.realized_return,
           t.paper_return,
           snap.metric_date AS snapshot_date,
           snap.unicorn_count,
           snap.top_quartile_count,
           t.currency,
           t.since_inception_return,
           t.short_holding,
           t.oldest_mark_date,
           t.max_mark_age_days
    FROM auxeira.portfolio_performance(CURRENT_DATE, NULL, NULL, auxeira.current_user_id()) AS t
    LEFT JOIN LATERAL (
        SELECT m.metric_date, m.unicorn_count, m.top_quartile_count
        FROM auxeira.portfolio_metrics AS m
        WHERE m.investor_id = t.investor_id
        ORDER BY m.metric_date DESC
        LIMIT 1
    ) AS snap ON true
    WHERE t.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.vc_portfolio_totals IS
    'GET /api/dashboard/vc/portfolio (totals): the current user''s portfolio as of today, one '
    'row (none without investments), in its reporting currency (the currency of all holdings, '
    'else USD): counts by status, invested, value, MOIC, TVPI, DPI, RVPI, the pooled IRR of all '
    'flows (NULL under 365 days: since_inception_return then), the oldest mark behind an active '
    'value and its age, and the unicorn and top-quartile counts of the latest '
    'portfolio_metrics snapshot (NULL when never snapshotted).';

CREATE MATERIALIZED VIEW auxeira_mv.vc_performance AS
    WITH perf AS (
        SELECT p.*, i.investment_round, c.industry, f.name AS fund_name
        FROM (SELECT DISTINCT x.investor_id FROM auxeira.investments AS x) AS who
        CROSS JOIN LATERAL auxeira.investment_performance(
            CURRENT_DATE, NULL, auxeira.investor_reporting_currency(who.investor_id),
            who.investor_id) AS p
        JOIN auxeira.investments AS i ON i.id = p.investment_id
        LEFT JOIN auxeira.companies AS c ON c.id = p.company_id
        LEFT JOIN auxeira.funds AS f ON f.id = p.fund_id
    ),
    grouped AS (
        SELECT perf.*, g.dimension, g.group_key, g.group_label
        FROM perf
        CROSS JOIN LATERAL (
            VALUES
                ('fund', coalesce(perf.fund_id::text, 'direct'),
                 coalesce(perf.fund_name::text, 'Direct investments')),
                ('vintage', extract(year FROM perf.investment_date)::text,
                 extract(year FROM perf.investment_date)::text),
                ('stage', coalesce(perf.investment_round::text, 'unknown'),
                 coalesce(perf.investment_round::text, 'unknown')),
                ('industry', coalesce(perf.industry::text, 'unknown'),
                 coalesce(perf.industry::text, 'unknown'))
        ) AS g(dimension, group_key, group_label)
    ),
    pooled AS (
        SELECT g.investor_id, g.dimension, g.group_key,
               auxeira.xirr(u.amount, u.flow_date) AS irr
        FROM grouped AS g
        CROSS JOIN LATERAL unnest(g.cash_flow_amounts, g.cash_flow_dates) AS u(amount, flow_date)
        GROUP BY g.investor_id, g.dimension, g.group_key
    )
    SELECT g.investor_id,
           g.dimension,
           g.group_key,
           max(g.group_label) AS group_label,
           count(*) AS investments,
           count(DISTINCT g.company_id) AS companies,
           sum(g.invested) AS invested,
           sum(g.fees) AS fees,
           sum(g.paid_in) AS paid_in,
           sum(g.distributed) AS distributed,
           sum(g.residual_value) AS residual_value,
           sum(g.total_value) AS total_value,
           round(sum(g.total_value) / NULLIF(sum(g.paid_in), 0), 6) AS moic,
           round(sum(g.total_value) / NULLIF(sum(g.paid_in), 0), 6) AS tvpi,
           round(sum(g.distributed) / NULLIF(sum(g.paid_in), 0), 6) AS dpi,
           round(sum(g.residual_value) / NULLIF(sum(g.paid_in), 0), 6) AS rvpi,
           CASE WHEN max(g.period_end) - min(g.period_start) >= 365 THEN max(pooled.irr) END
               AS irr,
           CURRENT_DATE AS as_of,
           max(g.currency) AS currency,
           max(g.period_end) - min(g.period_start) < 365 AS short_holding
    FROM grouped AS g
    LEFT JOIN pooled
           ON pooled.investor_id = g.investor_id
          AND pooled.dimension = g.dimension
          AND pooled.group_key = g.group_key
    GROUP BY g.investor_id, g.dimension, g.group_key
    WITH NO DATA;

CREATE UNIQUE INDEX vc_performance_investor_id_dimension_group_key_key
    ON auxeira_mv.vc_performance (investor_id, dimension, group_key);

COMMENT ON MATERIALIZED VIEW auxeira_mv.vc_performance IS
    'Portfolio performance of every investor grouped four ways (dimension fund, vintage = '
    'year of the investment date, stage = round at entry, industry = the company''s), as of '
    'the day of the last refresh: sums of invested, paid-in, distributed and residual value, '
    'MOIC, TVPI, DPI, RVPI and the pooled IRR (auxeira.xirr over all flows of the group). '
    'Every tenant''s rows: read only through auxeira_dash.vc_performance().';
COMMENT ON COLUMN auxeira_mv.vc_performance.investor_id IS 'The investor (users.id).';
COMMENT ON COLUMN auxeira_mv.vc_performance.dimension IS
    'How the group is formed: fund, vintage, stage or industry.';
COMMENT ON COLUMN auxeira_mv.vc_performance.group_key IS
    'The group within the dimension: the fund id (or direct for investments outside a fund), '
    'the vintage year, the round (pre-seed ... series-c+) or the industry; unknown when the '
    'attribute is missing.';
COMMENT ON COLUMN auxeira_mv.vc_performance.group_label IS
    'Display name of the group: the fund name (Direct investments), else the group key.';
COMMENT ON COLUMN auxeira_mv.vc_performance.investments IS 'Investments in the group.';
COMMENT ON COLUMN auxeira_mv.vc_performance.companies IS 'Distinct companies in the group.';
COMMENT ON COLUMN auxeira_mv.vc_performance.invested IS 'Contributions and follow-ons paid.';
COMMENT ON COLUMN auxeira_mv.vc_performance.fees IS 'Deal fees paid.';
COMMENT ON COLUMN auxeira_mv.vc_performance.paid_in IS 'invested + fees.';
COMMENT ON COLUMN auxeira_mv.vc_performance.distributed IS 'Cash received.';
COMMENT ON COLUMN auxeira_mv.vc_performance.residual_value IS
    'Value still held, rolled forward from the last marks (proceeds receivable after an exit, '
    '0 after a write-off).';
COMMENT ON COLUMN auxeira_mv.vc_performance.total_value IS 'distributed + residual_value.';
COMMENT ON COLUMN auxeira_mv.vc_performance.moic IS
    'total_value / paid_in (deal fees in cost, gross of fund fees; equal to tvpi); NULL when '
    'nothing was paid in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.tvpi IS 'total_value / paid_in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.dpi IS 'distributed / paid_in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.rvpi IS 'residual_value / paid_in.';
COMMENT ON COLUMN auxeira_mv.vc_performance.irr IS
    'Pooled IRR of the group''s dated flows with the residual value as a final inflow, as an '
    'annual fraction; NULL when no rate exists or the flows span less than 365 days.';
COMMENT ON COLUMN auxeira_mv.vc_performance.as_of IS
    'The date the figures are as of: the day of the refresh.';
COMMENT ON COLUMN auxeira_mv.vc_performance.currency IS
    'The reporting currency of the money columns: the investor''s '
    '(auxeira.investor_reporting_currency).';
COMMENT ON COLUMN auxeira_mv.vc_performance.short_holding IS
    'true when the group''s flows span less than 365 days: its IRR is not annualised (NULL).';
COMMENT ON INDEX auxeira_mv.vc_performance_investor_id_dimension_group_key_key IS
    'One row per investor, dimension and group; lets REFRESH ... CONCURRENTLY run and serves '
    'the per-investor read of auxeira_dash.vc_performance().';

CREATE FUNCTION auxeira_dash.vc_performance(by text DEFAULT NULL)
    RETURNS TABLE (
        dimension text,
        group_key text,
        group_label text,
        investments bigint,
        companies bigint,
        invested numeric,
        fees numeric,
        paid_in numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        dpi numeric,
        rvpi numeric,
        irr double precision,
        as_of date,
        currency varchar,
        short_holding boolean
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT m.dimension, m.group_key, m.group_label, m.investments, m.companies, m.invested,
           m.fees, m.paid_in, m.distributed, m.residual_value, m.total_value, m.moic, m.tvpi,
           m.dpi, m.rvpi, m.irr, m.as_of, m.currency, m.short_holding
    FROM auxeira_mv.vc_performance AS m
    WHERE m.investor_id = auxeira.current_user_id()
      AND (vc_performance.by IS NULL OR m.dimension = vc_performance.by)
    ORDER BY array_position(ARRAY['fund', 'vintage', 'stage', 'industry'], m.dimension),
             m.group_label
$$;

COMMENT ON FUNCTION auxeira_dash.vc_performance(text) IS
    'GET /api/dashboard/vc/performance: the current user''s IRR, TVPI, DPI and MOIC by fund, '
    'vintage, stage and industry (by = one of them, NULL = all four), from '
    'auxeira_mv.vc_performance as of its last refresh. SECURITY DEFINER (the materialized '
    'view has no row-level security and no grant to auxeira_app): it returns only rows whose '
    'investor is auxeira.current_user_id(), nothing when the tenant is unset.';

CREATE FUNCTION auxeira_dash.vc_lp_report_funds(
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    currency text DEFAULT NULL)
    RETURNS TABLE (
        fund_id uuid,
        fund_name varchar,
        vintage_year integer,
        committed_capital numeric,
        investments bigint,
        invested numeric,
        deal_fees numeric,
        fund_fees numeric,
        carried_interest numeric,
        paid_in numeric,
        gross_distributed numeric,
        net_distributed numeric,
        residual_value numeric,
        gross_moic numeric,
        gross_tvpi numeric,
        net_tvpi numeric,
        net_dpi numeric,
        net_rvpi numeric,
        gross_irr double precision,
        net_irr double precision,
        unfunded_commitment numeric,
        premium_purchased boolean,
        reporting_currency varchar,
        short_history boolean,
        oldest_mark_date date
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.fund_id, p.fund_name, p.vintage_year, p.committed_capital, p.investments,
           p.invested, p.deal_fees, p.fund_fees, p.carried_interest, p.paid_in,
           p.gross_distributed, p.net_distributed, p.residual_value, p.gross_moic,
           p.gross_tvpi, p.net_tvpi, p.net_dpi, p.net_rvpi, p.gross_irr, p.net_irr,
           p.unfunded_commitment,
           EXISTS (SELECT FROM auxeira.lp_report_purchases AS b
                   WHERE b.fund_id = p.fund_id AND b.buyer_id = auxeira.current_user_id()),
           p.currency, p.short_history, p.oldest_mark_date
    FROM auxeira.fund_performance(
        vc_lp_report_funds.as_of, vc_lp_report_funds.as_reported, vc_lp_report_funds.currency,
        auxeira.current_user_id()) AS p
    WHERE p.manager_id = auxeira.current_user_id()
    ORDER BY p.vintage_year, p.fund_name
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report_funds(date, timestamptz, text) IS
    'GET /api/dashboard/vc/lp-report (fund summary): each fund the current user manages, as '
    'of a date (default today) and as reported at a time (default now: what was known then), '
    'in the fund''s currency or the one named (reporting_currency): gross and net figures of '
    'auxeira.fund_performance() (paid-in, distributions before and after carry, residual value, '
    'MOIC, TVPI, DPI, RVPI, IRR, unfunded commitment, short_history when the flows span less '
    'than 365 days, the oldest mark behind a value) and whether its premium LP report was '
    'bought. SECURITY INVOKER: row-level security limits it to the caller''s funds.';

CREATE FUNCTION auxeira_dash.vc_lp_report_schedule(
    fund uuid DEFAULT NULL,
    as_of date DEFAULT CURRENT_DATE,
    as_reported timestamptz DEFAULT NULL,
    currency text DEFAULT NULL)
    RETURNS TABLE (
        fund_id uuid,
        fund_name varchar,
        investment_id uuid,
        company_id uuid,
        company_name varchar,
        industry varchar,
        investment_round varchar,
        investment_date date,
        status varchar,
        invested numeric,
        fees numeric,
        distributed numeric,
        residual_value numeric,
        total_value numeric,
        moic numeric,
        tvpi numeric,
        irr double precision,
        reporting_currency varchar,
        holding_currency varchar,
        value_basis text,
        mark_date date,
        mark_age_days integer,
        since_inception_return double precision,
        short_holding boolean
    )
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT f.id, f.name, p.investment_id, p.company_id, c.name, c.industry, i.investment_round,
           p.investment_date, p.status, p.invested, p.fees, p.distributed, p.residual_value,
           p.total_value, p.moic, p.tvpi, p.irr, p.currency, p.holding_currency, p.value_basis,
           p.mark_date, p.mark_age_days, p.since_inception_return, p.short_holding
    FROM auxeira.funds AS f
    CROSS JOIN LATERAL auxeira.investment_performance(
        vc_lp_report_schedule.as_of, vc_lp_report_schedule.as_reported,
        coalesce(vc_lp_report_schedule.currency, f.currency), auxeira.current_user_id(),
        f.id) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    WHERE f.manager_id = auxeira.current_user_id()
      AND (vc_lp_report_schedule.fund IS NULL OR f.id = vc_lp_report_schedule.fund)
    ORDER BY f.name, p.investment_date, c.name
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report_schedule(uuid, date, timestamptz, text) IS
    'GET /api/dashboard/vc/lp-report (schedule of investments): every investment of the '
    'current user''s funds (or of one fund), as of a date and as reported at a time, in the '
    'fund''s currency (or the one named): company, round, date, status, invested, fees, '
    'distributed, residual value with its basis and mark age, MOIC, TVPI and IRR '
    '(since_inception_return for holdings under 365 days). SECURITY INVOKER.';

CREATE VIEW auxeira_dash.angel_portfolio WITH (security_invoker = true) AS
    SELECT p.investment_id,
           p.company_id,
           c.name AS company_name,
           c.industry,
           c.stage AS company_stage,
           i.investment_round,
           p.investment_date,
           p.status,
           i.equity_percentage,
           p.invested,
           p.fees,
           p.paid_in,
           p.distributed,
           p.residual_value AS value,
           p.total_value,
           p.moic,
           p.tvpi,
           p.dpi,
           p.irr,
           p.realized_return,
           p.paper_return,
           p.currency,
           p.holding_currency,
           p.value_basis,
           p.mark_date,
           p.mark_age_days,
           p.since_inception_return,
           p.short_holding,
           p.holding_days
    FROM auxeira.investment_performance(
        CURRENT_DATE, NULL,
        auxeira.investor_reporting_currency(auxeira.current_user_id()),
        auxeira.current_user_id()) AS p
    JOIN auxeira.investments AS i ON i.id = p.investment_id
    LEFT JOIN auxeira.company_profiles AS c ON c.id = p.company_id
    WHERE p.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.angel_portfolio IS
    'GET /api/dashboard/angel/portfolio (holdings): one row per investment of the current '
    'user, as of today, in the portfolio''s reporting currency (currency; holding_currency is '
    'the cheque''s): company, industry, stage, round, equity at entry, status, invested, value '
    '(rolled forward from the last mark: value_basis, mark_date, mark_age_days), MOIC = TVPI, '
    'DPI, IRR (annualised only from 365 days: since_inception_return otherwise) and the '
    'realised / paper split (average cost). security_invoker: row-level security applies.';

CREATE VIEW auxeira_dash.angel_portfolio_totals WITH (security_invoker = true) AS
    SELECT t.investments,
           t.active_investments,
           t.exited_investments,
           t.written_off_investments,
           t.invested,
           t.fees,
           t.paid_in,
           t.distributed,
           t.residual_value AS value,
           t.total_value,
           t.moic,
           t.tvpi,
           t.dpi,
           t.irr,
           t.realized_return,
           t.paper_return,
           t.currency,
           t.since_inception_return,
           t.short_holding,
           t.oldest_mark_date,
           t.max_mark_age_days
    FROM auxeira.portfolio_performance(CURRENT_DATE, NULL, NULL, auxeira.current_user_id()) AS t
    WHERE t.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.angel_portfolio_totals IS
    'GET /api/dashboard/angel/portfolio (totals): the current user''s portfolio as of today, '
    'one row (none without investments), in its reporting currency: counts by status, '
    'invested, value, MOIC, TVPI, DPI, the pooled IRR of all flows (NULL under 365 days), '
    'realised and paper gains, the oldest mark behind an active value and its age.';

CREATE VIEW auxeira_dash.angel_tax_events WITH (security_invoker = true) AS
    SELECT r.investment_id,
           r.company_id,
           co.name AS company_name,
           r.event_date,
           extract(year FROM r.event_date)::integer AS tax_year,
           r.event_type,
           r.proceeds,
           r.cost_basis,
           r.gain,
           r.acquired_on,
           r.event_date - r.acquired_on AS holding_days,
           r.event_date - r.acquired_on > 365 AS long_term,
           r.currency
    FROM auxeira.investment_realisations(
        CURRENT_DATE, NULL,
        auxeira.investor_reporting_currency(auxeira.current_user_id()),
        auxeira.current_user_id()) AS r
    LEFT JOIN auxeira.company_profiles AS co ON co.id = r.company_id
    WHERE r.investor_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.angel_tax_events IS
    'GET /api/dashboard/angel/tax-report (detail): each realisation of the current user up to '
    'today (auxeira.investment_realisations): a distribution before any exit (a partial sale: '
    'proceeds, the cost it releases at average cost, gain), or an exit / write-off (all its '
    'proceeds, paid or receivable, against the cost still held), with the tax year (calendar '
    'year), acquired_on (first payment in), holding_days, long_term (> 365 days) and the '
    'reporting currency.';

CREATE VIEW auxeira_dash.angel_tax_report WITH (security_invoker = true) AS
    SELECT e.tax_year,
           count(*) AS events,
           sum(e.proceeds) AS proceeds,
           sum(e.cost_basis) AS cost_basis,
           coalesce(sum(e.gain) FILTER (WHERE NOT e.long_term), 0) AS short_term_gain,
           coalesce(sum(e.gain) FILTER (WHERE e.long_term), 0) AS long_term_gain,
           coalesce(sum(e.gain) FILTER (WHERE e.gain > 0), 0) AS gains,
           coalesce(sum(e.gain) FILTER (WHERE e.gain < 0), 0) AS losses,
           sum(e.gain) AS net_gain
    FROM auxeira_dash.angel_tax_events AS e
    GROUP BY e.tax_year;

COMMENT ON VIEW auxeira_dash.angel_tax_report IS
    'GET /api/dashboard/angel/tax-report (by tax year): the current user''s realised gains and '
    'losses per calendar year: events, proceeds, cost basis, short-term and long-term (held '
    '> 365 days) net gain, total gains, total losses and the net gain.';

CREATE FUNCTION auxeira_dash.investment_owned(investment uuid)
    RETURNS auxeira.investments
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.current_user_id();
    found auxeira.investments;
BEGIN
    IF me IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    SELECT * INTO found
    FROM auxeira.investments AS i
    WHERE i.id = investment_owned.investment AND i.investor_id = me;
    IF found.id IS NULL THEN
        RAISE EXCEPTION 'no investment % of yours', coalesce(investment::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN found;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_owned(uuid) IS
    'The caller''s own investment with this id, or an error (no tenant: 42501; not theirs or '
    'not there: 22023, one message for both so that ids of others reveal nothing). Used by the '
    'ledger write functions.';

CREATE FUNCTION auxeira_dash.investment_record_flow(
    investment uuid,
    flow_type text,
    amount numeric,
    flow_date date DEFAULT CURRENT_DATE,
    currency text DEFAULT NULL,
    note text DEFAULT NULL)
    RETURNS SETOF auxeira.investment_cash_flows
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    holding auxeira.investments := auxeira_dash.investment_owned(investment);
BEGIN
    IF flow_type IS NULL
       OR flow_type NOT IN ('contribution', 'follow_on', 'distribution', 'fee') THEN
        RAISE EXCEPTION 'flow type must be contribution, follow_on, distribution or fee (got %)',
                coalesce(flow_type, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF amount IS NULL OR amount <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %); to cancel a flow, reverse it',
                coalesce(amount::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF flow_date IS NULL OR flow_date > CURRENT_DATE OR flow_date < holding.investment_date THEN
        RAISE EXCEPTION 'flow date must be between the investment date % and today (got %)',
                holding.investment_date, coalesce(flow_date::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM auxeira.checked_currency(currency);
    RETURN QUERY
    INSERT INTO auxeira.investment_cash_flows AS f
        (investment_id, flow_date, flow_type, amount, currency, note)
    VALUES (holding.id, investment_record_flow.flow_date, investment_record_flow.flow_type,
            investment_record_flow.amount, investment_record_flow.currency,
            investment_record_flow.note)
    RETURNING f.*;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_record_flow(uuid, text, numeric, date, text, text) IS
    'Records a cash flow of one of the caller''s investments: contribution, follow_on, '
    'distribution or fee, amount > 0, dated between the investment date and today, in the '
    'investment''s currency unless one is named (a foreign currency needs an exchange rate for '
    'the date). Returns the row; nothing is written on a bad input.';

CREATE FUNCTION auxeira_dash.investment_record_mark(
    investment uuid,
    holding_value numeric,
    mark_date date DEFAULT CURRENT_DATE,
    currency text DEFAULT NULL,
    company_valuation numeric DEFAULT NULL,
    source text DEFAULT 'manager')
    RETURNS SETOF auxeira.valuation_marks
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    holding auxeira.investments := auxeira_dash.investment_owned(investment);
BEGIN
    IF holding_value IS NULL OR holding_value < 0 THEN
        RAISE EXCEPTION 'holding value must be 0 or more (got %)',
                coalesce(holding_value::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF mark_date IS NULL OR mark_date > CURRENT_DATE THEN
        RAISE EXCEPTION 'mark date must be given and not in the future (got %)',
                coalesce(mark_date::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF mark_date < holding.investment_date THEN
        RAISE EXCEPTION 'a mark dated % precedes its investment (made on %)',
                mark_date, holding.investment_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF source IS NULL OR source NOT IN ('round', 'manager', 'audit', 'exit', 'write-off') THEN
        RAISE EXCEPTION 'source must be round, manager, audit, exit or write-off (got %)',
                coalesce(source, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM auxeira.checked_currency(currency);
    RETURN QUERY
    INSERT INTO auxeira.valuation_marks AS m
        (investment_id, mark_date, holding_value, company_valuation, source, currency)
    VALUES (holding.id, investment_record_mark.mark_date, investment_record_mark.holding_value,
            investment_record_mark.company_valuation, investment_record_mark.source,
            investment_record_mark.currency)
    RETURNING m.*;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_record_mark(uuid, numeric, date, text, numeric, text) IS
    'Records a valuation mark (the fair value of the caller''s stake) of one of their '
    'investments, dated between the investment date and today. Recording a mark for a day '
    'that already has one restates it: figures from now on use the new mark, figures asked as '
    'reported before now still show the old one. Returns the row.';

CREATE FUNCTION auxeira_dash.investment_reverse_flow(cash_flow uuid, note text DEFAULT NULL)
    RETURNS TABLE (reversal_id uuid, reverses uuid, investment_id uuid, created_at timestamptz)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    target auxeira.investment_cash_flows;
BEGIN
    SELECT f.* INTO target FROM auxeira.investment_cash_flows AS f WHERE f.id = cash_flow;
    IF auxeira.current_user_id() IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF target.id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.investments AS i
                      WHERE i.id = target.investment_id
                        AND i.investor_id = auxeira.current_user_id()) THEN
        RAISE EXCEPTION 'no cash flow % of yours to reverse', coalesce(cash_flow::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target.reverses IS NOT NULL THEN
        RAISE EXCEPTION 'cash flow % is itself a reversal and cannot be reversed', cash_flow
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM auxeira.investment_cash_flows AS r WHERE r.reverses = cash_flow) THEN
        RAISE EXCEPTION 'cash flow % is already reversed', cash_flow
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    INSERT INTO auxeira.investment_cash_flows AS f
        (investment_id, flow_date, flow_type, amount, currency, reverses, note)
    VALUES (target.investment_id, target.flow_date, target.flow_type, target.amount,
            target.currency, target.id, coalesce(note, 'reversal'))
    RETURNING f.id, f.reverses, f.investment_id, f.created_at;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_reverse_flow(uuid, text) IS
    'Cancels one of the caller''s cash flows by a reversal row: from now on neither counts; '
    'figures asked as reported before now still show the original. A flow that does not exist '
    'or is not the caller''s, a reversal, or a flow already reversed: an error, nothing '
    'written.';

CREATE FUNCTION auxeira_dash.investment_reverse_mark(mark uuid)
    RETURNS TABLE (reversal_id uuid, reverses uuid, investment_id uuid, created_at timestamptz)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    target auxeira.valuation_marks;
BEGIN
    SELECT m.* INTO target FROM auxeira.valuation_marks AS m WHERE m.id = mark;
    IF auxeira.current_user_id() IS NULL THEN
        RAISE EXCEPTION 'no tenant: run inside auxeira_db.tenant() (auxeira.user_id is unset)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF target.id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.investments AS i
                      WHERE i.id = target.investment_id
                        AND i.investor_id = auxeira.current_user_id()) THEN
        RAISE EXCEPTION 'no valuation mark % of yours to reverse', coalesce(mark::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target.reverses IS NOT NULL THEN
        RAISE EXCEPTION 'valuation mark % is itself a reversal and cannot be reversed', mark
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM auxeira.valuation_marks AS r WHERE r.reverses = mark) THEN
        RAISE EXCEPTION 'valuation mark % is already reversed', mark
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    INSERT INTO auxeira.valuation_marks AS m
        (investment_id, mark_date, holding_value, company_valuation, source, currency, reverses)
    VALUES (target.investment_id, target.mark_date, target.holding_value,
            target.company_valuation, target.source, target.currency, target.id)
    RETURNING m.id, m.reverses, m.investment_id, m.created_at;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_reverse_mark(uuid) IS
    'Withdraws one of the caller''s valuation marks by a reversal row (the holding''s value '
    'falls back to the previous mark from now on). Errors as investment_reverse_flow.';

CREATE FUNCTION auxeira_dash.investment_record_exit(
    investment uuid,
    exit_date date,
    proceeds numeric,
    exit_valuation numeric DEFAULT NULL)
    RETURNS SETOF auxeira.investments
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    holding auxeira.investments := auxeira_dash.investment_owned(investment);
BEGIN
    IF exit_date IS NULL OR exit_date > CURRENT_DATE OR exit_date < holding.investment_date THEN
        RAISE EXCEPTION 'exit date must be between the investment date % and today (got %)',
                holding.investment_date, coalesce(exit_date::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF proceeds IS NULL OR proceeds < 0 THEN
        RAISE EXCEPTION 'exit proceeds must be 0 or more (got %)', coalesce(proceeds::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF exit_valuation IS NOT NULL AND exit_valuation < 0 THEN
        RAISE EXCEPTION 'exit valuation cannot be negative (got %)', exit_valuation
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    UPDATE auxeira.investments AS i
    SET status = 'exited',
        exit_date = investment_record_exit.exit_date,
        exit_proceeds = investment_record_exit.proceeds,
        exit_valuation = coalesce(investment_record_exit.exit_valuation, i.exit_valuation)
    WHERE i.id = holding.id
    RETURNING i.*;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_record_exit(uuid, date, numeric, numeric) IS
    'Records the exit of one of the caller''s investments: its date and all the proceeds due '
    'to the caller (in the investment''s currency), paid then or later. Until distributions '
    'pay them, the unpaid proceeds are the holding''s value (receivable); the gain is realised '
    'on the exit date. Record the cash as distributions when it arrives.';

CREATE FUNCTION auxeira_dash.investment_record_write_off(investment uuid, written_off_on date)
    RETURNS SETOF auxeira.investments
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    holding auxeira.investments := auxeira_dash.investment_owned(investment);
BEGIN
    IF written_off_on IS NULL OR written_off_on > CURRENT_DATE
       OR written_off_on < holding.investment_date THEN
        RAISE EXCEPTION 'write-off date must be between the investment date % and today (got %)',
                holding.investment_date, coalesce(written_off_on::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    UPDATE auxeira.investments AS i
    SET status = 'written-off', exit_date = written_off_on, exit_proceeds = NULL
    WHERE i.id = holding.id
    RETURNING i.*;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_record_write_off(uuid, date) IS
    'Writes off one of the caller''s investments on a date: its value is 0 from that date and '
    'the cost still held is a realised loss that day.';

-- 7. Privileges and triggers (sql/security/050_ledger.sql, 235_investment_ledger.sql, and the
--    grants of the rebuilt readers from 230_vc.sql and 240_angel.sql) ------------------------

CREATE TRIGGER investments_ledger_entry
    BEFORE INSERT OR UPDATE OF status, exit_date, exit_proceeds, currency, exit_recorded_at
    ON auxeira.investments
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.ledger_entry();
COMMENT ON TRIGGER investments_ledger_entry ON auxeira.investments IS
    'Currency default (the fund''s, else USD), a fixed currency once recorded, and the '
    'knowledge time of an exit or write-off (exit_recorded_at), which services cannot set.';

CREATE TRIGGER investment_cash_flows_ledger_entry
    BEFORE INSERT ON auxeira.investment_cash_flows
    FOR EACH ROW
    WHEN (NEW.currency IS NULL OR NEW.reverses IS NOT NULL OR NOT auxeira.acting_as_platform())
    EXECUTE FUNCTION auxeira.ledger_entry();
COMMENT ON TRIGGER investment_cash_flows_ledger_entry ON auxeira.investment_cash_flows IS
    'Currency default (the investment''s), a rate for a foreign-currency flow, a reversal '
    'copies a visible row, created_at = now() for services.';

CREATE TRIGGER valuation_marks_ledger_entry
    BEFORE INSERT ON auxeira.valuation_marks
    FOR EACH ROW
    WHEN (NEW.currency IS NULL OR NEW.reverses IS NOT NULL OR NOT auxeira.acting_as_platform())
    EXECUTE FUNCTION auxeira.ledger_entry();
COMMENT ON TRIGGER valuation_marks_ledger_entry ON auxeira.valuation_marks IS
    'Currency default (the investment''s), no mark before its investment, a rate for a '
    'foreign-currency mark, a reversal copies a visible row, created_at = now() for services.';

CREATE TRIGGER fund_cash_flows_ledger_entry
    BEFORE INSERT ON auxeira.fund_cash_flows
    FOR EACH ROW
    WHEN (NEW.currency IS NULL OR NEW.reverses IS NOT NULL OR NOT auxeira.acting_as_platform())
    EXECUTE FUNCTION auxeira.ledger_entry();
COMMENT ON TRIGGER fund_cash_flows_ledger_entry ON auxeira.fund_cash_flows IS
    'Currency default (the fund''s), a rate for a foreign-currency flow, a reversal copies a '
    'visible row, created_at = now() for services.';

-- History is append-only for services: corrections are reversal rows (the UPDATE and DELETE
-- policies of 010 were dropped in 0011).
REVOKE UPDATE, DELETE ON auxeira.investment_cash_flows, auxeira.valuation_marks,
    auxeira.fund_cash_flows FROM auxeira_app;

-- Reference data: everyone reads, the owner maintains (auxeira-db fx import).
ALTER TABLE auxeira.currencies ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.currencies FORCE ROW LEVEL SECURITY;
ALTER TABLE auxeira.fx_rates ENABLE ROW LEVEL SECURITY;
ALTER TABLE auxeira.fx_rates FORCE ROW LEVEL SECURITY;

CREATE POLICY currencies_owner_maintenance ON auxeira.currencies
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY currencies_owner_maintenance ON auxeira.currencies IS
    'auxeira_owner (migrations, operators) reads and writes every currency.';

CREATE POLICY currencies_public_select ON auxeira.currencies
    FOR SELECT TO auxeira_app, auxeira_readonly
    USING (true);
COMMENT ON POLICY currencies_public_select ON auxeira.currencies IS
    'Every tenant and the read-only role read the currency list (reference data); services '
    'have no write policy nor the privilege.';

CREATE POLICY fx_rates_owner_maintenance ON auxeira.fx_rates
    TO auxeira_owner
    USING (true)
    WITH CHECK (true);
COMMENT ON POLICY fx_rates_owner_maintenance ON auxeira.fx_rates IS
    'auxeira_owner (auxeira-db fx import, the seeder, cleanup) reads and writes every rate.';

CREATE POLICY fx_rates_public_select ON auxeira.fx_rates
    FOR SELECT TO auxeira_app, auxeira_readonly
    USING (true);
COMMENT ON POLICY fx_rates_public_select ON auxeira.fx_rates IS
    'Every tenant and the read-only role read every rate (public reference rates); services '
    'have no write policy nor the privilege.';

REVOKE INSERT, UPDATE, DELETE ON auxeira.currencies, auxeira.fx_rates FROM auxeira_app;
GRANT SELECT ON auxeira.currencies, auxeira.fx_rates TO auxeira_app, auxeira_readonly;

-- Functions: closed to PUBLIC, opened to services and BI. SECURITY INVOKER: they compute from
-- the rows the caller may see.
REVOKE EXECUTE ON FUNCTION
    auxeira.fx_rate(text, text, date, timestamptz),
    auxeira.fx_convert(numeric, text, text, date, timestamptz),
    auxeira.ledger_entry(),
    auxeira.holding_step(numeric[], text, numeric, numeric),
    auxeira.holding_rollforward(text, numeric, numeric),
    auxeira.checked_currency(text),
    auxeira.investor_reporting_currency(uuid),
    auxeira.holding_events(date, timestamptz, text, uuid, uuid),
    auxeira.investment_performance(date, timestamptz, text, uuid, uuid),
    auxeira.investment_realisations(date, timestamptz, text, uuid),
    auxeira.portfolio_performance(date, timestamptz, text, uuid),
    auxeira.fund_performance(date, timestamptz, text, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.fx_rate(text, text, date, timestamptz),
    auxeira.fx_convert(numeric, text, text, date, timestamptz),
    auxeira.ledger_entry(),
    auxeira.holding_step(numeric[], text, numeric, numeric),
    auxeira.holding_rollforward(text, numeric, numeric),
    auxeira.checked_currency(text),
    auxeira.investor_reporting_currency(uuid),
    auxeira.holding_events(date, timestamptz, text, uuid, uuid),
    auxeira.investment_performance(date, timestamptz, text, uuid, uuid),
    auxeira.investment_realisations(date, timestamptz, text, uuid),
    auxeira.portfolio_performance(date, timestamptz, text, uuid),
    auxeira.fund_performance(date, timestamptz, text, uuid)
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.investment_owned(uuid),
    auxeira_dash.investment_record_flow(uuid, text, numeric, date, text, text),
    auxeira_dash.investment_record_mark(uuid, numeric, date, text, numeric, text),
    auxeira_dash.investment_reverse_flow(uuid, text),
    auxeira_dash.investment_reverse_mark(uuid),
    auxeira_dash.investment_record_exit(uuid, date, numeric, numeric),
    auxeira_dash.investment_record_write_off(uuid, date)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.investment_owned(uuid),
    auxeira_dash.investment_record_flow(uuid, text, numeric, date, text, text),
    auxeira_dash.investment_record_mark(uuid, numeric, date, text, numeric, text),
    auxeira_dash.investment_reverse_flow(uuid, text),
    auxeira_dash.investment_reverse_mark(uuid),
    auxeira_dash.investment_record_exit(uuid, date, numeric, numeric),
    auxeira_dash.investment_record_write_off(uuid, date)
    TO auxeira_app;

GRANT SELECT ON auxeira_mv.vc_performance TO auxeira_readonly;
GRANT SELECT ON auxeira_dash.vc_portfolio, auxeira_dash.vc_portfolio_totals
    TO auxeira_app, auxeira_readonly;
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date, timestamptz, text),
    auxeira_dash.vc_lp_report_schedule(uuid, date, timestamptz, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.vc_performance(text),
    auxeira_dash.vc_lp_report_funds(date, timestamptz, text),
    auxeira_dash.vc_lp_report_schedule(uuid, date, timestamptz, text)
    TO auxeira_app, auxeira_readonly;
GRANT SELECT ON
    auxeira_dash.angel_portfolio,
    auxeira_dash.angel_portfolio_totals,
    auxeira_dash.angel_tax_events,
    auxeira_dash.angel_tax_report
    TO auxeira_app, auxeira_readonly;

-- 8. Fill the performance view when the rates it needs exist --------------------------------

DO $$
BEGIN
    REFRESH MATERIALIZED VIEW auxeira_mv.vc_performance;
EXCEPTION WHEN no_data_found THEN
    RAISE NOTICE 'auxeira_mv.vc_performance left unpopulated (%): import exchange rates with '
                 'auxeira-db fx import, then run auxeira-db refresh', SQLERRM;
END
$$;
