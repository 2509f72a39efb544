-- Startup founder dashboard: triggers, row-level security and grants for the tables of
-- sql/schema/210_startup.sql and the views and functions of sql/views/startup.sql.
--
-- The triggers live here, not beside the tables, because sql/ loads sql/schema before
-- sql/functions, where auxeira.update_updated_at_column() and auxeira.notify_dashboard() are
-- defined.

CREATE TRIGGER update_founder_daily_actions_updated_at
    BEFORE UPDATE ON auxeira.founder_daily_actions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_founder_daily_actions_updated_at ON auxeira.founder_daily_actions IS
    'Stamps founder_daily_actions.updated_at with now() on every UPDATE.';

CREATE TRIGGER update_customer_interviews_updated_at
    BEFORE UPDATE ON auxeira.customer_interviews
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.update_updated_at_column();
COMMENT ON TRIGGER update_customer_interviews_updated_at ON auxeira.customer_interviews IS
    'Stamps customer_interviews.updated_at with now() on every UPDATE.';

-- Change notifications on channel auxeira_startup (payload: user, table, id, operation).
CREATE TRIGGER companies_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.companies
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER companies_notify_startup ON auxeira.companies IS
    'NOTIFY auxeira_startup when a company changes (overview, SSE score); user_id = founder.';

CREATE TRIGGER token_transactions_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.token_transactions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER token_transactions_notify_startup ON auxeira.token_transactions IS
    'NOTIFY auxeira_startup when a token transaction is written (overview, tokens).';

CREATE TRIGGER founder_daily_actions_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.founder_daily_actions
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER founder_daily_actions_notify_startup ON auxeira.founder_daily_actions IS
    'NOTIFY auxeira_startup when a daily action is added or progresses (actions).';

CREATE TRIGGER customer_interviews_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.customer_interviews
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER customer_interviews_notify_startup ON auxeira.customer_interviews IS
    'NOTIFY auxeira_startup when a customer interview is logged, edited or removed.';

CREATE TRIGGER startup_evidence_notify_startup
    AFTER INSERT OR UPDATE OR DELETE ON auxeira.startup_evidence
    FOR EACH ROW
    EXECUTE FUNCTION auxeira.notify_dashboard('startup', 'user_id');
COMMENT ON TRIGGER startup_evidence_notify_startup ON auxeira.startup_evidence IS
    'NOTIFY auxeira_startup when evidence is recorded or removed.';


-- Row-level security: the uniform owner and read-only policies, then the founder's.
SELECT auxeira.apply_uniform_policies(
    'founder_daily_actions', 'customer_interviews', 'startup_evidence');

CREATE POLICY founder_daily_actions_founder_select ON auxeira.founder_daily_actions
    FOR SELECT TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY founder_daily_actions_founder_select ON auxeira.founder_daily_actions IS
    'A founder reads their own daily actions.';

CREATE POLICY founder_daily_actions_founder_insert ON auxeira.founder_daily_actions
    FOR INSERT TO auxeira_app
    WITH CHECK (user_id = auxeira.current_user_id()
        AND (company_id IS NULL OR auxeira.owns_company(company_id)));
COMMENT ON POLICY founder_daily_actions_founder_insert ON auxeira.founder_daily_actions IS
    'A founder records daily actions for themselves, about their own companies only.';

CREATE POLICY founder_daily_actions_founder_update ON auxeira.founder_daily_actions
    FOR UPDATE TO auxeira_app
    USING (user_id = auxeira.current_user_id())
    WITH CHECK (user_id = auxeira.current_user_id()
        AND (company_id IS NULL OR auxeira.owns_company(company_id)));
COMMENT ON POLICY founder_daily_actions_founder_update ON auxeira.founder_daily_actions IS
    'A founder progresses their own daily actions, about their own companies only.';

CREATE POLICY founder_daily_actions_founder_delete ON auxeira.founder_daily_actions
    FOR DELETE TO auxeira_app
    USING (user_id = auxeira.current_user_id());
COMMENT ON POLICY founder_daily_actions_founder_delete ON auxeira.founder_daily_actions IS
    'A founder deletes their own daily actions.';

CREATE POLICY customer_interviews_founder_select ON auxeira.customer_interviews
    FOR SELECT TO auxeira_app
    USING (auxeira.owns_company(company_id));
COMMENT ON POLICY customer_interviews_founder_select ON auxeira.customer_interviews IS
    'The founder of the company reads its interviews. Investors do not see them.';

CREATE POLICY customer_interviews_founder_insert ON auxeira.customer_interviews
    FOR INSERT TO auxeira_app
    WITH CHECK (auxeira.owns_company(company_id) AND user_id = auxeira.current_user_id());
COMMENT ON POLICY customer_interviews_founder_insert ON auxeira.customer_interviews IS
    'The founder of the company logs interviews, under their own id.';

CREATE POLICY customer_interviews_founder_update ON auxeira.customer_interviews
    FOR UPDATE TO auxeira_app
    USING (auxeira.owns_company(company_id))
    WITH CHECK (auxeira.owns_company(company_id) AND user_id = auxeira.current_user_id());
COMMENT ON POLICY customer_interviews_founder_update ON auxeira.customer_interviews IS
    'The founder of the company edits its interviews.';

CREATE POLICY customer_interviews_founder_delete ON auxeira.customer_interviews
    FOR DELETE TO auxeira_app
    USING (auxeira.owns_company(company_id));
