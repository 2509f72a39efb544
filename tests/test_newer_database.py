"""Issue 9, case 2: a database migrated by a newer release is refused by every command.

The package knows its own migration ids; an unknown id in the history means a newer
auxeira-db migrated the database, so nothing may be applied, rolled back, seeded or cleaned
underneath it. status and doctor show it."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest

from auxeira_db import errors, migrations, synthetic
from tests.conftest import Server, unique_name
from tests.safety import counts, last_line_error, one_line_error, run_cli, seed_small

FUTURE = "0099_from_the_future"
MESSAGE = (
    f"this database was migrated by a newer auxeira-db (unknown: {FUTURE}); upgrade the package"
)


@pytest.fixture(scope="module")
def newer_url(server: Server, template_db: str) -> Iterator[str]:
    """One seeded database for the module: every test checks that it stays unchanged."""
    name = unique_name("auxeira_newer")
    janitor = server.janitor(name, template_dbname=template_db)
    janitor.init()
    url = server.url(name)
    try:
        seed_small(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO _yoyo_migration (migration_hash, migration_id, applied_at_utc)"
                " VALUES (%s, %s, now())",
                ("f" * 64, FUTURE),
            )
        yield url
    finally:
        janitor.drop()


@pytest.mark.parametrize(
    "command",
    [
        ["migrate"],
        ["migrate", "--dry-run"],
        ["rollback"],
        ["rollback", "--all", "--yes"],
        ["seed", "--persona", "vc", "--count", "1", "--seed", "2"],
        ["cleanup"],
        ["refresh"],
        ["templates", "list"],
        ["templates", "create", "mine", "--parameters", '{"persona": "vc"}'],
        ["demo"],
    ],
    ids=" ".join,
)
def test_every_command_refuses_and_changes_nothing(
    newer_url: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(newer_url)
    result = run_cli(capsys, "--database-url", newer_url, *command)
    assert result.code == 1, result
    assert result.lines[-1] == f"error: {MESSAGE}", result.stderr
    assert counts(newer_url) == before
    assert migrations.pending(newer_url) == []


def test_show_refuses(newer_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with psycopg.connect(newer_url) as conn:
        row = conn.execute("SELECT id FROM auxeira.users WHERE user_type = 'vc'").fetchone()
    assert row is not None
    result = run_cli(capsys, "--database-url", newer_url, "show", "vc", "--user", str(row[0]))
    one_line_error(result, 1, MESSAGE)


def test_status_and_doctor_show_it(newer_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = run_cli(capsys, "--database-url", newer_url, "status", "--json")
    last_line_error(status, 1, MESSAGE)
    payload = json.loads(status.stdout)
    assert payload["unknown"] == [FUTURE]
    assert [m["id"] for m in payload["migrations"] if not m["known"]] == [FUTURE]
    doctor = run_cli(capsys, "--database-url", newer_url, "--json", "doctor")
    assert doctor.code == 1
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert not checks["migration history"]["ok"]
    assert FUTURE in checks["migration history"]["detail"]


def test_the_python_api_refuses(newer_url: str) -> None:
    with pytest.raises(errors.NewerDatabase, match=FUTURE):
        migrations.migrate(newer_url)
    with pytest.raises(errors.NewerDatabase):
        migrations.rollback(newer_url, steps=1)
    with pytest.raises(errors.NewerDatabase):
        synthetic.generate(newer_url, persona="vc", count=1, seed=3)
