-- Keeping auxeira.holding_figures and auxeira.portfolio_figures (migrations 0016, 0021): what
-- the engine answers for today, rewritten in the transaction of every ledger write. The engine
-- returns rows of these tables' types, so a refresh stores them as they come.
--
-- Concurrency: a write locks its investors (a transaction-scoped advisory lock per investor,
-- taken in investor order) before it computes anything, so two sessions writing to one
-- investor compute one after the other, and the second (at READ COMMITTED, the default) sees
-- the first's rows once it holds the lock. At REPEATABLE READ or SERIALIZABLE a writer that
-- waited computes from its older snapshot; its rewrite of a row the first one changed then
-- fails with a serialization error (retry), never stores a stale figure.

CREATE FUNCTION auxeira.refresh_holding_figures(
    investments uuid[] DEFAULT NULL,
    investors uuid[] DEFAULT NULL,
    as_of date DEFAULT CURRENT_DATE)
    RETURNS bigint
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    everything boolean := investments IS NULL AND investors IS NULL;
    owners uuid[];
    fx uuid[];
    mixed uuid[];
    o uuid;
    rc text;
    written bigint := 0;
    n bigint;
BEGIN
    IF everything THEN
        -- a full rebuild: writers wait for it (and it for them) on the figures tables
        LOCK TABLE auxeira.holding_figures, auxeira.portfolio_figures IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM auxeira.holding_figures;
        DELETE FROM auxeira.portfolio_figures;
        owners := ARRAY(SELECT DISTINCT i.investor_id FROM auxeira.investments AS i);
    ELSE
        owners := ARRAY(
            SELECT DISTINCT x.o
            FROM (SELECT unnest(coalesce(refresh_holding_figures.investors, '{}')) AS o
                  UNION ALL
                  SELECT i.investor_id
                  FROM auxeira.investments AS i
                  WHERE i.id = ANY (refresh_holding_figures.investments)) AS x
            ORDER BY x.o);
        PERFORM pg_advisory_xact_lock(hashtextextended('auxeira.holding_figures ' || w::text, 0))
        FROM unnest(owners) AS w;
        -- from here each statement sees what writers that held these locks committed
        -- the touched holdings, and every converted row of their investors: a new currency in
        -- a portfolio changes the currency all its holdings report in
        DELETE FROM auxeira.holding_figures AS h
        WHERE h.investment_id = ANY (refresh_holding_figures.investments)
           OR (h.converted AND h.investor_id = ANY (owners));
        DELETE FROM auxeira.portfolio_figures AS p WHERE p.investor_id = ANY (owners);
    END IF;

    -- the holdings of these investors with an entry in another currency, looked up once
    fx := ARRAY(
        SELECT i.id
        FROM auxeira.investments AS i
        WHERE i.investor_id = ANY (owners) AND auxeira.holding_uses_fx(i.id));

    -- each holding in its own currency, when no rate goes into it (set-based)
    INSERT INTO auxeira.holding_figures
    SELECT p.*
    FROM auxeira.ledger_performance(
        refresh_holding_figures.as_of, NULL, NULL, NULL, NULL,
        ARRAY(SELECT i.id
              FROM auxeira.investments AS i
              WHERE (everything OR i.id = ANY (refresh_holding_figures.investments))
                AND i.id NOT IN (SELECT unnest(fx)))) AS p;
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    -- portfolios without any rate in them (set-based)
    mixed := ARRAY(
        SELECT i.investor_id
        FROM auxeira.investments AS i
        WHERE i.investor_id = ANY (owners)
        GROUP BY i.investor_id
        HAVING min(i.currency) <> max(i.currency) OR bool_or(i.id IN (SELECT unnest(fx))));
    INSERT INTO auxeira.portfolio_figures
    SELECT p.*
    FROM unnest(owners) AS w
    CROSS JOIN LATERAL auxeira.ledger_portfolio_performance(
        refresh_holding_figures.as_of, NULL, NULL, w, NULL) AS p
    WHERE w <> ALL (mixed);
    GET DIAGNOSTICS n = ROW_COUNT;
    written := written + n;

    -- investors whose figures convert: all their holdings in the portfolio's currency, and the
    -- portfolio; one investor at a time, so that a missing rate leaves only that investor's
    -- figures to be computed when read (where the error names the rate)
    FOREACH o IN ARRAY mixed LOOP
        BEGIN
            rc := auxeira.investor_reporting_currency(o);
            INSERT INTO auxeira.holding_figures
            SELECT p.*
            FROM auxeira.ledger_performance(
                refresh_holding_figures.as_of, NULL, rc, o, NULL,
                ARRAY(SELECT i.id
                      FROM auxeira.investments AS i
                      WHERE i.investor_id = o
                        AND (i.currency <> rc OR i.id IN (SELECT unnest(fx))))) AS p;
            GET DIAGNOSTICS n = ROW_COUNT;
            written := written + n;
            INSERT INTO auxeira.portfolio_figures
            SELECT p.*
            FROM auxeira.ledger_portfolio_performance(
                refresh_holding_figures.as_of, NULL, NULL, o, NULL) AS p;
            GET DIAGNOSTICS n = ROW_COUNT;
            written := written + n;
        EXCEPTION WHEN no_data_found THEN
            NULL;  -- a rate is missing: nothing kept for this investor, reads compute (and say so)
        END;
    END LOOP;
    RETURN written;
