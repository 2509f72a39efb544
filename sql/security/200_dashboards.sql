-- Privileges of the dashboard schemas. Each dashboard's file (security/2x0_*.sql) grants its
-- own views and functions; here only the schemas and the refresh log.

GRANT USAGE ON SCHEMA auxeira_dash TO auxeira_app, auxeira_readonly;
-- auxeira_mv: the read-only role (DBAs, BI) may read materialized views; services may not.
GRANT USAGE ON SCHEMA auxeira_mv TO auxeira_readonly;

-- The refresh log is for operators: no access for services (020_grants.sql grants every
-- table to auxeira_app when sql/ is loaded in one go; take it back here).
REVOKE ALL ON auxeira.view_refreshes FROM auxeira_app;
GRANT SELECT ON auxeira.view_refreshes TO auxeira_readonly;
REVOKE EXECUTE ON FUNCTION auxeira.refresh_materialized_view(regclass, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION auxeira.notify_dashboard() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira.notify_dashboard() TO auxeira_app;

-- The result row of the VC and angel investment writes (0017), called as the caller.
REVOKE EXECUTE ON FUNCTION auxeira.recorded_investment_row(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira.recorded_investment_row(uuid, uuid) TO auxeira_app;

-- The holdings both portfolio pages show (0021): a security_invoker view, like theirs.
GRANT SELECT ON auxeira_dash.investor_holdings, auxeira_dash.investor_portfolio_totals
    TO auxeira_app, auxeira_readonly;

-- The shared VC and angel portfolio report (0017), run as the caller.
REVOKE EXECUTE ON FUNCTION auxeira.investor_portfolio_report(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira.investor_portfolio_report(text)
    TO auxeira_app, auxeira_readonly;
