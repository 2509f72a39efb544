-- depends: 0022_billing
-- 0023_tax_lots: issue 17 (angel tax reports an accountant can use). Tax lots derived from the
-- ledger, the investor's tax facts (jurisdiction, lot facts, disposal facts: three tables with
-- row-level security), share matching by jurisdiction (US FIFO / specific identification; UK
-- same day, 30 days, section 104), QSBS and EIS/SEIS relief clocks as dates, and the angel
-- tax report rebuilt on them with a paged list of disposals. Not tax advice.

SET LOCAL ROLE auxeira_owner;

-- The old report: its views change columns and the statement gains paging arguments.
DROP FUNCTION auxeira_dash.angel_tax_statement(integer);
DROP VIEW auxeira_dash.angel_tax_report;
DROP VIEW auxeira_dash.angel_tax_events;

-- Tax lots (issue 17): the facts a tax report needs that the investment ledger does not hold.
-- Lots and disposals themselves are derived from the ledger (sql/functions/100_tax_lots.sql);
-- these tables keep what the investor tells us about them: the jurisdiction, share counts,
-- issue dates, relief schemes and which lots a disposal sold. Not tax advice.

CREATE TABLE auxeira.tax_profiles (
    user_id uuid NOT NULL,
    jurisdiction varchar(2) NOT NULL DEFAULT 'US',
    written_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tax_profiles_pkey PRIMARY KEY (user_id),
    CONSTRAINT tax_profiles_user_id_fkey FOREIGN KEY (user_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE,
    CONSTRAINT tax_profiles_jurisdiction_check CHECK (jurisdiction IN ('US', 'UK'))
);

COMMENT ON TABLE auxeira.tax_profiles IS
    'The tax jurisdiction of a user (one row per user; no row = US). It decides the tax year '
    '(US: calendar year; UK: 6 April to 5 April) and the share-matching rules of the tax report '
    '(auxeira.tax_matches). Set through auxeira_dash.angel_set_tax_jurisdiction. Another '
    'jurisdiction is a new value of the check plus its rules in sql/functions/100_tax_lots.sql.';
COMMENT ON COLUMN auxeira.tax_profiles.user_id IS 'The user (users.id); deleted with them.';
COMMENT ON COLUMN auxeira.tax_profiles.jurisdiction IS
    'US (Internal Revenue Code: FIFO or specific identification, calendar tax year) or UK '
    '(TCGA 1992 share matching, tax year 6 April - 5 April).';
COMMENT ON COLUMN auxeira.tax_profiles.written_at IS
    'When the jurisdiction was last set (stamped by angel_set_tax_jurisdiction).';

CREATE TABLE auxeira.tax_lot_facts (
    lot_id uuid NOT NULL,
    investment_id uuid NOT NULL,
    investor_id uuid NOT NULL,
    shares numeric(20,6),
    shares_issued_on date,
    acquired_by varchar(20) NOT NULL DEFAULT 'purchase',
    relief varchar(4) NOT NULL DEFAULT 'none',
    company_conditions_confirmed boolean NOT NULL DEFAULT false,
    written_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tax_lot_facts_pkey PRIMARY KEY (lot_id),
    CONSTRAINT tax_lot_facts_investment_id_fkey FOREIGN KEY (investment_id)
        REFERENCES auxeira.investments (id) ON DELETE CASCADE,
    CONSTRAINT tax_lot_facts_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE,
    CONSTRAINT tax_lot_facts_shares_check CHECK (shares > 0),
    CONSTRAINT tax_lot_facts_acquired_by_check CHECK (acquired_by IN ('purchase', 'conversion')),
    CONSTRAINT tax_lot_facts_relief_check CHECK (relief IN ('none', 'qsbs', 'eis', 'seis'))
);

CREATE INDEX tax_lot_facts_investment_id_idx ON auxeira.tax_lot_facts (investment_id);

COMMENT ON TABLE auxeira.tax_lot_facts IS
    'What the investor states about one lot (an acquisition: a contribution or follow_on cash '
    'flow, or an investment without such flows): the share count, the share-issue date, how '
    'it was acquired and the relief scheme it was bought under, with the company-level '
    'conditions the investor confirms. Written by auxeira_dash.angel_set_lot_facts. Not tax '
    'advice: the platform records what the investor confirms, it does not check it.';
COMMENT ON COLUMN auxeira.tax_lot_facts.lot_id IS
    'The lot: the id of its investment_cash_flows row (contribution or follow_on), or the '
    'investment''s id when the investment has no such row (its amount on its date is the lot).';
COMMENT ON COLUMN auxeira.tax_lot_facts.investment_id IS
    'The investment (one class of shares in one company) the lot belongs to.';
COMMENT ON COLUMN auxeira.tax_lot_facts.investor_id IS 'The investor who owns the lot.';
COMMENT ON COLUMN auxeira.tax_lot_facts.shares IS
    'Shares acquired, > 0. NULL = not stated: the lot counts one unit per unit of its cost.';
COMMENT ON COLUMN auxeira.tax_lot_facts.shares_issued_on IS
    'Date the shares were issued (for a converted note or SAFE, the conversion): the start of '
    'the QSBS and EIS/SEIS clocks. NULL = the acquisition date.';
COMMENT ON COLUMN auxeira.tax_lot_facts.acquired_by IS
    'purchase (cash for shares) or conversion (a note or SAFE converted into shares).';
COMMENT ON COLUMN auxeira.tax_lot_facts.relief IS
    'Relief scheme the lot was acquired under: none, qsbs (US IRC §1202), eis or seis (UK '
    'ITA 2007 Parts 5 and 5A).';
COMMENT ON COLUMN auxeira.tax_lot_facts.company_conditions_confirmed IS
    'true = the investor confirms the company-level conditions of the relief (QSBS: a domestic '
    'C corporation with aggregate gross assets within the §1202(d) limit at issue, qualified '
    'trade; EIS/SEIS: a qualifying company and a compliance certificate).';
COMMENT ON COLUMN auxeira.tax_lot_facts.written_at IS 'When the facts were last written.';

CREATE TABLE auxeira.tax_disposal_facts (
    disposal_id uuid NOT NULL,
    investment_id uuid NOT NULL,
    investor_id uuid NOT NULL,
    shares numeric(20,6) NOT NULL,
    lots jsonb NOT NULL DEFAULT '{}',
    written_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tax_disposal_facts_pkey PRIMARY KEY (disposal_id),
    CONSTRAINT tax_disposal_facts_investment_id_fkey FOREIGN KEY (investment_id)
        REFERENCES auxeira.investments (id) ON DELETE CASCADE,
    CONSTRAINT tax_disposal_facts_investor_id_fkey FOREIGN KEY (investor_id)
        REFERENCES auxeira.users (id) ON DELETE CASCADE,
    CONSTRAINT tax_disposal_facts_shares_check CHECK (shares > 0),
    CONSTRAINT tax_disposal_facts_lots_check CHECK (jsonb_typeof(lots) = 'object')
);

CREATE INDEX tax_disposal_facts_investment_id_idx ON auxeira.tax_disposal_facts (investment_id);

COMMENT ON TABLE auxeira.tax_disposal_facts IS
    'What the investor states about one disposal (a distribution before the exit, a partial '
    'sale): the shares it sold and, for specific identification (US), the lots it sold them '
    'from. Written by auxeira_dash.angel_identify_disposal. Without a row, a partial sale sells '
    'the fraction of the holding whose cost auxeira.investment_realisations releases.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.disposal_id IS
    'The disposal: the id of its distribution cash flow.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.investment_id IS 'The investment sold from.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.investor_id IS 'The investor who sold.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.shares IS 'Shares sold, > 0.';
COMMENT ON COLUMN auxeira.tax_disposal_facts.lots IS
    'Specific identification: a JSON object {lot id: shares sold from it}; {} = none named '
    '(FIFO). Used for US matching only: UK law fixes the matching (TCGA 1992 s105, s106A).';
COMMENT ON COLUMN auxeira.tax_disposal_facts.written_at IS 'When the facts were last written.';

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

CREATE VIEW auxeira_dash.angel_tax_events WITH (security_invoker = true) AS
    SELECT md5(m.disposal_id::text || m.lot_id::text || m.rule)::uuid AS id,
           m.disposal_id,
           m.investment_id,
           l.company_id,
           co.name AS company_name,
           m.disposed_on AS event_date,
           auxeira.tax_year(j.jurisdiction, m.disposed_on) AS tax_year,
           j.jurisdiction,
           m.event_type,
           m.lot_id,
           m.rule,
           m.shares,
           m.proceeds,
           m.cost AS cost_basis,
           m.gain,
           l.acquired_on,
           l.shares_issued_on,
           m.disposed_on - l.acquired_on AS holding_days,
           -- US: long-term when held more than one year (IRC §1222; the holding period starts
           -- the day after acquisition). The UK has no such distinction.
           CASE WHEN j.jurisdiction = 'US'
                THEN m.disposed_on > (l.acquired_on + interval '1 year')::date END AS long_term,
           m.currency,
           l.fx_rate AS cost_fx_rate,
           CASE WHEN l.holding_currency = m.currency THEN 1::numeric
                ELSE auxeira.fx_rate(l.holding_currency, m.currency, m.disposed_on) END
               AS proceeds_fx_rate,
           l.relief,
           l.company_conditions_confirmed,
           l.relief_tiers,
           coalesce((SELECT max(t.rate) FROM auxeira.tax_relief_tiers(l.relief, l.shares_issued_on)
                     AS t WHERE t.tier_from <= m.disposed_on), 0) AS relief_rate_reached,
           CASE WHEN l.relief <> 'none'
                THEN m.disposed_on < (SELECT min(t.tier_from) FROM auxeira.tax_relief_tiers(
                                         l.relief, l.shares_issued_on) AS t) END
               AS before_relief_clock
    FROM (SELECT auxeira.current_user_id() AS user_id,
                 auxeira.tax_jurisdiction(auxeira.current_user_id()) AS jurisdiction) AS j
    CROSS JOIN LATERAL auxeira.tax_matches(j.user_id, j.jurisdiction) AS m
    JOIN auxeira.tax_lots(j.user_id) AS l ON l.lot_id = m.lot_id
    LEFT JOIN auxeira.company_profiles AS co ON co.id = l.company_id
    WHERE m.rule <> 'held';

COMMENT ON VIEW auxeira_dash.angel_tax_events IS
    'GET /api/dashboard/angel/tax-report (detail): each disposal of the current user up to '
    'today matched to its lots (auxeira.tax_matches, by the rules of the user''s jurisdiction): '
    'one row per disposal and lot with the rule (specific, fifo, same-day, bed-and-breakfast, '
    'section-104; proceeds-only: proceeds with no share left to sell), the shares, proceeds, '
    'cost basis and gain in the reporting currency with the rates used, the tax year of the '
    'jurisdiction, the holding period (long_term: US only, held more than a year) and the '
    'lot''s relief: its tiers, the rate reached on the disposal date and whether the disposal '
    'fell before the relief clock. id is stable: the keyset of the paged list. Not tax '
    'advice.';

CREATE VIEW auxeira_dash.angel_tax_report WITH (security_invoker = true) AS
    SELECT e.tax_year,
           count(DISTINCT e.disposal_id) AS events,
           sum(e.proceeds) AS proceeds,
           sum(e.cost_basis) AS cost_basis,
           CASE WHEN min(e.jurisdiction) = 'US'
                THEN coalesce(sum(e.gain) FILTER (WHERE NOT e.long_term), 0) END
               AS short_term_gain,
           CASE WHEN min(e.jurisdiction) = 'US'
                THEN coalesce(sum(e.gain) FILTER (WHERE e.long_term), 0) END AS long_term_gain,
           coalesce(sum(e.gain) FILTER (WHERE e.gain > 0), 0) AS gains,
           coalesce(sum(e.gain) FILTER (WHERE e.gain < 0), 0) AS losses,
           sum(e.gain) AS net_gain,
           min(e.jurisdiction)::varchar AS jurisdiction,
           min(e.currency)::varchar AS currency,
           count(*) FILTER (WHERE e.before_relief_clock) AS disposals_before_relief_clock
    FROM auxeira_dash.angel_tax_events AS e
    GROUP BY e.tax_year;

COMMENT ON VIEW auxeira_dash.angel_tax_report IS
    'GET /api/dashboard/angel/tax-report (by tax year): the current user''s realised gains and '
    'losses per tax year of their jurisdiction (angel_tax_events): disposals, proceeds, cost '
    'basis, short-term and long-term net gain (US only; NULL elsewhere), total gains, total '
    'losses, the net gain, and how many matched lots were disposed of before their relief '
    'clock. Not tax advice.';

CREATE VIEW auxeira_dash.angel_tax_positions WITH (security_invoker = true) AS
    SELECT l.lot_id,
           l.investment_id,
           l.company_id,
           co.name AS company_name,
           l.acquired_on,
           l.shares_issued_on,
           l.acquired_by,
           m.shares,
           l.shares_stated,
           m.cost AS cost_basis,
           m.currency,
           l.fx_rate,
           CASE WHEN j.jurisdiction = 'US'
                THEN (l.acquired_on + interval '1 year')::date + 1 END AS long_term_from,
           l.relief,
           l.company_conditions_confirmed,
           l.relief_tiers,
           l.qsbs_cap_usd,
           coalesce((SELECT max(t.rate) FROM auxeira.tax_relief_tiers(l.relief, l.shares_issued_on)
                     AS t WHERE t.tier_from <= CURRENT_DATE), 0) AS relief_rate_reached
    FROM (SELECT auxeira.current_user_id() AS user_id,
                 auxeira.tax_jurisdiction(auxeira.current_user_id()) AS jurisdiction) AS j
    CROSS JOIN LATERAL auxeira.tax_matches(j.user_id, j.jurisdiction) AS m
    JOIN auxeira.tax_lots(j.user_id) AS l ON l.lot_id = m.lot_id
    LEFT JOIN auxeira.company_profiles AS co ON co.id = l.company_id
    WHERE m.rule = 'held';

COMMENT ON VIEW auxeira_dash.angel_tax_positions IS
    'GET /api/dashboard/angel/tax-report (unrealised): what is left of each lot of the current '
    'user today after the matching of auxeira.tax_matches: shares, remaining cost in the '
    'reporting currency (rate of the acquisition date), the date it becomes long-term (US: '
    'held more than a year) and its relief clock (tiers, QSBS cap, rate reached today). Not '
    'tax advice.';

CREATE FUNCTION auxeira_dash.angel_tax_statement(
    tax_year integer DEFAULT NULL,
    page_size integer DEFAULT 100,
    after_event_date date DEFAULT NULL,
    after_id uuid DEFAULT NULL)
    RETURNS TABLE (jurisdiction varchar, years json, events json, positions json,
                   next_event_date date, next_id uuid)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM auxeira.check_page(page_size, after_event_date IS NOT NULL, after_id IS NOT NULL);
    RETURN QUERY
        WITH ev AS MATERIALIZED (
            SELECT e.* FROM auxeira_dash.angel_tax_events AS e
            WHERE angel_tax_statement.tax_year IS NULL
               OR e.tax_year = angel_tax_statement.tax_year
        ),
        page AS MATERIALIZED (
            SELECT e.* FROM ev AS e
            WHERE angel_tax_statement.after_event_date IS NULL
               OR (e.event_date, e.id) > (angel_tax_statement.after_event_date,
                                          angel_tax_statement.after_id)
            ORDER BY e.event_date, e.id
            LIMIT angel_tax_statement.page_size
        ),
        -- the cursor of the next page: the last row's, when the page is full
        tail AS (
            SELECT p.event_date, p.id FROM page AS p
            WHERE (SELECT count(*) FROM page) = angel_tax_statement.page_size
            ORDER BY p.event_date DESC, p.id DESC
            LIMIT 1
        )
        SELECT auxeira.tax_jurisdiction(auxeira.current_user_id()),
               (SELECT coalesce(json_agg(y ORDER BY y.tax_year), '[]')
                FROM auxeira_dash.angel_tax_report AS y
                WHERE angel_tax_statement.tax_year IS NULL
                   OR y.tax_year = angel_tax_statement.tax_year),
               (SELECT coalesce(json_agg(p ORDER BY p.event_date, p.id), '[]') FROM page AS p),
               (SELECT coalesce(json_agg(h ORDER BY h.acquired_on, h.lot_id), '[]')
                FROM auxeira_dash.angel_tax_positions AS h),
               (SELECT l.event_date FROM tail AS l),
               (SELECT l.id FROM tail AS l);
END
$$;

COMMENT ON FUNCTION auxeira_dash.angel_tax_statement(integer, integer, date, uuid) IS
    'GET /api/dashboard/angel/tax-report in one statement: the caller''s jurisdiction, years '
    '(angel_tax_report), one page of the disposals matched to lots (angel_tax_events, by date '
    'then id; page_size 1-500 and the keyset cursor after_event_date + after_id checked by '
    'auxeira.check_page), the lots still held with their clocks (angel_tax_positions) and the '
    'cursor of the next page (NULL when the page is not full); every tax year of the '
    'jurisdiction or the one named (tax_year, named by the year it starts in). Not tax advice.';

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

-- Row-level security and privileges of the tax lots (tables in sql/schema/350_tax_lots.sql,
-- functions in sql/functions/100_tax_lots.sql, writes in sql/api/angel_tax.sql). A user reads
-- and writes their own tax facts only; the writes go through the auxeira_dash functions.

DO $$ BEGIN PERFORM auxeira.apply_uniform_policies('tax_profiles', 'tax_lot_facts', 'tax_disposal_facts'); END $$;
CREATE POLICY tax_profiles_self_select ON auxeira.tax_profiles
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY tax_profiles_self_select ON auxeira.tax_profiles IS
    'A user reads their own tax jurisdiction, no one else''s.';
CREATE POLICY tax_profiles_self_insert ON auxeira.tax_profiles
    FOR INSERT TO auxeira_app
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY tax_profiles_self_insert ON auxeira.tax_profiles IS
    'A user sets their own tax jurisdiction only.';
CREATE POLICY tax_profiles_self_update ON auxeira.tax_profiles
    FOR UPDATE TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id());
