-- Undo 0009_outbox_tokens_prices.
SET LOCAL ROLE auxeira_owner;

-- 1. Dashboard events: back to the JSON payloads of 0004.
CREATE OR REPLACE FUNCTION auxeira.notify_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (startup, vc, angel, esg, government, corporate)
    -- TG_ARGV[1]: the column naming the user the change concerns
    changed jsonb;
BEGIN
    -- Bulk loads (auxeira-db seed) set auxeira.suppress_notify for their transaction.
    IF current_setting('auxeira.suppress_notify', true) = 'on' THEN
        RETURN NULL;
    END IF;
    changed := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    PERFORM pg_notify(
        'auxeira_' || TG_ARGV[0],
        jsonb_build_object(
            'dashboard', TG_ARGV[0],
            'user_id', changed ->> TG_ARGV[1],
            'entity', TG_TABLE_NAME,
            'id', changed ->> 'id',
            'op', lower(TG_OP)
        )::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_dashboard() IS
    'AFTER ROW trigger function: sends a NOTIFY on channel auxeira_<dashboard> (trigger '
    'argument 1) with a small JSON payload {dashboard, user_id (from the column named by '
    'argument 2), entity (table), id, op}. Never the row''s data: well under the 8,000-byte '
    'payload limit. Delivered at commit, only if the transaction commits. Silent while the '
    'transaction-local setting auxeira.suppress_notify is ''on'' (bulk loads).';

CREATE OR REPLACE FUNCTION auxeira.notify_investment_dashboard()
    RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    -- TG_ARGV[0]: dashboard (vc or angel)
    row_id uuid;
    parent uuid;
    investor uuid;
BEGIN
    IF TG_OP = 'DELETE' THEN
        row_id := OLD.id;
        parent := OLD.investment_id;
    ELSE
        row_id := NEW.id;
        parent := NEW.investment_id;
    END IF;
    -- Row-level security applies: a writer sees the investment it writes for (the policies
    -- of these tables require it); when the lookup finds nothing, user_id is null.
    SELECT i.investor_id INTO investor FROM auxeira.investments AS i WHERE i.id = parent;
    PERFORM pg_notify(
        'auxeira_' || TG_ARGV[0],
        jsonb_build_object(
            'dashboard', TG_ARGV[0],
            'user_id', investor,
            'entity', TG_TABLE_NAME,
            'id', row_id,
            'op', lower(TG_OP)
        )::text);
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.notify_investment_dashboard() IS
    'AFTER ROW trigger function for tables keyed by investment_id (investment_cash_flows, '
    'valuation_marks): sends on channel auxeira_<dashboard> (trigger argument 1) the same '
    'small JSON payload as auxeira.notify_dashboard(), with user_id = the investor of the '
    'row''s investment (looked up in auxeira.investments). Never the row''s data.';

DROP FUNCTION auxeira.prune_outbox(interval, integer);
DROP TABLE auxeira.outbox;
