"""The command line as a person meets it: exit codes, one-line errors, JSON on stdout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from auxeira_db import db as db_module
from auxeira_db.errors import ServerTooOld


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if k not in ("AUXEIRA_DATABASE_URL", "DATABASE_URL")
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "auxeira_db", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], code: int, fragment: str
) -> None:
    assert result.returncode == code, result
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_unreachable_server_is_one_line_and_exit_1() -> None:
    result = run("--database-url", "postgresql://nobody@127.0.0.1:1/x", "status")
    assert_one_line_error(result, 1, "cannot connect")


def test_bad_url_is_one_line_and_exit_1() -> None:
    assert_one_line_error(
        run("--database-url", "mysql://x@y/z", "status"), 1, "unsupported database URL"
    )
    assert_one_line_error(run("--database-url", "postgresql://x@y:notaport/z", "status"), 1, "")


def test_environment_url_is_used() -> None:
    result = run("status", env={"AUXEIRA_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"})
    assert_one_line_error(result, 1, "port 1")


def test_usage_errors_exit_2() -> None:
    assert run("no-such-command").returncode == 2
    assert run("rollback", "--steps", "x").returncode == 2


def test_migrate_twice_status_json_and_doctor(empty_db_url: str) -> None:
    first = run("--database-url", empty_db_url, "migrate")
    assert first.returncode == 0, first.stderr
    assert "Applied" in first.stderr
    second = run("--database-url", empty_db_url, "migrate")
    assert second.returncode == 0 and "Nothing to apply" in second.stderr
    status = run("--database-url", empty_db_url, "--json", "status")
    payload = json.loads(status.stdout)
    assert payload["pending"] == [] and all(m["applied"] for m in payload["migrations"])
    doctor = run("--database-url", empty_db_url, "--json", "doctor")
    report = json.loads(doctor.stdout)
    assert doctor.returncode == 0 and report["ok"], report
    names = {c["name"] for c in report["checks"]}
    assert {
        "server version",
        "migrations",
        "roles",
        "row-level security",
        "expired synthetic rows",
    } <= names


def test_doctor_fails_on_an_unmigrated_database(empty_db_url: str) -> None:
    result = run("--database-url", empty_db_url, "--json", "doctor")
    assert result.returncode == 1
    checks = {c["name"]: c for c in json.loads(result.stdout)["checks"]}
    assert not checks["migrations"]["ok"]


def test_cleanup_prints_per_table_counts(db_url: str) -> None:
    result = run("--database-url", db_url, "--json", "cleanup")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["total_deleted"] == 0
    assert "companies" in {t["table_name"] for t in report["tables"]}


def test_a_failing_command_from_sql_is_one_line(db_url: str) -> None:
    result = run("--database-url", db_url, "migrate", "--to", "9999_nope")
    assert_one_line_error(result, 1, "unknown migration id")


def test_version() -> None:
    result = run("version")
    assert result.returncode == 0 and result.stdout.startswith("auxeira-db ")


def test_server_older_than_15_is_refused(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # No PostgreSQL 14 is at hand; raising the floor above the real server exercises the same path.
    monkeypatch.setattr(db_module, "MIN_SERVER_VERSION", 990000)
    with pytest.raises(ServerTooOld, match="needs 15 or later"):
        db_module.connect(db_url)


def test_embedded_data_dir_too_long_is_a_clear_error(tmp_path: Path) -> None:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    result = run("--data-dir", str(deep), "server", "start")
    assert_one_line_error(result, 1, "too long for a Unix socket")


def test_refresh_and_show(db_url: str) -> None:
    from auxeira_db import synthetic

    synthetic.generate(db_url, persona="vc", scale="small", seed=3)
    refreshed = run("--database-url", db_url, "--json", "refresh", "--blocking")
    assert refreshed.returncode == 0, refreshed.stderr
    views = json.loads(refreshed.stdout)
    assert views and all(v["refreshed"] for v in views)
    with psycopg.connect(db_url) as conn:
        row = conn.execute("SELECT id FROM auxeira.users WHERE user_type = 'vc' LIMIT 1").fetchone()
    assert row is not None
    shown = run("--database-url", db_url, "--json", "show", "vc", "--user", str(row[0]))
    assert shown.returncode == 0, shown.stderr
    sections = json.loads(shown.stdout)
    assert any(rows for rows in sections.values())
    assert run("--database-url", db_url, "show", "nope", "--user", str(row[0])).returncode == 2
    bad_user = run("--database-url", db_url, "show", "vc", "--user", "not-a-uuid")
    assert_one_line_error(bad_user, 1, "UUID")


def test_cleanup_prunes_old_dashboard_events(db_url: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        user = conn.execute(
            "INSERT INTO auxeira.users (email, user_type) VALUES ('o@example.com', 'founder') "
            "RETURNING id"
        ).fetchone()
        assert user is not None
        for hours in (30, 2):
            conn.execute(
                "INSERT INTO auxeira.outbox (user_id, dashboard, entity, op, created_at) "
                "VALUES (%s, 'startup', 'companies', 'update', now() - make_interval(hours => %s))",
                (user[0], hours),
            )
    refused = run("--database-url", db_url, "cleanup", "--outbox-older-than", "0")
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    result = run("--database-url", db_url, "--json", "cleanup")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["outbox_pruned"] == 1
    again = run("--database-url", db_url, "--json", "cleanup", "--outbox-older-than", "1")
    assert json.loads(again.stdout)["outbox_pruned"] == 1
    with psycopg.connect(db_url) as conn:
        left = conn.execute("SELECT count(*) FROM auxeira.outbox").fetchone()
    assert left == (0,)


def test_cleanup_commits_what_it_deletes(db_url: str) -> None:
    """The command's deletions are committed, not left in a transaction the closing connection
    rolls back."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO auxeira.users (email, user_type, is_synthetic, expires_at) "
            "VALUES ('gone@example.com', 'founder', true, now() - interval '1 day')"
        )
    result = run("--database-url", db_url, "--json", "cleanup")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total_deleted"] == 1
    with psycopg.connect(db_url) as conn:
        left = conn.execute("SELECT count(*) FROM auxeira.users").fetchone()
    assert left == (0,)
