"""The package's own scheduled jobs (the specification's periods are the defaults).

| job | default | what it does |
|---|---|---|
| refresh-dashboards | every 15 min | REFRESH ... CONCURRENTLY every materialized view |
| cleanup-synthetic | every 6 h | expired synthetic rows, day-old outbox, 90-day-old runs |
| synthetic-refresh | hourly, off | auxeira.extend_synthetic_data(): synthetic rows only |
| health-probe | every 5 min | round trip, connections, recovery, size: in the run log |
| retry-stalled | every 5 min | queue jobs of workers without a heartbeat go back to the queue |
| holding-figures | daily 00:05 | the kept investment figures rewritten for the new day |
| prune-idempotency-keys | daily | stored idempotency results older than 7 days |
| event-partitions | daily | auxeira.ensure_event_partitions(3): the event log's next months |
| analytics-rollups | every 10 min | the analytics rollups of the days that received events |
| billing-expiry | hourly | subscriptions whose grace period, trial or paid period ran out expire |

Each is idempotent: run twice for the same tick, it leaves the database as one run would.
"""

from __future__ import annotations

import os
import time
from datetime import timedelta

from auxeira_db import billing, maintenance, realtime, refresh
from auxeira_db.errors import ConfigurationError
from auxeira_db.jobs.registry import Done, JobContext, register

# The run log keeps this many days (pruned by cleanup-synthetic).
JOB_RUNS_KEEP_DAYS = 90
# Stored idempotency results are kept this many days (pruned by prune-idempotency-keys): far
# longer than any service retries a timed-out write.
IDEMPOTENCY_KEYS_KEEP_DAYS = 7
IDEMPOTENCY_KEYS_BATCH = 10_000
# A worker whose heartbeat is older than this many seconds is taken for dead.
STALLED_VARIABLE = "AUXEIRA_WORKER_STALLED_SECONDS"
DEFAULT_STALLED_SECONDS = 30.0


