"""Issue 9, case 4: a seed changes only the rows it loads, and loads its rows and their
computed figures (stored investment metrics, the as-of portfolio snapshot) in one
transaction: a failure between the two leaves nothing, and the same run can be repeated."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
import pytest

from auxeira_db import synthetic
from tests.safety import counts, seed_small


def investments_of(url: str, investor_type: str = "vc") -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT i.id, i.irr, i.moic, i.tvpi, i.dpi, i.paper_return, i.realized_return,"
            " i.exit_multiple, i.updated_at, i.xmin::text"
            " FROM auxeira.investments AS i JOIN auxeira.users AS u ON u.id = i.investor_id"
            " WHERE u.user_type = %s ORDER BY i.id",
            (investor_type,),
        ).fetchall()


def snapshots(url: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "SELECT investor_id, metric_date, total_invested, portfolio_irr, xmin::text"
            " FROM auxeira.portfolio_metrics ORDER BY 1, 2"
        ).fetchall()


def test_a_second_seed_leaves_the_first_one_untouched(db_url: str) -> None:
    seed_small(db_url, seed=1)
    first_investments = investments_of(db_url)
    first_snapshots = snapshots(db_url)
    assert first_investments and all(row[2] is not None for row in first_investments)
    # another run of the angel persona, dated differently
    synthetic.generate(db_url, persona="angel", count=1, seed=2, as_of=date(2025, 12, 15))
    assert investments_of(db_url) == first_investments  # not even rewritten (xmin)
    after = snapshots(db_url)
    assert [row for row in after if row in first_snapshots] == first_snapshots
    first_investors = {row[0] for row in first_snapshots}
    new_rows = [row for row in after if row not in first_snapshots]
    assert new_rows and not {row[0] for row in new_rows} & first_investors
    assert {row[1] for row in new_rows} >= {date(2025, 12, 15)}
    # the second run's own investments did get their figures
    assert all(row[2] is not None for row in investments_of(db_url, "angel"))


def test_rows_and_figures_commit_together(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure while computing the figures (as a kill would be) leaves no row behind, and
    the same run then loads normally instead of being refused as already loaded."""

    def killed(*args: object) -> None:
        raise RuntimeError("killed while computing the figures")

    monkeypatch.setattr(synthetic, "_recompute_metrics", killed)
    before = counts(db_url)
    with pytest.raises(RuntimeError, match="killed"):
        seed_small(db_url, seed=7)
    assert counts(db_url) == before
    monkeypatch.undo()
    seed_small(db_url, seed=7)
    assert all(row[2] is not None for row in investments_of(db_url))
