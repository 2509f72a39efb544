-- The investment ledger's entry rules (0011), enforced by BEFORE triggers so that every path
-- (the dashboard functions, a service's INSERT, a DBA's script) obeys them:
--   * currency defaults: an investment from its fund (else USD), a flow or mark from its
--     investment, a fund flow from its fund;
--   * an entry in a currency other than its parent's needs an exchange rate for its date;
--   * a mark may not be dated before its investment;
--   * knowledge time: created_at is now() for services (only the platform, e.g. the seeder
--     loading history, may set it), so "as reported" figures cannot be forged;
--   * a reversal row copies the row it reverses, which must exist and be visible to the
--     caller (row-level security applies: the trigger is SECURITY INVOKER), and may not
--     itself be a reversal;
--   * an investment's terminal state (status, exit_date, exit_proceeds) is stamped with its
--     knowledge time (exit_recorded_at).
-- Services have no UPDATE or DELETE on the ledger tables (sql/security/050_ledger.sql).

CREATE FUNCTION auxeira.ledger_entry()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parent_currency text;
    parent_date date;
    entry_date date;
    original record;
    seen integer;
BEGIN
    IF TG_TABLE_NAME = 'investments' THEN
        IF TG_OP = 'INSERT' THEN
            IF NEW.currency IS NULL THEN
                NEW.currency := coalesce(
                    (SELECT f.currency FROM auxeira.funds AS f WHERE f.id = NEW.fund_id), 'USD');
            END IF;
            IF NOT auxeira.acting_as_platform() THEN
                -- services never choose a knowledge time: it is when they write
                NEW.exit_recorded_at := CASE WHEN NEW.status <> 'active' THEN now() END;
            ELSIF NEW.status <> 'active' AND NEW.exit_recorded_at IS NULL THEN
                NEW.exit_recorded_at := now();
            END IF;
        ELSE
            IF NEW.currency IS DISTINCT FROM OLD.currency AND NOT auxeira.acting_as_platform() THEN
                RAISE EXCEPTION 'the currency of investment % cannot change once recorded', OLD.id
                    USING ERRCODE = 'check_violation';
            END IF;
            IF (NEW.status, NEW.exit_date, NEW.exit_proceeds)
               IS DISTINCT FROM (OLD.status, OLD.exit_date, OLD.exit_proceeds) THEN
                IF NEW.exit_recorded_at IS NOT DISTINCT FROM OLD.exit_recorded_at
                   OR NOT auxeira.acting_as_platform() THEN
                    NEW.exit_recorded_at := now();
                END IF;
            ELSIF NOT auxeira.acting_as_platform() THEN
                NEW.exit_recorded_at := OLD.exit_recorded_at;
            END IF;
        END IF;
        RETURN NEW;
    END IF;

    IF NOT auxeira.acting_as_platform() THEN
        NEW.created_at := now();
    END IF;

    IF NEW.reverses IS NOT NULL THEN
        EXECUTE format('SELECT * FROM auxeira.%I WHERE id = $1', TG_TABLE_NAME)
            INTO original USING NEW.reverses;
        GET DIAGNOSTICS seen = ROW_COUNT;
        IF seen = 0 THEN
            RAISE EXCEPTION 'no % row % to reverse (it does not exist or is not yours)',
                    TG_TABLE_NAME, NEW.reverses
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF original.reverses IS NOT NULL THEN
            RAISE EXCEPTION '% row % is itself a reversal and cannot be reversed',
                    TG_TABLE_NAME, NEW.reverses
                USING ERRCODE = 'check_violation';
        END IF;
        -- a reversal is the original, negated by its meaning: copy every value
        IF TG_TABLE_NAME = 'valuation_marks' THEN
            NEW.investment_id := original.investment_id;
            NEW.mark_date := original.mark_date;
            NEW.holding_value := original.holding_value;
            NEW.company_valuation := original.company_valuation;
            NEW.source := original.source;
        ELSIF TG_TABLE_NAME = 'investment_cash_flows' THEN
            NEW.investment_id := original.investment_id;
            NEW.flow_date := original.flow_date;
            NEW.flow_type := original.flow_type;
            NEW.amount := original.amount;
        ELSE
            NEW.fund_id := original.fund_id;
            NEW.flow_date := original.flow_date;
            NEW.flow_type := original.flow_type;
            NEW.amount := original.amount;
        END IF;
        NEW.currency := original.currency;
        RETURN NEW;
    END IF;

    IF TG_TABLE_NAME = 'fund_cash_flows' THEN
        -- fund flows may precede the vintage year (set-up costs): no date check
        SELECT f.currency INTO parent_currency FROM auxeira.funds AS f WHERE f.id = NEW.fund_id;
        entry_date := NEW.flow_date;
    ELSE
        SELECT i.currency, i.investment_date INTO parent_currency, parent_date
        FROM auxeira.investments AS i
        WHERE i.id = NEW.investment_id;
        IF TG_TABLE_NAME = 'valuation_marks' THEN
            entry_date := NEW.mark_date;
        ELSE
            entry_date := NEW.flow_date;
        END IF;
    END IF;
    IF parent_currency IS NULL THEN
        -- not visible (or not there): the foreign key and the policies give the error
        RETURN NEW;
    END IF;
    NEW.currency := coalesce(NEW.currency, parent_currency);
    IF TG_TABLE_NAME = 'valuation_marks' AND entry_date < parent_date THEN
        RAISE EXCEPTION 'a mark dated % precedes its investment (made on %)',
                entry_date, parent_date
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.currency <> parent_currency THEN
        -- raises no_data_found, naming the pair and the day, when there is no rate
        PERFORM auxeira.fx_rate(NEW.currency, parent_currency, entry_date);
    END IF;
    RETURN NEW;
END
$$;

COMMENT ON FUNCTION auxeira.ledger_entry() IS
    'BEFORE trigger of investments, investment_cash_flows, valuation_marks and fund_cash_flows: '
    'currency defaults, the exchange-rate, mark-date and reversal checks, knowledge time '
    '(created_at, exit_recorded_at). SECURITY INVOKER on purpose: a reversal must name a row '
    'the caller can see. The rules are in sql/functions/095_ledger.sql.';