COMMENT ON POLICY tax_profiles_self_update ON auxeira.tax_profiles IS
    'A user changes their own tax jurisdiction only.';
CREATE POLICY tax_profiles_self_delete ON auxeira.tax_profiles
    FOR DELETE TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY tax_profiles_self_delete ON auxeira.tax_profiles IS
    'A user removes their own tax jurisdiction only (back to the default, US).';
CREATE POLICY tax_lot_facts_investor_select ON auxeira.tax_lot_facts
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_lot_facts_investor_select ON auxeira.tax_lot_facts IS
    'The investor reads the facts of their own lots only.';
CREATE POLICY tax_lot_facts_investor_insert ON auxeira.tax_lot_facts
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.tax_lot_origin(tax_lot_facts.lot_id) AS o
                            WHERE o.investment_id = tax_lot_facts.investment_id
                              AND o.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_lot_facts_investor_insert ON auxeira.tax_lot_facts IS
    'The investor records facts for their own lots only: auxeira.tax_lot_origin says the lot is '
    'a live acquisition of that investment of theirs.';
CREATE POLICY tax_lot_facts_investor_update ON auxeira.tax_lot_facts
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.tax_lot_origin(tax_lot_facts.lot_id) AS o
                            WHERE o.investment_id = tax_lot_facts.investment_id
                              AND o.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_lot_facts_investor_update ON auxeira.tax_lot_facts IS
    'The investor changes the facts of their own lots only (auxeira.tax_lot_origin).';
