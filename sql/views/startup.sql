-- Startup founder dashboard (GET/POST /api/dashboard/startup/...): one view or function per
-- endpoint, in schema auxeira_dash. Every read filters by auxeira.current_user_id() and runs
-- with the reader's rights (security_invoker views, SECURITY INVOKER functions), so row-level
-- security applies on top; writes validate their input and raise a clear error.
--
--   GET  overview   auxeira_dash.startup_overview
--   GET  sse-score  auxeira_dash.startup_sse_score, startup_sse_breakdown, startup_sse_history
--   GET  tokens     auxeira_dash.startup_token_balance, startup_token_transactions(...)
--   GET  actions    auxeira_dash.startup_actions_today, startup_action_progress
--   POST interview  auxeira_dash.startup_record_interview(...)
--   POST evidence   auxeira_dash.startup_record_evidence(...)
--
-- The specification's overview query joined portfolio_metrics on company_id and read
-- current_valuation and growth_rate from it; that table is per investor and has neither
-- column. Here the latest valuation is the company's own figure, or the latest valuation mark
-- an investor recorded for the company when that mark is newer; growth comes from companies.

CREATE VIEW auxeira_dash.startup_overview
WITH (security_invoker = true) AS
WITH tokens AS (
    SELECT coalesce(sum(t.amount), 0)::bigint AS total_tokens,
           coalesce(sum(t.amount) FILTER (
               WHERE t.created_at >= date_trunc('month', now())
           ), 0)::bigint AS tokens_this_month
    FROM auxeira.token_transactions AS t
    WHERE t.user_id = auxeira.current_user_id()
)
SELECT u.id AS user_id,
       c.id AS company_id,
       c.name AS company_name,
       c.industry,
       c.stage,
       c.location,
       c.founded_date,
       c.current_valuation,
       c.previous_valuation,
       mark.company_valuation AS latest_mark_valuation,
       mark.mark_date AS latest_mark_date,
       CASE
           WHEN mark.mark_date > c.updated_at::date OR c.current_valuation IS NULL
               THEN coalesce(mark.company_valuation, c.current_valuation)
           ELSE c.current_valuation
       END AS latest_valuation,
       CASE
           WHEN c.id IS NULL THEN NULL
           WHEN mark.company_valuation IS NOT NULL
                AND (mark.mark_date > c.updated_at::date OR c.current_valuation IS NULL)
               THEN 'valuation_mark'
           ELSE 'company'
       END AS valuation_source,
       c.growth_rate,
       c.mrr,
       c.arr,
       c.burn_rate,
       c.runway_months,
       c.employees,
       c.funding_raised,
       coalesce(c.sse_score,
                auxeira.sse_score(c.mrr, c.growth_rate, c.runway_months, c.burn_rate))
           AS sse_score,
       tokens.total_tokens,
       tokens.tokens_this_month
FROM auxeira.users AS u
CROSS JOIN tokens
LEFT JOIN auxeira.companies AS c ON c.user_id = u.id
LEFT JOIN LATERAL (
    SELECT m.company_valuation, m.mark_date
    FROM auxeira.valuation_marks AS m
    JOIN auxeira.investments AS i ON i.id = m.investment_id
    WHERE i.company_id = c.id
      AND m.company_valuation IS NOT NULL
      -- only investors the founder accepted, and no mark dated in the future
      AND i.founder_consent = 'accepted'
      AND m.mark_date <= CURRENT_DATE
      -- no withdrawn mark (0011: reversals), and of a restated day the latest entry
      AND m.reverses IS NULL
      AND NOT EXISTS (SELECT FROM auxeira.valuation_marks AS r WHERE r.reverses = m.id)
    ORDER BY m.mark_date DESC, m.created_at DESC
    LIMIT 1
) AS mark ON true
WHERE u.id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_overview IS
    'GET /api/dashboard/startup/overview: one row per company of the current founder (one row '
    'with NULL company columns when the founder has none yet). latest_valuation = the latest '
    'valuation mark''s company_valuation (valuation_marks of any investment in the company) when '
    'its mark_date is later than the day the company row was last updated (or the company has '
    'no valuation), else companies.current_valuation; valuation_source says which. growth_rate '
    'is companies.growth_rate (annual, fraction). total_tokens = SUM(amount) of the founder''s '
    'token_transactions (signed, so it is the balance); tokens_this_month = the same over the '
    'current calendar month (session time zone). Fixes the specification''s query, which read '
    'valuation and growth from portfolio_metrics, a per-investor table without those columns.';
