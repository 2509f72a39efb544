-- Tax lots, share matching and relief clocks (issue 17; docs/TAX-LOTS.md). None of this is tax
-- advice: it lays the ledger out the way each jurisdiction's rules read, with their sources,
-- for the investor's adviser to check.

CREATE FUNCTION auxeira.tax_jurisdiction(investor uuid)
    RETURNS varchar
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce((SELECT p.jurisdiction FROM auxeira.tax_profiles AS p
                     WHERE p.user_id = tax_jurisdiction.investor), 'US')::varchar
$$;

COMMENT ON FUNCTION auxeira.tax_jurisdiction(uuid) IS
    'The tax jurisdiction of a user as the caller may see it (auxeira.tax_profiles; US when '
    'unset). Not tax advice.';

CREATE FUNCTION auxeira.tax_year(jurisdiction text, on_date date)
    RETURNS integer
    LANGUAGE sql
    IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN tax_year.jurisdiction = 'UK'
                     AND tax_year.on_date < make_date(extract(year FROM tax_year.on_date)::integer,
                                                      4, 6)
                THEN extract(year FROM tax_year.on_date)::integer - 1
                ELSE extract(year FROM tax_year.on_date)::integer END
$$;

COMMENT ON FUNCTION auxeira.tax_year(text, date) IS
    'The tax year a date falls in, named by the year it starts in. US: the calendar year (IRC '
    '§441, an individual''s calendar-year taxable year). UK: 6 April to 5 April (ITA 2007 s4; '
    'the UK year 2024 is 6 April 2024 - 5 April 2025, "2024-25"). Not tax advice.';

CREATE FUNCTION auxeira.tax_relief_tiers(relief text, issued_on date)
    RETURNS TABLE (tier_from date, rate numeric)
    LANGUAGE sql
    IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- QSBS acquired after 2025-07-04 (OBBBA §70431): 50/75/100 % for stock held at least 3, 4
    -- and 5 years: the anniversary is the first day
    SELECT (tax_relief_tiers.issued_on + make_interval(years => y))::date, r
    FROM (VALUES (3, 0.50), (4, 0.75), (5, 1.00)) AS t(y, r)
    WHERE tax_relief_tiers.relief = 'qsbs' AND tax_relief_tiers.issued_on > DATE '2025-07-04'
    UNION ALL
    -- earlier QSBS (§1202(a)): held more than 5 years, so the day after the 5th anniversary;
    -- 50 % before 2009-02-18, 75 % to 2010-09-27 (§1202(a)(3)), 100 % from 2010-09-28
    -- (§1202(a)(4))
    SELECT (tax_relief_tiers.issued_on + interval '5 years')::date + 1,
           CASE WHEN tax_relief_tiers.issued_on < DATE '2009-02-18' THEN 0.50
                WHEN tax_relief_tiers.issued_on < DATE '2010-09-28' THEN 0.75
                ELSE 1.00 END
    WHERE tax_relief_tiers.relief = 'qsbs' AND tax_relief_tiers.issued_on <= DATE '2025-07-04'
    UNION ALL
    -- EIS / SEIS: income-tax relief at 30 % (ITA 2007 s158) / 50 % (s257AB), kept and the gain
    -- exempt (TCGA 1992 s150A / s150E) only for shares held to the end of the 3-year period
    -- from issue (s159; SEIS: Part 5A): a disposal on or before the 3rd anniversary is inside it
    SELECT (tax_relief_tiers.issued_on + interval '3 years')::date + 1,
           CASE tax_relief_tiers.relief WHEN 'eis' THEN 0.30 ELSE 0.50 END
    WHERE tax_relief_tiers.relief IN ('eis', 'seis')
$$;

