-- The kept investment figures (0016): their triggers on the ledger, row-level security and
-- grants. Services read them only through the performance functions' rules (the same rows as
-- the ledger they come from) and never write them.

-- One statement trigger per ledger table and event: transition tables cannot serve a trigger
-- with several events or a column list, and a COPY of many rows costs one recomputation. The
-- WHEN clause runs as the writing role (the trigger function is SECURITY DEFINER), so only the
-- platform can defer the work (auxeira.figures_deferred).
CREATE TRIGGER investments_figures_insert
    AFTER INSERT ON auxeira.investments
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investments_figures_insert ON auxeira.investments IS
    'Keeps auxeira.holding_figures and portfolio_figures current for new investments.';

CREATE TRIGGER investments_figures_update
    AFTER UPDATE ON auxeira.investments
    REFERENCING OLD TABLE AS previous NEW TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investments_figures_update ON auxeira.investments IS
    'Keeps auxeira.holding_figures and portfolio_figures current when what they depend on '
    'changes (status, exit, amount, dates, currency, fund); other columns cost nothing.';

CREATE TRIGGER investments_figures_delete
    AFTER DELETE ON auxeira.investments
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investments_figures_delete ON auxeira.investments IS
    'Recomputes the portfolio figures of the investors whose investments were deleted (their '
    'holding rows go by ON DELETE CASCADE).';

CREATE TRIGGER investment_cash_flows_figures
    AFTER INSERT ON auxeira.investment_cash_flows
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investment_cash_flows_figures ON auxeira.investment_cash_flows IS
    'Keeps auxeira.holding_figures and portfolio_figures current for the flows (and reversals) '
    'entered.';

CREATE TRIGGER valuation_marks_figures
    AFTER INSERT ON auxeira.valuation_marks
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER valuation_marks_figures ON auxeira.valuation_marks IS
    'Keeps auxeira.holding_figures and portfolio_figures current for the marks (and reversals) '
    'entered.';

-- Flows and marks are append-only for services (050_ledger.sql); the platform's own UPDATE or
-- DELETE of them (cleanup of expired synthetic rows) is followed by a rebuild.
CREATE TRIGGER investment_cash_flows_figures_delete
    AFTER DELETE ON auxeira.investment_cash_flows
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER investment_cash_flows_figures_delete ON auxeira.investment_cash_flows IS
    'Keeps the kept figures current when the platform deletes flows (cleanup).';

CREATE TRIGGER valuation_marks_figures_delete
    AFTER DELETE ON auxeira.valuation_marks
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.ledger_figures_changed();
COMMENT ON TRIGGER valuation_marks_figures_delete ON auxeira.valuation_marks IS
    'Keeps the kept figures current when the platform deletes marks (cleanup).';

CREATE TRIGGER fx_rates_figures
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.fx_rates
    FOR EACH STATEMENT
    WHEN (NOT auxeira.figures_deferred())
    EXECUTE FUNCTION auxeira.fx_rates_changed();
COMMENT ON TRIGGER fx_rates_figures ON auxeira.fx_rates IS
    'Rewrites the kept figures that convert an amount when the rates change (auxeira-db fx '
    'import, cleanup of expired synthetic rates).';

SELECT auxeira.apply_uniform_policies('holding_figures', 'portfolio_figures');

CREATE POLICY holding_figures_select ON auxeira.holding_figures
    FOR SELECT TO auxeira_app
    USING (investment_id = ANY ((SELECT auxeira.my_visible_investment_ids())::uuid[]));
COMMENT ON POLICY holding_figures_select ON auxeira.holding_figures IS
    'A tenant reads the figures of the investments whose flows and marks it reads (the '
    'investor''s own; the founder''s accepted ones): the same rows the figures come from.';

CREATE POLICY portfolio_figures_select ON auxeira.portfolio_figures
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY portfolio_figures_select ON auxeira.portfolio_figures IS
    'An investor reads their own portfolio totals only (a founder sees part of a portfolio, so '
    'gets it computed from what they see).';

REVOKE INSERT, UPDATE, DELETE ON auxeira.holding_figures, auxeira.portfolio_figures
    FROM auxeira_app;

REVOKE EXECUTE ON FUNCTION
    auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]),
    auxeira.refresh_holding_figures(uuid[], uuid[], date),
    auxeira.holding_uses_fx(uuid),
    auxeira.figures_deferred(),
    auxeira.ledger_figures_changed(),
    auxeira.fx_rates_changed()
    FROM PUBLIC;
-- the performance functions call these as the caller
GRANT EXECUTE ON FUNCTION
    auxeira.ledger_performance(date, timestamptz, text, uuid, uuid, uuid[]),
    auxeira.ledger_portfolio_performance(date, timestamptz, text, uuid, uuid[]),
    auxeira.holding_uses_fx(uuid),
    auxeira.figures_deferred()
    TO auxeira_app, auxeira_readonly;
