-- Maintained investment figures (migration 0016, issue 12): the engine's answer for "as of a
-- day, as known now", kept per investment and per investor so that a dashboard read is a
-- lookup of the tenant's rows instead of a run of the ledger.
--
-- Figures dated "today" (IRR, the value rolled forward, mark age) change every day without a
-- write, so each row carries the day it answers for (as_of): auxeira.investment_performance
-- and auxeira.portfolio_performance use a row only for that day, as known now, in its own
-- currency, and compute anything else from the ledger (for the caller's tenant only). Rows are
-- rewritten in the transaction of every write to the ledger (statement triggers of
-- sql/security/055_holding_figures.sql), after every change of the exchange rates (rows that
-- converted an amount) and for the new day by the job holding-figures;
-- auxeira.refresh_holding_figures() rebuilds them from the ledger. A figure that needs a rate
-- the table of rates lacks is not kept: the read computes it, and says which rate is missing.

CREATE TABLE auxeira.holding_figures (
    investment_id uuid NOT NULL,
    investor_id uuid NOT NULL,
    company_id uuid NOT NULL,
    fund_id uuid,
    status varchar NOT NULL,
    investment_date date NOT NULL,
    currency varchar NOT NULL,
    holding_currency varchar NOT NULL,
    invested numeric NOT NULL,
    fees numeric NOT NULL,
    paid_in numeric NOT NULL,
    distributed numeric NOT NULL,
    residual_value numeric NOT NULL,
    total_value numeric NOT NULL,
    value_basis text NOT NULL,
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
    cash_flow_amounts numeric[],
    as_of date NOT NULL,
    converted boolean NOT NULL,
    CONSTRAINT holding_figures_pkey PRIMARY KEY (investment_id, currency),
    CONSTRAINT holding_figures_investment_id_fkey FOREIGN KEY (investment_id)
        REFERENCES auxeira.investments (id) ON DELETE CASCADE
);

CREATE INDEX holding_figures_investor_id_idx ON auxeira.holding_figures (investor_id);
CREATE INDEX holding_figures_fund_id_idx ON auxeira.holding_figures (fund_id)
    WHERE fund_id IS NOT NULL;

COMMENT ON TABLE auxeira.holding_figures IS
    'Per investment and reporting currency (the holding''s own, and the investor''s when it '
    'differs): the row of auxeira.investment_performance(as_of) as known now. Rewritten '
    'by the ledger''s statement triggers in the writing transaction and each day by the job '
    'holding-figures; never written by services. investment_performance uses a row only when '
    'the caller asks for that day, as known now, in that currency. Rebuild: '
    'auxeira.refresh_holding_figures(). Its row type is the result of investment_performance and '
    'of the engine (ledger_performance), so the columns are defined here once.';
COMMENT ON COLUMN auxeira.holding_figures.as_of IS
    'The economic date the figures answer for (the writer''s CURRENT_DATE): IRR, the value '
    'rolled forward and mark ages depend on it.';
COMMENT ON COLUMN auxeira.holding_figures.currency IS
    'Reporting currency of every figure of the row: the holding''s own, and for an investor '
    'whose portfolio reports in another currency (investor_reporting_currency) also that one.';
COMMENT ON COLUMN auxeira.holding_figures.converted IS
    'true = an exchange rate went into the row (an entry or the reporting currency differs from '
    'the holding''s): rewritten whenever auxeira.fx_rates changes.';

CREATE TABLE auxeira.portfolio_figures (
    investor_id uuid NOT NULL,
    currency varchar NOT NULL,
    investments bigint NOT NULL,
    active_investments bigint NOT NULL,
    exited_investments bigint NOT NULL,
    written_off_investments bigint NOT NULL,
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
    max_mark_age_days integer,
    as_of date NOT NULL,
    converted boolean NOT NULL,
    CONSTRAINT portfolio_figures_pkey PRIMARY KEY (investor_id),
    CONSTRAINT portfolio_figures_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE
);

COMMENT ON TABLE auxeira.portfolio_figures IS
    'One row per investor: the row of auxeira.portfolio_performance(as_of) as known now, in the '
    'investor''s reporting currency (pooled IRR over every flow). Maintained with '
    'holding_figures, in the same transaction; never written by services. Its row type is the '
    'result of portfolio_performance and ledger_portfolio_performance.';
COMMENT ON COLUMN auxeira.portfolio_figures.as_of IS
    'The economic date the figures answer for (the writer''s CURRENT_DATE).';
COMMENT ON COLUMN auxeira.portfolio_figures.converted IS
    'true = an exchange rate went into the row (holdings in several currencies, or an entry in '
    'another currency): rewritten whenever auxeira.fx_rates changes.';
