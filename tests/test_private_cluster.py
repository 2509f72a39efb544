"""Tests that change cluster-wide state or need a standby, on a PRIVATE primary and streaming
standby (tests/servers.py), never the shared server: per-role limits (migration 0025), TLS
reporting, read replicas with read-your-writes (issue 18)."""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from prometheus_client.parser import text_string_to_metric_families

from auxeira_db import migrations, tenant
from auxeira_db.dashboards import startup
from auxeira_db.db import translated
from auxeira_db.errors import ReadOnlyDatabase
from auxeira_db.limits import role_limits, tls_check
from auxeira_db.replicas import ReplicaWarning, Router
from auxeira_db.resources import migrations_dir
from tests import factories as f
from tests.safety import run_cli
from tests.servers import Cluster, primary_and_standby, public_address


@pytest.fixture(scope="module")
def clusters() -> Iterator[tuple[Cluster, Cluster]]:
    with primary_and_standby() as pair:
        yield pair


def _create(cluster: Cluster, name: str) -> str:
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return cluster.url(name)


@pytest.fixture(scope="module")
def app_db(clusters: tuple[Cluster, Cluster]) -> str:
    """The migrated database the replica tests share (created once on the primary)."""
    url = _create(clusters[0], "scaleout_app")
    migrations.migrate(url)
    return url


DEFAULTS = {
    "auxeira_app": {
        "statement_timeout": "30s",
        "idle_in_transaction_session_timeout": "60s",
        "connection_limit": 200,
    },
    "auxeira_readonly": {
        "statement_timeout": "5min",
        "idle_in_transaction_session_timeout": "5min",
        "connection_limit": 20,
    },
    "auxeira_analyst": {
        "statement_timeout": "10min",
        "idle_in_transaction_session_timeout": "5min",
        "connection_limit": 10,
    },
}


def test_role_limits_are_set_and_a_dba_override_survives_other_databases(
    clusters: tuple[Cluster, Cluster], app_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    primary = clusters[0]
    with psycopg.connect(app_db, autocommit=True) as conn:
        assert role_limits(conn) == DEFAULTS
        conn.execute("ALTER ROLE auxeira_app SET statement_timeout = '12s'")
        conn.execute("ALTER ROLE auxeira_app CONNECTION LIMIT 1")
    # roles are cluster-wide: 0025 applied in a second database keeps the DBA's override
    second = _create(primary, "scaleout_second")
    with psycopg.connect(second, autocommit=True) as conn:
        conn.execute((migrations_dir() / "0025_role_limits.sql").read_text())
    try:
        with psycopg.connect(second, autocommit=True) as conn:
            expected = {**DEFAULTS, "auxeira_app": {**DEFAULTS["auxeira_app"]}}
            expected["auxeira_app"].update(statement_timeout="12s", connection_limit=1)
            assert role_limits(conn) == expected
            conn.execute("ALTER ROLE auxeira_app LOGIN")
        # the limits act on a session that logs in as the role
        login = primary.url("scaleout_second").replace("postgres@", "auxeira_app@")
        with psycopg.connect(login, autocommit=True) as app:
            assert app.execute("SHOW statement_timeout").fetchone() == ("12s",)
            assert app.execute("SHOW idle_in_transaction_session_timeout").fetchone() == ("1min",)
            with pytest.raises(psycopg.OperationalError, match="too many connections for role"):
                psycopg.connect(login)
            app.execute("SET statement_timeout = '50ms'")  # overridable per session
            with pytest.raises(psycopg.errors.QueryCanceled):
                app.execute("SELECT pg_sleep(1)")
        done = run_cli(capsys, "--database-url", app_db, "doctor", "--json")
        checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
        assert "auxeira_app: statement_timeout 12s" in checks["role limits"]["detail"]
        assert "connections 1;" in checks["role limits"]["detail"]
        assert checks["session limits"]["detail"].startswith("postgres: statement_timeout 0")
        assert checks["tls"] == {
            "name": "tls",
            "ok": True,
            "detail": "not used (local server 127.0.0.1)",
            "warning": False,
        }
    finally:
        with psycopg.connect(primary.url(), autocommit=True) as conn:
            conn.execute("ALTER ROLE auxeira_app NOLOGIN CONNECTION LIMIT 200")
            conn.execute("ALTER ROLE auxeira_app SET statement_timeout = '30s'")
            conn.execute("DROP DATABASE scaleout_second")


def test_doctor_warns_when_a_remote_server_is_reached_without_tls(app_db: str) -> None:
    address = public_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address")
    with psycopg.connect(app_db.replace("127.0.0.1", address)) as conn:
        check = tls_check(conn)
    assert check.warning and check.detail == (
        f"not used to reach {address}: add sslmode=require (or verify-full) to the URL"
    )


# One sample line of the text format: name, optional labels, a float (or NaN / +-Inf).
SAMPLE = re.compile(
    r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})?'
    r" (NaN|[+-]Inf|-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)$"
)


def _parse(text: str) -> dict[str, list[Any]]:
    for line in text.splitlines():
        assert line.startswith("# HELP ") or line.startswith("# TYPE ") or SAMPLE.match(line), line
    return {family.name: family.samples for family in text_string_to_metric_families(text)}