COMMENT ON COLUMN auxeira_dash.startup_overview.user_id IS 'The current founder (users.id).';
COMMENT ON COLUMN auxeira_dash.startup_overview.company_id IS
    'The founder''s company (companies.id); NULL when they have none yet.';
COMMENT ON COLUMN auxeira_dash.startup_overview.company_name IS 'companies.name.';
COMMENT ON COLUMN auxeira_dash.startup_overview.industry IS 'companies.industry.';
COMMENT ON COLUMN auxeira_dash.startup_overview.stage IS
    'companies.stage (pre-seed ... series-c+).';
COMMENT ON COLUMN auxeira_dash.startup_overview.location IS 'companies.location.';
COMMENT ON COLUMN auxeira_dash.startup_overview.founded_date IS 'companies.founded_date.';
COMMENT ON COLUMN auxeira_dash.startup_overview.current_valuation IS
    'The company''s own valuation figure (companies.current_valuation).';
COMMENT ON COLUMN auxeira_dash.startup_overview.previous_valuation IS
    'companies.previous_valuation, the valuation before current_valuation.';
COMMENT ON COLUMN auxeira_dash.startup_overview.latest_mark_valuation IS
    'company_valuation of the latest valuation mark any investor recorded for the company; '
    'NULL = none.';
COMMENT ON COLUMN auxeira_dash.startup_overview.latest_mark_date IS 'mark_date of that mark.';
COMMENT ON COLUMN auxeira_dash.startup_overview.latest_valuation IS
    'The mark''s valuation when newer than the company row''s last update (or the company has '
    'none), else current_valuation.';
COMMENT ON COLUMN auxeira_dash.startup_overview.valuation_source IS
    'Where latest_valuation comes from: company or valuation_mark; NULL without a company.';
COMMENT ON COLUMN auxeira_dash.startup_overview.growth_rate IS
    'companies.growth_rate: annual revenue growth as a fraction (0.25 = +25 %).';
COMMENT ON COLUMN auxeira_dash.startup_overview.mrr IS 'companies.mrr, monthly recurring revenue.';
COMMENT ON COLUMN auxeira_dash.startup_overview.arr IS 'companies.arr, annual recurring revenue.';
COMMENT ON COLUMN auxeira_dash.startup_overview.burn_rate IS
    'companies.burn_rate, monthly net burn.';
COMMENT ON COLUMN auxeira_dash.startup_overview.runway_months IS 'companies.runway_months.';
COMMENT ON COLUMN auxeira_dash.startup_overview.employees IS 'companies.employees.';
COMMENT ON COLUMN auxeira_dash.startup_overview.funding_raised IS 'companies.funding_raised.';
COMMENT ON COLUMN auxeira_dash.startup_overview.sse_score IS
    'companies.sse_score, 0-100, else auxeira.sse_score() of the company''s figures (NULL '
    'without a company).';
COMMENT ON COLUMN auxeira_dash.startup_overview.total_tokens IS
    'SUM(amount) of the founder''s token transactions: the token balance.';
COMMENT ON COLUMN auxeira_dash.startup_overview.tokens_this_month IS
    'SUM(amount) of the founder''s token transactions this calendar month.';