COMMENT ON FUNCTION auxeira.tax_relief_tiers(text, date) IS
    'The relief clock of a lot, as dates: each tier of relief (qsbs, eis, seis) and the first '
    'day it applies to a disposal, from the share-issue date. QSBS (IRC §1202): stock issued '
    'after 2025-07-04 (One Big Beautiful Bill Act §70431) excludes 50 %, 75 %, 100 % of the gain '
    'when held at least 3, 4, 5 years; earlier stock 100 % (issued from 2010-09-28), 75 % '
    '(2009-02-18 to 2010-09-27) or 50 % (before 2009-02-18) when held more than 5 years. EIS / '
    'SEIS (ITA 2007 s158, s159, s257AB and Part 5A; TCGA 1992 s150A, s150E): the income-tax relief '
    'rate (30 % / 50 %) and the first day after the 3-year period, a disposal before which loses '
    'the relief. Company-level conditions are the investor''s confirmation '
    '(tax_lot_facts.company_conditions_confirmed). Not tax advice.';

CREATE FUNCTION auxeira.qsbs_cap_usd(issued_on date, basis_usd numeric)
    RETURNS numeric
    LANGUAGE sql
    IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT greatest(CASE WHEN qsbs_cap_usd.issued_on > DATE '2025-07-04' THEN 15000000
                         ELSE 10000000 END,
                    10 * qsbs_cap_usd.basis_usd)
$$;

COMMENT ON FUNCTION auxeira.qsbs_cap_usd(date, numeric) IS
    'The §1202(b) per-issuer cap on the excluded gain, in USD: the greater of $10 M ($15 M for '
    'stock issued after 2025-07-04, OBBBA §70431) or 10 times the basis given. The cap is per '
    'taxpayer and issuer over all years (less gain already excluded): the figure per lot is the '
    'starting point, not a computation of the exclusion. Not tax advice.';

