"""Investment performance from dated cash flows: per investment, investor and fund."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest
import pyxirr

from auxeira_db import finance, tenant
from tests import factories as f


def flow(
    conn: psycopg.Connection[Any], investment: uuid.UUID, day: date, kind: str, amount: float
) -> None:
    f.insert_plain(
        conn,
        "investment_cash_flows",
        investment_id=investment,
        flow_date=day,
        flow_type=kind,
        amount=amount,
    )


def mark(
    conn: psycopg.Connection[Any],
    investment: uuid.UUID,
    day: date,
    value: float,
    company_valuation: float | None = None,
) -> None:
    f.insert_plain(
        conn,
        "valuation_marks",
        investment_id=investment,
        mark_date=day,
        holding_value=value,
        company_valuation=company_valuation,
    )


@pytest.fixture
def world(conn: psycopg.Connection[Any]) -> dict[str, uuid.UUID]:
    founder, vc = f.user(conn), f.user(conn, "vc")
    company = f.company(conn, founder)
    fund = f.insert(
        conn, "funds", manager_id=vc, name="Fund I", vintage_year=2020, committed_capital=1_000_000
    )
    # exited at 3x: 100k + 50k follow-on in, 450k out
    exited = f.investment(
        conn,
        vc,
        company,
        amount=100_000,
        investment_date=date(2020, 1, 1),
        fund_id=fund,
        status="exited",
        exit_date=date(2023, 1, 1),
    )
    flow(conn, exited, date(2020, 1, 1), "contribution", 100_000)
    flow(conn, exited, date(2021, 1, 1), "follow_on", 50_000)
    flow(conn, exited, date(2023, 1, 1), "distribution", 450_000)
    mark(conn, exited, date(2022, 1, 1), 300_000)  # a pre-exit mark, ignored after the exit
    # active, marked up to 250k in 2022, with a 2k deal fee
    active = f.investment(
        conn, vc, company, amount=100_000, investment_date=date(2021, 6, 1), fund_id=fund
    )
    flow(conn, active, date(2021, 6, 1), "contribution", 100_000)
    flow(conn, active, date(2021, 6, 1), "fee", 2_000)
    mark(conn, active, date(2022, 6, 1), 250_000, company_valuation=2_000_000_000)
    f.insert_plain(
        conn,
        "fund_cash_flows",
        fund_id=fund,
        flow_date=date(2021, 1, 1),
        flow_type="management_fee",
        amount=20_000,
    )
    f.insert_plain(
        conn,
        "fund_cash_flows",
        fund_id=fund,
        flow_date=date(2023, 1, 1),
        flow_type="carried_interest",
        amount=60_000,
    )
    return {
        "founder": founder,
        "vc": vc,
        "company": company,
        "fund": fund,
        "exited": exited,
        "active": active,
    }


AS_OF = date(2024, 1, 1)


def by_id(
    rows: list[finance.InvestmentPerformance],
) -> dict[uuid.UUID, finance.InvestmentPerformance]:
    return {r.investment_id: r for r in rows}


def test_exited_investment_figures(
    conn: psycopg.Connection[Any], world: dict[str, uuid.UUID]
) -> None:
    p = by_id(finance.investment_performance(conn, AS_OF))[world["exited"]]
    assert (p.invested, p.distributed, p.residual_value) == (150_000, 450_000, 0)
    assert p.moic == p.tvpi == p.dpi == Decimal("3.000000") and p.rvpi == 0
    assert p.realized_return == 300_000 and p.paper_return == 0
    expected = pyxirr.xirr(
        [date(2020, 1, 1), date(2021, 1, 1), date(2023, 1, 1)], [-100_000, -50_000, 450_000]
    )
    assert p.irr == pytest.approx(expected, rel=1e-7)


def test_active_investment_uses_the_latest_mark_and_counts_fees(
    conn: psycopg.Connection[Any], world: dict[str, uuid.UUID]
) -> None:
    p = by_id(finance.investment_performance(conn, AS_OF))[world["active"]]
    assert (p.invested, p.fees, p.paid_in, p.residual_value) == (100_000, 2_000, 102_000, 250_000)
    # one basis (0011): deal fees are part of the cost for MOIC, TVPI and IRR alike
    assert p.moic == p.tvpi == round(Decimal(250_000) / 102_000, 6)
    assert p.tvpi == p.dpi + p.rvpi
    assert p.paper_return == 148_000 and p.realized_return == 0
    expected = pyxirr.xirr([date(2021, 6, 1), date(2021, 6, 1), AS_OF], [-100_000, -2_000, 250_000])
    assert p.irr == pytest.approx(expected, rel=1e-7)
    # before the mark, the holding is carried at cost
    early = by_id(finance.investment_performance(conn, date(2022, 1, 1)))[world["active"]]
    assert early.residual_value == 100_000


def test_as_of_excludes_later_flows_and_investments(
    conn: psycopg.Connection[Any], world: dict[str, uuid.UUID]
) -> None:
    rows = by_id(finance.investment_performance(conn, date(2020, 6, 1)))
    assert set(rows) == {world["exited"]}
    assert rows[world["exited"]].invested == 100_000 and rows[world["exited"]].distributed == 0


def test_an_investment_without_flows_counts_its_amount(conn: psycopg.Connection[Any]) -> None:
    founder, angel = f.user(conn), f.user(conn, "angel")
    inv = f.investment(
        conn, angel, f.company(conn, founder), amount=25_000, investment_date=date(2022, 1, 1)
    )
    mark(conn, inv, date(2023, 1, 1), 50_000)
    p = finance.investment_performance(conn, AS_OF, investment_id=inv)[0]
    assert p.invested == 25_000 and p.moic == 2
    assert p.irr == pytest.approx(
        pyxirr.xirr([date(2022, 1, 1), AS_OF], [-25_000, 50_000]), rel=1e-9
    )


def test_portfolio_irr_is_pooled(
    conn: psycopg.Connection[Any], world: dict[str, uuid.UUID]
) -> None:
    p = finance.portfolio_performance(conn, world["vc"], AS_OF)
    assert p is not None
    assert (p.investments, p.active_investments, p.exited_investments) == (2, 1, 1)
    assert p.paid_in == 252_000 and p.distributed == 450_000 and p.residual_value == 250_000
    pooled = pyxirr.xirr(
        [
            date(2020, 1, 1),
            date(2021, 1, 1),
            date(2023, 1, 1),
            date(2021, 6, 1),
            date(2021, 6, 1),
            AS_OF,
        ],
        [-100_000, -50_000, 450_000, -100_000, -2_000, 250_000],
    )
    assert p.irr == pytest.approx(pooled, rel=1e-7)


def test_fund_gross_and_net(conn: psycopg.Connection[Any], world: dict[str, uuid.UUID]) -> None:
    (fund,) = finance.fund_performance(conn, world["fund"], AS_OF)
    assert fund.paid_in == 250_000 + 2_000 + 20_000
    assert fund.gross_distributed == 450_000 and fund.net_distributed == 390_000
    assert fund.net_tvpi == round(Decimal(390_000 + 250_000) / 272_000, 6)
    assert abs(fund.net_tvpi - (fund.net_dpi + fund.net_rvpi)) <= Decimal("0.000001")
    assert fund.gross_irr is not None and fund.net_irr is not None
    assert fund.net_irr < fund.gross_irr  # fees and carry cost the LPs
    assert fund.unfunded_commitment == 1_000_000 - 272_000


def test_stored_figures_are_refreshed_from_the_calculation(
    conn: psycopg.Connection[Any], world: dict[str, uuid.UUID]
) -> None:
    assert finance.refresh_investment_metrics(conn, AS_OF) == 2
    assert finance.refresh_investment_metrics(conn, AS_OF) == 0  # nothing changed
    rows = conn.execute(
        "SELECT i.id, i.irr, i.moic, i.tvpi, i.dpi, i.exit_multiple,"
        " auxeira.xirr(p.cash_flow_amounts, p.cash_flow_dates)"
        " FROM auxeira.investments i"
        " JOIN auxeira.investment_performance(%s) AS p ON p.investment_id = i.id",
        (AS_OF,),
    ).fetchall()
    for _id, irr, moic, _tvpi, _dpi, exit_multiple, aggregate in rows:
        assert float(irr) == pytest.approx(aggregate, rel=1e-12)
        assert moic is not None
        if _id == world["exited"]:
            assert exit_multiple == 3


def test_portfolio_snapshot(conn: psycopg.Connection[Any], world: dict[str, uuid.UUID]) -> None:
    assert finance.snapshot_portfolio_metrics(conn, AS_OF) == 1
    assert finance.snapshot_portfolio_metrics(conn, AS_OF) == 1  # rewritten, not duplicated
    row = conn.execute(
        "SELECT total_invested, total_portfolio_value, portfolio_moic, active_investments,"
        " exited_investments, unicorn_count, top_quartile_count, count(*) OVER ()"
        " FROM auxeira.portfolio_metrics WHERE investor_id = %s",
        (world["vc"],),
    ).fetchone()
    assert row is not None
    # portfolio_moic: (450k distributed + 250k value) / 252k paid in (deal fees in cost)
    assert row[:6] == (252_000, 250_000, round(Decimal(700_000) / 252_000, 6), 1, 1, 1)
    assert row[6] >= 1 and row[7] == 1


def test_tenants_see_their_own_performance_only(
    conn: psycopg.Connection[Any], world: dict[str, uuid.UUID], db_url: str
) -> None:
    other_vc = f.user(conn, "vc")
    with psycopg.connect(db_url) as app:
        app.execute("SET ROLE auxeira_app")
        with tenant(app, other_vc):
            assert finance.investment_performance(app, AS_OF) == []
            assert finance.fund_performance(app, as_of=AS_OF) == []
        with tenant(app, world["vc"]):
            assert len(finance.investment_performance(app, AS_OF)) == 2
            assert len(finance.fund_performance(app, as_of=AS_OF)) == 1
        with tenant(app, world["founder"]):  # the founder sees the cap table of the company
            assert len(finance.investment_performance(app, AS_OF)) == 2


def test_python_xirr_matches_excel(conn: psycopg.Connection[Any]) -> None:
    dates = [
        date(2008, 1, 1),
        date(2008, 3, 1),
        date(2008, 10, 30),
        date(2009, 2, 15),
        date(2009, 4, 1),
    ]
    rate = finance.xirr(conn, [-10000, 2750, 4250, 3250, 2750], dates)
    assert rate == pytest.approx(0.373362535, abs=5e-9)  # Excel shows 9 decimals
    assert finance.xirr(conn, [-1, -2], dates[:2]) is None


def test_seeded_investments_carry_the_calculated_figures(conn: psycopg.Connection[Any]) -> None:
    from auxeira_db import synthetic

    summary = synthetic.generate(conn, persona="vc", scale="small", seed=5)
    rows = conn.execute(
        "SELECT i.irr, auxeira.xirr(p.cash_flow_amounts, p.cash_flow_dates), p.short_holding,"
        " p.total_value, i.moic, p.moic"
        " FROM auxeira.investments AS i"
        " JOIN auxeira.investment_performance(%s) AS p ON p.investment_id = i.id",
        (summary.as_of,),
    ).fetchall()
    assert len(rows) > 50
    for stored_irr, aggregate_irr, short, value, stored_moic, moic in rows:
        if short:  # never annualised under 365 days
            assert stored_irr is None
        elif aggregate_irr is None:  # a total loss has no XIRR: -100 %
            assert stored_irr == (-1 if value == 0 else None)
        else:
            assert float(stored_irr) == pytest.approx(aggregate_irr, rel=1e-12)
        assert stored_moic == moic
    snapshots = conn.execute(
        "SELECT count(*) FROM auxeira.portfolio_metrics WHERE metric_date = %s", (summary.as_of,)
    ).fetchone()
    assert snapshots is not None and snapshots[0] > 0
