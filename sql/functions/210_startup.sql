-- Startup founder dashboard: helpers shared by its write functions (sql/api/startup.sql).

CREATE FUNCTION auxeira.progress_daily_actions(action_type text, company_id uuid)
    RETURNS integer
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    me uuid := auxeira.require_user_id();
    action_id uuid;
    completed integer := 0;
BEGIN
    FOR action_id IN
        UPDATE auxeira.founder_daily_actions AS a
        SET completed_count = a.completed_count + 1,
            status = CASE WHEN a.completed_count + 1 >= a.target_count
                          THEN 'completed' ELSE 'in_progress' END,
            completed_at = CASE WHEN a.completed_count + 1 >= a.target_count
                                THEN coalesce(a.completed_at, now()) END
        WHERE a.user_id = me
          AND a.action_date = CURRENT_DATE
          AND a.action_type = progress_daily_actions.action_type
          AND a.status <> 'skipped'
          AND (a.company_id IS NULL OR a.company_id = progress_daily_actions.company_id)
        RETURNING a.id
    LOOP
        IF EXISTS (SELECT FROM auxeira.founder_daily_actions AS d
                   WHERE d.id = action_id AND d.status = 'completed') THEN
            PERFORM auxeira.award_tokens('daily_action', action_id);
            completed := completed + 1;
        END IF;
    END LOOP;
    RETURN completed;
END
$$;

COMMENT ON FUNCTION auxeira.progress_daily_actions(text, uuid) IS
    'Counts one act of the current founder towards today''s daily actions of that action_type '
    'for the company (or for no company): completed_count + 1, status in_progress, or completed '
    '(stamping completed_at) once target_count is reached; skipped actions are left alone. '
    'Awards the daily_action tokens (auxeira.award_tokens) of each action it completes and '
    'returns how many it found completed. Called by startup_record_interview '
    '(customer_interview) and startup_record_evidence (evidence_upload). SECURITY INVOKER: a '
    'founder may update their own daily actions anyway (row-level security checks it).';

-- The SSE score (Auxeira's startup health score, 0-100), the startup dashboard's headline
-- figure. One formula, used by the dashboard for every company (auxeira_dash.startup_*) and by
-- the synthetic-data seeder (which stores only the inputs and lets this fill the scores):
--   baseline    30 points for every scored company
--   traction    0-25: 6 x log10(1 + mrr / 1000)          (revenue scale; mrr < 0 counts as 0)
--   growth      0-20: 20 x growth_rate                    (annual growth, 100 % = full marks)
--   efficiency  0-15: runway_months / 2 (30 months = full); burn_rate = 0 is full marks
--   market_and_team  an assessment added to the figures (the seeder: the industry's bias and
--               a team score); 0 for a real company, which has no assessment yet
-- score = the sum, truncated to a whole number and clamped to 0-100. Unknown figures score 0.
CREATE FUNCTION auxeira.sse_components(
    mrr numeric, growth_rate numeric, runway_months numeric, burn_rate numeric
)
    RETURNS TABLE (baseline numeric, traction numeric, growth numeric, efficiency numeric)
    LANGUAGE sql
    IMMUTABLE
    PARALLEL SAFE
AS $$
    -- No SET search_path, so that PostgreSQL inlines it into the views and into
    -- auxeira.sse_score(); every name is schema-qualified instead.
    SELECT 30::pg_catalog.numeric,
           least(25, 6 * pg_catalog.log(
               (1 + greatest(coalesce(mrr, 0), 0) / 1000)::pg_catalog.float8)::pg_catalog.numeric),
           least(20, greatest(0, 20 * coalesce(growth_rate, 0))),
           CASE WHEN burn_rate = 0 THEN 15::pg_catalog.numeric
                ELSE least(15, greatest(coalesce(runway_months, 0), 0) / 2.0) END
$$;

COMMENT ON FUNCTION auxeira.sse_components(numeric, numeric, numeric, numeric) IS
    'The four figure-based components of the SSE score, unrounded (traction computed in double '
    'precision): baseline (30), traction '
    '(0-25: 6 x log10(1 + mrr / 1000)), growth (0-20: 20 x growth_rate) and efficiency (0-15: '
    'runway_months / 2; burn_rate = 0 gives 15). Unknown (NULL) figures score 0. The formula '
    'is documented above its definition in sql/functions/210_startup.sql; '
    'auxeira.sse_score() adds them up, auxeira_dash.startup_sse_breakdown shows them.';

CREATE FUNCTION auxeira.sse_score(
    mrr numeric, growth_rate numeric, runway_months numeric, burn_rate numeric,
    market_and_team numeric DEFAULT 0
)
    RETURNS integer
    LANGUAGE plpgsql
    IMMUTABLE
    PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- PL/pgSQL keeps this plan (with sse_components inlined) for the session: the seeder
    -- scores every month of every company with it.
    RETURN (SELECT greatest(0, least(100, trunc(c.baseline + c.traction + c.growth
                                                + c.efficiency + coalesce(market_and_team, 0))))
            FROM auxeira.sse_components(mrr, growth_rate, runway_months, burn_rate) AS c);
END
$$;

COMMENT ON FUNCTION auxeira.sse_score(numeric, numeric, numeric, numeric, numeric) IS
    'The SSE score, 0-100: baseline + traction + growth + efficiency '
    '(auxeira.sse_components) + market_and_team (an assessment; 0 when there is none), '
    'truncated to a whole number and clamped to 0-100. The startup dashboard shows it for a '
    'company without a stored companies.sse_score; the synthetic-data seeder fills '
    'companies.sse_score and sse_score_history with it (auxeira.fill_synthetic_sse_scores).';

CREATE FUNCTION auxeira.fill_synthetic_sse_scores(first_id uuid, last_id uuid)
    RETURNS integer
    LANGUAGE sql
    VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH scored AS (
        SELECT c.id,
               jsonb_agg(jsonb_build_object(
                   'date', h.entry ->> 'date',
                   'score', auxeira.sse_score((h.entry ->> 'mrr')::numeric,
                                              (h.entry ->> 'growth_rate')::numeric,
                                              (h.entry ->> 'runway_months')::numeric,
                                              (h.entry ->> 'burn_rate')::numeric,
                                              (h.entry ->> 'market_and_team')::numeric))
                   ORDER BY h.ordinality) AS history
        FROM auxeira.companies AS c
        CROSS JOIN LATERAL jsonb_array_elements(c.sse_score_history)
            WITH ORDINALITY AS h (entry, ordinality)
        WHERE c.id BETWEEN first_id AND last_id
          AND c.is_synthetic
          AND h.entry ? 'mrr'
        GROUP BY c.id
    ),
    written AS (
        UPDATE auxeira.companies AS c
        SET sse_score_history = s.history,
            sse_score = (s.history -> -1 ->> 'score')::integer
        FROM scored AS s
        WHERE c.id = s.id
        RETURNING 1
    )
    SELECT count(*)::integer FROM written
$$;

COMMENT ON FUNCTION auxeira.fill_synthetic_sse_scores(uuid, uuid) IS
    'Seeder step (owner only): for the synthetic companies with ids from first_id to last_id '
    'whose sse_score_history still holds the score''s inputs ({"date", "mrr", "growth_rate", '
    '"runway_months", "burn_rate", "market_and_team"} per month, as COPY loaded them), '
    'replaces each element with {"date", "score": auxeira.sse_score(...)} and sets sse_score '
    'to the latest one. Returns the number of companies scored. The score''s formula thus '
    'lives in SQL only.';