CREATE POLICY tax_lot_facts_investor_delete ON auxeira.tax_lot_facts
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_lot_facts_investor_delete ON auxeira.tax_lot_facts IS
    'The investor removes the facts of their own lots only.';
CREATE POLICY tax_disposal_facts_investor_select ON auxeira.tax_disposal_facts
    FOR SELECT TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_disposal_facts_investor_select ON auxeira.tax_disposal_facts IS
    'The investor reads the facts of their own disposals only.';
CREATE POLICY tax_disposal_facts_investor_insert ON auxeira.tax_disposal_facts
    FOR INSERT TO auxeira_app
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.investment_cash_flows AS f
                            JOIN auxeira.investments AS i ON i.id = f.investment_id
                            WHERE f.id = tax_disposal_facts.disposal_id
                              AND f.investment_id = tax_disposal_facts.investment_id
                              AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_disposal_facts_investor_insert ON auxeira.tax_disposal_facts IS
    'The investor records facts for their own disposals only (a cash flow of that investment of '
    'theirs).';
CREATE POLICY tax_disposal_facts_investor_update ON auxeira.tax_disposal_facts
    FOR UPDATE TO auxeira_app
    USING (investor_id = auxeira.current_user_id())
    WITH CHECK (investor_id = auxeira.current_user_id()
                AND EXISTS (SELECT FROM auxeira.investment_cash_flows AS f
                            JOIN auxeira.investments AS i ON i.id = f.investment_id
                            WHERE f.id = tax_disposal_facts.disposal_id
                              AND f.investment_id = tax_disposal_facts.investment_id
                              AND i.investor_id = auxeira.current_user_id()));
