"""The upgrade test: a database of the first release, migrated to head, keeps every row and
serves every dashboard and the demo.

tests/upgrade/release1.sql holds the rows of a small seeded database made by the first
release's own code (see tests/upgrade/README.md). The test migrates a fresh database to the
release's last migration with the (immutable, checksummed) migration files, loads the rows,
migrates to head, and checks: row counts per table unchanged, each later migration's own
assertions (tests/upgrade/checks.py), a dashboard read for a user of every type, the demo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from auxeira_db import cli, migrations
from auxeira_db.tenancy import tenant
from tests.conftest import Server, unique_name
from tests.safety import counts
from tests.upgrade.checks import CHECKS

FIXTURE = Path(__file__).parent / "upgrade" / "release1.sql"
RELEASE_1_HEAD = "0007_performance_single_pass"
DASHBOARD_USER_TYPES = {
    "startup": "founder",
    "vc": "vc",
    "angel": "angel",
    "esg": "esg",
    "government": "government",
    "corporate": "corporate",
}


def load_fixture(url: str, path: Path = FIXTURE) -> dict[str, int]:
    """Execute a plain-SQL file of statements and `COPY ... FROM stdin` blocks in one
    transaction (what psql --single-transaction -f does); returns the rows copied per table."""
    copied: dict[str, int] = {}
    lines = iter(path.read_text().splitlines(keepends=True))
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        statement = ""
        for line in lines:
            if line.startswith("--") or not line.strip():
                continue
            copy = re.match(r"COPY (\w+)\.(\w+) .* FROM stdin;$", line.strip())
            if copy:
                data = []
                for row in lines:
                    if row == "\\.\n":
                        break
                    data.append(row)
                with cur.copy(line.strip().rstrip(";").encode()) as writer:
                    writer.write("".join(data))
                copied[copy.group(2)] = len(data)
                continue
            statement += line
            if statement.rstrip().endswith(";"):
                cur.execute(statement.encode())
                statement = ""
    return copied


@dataclass(frozen=True)
class Upgraded:
    url: str
    fixture_rows: dict[str, int]
    before: dict[str, int]
    after: dict[str, int]
    applied: list[str]


@pytest.fixture(scope="module")
def upgraded(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Upgraded]:
    name = unique_name("auxeira_upgrade")
    janitor = server.janitor(name)
    janitor.init()
    url = server.url(name)
    try:
        migrations.migrate(url, to=RELEASE_1_HEAD)
        fixture_rows = load_fixture(url)
        before = counts(url)
        applied = migrations.migrate(url).applied
        after = counts(url)
        import_rates(url, tmp_path_factory.mktemp("rates") / "eurofxref-hist.csv")
        yield Upgraded(url, fixture_rows, before, after, applied)
    finally:
        janitor.drop()


def import_rates(url: str, path: Path) -> None:
    """The upgrade's documented step for a database with holdings in several currencies
    (docs/INVESTMENT-CONVENTIONS.md): load exchange rates, here a file in the ECB's layout
    covering the fixture's dates, through the CLI."""
    start, end = date(2008, 1, 1), date.today()
    lines = ["Date,USD,GBP,"]
    day = start
    while day <= end:
        step = (day - start).days
        lines.append(f"{day.isoformat()},{1.08 + step % 50 / 1000:.4f},{0.86:.4f},")
        day += timedelta(days=1)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(SystemExit) as exited:
        cli.main(["--database-url", url, "fx", "import", str(path), "--source", "ecb"])
    assert exited.value.code == 0


def test_the_fixture_loaded_whole(upgraded: Upgraded) -> None:
    assert {t: n for t, n in upgraded.before.items() if n} == {
        t: n for t, n in upgraded.fixture_rows.items() if n
    }
    assert sum(upgraded.before.values()) > 2000


def test_every_row_is_still_there(upgraded: Upgraded) -> None:
    assert upgraded.applied, "nothing to upgrade: the fixture is at head"
    assert migrations.pending(upgraded.url) == []
    lost = {
        table: (rows, upgraded.after.get(table))
        for table, rows in upgraded.before.items()
        if upgraded.after.get(table) != rows
    }
    assert lost == {}


def test_each_later_migration_registers_its_checks(upgraded: Upgraded) -> None:
    missing = [mid for mid in upgraded.applied if mid not in CHECKS]
    assert missing == [], f"add an upgrade check to tests/upgrade/checks.py for {missing}"


@pytest.mark.parametrize("migration_id", sorted(CHECKS))
def test_migration_check(upgraded: Upgraded, migration_id: str) -> None:
    if migration_id not in migrations.known_ids():
        pytest.skip(f"{migration_id} is not a migration of this package (another branch's)")
    if migration_id not in upgraded.applied:
        pytest.fail(f"{migration_id} has a check but was not applied by the upgrade")
    with psycopg.connect(upgraded.url, autocommit=True) as conn:
        CHECKS[migration_id](conn)


def test_every_dashboard_reads_for_a_user_of_its_type(upgraded: Upgraded) -> None:
    import importlib

    from auxeira_db import refresh

    with psycopg.connect(upgraded.url, autocommit=True) as admin:
        refresh.refresh(admin, concurrently=False)
    with psycopg.connect(upgraded.url) as conn:
        conn.execute("SET ROLE auxeira_app")
        conn.commit()
        for dashboard, user_type in DASHBOARD_USER_TYPES.items():
            with tenant(conn, _synthetic_user(upgraded.url, user_type)):
                sections: dict[str, list[Any]] = importlib.import_module(
                    f"auxeira_db.dashboards.{dashboard}"
                ).show(conn)
            assert any(sections.values()), f"the {dashboard} dashboard is empty"


def _synthetic_user(url: str, user_type: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT id FROM auxeira.users WHERE user_type = %s AND is_synthetic ORDER BY id"
            " LIMIT 1",
            (user_type,),
        ).fetchone()
    assert row is not None, user_type
    return str(row[0])


def test_the_demo_runs_on_the_upgraded_database(
    upgraded: Upgraded, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["--database-url", upgraded.url, "demo"])
    assert exited.value.code == 0, capsys.readouterr().err
    after = counts(upgraded.url)
    assert all(after[t] >= n for t, n in upgraded.after.items())
