-- Writing the investment ledger (0011), shared by the VC and angel dashboards:
--   POST /api/investments/{id}/flows            auxeira_dash.investment_record_flow(...)
--   POST /api/investments/{id}/marks            auxeira_dash.investment_record_mark(...)
--   POST /api/investments/flows/{id}/reversal   auxeira_dash.investment_reverse_flow(...)
--   POST /api/investments/marks/{id}/reversal   auxeira_dash.investment_reverse_mark(...)
--   POST /api/investments/{id}/exit             auxeira_dash.investment_record_exit(...)
--   POST /api/investments/{id}/write-off        auxeira_dash.investment_record_write_off(...)
-- History is append-only: a wrong flow or mark is reversed (a row that cancels it from the
-- reversal's entry time on) and entered again; a mark is restated by recording another mark
-- for the same day. Each function checks its inputs and the caller's ownership before it
-- writes, and writes one row (SECURITY INVOKER: row-level security applies as well). Entry
-- rules shared with direct INSERTs are the ledger_entry trigger (sql/functions/095_ledger.sql).

CREATE FUNCTION auxeira_dash.investment_owned(investment uuid)
    RETURNS auxeira.investments
    LANGUAGE plpgsql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    found auxeira.investments;
BEGIN
    SELECT * INTO found
    FROM auxeira.investments AS i
    WHERE i.id = investment_owned.investment AND i.investor_id = me;
    IF found.id IS NULL THEN
        RAISE EXCEPTION 'no investment % of yours', coalesce(investment::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN found;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_owned(uuid) IS
    'The caller''s own investment with this id, or an error (no tenant: 42501; not theirs or '
    'not there: 22023, one message for both so that ids of others reveal nothing). Used by the '
    'ledger write functions.';

CREATE FUNCTION auxeira_dash.investment_record_flow(
    investment uuid,
    flow_type text,
    amount numeric,
    flow_date date DEFAULT CURRENT_DATE,
    currency text DEFAULT NULL,
    note text DEFAULT NULL)
    RETURNS SETOF auxeira.investment_cash_flows
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    holding auxeira.investments := auxeira_dash.investment_owned(investment);
BEGIN
    IF flow_type IS NULL
       OR flow_type NOT IN ('contribution', 'follow_on', 'distribution', 'fee') THEN
        RAISE EXCEPTION 'flow type must be contribution, follow_on, distribution or fee (got %)',
                coalesce(flow_type, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF amount IS NULL OR amount <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %); to cancel a flow, reverse it',
                coalesce(amount::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF flow_date IS NULL OR flow_date > CURRENT_DATE OR flow_date < holding.investment_date THEN
        RAISE EXCEPTION 'flow date must be between the investment date % and today (got %)',
                holding.investment_date, coalesce(flow_date::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM auxeira.checked_currency(currency);
    RETURN QUERY
    INSERT INTO auxeira.investment_cash_flows AS f
        (investment_id, flow_date, flow_type, amount, currency, note)
    VALUES (holding.id, investment_record_flow.flow_date, investment_record_flow.flow_type,
            investment_record_flow.amount, investment_record_flow.currency,
            investment_record_flow.note)
    RETURNING f.*;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_record_flow(uuid, text, numeric, date, text, text) IS
    'Records a cash flow of one of the caller''s investments: contribution, follow_on, '
    'distribution or fee, amount > 0, dated between the investment date and today, in the '
    'investment''s currency unless one is named (a foreign currency needs an exchange rate for '
    'the date). Returns the row; nothing is written on a bad input.';

CREATE FUNCTION auxeira_dash.investment_record_mark(
    investment uuid,
    holding_value numeric,
    mark_date date DEFAULT CURRENT_DATE,
    currency text DEFAULT NULL,
    company_valuation numeric DEFAULT NULL,
    source text DEFAULT 'manager')
    RETURNS SETOF auxeira.valuation_marks
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    holding auxeira.investments := auxeira_dash.investment_owned(investment);
BEGIN
    IF holding_value IS NULL OR holding_value < 0 THEN
        RAISE EXCEPTION 'holding value must be 0 or more (got %)',
                coalesce(holding_value::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF mark_date IS NULL OR mark_date > CURRENT_DATE THEN
        RAISE EXCEPTION 'mark date must be given and not in the future (got %)',
                coalesce(mark_date::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF mark_date < holding.investment_date THEN
        RAISE EXCEPTION 'a mark dated % precedes its investment (made on %)',
                mark_date, holding.investment_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF source IS NULL OR source NOT IN ('round', 'manager', 'audit', 'exit', 'write-off') THEN
        RAISE EXCEPTION 'source must be round, manager, audit, exit or write-off (got %)',
                coalesce(source, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM auxeira.checked_currency(currency);
    RETURN QUERY
    INSERT INTO auxeira.valuation_marks AS m
        (investment_id, mark_date, holding_value, company_valuation, source, currency)
    VALUES (holding.id, investment_record_mark.mark_date, investment_record_mark.holding_value,
            investment_record_mark.company_valuation, investment_record_mark.source,
            investment_record_mark.currency)
    RETURNING m.*;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_record_mark(uuid, numeric, date, text, numeric, text) IS
    'Records a valuation mark (the fair value of the caller''s stake) of one of their '
    'investments, dated between the investment date and today. Recording a mark for a day '
    'that already has one restates it: figures from now on use the new mark, figures asked as '
    'reported before now still show the old one. Returns the row.';

CREATE FUNCTION auxeira_dash.investment_reverse_flow(cash_flow uuid, note text DEFAULT NULL)
    RETURNS TABLE (reversal_id uuid, reverses uuid, investment_id uuid, created_at timestamptz)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.require_user_id();
    target auxeira.investment_cash_flows;
BEGIN
    SELECT f.* INTO target FROM auxeira.investment_cash_flows AS f WHERE f.id = cash_flow;
    IF target.id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.investments AS i
                      WHERE i.id = target.investment_id AND i.investor_id = me) THEN
        RAISE EXCEPTION 'no cash flow % of yours to reverse', coalesce(cash_flow::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target.reverses IS NOT NULL THEN
        RAISE EXCEPTION 'cash flow % is itself a reversal and cannot be reversed', cash_flow
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM auxeira.investment_cash_flows AS r WHERE r.reverses = cash_flow) THEN
        RAISE EXCEPTION 'cash flow % is already reversed', cash_flow
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    INSERT INTO auxeira.investment_cash_flows AS f
        (investment_id, flow_date, flow_type, amount, currency, reverses, note)
    VALUES (target.investment_id, target.flow_date, target.flow_type, target.amount,
            target.currency, target.id, coalesce(note, 'reversal'))
    RETURNING f.id, f.reverses, f.investment_id, f.created_at;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_reverse_flow(uuid, text) IS
    'Cancels one of the caller''s cash flows by a reversal row: from now on neither counts; '
    'figures asked as reported before now still show the original. A flow that does not exist '
    'or is not the caller''s, a reversal, or a flow already reversed: an error, nothing '
    'written.';

CREATE FUNCTION auxeira_dash.investment_reverse_mark(mark uuid)
    RETURNS TABLE (reversal_id uuid, reverses uuid, investment_id uuid, created_at timestamptz)
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    me uuid := auxeira.require_user_id();
    target auxeira.valuation_marks;
BEGIN
    SELECT m.* INTO target FROM auxeira.valuation_marks AS m WHERE m.id = mark;
    IF target.id IS NULL
       OR NOT EXISTS (SELECT FROM auxeira.investments AS i
                      WHERE i.id = target.investment_id AND i.investor_id = me) THEN
        RAISE EXCEPTION 'no valuation mark % of yours to reverse', coalesce(mark::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF target.reverses IS NOT NULL THEN
        RAISE EXCEPTION 'valuation mark % is itself a reversal and cannot be reversed', mark
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF EXISTS (SELECT FROM auxeira.valuation_marks AS r WHERE r.reverses = mark) THEN
        RAISE EXCEPTION 'valuation mark % is already reversed', mark
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    INSERT INTO auxeira.valuation_marks AS m
        (investment_id, mark_date, holding_value, company_valuation, source, currency, reverses)
    VALUES (target.investment_id, target.mark_date, target.holding_value,
            target.company_valuation, target.source, target.currency, target.id)
    RETURNING m.id, m.reverses, m.investment_id, m.created_at;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_reverse_mark(uuid) IS
    'Withdraws one of the caller''s valuation marks by a reversal row (the holding''s value '
    'falls back to the previous mark from now on). Errors as investment_reverse_flow.';

CREATE FUNCTION auxeira_dash.investment_record_exit(
    investment uuid,
    exit_date date,
    proceeds numeric,
    exit_valuation numeric DEFAULT NULL)
    RETURNS SETOF auxeira.investments
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    holding auxeira.investments := auxeira_dash.investment_owned(investment);
BEGIN
    IF exit_date IS NULL OR exit_date > CURRENT_DATE OR exit_date < holding.investment_date THEN
        RAISE EXCEPTION 'exit date must be between the investment date % and today (got %)',
                holding.investment_date, coalesce(exit_date::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF proceeds IS NULL OR proceeds < 0 THEN
        RAISE EXCEPTION 'exit proceeds must be 0 or more (got %)', coalesce(proceeds::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF exit_valuation IS NOT NULL AND exit_valuation < 0 THEN
        RAISE EXCEPTION 'exit valuation cannot be negative (got %)', exit_valuation
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    UPDATE auxeira.investments AS i
    SET status = 'exited',
        exit_date = investment_record_exit.exit_date,
        exit_proceeds = investment_record_exit.proceeds,
        exit_valuation = coalesce(investment_record_exit.exit_valuation, i.exit_valuation)
    WHERE i.id = holding.id
    RETURNING i.*;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_record_exit(uuid, date, numeric, numeric) IS
    'Records the exit of one of the caller''s investments: its date and all the proceeds due '
    'to the caller (in the investment''s currency), paid then or later. Until distributions '
    'pay them, the unpaid proceeds are the holding''s value (receivable); the gain is realised '
    'on the exit date. Record the cash as distributions when it arrives.';

CREATE FUNCTION auxeira_dash.investment_record_write_off(investment uuid, written_off_on date)
    RETURNS SETOF auxeira.investments
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    holding auxeira.investments := auxeira_dash.investment_owned(investment);
BEGIN
    IF written_off_on IS NULL OR written_off_on > CURRENT_DATE
       OR written_off_on < holding.investment_date THEN
        RAISE EXCEPTION 'write-off date must be between the investment date % and today (got %)',
                holding.investment_date, coalesce(written_off_on::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    UPDATE auxeira.investments AS i
    SET status = 'written-off', exit_date = written_off_on, exit_proceeds = NULL
    WHERE i.id = holding.id
    RETURNING i.*;
END
$$;

COMMENT ON FUNCTION auxeira_dash.investment_record_write_off(uuid, date) IS
    'Writes off one of the caller''s investments on a date: its value is 0 from that date and '
    'the cost still held is a realised loss that day.';

-- The first entry of an investment, shared by auxeira_dash.vc_record_investment and
-- auxeira_dash.angel_record_investment (0015, renamed in 0017): the investment row and its
-- first cash flow.

CREATE FUNCTION auxeira.record_investment(
    company uuid,
    invested numeric,
    invested_on date,
    funding_round text DEFAULT NULL,
    fund uuid DEFAULT NULL,
    pre_money numeric DEFAULT NULL,
    post_money numeric DEFAULT NULL,
    equity numeric DEFAULT NULL,
    lead boolean DEFAULT false,
    board boolean DEFAULT false,
    note text DEFAULT NULL,
    currency text DEFAULT NULL)
    RETURNS TABLE (investment_id uuid, cash_flow_id uuid)
    LANGUAGE plpgsql
    VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    pre numeric := record_investment.pre_money;
    post numeric := record_investment.post_money;
    stake numeric := record_investment.equity;
    cheque numeric := record_investment.invested;
    currency_code text := nullif(upper(btrim(record_investment.currency)), '');
    new_investment uuid;
    new_flow uuid;
    failed_constraint text;
BEGIN
    IF company IS NULL THEN
        RAISE EXCEPTION 'company is required' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cheque IS NULL OR cheque <= 0 THEN
        RAISE EXCEPTION 'amount must be greater than 0 (got %)', coalesce(cheque::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF invested_on IS NULL OR invested_on > CURRENT_DATE THEN
        RAISE EXCEPTION 'investment date must be given and not in the future (got %)',
            coalesce(invested_on::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF fund IS NOT NULL
       AND NOT EXISTS (SELECT FROM auxeira.funds AS f
                       WHERE f.id = record_investment.fund AND f.manager_id = me) THEN
        RAISE EXCEPTION 'fund % is not one of your funds', fund
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF currency_code IS NOT NULL
       AND NOT EXISTS (SELECT FROM auxeira.currencies AS c WHERE c.code = currency_code)
    THEN
        RAISE EXCEPTION 'unknown currency % (auxeira.currencies)', currency_code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- Valuations: post-money = pre-money + amount; either one gives the other.
    IF pre IS NOT NULL AND pre < 0 OR post IS NOT NULL AND post < 0 THEN
        RAISE EXCEPTION 'valuations cannot be negative (pre-money %, post-money %)', pre, post
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NOT NULL AND post IS NOT NULL AND post <> pre + cheque THEN
        RAISE EXCEPTION 'post-money valuation % must equal pre-money % plus the amount %',
            post, pre, cheque
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF pre IS NULL AND post IS NOT NULL THEN
        pre := post - cheque;
        IF pre < 0 THEN
            RAISE EXCEPTION 'post-money valuation % is smaller than the amount %', post, cheque
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF post IS NULL AND pre IS NOT NULL THEN
        post := pre + cheque;
    END IF;
    -- Equity: the amount's share of the post-money valuation, to 0.01 percentage point.
    IF post IS NOT NULL THEN
        IF stake IS NOT NULL AND abs(stake - cheque / post * 100) > 0.01 THEN
            RAISE EXCEPTION 'equity % %% does not match amount / post-money = % %%',
                stake, round(cheque / post * 100, 4)
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        stake := round(cheque / post * 100, 2);
        IF stake = 0 THEN
            RAISE EXCEPTION 'equity of % / % rounds to 0 %%', cheque, post
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    END IF;

    BEGIN
        -- currency NULL: the ledger_entry trigger takes the fund's, else USD.
        INSERT INTO auxeira.investments AS i (
            investor_id, company_id, fund_id, investment_round, amount, equity_percentage,
            pre_money_valuation, post_money_valuation, investment_date, lead_investor,
            board_seat, currency)
        VALUES (me, record_investment.company, record_investment.fund,
                record_investment.funding_round, cheque, stake, pre, post,
                record_investment.invested_on, coalesce(record_investment.lead, false),
                coalesce(record_investment.board, false), currency_code)
        RETURNING i.id INTO new_investment;
    EXCEPTION WHEN foreign_key_violation THEN
        GET STACKED DIAGNOSTICS failed_constraint = CONSTRAINT_NAME;
        IF failed_constraint = 'investments_company_id_fkey' THEN
            RAISE EXCEPTION 'company % does not exist', company
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        RAISE;
    END;

    INSERT INTO auxeira.investment_cash_flows AS cf (investment_id, flow_date, flow_type, amount,
                                                    note)
    VALUES (new_investment, record_investment.invested_on, 'contribution', cheque,
            coalesce(record_investment.note, 'initial investment'))
    RETURNING cf.id INTO new_flow;

    investment_id := new_investment;
    cash_flow_id := new_flow;
    RETURN NEXT;
END
$$;

COMMENT ON FUNCTION auxeira.record_investment(
    uuid, numeric, date, text, uuid, numeric, numeric, numeric, boolean, boolean, text, text) IS
    'Records an investment of the current user and its first cash flow (a contribution of the '
    'amount on the investment date, note default ''initial investment''); the one write behind '
    'auxeira_dash.vc_record_investment and auxeira_dash.angel_record_investment. currency is the '
    'cheque''s (ISO 4217, auxeira.currencies); NULL takes the fund''s, else USD (trigger '
    'investments_ledger_entry). Refuses (invalid_parameter_value unless noted): no company, an '
    'unknown one (foreign_key_violation), amount <= 0, a date missing or in the future, a fund '
    'the caller does not manage, an unknown currency, negative valuations, post-money <> '
    'pre-money + amount, equity <> amount / post-money (when valuations are given, equity is '
    'derived from them, to 0.01 point). No tenant: insufficient_privilege '
    '(auxeira.require_user_id). Returns the investment id and the cash flow id. SECURITY '
    'INVOKER: row-level security checks both inserts.';
