-- The tax-lot writes of the angel dashboard (issue 17; reads in sql/views/angel.sql, the
-- report in sql/api/angel.sql, rules in sql/functions/100_tax_lots.sql). Each writes in the
-- caller's own name only: there is no user argument. Not tax advice.

-- POST /api/dashboard/angel/tax-jurisdiction
CREATE FUNCTION auxeira_dash.angel_set_tax_jurisdiction(jurisdiction text)
    RETURNS auxeira.tax_profiles
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    saved auxeira.tax_profiles;
BEGIN
    IF jurisdiction IS NULL OR jurisdiction NOT IN ('US', 'UK') THEN
        RAISE EXCEPTION 'jurisdiction must be US or UK, got %', coalesce(jurisdiction, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.tax_profiles AS p (user_id, jurisdiction)
    VALUES (me, angel_set_tax_jurisdiction.jurisdiction)
    ON CONFLICT (user_id) DO UPDATE
        SET jurisdiction = excluded.jurisdiction, written_at = now()
    RETURNING p.* INTO saved;
    RETURN saved;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_set_tax_jurisdiction(text) IS
    'Sets the caller''s tax jurisdiction (US or UK; auxeira.tax_profiles), which decides the '
    'tax year and the matching rules of the tax report. Raises insufficient_privilege without '
    'a tenant (auxeira.require_user_id), invalid_parameter_value for another value. Not tax advice.';

-- POST /api/dashboard/angel/tax-lot
CREATE FUNCTION auxeira_dash.angel_set_lot_facts(
    lot_id uuid,
    shares numeric DEFAULT NULL,
    shares_issued_on date DEFAULT NULL,
    acquired_by text DEFAULT 'purchase',
    relief text DEFAULT 'none',
    company_conditions_confirmed boolean DEFAULT false)
    RETURNS auxeira.tax_lot_facts
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    lot record;
    saved auxeira.tax_lot_facts;
BEGIN
    SELECT o.investment_id INTO lot
    FROM auxeira.tax_lot_origin(angel_set_lot_facts.lot_id) AS o
    WHERE o.investor_id = me;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no lot % of yours', coalesce(angel_set_lot_facts.lot_id::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.tax_lot_facts AS t (
        lot_id, investment_id, investor_id, shares, shares_issued_on, acquired_by, relief,
        company_conditions_confirmed)
    VALUES (angel_set_lot_facts.lot_id, lot.investment_id, me, angel_set_lot_facts.shares,
            angel_set_lot_facts.shares_issued_on, angel_set_lot_facts.acquired_by,
            angel_set_lot_facts.relief, angel_set_lot_facts.company_conditions_confirmed)
    ON CONFLICT ON CONSTRAINT tax_lot_facts_pkey DO UPDATE
        SET shares = excluded.shares, shares_issued_on = excluded.shares_issued_on,
            acquired_by = excluded.acquired_by, relief = excluded.relief,
            company_conditions_confirmed = excluded.company_conditions_confirmed,
            written_at = now()
    RETURNING t.* INTO saved;
    RETURN saved;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_set_lot_facts(uuid, numeric, date, text, text, boolean) IS
    'Records what the caller states about one of their lots (auxeira.tax_lots: a contribution '
    'or follow_on flow, or an investment without flows): shares, share-issue date (a converted '
    'note or SAFE: the conversion), purchase or conversion, relief scheme (none, qsbs, eis, '
    'seis) and whether they confirm the company-level conditions. Replaces earlier facts. '
    'Raises invalid_parameter_value for a lot that is not the caller''s, check_violation for a '
    'bad value. Not tax advice.';

-- POST /api/dashboard/angel/tax-disposal
CREATE FUNCTION auxeira_dash.angel_identify_disposal(
    disposal_id uuid, shares numeric, lots jsonb DEFAULT '{}')
    RETURNS auxeira.tax_disposal_facts
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    sale record;
    bad text;
    named numeric;
    saved auxeira.tax_disposal_facts;
BEGIN
    SELECT f.investment_id, f.flow_date INTO sale
    FROM auxeira.investment_cash_flows AS f
    JOIN auxeira.investments AS i ON i.id = f.investment_id
    WHERE f.id = angel_identify_disposal.disposal_id
      AND f.flow_type = 'distribution' AND f.reverses IS NULL AND i.investor_id = me;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no partial sale (distribution) % of yours',
            coalesce(angel_identify_disposal.disposal_id::text, 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF jsonb_typeof(coalesce(lots, 'null')) <> 'object' THEN
        RAISE EXCEPTION 'lots must be a JSON object {lot id: shares}'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- every named lot: one of this holding's, acquired by the sale, with a positive count
    SELECT min(k.key) INTO bad
    FROM jsonb_each(lots) AS k
    WHERE jsonb_typeof(k.value) <> 'number' OR (k.value #>> '{}')::numeric <= 0
       OR NOT EXISTS (SELECT FROM auxeira.tax_lot_origin(
                          CASE WHEN k.key ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$'
                               THEN k.key::uuid END) AS o
                      WHERE o.investor_id = me AND o.investment_id = sale.investment_id
                        AND o.acquired_on <= sale.flow_date);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'lot % is not a lot of this holding acquired by % with a positive share '
                        'count', bad, sale.flow_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(sum((k.value #>> '{}')::numeric), 0) INTO named FROM jsonb_each(lots) AS k;
    IF named > angel_identify_disposal.shares THEN
        RAISE EXCEPTION 'the lots name % shares, more than the % sold', named,
            angel_identify_disposal.shares
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO auxeira.tax_disposal_facts AS t (disposal_id, investment_id, investor_id, shares,
                                                 lots)
    VALUES (angel_identify_disposal.disposal_id, sale.investment_id, me,
            angel_identify_disposal.shares, lots)
    ON CONFLICT ON CONSTRAINT tax_disposal_facts_pkey DO UPDATE
        SET shares = excluded.shares, lots = excluded.lots, written_at = now()
    RETURNING t.* INTO saved;
    RETURN saved;
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_identify_disposal(uuid, numeric, jsonb) IS
    'Records the shares one of the caller''s partial sales (a distribution cash flow before the '
    'exit) sold and, for US specific identification, the lots it sold them from ({lot id: '
    'shares}; the rest is matched first in, first out). Replaces earlier facts. Raises '
    'invalid_parameter_value for a sale that is not the caller''s, a lot not of that holding or '
    'acquired after the sale, or lots naming more shares than sold. Not tax advice.';
