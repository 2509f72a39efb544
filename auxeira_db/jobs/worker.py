"""`auxeira-db worker`: the registered jobs as procrastinate periodic tasks.

Each enabled job is a procrastinate task named after the job, deferred by procrastinate's
periodic deferrer on the job's schedule. Many workers on one database queue each tick once
(procrastinate_periodic_defers has one row per task and tick); the task's queueing lock keeps
at most one waiting and its lock keeps a job from starting while it runs (on any worker).
A task calls auxeira_db.jobs.runner.run(), as `auxeira-db jobs run` does.

Workers connect to the primary directly (LISTEN/NOTIFY and session settings: not through a
transaction-mode pooler), with search_path set to the queue's schema.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import psycopg.conninfo

from auxeira_db import migrations
from auxeira_db.db import connection, translated
from auxeira_db.errors import ConfigurationError, JobFailed
from auxeira_db.jobs import runner
from auxeira_db.jobs.builtin import stalled_seconds
from auxeira_db.jobs.registry import get
from auxeira_db.jobs.schedule import Schedule, schedules

QUEUE_SCHEMA = "auxeira_queue"
QUEUE = "auxeira"
HEARTBEAT_VARIABLE = "AUXEIRA_WORKER_HEARTBEAT_SECONDS"
DEFAULT_HEARTBEAT_SECONDS = 10.0

log = logging.getLogger("auxeira_db.worker")


def heartbeat_seconds(environ: Mapping[str, str] | None = None) -> float:
    env = os.environ if environ is None else environ
    raw = env.get(HEARTBEAT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_HEARTBEAT_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.1 <= value <= 3_600:
        raise ConfigurationError(f"{HEARTBEAT_VARIABLE}={raw!r}: give seconds from 0.1 to 3600")
    return value


def queue_conninfo(url: str) -> str:
    """The URL with the queue's schema as search_path (procrastinate's tables are unqualified)."""
    return psycopg.conninfo.make_conninfo(url, options=f"-c search_path={QUEUE_SCHEMA}")


def build_app(url: str, configured: dict[str, Schedule], concurrency: int = 4) -> Any:
    """A procrastinate App with one periodic task per enabled job. Its pool holds the
    LISTEN connection and the queue's bookkeeping; each running job opens its own two
    connections (the job's and the run log's)."""
    import procrastinate

    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(
            conninfo=queue_conninfo(url), min_size=1, max_size=concurrency + 2
        )
    )
    for schedule in configured.values():
        if schedule.enabled:
            _add(app, url, schedule)
    return app


def _add(app: Any, url: str, schedule: Schedule) -> None:
    name = schedule.job
    exclusive = get(name).exclusive

    def task(context: Any, timestamp: int) -> None:
        result = runner.run(
            url,
            name,
            scheduled_for=datetime.fromtimestamp(timestamp, UTC),
            queue_job_id=context.job.id,
            attempt=context.job.attempts,
        )
        rows = "" if result.rows_affected is None else f", {result.rows_affected} rows"
        log.info("%s for %s: %s%s", name, result.scheduled_for, result.outcome, rows)
        if result.outcome == "failed":
            raise JobFailed(f"{name}: {result.error}")

    task.__name__ = name.replace("-", "_")
    registered = app.task(
        name=name,
        queue=QUEUE,
        pass_context=True,
        lock=name if exclusive else None,
        queueing_lock=name,
    )(task)
    app.periodic(cron=schedule.cron, periodic_id=name)(registered)


def check_settings() -> dict[str, Schedule]:
    """Every setting of the worker, checked before it connects: the schedules
    (AUXEIRA_JOB_<NAME>), the heartbeat and the stalled-worker timeout. ConfigurationError
    names the first bad one."""
    configured = schedules()
    heartbeat_seconds()
    stalled_seconds()
    return configured


def check_database(url: str) -> None:
    """Refuse a database with pending migrations (or migrated by a newer release), or one
    that is read-only (a replica: workers need the primary)."""
    with connection(url, autocommit=True) as conn:
        migrations.require_current(conn)
        with translated():
            migrations.refuse_read_only(conn)


def run_worker(url: str, configured: dict[str, Schedule], *, concurrency: int = 4) -> None:
    """Run until SIGINT/SIGTERM. Settings and the database are checked before anything
    starts (call check_settings() before resolving the database, as the CLI does)."""
    heartbeat = heartbeat_seconds()
    stalled = stalled_seconds()
    check_database(url)
    logging.basicConfig(
        stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(name)s %(message)s"
    )
    logging.getLogger("procrastinate").setLevel(logging.WARNING)
    enabled = [s for s in configured.values() if s.enabled]
    log.info(
        "worker %s starting: %s",
        runner.ran_by(),
        ", ".join(f"{s.job} ({s.cron})" for s in enabled) or "no job enabled",
    )
    app = build_app(url, configured, concurrency)
    app.run_worker(
        queues=[QUEUE],
        concurrency=concurrency,
        name=runner.ran_by(),
        update_heartbeat_interval=heartbeat,
        stalled_worker_timeout=stalled,
        delete_jobs="successful",
    )
