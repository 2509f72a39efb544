-- Undo 0023_tax_lots: the tax report by calendar year at average cost comes back; the tax
-- facts the investors entered are dropped with their tables.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira_dash.angel_tax_statement(integer, integer, date, uuid);
DROP VIEW auxeira_dash.angel_tax_positions;
DROP VIEW auxeira_dash.angel_tax_report;
DROP VIEW auxeira_dash.angel_tax_events;
DROP FUNCTION auxeira_dash.angel_identify_disposal(uuid, numeric, jsonb);
DROP FUNCTION auxeira_dash.angel_set_lot_facts(uuid, numeric, date, text, text, boolean);
DROP FUNCTION auxeira_dash.angel_set_tax_jurisdiction(text);
DROP FUNCTION auxeira.tax_matches(uuid, text, text, date);
DROP FUNCTION auxeira.tax_lots(uuid, text, date);
DROP FUNCTION auxeira.qsbs_cap_usd(date, numeric);
DROP FUNCTION auxeira.tax_relief_tiers(text, date);
DROP FUNCTION auxeira.tax_year(text, date);
DROP FUNCTION auxeira.tax_jurisdiction(uuid);
DROP TABLE auxeira.tax_disposal_facts;
DROP TABLE auxeira.tax_lot_facts;
DROP TABLE auxeira.tax_profiles;

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

CREATE FUNCTION auxeira_dash.angel_tax_statement(tax_year integer DEFAULT NULL)
    RETURNS TABLE (years json, events json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT (SELECT coalesce(json_agg(y ORDER BY y.tax_year), '[]')
                FROM auxeira_dash.angel_tax_report AS y
                WHERE angel_tax_statement.tax_year IS NULL
                   OR y.tax_year = angel_tax_statement.tax_year),
               (SELECT coalesce(json_agg(e ORDER BY e.event_date, e.company_name,
                                         e.investment_id), '[]')
                FROM auxeira_dash.angel_tax_events AS e
                WHERE angel_tax_statement.tax_year IS NULL
                   OR e.tax_year = angel_tax_statement.tax_year);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_tax_statement(integer) IS
    'GET /api/dashboard/angel/tax-report in one statement: years (angel_tax_report) and events '
    '(angel_tax_events, by date), every tax year or the one named (tax_year, a calendar year).';

GRANT SELECT ON auxeira_dash.angel_tax_events, auxeira_dash.angel_tax_report
    TO auxeira_app, auxeira_readonly;
REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_tax_statement(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_tax_statement(integer)
    TO auxeira_app, auxeira_readonly;
