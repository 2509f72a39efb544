-- The investment ledger (0011): entry triggers, append-only history for services, the
-- reference tables (currencies, exchange rates) readable by all, and the grants of the
-- performance functions.

-- Entry rules (sql/functions/095_ledger.sql) on every path that writes the ledger. A row the
-- platform (the owner role: migrations, the seeder's bulk COPY) enters with its currency given
-- skips the per-row checks: the loader is trusted, and a trigger call per copied row would
-- halve the seed's speed.
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
    auxeira.holding_events(date, timestamptz, text, uuid, uuid, uuid[]),
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
    auxeira.holding_events(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.investment_performance(date, timestamptz, text, uuid, uuid),
    auxeira.investment_realisations(date, timestamptz, text, uuid),
    auxeira.portfolio_performance(date, timestamptz, text, uuid),
    auxeira.fund_performance(date, timestamptz, text, uuid)
    TO auxeira_app, auxeira_readonly;