def test_metrics_on_primary_and_standby_parse_as_prometheus_text(
    clusters: tuple[Cluster, Cluster], app_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    standby = clusters[1]
    with psycopg.connect(app_db, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        conn.execute(
            "INSERT INTO auxeira.job_runs"
            " (job, trigger, started_at, finished_at, outcome, error, ran_by)"
            " VALUES ('holding-figures', 'manual', now(), now(), 'failed', 'boom', 'test')"
        )
        for _ in range(3):
            conn.execute("SELECT count(*) FROM auxeira.users")
    done = run_cli(capsys, "--database-url", app_db, "metrics")
    assert done.code == 0, done.stderr
    families = _parse(done.stdout)
    sizes = {s.labels["table"]: s.value for s in families["auxeira_table_size_bytes"]}
    assert sizes["users"] > 0 and "procrastinate_jobs" in sizes
    assert families["auxeira_in_recovery"][0].value == 0
    lag = families["auxeira_replication_lag_bytes"]
    assert len(lag) == 1 and lag[0].value >= 0 and lag[0].labels["address"] == "127.0.0.1"
    failed = {s.labels["job"]: s.value for s in families["auxeira_job_failed_runs"]}
    assert failed == {"holding-figures": 1}
    states = {s.labels["state"]: s.value for s in families["auxeira_connections"]}
    assert states.get("active", 0) >= 1
    statements = families["auxeira_statement_calls"]
    assert 1 <= len(statements) <= 10 and all(s.value >= 1 for s in statements)
    assert {s.labels["view"] for s in families["auxeira_matview_age_seconds"]} >= {
        "auxeira_mv.vc_performance"
    }
    # the standby reports itself as one, with its replay delay
    done = run_cli(capsys, "--database-url", standby.url("scaleout_app"), "metrics")
    assert done.code == 0, done.stderr
    families = _parse(done.stdout)
    assert families["auxeira_in_recovery"][0].value == 1
    assert len(families["auxeira_replica_replay_delay_seconds"]) == 1


def _where(conn: psycopg.Connection[Any]) -> tuple[bool, int]:
    row = conn.execute("SELECT pg_is_in_recovery(), inet_server_port()").fetchone()
    assert row is not None
    return bool(row[0]), int(row[1])


def _sees(conn: psycopg.Connection[Any], user: uuid.UUID) -> bool:
    """Whether the founder's dashboard (as auxeira_app, RLS on) shows the user's company."""
    with tenant(conn, user):
        conn.execute("SET LOCAL ROLE auxeira_app")
        return any(row.company_name == "Replicated Ltd" for row in startup.overview(conn))


def test_reads_go_to_the_replica_after_it_replayed_the_users_write(
    clusters: tuple[Cluster, Cluster], app_db: str
) -> None:
    primary, standby = clusters
    router = Router(app_db, [standby.url("scaleout_app")], max_wait=10)
    with router.write(user := uuid.uuid4()) as conn:
        f.insert(conn, "users", id=user, email=f"{user}@example.com", user_type="founder")
        f.company(conn, user, name="Replicated Ltd")
    with router.read(user) as conn:
        assert _where(conn) == (True, standby.port)
        assert _sees(conn, user)
    with router.read() as conn:
        assert _where(conn) == (True, standby.port)
    with router.primary() as conn:
        assert _where(conn) == (False, primary.port)


def test_the_replica_refuses_writes(clusters: tuple[Cluster, Cluster], app_db: str) -> None:
    router = Router(app_db, [clusters[1].url("scaleout_app")])
    with router.read() as conn, pytest.raises(ReadOnlyDatabase), translated():
        conn.execute("INSERT INTO auxeira.currencies (code, name) VALUES ('XTS', 'Test')")
    with router.read() as conn, pytest.raises(ReadOnlyDatabase, match="read-only"):
        migrations.refuse_read_only(conn)


def test_a_paused_replica_falls_back_to_the_primary(
    clusters: tuple[Cluster, Cluster], app_db: str
) -> None:
    primary, standby = clusters
    router = Router(app_db, [standby.url("scaleout_app")], max_wait=0.3)
    with psycopg.connect(standby.url(), autocommit=True) as control:
        control.execute("SELECT pg_wal_replay_pause()")
        try:
            with router.write(user := uuid.uuid4()) as conn:
                f.insert(conn, "users", id=user, email=f"{user}@example.com", user_type="founder")
                f.company(conn, user, name="Replicated Ltd")
            started = time.monotonic()
            with router.read(user) as conn:
                assert _where(conn) == (False, primary.port)
                assert _sees(conn, user)
            assert time.monotonic() - started >= 0.3  # it waited for the replica first
            with router.read() as conn:  # a read without a pending write still uses it
                assert _where(conn) == (True, standby.port)
                assert not _sees(conn, user)
        finally:
            control.execute("SELECT pg_wal_replay_resume()")


def test_a_replica_that_is_down_falls_back_with_a_warning(
    clusters: tuple[Cluster, Cluster], app_db: str
) -> None:
    """Last of the module: stops the standby (and starts it again)."""
    primary, standby = clusters
    router = Router(app_db, [standby.url("scaleout_app")])
    standby.stop()
    try:
        with pytest.warns(ReplicaWarning, match="read replica skipped"), router.read() as conn:
            assert _where(conn) == (False, primary.port)
    finally:
        standby.start()