END
$$;

COMMENT ON FUNCTION auxeira.refresh_holding_figures(uuid[], uuid[], date) IS
    'Recomputes auxeira.holding_figures for the given investments (in their own currency and in '
    'their investor''s reporting currency) and auxeira.portfolio_figures for their investors and '
    'the given ones, as of a day (default today), from the ledger; a figure that needs a '
    'missing exchange rate is left out (the read computes it and names the rate). With no '
    'arguments, rebuilds both tables (the job holding-figures runs this each day). Locks the '
    'investors first (see sql/functions/045_holding_figures.sql). Returns the rows written. '
    'Run by the ledger''s statement triggers and the owner; not granted to services.';

CREATE FUNCTION auxeira.holding_uses_fx(investment uuid)
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT EXISTS (
               SELECT FROM auxeira.investment_cash_flows AS f
               JOIN auxeira.investments AS i ON i.id = f.investment_id
               WHERE f.investment_id = holding_uses_fx.investment AND f.currency <> i.currency)
        OR EXISTS (
               SELECT FROM auxeira.valuation_marks AS m
               JOIN auxeira.investments AS i ON i.id = m.investment_id
               WHERE m.investment_id = holding_uses_fx.investment AND m.currency <> i.currency)
$$;

COMMENT ON FUNCTION auxeira.holding_uses_fx(uuid) IS
    'True when a cash flow or valuation mark of the investment (reversed ones included) is in '
    'another currency than the investment''s: its figures depend on exchange rates, so '
    'auxeira.refresh_holding_figures keeps them as converted rows (rewritten when rates change).';

CREATE FUNCTION auxeira.figures_deferred()
    RETURNS boolean
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(current_setting('auxeira.defer_figures', true), '') = 'on'
           AND auxeira.acting_as_platform()
$$;

COMMENT ON FUNCTION auxeira.figures_deferred() IS
    'True when the platform (auxeira_owner or a member, see acting_as_platform) set '
    'auxeira.defer_figures = on for a bulk load: the kept-figures triggers then skip their work '
    'and the loader calls auxeira.refresh_holding_figures() at its end. Always false for '
    'services, whatever they set. SECURITY INVOKER: it judges the writing role.';

CREATE FUNCTION auxeira.ledger_figures_changed()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    touched uuid[];
    owners uuid[];
BEGIN
    IF TG_TABLE_NAME = 'investments' AND TG_OP = 'UPDATE' THEN
        -- only what the figures depend on (not the stored irr/moic the metrics job writes)
        SELECT array_agg(c.id), array_agg(DISTINCT c.investor_id) INTO touched, owners
        FROM changed AS c
        JOIN previous AS b ON b.id = c.id
        WHERE (c.status, c.exit_date, c.exit_proceeds, c.exit_recorded_at, c.amount,
               c.investment_date, c.currency, c.fund_id, c.company_id, c.created_at)
              IS DISTINCT FROM
              (b.status, b.exit_date, b.exit_proceeds, b.exit_recorded_at, b.amount,
               b.investment_date, b.currency, b.fund_id, b.company_id, b.created_at);
    ELSIF TG_TABLE_NAME = 'investments' THEN
        SELECT array_agg(c.id), array_agg(DISTINCT c.investor_id) INTO touched, owners
        FROM changed AS c;
    ELSE
        SELECT array_agg(DISTINCT c.investment_id) INTO touched FROM changed AS c;
    END IF;
    IF touched IS NOT NULL THEN
        PERFORM auxeira.refresh_holding_figures(touched, owners);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.ledger_figures_changed() IS
    'Statement trigger of investments, investment_cash_flows and valuation_marks (transition '
    'tables "changed", and "previous" for an update of investments): recomputes the kept figures of the investments the statement touched and '
    'of their investors, in the writing transaction. The triggers'' WHEN clause skips it for '
    'a bulk load by the platform that set auxeira.defer_figures = on (it calls '
    'auxeira.refresh_holding_figures() at its end); other roles cannot skip it.';

CREATE FUNCTION auxeira.fx_rates_changed()
    RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- every investor whose figures convert, and their holdings
    PERFORM auxeira.refresh_holding_figures(
        ARRAY(SELECT i.id FROM auxeira.investments AS i WHERE i.investor_id = ANY (x.mixed)),
        x.mixed)
    FROM (SELECT ARRAY(
              SELECT i.investor_id
              FROM auxeira.investments AS i
              GROUP BY i.investor_id
              HAVING min(i.currency) <> max(i.currency)
                  OR bool_or(auxeira.holding_uses_fx(i.id))) AS mixed) AS x
    WHERE cardinality(x.mixed) > 0;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION auxeira.fx_rates_changed() IS
    'Statement trigger of auxeira.fx_rates: a rate entered, restated or removed rewrites the kept '
    'figures of every investor whose figures convert an amount (holdings in several currencies, '
    'or an entry in another currency than its holding''s), in the same transaction.';
