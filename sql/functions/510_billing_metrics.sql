-- Revenue metrics for the product and finance team (migration 0022, issue 15): MRR, ARR and
-- the MRR movements by month from the subscription history (subscription_events.mrr, the
-- state after every transition), converted into a reporting currency through auxeira.fx_rate.
-- Formulas: docs/BILLING.md.

CREATE FUNCTION auxeira_analytics.revenue_metrics(
    from_month date DEFAULT NULL,
    to_month date DEFAULT NULL,
    currency text DEFAULT 'USD',
    segment_by text DEFAULT NULL
)
    RETURNS TABLE (
        month date,
        segment text,
        mrr numeric,
        arr numeric,
        customers integer,
        starting_mrr numeric,
        starting_customers integer,
        new_mrr numeric,
        expansion_mrr numeric,
        contraction_mrr numeric,
        churned_mrr numeric,
        reactivation_mrr numeric,
        fx_mrr numeric,
        net_new_mrr numeric,
        churned_customers integer,
        arpa numeric,
        customer_churn_rate numeric,
        revenue_churn_rate numeric,
        nrr numeric,
        grr numeric,
        quick_ratio numeric,
        ltv numeric,
        charged numeric,
        refunded numeric,
        disputed numeric
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    last_month date := date_trunc('month', coalesce(to_month, CURRENT_DATE))::date;
    first_month date := date_trunc('month',
        coalesce(from_month, coalesce(to_month, CURRENT_DATE) - interval '11 months'))::date;
    rep text := upper(currency);
BEGIN
    IF first_month > last_month THEN
        RAISE EXCEPTION 'from_month % is after to_month %', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_month < last_month - interval '120 months' THEN
        RAISE EXCEPTION 'at most 120 months at a time' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF segment_by IS NOT NULL AND segment_by NOT IN ('tier', 'user_type', 'currency') THEN
        RAISE EXCEPTION 'unknown segment %: use tier, user_type or currency', segment_by
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT FROM auxeira.currencies AS c WHERE c.code = rep) THEN
        RAISE EXCEPTION 'unknown currency %', rep USING ERRCODE = 'invalid_parameter_value';
    END IF;

    RETURN QUERY
    WITH months AS (
        SELECT g::date AS month
        FROM generate_series(first_month, last_month::timestamp, interval '1 month') AS g
    ),
    -- Each state of each subscriber, valid from its event to the next one.
    hist AS (
        SELECT e.user_id, coalesce(e.occurred_at, e.created_at) AS valid_from,
               lead(coalesce(e.occurred_at, e.created_at)) OVER (
                   PARTITION BY e.user_id
                   ORDER BY coalesce(e.occurred_at, e.created_at), e.created_at, e.id) AS valid_to,
               e.mrr, e.currency AS cur, e.new_tier AS tier
        FROM auxeira.subscription_events AS e
        WHERE e.status IS NOT NULL
          AND coalesce(e.occurred_at, e.created_at) < last_month + interval '1 month'
    ),
    first_paid AS (
        SELECT h.user_id, min(h.valid_from) AS first_paid_at
        FROM hist AS h WHERE h.mrr > 0 GROUP BY h.user_id
    ),
    -- MRR in force at each month's end (the first moment of the next month): a state valid
    -- from f to t is in force at the ends of the months trunc(f) .. trunc(t) - 1 month.
    at_end AS (
        SELECT g::date AS month, h.user_id, h.mrr AS local, h.cur, h.tier
        FROM hist AS h
        CROSS JOIN LATERAL generate_series(
            greatest(date_trunc('month', h.valid_from), first_month - interval '1 month'),
            least(coalesce(date_trunc('month', h.valid_to) - interval '1 month', last_month),
                  last_month),
            interval '1 month') AS g
        WHERE h.mrr > 0
    ),
    -- MATERIALIZED: one fx_rate call per month and currency, not one per joined row.
    rates AS MATERIALIZED (
        SELECT k.month, k.cur,
               auxeira.fx_rate(k.cur, rep, (k.month + interval '1 month' - interval '1 day')::date)
                   AS rate
        FROM (SELECT DISTINCT a.month, a.cur FROM at_end AS a) AS k
    ),
    seg AS (
        SELECT a.month, a.user_id, a.local, a.cur, r.rate, a.local * r.rate AS mrr,
               CASE segment_by WHEN 'tier' THEN a.tier WHEN 'currency' THEN a.cur
                               WHEN 'user_type' THEN u.user_type::text ELSE 'all' END AS segment
        FROM at_end AS a
        JOIN rates AS r ON r.month = a.month AND r.cur = a.cur
        JOIN auxeira.users AS u ON u.id = a.user_id
    ),
    pairs AS (
        SELECT coalesce(c.month, (p.month + interval '1 month')::date) AS month,
               coalesce(c.segment, p.segment) AS segment,
               coalesce(c.user_id, p.user_id) AS user_id,
               p.local AS p_local, p.rate AS p_rate, p.mrr AS p_mrr, p.cur AS p_cur,
               c.local AS c_local, c.rate AS c_rate, c.mrr AS c_mrr, c.cur AS c_cur
        FROM (SELECT * FROM seg WHERE seg.month >= first_month) AS c
        FULL JOIN (SELECT * FROM seg WHERE seg.month < last_month) AS p
          ON p.user_id = c.user_id AND p.segment = c.segment
         AND c.month = (p.month + interval '1 month')::date
    ),
    moved AS (
        -- did the subscriber pay in another segment on the other side of the month? (a
        -- subscriber is in one segment at a month's end: hash joins, no per-row search)
        SELECT x.*,
               coalesce(b.segment <> x.segment, false) AS elsewhere_before,
               coalesce(n.segment <> x.segment, false) AS elsewhere_now,
               fp.first_paid_at < x.month AS paid_before
        FROM pairs AS x
        LEFT JOIN seg AS b ON b.user_id = x.user_id
                          AND b.month = (x.month - interval '1 month')::date
        LEFT JOIN seg AS n ON n.user_id = x.user_id AND n.month = x.month
        LEFT JOIN first_paid AS fp ON fp.user_id = x.user_id
    ),
    classified AS (
        SELECT m.month, m.segment, m.c_mrr, m.p_mrr,
               CASE WHEN m.p_mrr IS NULL AND NOT m.elsewhere_before AND NOT coalesce(m.paid_before, false)
                    THEN m.c_mrr ELSE 0 END AS new_mrr,
               CASE WHEN m.p_mrr IS NULL AND NOT m.elsewhere_before AND coalesce(m.paid_before, false)
                    THEN m.c_mrr ELSE 0 END AS reactivation_mrr,
               CASE WHEN m.c_mrr IS NULL AND NOT m.elsewhere_now THEN -m.p_mrr ELSE 0 END
                   AS churned_mrr,
               CASE WHEN m.p_mrr IS NULL AND m.elsewhere_before THEN m.c_mrr
                    WHEN m.c_mrr IS NULL AND m.elsewhere_now THEN -m.p_mrr
                    WHEN m.c_cur <> m.p_cur THEN m.c_mrr - m.p_mrr
                    ELSE (m.c_local - m.p_local) * m.c_rate END AS change_mrr,
               CASE WHEN m.c_cur = m.p_cur THEN m.p_local * (m.c_rate - m.p_rate) ELSE 0 END
                   AS fx_mrr,
               m.c_mrr IS NULL AND NOT m.elsewhere_now AS churned
        FROM moved AS m
        WHERE m.month BETWEEN first_month AND last_month
    ),
    agg AS (
        SELECT c.month, c.segment,
               coalesce(sum(c.c_mrr), 0) AS mrr,
               count(c.c_mrr)::integer AS customers,
               coalesce(sum(c.p_mrr), 0) AS starting_mrr,
               count(c.p_mrr)::integer AS starting_customers,
               sum(c.new_mrr) AS new_mrr,
               sum(greatest(c.change_mrr, 0)) AS expansion_mrr,
               sum(least(c.change_mrr, 0)) AS contraction_mrr,
               sum(c.churned_mrr) AS churned_mrr,
               sum(c.reactivation_mrr) AS reactivation_mrr,
               sum(c.fx_mrr) AS fx_mrr,
               count(*) FILTER (WHERE c.churned)::integer AS churned_customers
        FROM classified AS c
        GROUP BY c.month, c.segment
    ),
    -- The month's money per currency, then converted once at the month's closing rate.
    money_local AS (
        SELECT date_trunc('month', coalesce(e.occurred_at, e.created_at))::date AS month,
               CASE segment_by WHEN 'tier' THEN s.tier WHEN 'currency' THEN e.currency
                               WHEN 'user_type' THEN u.user_type::text ELSE 'all' END AS segment,
               e.currency AS cur,
               sum(e.amount) FILTER (WHERE e.event_type = 'charged') AS charged,
               sum(e.amount) FILTER (WHERE e.event_type = 'refunded') AS refunded,
               sum(e.amount) FILTER (WHERE e.event_type = 'disputed') AS disputed
        FROM auxeira.subscription_events AS e
        JOIN auxeira.users AS u ON u.id = e.user_id
        LEFT JOIN auxeira.subscriptions AS s ON s.user_id = e.user_id
        WHERE e.event_type IN ('charged', 'refunded', 'disputed')
          AND coalesce(e.occurred_at, e.created_at) >= first_month
          AND coalesce(e.occurred_at, e.created_at) < last_month + interval '1 month'
        GROUP BY 1, 2, 3
    ),
    money_rates AS MATERIALIZED (
        SELECT k.month, k.cur,
               auxeira.fx_rate(k.cur, rep, (k.month + interval '1 month - 1 day')::date) AS rate
        FROM (SELECT DISTINCT l.month, l.cur FROM money_local AS l) AS k
    ),
    money AS (
        SELECT l.month, l.segment, sum(l.charged * r.rate) AS charged,
               sum(l.refunded * r.rate) AS refunded, sum(l.disputed * r.rate) AS disputed
        FROM money_local AS l
        JOIN money_rates AS r ON r.month = l.month AND r.cur = l.cur
        GROUP BY 1, 2
    ),
    grid AS (
        SELECT m.month, s.segment
        FROM months AS m
        CROSS JOIN (SELECT DISTINCT a.segment FROM agg AS a
                    UNION SELECT 'all' WHERE segment_by IS NULL) AS s
        WHERE m.month >= first_month
    )
    SELECT g.month, g.segment::text,
           coalesce(a.mrr, 0), coalesce(a.mrr, 0) * 12,
           coalesce(a.customers, 0), coalesce(a.starting_mrr, 0),
           coalesce(a.starting_customers, 0),
           coalesce(a.new_mrr, 0), coalesce(a.expansion_mrr, 0), coalesce(a.contraction_mrr, 0),
           coalesce(a.churned_mrr, 0), coalesce(a.reactivation_mrr, 0), coalesce(a.fx_mrr, 0),
           coalesce(a.mrr, 0) - coalesce(a.starting_mrr, 0),
           coalesce(a.churned_customers, 0),
           round(a.mrr / nullif(a.customers, 0), 4),
           round(a.churned_customers::numeric / nullif(a.starting_customers, 0), 6),
           round(-(a.churned_mrr + a.contraction_mrr) / nullif(a.starting_mrr, 0), 6),
           round((a.starting_mrr + a.expansion_mrr + a.contraction_mrr + a.churned_mrr)
                 / nullif(a.starting_mrr, 0), 6),
           round((a.starting_mrr + a.contraction_mrr + a.churned_mrr)
                 / nullif(a.starting_mrr, 0), 6),
           round((a.new_mrr + a.expansion_mrr + a.reactivation_mrr)
                 / nullif(-(a.churned_mrr + a.contraction_mrr), 0), 6),
           round((a.mrr / nullif(a.customers, 0))
                 / nullif(a.churned_customers::numeric / nullif(a.starting_customers, 0), 0), 4),
           coalesce(mo.charged, 0), coalesce(mo.refunded, 0), coalesce(mo.disputed, 0)
    FROM grid AS g
    LEFT JOIN agg AS a ON a.month = g.month AND a.segment = g.segment
    LEFT JOIN money AS mo ON mo.month = g.month AND mo.segment = g.segment
    ORDER BY g.month, g.segment;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.revenue_metrics(date, date, text, text) IS
    'Revenue metrics by month (from_month..to_month, default the last 12; at most 120) in a '
    'reporting currency (default USD, through auxeira.fx_rate at each month''s last day), for '
    'all subscribers or by tier, user_type or currency: MRR at the month''s end (annual plans '
    '1/12 per month; active and past_due count), ARR = 12 x MRR, customers, and the movements '
    'from the previous month''s end that sum to the change (new, expansion, contraction, '
    'churned, reactivation, fx: a customer''s change at this month''s rate is expansion or '
    'contraction, the rate''s change on last month''s amount is fx), ARPA, customer and '
    'revenue churn, NRR and GRR (one month), quick ratio, LTV = ARPA / customer churn rate; '
    'charged, refunded and disputed money of the month (at the month''s closing rate, as its '
    'MRR). Formulas: docs/BILLING.md. Raises '
    'invalid_parameter_value for a bad range, segment or currency; a missing FX rate raises.';

CREATE FUNCTION auxeira_analytics.conversion_funnel(
    from_month date DEFAULT NULL,
    to_month date DEFAULT NULL
)
    RETURNS TABLE (
        cohort_month date,
        source text,
        signed_up integer,
        trialed integer,
        paid integer,
        upgraded integer,
        paid_without_trial integer,
        premium_buyers integer,
        trial_rate numeric,
        paid_rate numeric,
        trial_to_paid_rate numeric,
        upgrade_rate numeric,
        median_days_to_trial numeric,
        median_days_to_paid numeric,
        median_days_to_upgrade numeric
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    last_month date := date_trunc('month', coalesce(to_month, CURRENT_DATE))::date;
    first_month date := date_trunc('month',
        coalesce(from_month, coalesce(to_month, CURRENT_DATE) - interval '11 months'))::date;
BEGIN
    IF first_month > last_month THEN
        RAISE EXCEPTION 'from_month % is after to_month %', first_month, last_month
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_month < last_month - interval '120 months' THEN
        RAISE EXCEPTION 'at most 120 months at a time' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH cohort AS (
        SELECT u.id, u.created_at AS signed_up_at,
               date_trunc('month', u.created_at)::date AS cohort_month,
               coalesce((SELECT e.utm_source FROM auxeira.analytics_events AS e
                         WHERE e.user_id = u.id AND e.utm_source IS NOT NULL
                         ORDER BY e.created_at LIMIT 1), 'direct')::text AS source
        FROM auxeira.users AS u
        WHERE u.created_at >= first_month AND u.created_at < last_month + interval '1 month'
    ),
    steps AS (
        SELECT c.*,
               (SELECT min(coalesce(s.occurred_at, s.created_at))
                FROM auxeira.subscription_events AS s
                WHERE s.user_id = c.id AND s.event_type = 'trial_started') AS trial_at,
               (SELECT min(coalesce(s.occurred_at, s.created_at))
                FROM auxeira.subscription_events AS s
                WHERE s.user_id = c.id AND s.event_type IN ('subscribed', 'reactivated')) AS paid_at,
               EXISTS (SELECT FROM auxeira.lp_report_purchases AS p WHERE p.buyer_id = c.id)
                   AS bought
        FROM cohort AS c
    ),
    full_steps AS (
        SELECT s.*,
               (SELECT min(coalesce(x.occurred_at, x.created_at))
                FROM auxeira.subscription_events AS x
                WHERE x.user_id = s.id AND x.event_type = 'upgraded'
                  AND coalesce(x.occurred_at, x.created_at) >= s.paid_at) AS upgraded_at
        FROM steps AS s
    )
    SELECT f.cohort_month, f.source,
           count(*)::integer,
           count(f.trial_at)::integer,
           count(f.paid_at)::integer,
           count(f.upgraded_at)::integer,
           count(f.paid_at) FILTER (WHERE f.trial_at IS NULL)::integer,
           count(*) FILTER (WHERE f.bought)::integer,
           round(count(f.trial_at)::numeric / count(*), 4),
           round(count(f.paid_at)::numeric / count(*), 4),
           round(count(f.paid_at) FILTER (WHERE f.trial_at IS NOT NULL)::numeric
                 / nullif(count(f.trial_at), 0), 4),
           round(count(f.upgraded_at)::numeric / nullif(count(f.paid_at), 0), 4),
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY
               extract(epoch FROM f.trial_at - f.signed_up_at) / 86400))::numeric, 2),
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY
               extract(epoch FROM f.paid_at - coalesce(f.trial_at, f.signed_up_at)) / 86400))::numeric, 2),
           round((percentile_cont(0.5) WITHIN GROUP (ORDER BY
               extract(epoch FROM f.upgraded_at - f.paid_at) / 86400))::numeric, 2)
    FROM full_steps AS f
    GROUP BY f.cohort_month, f.source
    ORDER BY f.cohort_month, f.source;
END
$$;

COMMENT ON FUNCTION auxeira_analytics.conversion_funnel(date, date) IS
    'Sign-up -> trial -> paid -> upgraded by sign-up month (from_month..to_month, default the '
    'last 12) and acquisition source (the first utm_source of the user''s analytics events, '
    'else direct). A step may be skipped: paid counts every user who ever paid (subscribed or '
    'reactivated), with or without a trial (paid_without_trial says how many skipped it); '
    'trial_to_paid_rate is among those who trialed; upgraded counts upgrades after paying. '
    'premium_buyers bought a premium LP report. Medians in days: sign-up to trial, the trial '
    '(or sign-up when none) to paid, paid to upgrade. Raises invalid_parameter_value for a bad '
    'range.';
