"""Issue 9, case 9: one error path. Every psycopg error reaching the CLI or the API is
translated by SQLSTATE class (auxeira_db.db.translate_error) into a typed error a user
understands: read-only database, missing privilege, schema not migrated, server unreachable,
refused value. The CLI prints it as one line; nothing is written."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import psycopg
import psycopg.conninfo
import pytest

from auxeira_db import db, errors, maintenance, migrations
from tests.conftest import Server, unique_name
from tests.safety import (
    counts,
    counts_kept_by_rolling_back_0011,
    one_line_error,
    run_cli,
    scratch_database,
    seed_small,
)

# --- the translation itself -------------------------------------------------------------


@pytest.fixture(scope="module")
def conn(server: Server, template_db: str) -> Iterator[psycopg.Connection[Any]]:
    """One migrated database for the translation tests: each statement fails and is undone."""
    with (
        scratch_database(server, template_db, "auxeira_translate") as url,
        psycopg.connect(url, autocommit=True) as connection,
    ):
        yield connection


@pytest.fixture(scope="module")
def unmigrated_url(server: Server) -> Iterator[str]:
    with scratch_database(server, None, "auxeira_unmigrated") as url:
        yield url


@pytest.mark.parametrize(
    ("statement", "expected", "fragment"),
    [
        ("SELECT 1 / 0", "DataError", "division by zero"),
        (
            "DO $$ BEGIN RAISE EXCEPTION 'bad value' USING DETAIL = 'why'; END $$",
            "DataError",
            "why",
        ),
        (
            "DO $$ BEGIN RAISE EXCEPTION 'not yours' USING ERRCODE = '42501'; END $$",
            "PermissionDenied",
            "not yours",
        ),
        ("SELECT * FROM auxeira.no_such_table", "NotMigrated", "auxeira-db migrate"),
        ("SELECT auxeira.no_such_function()", "NotMigrated", "auxeira-db migrate"),
        ("SELECT * FROM no_such_schema.t", "NotMigrated", "auxeira-db migrate"),
        (
            "SET TRANSACTION READ ONLY; CREATE TABLE public.t_ro (x int)",
            "ReadOnlyDatabase",
            "read-only",
        ),
        ("SELECT pg_catalog.pg_sleep(-1) FROM no_such_table_either", "NotMigrated", "migrate"),
        ("DO $$ BEGIN RAISE EXCEPTION 'gone' USING ERRCODE = 'P0002'; END $$", "DataError", "gone"),
        ("DO $$ BEGIN RAISE EXCEPTION USING ERRCODE = '40001'; END $$", "DatabaseError", ""),
    ],
)
def test_translate_error_by_sqlstate_class(
    conn: psycopg.Connection[Any], statement: str, expected: str, fragment: str
) -> None:
    with pytest.raises(psycopg.Error) as raised, conn.transaction():
        conn.execute(statement.encode())
    error = db.translate_error(raised.value)
    assert type(error) is getattr(errors, expected), error
    assert fragment in str(error) and "\n" not in str(error)


def test_a_check_violation_names_its_constraint(conn: psycopg.Connection[Any]) -> None:
    with pytest.raises(errors.DataError) as raised, db.translated():
        conn.execute(
            "INSERT INTO auxeira.users (email, user_type) VALUES ('a@example.com', 'pirate')"
        )
    assert raised.value.constraint == "users_user_type_check"


def test_a_closed_connection_is_connection_failed(conn: psycopg.Connection[Any]) -> None:
    closed = psycopg.connect(conn.info.dsn)
    closed.close()
    with pytest.raises(psycopg.Error) as raised:
        closed.execute("SELECT 1")
    assert isinstance(db.translate_error(raised.value), errors.ConnectionFailed)


# --- through the CLI -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["cleanup"],
        ["refresh"],
        ["show", "vc", "--user", "00000000-0000-4000-8000-000000000000"],
        ["templates", "create", "mine", "--parameters", '{"persona": "vc"}'],
        ["seed", "--persona", "vc", "--count", "1"],
    ],
    ids=" ".join,
)
def test_commands_before_migrating_say_so(
    unmigrated_url: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "--database-url", unmigrated_url, *command)
    one_line_error(result, 1, "the database is not migrated")
    assert counts(unmigrated_url) == {}


@pytest.fixture
def read_only_url(empty_db_url: str) -> str:
    dbname = psycopg.conninfo.conninfo_to_dict(empty_db_url)["dbname"]
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on").format(
                psycopg.sql.Identifier(str(dbname))
            )
        )
    return empty_db_url


def test_migrate_on_a_read_only_database(
    read_only_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "--database-url", read_only_url, "migrate")
    one_line_error(result, 1, "the database is read-only")
    assert counts(read_only_url) == {}


def test_seed_on_a_read_only_database(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    dbname = psycopg.conninfo.conninfo_to_dict(db_url)["dbname"]
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on").format(
                psycopg.sql.Identifier(str(dbname))
            )
        )
    before = counts(db_url)
    result = run_cli(capsys, "--database-url", db_url, "seed", "--persona", "vc", "--count", "1")
    one_line_error(result, 1, "read-only")
    assert counts(db_url) == before


@pytest.fixture(scope="module")
def migrated_url(server: Server, template_db: str) -> Iterator[str]:
    with scratch_database(server, template_db, "auxeira_nopriv") as url:
        yield url


@pytest.fixture(scope="module")
def login_without_privileges(migrated_url: str) -> Iterator[str]:
    """A LOGIN role granted nothing (roles are cluster-wide: a unique name, dropped after), and
    the URL of a migrated database as that role."""
    role = unique_name("auxeira_nopriv")
    with psycopg.connect(migrated_url, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("CREATE ROLE {} LOGIN").format(psycopg.sql.Identifier(role)))
    params = psycopg.conninfo.conninfo_to_dict(migrated_url)
    params["user"] = role
    params.pop("password", None)
    try:
        yield psycopg.conninfo.make_conninfo("", **params)
    finally:
        with psycopg.connect(migrated_url, autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("DROP ROLE {}").format(psycopg.sql.Identifier(role)))


@pytest.mark.parametrize(
    "command",
    [
        ["cleanup"],
        ["show", "vc", "--user", "00000000-0000-4000-8000-000000000000"],
        ["refresh"],
        ["status"],
        ["seed", "--persona", "vc", "--count", "1"],
    ],
    ids=" ".join,
)
def test_a_login_without_privileges_gets_permission_denied(
    migrated_url: str,
    login_without_privileges: str,
    command: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = counts(migrated_url)
    result = run_cli(capsys, "--database-url", login_without_privileges, *command)
    line = one_line_error(result, 1, "permission denied")
    assert "unexpected" not in line and "SELECT" not in line
    assert counts(migrated_url) == before


def test_the_python_api_raises_permission_denied(login_without_privileges: str) -> None:
    with (
        psycopg.connect(login_without_privileges, autocommit=True) as conn,
        pytest.raises(errors.PermissionDenied),
    ):
        maintenance.cleanup(conn)


# --- a rollback step that fails ----------------------------------------------------------


@pytest.fixture
def blocked_rollback(db_url: str) -> str:
    """A view outside the package depends on the function migration 0006 created: 0006's
    rollback cannot drop it (0007's, run before it, can)."""
    seed_small(db_url)
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute(
            "CREATE VIEW public.purge_probe AS"
            " SELECT auxeira.purge_analytics_events(interval '1 day', 1) AS purged"
        )
    return db_url


def test_a_failing_rollback_step_is_one_line_and_changes_nothing(blocked_rollback: str) -> None:
    """In a real process. The rollback SQL is tried first in a transaction that is rolled back,
    so no migration is undone when a later one would fail (0007 used to be rolled back before
    0006 failed, leaving the database half-way)."""
    env = {k: v for k, v in os.environ.items() if k not in ("AUXEIRA_DATABASE_URL", "DATABASE_URL")}
    before = counts(blocked_rollback)
    command = ["rollback", "--to", "0005_tenant_policy_speed"]
    result = subprocess.run(
        [sys.executable, "-m", "auxeira_db", "--database-url", blocked_rollback, *command],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "0006_analytics_retention" in lines[0]
    assert "depend" in lines[0] and "Traceback" not in result.stderr
    assert counts(blocked_rollback) == before
    assert migrations.pending(blocked_rollback) == []


def test_a_rollback_step_failing_inside_yoyo_is_one_line(
    blocked_rollback: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same failure when only the real run meets it (the dry run is skipped here): yoyo's
    own traceback is not printed, the step is rolled back whole."""
    # as outside pytest: no handler on the root logger, so logging's last resort would print
    monkeypatch.setattr(logging.root, "handlers", [])
    monkeypatch.setattr(
        migrations,
        "_trial",
        lambda url, chosen: migrations.RollbackPlan(chosen, [], []),
        raising=False,
    )
    before = counts_kept_by_rolling_back_0011(blocked_rollback)
    result = run_cli(
        capsys, "--database-url", blocked_rollback, "rollback", "--to", "0005_tenant_policy_speed"
    )
    one_line_error(result, 1, "0006_analytics_retention failed to roll back")
    # the later migrations were undone (with their own tables and, for 0011, the corrections
    # release 1 cannot hold); no other row was lost
    after = counts(blocked_rollback)
    assert after == {table: before[table] for table in after}
    # without the dry run, the migrations after 0006 were undone before it failed
    assert migrations.pending(blocked_rollback) == [
        m for m in migrations.known_ids() if m > "0006_analytics_retention"
    ]
