"""Issue 9, cases 3, 5, 6, 7, 8 and 10: every option is checked before any connection opens or
any row is touched, with bounds where a value could exhaust the machine; usage errors are one
line with exit status 2. Each refusal is checked through the CLI entry point, with the row
count of every table compared before and after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from auxeira_db import connect, errors, synthetic
from auxeira_db.errors import SyntheticOptionsError, TemplateError
from tests.conftest import Server, unique_name
from tests.safety import counts, one_line_error, run_cli, seed_small


@pytest.fixture(scope="module")
def seeded(server: Server, template_db: str) -> Iterator[str]:
    """One seeded database whose analytics events have expired: cleanup would delete them."""
    name = unique_name("auxeira_valid")
    janitor = server.janitor(name, template_dbname=template_db)
    janitor.init()
    url = server.url(name)
    try:
        seed_small(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "UPDATE auxeira.analytics_events SET expires_at = now() - interval '1 day'"
            )
        yield url
    finally:
        janitor.drop()


def user_of_type(url: str, user_type: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT id FROM auxeira.users WHERE user_type = %s ORDER BY id LIMIT 1", (user_type,)
        ).fetchone()
    assert row is not None
    return str(row[0])


# --- case 3: cleanup validates its flag before deleting anything ------------------------


@pytest.mark.parametrize("days", ["-1", "0", "99999999999", "36501"])
def test_cleanup_with_a_bad_retention_deletes_nothing(
    seeded: str, days: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(seeded)
    result = run_cli(capsys, "--database-url", seeded, "cleanup", "--events-older-than", days)
    assert counts(seeded) == before  # the expired events are still there
    one_line_error(result, 2, "--events-older-than")


def test_retention_bounds_are_checked_by_the_python_api_too(seeded: str) -> None:
    from auxeira_db import maintenance
    from auxeira_db.errors import DataError

    before = counts(seeded)
    with psycopg.connect(seeded, autocommit=True) as conn:
        for days in (0, 99_999_999_999):
            with pytest.raises(DataError, match="--events-older-than"):
                maintenance.purge_analytics_events(conn, days)
    assert counts(seeded) == before


# --- case 5: seed options, bounded, checked before connecting ---------------------------


@pytest.mark.parametrize(
    ("options", "fragment"),
    [
        (["--count", "20000000"], "--count must be between 1 and 10,000"),
        (["--count", str(10**12)], "--count must be between 1 and 10,000"),
        (["--persona", "vc", "--count", "1001"], "between 1 and 1,000 for persona vc"),
        (["--as-of", "9999-12-31"], "outside the supported range"),
        (["--as-of", "0001-01-01"], "outside the supported range"),
        (["--as-of", "1800-01-01"], "outside the supported range"),
        (["--as-of", "2100-01-01"], "outside the supported range"),
        (["--persona", ""], "unknown persona ''"),
        (["--ttl", "0d"], "--ttl"),
        (["--seed", "-1"], "--seed must be between"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_seed_refuses_bad_options_before_any_work(
    seeded: str, options: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(seeded)
    result = run_cli(capsys, "--database-url", seeded, "seed", *options)
    one_line_error(result, 1, fragment)
    assert counts(seeded) == before


def test_seed_options_are_checked_before_connecting(capsys: pytest.CaptureFixture[str]) -> None:
    # nothing listens on port 1: a check made after connecting would report the connection
    unreachable = "postgresql://nobody@127.0.0.1:1/x"
    result = run_cli(capsys, "--database-url", unreachable, "seed", "--count", "20000000")
    one_line_error(result, 1, "--count must be between")


def test_a_huge_count_is_refused_at_once_in_a_real_process(seeded: str) -> None:
    # a subprocess with a timeout: before the bound, this ran for minutes
    env = {k: v for k, v in os.environ.items() if k not in ("AUXEIRA_DATABASE_URL", "DATABASE_URL")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "auxeira_db",
            "--database-url",
            seeded,
            "seed",
            "--count",
            "20000000",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1 and "--count must be between" in result.stderr


def test_the_earliest_supported_as_of_seeds(db_url: str) -> None:
    summary = synthetic.generate(db_url, persona="vc", count=1, seed=4, as_of=date(2010, 1, 1))
    assert summary.total_rows > 0


def test_generate_refuses_wrong_types_and_bounds(seeded: str) -> None:
    before = counts(seeded)
    with pytest.raises(errors.InvalidArgument, match="seed must be an int"):
        synthetic.generate(seeded, seed=1.5)  # type: ignore[arg-type]
    with pytest.raises(SyntheticOptionsError, match="unknown persona ''"):
        synthetic.generate(seeded, persona="")
    with pytest.raises(SyntheticOptionsError, match="--count"):
        synthetic.generate(seeded, count=10**12)
    assert counts(seeded) == before


# --- case 6: show names the user problem; --limit is at least 0 ---------------------------


def test_show_an_unknown_user_or_a_user_of_another_type(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    result = run_cli(capsys, "--database-url", seeded, "show", "vc", "--user", unknown)
    one_line_error(result, 1, f"no user {unknown}")
    founder = user_of_type(seeded, "founder")
    result = run_cli(capsys, "--database-url", seeded, "show", "vc", "--user", founder)
    one_line_error(result, 1, "is a founder, not a vc")
    assert "show startup" in result.stderr
    vc = user_of_type(seeded, "vc")
    result = run_cli(capsys, "--database-url", seeded, "show", "vc", "--user", vc, "--limit", "-1")
    one_line_error(result, 2, "--limit")
    shown = run_cli(capsys, "--database-url", seeded, "show", "vc", "--user", vc, "--limit", "0")
    assert shown.code == 0, shown


# --- case 7: an empty URL is an error, never a fallback ---------------------------------


def test_an_empty_database_url_is_refused_not_replaced(
    seeded: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AUXEIRA_DATABASE_URL", seeded)
    before = counts(seeded)
    for empty in ("", "  "):
        result = run_cli(capsys, "--database-url", empty, "cleanup")
        one_line_error(result, 1, "--database-url is empty")
    assert counts(seeded) == before


def test_connect_refuses_an_empty_url() -> None:
    with pytest.raises(errors.InvalidArgument, match="url is empty"):
        connect("")
    with pytest.raises(errors.InvalidArgument, match="url must be"):
        connect(None)  # type: ignore[arg-type]


# --- case 8: templates that can never seed, oversized or deeply nested ---------------------


def _templates(url: str) -> int:
    return counts(url)["synthetic_templates"]


@pytest.mark.parametrize(
    ("parameters", "fragment"),
    [
        ('{"counts": {"vc": 0, "founder": 0}}', "can never seed anything"),
        ('{"counts": {"vc": 3}}', "need companies"),
        ('{"counts": {"founder": 20000}}', "above the limit of 10,000"),
        ("[" * 100_000 + "]" * 100_000, "bytes: at most"),
        ("[" * 5_000 + "]" * 5_000, "nested too deeply"),
        ('{"counts": {"vc": {"a": {"b": {"c": 1}}}}}', "nested too deeply"),
    ],
    ids=["zero counts", "no founders", "too many", "100000 deep", "5000 deep", "4 deep"],
)
def test_templates_that_can_never_seed_are_not_stored(
    seeded: str, parameters: str, fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(seeded)
    result = run_cli(
        capsys, "--database-url", seeded, "templates", "create", "bad", "--parameters", parameters
    )
    one_line_error(result, 1, fragment)
    assert counts(seeded) == before


def test_a_large_parameters_file_is_refused_unread(
    seeded: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "params.json"
    big.write_text(json.dumps({"persona": "vc", "pad": "x" * 9_900_000}))
    result = run_cli(
        capsys, "--database-url", seeded, "templates", "create", "big", "--parameters", f"@{big}"
    )
    one_line_error(result, 1, "at most 65,536")
    assert _templates(seeded) == 0


def test_the_python_api_refuses_deep_parameters_without_recursion(seeded: str) -> None:
    deep: dict[str, object] = {}
    node = deep
    for _ in range(100_000):
        node["counts"] = {}
        node = node["counts"]  # type: ignore[assignment]
    with (
        psycopg.connect(seeded, autocommit=True) as conn,
        pytest.raises(TemplateError, match="nested too deeply"),
    ):
        synthetic.create_template(conn, "deep", deep)
    assert _templates(seeded) == 0


# --- case 10: usage errors are one line; --json after the subcommand ----------------------


@pytest.mark.parametrize(
    "args",
    [
        ["seed", "--count", "abc"],
        ["show", "nonexistent", "--user", "00000000-0000-4000-8000-000000000000"],
        ["show", "vc"],
        ["rollback", "--steps", "2", "--all"],
        ["rollback", "--steps", "0"],
        ["no-such-command"],
    ],
    ids=" ".join,
)
def test_usage_errors_are_one_line_with_status_2(
    seeded: str, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(seeded)
    result = run_cli(capsys, "--database-url", seeded, *args)
    one_line_error(result, 2, "--help")
    assert counts(seeded) == before


def test_json_is_accepted_after_the_subcommand(
    seeded: str, capsys: pytest.CaptureFixture[str]
) -> None:
    after = run_cli(capsys, "--database-url", seeded, "status", "--json")
    before = run_cli(capsys, "--json", "--database-url", seeded, "status")
    assert after.code == before.code == 0, after
    assert json.loads(after.stdout) == json.loads(before.stdout)
    nested = run_cli(capsys, "--database-url", seeded, "templates", "list", "--json")
    assert nested.code == 0 and isinstance(json.loads(nested.stdout), list)