COMMENT ON POLICY customer_interviews_founder_delete ON auxeira.customer_interviews IS
    'The founder of the company deletes its interviews (refused while evidence refers to one).';

CREATE POLICY startup_evidence_founder_select ON auxeira.startup_evidence
    FOR SELECT TO auxeira_app
    USING (auxeira.owns_company(company_id));
COMMENT ON POLICY startup_evidence_founder_select ON auxeira.startup_evidence IS
    'The founder of the company reads its evidence. Investors do not see it.';

CREATE POLICY startup_evidence_founder_insert ON auxeira.startup_evidence
    FOR INSERT TO auxeira_app
    WITH CHECK (auxeira.owns_company(company_id) AND user_id = auxeira.current_user_id()
        AND (interview_id IS NULL
             OR EXISTS (SELECT FROM auxeira.customer_interviews AS ci
                        WHERE ci.id = interview_id AND ci.company_id = startup_evidence.company_id)));
COMMENT ON POLICY startup_evidence_founder_insert ON auxeira.startup_evidence IS
    'The founder of the company records evidence, under their own id, pointing only at an interview of the same company (a plain INSERT is held to the rule of startup_record_evidence()).';

CREATE POLICY startup_evidence_founder_delete ON auxeira.startup_evidence
    FOR DELETE TO auxeira_app
    USING (auxeira.owns_company(company_id));
COMMENT ON POLICY startup_evidence_founder_delete ON auxeira.startup_evidence IS
    'The founder of the company removes its evidence.';


-- Privileges. Evidence is never updated (a record is removed and recorded again), so the
-- application role gets no UPDATE on it.
GRANT SELECT, INSERT, UPDATE, DELETE ON auxeira.founder_daily_actions TO auxeira_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON auxeira.customer_interviews TO auxeira_app;
GRANT SELECT, INSERT, DELETE ON auxeira.startup_evidence TO auxeira_app;
REVOKE UPDATE, TRUNCATE ON auxeira.startup_evidence FROM auxeira_app;
GRANT SELECT ON
    auxeira.founder_daily_actions,
    auxeira.customer_interviews,
    auxeira.startup_evidence
    TO auxeira_readonly;

GRANT SELECT ON
    auxeira_dash.startup_overview,
    auxeira_dash.startup_sse_breakdown,
    auxeira_dash.startup_sse_history,
    auxeira_dash.startup_sse_score,
    auxeira_dash.startup_token_balance,
    auxeira_dash.startup_actions_today,
    auxeira_dash.startup_action_progress
    TO auxeira_app, auxeira_readonly;

REVOKE EXECUTE ON FUNCTION
    auxeira_dash.startup_token_transactions(integer, timestamptz, uuid),
    auxeira_dash.startup_record_interview(
        uuid, date, text, boolean, text, text, text, integer, numeric, text, text),
    auxeira_dash.startup_record_evidence(
        uuid, text, text, text, text, bigint, text, uuid, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.startup_token_transactions(integer, timestamptz, uuid)
    TO auxeira_app, auxeira_readonly;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.startup_record_interview(
        uuid, date, text, boolean, text, text, text, integer, numeric, text, text),
    auxeira_dash.startup_record_evidence(
        uuid, text, text, text, text, bigint, text, uuid, text, text)
    TO auxeira_app;

-- The founder's answers to relationships on their companies (migration 0008).
GRANT SELECT ON auxeira_dash.startup_relationships TO auxeira_app, auxeira_readonly;
REVOKE EXECUTE ON FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auxeira_dash.startup_answer_relationship(text, uuid, text, text)
    TO auxeira_app;

-- The shared daily-action progress of the founder's writes (sql/functions/210_startup.sql).
GRANT EXECUTE ON FUNCTION auxeira.progress_daily_actions(text, uuid) TO auxeira_app;
-- The SSE score's formula (sql/functions/210_startup.sql): the dashboard's views call it as the
-- caller; filling the seeder's scores stays with the owner.
GRANT EXECUTE ON FUNCTION
    auxeira.sse_components(numeric, numeric, numeric, numeric),
    auxeira.sse_score(numeric, numeric, numeric, numeric, numeric)
    TO auxeira_app, auxeira_readonly;

-- The one-statement endpoints of sql/api/ (reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.startup_sse_report(),
    auxeira_dash.startup_tokens_page(integer, timestamptz, uuid),
    auxeira_dash.startup_actions_report()
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.startup_sse_report(),
    auxeira_dash.startup_tokens_page(integer, timestamptz, uuid),
    auxeira_dash.startup_actions_report()
    TO auxeira_app, auxeira_readonly;

-- Deprecated names (0017, removed in the next release): the same grants as the functions they
-- call (startup_record_interview).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.startup_log_interview(
        uuid, date, text, boolean, text, text, text, integer, numeric, text, text)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.startup_log_interview(
        uuid, date, text, boolean, text, text, text, integer, numeric, text, text)
    TO auxeira_app;

-- The keyset-paged lists of sql/api/startup.sql (0026; reads: services and the read-only role).
REVOKE EXECUTE ON FUNCTION
    auxeira_dash.startup_overview_page(integer, text, uuid),
    auxeira_dash.startup_relationships_page(integer, boolean, timestamptz, uuid)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION
    auxeira_dash.startup_overview_page(integer, text, uuid),
    auxeira_dash.startup_relationships_page(integer, boolean, timestamptz, uuid)
    TO auxeira_app, auxeira_readonly;
