"""The seeder reuses the SQL (issue 11): it loads flows and marks and no figure; the stored
investment figures and the portfolio_metrics history are what the SQL engine gives for those
dates, checked here by another route (the engine's public functions, a percentile computed in
Python). Also the --times multiplier of the seeder (issue 12)."""

from __future__ import annotations

import json
import random
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from auxeira_db import synthetic
from auxeira_db.errors import SyntheticOptionsError
from auxeira_db.synthetic import build_plan, ecosystem_tables, generator
from tests.test_synthetic import cli, one_line_error
from tests.test_synthetic_fingerprint import AS_OF, EXPIRES, NOW, SEED

FIGURES = ("irr", "moic", "tvpi", "dpi", "paper_return", "realized_return", "exit_multiple")


def test_the_generator_writes_no_figure() -> None:
    """No XIRR or snapshot model in Python: no figure column is copied, portfolio_metrics is
    not a COPY table at all, and the module has no XIRR."""
    plan = build_plan(None, persona="all", scale="small", seed=SEED, as_of=AS_OF)
    tables = {t.name: t for t in ecosystem_tables(plan, EXPIRES, now=NOW)}
    assert "portfolio_metrics" not in tables
    assert not set(FIGURES) & set(tables["investments"].columns)
    assert not hasattr(generator, "xirr")
    # every table's columns are declared once, beside its generator, and match its rows
    for table in tables.values():
        for text, _ in table.chunks():
            first = text.split("\n", 1)[0]
            assert first.count("\t") == len(table.columns) - 1, table.name
            break