CREATE FUNCTION auxeira.tax_lots(
    investor uuid, reporting_currency text DEFAULT NULL, as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        lot_id uuid,
        investment_id uuid,
        investor_id uuid,
        company_id uuid,
        holding_currency varchar,
        acquired_on date,
        shares_issued_on date,
        acquired_by varchar,
        shares numeric,
        shares_stated boolean,
        cost numeric,
        currency varchar,
        fx_rate numeric,
        cost_reporting numeric,
        relief varchar,
        company_conditions_confirmed boolean,
        relief_tiers json,
        qsbs_cap_usd numeric
    )
    LANGUAGE sql
    STABLE
    -- one investor's lots: tens, not the default 1000 rows, so that the report is not
    -- costed (and JIT-compiled) as if it read thousands
    ROWS 20
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH inv AS (
        SELECT i.id, i.investor_id, i.company_id, i.investment_date, i.amount, i.currency AS hc,
               w.rc,
               NOT EXISTS (SELECT FROM auxeira.investment_cash_flows AS x
                           WHERE x.investment_id = i.id) AS no_flows
        FROM auxeira.investments AS i
        -- one investor: its reporting currency once, not once per investment
        CROSS JOIN (SELECT coalesce(tax_lots.reporting_currency,
                                    auxeira.investor_reporting_currency(tax_lots.investor))::varchar
                           AS rc) AS w
        WHERE i.investor_id = tax_lots.investor AND i.investment_date <= tax_lots.as_of
    ),
    -- the live ledger (reversed rows and reversals left out), in the holding currency at the
    -- rate of the flow's date, as auxeira.holding_events converts it
    flows AS (
        SELECT v.id AS investment_id, f.id, f.flow_date, f.flow_type,
               CASE WHEN f.currency = v.hc THEN f.amount
                    ELSE round(f.amount * auxeira.fx_rate(f.currency, v.hc, f.flow_date), 2)
               END AS native
        FROM inv AS v
        JOIN auxeira.investment_cash_flows AS f ON f.investment_id = v.id
        WHERE f.flow_date <= tax_lots.as_of AND f.reverses IS NULL
          AND f.flow_type IN ('contribution', 'follow_on', 'fee')
          AND NOT EXISTS (SELECT FROM auxeira.investment_cash_flows AS r
                          WHERE r.reverses = f.id AND r.reverses IS NOT NULL)
    ),
    lots AS (
        SELECT fl.investment_id, fl.id, fl.flow_date, fl.native
        FROM flows AS fl WHERE fl.flow_type <> 'fee'
        UNION ALL
        SELECT v.id, v.id, v.investment_date, v.amount FROM inv AS v WHERE v.no_flows
    ),
    -- a deal fee is an incidental cost of acquisition (IRC §1012 basis; TCGA 1992 s38(1)(c)):
    -- it joins the latest lot acquired on or before it, else the first lot
    fees AS (
        SELECT (SELECT l.id FROM lots AS l
                WHERE l.investment_id = fe.investment_id
                ORDER BY l.flow_date > fe.flow_date,
                         CASE WHEN l.flow_date <= fe.flow_date THEN fe.flow_date - l.flow_date
                              ELSE l.flow_date - fe.flow_date END, l.id
                LIMIT 1) AS lot_id,
               fe.native
        FROM flows AS fe WHERE fe.flow_type = 'fee'
    ),
    costed AS (
        SELECT l.*, l.native + coalesce((SELECT sum(fe.native) FROM fees AS fe
                                         WHERE fe.lot_id = l.id), 0) AS cost
        FROM lots AS l
    )
    SELECT c.id, v.id, v.investor_id, v.company_id, v.hc, c.flow_date,
           coalesce(t.shares_issued_on, c.flow_date),
           coalesce(t.acquired_by, 'purchase')::varchar,
           coalesce(t.shares, c.native), t.shares IS NOT NULL,
           c.cost, v.rc, r.rate, round(c.cost * r.rate, 2),
           coalesce(t.relief, 'none')::varchar,
           coalesce(t.company_conditions_confirmed, false),
           (SELECT json_agg(json_build_object('from', x.tier_from, 'rate', x.rate)
                            ORDER BY x.tier_from)
            FROM auxeira.tax_relief_tiers(t.relief, coalesce(t.shares_issued_on, c.flow_date))
                AS x),
           CASE WHEN t.relief = 'qsbs' THEN
               auxeira.qsbs_cap_usd(coalesce(t.shares_issued_on, c.flow_date),
                                    round(c.cost * CASE WHEN v.hc = 'USD' THEN 1
                                              ELSE auxeira.fx_rate(v.hc, 'USD', c.flow_date)
                                              END, 2)) END
    FROM costed AS c
    JOIN inv AS v ON v.id = c.investment_id
    CROSS JOIN LATERAL (
        SELECT CASE WHEN v.hc = v.rc THEN 1::numeric
                    ELSE auxeira.fx_rate(v.hc, v.rc, c.flow_date) END AS rate
    ) AS r
    LEFT JOIN auxeira.tax_lot_facts AS t ON t.lot_id = c.id
$$;

COMMENT ON FUNCTION auxeira.tax_lots(uuid, text, date) IS
    'Every lot of an investor''s holdings visible to the caller, as of a date: each acquisition '
    '(a contribution or follow_on cash flow; the investment itself when it has no cash flows), '
    'with its acquisition and share-issue dates, how it was acquired, its shares (stated in '
    'tax_lot_facts, else one unit per unit of cost), its cost in the holding currency (deal '
    'fees added to the latest lot on or before them: IRC §1012, TCGA 1992 s38(1)(c)) and in the '
    'reporting currency at the rate of the acquisition date (fx_rate), its relief scheme, the '
    'relief clock (auxeira.tax_relief_tiers) and the QSBS cap. Not tax advice.';

CREATE FUNCTION auxeira.tax_lot_origin(lot uuid)
    RETURNS TABLE (investment_id uuid, investor_id uuid, acquired_on date)
    LANGUAGE sql
    STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    -- the lots of auxeira.tax_lots, looked up by id: a live contribution or follow_on flow
    SELECT f.investment_id, i.investor_id, f.flow_date
    FROM auxeira.investment_cash_flows AS f
    JOIN auxeira.investments AS i ON i.id = f.investment_id
    WHERE f.id = tax_lot_origin.lot
      AND f.flow_type IN ('contribution', 'follow_on') AND f.reverses IS NULL
      AND f.flow_date <= CURRENT_DATE AND i.investment_date <= CURRENT_DATE
      AND NOT EXISTS (SELECT FROM auxeira.investment_cash_flows AS r
                      WHERE r.reverses = f.id AND r.reverses IS NOT NULL)
    UNION ALL
    -- or an investment without cash flows
    SELECT i.id, i.investor_id, i.investment_date
    FROM auxeira.investments AS i
    WHERE i.id = tax_lot_origin.lot AND i.investment_date <= CURRENT_DATE
      AND NOT EXISTS (SELECT FROM auxeira.investment_cash_flows AS x
                      WHERE x.investment_id = i.id)