COMMENT ON POLICY tax_disposal_facts_investor_update ON auxeira.tax_disposal_facts IS
    'The investor changes the facts of their own disposals only (a cash flow of that '
    'investment of theirs).';
CREATE POLICY tax_disposal_facts_investor_delete ON auxeira.tax_disposal_facts
    FOR DELETE TO auxeira_app
    USING (investor_id = auxeira.current_user_id());
COMMENT ON POLICY tax_disposal_facts_investor_delete ON auxeira.tax_disposal_facts IS
    'The investor removes the facts of their own disposals only.';

GRANT SELECT, INSERT, UPDATE, DELETE
    ON auxeira.tax_profiles, auxeira.tax_lot_facts, auxeira.tax_disposal_facts
    TO auxeira_app;
GRANT SELECT ON auxeira.tax_profiles, auxeira.tax_lot_facts, auxeira.tax_disposal_facts
    TO auxeira_readonly;

GRANT SELECT ON auxeira_dash.angel_tax_positions TO auxeira_app, auxeira_readonly;

REVOKE ALL ON FUNCTION
    auxeira.tax_jurisdiction(uuid),
    auxeira.tax_year(text, date),
    auxeira.tax_relief_tiers(text, date),
    auxeira.qsbs_cap_usd(date, numeric),
    auxeira.tax_lots(uuid, text, date),
    auxeira.tax_lot_origin(uuid),
    auxeira.tax_matches(uuid, text, text, date),
    auxeira_dash.angel_set_tax_jurisdiction(text),
    auxeira_dash.angel_set_lot_facts(uuid, numeric, date, text, text, boolean),
    auxeira_dash.angel_identify_disposal(uuid, numeric, jsonb)
    FROM PUBLIC;
-- The report's building blocks: run as the caller, so row-level security decides the rows.
GRANT EXECUTE ON FUNCTION
    auxeira.tax_jurisdiction(uuid),
    auxeira.tax_year(text, date),
    auxeira.tax_relief_tiers(text, date),
    auxeira.qsbs_cap_usd(date, numeric),
    auxeira.tax_lots(uuid, text, date),
    auxeira.tax_lot_origin(uuid),
    auxeira.tax_matches(uuid, text, text, date)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.angel_set_tax_jurisdiction(text),
    auxeira_dash.angel_set_lot_facts(uuid, numeric, date, text, text, boolean),
    auxeira_dash.angel_identify_disposal(uuid, numeric, jsonb)
    TO auxeira_app;

-- The grants of sql/security/240_angel.sql on the rebuilt report.
GRANT SELECT ON auxeira_dash.angel_tax_events, auxeira_dash.angel_tax_report
    TO auxeira_app, auxeira_readonly;
REVOKE EXECUTE ON FUNCTION auxeira_dash.angel_tax_statement(integer, integer, date, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.angel_tax_statement(integer, integer, date, uuid)
    TO auxeira_app, auxeira_readonly;