-- SSE score breakdown: the components of auxeira.sse_score() (formula in
-- sql/functions/210_startup.sql), so a score is explained by figures a founder can act on.
-- market_and_team is the rest: the stored sse_score minus the four figure-based components (the
-- seeder's assessment); a company without a stored score shows the formula's score
-- (auxeira.sse_score with no assessment), so its remainder is only rounding.

CREATE VIEW auxeira_dash.startup_sse_breakdown
WITH (security_invoker = true) AS
WITH figures AS (
    SELECT c.id AS company_id,
           coalesce(c.sse_score,
                    auxeira.sse_score(c.mrr, c.growth_rate, c.runway_months, c.burn_rate))
               AS sse_score,
           c.mrr,
           c.growth_rate,
           c.runway_months,
           c.burn_rate,
           round(p.baseline, 2) AS baseline,
           round(p.traction, 2) AS traction,
           round(p.growth, 2) AS growth,
           round(p.efficiency, 2) AS efficiency
    FROM auxeira.companies AS c
    CROSS JOIN LATERAL auxeira.sse_components(
        c.mrr, c.growth_rate, c.runway_months::numeric, c.burn_rate) AS p
    WHERE c.user_id = auxeira.current_user_id()
)
SELECT f.company_id,
       x.ordinal,
       x.component,
       x.input_name,
       x.input_value,
       x.points,
       x.max_points,
       x.description
FROM figures AS f
CROSS JOIN LATERAL (
    VALUES
        (1, 'baseline', NULL::text, NULL::numeric, f.baseline, 30::numeric,
         'Every scored company starts at 30 points.'),
        (2, 'traction', 'mrr', f.mrr, f.traction, 25::numeric,
         'Revenue scale: 6 x log10(1 + MRR / 1000), at most 25.'),
        (3, 'growth', 'growth_rate', f.growth_rate, f.growth, 20::numeric,
         'Annual revenue growth: 20 x growth rate, 0 to 20 (100 % a year = 20).'),
        (4, 'efficiency', 'runway_months', f.runway_months::numeric, f.efficiency, 15::numeric,
         'Capital efficiency: runway months / 2, at most 15; no burn = 15.'),
        (5, 'market_and_team', 'sse_score', f.sse_score::numeric,
         f.sse_score - (f.baseline + f.traction + f.growth + f.efficiency), NULL::numeric,
         'The rest of the stored score: industry (market) bias and team assessment.')
) AS x (ordinal, component, input_name, input_value, points, max_points, description);

COMMENT ON VIEW auxeira_dash.startup_sse_breakdown IS
    'GET /api/dashboard/startup/sse-score (breakdown): five rows per company of the current '
    'founder, ordered by ordinal: baseline (30), traction (0-25 from MRR), growth (0-20 from '
    'growth_rate), efficiency (0-15 from runway) and market_and_team (the stored sse_score minus '
    'the other four). The points of the five rows add up to sse_score: the stored one, else '
    'auxeira.sse_score() of the figures. Formula: auxeira.sse_components().';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.company_id IS
    'The founder''s company (companies.id).';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.ordinal IS
    'Display order of the component, 1-5.';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.component IS
    'baseline, traction, growth, efficiency or market_and_team.';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.input_name IS
    'The companies column the component is computed from; NULL for baseline.';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.input_value IS
    'That column''s value (unknown figures score 0).';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.points IS
    'Points the component contributes; the five rows add up to sse_score (stored, else '
    'computed by auxeira.sse_score()).';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.max_points IS
    'Most points the component can give; NULL for market_and_team (a remainder, may be '
    'negative).';
COMMENT ON COLUMN auxeira_dash.startup_sse_breakdown.description IS
    'How the points are computed, for display.';

CREATE VIEW auxeira_dash.startup_sse_history
WITH (security_invoker = true) AS
SELECT c.id AS company_id,
       h.ordinality::integer AS position,
       (h.entry ->> 'date')::date AS score_date,
       round((h.entry ->> 'score')::numeric)::integer AS score
FROM auxeira.companies AS c
CROSS JOIN LATERAL jsonb_array_elements(c.sse_score_history)
    WITH ORDINALITY AS h (entry, ordinality)
WHERE c.user_id = auxeira.current_user_id()
  AND jsonb_typeof(h.entry) = 'object'
  AND jsonb_typeof(h.entry -> 'score') = 'number'
  AND (h.entry ->> 'date') ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';

COMMENT ON VIEW auxeira_dash.startup_sse_history IS
    'GET /api/dashboard/startup/sse-score (history): the elements of companies.sse_score_history '
    'of the current founder''s companies, one row per {"date": "YYYY-MM-DD", "score": N} '
    'element, in array order (position, 1-based). Elements of another shape are skipped.';
COMMENT ON COLUMN auxeira_dash.startup_sse_history.company_id IS
    'The founder''s company (companies.id).';
COMMENT ON COLUMN auxeira_dash.startup_sse_history.position IS
    '1-based position of the element in sse_score_history (oldest first).';
COMMENT ON COLUMN auxeira_dash.startup_sse_history.score_date IS 'The element''s date.';
COMMENT ON COLUMN auxeira_dash.startup_sse_history.score IS
    'The element''s score, rounded to a whole number.';

CREATE VIEW auxeira_dash.startup_sse_score
WITH (security_invoker = true) AS
SELECT c.id AS company_id,
       c.name AS company_name,
       c.industry,
       c.stage,
       coalesce(c.sse_score,
                auxeira.sse_score(c.mrr, c.growth_rate, c.runway_months, c.burn_rate))
           AS sse_score,
       b.explained_points,
       least(100, round(b.explained_points))::integer AS estimated_score,
       b.unexplained_points,
       coalesce(h.history_points, 0) AS history_points,
       h.first_score,
       h.best_score,
       h.worst_score
FROM auxeira.companies AS c
JOIN LATERAL (
    SELECT sum(x.points) FILTER (WHERE x.component <> 'market_and_team') AS explained_points,
           sum(x.points) FILTER (WHERE x.component = 'market_and_team') AS unexplained_points
    FROM auxeira_dash.startup_sse_breakdown AS x
    WHERE x.company_id = c.id
) AS b ON true
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS history_points,
           (array_agg(s.score ORDER BY s.position))[1] AS first_score,
           max(s.score) AS best_score,
           min(s.score) AS worst_score
    FROM auxeira_dash.startup_sse_history AS s
    WHERE s.company_id = c.id
) AS h ON true
WHERE c.user_id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_sse_score IS
    'GET /api/dashboard/startup/sse-score (headline): per company of the current founder, the '
    'stored sse_score, the points its figures explain (baseline + traction + growth + '
    'efficiency, see startup_sse_breakdown), estimated_score (those points, capped at 100: what '
    'the figures alone would score), unexplained_points (market_and_team) and a summary of '
    'sse_score_history (points, first, best, worst).';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.company_id IS
    'The founder''s company (companies.id).';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.company_name IS 'companies.name.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.industry IS 'companies.industry.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.stage IS 'companies.stage.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.sse_score IS
    'The SSE score, 0-100: companies.sse_score when stored, else auxeira.sse_score() of the '
    'company''s figures (mrr, growth_rate, runway_months, burn_rate), so a real company is '
    'scored as soon as it reports them.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.explained_points IS
    'baseline + traction + growth + efficiency points (startup_sse_breakdown).';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.estimated_score IS
    'explained_points rounded and capped at 100: what the figures alone score.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.unexplained_points IS
    'sse_score minus explained_points (the market_and_team component).';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.history_points IS
    'Number of usable elements in sse_score_history.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.first_score IS
    'Score of the oldest history element.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.best_score IS 'Highest score in the history.';
