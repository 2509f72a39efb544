-- auxeira.update_updated_at_column: trigger function that stamps updated_at on every UPDATE, and
-- one BEFORE UPDATE trigger per table that has an updated_at column.

CREATE FUNCTION auxeira.update_updated_at_column()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- now() is the start time of the current transaction: every row touched by one transaction
    -- gets the same updated_at, and a value supplied by the UPDATE is overwritten.
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.update_updated_at_column() IS
    'Trigger function (BEFORE UPDATE, FOR EACH ROW): sets NEW.updated_at to now(), the '
    'transaction start time, overriding any value the UPDATE supplied. Attached to every table '
    'with an updated_at column by the update_<table>_updated_at triggers. Fixed search_path; not '
    'SECURITY DEFINER.';

CREATE TRIGGER update_users_updated_at
    BEFORE UPDATE ON auxeira.users
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_companies_updated_at
    BEFORE UPDATE ON auxeira.companies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_investments_updated_at
    BEFORE UPDATE ON auxeira.investments
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_portfolio_metrics_updated_at
    BEFORE UPDATE ON auxeira.portfolio_metrics
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_esg_metrics_updated_at
    BEFORE UPDATE ON auxeira.esg_metrics
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_economic_impact_updated_at
    BEFORE UPDATE ON auxeira.economic_impact
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

CREATE TRIGGER update_corporate_partnerships_updated_at
    BEFORE UPDATE ON auxeira.corporate_partnerships
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_users_updated_at ON auxeira.users IS
    'Stamps users.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_companies_updated_at ON auxeira.companies IS
    'Stamps companies.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_investments_updated_at ON auxeira.investments IS
    'Stamps investments.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_portfolio_metrics_updated_at ON auxeira.portfolio_metrics IS
    'Stamps portfolio_metrics.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_esg_metrics_updated_at ON auxeira.esg_metrics IS
    'Stamps esg_metrics.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_economic_impact_updated_at ON auxeira.economic_impact IS
    'Stamps economic_impact.updated_at with now() on every UPDATE.';
COMMENT ON TRIGGER update_corporate_partnerships_updated_at ON auxeira.corporate_partnerships IS
    'Stamps corporate_partnerships.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_funds_updated_at
    BEFORE UPDATE ON auxeira.funds
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();

COMMENT ON TRIGGER update_funds_updated_at ON auxeira.funds IS
    'Keeps funds.updated_at at the time of the last UPDATE (added in 0002).';
