-- Venture-capital dashboard: the write functions (POST) and the endpoints that return more than one
-- list, each as one statement (a row of JSON lists) over sql/views/vc.sql (0015). PL/pgSQL and json
-- for the reasons given in sql/api/startup.sql.

-- GET /api/dashboard/vc/portfolio
CREATE FUNCTION auxeira_dash.vc_portfolio_report()
    RETURNS TABLE (holdings json, totals json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT * FROM auxeira.investor_portfolio_report('vc');
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_portfolio_report() IS
    'GET /api/dashboard/vc/portfolio in one statement: holdings (vc_portfolio, newest first) '
    'and totals (the one row of vc_portfolio_totals, NULL without investments).';

-- GET /api/dashboard/vc/deals
CREATE FUNCTION auxeira_dash.vc_deals_report(
    page_size integer DEFAULT 50,
    after_sourced_on date DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (deals json, stages json, next_sourced_on date, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(vc_deals_report.page_size,
                               vc_deals_report.after_sourced_on IS NOT NULL,
                               vc_deals_report.after_id IS NOT NULL);
    RETURN QUERY
        WITH page AS (
            -- served by deals_investor_id_sourced_on_id_idx (investor, sourced_on, id)
            SELECT d.*
            FROM auxeira_dash.vc_deals AS d
            WHERE vc_deals_report.after_id IS NULL
               OR (d.sourced_on, d.deal_id)
                  < (vc_deals_report.after_sourced_on, vc_deals_report.after_id)
            ORDER BY d.sourced_on DESC, d.deal_id DESC
            LIMIT vc_deals_report.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.sourced_on, p.deal_id FROM page AS p
            WHERE (SELECT count(*) FROM page) = vc_deals_report.page_size
            ORDER BY p.sourced_on, p.deal_id
            LIMIT 1
        )
        SELECT (SELECT coalesce(json_agg(p ORDER BY p.sourced_on DESC, p.deal_id DESC), '[]')
                FROM page AS p),
               (SELECT coalesce(json_agg(s ORDER BY s.stage_rank), '[]')
                FROM auxeira_dash.vc_deal_stages AS s),
               (SELECT l.sourced_on FROM tail AS l),
               (SELECT l.deal_id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_deals_report(integer, date, uuid) IS
    'GET /api/dashboard/vc/deals in one statement: one page of deals (vc_deals, newest sourced '
    'first: sourced_on DESC, deal_id DESC; page_size 1-500, after the cursor after_sourced_on, '
    'after_id = the last row of the previous page, both or neither: auxeira.check_page), the '
    'stages (vc_deal_stages, the funnel of the whole pipeline in pipeline order) and the '
    'cursor of the next page (NULL after the last page). Keyset-paged since 0017 (was every '
    'deal in stage order).';

-- GET /api/dashboard/vc/lp-report
CREATE FUNCTION auxeira_dash.vc_lp_report(
    fund uuid DEFAULT NULL,
    as_of date DEFAULT NULL,
    as_reported timestamptz DEFAULT NULL,
    currency text DEFAULT NULL
)
    RETURNS TABLE (funds json, schedule json)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    day date := coalesce(vc_lp_report.as_of, CURRENT_DATE);
BEGIN
    RETURN QUERY
        -- each fund's figures, whether its premium report was bought and the currency of
        -- its money columns (reporting_currency, as the LP report has always named it)
        SELECT (SELECT coalesce(json_agg(
                           to_jsonb(f) || jsonb_build_object(
                               'premium_purchased',
                               EXISTS (SELECT FROM auxeira.lp_report_purchases AS b
                                       WHERE b.fund_id = f.fund_id
                                         AND b.buyer_id = auxeira.current_user_id()),
                               'reporting_currency', f.currency)
                           ORDER BY f.vintage_year, f.fund_name), '[]')
                FROM auxeira_dash.vc_lp_report_funds(
                    day, vc_lp_report.as_reported, vc_lp_report.currency) AS f
                WHERE vc_lp_report.fund IS NULL OR f.fund_id = vc_lp_report.fund),
               (SELECT coalesce(json_agg(s), '[]')
                FROM auxeira_dash.vc_lp_report_schedule(
                    vc_lp_report.fund, day, vc_lp_report.as_reported,
                    vc_lp_report.currency) AS s);
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_lp_report(uuid, date, timestamptz, text) IS
    'GET /api/dashboard/vc/lp-report in one statement: funds (vc_lp_report_funds, every fund '
    'of the caller or the one named, with premium_purchased: whether the caller bought its '
    'premium LP report, and reporting_currency) and schedule (vc_lp_report_schedule), as of a date '
    '(NULL: today, the server''s CURRENT_DATE), as reported at a time (NULL: now) and in one '
    'currency (NULL: each fund''s own), in the order of those functions.';

-- Write functions (the POST endpoints) ------------------------------------------------------------

-- POST /api/dashboard/vc/investment -----------------------------------------------------------

CREATE FUNCTION auxeira_dash.vc_record_investment(
    company_id uuid,
    amount numeric,
    investment_date date,
    investment_round text DEFAULT NULL,
    fund_id uuid DEFAULT NULL,
    pre_money_valuation numeric DEFAULT NULL,
    post_money_valuation numeric DEFAULT NULL,
    equity_percentage numeric DEFAULT NULL,
    lead_investor boolean DEFAULT false,
    board_seat boolean DEFAULT false,
    deal_id uuid DEFAULT NULL,
    note text DEFAULT NULL,
    currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS auxeira_dash.recorded_investment
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    written auxeira_dash.recorded_investment;
BEGIN
    written := jsonb_populate_record(written, auxeira.idempotent_replay(
        'vc_record_investment', vc_record_investment.idempotency_key));
    IF written.investment_id IS NOT NULL THEN
        RETURN written;  -- a retry: the first call's result
    END IF;
    SELECT r.investment_id, r.cash_flow_id INTO written.investment_id, written.cash_flow_id
    FROM auxeira.record_investment(
        vc_record_investment.company_id, vc_record_investment.amount,
        vc_record_investment.investment_date, vc_record_investment.investment_round,
        vc_record_investment.fund_id, vc_record_investment.pre_money_valuation,
        vc_record_investment.post_money_valuation, vc_record_investment.equity_percentage,
        vc_record_investment.lead_investor, vc_record_investment.board_seat,
        vc_record_investment.note, vc_record_investment.currency) AS r;

    IF vc_record_investment.deal_id IS NOT NULL THEN
        UPDATE auxeira.deals AS d
        SET stage = 'closed', decided_on = vc_record_investment.investment_date,
            investment_id = written.investment_id
        WHERE d.id = vc_record_investment.deal_id AND d.investor_id = me;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'deal % is not in your pipeline', vc_record_investment.deal_id
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    written := auxeira.recorded_investment_row(written.investment_id, written.cash_flow_id);
    PERFORM auxeira.idempotent_record('vc_record_investment',
                                      vc_record_investment.idempotency_key, to_jsonb(written));
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_record_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
    text, text) IS
    'POST /api/dashboard/vc/investment: records an investment of the current user and its '
    'first cash flow (a contribution of the amount on the investment date) in one call, '
    'through auxeira.record_investment(); parameters are named as the columns of '
    'auxeira.investments; currency is the cheque''s (NULL: the fund''s, else USD). Refuses '
    '(DataError in Python): no company or an unknown one, amount <= 0, a date missing or in '
    'the future, a fund the caller does not manage, post-money <> pre-money + amount, equity '
    '<> amount / post-money (when valuations are given, equity is derived from them), an '
    'unknown currency, a deal not in the caller''s pipeline. With deal_id, that deal moves to '
    'closed and links the investment. Returns the investment and the cash flow id. SECURITY '
    'INVOKER. With an idempotency_key, a retry returns the first call''s result and writes '
    'nothing (auxeira.idempotent_replay). Replaces vc_log_investment (0017).';

-- POST /api/dashboard/vc/lp-report/purchase ---------------------------------------------------

CREATE FUNCTION auxeira_dash.vc_purchase_lp_report(
    fund_id uuid,
    payment_reference text,
    amount numeric,
    currency text DEFAULT 'USD',
    payment_provider text DEFAULT 'stripe',
    idempotency_key text DEFAULT NULL)
    RETURNS auxeira.lp_report_purchases
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
-- parameters are named as their columns and always qualified; a bare name is a column
DECLARE
    me uuid := auxeira.require_user_id();
    currency_code text := upper(btrim(vc_purchase_lp_report.currency));
    price auxeira.price_list;
    purchase auxeira.lp_report_purchases;
BEGIN
    purchase := jsonb_populate_record(purchase,
        auxeira.idempotent_replay('vc_purchase_lp_report', vc_purchase_lp_report.idempotency_key));
    IF purchase.id IS NOT NULL THEN
        RETURN purchase;  -- a retry: the first call's result
    END IF;
    IF vc_purchase_lp_report.payment_reference IS NULL
        OR btrim(vc_purchase_lp_report.payment_reference) = '' THEN
        RAISE EXCEPTION 'payment reference is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF vc_purchase_lp_report.payment_reference !~ '^[A-Za-z0-9_.:-]{4,255}$' THEN
        RAISE EXCEPTION 'payment_reference must be 4-255 letters, digits and _ . : -'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF vc_purchase_lp_report.payment_provider IS NULL
        OR vc_purchase_lp_report.payment_provider NOT IN ('stripe', 'paystack', 'manual') THEN
        RAISE EXCEPTION 'payment_provider must be stripe, paystack or manual, got %',
            coalesce(vc_purchase_lp_report.payment_provider, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF vc_purchase_lp_report.amount IS NULL OR vc_purchase_lp_report.amount <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)',
            coalesce(vc_purchase_lp_report.amount::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- SECURITY DEFINER reads every fund: the manager is checked here, not by a policy.
    IF vc_purchase_lp_report.fund_id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.funds AS f
                      WHERE f.id = vc_purchase_lp_report.fund_id AND f.manager_id = me) THEN
        RAISE EXCEPTION 'fund % is not one of your funds',
            coalesce(vc_purchase_lp_report.fund_id::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;

    -- A payment reference belongs to the buyer who first recorded it; the same request again
    -- returns the same row (even if the price changed since).
    SELECT p.* INTO purchase
    FROM auxeira.lp_report_purchases AS p
    WHERE p.payment_reference = vc_purchase_lp_report.payment_reference;
    IF NOT FOUND THEN
        price := auxeira.current_price('lp_report_premium', currency_code);
        IF vc_purchase_lp_report.amount <> price.amount THEN
            RAISE EXCEPTION 'amount % % does not match the list price of the premium LP report, '
                            '% %', vc_purchase_lp_report.amount, currency_code,
                            price.amount, price.currency
                USING ERRCODE = 'check_violation';
        END IF;
        INSERT INTO auxeira.lp_report_purchases AS p (
            buyer_id, fund_id, payment_reference, payment_provider, amount, currency, price_id)
        VALUES (me, vc_purchase_lp_report.fund_id, vc_purchase_lp_report.payment_reference,
                vc_purchase_lp_report.payment_provider, price.amount, price.currency, price.id)
        ON CONFLICT (payment_reference) DO NOTHING
        RETURNING p.* INTO purchase;
        IF FOUND THEN
            PERFORM auxeira.idempotent_record('vc_purchase_lp_report',
                                              vc_purchase_lp_report.idempotency_key,
                                              to_jsonb(purchase));
            RETURN purchase;
        END IF;
        -- Recorded by a concurrent request meanwhile.
        SELECT p.* INTO STRICT purchase
        FROM auxeira.lp_report_purchases AS p
        WHERE p.payment_reference = vc_purchase_lp_report.payment_reference;
    END IF;
    IF purchase.buyer_id <> me THEN
        RAISE EXCEPTION 'payment reference % was already used by another account',
            vc_purchase_lp_report.payment_reference
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (purchase.fund_id, purchase.amount, purchase.currency, purchase.payment_provider)
       IS DISTINCT FROM (vc_purchase_lp_report.fund_id, vc_purchase_lp_report.amount,
                         currency_code::varchar,
                         vc_purchase_lp_report.payment_provider::varchar) THEN
        RAISE EXCEPTION 'payment reference % was already recorded for another purchase',
            vc_purchase_lp_report.payment_reference
            USING ERRCODE = 'unique_violation',
                  DETAIL = format(
                      'recorded: fund %s, %s %s via %s; requested: fund %s, %s %s via %s',
                      purchase.fund_id, purchase.amount, purchase.currency,
                      purchase.payment_provider, vc_purchase_lp_report.fund_id,
                      vc_purchase_lp_report.amount, currency_code,
                      vc_purchase_lp_report.payment_provider);
    END IF;
    PERFORM auxeira.idempotent_record('vc_purchase_lp_report',
                                      vc_purchase_lp_report.idempotency_key, to_jsonb(purchase));
    RETURN purchase;
END
$$;

COMMENT ON FUNCTION auxeira_dash.vc_purchase_lp_report(uuid, text, numeric, text, text, text) IS
    'POST /api/dashboard/vc/lp-report/purchase: records the purchase of a fund''s premium LP '
    'report by the current user at the list price: the amount recorded is the price of product '
    'lp_report_premium in the chosen currency in auxeira.price_list now, never the caller''s; '
    'amount (what the payment provider charged) must equal it, else check_violation, so a '
    'payment for the wrong amount is never recorded as a purchase. Idempotent on the payment '
    'reference: the same reference with the same fund, amount, currency and provider returns '
    'the row already recorded; with different values it is refused (unique_violation); a '
    'reference recorded by another account is refused with insufficient_privilege: a reference '
    'is bound to its buyer. Also refused: a fund the caller does not manage, amount <= 0, a '
    'malformed reference, an unknown provider, a currency without a list price (P0001). '
    'SECURITY DEFINER as auxeira_owner, because services cannot insert purchases directly. '
    'With an idempotency_key, a retry returns the first call''s result and writes nothing '
    '(auxeira.idempotent_replay).';

-- Deprecated names (0017), kept for one release: thin wrappers, removed in the next release --

CREATE FUNCTION auxeira_dash.vc_log_investment(
    company uuid, invested numeric, invested_on date, funding_round text DEFAULT NULL,
    fund uuid DEFAULT NULL, pre_money numeric DEFAULT NULL, post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL, lead boolean DEFAULT false, board boolean DEFAULT false,
    deal uuid DEFAULT NULL, note text DEFAULT NULL, currency text DEFAULT NULL,
    idempotency_key text DEFAULT NULL)
    RETURNS TABLE (
        investment_id uuid, cash_flow_id uuid, investor_id uuid, company_id uuid, fund_id uuid,
        investment_round varchar, amount numeric, equity_percentage numeric,
        pre_money_valuation numeric, post_money_valuation numeric, investment_date date,
        status varchar)
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT * FROM auxeira_dash.vc_record_investment(
        company, invested, invested_on, funding_round, fund, pre_money, post_money, equity,
        lead, board, deal, note, currency, idempotency_key)
$$;

COMMENT ON FUNCTION auxeira_dash.vc_log_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, uuid, text,
    text, text) IS
    'DEPRECATED since 0017, to be removed in the next release: use '
    'auxeira_dash.vc_record_investment (same arguments in the same order, named as the '
    'columns of auxeira.investments). Calls it and returns its row.';