COMMENT ON COLUMN auxeira_dash.startup_sse_score.worst_score IS 'Lowest score in the history.';


CREATE VIEW auxeira_dash.startup_token_balance
WITH (security_invoker = true) AS
SELECT u.id AS user_id,
       coalesce(t.balance, 0) AS balance,
       coalesce(t.credited, 0) AS credited,
       coalesce(t.debited, 0) AS debited,
       coalesce(t.this_month, 0) AS tokens_this_month,
       coalesce(t.transactions, 0) AS transactions,
       t.last_transaction_at
FROM auxeira.users AS u
LEFT JOIN LATERAL (
    SELECT sum(x.amount)::bigint AS balance,
           coalesce(sum(x.amount) FILTER (WHERE x.amount > 0), 0)::bigint AS credited,
           coalesce(-sum(x.amount) FILTER (WHERE x.amount < 0), 0)::bigint AS debited,
           coalesce(sum(x.amount) FILTER (
               WHERE x.created_at >= date_trunc('month', now())
           ), 0)::bigint AS this_month,
           count(*) AS transactions,
           max(x.created_at) AS last_transaction_at
    FROM auxeira.token_transactions AS x
    WHERE x.user_id = u.id
) AS t ON true
WHERE u.id = auxeira.current_user_id();

COMMENT ON VIEW auxeira_dash.startup_token_balance IS
    'GET /api/dashboard/startup/tokens (balance): one row for the current user: balance = '
    'SUM(amount) of their token_transactions (amount is signed), credited = sum of positive '
    'amounts (earned, bonus), debited = minus the sum of negative amounts (spent, penalty), '
    'tokens_this_month = SUM(amount) this calendar month, transactions = row count.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.user_id IS 'The current user (users.id).';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.balance IS
    'SUM(amount) of all their token transactions.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.credited IS
    'Sum of the positive amounts (earned, bonus).';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.debited IS
    'Minus the sum of the negative amounts (spent, penalty), as a positive number.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.tokens_this_month IS
    'SUM(amount) of this calendar month''s transactions.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.transactions IS
    'Number of token transactions.';
