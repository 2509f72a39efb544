-- The run log of scheduled jobs: one row per run of a job (auxeira-db worker, or
-- `auxeira-db jobs run NAME` by hand), written by auxeira_db.jobs as the run starts and
-- completed when it ends. For operators: services have no access, the read-only role reads it.

CREATE TABLE auxeira.job_runs (
    id bigint GENERATED ALWAYS AS IDENTITY,
    job text NOT NULL,
    trigger text NOT NULL,
    scheduled_for timestamptz,
    started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at timestamptz,
    outcome text NOT NULL DEFAULT 'running',
    rows_affected bigint,
    error text,
    detail jsonb,
    queue_job_id bigint,
    attempt integer NOT NULL DEFAULT 0,
    ran_by text NOT NULL,
    CONSTRAINT job_runs_pkey PRIMARY KEY (id),
    CONSTRAINT job_runs_trigger_check CHECK (trigger IN ('schedule', 'manual')),
    CONSTRAINT job_runs_outcome_check
        CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped', 'interrupted')),
    CONSTRAINT job_runs_finished_check
        CHECK ((outcome = 'running') = (finished_at IS NULL)),
    CONSTRAINT job_runs_scheduled_check
        CHECK ((trigger = 'schedule') = (scheduled_for IS NOT NULL)),
    CONSTRAINT job_runs_rows_affected_check CHECK (rows_affected >= 0),
    CONSTRAINT job_runs_attempt_check CHECK (attempt >= 0),
    CONSTRAINT job_runs_detail_check CHECK (jsonb_typeof(detail) = 'object')
);

CREATE INDEX job_runs_job_started_at_idx ON auxeira.job_runs (job, started_at DESC);
CREATE INDEX job_runs_queue_job_id_idx ON auxeira.job_runs (queue_job_id)
    WHERE queue_job_id IS NOT NULL;

COMMENT ON TABLE auxeira.job_runs IS
    'One row per run of a scheduled job (auxeira-db worker, or auxeira-db jobs run NAME): '
    'which job, for which scheduled time, when it started and finished, its outcome, rows '
    'affected and error. auxeira-db jobs lists it; auxeira-db doctor warns when a job is late '
    '(no success in two periods) or failing. Readable by auxeira_readonly.';
COMMENT ON COLUMN auxeira.job_runs.id IS 'Primary key, in insertion order.';
COMMENT ON COLUMN auxeira.job_runs.job IS
    'Job name, e.g. cleanup-synthetic (auxeira-db jobs list shows the registered ones).';
COMMENT ON COLUMN auxeira.job_runs.trigger IS
    'schedule (a worker ran it for scheduled_for) or manual (auxeira-db jobs run).';
COMMENT ON COLUMN auxeira.job_runs.scheduled_for IS
    'The scheduled time this run is for (a schedule''s tick); NULL for manual runs.';
COMMENT ON COLUMN auxeira.job_runs.started_at IS 'When the run started.';
COMMENT ON COLUMN auxeira.job_runs.finished_at IS 'When the run ended; NULL while running.';
COMMENT ON COLUMN auxeira.job_runs.outcome IS
    'running; succeeded; failed (see error); skipped (the job was already running elsewhere); '
    'interrupted (its worker died; the queue retried the job as a new run).';
COMMENT ON COLUMN auxeira.job_runs.rows_affected IS
    'Rows the job wrote or deleted, when it reports them.';
COMMENT ON COLUMN auxeira.job_runs.error IS 'First line of the error of a failed run.';
COMMENT ON COLUMN auxeira.job_runs.detail IS
    'What the job reports beyond a row count (a JSON object), e.g. the health probe''s '
    'latency and connections, or cleanup''s rows per table.';
COMMENT ON COLUMN auxeira.job_runs.queue_job_id IS
    'auxeira_queue.procrastinate_jobs id of a scheduled run (its retries share it); NULL when '
    'run by hand.';
COMMENT ON COLUMN auxeira.job_runs.attempt IS
    'Attempt number of the queue job (0 first; a retry after a stalled worker is 1 ...).';
COMMENT ON COLUMN auxeira.job_runs.ran_by IS 'host:pid of the process that ran it.';
COMMENT ON INDEX auxeira.job_runs_job_started_at_idx IS
    'Serves "latest runs of each job" (auxeira-db jobs, doctor).';
COMMENT ON INDEX auxeira.job_runs_queue_job_id_idx IS
    'Finds the earlier attempts of a retried queue job (marked interrupted).';
