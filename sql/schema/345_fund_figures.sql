-- auxeira.fund_figures: a fund's figures as auxeira.fund_performance computes them (migration
-- 0029), named once: the engine returns rows of this type and the VC's LP report
-- (auxeira_dash.vc_lp_report_funds) returns them as they come. A composite type, not a table:
-- fund figures are computed when read.

CREATE TYPE auxeira.fund_figures AS (
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
);

COMMENT ON TYPE auxeira.fund_figures IS
    'One fund as of a date, as auxeira.fund_performance computes it: gross figures (deals '
    'only: invested, deal fees, distributed, residual value, gross MOIC / TVPI / IRR) and net '
    'figures (what LPs earn, after fund fees and carried interest paid: net TVPI, DPI, RVPI, '
    'IRR), committed capital and what is left to call (unfunded_commitment), short_history '
    'when the flows span less than 365 days, the oldest mark behind a value. Definitions in '
    'sql/functions/040_performance.sql.';
