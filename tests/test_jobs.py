"""Scheduled jobs with real worker processes (`auxeira-db worker` in subprocesses) against a
per-test database: each periodic job once per tick across two workers, a long job never
started twice at once, a worker killed with SIGKILL mid-job (the job is retried and completes
once), the run log, and the command line's refusals. Schedules use cron's seconds field so
that ticks come every few seconds; no assertion is about time."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auxeira_db import jobs, maintenance
from tests import factories as f
from tests import jobs_for_tests  # noqa: F401  (registers test-slow and test-fail here too)
from tests.safety import one_line_error, run_cli
from tests.test_cli import assert_one_line_error, run

ROOT = Path(__file__).resolve().parent.parent
BUILTIN = (
    "refresh-dashboards",
    "cleanup-synthetic",
    "synthetic-refresh",
    "health-probe",
    "retry-stalled",
    "holding-figures",
    "prune-idempotency-keys",
    "event-partitions",
    "analytics-rollups",
    "billing-expiry",
)
DEADLINE_S = 60


def worker_env(**schedules: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("AUXEIRA_DATABASE_URL", "DATABASE_URL") and not k.startswith("AUXEIRA_JOB")
    }
    env["AUXEIRA_JOBS_MODULES"] = "tests.jobs_for_tests"
    env["AUXEIRA_WORKER_HEARTBEAT_SECONDS"] = "0.5"
    env["AUXEIRA_WORKER_STALLED_SECONDS"] = "2"
    for job, cron in schedules.items():
        env[jobs.schedule.variable(job.replace("_", "-"))] = cron
    return env


class Workers:
    """Worker processes started by one test, stopped (or killed) when it ends."""

    def __init__(self, url: str, log_dir: Path) -> None:
        self.url = url
        self.log_dir = log_dir
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self, env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.log_dir / f"worker{len(self.procs)}.log").open("wb")
        proc = subprocess.Popen(
            [sys.executable, "-m", "auxeira_db", "--database-url", self.url, "worker"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        self.procs.append(proc)
        return proc

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.log_dir.glob("worker*.log")))


@pytest.fixture
def workers(db_url: str, tmp_path: Path) -> Iterator[Workers]:
    started = Workers(db_url, tmp_path)
    try:
        yield started
    finally:
        started.stop()


def wait_for(condition: Callable[[], bool], what: str, workers: Workers) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}; worker logs:\n{workers.logs()}")
        for proc in workers.procs:
            if proc.poll() not in (None, -signal.SIGKILL):
                raise AssertionError(f"a worker exited early:\n{workers.logs()}")
        time.sleep(0.2)


def query(url: str, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as conn:
        cur = conn.execute(sql, params)
        return [tuple(r) for r in cur.fetchall()] if cur.description else []


def test_two_workers_run_each_job_once_per_tick_and_a_long_job_never_twice_at_once(
    db_url: str, workers: Workers
) -> None:
    query(
        db_url,
        "CREATE TABLE public.test_slow_marks (kind text, scheduled_for timestamptz, attempt int)",
    )
    env = worker_env(
        health_probe="* * * * * */2",
        retry_stalled="* * * * * */2",
        refresh_dashboards="* * * * * */2",
        cleanup_synthetic="* * * * * */2",
        synthetic_refresh="* * * * * */2",
        holding_figures="* * * * * */2",
        prune_idempotency_keys="* * * * * */2",
        event_partitions="* * * * * */2",
        analytics_rollups="* * * * * */2",
        billing_expiry="* * * * * */2",
        test_slow="* * * * * *",  # due every second, runs for a second and a half
    )
    env["AUXEIRA_TEST_SLOW_SECONDS"] = "1.5"
    first, second = workers.start(env), workers.start(env)

    def enough() -> bool:
        rows = query(
            db_url,
            "SELECT job, count(DISTINCT scheduled_for) FROM auxeira.job_runs"
            " WHERE outcome = 'succeeded' GROUP BY job",
        )
        done = dict(rows)
        return all(done.get(job, 0) >= 3 for job in (*BUILTIN, "test-slow"))

    wait_for(enough, "three ticks of every job", workers)
    workers.stop()
    assert first.returncode == 0 and second.returncode == 0, workers.logs()
    runs = query(
        db_url,
        "SELECT job, scheduled_for, outcome, started_at, finished_at, ran_by, trigger"
        " FROM auxeira.job_runs ORDER BY started_at",
    )
    per_tick = Counter((job, tick) for job, tick, *_ in runs)
    assert [key for key, n in per_tick.items() if n > 1] == []  # once per tick, two workers
    assert {r[2] for r in runs} == {"succeeded"}, runs
    assert {r[6] for r in runs} == {"schedule"}
    assert len({r[5] for r in runs}) == 2  # both workers recorded (at least) their runs
    # the long job: no two runs overlap, and each tick it ran for started and finished once
    slow = sorted((r[3], r[4]) for r in runs if r[0] == "test-slow")
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(slow))
    marks = Counter(query(db_url, "SELECT kind, scheduled_for FROM public.test_slow_marks"))
    assert set(marks.values()) == {1} and len(marks) == 2 * len(slow)
    # what the run log says about a health probe
    detail = query(
        db_url,
        "SELECT detail FROM auxeira.job_runs WHERE job = 'health-probe' ORDER BY id LIMIT 1",
    )[0][0]
    assert detail["in_recovery"] is False and detail["connections"] >= 1, detail
    # nothing left in the queue but finished jobs' history (successful ones are deleted)
    left = query(
        db_url, "SELECT status::text, count(*) FROM auxeira_queue.procrastinate_jobs GROUP BY 1"
    )
    assert all(status in ("todo",) for status, _ in left), left


def test_a_worker_killed_mid_job_leaves_it_to_be_retried_and_completed_once(
    db_url: str, workers: Workers
) -> None:
    query(
        db_url,
        "CREATE TABLE public.test_slow_marks (kind text, scheduled_for timestamptz, attempt int)",
    )
    # due once a minute, at the second that just passed: the worker queues that tick when it
    # starts, and the next one is a minute away
    second = (datetime.now(UTC).second - 1) % 60
    env = worker_env(
        test_slow=f"* * * * * {second}",
        retry_stalled="* * * * * *",
        refresh_dashboards="off",
        cleanup_synthetic="off",
        health_probe="off",
    )
    victim = workers.start(env)
    wait_for(
        lambda: bool(query(db_url, "SELECT 1 FROM public.test_slow_marks")), "the job", workers
    )
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    tick = query(db_url, "SELECT scheduled_for FROM public.test_slow_marks")[0][0]
    workers.start(env)

    def finished() -> bool:
        return bool(query(db_url, "SELECT 1 FROM public.test_slow_marks WHERE kind = 'finished'"))

    wait_for(finished, "the retried job to finish", workers)
    workers.stop()
    runs = query(
        db_url,
        "SELECT outcome, attempt, queue_job_id FROM auxeira.job_runs"
        " WHERE job = 'test-slow' AND scheduled_for = %s ORDER BY id",
        (tick,),
    )
    assert [(r[0], r[1]) for r in runs] == [("interrupted", 0), ("succeeded", 1)], runs
    assert runs[0][2] == runs[1][2]  # the same queue job, retried
    marks = query(db_url, "SELECT kind, attempt FROM public.test_slow_marks ORDER BY 1, 2")
    assert marks == [("finished", 1), ("started", 0), ("started", 1)]
    retried = query(
        db_url,
        "SELECT detail FROM auxeira.job_runs WHERE job = 'retry-stalled' AND rows_affected > 0",
    )
    # one retry-stalled run put it back (others may have retried that worker's other jobs)
    assert sum(runs[0][2] in r[0]["retried"] for r in retried) == 1, retried


def test_run_by_hand_the_run_log_and_doctor(db_url: str) -> None:
    env = {"AUXEIRA_JOBS_MODULES": "tests.jobs_for_tests"}
    probe = run("--database-url", db_url, "--json", "jobs", "run", "health-probe", env=env)
    assert probe.returncode == 0, probe.stderr
    row = json.loads(probe.stdout)
    assert row["outcome"] == "succeeded" and row["trigger"] == "manual"
    assert row["scheduled_for"] is None and row["detail"]["round_trip_ms"] >= 0
    failing = run("--database-url", db_url, "jobs", "run", "test-fail", env=env)
    assert_one_line_error(failing, 1, "job test-fail failed: division by zero")
    listed = json.loads(run("--database-url", db_url, "--json", "jobs", env=env).stdout)
    assert [r["job"] for r in listed] == ["test-fail", "health-probe"]
    failed = json.loads(run("--database-url", db_url, "jobs", "--failed", "--json", env=env).stdout)
    assert [(r["job"], r["outcome"]) for r in failed] == [("test-fail", "failed")]
    assert "division by zero" in failed[0]["error"]
    # doctor: the failing job and the jobs that never succeeded are warnings, not failures
    doctor = run(
        "--database-url", db_url, "--json", "doctor", env={**env, "AUXEIRA_JOB_TEST_FAIL": "on"}
    )
    report = json.loads(doctor.stdout)
    assert doctor.returncode == 0 and report["ok"], report
    lines = [(c["name"], c["detail"]) for c in report["checks"] if c["name"].startswith("job ")]
    assert all(c["warning"] for c in report["checks"] if c["name"].startswith("job "))
    assert any(
        n == "job test-fail" and d.startswith("failing: ") and "division by zero" in d
        for n, d in lines
    ), lines
    assert any(n == "job refresh-dashboards" and "late: never succeeded" in d for n, d in lines)
    assert "job health-probe" not in {n for n, _ in lines}  # it has just succeeded
    # the read-only role reads the run log, the application role does not
    with psycopg.connect(db_url) as conn:
        conn.execute("SET ROLE auxeira_readonly")
        assert conn.execute("SELECT count(*) FROM auxeira.job_runs").fetchone() == (2,)
        conn.rollback()
        conn.execute("SET ROLE auxeira_app")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM auxeira.job_runs")


def test_doctor_says_when_no_job_has_run(db_url: str) -> None:
    checks = {c.name: c for c in maintenance.doctor(db_url)}
    assert (
        checks["scheduled jobs"].warning and "auxeira-db worker" in checks["scheduled jobs"].detail
    )


def test_bad_input_starts_nothing(
    db_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unknown = run_cli(capsys, "--database-url", db_url, "jobs", "run", "no-such-job")
    one_line_error(unknown, 1, "unknown job 'no-such-job': known jobs are")
    monkeypatch.setenv("AUXEIRA_JOB_HEALTH_PROBE", "5m")
    malformed = run_cli(capsys, "--database-url", db_url, "worker")
    one_line_error(malformed, 1, "AUXEIRA_JOB_HEALTH_PROBE='5m' is not a schedule")
    monkeypatch.delenv("AUXEIRA_JOB_HEALTH_PROBE")
    monkeypatch.setenv("AUXEIRA_JOB_HEALTH_PROBES", "on")
    typo = run_cli(capsys, "--database-url", db_url, "worker")
    one_line_error(typo, 1, "AUXEIRA_JOB_HEALTH_PROBES names no job")
    monkeypatch.delenv("AUXEIRA_JOB_HEALTH_PROBES")
    monkeypatch.setenv("AUXEIRA_WORKER_STALLED_SECONDS", "soon")
    bad_setting = run_cli(capsys, "--database-url", db_url, "worker")
    one_line_error(bad_setting, 1, "AUXEIRA_WORKER_STALLED_SECONDS='soon'")
    monkeypatch.delenv("AUXEIRA_WORKER_STALLED_SECONDS")
    # the history of a database that has not applied 0012 yet (its objects stay: only the
    # check is under test, and it reads the history)
    query(db_url, "DELETE FROM _yoyo_migration WHERE migration_id = '0012_job_queue'")
    pending = run_cli(capsys, "--database-url", db_url, "worker")
    assert "0012_job_queue" in one_line_error(pending, 1, "is not up to date")
    assert query(db_url, "SELECT count(*) FROM auxeira.job_runs") == [(0,)]
    assert query(db_url, "SELECT count(*) FROM auxeira_queue.procrastinate_workers") == [(0,)]


def test_synthetic_refresh_touches_synthetic_rows_only_and_once_per_hour(db_url: str) -> None:
    from auxeira_db import synthetic
    from tests import factories as f

    synthetic.generate(db_url, persona="vc", count=1, seed=5)
    with psycopg.connect(db_url, autocommit=True) as conn:
        real = f.user(conn, "vc")
        f.insert_plain(conn, "analytics_events", user_id=real, event_type="login")
    before_real = query(
        db_url,
        "SELECT 'events', count(*) FROM auxeira.analytics_events WHERE NOT is_synthetic"
        " UNION ALL SELECT 'snapshots', count(*) FROM auxeira.portfolio_metrics"
        " WHERE NOT is_synthetic",
    )
    synthetic_users = query(db_url, "SELECT count(*) FROM auxeira.users WHERE is_synthetic")[0][0]
    hour = datetime(2026, 11, 30, 10, 17, tzinfo=UTC)
    first = jobs.run(db_url, "synthetic-refresh", scheduled_for=hour)
    again = jobs.run(db_url, "synthetic-refresh", scheduled_for=hour.replace(minute=59))
    assert first.outcome == again.outcome == "succeeded"
    events = query(
        db_url,
        "SELECT count(*), bool_and(is_synthetic) FROM auxeira.analytics_events"
        " WHERE event_type = 'synthetic_activity'",
    )
    assert events == [(synthetic_users, True)]  # one per synthetic user for that hour
    assert first.rows_affected is not None and first.rows_affected >= synthetic_users
    snapshots = query(
        db_url,
        "SELECT count(*), bool_and(is_synthetic) FROM auxeira.portfolio_metrics"
        " WHERE metric_date = '2026-11-30'",
    )
    assert snapshots == [(1, True)]  # today's snapshot of the synthetic VC, written once
    assert (
        query(
            db_url,
            "SELECT 'events', count(*) FROM auxeira.analytics_events WHERE NOT is_synthetic"
            " UNION ALL SELECT 'snapshots', count(*) FROM auxeira.portfolio_metrics"
            " WHERE NOT is_synthetic",
        )
        == before_real
    )


def test_the_pg_cron_commands_of_the_docs_run_and_record_their_runs(db_url: str) -> None:
    """docs/JOBS.md's cron.schedule commands, run as the owner would run them (pg_cron itself
    is not needed: the command is what it runs). Each records one successful run."""
    text = (ROOT / "docs" / "JOBS.md").read_text()
    commands = re.findall(
        r"cron\.schedule\('auxeira-([a-z-]+)', '([^']+)', \$\$(.*?)\$\$\);", text, re.S
    )
    assert {name for name, _, _ in commands} == set(BUILTIN) - {"retry-stalled"}
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("SET ROLE auxeira_owner")
        for name, cron, body in commands:
            assert jobs.registry.valid_cron(cron)
            assert cron == jobs.get(name).schedule  # the documented schedule is the default
            conn.execute(body)  # type: ignore[call-overload]
    runs = query(db_url, "SELECT job, outcome, ran_by FROM auxeira.job_runs ORDER BY id")
    assert runs == [(name, "succeeded", "pg_cron") for name, _, _ in commands]


def test_the_holding_figures_job_rewrites_them_for_the_day(db_url: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        investor = f.user(conn, "angel")
        f.investment(conn, investor, f.company(conn, f.user(conn)))
        conn.execute("UPDATE auxeira.holding_figures SET as_of = as_of - 1")
        conn.execute("UPDATE auxeira.portfolio_figures SET as_of = as_of - 1")
    run = jobs.run(db_url, "holding-figures")
    assert run.outcome == "succeeded" and run.rows_affected == 2, run
    with psycopg.connect(db_url) as conn:
        days = conn.execute(
            "SELECT as_of FROM auxeira.holding_figures UNION ALL"
            " SELECT as_of FROM auxeira.portfolio_figures"
        ).fetchall()
    assert days == [(date.today(),), (date.today(),)]


def test_prune_idempotency_keys_deletes_only_old_results(db_url: str) -> None:
    """The job deletes stored idempotency results older than 7 days and keeps the recent ones,
    so a retry in flight still replays; the SQL refuses a retention under an hour."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        me = uuid.uuid4()
        for key, age in (("old-1", "8 days"), ("old-2", "30 days"), ("recent", "6 days")):
            conn.execute(
                "INSERT INTO auxeira.idempotency_keys"
                " (user_id, idempotency_key, operation, result, created_at)"
                " VALUES (%s, %s, 'startup_record_interview', '{}', now() - %s::interval)",
                (me, key, age),
            )
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="at least 1 hour"):
            conn.execute("SELECT auxeira.prune_idempotency_keys(interval '5 minutes')")
    done = jobs.run(db_url, "prune-idempotency-keys")
    assert done.outcome == "succeeded" and done.rows_affected == 2
    assert query(db_url, "SELECT idempotency_key FROM auxeira.idempotency_keys") == [("recent",)]
    again = jobs.run(db_url, "prune-idempotency-keys")
    assert again.outcome == "succeeded" and again.rows_affected == 0
