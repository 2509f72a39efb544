-- Privileges of the job queue and its run log (migration 0012). Workers connect as the
-- owner role (or a LOGIN member of it); services have no access to either.

-- 020_grants.sql grants every auxeira table to auxeira_app when sql/ is loaded in one go:
-- take the run log back here.
REVOKE ALL ON auxeira.job_runs FROM auxeira_app;
GRANT SELECT ON auxeira.job_runs TO auxeira_readonly;
-- The hourly synthetic refresh is the owner's (020_grants.sql closed it to PUBLIC already).
REVOKE EXECUTE ON FUNCTION auxeira.extend_synthetic_data(timestamptz) FROM PUBLIC;

-- procrastinate's functions are EXECUTE to PUBLIC by default; only the owner runs them.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA auxeira_queue FROM PUBLIC;
GRANT USAGE ON SCHEMA auxeira_queue TO auxeira_readonly;
GRANT SELECT ON ALL TABLES IN SCHEMA auxeira_queue TO auxeira_readonly;
