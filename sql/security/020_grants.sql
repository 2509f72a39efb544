-- Privileges. The application role gets data access and no DDL; the read-only role
-- gets SELECT; functions are closed to PUBLIC and opened one by one.

GRANT USAGE ON SCHEMA auxeira TO auxeira_app, auxeira_readonly;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA auxeira TO auxeira_app;
GRANT SELECT ON ALL TABLES IN SCHEMA auxeira TO auxeira_readonly;

REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA auxeira FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.current_user_id(),
    auxeira.require_user_id(),
    auxeira.check_page(integer, boolean, boolean),
    auxeira.owns_company(uuid),
    auxeira.invests_in(uuid),
    auxeira.my_company_ids(),
    auxeira.my_portfolio_company_ids(),
    auxeira.my_visible_investment_ids(),
    auxeira.update_updated_at_column()
    TO auxeira_app, auxeira_readonly;
-- cleanup_expired_synthetic_data() stays with the owner (and its members).

-- Investment mathematics (0002): callable by services and BI; as SECURITY INVOKER functions
-- they compute from the rows the caller may see.
GRANT EXECUTE ON FUNCTION
    auxeira.xirr(numeric, date),
    auxeira.xirr(numeric[], date[]),
    auxeira.xnpv(double precision, numeric[], date[])
    TO auxeira_app, auxeira_readonly;
-- The performance functions of 0011 are granted in 050_ledger.sql.
-- refresh_investment_metrics() and snapshot_portfolio_metrics() stay with the owner.
-- The XIRR aggregate's final function calls its helpers as the caller: they need EXECUTE too.
GRANT EXECUTE ON FUNCTION
    auxeira.xirr_sfunc(double precision[], numeric, date),
    auxeira.xirr_combine(double precision[], double precision[]),
    auxeira.xirr_eval(double precision[], double precision),
    auxeira.xirr_general(double precision[]),
    auxeira.xirr_final(double precision[])
    TO auxeira_app, auxeira_readonly;
-- purge_analytics_events() stays with the owner (REVOKE above covers it).
