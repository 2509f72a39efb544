-- Support for the dashboards: refreshing materialized views, and change notifications.

CREATE FUNCTION auxeira.refresh_materialized_view(
    view_name regclass, concurrent boolean DEFAULT true)
    RETURNS TABLE (refreshed boolean, row_count bigint, duration_ms numeric)
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    started timestamptz := clock_timestamp();
    populated boolean;
    n bigint;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_matviews AS m
                   WHERE format('%I.%I', m.schemaname, m.matviewname)::regclass = view_name) THEN
        RAISE EXCEPTION 'not a materialized view: %', view_name
            USING ERRCODE = 'wrong_object_type';
    END IF;
    -- Another session refreshing the same view: skip instead of queueing behind it.
    IF NOT pg_try_advisory_xact_lock(hashtext('auxeira-refresh'), view_name::oid::integer) THEN
        RETURN QUERY SELECT false, NULL::bigint, NULL::numeric;
        RETURN;
    END IF;
    SELECT c.relispopulated INTO populated FROM pg_class AS c WHERE c.oid = view_name;
    -- CONCURRENTLY needs a populated view; the first refresh is always a blocking one.
    IF concurrent AND populated THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %s', view_name);
    ELSE
        EXECUTE format('REFRESH MATERIALIZED VIEW %s', view_name);
        concurrent := false;
    END IF;
    EXECUTE format('SELECT count(*) FROM %s', view_name) INTO n;
    INSERT INTO auxeira.view_refreshes (view_name, started_at, duration_ms, row_count, concurrent)
    VALUES (view_name::text, started,
            round((extract(epoch FROM clock_timestamp() - started) * 1000)::numeric, 3),
            n, concurrent);
    RETURN QUERY SELECT true, n,
        round((extract(epoch FROM clock_timestamp() - started) * 1000)::numeric, 3);
END
$$;

COMMENT ON FUNCTION auxeira.refresh_materialized_view(regclass, boolean) IS
    'Refreshes one materialized view (CONCURRENTLY by default, so readers are never blocked; '
    'blocking when the view has never been populated) and logs it in auxeira.view_refreshes. '
    'If another session is refreshing the same view, returns refreshed = false at once instead '
    'of waiting. SECURITY DEFINER as auxeira_owner, not granted to services.';

CREATE FUNCTION auxeira.notify_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (startup, vc, angel, esg, government, corporate)
    -- TG_ARGV[1]: the column naming the user the change concerns
    changed jsonb;
    concerned uuid;
    event_id uuid;
