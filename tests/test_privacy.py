"""`auxeira-db user export` and `user erase` through the CLI, on seeded data (issue 18)."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pytest

from tests.safety import run_cli, seed_small


def _founder(url: str) -> tuple[str, str]:
    """A seeded founder with analytics events and token transactions, and another user."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT u.id::text FROM auxeira.users AS u WHERE u.user_type = 'founder'"
            " AND EXISTS (SELECT FROM auxeira.analytics_events AS e WHERE e.user_id = u.id)"
            " AND EXISTS (SELECT FROM auxeira.token_transactions AS t WHERE t.user_id = u.id)"
            " ORDER BY u.id LIMIT 1"
        ).fetchone()
        other = conn.execute(
            "SELECT id::text FROM auxeira.users WHERE user_type = 'founder' ORDER BY id DESC"
            " LIMIT 1"
        ).fetchone()
    assert row and other and row != other
    return str(row[0]), str(other[0])


def _counts(url: str, user: str) -> dict[str, Any]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT (SELECT email FROM auxeira.users WHERE id = %(u)s),"
            " (SELECT count(*) FROM auxeira.analytics_events WHERE user_id = %(u)s),"
            " (SELECT count(*) FROM auxeira.token_transactions WHERE user_id = %(u)s),"
            " (SELECT count(*) FROM auxeira.companies WHERE user_id = %(u)s)",
            {"u": user},
        ).fetchone()
    assert row is not None
    return {"email": row[0], "events": row[1], "tokens": row[2], "companies": row[3]}


def test_export_then_erase_keeps_financial_records(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_small(db_url)
    me, other = _founder(db_url)
    before = _counts(db_url, me)
    done = run_cli(capsys, "--database-url", db_url, "user", "export", me)
    assert done.code == 0, done.stderr
    exported = json.loads(done.stdout)
    tables = exported["tables"]
    assert tables["auxeira.users"][0]["email"] == before["email"]
    assert len(tables["auxeira.analytics_events"]) == before["events"]
    assert len(tables["auxeira.token_transactions"]) == before["tokens"]
    assert all(other not in json.dumps(rows) for rows in tables.values())

    # off a terminal, no --yes: refused, nothing changed
    done = run_cli(capsys, "--database-url", db_url, "user", "erase", me)
    assert done.code == 1 and "needs confirmation" in done.lines[0]
    assert _counts(db_url, me) == before

    done = run_cli(capsys, "--database-url", db_url, "--json", "user", "erase", me, "--yes")
    assert done.code == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["deleted"]["auxeira.analytics_events"] == before["events"]
    assert report["kept"]["auxeira.token_transactions"] == before["tokens"]
    assert "law requires" in report["note"]
    after = _counts(db_url, me)
    assert after == {
        "email": f"erased-{me}@erased.invalid",
        "events": 0,
        "tokens": before["tokens"],
        "companies": before["companies"],
    }
    assert (
        before["email"]
        not in run_cli(capsys, "--database-url", db_url, "user", "export", me).stdout
    )
    assert _counts(db_url, other)["email"] != after["email"]


def test_unknown_and_malformed_users_are_one_line_errors(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    done = run_cli(capsys, "--database-url", db_url, "user", "export", "not-a-uuid")
    assert done.code == 1 and done.lines == ["error: not a user id (UUID expected): 'not-a-uuid'"]
    missing = "00000000-0000-0000-0000-000000000000"
    done = run_cli(capsys, "--database-url", db_url, "user", "erase", missing, "--yes")
    assert done.code == 1 and done.lines == [f"error: no user {missing}"]