COMMENT ON COLUMN auxeira_dash.startup_token_balance.last_transaction_at IS
    'created_at of the newest transaction; NULL = none.';

CREATE FUNCTION auxeira_dash.startup_token_transactions(
    page_size integer DEFAULT 50,
    before_created_at timestamptz DEFAULT NULL,
    before_id uuid DEFAULT NULL
)
    RETURNS TABLE (
        id uuid,
        transaction_type varchar,
        amount integer,
        balance_after bigint,
        multiplier numeric,
        reason varchar,
        activity_type varchar,
        streak_count integer,
        quality_score integer,
        created_at timestamptz
    )
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF page_size IS NULL OR page_size NOT BETWEEN 1 AND 500 THEN
        RAISE EXCEPTION 'page_size must be between 1 and 500, got %', page_size
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF before_id IS NOT NULL AND before_created_at IS NULL THEN
        RAISE EXCEPTION 'before_id needs before_created_at (the cursor is both values of the '
                        'last row of the previous page)'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN QUERY
    WITH ledger AS (
        SELECT t.id, t.transaction_type, t.amount,
               sum(t.amount) OVER (ORDER BY t.created_at, t.id)::bigint AS balance_after,
               t.multiplier, t.reason, t.activity_type, t.streak_count, t.quality_score,
               t.created_at
        FROM auxeira.token_transactions AS t
        WHERE t.user_id = auxeira.current_user_id()
    )
    SELECT l.id, l.transaction_type, l.amount, l.balance_after, l.multiplier, l.reason,
           l.activity_type, l.streak_count, l.quality_score, l.created_at
    FROM ledger AS l
    WHERE startup_token_transactions.before_created_at IS NULL
       OR l.created_at < startup_token_transactions.before_created_at
       OR (l.created_at = startup_token_transactions.before_created_at
           AND startup_token_transactions.before_id IS NOT NULL
           AND l.id < startup_token_transactions.before_id)
    ORDER BY l.created_at DESC, l.id DESC
    LIMIT startup_token_transactions.page_size;
END
$$;

COMMENT ON FUNCTION auxeira_dash.startup_token_transactions(integer, timestamptz, uuid) IS
    'GET /api/dashboard/startup/tokens (transactions): the current user''s token transactions, '
    'newest first, page_size (1-500, default 50) at a time. Keyset paging: pass the created_at '
    'and id of the last row of a page as before_created_at and before_id to get the next page '
    '(before_created_at alone: rows strictly older). balance_after is the running SUM(amount) '
    'up to and including the row, in ledger order (created_at, id).';


CREATE VIEW auxeira_dash.startup_actions_today
WITH (security_invoker = true) AS
SELECT a.id,
       a.company_id,
       c.name AS company_name,
       a.action_date,
       a.action_type,
       a.title,
       a.description,
       a.status,
       a.target_count,
       a.completed_count,
       a.progress,
       a.token_reward,
       a.completed_at
FROM auxeira.founder_daily_actions AS a
LEFT JOIN auxeira.companies AS c ON c.id = a.company_id
WHERE a.user_id = auxeira.current_user_id()
  AND a.action_date = CURRENT_DATE;

COMMENT ON VIEW auxeira_dash.startup_actions_today IS
    'GET /api/dashboard/startup/actions (today): the current founder''s daily actions for '
    'today (CURRENT_DATE in the session time zone) with status and progress (percent).';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.id IS 'founder_daily_actions.id.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.company_id IS
    'The company the action concerns; NULL = none in particular.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.company_name IS
    'companies.name of that company.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.action_date IS 'Today.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.action_type IS
    'founder_daily_actions.action_type.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.title IS 'Text shown to the founder.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.description IS
    'Longer explanation; NULL = none.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.status IS
    'pending, in_progress, completed or skipped.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.target_count IS
    'Units that complete the action.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.completed_count IS 'Units done so far.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.progress IS 'Percent done, 0-100.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.token_reward IS
    'Tokens the action earns when completed.';