$$;

COMMENT ON FUNCTION auxeira.tax_lot_origin(uuid) IS
    'The investment, investor and acquisition date of one lot of auxeira.tax_lots (a live '
    'contribution or follow_on cash flow, or an investment without flows, up to today), '
    'looked up by its id as the caller sees it; no row when it is not a lot. Used by the tax '
    'writes and the policies of tax_lot_facts, so a fact can be stated only for a lot of the '
    'investment it names, without building every lot of the investor. Not tax advice.';

CREATE FUNCTION auxeira.tax_matches(
    investor uuid, jurisdiction text DEFAULT NULL, reporting_currency text DEFAULT NULL,
    as_of date DEFAULT CURRENT_DATE)
    RETURNS TABLE (
        disposal_id uuid,
        investment_id uuid,
        event_type text,
        disposed_on date,
        lot_id uuid,
        rule text,
        shares numeric,
        cost numeric,
        proceeds numeric,
        gain numeric,
        currency varchar
    )
    LANGUAGE plpgsql
    STABLE
    -- one investor's lots: tens, not the default 1000 rows, so that the report is not
    -- costed (and JIT-compiled) as if it read thousands
    ROWS 20
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    jur text := coalesce(tax_matches.jurisdiction, auxeira.tax_jurisdiction(tax_matches.investor));
    rc text := coalesce(tax_matches.reporting_currency,
                        auxeira.investor_reporting_currency(tax_matches.investor));
    h record;
    d record;
    ids uuid[];
    dates date[];
    units numeric[];
    costs numeric[];
    paid numeric[];
    all_lots jsonb;
    all_rel jsonb;
    n integer;
    i integer;
    qty numeric;
    left_qty numeric;
    take numeric;
    taken numeric;
    piece_cost numeric;
    piece_proceeds numeric;
    pool_units numeric;
    pool_take numeric;
    held_cost numeric;
    released_total numeric;
    wanted numeric;
    done numeric;
    pass integer;
