-- Corporate partner dashboard: what /api/dashboard/corporate/... reads and writes.
--
-- The ecosystem pulse is an aggregate across every startup (a materialized view in
-- auxeira_mv), published only for groups of at least five companies; everything else is the
-- caller's own data: its partnerships, its bids, the auctions open to corporates.
-- Functions that join companies (which a corporate user cannot read under row-level security)
-- or read auxeira_mv are SECURITY DEFINER and filter by auxeira.current_user_id() themselves.

-- Ecosystem pulse by industry and stage, with marginals. Disclosure control by global
-- recoding, so that every published row, and every difference of published rows, covers at
-- least five companies:
--   1. a company in an (industry, stage) cell of fewer than five companies gets stage
--      '(other)' (it still counts in its industry);
--   2. if its industry's '(other)' cell is still under five, it gets industry '(other)' too;
--   3. if the ('(other)', '(other)') cell then holds one to four companies, the smallest
--      remaining cell is recoded into it as well;
-- and all rows (cells, per-industry, per-stage and overall) are computed from the recoded
-- companies, so the per-stage rows are sums of published cells.
CREATE MATERIALIZED VIEW auxeira_mv.corporate_ecosystem_pulse AS
WITH base AS (
    SELECT c.id,
           coalesce(nullif(btrim(c.industry), ''), '(unknown)') AS industry,
           coalesce(c.stage, '(unknown)') AS stage,
           c.current_valuation,
           c.funding_raised,
           c.growth_rate,
           c.sse_score
    FROM auxeira.companies AS c
    -- only verified companies count toward the five-company minimum (made-up companies could
    -- otherwise pad a group around one real company)
    WHERE c.verified
),
step1 AS (
    SELECT b.*,
           CASE WHEN count(*) OVER (PARTITION BY b.industry, b.stage) < 5
                THEN '(other)' ELSE b.stage END AS stage1
    FROM base AS b
),
step2 AS (
    SELECT s.*,
           CASE WHEN s.stage1 = '(other)'
                     AND count(*) OVER (PARTITION BY s.industry, s.stage1) < 5
                THEN '(other)' ELSE s.industry END AS industry2
    FROM step1 AS s
),
cells AS (
    SELECT industry2, stage1, count(*) AS n
    FROM step2
    GROUP BY 1, 2
),
extra AS (
    -- The smallest cell to merge into ('(other)', '(other)') when that cell is too small.
    SELECT c.industry2, c.stage1
    FROM cells AS c
    WHERE (SELECT coalesce(sum(o.n), 0) FROM cells AS o
           WHERE o.industry2 = '(other)' AND o.stage1 = '(other)') BETWEEN 1 AND 4
      AND NOT (c.industry2 = '(other)' AND c.stage1 = '(other)')
    ORDER BY c.n, c.industry2, c.stage1
    LIMIT 1
),
recoded AS (
    SELECT s.id,
           CASE WHEN e.industry2 IS NULL THEN s.industry2 ELSE '(other)' END AS industry,
           CASE WHEN e.industry2 IS NULL THEN s.stage1 ELSE '(other)' END AS stage,
           s.current_valuation, s.funding_raised, s.growth_rate, s.sse_score
    FROM step2 AS s
    LEFT JOIN extra AS e ON e.industry2 = s.industry2 AND e.stage1 = s.stage1
)
SELECT coalesce(r.industry, '(all)') AS industry,
       coalesce(r.stage, '(all)') AS stage,
       count(*) AS companies,
       -- A median is one company's value (or the mean of two): published only over at least
       -- eleven valued companies and to two significant figures, so that it names no company.
       CASE WHEN count(r.current_valuation) >= 11
            THEN auxeira.round_significant(
                     percentile_cont(0.5) WITHIN GROUP (ORDER BY r.current_valuation)::numeric, 2)
       END AS median_valuation,
       sum(r.funding_raised) AS total_funding,
       round(avg(r.growth_rate), 4) AS avg_growth_rate,
       round(avg(r.sse_score), 1) AS avg_sse_score