COMMENT ON COLUMN auxeira_dash.startup_actions_today.completed_at IS
    'When it was completed; NULL = not yet.';

CREATE VIEW auxeira_dash.startup_action_progress
WITH (security_invoker = true) AS
WITH mine AS (
    SELECT a.action_date, a.status, a.progress, a.token_reward
    FROM auxeira.founder_daily_actions AS a
    WHERE a.user_id = auxeira.current_user_id()
      AND a.action_date <= CURRENT_DATE
),
done_days AS (
    SELECT DISTINCT m.action_date FROM mine AS m WHERE m.status = 'completed'
),
runs AS (
    SELECT max(i.action_date) AS last_day, count(*)::integer AS days
    FROM (
        SELECT d.action_date,
               d.action_date - (row_number() OVER (ORDER BY d.action_date))::integer AS island
        FROM done_days AS d
    ) AS i
    GROUP BY i.island
)
SELECT u.id AS user_id,
       count(m.*) FILTER (WHERE m.action_date = CURRENT_DATE)::integer AS actions_today,
       count(m.*) FILTER (
           WHERE m.action_date = CURRENT_DATE AND m.status = 'completed'
       )::integer AS completed_today,
       coalesce(round(avg(m.progress) FILTER (
           WHERE m.action_date = CURRENT_DATE AND m.status <> 'skipped'
       )), 0)::integer AS progress_today,
       coalesce(sum(m.token_reward) FILTER (
           WHERE m.action_date = CURRENT_DATE AND m.status = 'completed'
       ), 0)::integer AS tokens_earned_today,
       coalesce(sum(m.token_reward) FILTER (
           WHERE m.action_date = CURRENT_DATE AND m.status IN ('pending', 'in_progress')
       ), 0)::integer AS tokens_open_today,
       coalesce((SELECT r.days FROM runs AS r WHERE r.last_day >= CURRENT_DATE - 1), 0)
           AS current_streak_days,
       coalesce((SELECT max(r.days) FROM runs AS r), 0) AS longest_streak_days,
       count(m.*) FILTER (
           WHERE m.status = 'completed' AND m.action_date > CURRENT_DATE - 7
       )::integer AS completed_last_7_days,
       count(m.*) FILTER (
           WHERE m.status = 'completed' AND m.action_date > CURRENT_DATE - 30
       )::integer AS completed_last_30_days
FROM auxeira.users AS u
LEFT JOIN mine AS m ON true
WHERE u.id = auxeira.current_user_id()
GROUP BY u.id;

COMMENT ON VIEW auxeira_dash.startup_action_progress IS
    'GET /api/dashboard/startup/actions (progress): one row for the current founder. Today: '
    'actions, completed, progress_today = mean progress (percent) of today''s actions not '
    'skipped, tokens earned (completed) and still open (pending, in progress). '
    'current_streak_days = consecutive days with at least one completed action ending today, '
    'or yesterday when nothing is completed yet today (0 otherwise); longest_streak_days = the '
    'longest such run ever. completed_last_7_days / _30_days count completed actions dated in '
    'the last 7 / 30 days including today.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.user_id IS 'The current founder (users.id).';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.actions_today IS
    'Number of actions dated today.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.completed_today IS 'Of them, completed.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.progress_today IS
    'Mean progress (percent) of today''s actions that are not skipped; 0 when none.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.tokens_earned_today IS
    'token_reward of today''s completed actions.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.tokens_open_today IS
    'token_reward of today''s pending and in-progress actions.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.current_streak_days IS
    'Consecutive days with a completed action, ending today or yesterday; 0 otherwise.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.longest_streak_days IS
    'Longest such run of days ever.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.completed_last_7_days IS
    'Completed actions dated in the last 7 days, today included.';
COMMENT ON COLUMN auxeira_dash.startup_action_progress.completed_last_30_days IS
    'Completed actions dated in the last 30 days, today included.';
