"""Per-migration assertions of the upgrade test (tests/test_upgrade.py).

Every migration after the first release registers here, keyed by its id, a function that
receives a superuser connection to the upgraded database (the release-1 fixture migrated to
head) and asserts what that migration promises about existing data. A migration with nothing
to check about existing rows still registers, with a function saying why: the test fails for
a migration without an entry, so none is forgotten. An entry whose migration this package
does not ship (yet) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import psycopg

Check = Callable[[psycopg.Connection[Any]], None]
CHECKS: dict[str, Check] = {}

# The reference date the fixture was seeded with (tests/upgrade/make_fixture.py).
FIXTURE_AS_OF = date(2026, 6, 30)


def check(migration_id: str) -> Callable[[Check], Check]:
    """Register the decorated function as the upgrade assertion of one migration."""

    def register(function: Check) -> Check:
        CHECKS[migration_id] = function
        return function

    return register


@check("0008_authorization_by_consent")
def existing_relationships_are_grandfathered(conn: psycopg.Connection[Any]) -> None:
    """Rows that existed before consent was required keep their access: every investment and
    partnership, and every syndicate on a company, is accepted; every company is verified."""
    for table, scope, some in (
        ("investments", "true", True),
        ("corporate_partnerships", "true", True),
        ("syndicates", "company_id IS NOT NULL", False),  # release 1 seeds none on a company
    ):
        row = conn.execute(
            f"SELECT count(*) FILTER (WHERE founder_consent <> 'accepted'), count(*)"
            f" FROM auxeira.{table} WHERE {scope}"
        ).fetchone()
        assert row is not None and row[0] == 0 and (row[1] > 0 or not some), (table, row)
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE NOT verified) FROM auxeira.companies"
    ).fetchone()
    assert row == (0,)


@check("0009_outbox_tokens_prices")
def purchases_are_kept_and_prices_listed(conn: psycopg.Connection[Any]) -> None:
    """The price list starts with the prices in force (the premium LP report at USD 499);
    purchases made before it existed are kept as they were (no price row, amounts unchanged);
    the outbox starts empty."""
    row = conn.execute(
        "SELECT amount FROM auxeira.price_list"
        " WHERE product_code = 'lp_report_premium' AND currency = 'USD'"
    ).fetchone()
    assert row is not None and row[0] == 499
    row = conn.execute(
        "SELECT count(*), count(price_id) FROM auxeira.lp_report_purchases"
    ).fetchone()
    assert row is not None and row[0] > 0 and row[1] == 0, row
    assert conn.execute("SELECT count(*) FROM auxeira.outbox").fetchone() == (0,)


@check("0010_scoped_metric_refresh")
def scoped_refresh_agrees_with_release_1(conn: psycopg.Connection[Any]) -> None:
    """The scoped functions write only the rows they are given, and agree with the figures
    release 1 stored: recomputing one investor's investments as of the fixture's date changes
    nothing, and its snapshot is rewritten in place."""
    row = conn.execute(
        "SELECT investor_id, array_agg(id) FROM auxeira.investments WHERE is_synthetic"
        " GROUP BY investor_id ORDER BY investor_id LIMIT 1"
    ).fetchone()
    assert row is not None
    investor, investments = row
    with conn.transaction():  # rolled back at the end: later checks see the upgraded data
        changed = conn.execute(
            "SELECT auxeira.refresh_investment_metrics_for(%s, %s)", (FIXTURE_AS_OF, investments)
        ).fetchone()
        assert changed == (0,), "release-1 figures differ from the scoped recomputation"
        written = conn.execute(
            "SELECT auxeira.snapshot_portfolio_metrics_for(%s, %s)", (FIXTURE_AS_OF, [investor])
        ).fetchone()
        assert written == (1,)
        snapshots = conn.execute(
            "SELECT count(*) FROM auxeira.portfolio_metrics WHERE metric_date = %s",
            (FIXTURE_AS_OF,),
        ).fetchone()
        investors = conn.execute(
            "SELECT count(DISTINCT investor_id) FROM auxeira.portfolio_metrics"
            " WHERE metric_date = %s",
            (FIXTURE_AS_OF,),
        ).fetchone()
        assert snapshots == investors  # rewritten in place, not duplicated
        raise psycopg.Rollback()


@check("0014_shared_helpers")
def shared_helpers_keep_release_1_data(conn: psycopg.Connection[Any]) -> None:
    """0014 rewrites no row: stored SSE scores stay (the dashboard shows them, the formula only
    fills in for a company without one) and the formula scores every release-1 company within
    0-100; the government readers, now over one row source, still publish every quarter of the
    refreshed view to a government user; no idempotency result exists yet."""
    row = conn.execute(
        "SELECT count(*) FILTER (WHERE sse_score IS NOT NULL),"
        " count(*) FILTER (WHERE auxeira.sse_score(mrr, growth_rate, runway_months, burn_rate)"
        "                  NOT BETWEEN 0 AND 100)"
        " FROM auxeira.companies"
    ).fetchone()
    assert row is not None and row[0] > 0 and row[1] == 0, row
    assert conn.execute("SELECT count(*) FROM auxeira.idempotency_keys").fetchone() == (0,)
    with conn.transaction():
        conn.execute(
            "SELECT set_config('auxeira.user_id', (SELECT id::text FROM auxeira.users"
            " WHERE user_type = 'government' ORDER BY id LIMIT 1), true)"
        )
        conn.execute("REFRESH MATERIALIZED VIEW auxeira_mv.government_economic_impact")
        published = conn.execute(
            "SELECT count(*) FROM auxeira_dash.government_economic()"
        ).fetchone()
        total = conn.execute(
            "SELECT count(*) FROM auxeira_mv.government_economic_impact"
        ).fetchone()
        assert published == total and total is not None and total[0] > 0, (published, total)
        raise psycopg.Rollback()
