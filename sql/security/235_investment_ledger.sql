-- The ledger write functions of sql/views/investment_ledger.sql (0011): services only.

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

-- The first entry of an investment (0015): called by vc_record_investment and
-- angel_record_investment, which run as the caller.
REVOKE EXECUTE ON FUNCTION
    auxeira.record_investment(
        uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira.record_investment(
        uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, text, text)
    TO auxeira_app;
