"""Running one job and recording it in auxeira.job_runs: the one code path of the worker and
of `auxeira-db jobs run NAME`.

A run is a row written before the job starts (outcome running) and completed when it ends
(succeeded, failed, or skipped when another session holds the job's advisory lock: the same
job never runs twice at once, whoever started it). A queue job that is retried after its
worker died finds its earlier attempts still `running` and marks them `interrupted`.
The log has its own connection, so a job whose transaction fails is still recorded.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import class_row
from psycopg.types.json import Jsonb

from auxeira_db.config import first_line
from auxeira_db.db import connect, translate_error, translated
from auxeira_db.errors import AuxeiraError
from auxeira_db.jobs.registry import Done, Job, JobContext, get

# pg_try_advisory_lock(LOCK_CLASS, hashtext(job)): one run of a job at a time.
LOCK_CLASS = int.from_bytes(b"JOBS", "big")


@dataclass(frozen=True)
class JobRun:
    """One row of auxeira.job_runs."""

    id: int
    job: str
    trigger: str
    scheduled_for: datetime | None
    started_at: datetime
    finished_at: datetime | None
    outcome: str
    rows_affected: int | None
    error: str | None
    detail: dict[str, Any] | None
    queue_job_id: int | None
    attempt: int
    ran_by: str


COLUMNS = (
    "id, job, trigger, scheduled_for, started_at, finished_at, outcome, rows_affected, error,"
    " detail, queue_job_id, attempt, ran_by"
)


def ran_by() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _error_text(exc: BaseException) -> str:
    if isinstance(exc, psycopg.Error):
        return str(translate_error(exc))
    if isinstance(exc, AuxeiraError):
        return str(exc)
    return f"{type(exc).__name__}: {first_line(str(exc))}"


def _as_done(value: Any) -> Done:
    if isinstance(value, Done):
        return value
    if value is None:
        return Done()
    if isinstance(value, int) and not isinstance(value, bool):
        return Done(rows=value)
    raise TypeError(f"a job returns Done, an int or None, not {type(value).__name__}")


def run(
    url: str,
    name: str,
    *,
    scheduled_for: datetime | None = None,
    queue_job_id: int | None = None,
    attempt: int = 0,
) -> JobRun:
    """Run job `name` now and return its completed run-log row. A job's failure is recorded
    and returned (outcome failed), not raised; an unknown name raises UnknownJob before
    anything is written, and a database that cannot be reached raises ConnectionFailed."""
    job = get(name)
    trigger = "manual" if scheduled_for is None else "schedule"
    with connect(url, autocommit=True) as log, translated():
        if queue_job_id is not None:
            log.execute(
                "UPDATE auxeira.job_runs SET outcome = 'interrupted',"
                " finished_at = clock_timestamp(),"
                " error = 'the worker stopped before the run ended; the queue retried the job'"
                " WHERE queue_job_id = %s AND outcome = 'running'",
                (queue_job_id,),
            )
        row = log.execute(
            "INSERT INTO auxeira.job_runs (job, trigger, scheduled_for, queue_job_id, attempt,"
            " ran_by) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
            (name, trigger, scheduled_for, queue_job_id, attempt, ran_by()),
        ).fetchone()
        assert row is not None
        run_id = int(row[0])
        outcome, done, error = _execute(url, job, scheduled_for, attempt)
        with log.cursor(row_factory=class_row(JobRun)) as cur:
            finished = cur.execute(
                f"UPDATE auxeira.job_runs SET outcome = %s, finished_at = clock_timestamp(),"
                f" rows_affected = %s, error = %s, detail = %s WHERE id = %s RETURNING {COLUMNS}",
                (
                    outcome,
                    done.rows,
                    error,
                    Jsonb(done.detail) if done.detail is not None else None,
                    run_id,
                ),
            ).fetchone()
    assert finished is not None
    return finished


def _execute(
    url: str, job: Job, scheduled_for: datetime | None, attempt: int
) -> tuple[str, Done, str | None]:
    """Run the function on a connection of its own, under the job's advisory lock when the
    job is exclusive."""
    try:
        with connect(url, autocommit=True) as conn:
            if job.exclusive:
                locked = conn.execute(
                    "SELECT pg_catalog.pg_try_advisory_lock(%s, pg_catalog.hashtext(%s))",
                    (LOCK_CLASS, job.name),
                ).fetchone()
                if not locked or not locked[0]:
                    return "skipped", Done(), "already running in another session"
            trigger = "manual" if scheduled_for is None else "schedule"
            context = JobContext(job.name, conn, scheduled_for, attempt, trigger)
            done = _as_done(job.function(context))
            return "succeeded", done, None
    except Exception as exc:
        return "failed", Done(), _error_text(exc)


def runs(
    conn: psycopg.Connection[Any],
    *,
    failed: bool = False,
    job: str | None = None,
    limit: int = 50,
) -> list[JobRun]:
    """The latest runs, newest first; `failed` keeps failed and interrupted ones."""
    query = (
        f"SELECT {COLUMNS} FROM auxeira.job_runs"
        " WHERE (%(failed)s IS FALSE OR outcome IN ('failed', 'interrupted'))"
        " AND (%(job)s::text IS NULL OR job = %(job)s)"
        " ORDER BY started_at DESC, id DESC LIMIT %(limit)s"
    )
    with translated(), conn.cursor(row_factory=class_row(JobRun)) as cur:
        return cur.execute(query, {"failed": failed, "job": job, "limit": limit}).fetchall()
