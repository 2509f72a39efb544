-- Undo 0002_investment_math.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira.snapshot_portfolio_metrics(date, boolean);
DROP FUNCTION auxeira.refresh_investment_metrics(date, boolean);
DROP FUNCTION auxeira.fund_performance(date);
DROP FUNCTION auxeira.portfolio_performance(date);
DROP FUNCTION auxeira.investment_performance(date);
DROP FUNCTION auxeira.split_return(numeric, numeric, numeric, boolean);
DROP FUNCTION auxeira.investment_flow_series(date);
DROP FUNCTION auxeira.investment_positions(date);
DROP TABLE auxeira.fund_cash_flows;
DROP TABLE auxeira.valuation_marks;
DROP TABLE auxeira.investment_cash_flows;
ALTER TABLE auxeira.investments DROP COLUMN fund_id;
DROP TABLE auxeira.funds;
DROP FUNCTION auxeira.xnpv(double precision, numeric[], date[]);
DROP FUNCTION auxeira.xirr(numeric[], date[]);
DROP AGGREGATE auxeira.xirr(numeric, date);
DROP FUNCTION auxeira.xirr_final(double precision[]);
DROP FUNCTION auxeira.xirr_general(double precision[]);
DROP FUNCTION auxeira.xirr_eval(double precision[], double precision);
DROP FUNCTION auxeira.xirr_combine(double precision[], double precision[]);
DROP FUNCTION auxeira.xirr_sfunc(double precision[], numeric, date);