def _percentile_cont(values: list[float], fraction: float) -> float:
    """PostgreSQL's percentile_cont: linear interpolation between the closest ranks."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def test_the_stored_history_is_the_sql_engine(conn: psycopg.Connection[Any]) -> None:
    summary = synthetic.generate(conn, persona="all", scale="small", seed=SEED, as_of=AS_OF)
    investors = [
        str(r[0])
        for r in conn.execute(
            "SELECT id FROM auxeira.users WHERE user_type IN ('vc', 'angel') ORDER BY id"
        ).fetchall()
    ]
    dates = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT metric_date FROM auxeira.portfolio_metrics ORDER BY 1"
        ).fetchall()
    ]
    # 8 quarter ends up to the reference date (a quarter end itself), for every investor
    assert dates == [
        date(2024, 9, 30),
        date(2024, 12, 31),
        date(2025, 3, 31),
        date(2025, 6, 30),
        date(2025, 9, 30),
        date(2025, 12, 31),
        date(2026, 3, 31),
        AS_OF,
    ]
    stored = conn.execute(
        "SELECT count(*), count(DISTINCT investor_id) FROM auxeira.portfolio_metrics"
    ).fetchone()
    assert stored is not None and stored[1] == len(investors)
    assert summary.tables["portfolio_metrics"] == stored[0]
    # the stored investment figures are the engine's as of the reference date
    stale = conn.execute(
        "SELECT count(*) FROM auxeira.investments AS i"
        " JOIN auxeira.investment_performance(%s) AS p ON p.investment_id = i.id"
        " WHERE (i.irr, i.moic, i.tvpi, i.dpi) IS DISTINCT FROM"
        " (p.irr::numeric, p.moic, p.tvpi, p.dpi)",
        (AS_OF,),
    ).fetchone()
    assert stale == (0,)
    assert conn.execute("SELECT count(moic) FROM auxeira.investments").fetchone() == (
        summary.tables["investments"],
    )

    rng = random.Random(SEED)
    sample = [(rng.choice(investors), rng.choice(dates)) for _ in range(12)]
    sample += [(investors[0], AS_OF), (investors[-1], dates[0])]
    for investor, day in sample:
        row = conn.execute(
            "SELECT total_invested, total_portfolio_value, unrealized_gains, realized_gains,"
            " portfolio_irr, portfolio_moic, active_investments, exited_investments,"
            " written_off_investments, top_quartile_count, unicorn_count"
            " FROM auxeira.portfolio_metrics WHERE investor_id = %s AND metric_date = %s",
            (investor, day),
        ).fetchone()
        engine = conn.execute(
            "SELECT round(paid_in, 2), round(residual_value, 2), round(paper_return, 2),"
            " round(realized_return, 2), irr::numeric, moic, active_investments,"
            " exited_investments, written_off_investments"
            " FROM auxeira.portfolio_performance(%s, NULL, NULL, %s)",
            (day, investor),
        ).fetchone()
        if engine is None:  # no investment yet on that day: no snapshot either
            assert row is None, (investor, day)
            continue
        assert row is not None, (investor, day)
        assert tuple(row[:9]) == tuple(engine), (investor, day)
        # top quartile: IRR at or above the 75th percentile of the platform's vintage
        perf = conn.execute(
            "SELECT investor_id::text, extract(year FROM investment_date)::int, irr"
            " FROM auxeira.investment_performance(%s) WHERE irr IS NOT NULL",
            (day,),
        ).fetchall()
        by_vintage: dict[int, list[float]] = {}
        for _, vintage, irr in perf:
            by_vintage.setdefault(vintage, []).append(irr)
        q3 = {v: _percentile_cont(irrs, 0.75) for v, irrs in by_vintage.items()}
        top = sum(1 for who, v, irr in perf if who == investor and irr >= q3[v])
        assert row[9] == top, (investor, day)
        unicorns = conn.execute(
            "SELECT count(DISTINCT i.company_id) FROM auxeira.investment_performance(%s) AS p"
            " JOIN auxeira.investments AS i ON i.id = p.investment_id"
            " JOIN auxeira.companies AS c ON c.id = i.company_id"
            " WHERE p.investor_id = %s AND p.status = 'active'"
            " AND coalesce((SELECT m.company_valuation FROM auxeira.valuation_marks AS m"
            "   WHERE m.investment_id = i.id AND m.mark_date <= %s"
            "   AND m.company_valuation IS NOT NULL ORDER BY m.mark_date DESC LIMIT 1),"
            "   c.current_valuation) >= 1e9",
            (day, investor, day),
        ).fetchone()
        assert unicorns is not None and row[10] == unicorns[0], (investor, day)
    assert any(isinstance(v, Decimal) for v in row[:6])


def test_history_function_returns_without_writing(conn: psycopg.Connection[Any]) -> None:
    """portfolio_metrics_history computes; snapshot_portfolio_metrics_history stores the same."""
    synthetic.generate(conn, persona="angel", count=2, seed=SEED, as_of=AS_OF)
    conn.execute("DELETE FROM auxeira.portfolio_metrics")
    days = [date(2025, 12, 31), date(2026, 3, 31), None, date(2025, 12, 31)]
    computed = conn.execute(
        "SELECT investor_id, metric_date, round(total_invested, 2), portfolio_irr"
        " FROM auxeira.portfolio_metrics_history(%s::date[]) ORDER BY 1, 2",
        (days,),
    ).fetchall()
    assert conn.execute("SELECT count(*) FROM auxeira.portfolio_metrics").fetchone() == (0,)
    assert {r[1] for r in computed} <= {date(2025, 12, 31), date(2026, 3, 31)}
    written = conn.execute(
        "SELECT auxeira.snapshot_portfolio_metrics_history(%s::date[])", (days,)
    ).fetchone()
    assert written == (len(computed),) and computed
    stored = conn.execute(
        "SELECT investor_id, metric_date, total_invested, portfolio_irr"
        " FROM auxeira.portfolio_metrics ORDER BY 1, 2"
    ).fetchall()
    assert stored == computed
    with pytest.raises(psycopg.errors.NullValueNotAllowed):
        conn.execute("SELECT auxeira.snapshot_portfolio_metrics_history(NULL)")


def test_times_multiplies_every_tenant_type() -> None:
    one = build_plan(None, persona="all", scale="small", seed=SEED, as_of=AS_OF)
    four = build_plan(None, persona="all", scale="small", seed=SEED, as_of=AS_OF, times=4)
    assert four.counts == {k: 4 * n for k, n in one.counts.items()}
    assert four.run_key != one.run_key  # other tenants, not the same ones again
    vc = build_plan(None, persona="vc", count=3, seed=SEED, times=2)
    assert vc.counts["vc"] == 6 and vc.counts["founder"] == 60
    for bad in (0, 17, -1):
        with pytest.raises(SyntheticOptionsError, match="--times"):
            synthetic.validate_options(times=bad)


def test_seed_command_line_takes_times(db_url: str) -> None:
    one_line_error(cli(db_url, "seed", "--times", "0"), "--times must be between 1 and 16")
    result = cli(
        db_url,
        "--json",
        "seed",
        "--persona",
        "angel",
        "--count",
        "1",
        "--times",
        "2",
        "--seed",
        "11",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["times"] == 2 and data["counts"]["angel"] == 2 and data["counts"]["founder"] == 10
    assert data["tables"]["users"] == 12
