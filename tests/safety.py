"""Helpers of the safety tests (issue 9): run the CLI through its entry point in-process, and
compare every table's row count before and after a command that must change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
import pytest

from auxeira_db import cli, maintenance
from tests.conftest import Server, unique_name


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    """auxeira_db.cli.main(args) as the console script runs it: exit status and both streams."""
    capsys.readouterr()
    try:
        cli.main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err)


def one_line_error(result: Run, code: int, fragment: str) -> str:
    """The run failed with `code` and exactly one line on stderr, `error: ...fragment...`."""
    assert result.code == code, result
    assert "Traceback" not in result.stderr, result.stderr
    assert len(result.lines) == 1, result.stderr
    line = result.lines[0]
    assert line.startswith("error: ") and fragment in line, line
    return line


def last_line_error(result: Run, code: int, fragment: str) -> str:
    """Like one_line_error for commands that print a report before refusing."""
    assert result.code == code, result
    assert "Traceback" not in result.stderr, result.stderr
    line = result.lines[-1]
    assert line.startswith("error: ") and fragment in line, line
    assert sum(x.startswith("error: ") for x in result.lines) == 1, result.stderr
    return line


def counts(url: str) -> dict[str, int]:
    """Rows of every table of schema auxeira (empty when the schema does not exist)."""
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT to_regnamespace('auxeira') IS NOT NULL").fetchone()
        return maintenance.table_counts(conn) if row and row[0] else {}


def counts_kept_by_rolling_back_0011(url: str) -> dict[str, int]:
    """counts(), with the ledger as 0011's rollback leaves it (release 1 cannot hold the
    corrections of the new conventions): reversal rows and the rows they reverse gone, and of
    several marks of one holding and day (a restatement) only the latest entered kept."""
    kept = counts(url)
    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("investment_cash_flows", "fund_cash_flows"):
            row = conn.execute(
                f"SELECT count(*) FROM auxeira.{table} AS t WHERE t.reverses IS NOT NULL"
                f" OR EXISTS (SELECT FROM auxeira.{table} AS r WHERE r.reverses = t.id)"
            ).fetchone()
            kept[table] -= row[0] if row else 0
        row = conn.execute(
            "SELECT count(DISTINCT (m.investment_id, m.mark_date)) FROM auxeira.valuation_marks"
            " AS m WHERE m.reverses IS NULL AND NOT EXISTS"
            " (SELECT FROM auxeira.valuation_marks AS r WHERE r.reverses = m.id)"
        ).fetchone()
        kept["valuation_marks"] = row[0] if row else 0
    return kept


def seed_small(url: str, seed: int = 1, **options: object) -> None:
    """A small ecosystem: one VC, ten companies, their investments, in well under a second."""
    from auxeira_db import synthetic

    synthetic.generate(url, persona="vc", count=1, seed=seed, **options)  # type: ignore[arg-type]


@contextmanager
def scratch_database(server: Server, template: str | None, prefix: str) -> Iterator[str]:
    """A database for several tests of a module (cloned from `template`, else empty), for
    tests that change nothing in it: cloning one per test costs most of their time."""
    name = unique_name(prefix)
    janitor = server.janitor(name, template_dbname=template) if template else server.janitor(name)
    janitor.init()
    try:
        yield server.url(name)
    finally:
        janitor.drop()
