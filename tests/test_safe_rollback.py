"""Issue 9, case 1: a rollback cannot destroy data by a typo.

`--steps` larger than what is applied is an error; reaching the first migration needs --all;
--all, and any rollback that drops tables holding rows, prints what it drops and needs --yes
off a terminal. Every refusal changes nothing (row counts compared before and after)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from auxeira_db import migrations
from tests.conftest import Server
from tests.safety import (
    counts,
    counts_kept_by_rolling_back_0011,
    last_line_error,
    one_line_error,
    run_cli,
    scratch_database,
    seed_small,
)


@pytest.fixture
def seeded_url(db_url: str) -> str:
    """A seeded database of its own, for the tests that do roll back."""
    seed_small(db_url)
    return db_url


@pytest.fixture(scope="module")
def refusing_url(server: Server, template_db: str) -> Iterator[str]:
    """One seeded database shared by the tests whose rollbacks are all refused."""
    with scratch_database(server, template_db, "auxeira_refuse") as url:
        seed_small(url)
        yield url


def test_steps_beyond_what_is_applied_is_refused_and_drops_nothing(
    refusing_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(refusing_url)
    result = run_cli(capsys, "--database-url", refusing_url, "rollback", "--steps", "999")
    assert counts(refusing_url) == before
    applied = len(migrations.known_ids())
    one_line_error(result, 1, f"--steps 999 is more than the {applied} applied migration(s)")
    reaching_first = run_cli(
        capsys, "--database-url", refusing_url, "rollback", "--steps", str(applied)
    )
    one_line_error(reaching_first, 1, "use --all")
    assert counts(refusing_url) == before and sum(before.values()) > 0
    assert migrations.pending(refusing_url) == []


def test_all_without_yes_off_a_terminal_is_refused_after_listing_what_it_drops(
    refusing_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(refusing_url)
    result = run_cli(capsys, "--database-url", refusing_url, "rollback", "--all")
    last_line_error(result, 1, "pass --yes")
    assert f"table auxeira.users: {before['users']:,} rows" in result.stderr
    assert f"table auxeira.investments: {before['investments']:,} rows" in result.stderr
    assert counts(refusing_url) == before
    assert migrations.pending(refusing_url) == []


def test_dry_run_lists_and_yes_really_rolls_back(
    seeded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(seeded_url)
    dry = run_cli(capsys, "--database-url", seeded_url, "rollback", "--all", "--dry-run")
    assert dry.code == 0, dry
    assert "would drop" in dry.stderr and "table auxeira.companies" in dry.stderr
    as_json = run_cli(
        capsys,
        "--database-url",
        seeded_url,
        "rollback",
        "--to",
        "0003_synthetic_templates",
        "--dry-run",
        "--json",
    )
    assert as_json.code == 0, as_json
    assert counts(seeded_url) == before
    done = run_cli(capsys, "--database-url", seeded_url, "rollback", "--all", "--yes")
    assert done.code == 0, done
    assert counts(seeded_url) == {}  # the guard is not blind: --yes does drop everything


def ids() -> list[str]:
    return migrations.known_ids()


def since(migration_id: str) -> list[str]:
    """The known migrations from `migration_id` on (what is pending after rolling it back)."""
    known = ids()
    return known[known.index(migration_id) :]


def test_a_rollback_dropping_tables_with_rows_needs_yes_and_one_without_does_not(
    seeded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = counts(seeded_url)
    # back to 0003 drops the dashboards' tables, which the seed filled
    refused = run_cli(
        capsys, "--database-url", seeded_url, "rollback", "--to", "0003_synthetic_templates"
    )
    last_line_error(refused, 1, "holding")
    assert "table auxeira.deals:" in refused.stderr
    assert counts(seeded_url) == before
    # 0027 back to 0023 replace functions, add indexes and role settings, and drop tables a seed
    # leaves empty (tax facts) or derived (analytics rollups): no question asked
    newest = run_cli(capsys, "--database-url", seeded_url, "rollback", "--to", "0022_billing")
    assert newest.code == 0, newest
    assert migrations.pending(seeded_url) == since("0023_tax_lots")
    after = counts(seeded_url)
    assert after == {t: n for t, n in before.items() if t in after}
    assert all(before[t] == 0 for t in set(before) - set(after))
    before = after
    # 0022 (billing) drops its tables and the columns it added to subscription_events and
    # price_list: it asks, and with --yes every release-2 row stays
    billing = run_cli(capsys, "--database-url", seeded_url, "rollback")
    last_line_error(billing, 1, "holding")
    assert "column auxeira.subscription_events.mrr" in billing.stderr
    billing = run_cli(capsys, "--database-url", seeded_url, "rollback", "--yes")
    assert billing.code == 0, billing
    assert migrations.pending(seeded_url) == since("0022_billing")
    after_billing = counts(seeded_url)
    # the 42 plan prices go (audited); everything else stays
    plans = {"price_list": before["price_list"] - 42, "audit_log": before["audit_log"] + 42}
    assert after_billing == {t: plans.get(t, n) for t, n in before.items() if t in after_billing}
    before = after_billing
    # 0021 rebuilds the kept figures (derived rows, migrations.DERIVED_TABLES) and 0020 replaces
    # functions: no question asked
    newest = run_cli(capsys, "--database-url", seeded_url, "rollback", "--steps", "2")
    assert newest.code == 0, newest
    assert migrations.pending(seeded_url) == since("0020_faster_xirr")
    assert counts(seeded_url) == before
    # 0019 rebuilds analytics_events as one heap (its rows are moved, but the table is a new
    # one) and drops anonymous_id and the analytics rollups: it asks, and with --yes every
    # event is kept
    asked = run_cli(capsys, "--database-url", seeded_url, "rollback")
    last_line_error(asked, 1, "holding")
    assert "table auxeira.analytics_events:" in asked.stderr
    assert counts(seeded_url) == before
    events = run_cli(capsys, "--database-url", seeded_url, "rollback", "--yes")
    assert events.code == 0, events
    assert counts(seeded_url) == before
    # 0018 and 0017 replace functions; 0016 drops tables of derived rows only
    # (migrations.DERIVED_TABLES, rebuilt from the ledger): no question asked
    newest = run_cli(capsys, "--database-url", seeded_url, "rollback", "--steps", "3")
    assert newest.code == 0, newest
    assert migrations.pending(seeded_url) == since("0016_holding_figures")
    after = counts(seeded_url)
    assert after == {t: n for t, n in before.items() if t in after}
    assert all(
        before[t] == 0 or f"auxeira.{t}" in migrations.DERIVED_TABLES
        for t in set(before) - set(after)
    )
    # the conventions of 0011 drop the exchange rates and the ledger's currency columns: only
    # with --yes (and everything the release before could hold stays)
    kept = counts_kept_by_rolling_back_0011(seeded_url)
    back = run_cli(
        capsys, "--database-url", seeded_url, "rollback", "--to", "0010_scoped_metric_refresh"
    )
    last_line_error(back, 1, "holding")
    back = run_cli(
        capsys,
        "--database-url",
        seeded_url,
        "rollback",
        "--to",
        "0010_scoped_metric_refresh",
        "--yes",
    )
    assert back.code == 0, back
    after = counts(seeded_url)
    assert after == {table: kept[table] for table in after}
    # 0010 drops functions only: no question asked
    newest = run_cli(capsys, "--database-url", seeded_url, "rollback")
    assert newest.code == 0, newest
    assert migrations.pending(seeded_url)[0] == "0010_scoped_metric_refresh"
    assert counts(seeded_url) == after


def test_the_python_api_refuses_without_confirmation(refusing_url: str) -> None:
    from auxeira_db.errors import ConfirmationRequired

    before = counts(refusing_url)
    with pytest.raises(ConfirmationRequired, match="nothing was changed"):
        migrations.rollback(refusing_url, everything=True)
    assert counts(refusing_url) == before
    plan = migrations.plan_rollback(refusing_url, everything=True)
    assert plan.destroys_rows and {t.name for t in plan.dropped_tables} >= {"auxeira.users"}
    with psycopg.connect(refusing_url) as conn:
        assert conn.execute("SELECT count(*) FROM auxeira.users").fetchone() == (before["users"],)