BEGIN
    IF jur NOT IN ('US', 'UK') THEN
        RAISE EXCEPTION 'no share-matching rules for jurisdiction %', jur
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the lots and the realisations, read once (one call each, not one per holding)
    SELECT coalesce(jsonb_agg(to_jsonb(l)), '[]') INTO all_lots
    FROM auxeira.tax_lots(tax_matches.investor, rc, tax_matches.as_of) AS l;
    SELECT coalesce(jsonb_agg(to_jsonb(x)), '[]') INTO all_rel
    FROM auxeira.investment_realisations(tax_matches.as_of, NULL, rc, tax_matches.investor) AS x;
    FOR h IN SELECT DISTINCT l.investment_id FROM jsonb_to_recordset(all_lots) AS l(
                 lot_id uuid, investment_id uuid, acquired_on date, shares numeric,
                 cost_reporting numeric) ORDER BY 1
    LOOP
        SELECT array_agg(l.lot_id ORDER BY l.acquired_on, l.lot_id),
               array_agg(l.acquired_on ORDER BY l.acquired_on, l.lot_id),
               array_agg(l.shares ORDER BY l.acquired_on, l.lot_id),
               array_agg(l.cost_reporting ORDER BY l.acquired_on, l.lot_id)
        INTO ids, dates, units, costs
        FROM jsonb_to_recordset(all_lots) AS l(
                 lot_id uuid, investment_id uuid, acquired_on date, shares numeric,
                 cost_reporting numeric)
        WHERE l.investment_id = h.investment_id;
        n := coalesce(array_length(ids, 1), 0);
        paid := costs;
        released_total := 0;
        -- the disposals, in order: auxeira.investment_realisations (the one definition of a
        -- realisation); a partial sale is the distribution flow of its date and rank
        FOR d IN
            WITH r AS (
                SELECT x.*, row_number() OVER (PARTITION BY x.event_date
                                               ORDER BY x.proceeds DESC) AS k
                FROM jsonb_to_recordset(all_rel) AS x(
                         investment_id uuid, event_date date, event_type text, proceeds numeric,
                         cost_basis numeric)
                WHERE x.investment_id = h.investment_id
            ),
            f AS (
                SELECT cf.id, cf.flow_date, row_number() OVER (
                           PARTITION BY cf.flow_date ORDER BY cf.amount DESC, cf.id) AS k
                FROM auxeira.investment_cash_flows AS cf
                WHERE cf.investment_id = h.investment_id AND cf.flow_type = 'distribution'
                  AND cf.reverses IS NULL
                  AND NOT EXISTS (SELECT FROM auxeira.investment_cash_flows AS rv
                                  WHERE rv.reverses = cf.id AND rv.reverses IS NOT NULL)
            )
            SELECT CASE WHEN r.event_type = 'distribution' THEN f.id ELSE r.investment_id END
                       AS id,
                   r.event_type, r.event_date, r.proceeds, r.cost_basis AS released,
                   r.event_type <> 'distribution' AS terminal, df.shares AS stated,
                   coalesce(df.lots, '{}') AS lots
            FROM r
            LEFT JOIN f ON r.event_type = 'distribution' AND f.flow_date = r.event_date
                       AND f.k = r.k
            LEFT JOIN auxeira.tax_disposal_facts AS df
                   ON r.event_type = 'distribution' AND df.disposal_id = f.id
            ORDER BY r.event_date, r.event_type <> 'distribution', r.k
        LOOP
            -- shares held on the day (acquisitions of the day included)
            held_cost := 0;
            qty := 0;
            FOR i IN 1 .. n LOOP
                IF dates[i] <= d.event_date THEN
                    qty := qty + units[i];
                END IF;
            END LOOP;
            FOR i IN 1 .. n LOOP
                IF dates[i] <= d.event_date THEN
                    held_cost := held_cost + paid[i];
                END IF;
            END LOOP;
            held_cost := held_cost - released_total;
            IF NOT d.terminal THEN
                -- the shares sold: as stated, else the fraction of the holding whose cost the
                -- ledger releases at average cost
                qty := CASE WHEN d.stated IS NOT NULL THEN least(d.stated, qty)
                            WHEN held_cost > 0 THEN qty * least(d.released / held_cost, 1)
                            ELSE 0 END;
            END IF;
            released_total := released_total + d.released;
            left_qty := qty;
            done := 0;
            -- proceeds with no share left to sell (a later exit payment of a holding already
            -- sold by distributions): shown on the latest lot, at no cost, so none is lost
            IF qty <= 0 AND d.proceeds <> 0 AND n > 0 THEN
                disposal_id := d.id;
                investment_id := h.investment_id;
                event_type := d.event_type;
                disposed_on := d.event_date;
                lot_id := ids[n];
                rule := 'proceeds-only';
                shares := 0;
                cost := 0;
                proceeds := d.proceeds;
                gain := d.proceeds;
                currency := rc;
                RETURN NEXT;
            END IF;
            -- pass 1: US specific identification / UK same day; pass 2: US FIFO / UK next 30
            -- days; pass 3: UK section 104 pool
            FOR pass IN 1 .. 3 LOOP
                EXIT WHEN left_qty <= 0;
                IF pass = 3 AND jur = 'UK' THEN
                    pool_units := 0;
                    FOR i IN 1 .. n LOOP
                        IF dates[i] < d.event_date THEN pool_units := pool_units + units[i]; END IF;
                    END LOOP;
                    EXIT WHEN pool_units <= 0;
                    pool_take := least(left_qty, pool_units);
                END IF;
                FOR i IN 1 .. n LOOP
                    EXIT WHEN left_qty <= 0;
                    CONTINUE WHEN units[i] <= 0;
                    wanted := CASE
                        WHEN jur = 'US' AND pass = 1 AND dates[i] <= d.event_date
                             AND d.lots ? ids[i]::text
                            THEN least((d.lots ->> ids[i]::text)::numeric, left_qty)
                        WHEN jur = 'US' AND pass = 2 AND dates[i] <= d.event_date THEN left_qty
                        WHEN jur = 'UK' AND pass = 1 AND dates[i] = d.event_date THEN left_qty
                        WHEN jur = 'UK' AND pass = 2 AND NOT d.terminal
                             AND dates[i] > d.event_date AND dates[i] <= d.event_date + 30
                            THEN left_qty
                        WHEN jur = 'UK' AND pass = 3 AND dates[i] < d.event_date
                            THEN pool_take * units[i] / pool_units
                    END;
                    CONTINUE WHEN wanted IS NULL OR wanted <= 0;
                    take := least(wanted, units[i]);
                    piece_cost := costs[i] * take / units[i];
                    -- proceeds by shares, rounded cumulatively so the pieces add up
                    piece_proceeds := round(d.proceeds * (done + take) / qty, 2)
                                      - round(d.proceeds * done / qty, 2);
                    done := done + take;
                    units[i] := units[i] - take;
                    costs[i] := costs[i] - piece_cost;
                    left_qty := left_qty - take;
                    disposal_id := d.id;
                    investment_id := h.investment_id;
                    event_type := d.event_type;
                    disposed_on := d.event_date;
                    lot_id := ids[i];
                    rule := CASE WHEN jur = 'US' AND pass = 1 THEN 'specific'
                                 WHEN jur = 'US' THEN 'fifo'
                                 WHEN pass = 1 THEN 'same-day'
                                 WHEN pass = 2 THEN 'bed-and-breakfast'
                                 ELSE 'section-104' END;
                    shares := take;
                    cost := round(piece_cost, 2);
                    proceeds := piece_proceeds;
                    gain := piece_proceeds - round(piece_cost, 2);
                    currency := rc;
                    RETURN NEXT;
                END LOOP;
                -- a section 104 share may leave a rounding crumb: the pool is spent in one pass
                IF pass = 3 THEN left_qty := 0; END IF;
            END LOOP;
        END LOOP;
        -- what is still held
        FOR i IN 1 .. n LOOP
            CONTINUE WHEN units[i] <= 0;
            disposal_id := NULL;
            investment_id := h.investment_id;
            event_type := 'held';
            disposed_on := NULL;
            lot_id := ids[i];
            rule := 'held';
            shares := units[i];
            cost := round(costs[i], 2);
            proceeds := NULL;
            gain := NULL;
            currency := rc;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$$;

COMMENT ON FUNCTION auxeira.tax_matches(uuid, text, text, date) IS
    'Matches each disposal of an investor''s holdings (auxeira.investment_realisations: a '
    'partial sale, an exit or a write-off) to the lots of auxeira.tax_lots by the rules of the '
    'jurisdiction (default: the investor''s), one row per disposal and lot (rule, shares, cost, '
    'proceeds by shares, gain, in the reporting currency), then one row per lot still held '
    '(rule held). One investment is one class of shares. US: lots the disposal names '
    '(tax_disposal_facts.lots; specific identification, Treas. Reg. §1.1012-1(c)), then first in '
    'first out (§1.1012-1(c)(1)). UK (TCGA 1992 s104, s105, s106A; HMRC CG51560 onward): '
    'acquisitions of the same day, then of the following 30 days (earliest first), then the '
    'section 104 holding at average cost. Proceeds with no share left to sell are one row on '
    'the latest lot (rule proceeds-only, no cost). A partial sale sells the shares stated '
    '(tax_disposal_facts.shares), else the fraction whose cost the ledger releases; an exit or '
    'write-off sells every share held. Not tax advice.';