FROM recoded AS r
GROUP BY GROUPING SETS ((r.industry, r.stage), (r.industry), (r.stage), ())
HAVING count(*) >= 5;

CREATE UNIQUE INDEX corporate_ecosystem_pulse_key
    ON auxeira_mv.corporate_ecosystem_pulse (industry, stage);

COMMENT ON MATERIALIZED VIEW auxeira_mv.corporate_ecosystem_pulse IS
    'Ecosystem pulse: startups aggregated by industry and stage (each cell, each industry, each '
    'stage, and overall), every row covering at least five companies. Companies in small cells '
    'are recoded to ''(other)'' before aggregating (see sql/views/corporate.sql), so no '
    'difference of published rows isolates fewer than five companies. Serves GET '
    '/api/dashboard/corporate/ecosystem through auxeira_dash.corporate_ecosystem(). Not '
    'readable by auxeira_app.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.industry IS
    'Industry (companies.industry); ''(all)'' = every industry, ''(other)'' = recoded small '
    'groups, ''(unknown)'' = no industry given.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.stage IS
    'Funding stage (companies.stage); ''(all)'' = every stage, ''(other)'' = recoded small '
    'groups, ''(unknown)'' = no stage given.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.companies IS
    'Number of companies in the group; always >= 5.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.median_valuation IS
    'Median of companies.current_valuation over companies that have one (continuous median), '
    'rounded to two significant figures; NULL when fewer than eleven companies of the group '
    'have a valuation (a median of a small group is one company''s exact figure).';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.total_funding IS
    'Sum of companies.funding_raised (unknown values left out).';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.avg_growth_rate IS
    'Mean of companies.growth_rate (annual, a fraction), 4 decimals; NULL = none known.';
COMMENT ON COLUMN auxeira_mv.corporate_ecosystem_pulse.avg_sse_score IS
    'Mean SSE score (0-100) of the scored companies, 1 decimal; NULL = none scored.';
COMMENT ON INDEX auxeira_mv.corporate_ecosystem_pulse_key IS
    'One row per (industry, stage) label pair; makes REFRESH ... CONCURRENTLY possible.';