BEGIN
    -- Bulk loads (auxeira-db seed) set auxeira.suppress_notify for their transaction.
    IF current_setting('auxeira.suppress_notify', true) = 'on' THEN
        RETURN NULL;
    END IF;
    changed := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    concerned := (changed ->> TG_ARGV[1])::uuid;
    IF concerned IS NULL THEN
        RETURN NULL;  -- nobody to tell
    END IF;
    INSERT INTO auxeira.outbox (user_id, dashboard, entity, entity_id, op)
    VALUES (concerned, TG_ARGV[0], TG_TABLE_NAME, changed ->> 'id', lower(TG_OP))
    RETURNING id INTO event_id;
    PERFORM pg_notify('auxeira_' || TG_ARGV[0], event_id::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_dashboard() IS
    'AFTER ROW trigger function: writes one auxeira.outbox row {user_id (from the column named '
    'by trigger argument 2), dashboard (argument 1), entity (table), entity_id, op} and sends '
    'a NOTIFY on channel auxeira_<dashboard> whose payload is that row''s id only: no user id, '
    'no row data. A listener learns that some event happened on a dashboard; the event itself '
    'is readable only by the user it concerns (row-level security on the outbox). SECURITY '
    'DEFINER as auxeira_owner because services cannot write the outbox. Delivered at commit, '
    'only if the transaction commits. Nothing is written when the user column is NULL, or '
    'while the transaction-local setting auxeira.suppress_notify is ''on'' (bulk loads).';

-- Keyset paging of the dashboards' lists (the model: auxeira_dash.startup_token_transactions).
CREATE FUNCTION auxeira.check_page(page_size integer, has_position boolean, has_id boolean)
    RETURNS void
    LANGUAGE plpgsql
    IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF page_size IS NULL OR page_size NOT BETWEEN 1 AND 500 THEN
        RAISE EXCEPTION 'page_size must be between 1 and 500, got %', page_size
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF has_id IS DISTINCT FROM has_position THEN
        RAISE EXCEPTION 'a page cursor is all the ordering values and the id of the last row of '
                        'the previous page, or nothing (the first page)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

COMMENT ON FUNCTION auxeira.check_page(integer, boolean, boolean) IS
    'Validates the paging arguments of a keyset-paged dashboard list: page_size between 1 and '
    '500, and a cursor that is either complete (has_position: every ordering value of the last '
    'row of the previous page given; has_id: its id given) or absent. Raises '
    'invalid_parameter_value otherwise. Used by corporate_auctions and '
    'government_compliance_companies.';

-- What the VC and angel investment writes return (0017): one row type for both, so that their
-- parameters can be named as the columns of auxeira.investments (a PL/pgSQL function cannot
-- have an argument and a result column of the same name).
CREATE TYPE auxeira_dash.recorded_investment AS (
    investment_id uuid,
    cash_flow_id uuid,
    investor_id uuid,
    company_id uuid,
    fund_id uuid,
    investment_round varchar,
    amount numeric,
    equity_percentage numeric,
    pre_money_valuation numeric,
    post_money_valuation numeric,
    investment_date date,
    status varchar
);

COMMENT ON TYPE auxeira_dash.recorded_investment IS
    'The result of auxeira_dash.vc_record_investment and angel_record_investment: the '
    'investment written (the columns of auxeira.investments of the same names) and the id of '
    'its first cash flow.';

CREATE FUNCTION auxeira.recorded_investment_row(investment_id uuid, cash_flow_id uuid)
    RETURNS auxeira_dash.recorded_investment
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT i.id, recorded_investment_row.cash_flow_id, i.investor_id, i.company_id, i.fund_id,
           i.investment_round, i.amount, i.equity_percentage, i.pre_money_valuation,
           i.post_money_valuation, i.investment_date, i.status
    FROM auxeira.investments AS i
    WHERE i.id = recorded_investment_row.investment_id
$$;

COMMENT ON FUNCTION auxeira.recorded_investment_row(uuid, uuid) IS
    'The result row of an investment write (auxeira_dash.recorded_investment) for an '
    'investment and its first cash flow, as the caller sees the investment (SECURITY '
    'INVOKER). Used by vc_record_investment and angel_record_investment.';

-- One definition of the VC and angel portfolio reports (0017): the same two lists over each
-- dashboard's views (auxeira_dash.<dashboard>_portfolio and _portfolio_totals, sql/views/).
CREATE FUNCTION auxeira.investor_portfolio_report(dashboard text)
    RETURNS TABLE (holdings json, totals json)
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- static branches, not EXECUTE: a dynamic statement is planned on every call, and planning
    -- these views cost three times running them
    IF dashboard = 'vc' THEN
        RETURN QUERY
            SELECT (SELECT coalesce(json_agg(h ORDER BY h.investment_date DESC, h.company_name,
                                             h.investment_id), '[]')
                    FROM auxeira_dash.vc_portfolio AS h),
                   (SELECT row_to_json(t) FROM auxeira_dash.vc_portfolio_totals AS t);
    ELSIF dashboard = 'angel' THEN
        RETURN QUERY
            SELECT (SELECT coalesce(json_agg(h ORDER BY h.investment_date DESC, h.company_name,
                                             h.investment_id), '[]')
                    FROM auxeira_dash.angel_portfolio AS h),
                   (SELECT row_to_json(t) FROM auxeira_dash.angel_portfolio_totals AS t);
    ELSE
        RAISE EXCEPTION 'dashboard must be vc or angel, got %',
            coalesce(quote_literal(dashboard), 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;

COMMENT ON FUNCTION auxeira.investor_portfolio_report(text) IS
    'The portfolio report of the vc or angel dashboard: holdings (the rows of '
    'auxeira_dash.<dashboard>_portfolio, newest first) and totals (the one row of '
    '<dashboard>_portfolio_totals, NULL without investments), as the caller sees them '
    '(SECURITY INVOKER: the views are security_invoker). The one definition behind '
    'vc_portfolio_report and angel_portfolio_report; another dashboard is refused '
    '(invalid_parameter_value).';