def stalled_seconds() -> float:
    """AUXEIRA_WORKER_STALLED_SECONDS (default 30): when a silent worker counts as dead."""
    raw = os.environ.get(STALLED_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_STALLED_SECONDS
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.5 <= value <= 86_400:
        raise ConfigurationError(f"{STALLED_VARIABLE}={raw!r}: give seconds from 0.5 to 86400")
    return value


def refresh_dashboards(ctx: JobContext) -> Done:
    results = refresh.refresh(ctx.conn, concurrently=True)
    refreshed = [r for r in results if r.refreshed]
    return Done(
        rows=sum(r.row_count or 0 for r in refreshed),
        detail={
            "refreshed": len(refreshed),
            "skipped": [r.view for r in results if not r.refreshed],
        },
    )


def cleanup_synthetic(ctx: JobContext) -> Done:
    report = maintenance.cleanup(ctx.conn)
    pruned = realtime.prune_outbox(ctx.conn, older_than=timedelta(hours=24))
    with ctx.conn.transaction():
        cur = ctx.conn.execute(
            "DELETE FROM auxeira.job_runs WHERE started_at < now() - make_interval(days => %s)"
            " AND outcome <> 'running'",
            (JOB_RUNS_KEEP_DAYS,),
        )
        old_runs = cur.rowcount
    return Done(
        rows=report.total_deleted + pruned + old_runs,
        detail={
            "synthetic_deleted": report.total_deleted,
            "synthetic_retained": report.total_retained,
            "outbox_pruned": pruned,
            "job_runs_pruned": old_runs,
        },
    )


def prune_idempotency_keys(ctx: JobContext) -> int:
    """auxeira.prune_idempotency_keys() in short transactions until a batch comes back short."""
    total = 0
    while True:
        with ctx.conn.transaction():
            row = ctx.conn.execute(
                "SELECT auxeira.prune_idempotency_keys(make_interval(days => %s), %s)",
                (IDEMPOTENCY_KEYS_KEEP_DAYS, IDEMPOTENCY_KEYS_BATCH),
            ).fetchone()
        removed = int(row[0]) if row else 0
        total += removed
        if removed < IDEMPOTENCY_KEYS_BATCH:
            return total


def synthetic_refresh(ctx: JobContext) -> int:
    with ctx.conn.transaction():
        row = ctx.conn.execute(
            "SELECT auxeira.extend_synthetic_data(coalesce(%s::timestamptz, now()))",
            (ctx.scheduled_for,),
        ).fetchone()
    return int(row[0]) if row else 0


def holding_figures(ctx: JobContext) -> Done:
    """IRR, rolled-forward values and mark ages move with the date: rewrite the kept figures
    (auxeira.holding_figures, portfolio_figures) for the new day, so that the day's reads are
    lookups. Until it runs, reads compute from the ledger (correct, slower)."""
    with ctx.conn.transaction():
        row = ctx.conn.execute("SELECT auxeira.refresh_holding_figures()").fetchone()
    return Done(rows=int(row[0]) if row else 0)


# Months of analytics-event partitions kept ready ahead of the current one (docs/ANALYTICS.md).
EVENT_PARTITIONS_AHEAD = 3


def event_partitions(ctx: JobContext) -> Done:
    with ctx.conn.transaction():
        row = ctx.conn.execute(
            "SELECT auxeira.ensure_event_partitions(%s)", (EVENT_PARTITIONS_AHEAD,)
        ).fetchone()
    created = int(row[0]) if row else 0
    return Done(rows=created, detail={"partitions_created": created})


def billing_expiry(ctx: JobContext) -> Done:
    """Grace periods after a failed payment, trials and cancelled paid periods that ran out
    by the tick end in `expired` (auxeira.billing_expire_lapsed; docs/BILLING.md)."""
    return Done(rows=billing.expire_lapsed(ctx.conn, ctx.scheduled_for))


def analytics_rollups(ctx: JobContext) -> Done:
    with ctx.conn.transaction():
        rows = ctx.conn.execute(
            "SELECT day, user_days, session_paths, daily_counts"
            " FROM auxeira_analytics.refresh_rollups()"
        ).fetchall()
    return Done(
        rows=sum(int(r[1]) + int(r[2]) + int(r[3]) for r in rows),
        detail={"days": [r[0].isoformat() for r in rows]},
    )


def health_probe(ctx: JobContext) -> Done:
    started = time.perf_counter()
    ctx.conn.execute("SELECT 1").fetchone()
    round_trip_ms = round((time.perf_counter() - started) * 1000, 3)
    row = ctx.conn.execute(
        "SELECT pg_catalog.pg_is_in_recovery(),"
        " (SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE datname = current_database()),"
        " pg_catalog.current_setting('max_connections')::int,"
        " pg_catalog.pg_database_size(current_database())"
    ).fetchone()
    assert row is not None
    return Done(
        detail={
            "round_trip_ms": round_trip_ms,
            "in_recovery": bool(row[0]),
            "connections": int(row[1]),
            "max_connections": int(row[2]),
            "database_bytes": int(row[3]),
        }
    )


# procrastinate 3.10.0's own queries (select_stalled_jobs_by_heartbeat, retry_job,
# finish_job, prune_stalled_workers), run in its schema: the pinned version's functions.
STALLED_JOBS = """
    WITH stalled_workers AS (
        SELECT id FROM auxeira_queue.procrastinate_workers
        WHERE last_heartbeat < now() - make_interval(secs => %(seconds)s)
    )
    SELECT job.id,
           EXISTS (SELECT FROM auxeira_queue.procrastinate_jobs AS other
                   WHERE other.queueing_lock = job.queueing_lock AND other.status = 'todo')
    FROM auxeira_queue.procrastinate_jobs AS job
    LEFT JOIN stalled_workers AS sw ON sw.id = job.worker_id
    WHERE job.status = 'doing' AND (job.worker_id IS NULL OR sw.id IS NOT NULL)
    ORDER BY job.id
    FOR UPDATE OF job SKIP LOCKED
"""


def retry_stalled(ctx: JobContext) -> Done:
    """Jobs left `doing` by a worker whose heartbeat stopped go back to the queue. When the
    next tick of the same job is already queued (its queueing lock admits one waiting job),
    the stalled one is closed as failed instead: the queued tick does the (idempotent) work.
    Either way its unfinished run-log row is marked interrupted."""
    seconds = stalled_seconds()
    retried: list[int] = []
    superseded: list[int] = []
    with ctx.conn.transaction():
        ctx.conn.execute("SET LOCAL search_path = auxeira_queue, pg_catalog")
        for job_id, next_queued in ctx.conn.execute(STALLED_JOBS, {"seconds": seconds}).fetchall():
            if next_queued:
                ctx.conn.execute(
                    "SELECT procrastinate_finish_job_v1(%s, 'failed', false)", (job_id,)
                )
                ctx.conn.execute(
                    "UPDATE auxeira.job_runs SET outcome = 'interrupted',"
                    " finished_at = clock_timestamp(),"
                    " error = 'the worker stopped before the run ended; the next tick was queued'"
                    " WHERE queue_job_id = %s AND outcome = 'running'",
                    (job_id,),
                )
                superseded.append(int(job_id))
            else:
                ctx.conn.execute(
                    "SELECT procrastinate_retry_job_v2(%s, now(), NULL, NULL, NULL)", (job_id,)
                )
                retried.append(int(job_id))
        pruned = ctx.conn.execute(
            "SELECT count(*) FROM procrastinate_prune_stalled_workers_v1(%s)", (seconds,)
        ).fetchone()
    return Done(
        rows=len(retried) + len(superseded),
        detail={
            "retried": retried,
            "superseded": superseded,
            "workers_pruned": int(pruned[0]) if pruned else 0,
        },
    )


register(
    "refresh-dashboards",
    refresh_dashboards,
    schedule="*/15 * * * *",
    description="Refresh the dashboards' materialized views (CONCURRENTLY).",
)
register(
    "cleanup-synthetic",
    cleanup_synthetic,
    schedule="0 */6 * * *",
    description="Delete expired synthetic rows, day-old dashboard events and old run-log rows.",
)
register(
    "synthetic-refresh",
    synthetic_refresh,
    schedule="0 * * * *",
    enabled=False,
    description="Extend the synthetic demo ecosystem to the current hour (synthetic rows only).",
)
register(
    "event-partitions",
    event_partitions,
    schedule="17 3 * * *",
    description="Create the analytics event log's monthly partitions three months ahead.",
)
register(
    "billing-expiry",
    billing_expiry,
    schedule="7 * * * *",
    description="Expire subscriptions whose grace period, trial or paid period ran out.",
)
register(
    "analytics-rollups",
    analytics_rollups,
    schedule="*/10 * * * *",
    description="Recompute the analytics rollups of the days whose events changed.",
)
register(
    "health-probe",
    health_probe,
    schedule="*/5 * * * *",
    description="Round trip, connections, recovery state and size, recorded in the run log.",
)
register(
    "retry-stalled",
    retry_stalled,
    schedule="*/5 * * * *",
    description="Put jobs of workers that stopped beating back in the queue.",
    exclusive=False,  # a run stalled with its worker must not block the run that retries it
)
register(
    "holding-figures",
    holding_figures,
    schedule="5 0 * * *",
    description="Rewrite the kept investment figures (holding_figures) for the new day.",
)
register(
    "prune-idempotency-keys",
    prune_idempotency_keys,
    schedule="17 3 * * *",
    description="Delete stored idempotency results older than 7 days.",
)