-- GET /api/dashboard/corporate/ecosystem
CREATE FUNCTION auxeira_dash.corporate_ecosystem(
    only_industry text DEFAULT NULL, only_stage text DEFAULT NULL
)
    RETURNS TABLE (
        industry text,
        stage text,
        companies bigint,
        median_valuation numeric,
        total_funding numeric,
        avg_growth_rate numeric,
        avg_sse_score numeric
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.industry, p.stage, p.companies, p.median_valuation, p.total_funding,
           p.avg_growth_rate, p.avg_sse_score
    FROM auxeira_mv.corporate_ecosystem_pulse AS p
    WHERE EXISTS (SELECT FROM auxeira.users AS u
                  WHERE u.id = auxeira.current_user_id() AND u.user_type = 'corporate')
      AND (corporate_ecosystem.only_industry IS NULL OR p.industry = corporate_ecosystem.only_industry)
      AND (corporate_ecosystem.only_stage IS NULL OR p.stage = corporate_ecosystem.only_stage)
    ORDER BY p.industry = '(all)' DESC, p.industry, p.stage = '(all)' DESC, p.stage
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_ecosystem(text, text) IS
    'Serves GET /api/dashboard/corporate/ecosystem: the ecosystem pulse (companies, median '
    'valuation, total funding, average growth, average SSE score) by industry and stage from '
    'auxeira_mv.corporate_ecosystem_pulse, groups of >= 5 companies only. only_industry and '
    'only_stage filter on the labels (''(all)'' selects the marginal rows; NULL = every row). Rows only for '
    'a signed-in corporate user. SECURITY DEFINER because the application role cannot read '
    'auxeira_mv.';

-- GET /api/dashboard/corporate/auctions
CREATE FUNCTION auxeira_dash.corporate_auctions(
    page_size integer DEFAULT 50,
    after_closes_at timestamptz DEFAULT NULL,
    after_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        auction_id uuid,
        company_id uuid,
        company_name text,
        industry text,
        stage text,
        title text,
        description text,
        opportunity_type text,
        opens_at timestamptz,
        closes_at timestamptz,
        reveal_closes_at timestamptz,
        reserve_amount numeric,
        status text,
        opened_by_me boolean,
        my_bid_status text,
        my_committed_at timestamptz,
        my_amount numeric
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM auxeira.check_page(page_size, after_closes_at IS NOT NULL, after_id IS NOT NULL);
    RETURN QUERY
    SELECT a.id, a.company_id, c.name::text, c.industry::text, c.stage::text, a.title::text,
           a.description, a.opportunity_type::text, a.opens_at, a.closes_at, a.reveal_closes_at,
           a.reserve_amount,
           auxeira.partnership_auction_status(a.opens_at, a.closes_at, a.reveal_closes_at,
                                              a.cancelled_at),
           coalesce(a.opened_by = auxeira.current_user_id(), false),
           CASE WHEN b.id IS NULL THEN 'none'
                WHEN b.revealed_at IS NULL THEN 'sealed'
                ELSE 'revealed' END,
           b.committed_at,
           b.amount
    FROM auxeira.partnership_auctions AS a
    LEFT JOIN auxeira.companies AS c ON c.id = a.company_id
    LEFT JOIN auxeira.auction_bids AS b
           ON b.auction_id = a.id AND b.bidder_id = auxeira.current_user_id()
    WHERE (a.opened_by = auxeira.current_user_id()
           OR EXISTS (SELECT FROM auxeira.users AS u
                      WHERE u.id = auxeira.current_user_id() AND u.user_type = 'corporate'))
      AND (corporate_auctions.after_id IS NULL
           OR (a.closes_at, a.id)
              > (corporate_auctions.after_closes_at, corporate_auctions.after_id))
    ORDER BY a.closes_at, a.id
    LIMIT corporate_auctions.page_size;
END
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_auctions(integer, timestamptz, uuid) IS
    'Serves GET /api/dashboard/corporate/auctions: the blind auction opportunities (for a '
    'corporate caller every auction; for a founder the ones it opened) with the startup, '
    'schedule, reserve, phase (auxeira.partnership_auction_status) and the caller''s own bid: '
    'none, sealed (committed, amount unknown to everyone but the bidder) or revealed (with its '
    'amount). Never other bidders'' bids. SECURITY DEFINER to show the startup''s name, which '
    'corporate users cannot read under row-level security. Ordered by closes_at, id; '
    'page_size (1-500, default 50) rows at a time, keyset-paged: pass the closes_at and '
    'auction_id of the last row of a page as after_closes_at and after_id '
    '(auxeira.check_page validates them).';

-- GET /api/dashboard/corporate/auctions (results: winner determination after the reveal)
CREATE FUNCTION auxeira_dash.corporate_auction_results(only_auction uuid DEFAULT NULL)
    RETURNS TABLE (
        auction_id uuid,
        title text,
        status text,
        reserve_amount numeric,
        bids_committed bigint,
        bids_revealed bigint,
        final boolean,
        winning_amount numeric,
        winning_bid_id uuid,
        winner_id uuid,
        caller_won boolean
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH mine AS (
        SELECT a.*
        FROM auxeira.partnership_auctions AS a
        WHERE (corporate_auction_results.only_auction IS NULL
               OR a.id = corporate_auction_results.only_auction)
          AND (a.opened_by = auxeira.current_user_id()
               OR EXISTS (SELECT FROM auxeira.auction_bids AS b
                          WHERE b.auction_id = a.id
                            AND b.bidder_id = auxeira.current_user_id()))
    ),
    counts AS (
        SELECT b.auction_id, count(*) AS committed, count(b.revealed_at) AS revealed
        FROM auxeira.auction_bids AS b
        JOIN mine AS m ON m.id = b.auction_id
        GROUP BY b.auction_id
    ),
    best AS (
        SELECT DISTINCT ON (b.auction_id) b.auction_id, b.id, b.bidder_id, b.amount
        FROM auxeira.auction_bids AS b
        JOIN mine AS m ON m.id = b.auction_id
        WHERE b.amount IS NOT NULL AND b.amount >= m.reserve_amount
        ORDER BY b.auction_id, b.amount DESC, b.committed_at, b.id
    ),
    outcome AS (
        SELECT m.*, coalesce(n.committed, 0) AS committed, coalesce(n.revealed, 0) AS revealed,
               m.cancelled_at IS NULL AND now() >= m.closes_at
                   AND (now() >= m.reveal_closes_at
                        OR coalesce(n.revealed, 0) = coalesce(n.committed, 0)) AS final,
               w.id AS w_id, w.bidder_id AS w_bidder, w.amount AS w_amount
        FROM mine AS m
        LEFT JOIN counts AS n ON n.auction_id = m.id
        LEFT JOIN best AS w ON w.auction_id = m.id
    )
    SELECT o.id, o.title,
           auxeira.partnership_auction_status(o.opens_at, o.closes_at, o.reveal_closes_at,
                                              o.cancelled_at),
           o.reserve_amount, o.committed, o.revealed, o.final,
           CASE WHEN o.final THEN o.w_amount END,
           CASE WHEN o.final AND (o.opened_by = auxeira.current_user_id()
                                  OR o.w_bidder = auxeira.current_user_id()) THEN o.w_id END,
           CASE WHEN o.final AND (o.opened_by = auxeira.current_user_id()
                                  OR o.w_bidder = auxeira.current_user_id()) THEN o.w_bidder END,
           CASE WHEN o.final THEN coalesce(o.w_bidder = auxeira.current_user_id(), false) END
    FROM outcome AS o
    ORDER BY o.closes_at, o.id
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_auction_results(uuid) IS
    'Winner determination of the blind auctions the caller opened or bid on (one auction, or '
    'all when only_auction is NULL): the winner is the highest revealed bid at or above the '
    'reserve, ties going to the earlier commitment. The result is final once the reveal window '
    'has ended, or earlier when every committed bid is revealed; before that, and for a '
    'cancelled auction, the winner columns are NULL. The winning amount is shown to everyone '
    'involved; the winning bid and bidder only to the opener and to the winner. SECURITY '
    'DEFINER to compare bids the caller cannot read; filters by auxeira.current_user_id().';

-- GET /api/dashboard/corporate/partnerships
CREATE FUNCTION auxeira_dash.corporate_partnerships()
    RETURNS TABLE (
        partnership_id uuid,
        startup_id uuid,
        startup_name text,
        industry text,
        stage text,
        partnership_type text,
        partnership_value numeric,
        partnership_status text,
        start_date date,
        end_date date,
        success_metrics jsonb,
        renewal_probability numeric
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.id, c.id, c.name, c.industry, c.stage, p.partnership_type, p.partnership_value,
           p.partnership_status, p.start_date, p.end_date, p.success_metrics,
           p.renewal_probability
    FROM auxeira.corporate_partnerships AS p
    JOIN auxeira.companies AS c ON c.id = p.startup_id
    WHERE p.corporate_partner_id = auxeira.current_user_id()
      AND p.partnership_status = 'active'
    ORDER BY p.end_date NULLS LAST, c.name, p.id
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_partnerships() IS
    'Serves GET /api/dashboard/corporate/partnerships: the caller''s active partnerships '
    '(corporate_partnerships with partnership_status active and corporate_partner_id = '
    'current user), with the startup''s name, industry and stage, soonest ending first. '
    'SECURITY DEFINER because a corporate user cannot read companies under row-level security; '
    'it filters by auxeira.current_user_id() itself.';

-- GET /api/dashboard/corporate/roi
CREATE FUNCTION auxeira_dash.corporate_roi()
    RETURNS TABLE (
        partnership_id uuid,
        startup_name text,
        partnership_type text,
        partnership_status text,
        start_date date,
        end_date date,
        partnership_value numeric,
        roi_achieved numeric,
        net_return numeric,
        total_return numeric,
        renewal_probability numeric
    )
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT p.id, c.name, p.partnership_type, p.partnership_status, p.start_date, p.end_date,
           p.partnership_value, p.roi_achieved,
           round(p.partnership_value * p.roi_achieved, 2),
           round(p.partnership_value * (1 + p.roi_achieved), 2),
           p.renewal_probability
    FROM auxeira.corporate_partnerships AS p
    JOIN auxeira.companies AS c ON c.id = p.startup_id
    WHERE p.corporate_partner_id = auxeira.current_user_id()
    ORDER BY p.start_date DESC NULLS LAST, c.name, p.id
$$;

COMMENT ON FUNCTION auxeira_dash.corporate_roi() IS
    'Serves GET /api/dashboard/corporate/roi (per partnership): every partnership of the caller, '
    'whatever its status, with its ROI (roi_achieved, a fraction), net_return = value x ROI and '
    'total_return = value x (1 + ROI), taking partnership_value as the cost; NULL where the ROI '
    'is not measured. SECURITY DEFINER for the startup name; filters by '
    'auxeira.current_user_id().';

-- GET /api/dashboard/corporate/roi (totals)
CREATE VIEW auxeira_dash.corporate_roi_totals
WITH (security_invoker = true) AS
SELECT CASE WHEN GROUPING(t.kind) = 1 THEN '(all)' ELSE t.kind END AS partnership_type,
       count(*) AS partnerships,
       count(*) FILTER (WHERE t.partnership_status = 'active') AS active,
       count(*) FILTER (WHERE t.partnership_status = 'completed') AS completed,
       count(*) FILTER (WHERE t.partnership_status = 'cancelled') AS cancelled,
       coalesce(sum(t.partnership_value), 0) AS total_value,
       count(t.roi_achieved) AS measured,
       coalesce(sum(t.partnership_value) FILTER (WHERE t.roi_achieved IS NOT NULL), 0)
           AS measured_value,
       coalesce(round(sum(t.partnership_value * t.roi_achieved), 2), 0) AS net_return,
       round(sum(t.partnership_value * t.roi_achieved)
             / nullif(sum(t.partnership_value) FILTER (WHERE t.roi_achieved IS NOT NULL), 0), 4)
           AS weighted_roi,
       round(avg(t.roi_achieved), 4) AS average_roi,
       round(avg(t.renewal_probability), 2) AS avg_renewal_probability
FROM (SELECT coalesce(p.partnership_type, '(untyped)') AS kind, p.partnership_status,
             p.partnership_value, p.roi_achieved, p.renewal_probability
      FROM auxeira.corporate_partnerships AS p
      WHERE p.corporate_partner_id = auxeira.current_user_id()) AS t
GROUP BY ROLLUP (t.kind)
HAVING count(*) > 0;

COMMENT ON VIEW auxeira_dash.corporate_roi_totals IS
    'Serves GET /api/dashboard/corporate/roi (totals): the caller''s partnerships per '
    'partnership_type and overall (''(all)'', by ROLLUP), with counts by status, value and ROI '
    'totals. security_invoker: row-level security applies, and the view keeps only the rows '
    'where the caller is the corporate partner (not the startup side). No rows without '
    'partnerships.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.partnership_type IS
    'pilot, poc, commercial, strategic, ''(untyped)'' (partnership_type NULL), or ''(all)'' for '
    'the total row.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.partnerships IS 'Number of partnerships.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.active IS 'Of which active.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.completed IS 'Of which completed.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.cancelled IS 'Of which cancelled.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.total_value IS
    'Sum of partnership_value (unknown values count as 0).';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.measured IS
    'Partnerships with a measured ROI (roi_achieved not NULL).';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.measured_value IS
    'Sum of partnership_value over the partnerships with a measured ROI.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.net_return IS
    'Sum of partnership_value x roi_achieved: the net gain in currency units.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.weighted_roi IS
    'net_return / measured_value: ROI weighted by value, a fraction with 4 decimals. NULL = '
    'nothing measured.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.average_roi IS
    'Plain mean of roi_achieved, 4 decimals. NULL = nothing measured.';
COMMENT ON COLUMN auxeira_dash.corporate_roi_totals.avg_renewal_probability IS
    'Mean renewal_probability (percent 0-100), 2 decimals. NULL = none estimated.';
