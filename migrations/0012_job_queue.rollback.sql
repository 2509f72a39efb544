-- Undo 0012_job_queue: the run log and the job queue (with any queued jobs) are dropped.
SET LOCAL ROLE auxeira_owner;

DROP FUNCTION auxeira.extend_synthetic_data(timestamptz);
DROP TABLE auxeira.job_runs;
DROP SCHEMA auxeira_queue CASCADE;
