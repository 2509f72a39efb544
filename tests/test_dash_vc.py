"""Venture-capital dashboard: every read and write, as the application role with RLS enforced."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import DataError, realtime, tenant
from auxeira_db.dashboards import vc
from auxeira_db.errors import PermissionDenied
from tests import factories as f

MV = "auxeira_mv.vc_performance"


@dataclass(frozen=True)
class World:
    vc: uuid.UUID
    other_vc: uuid.UUID
    fund: uuid.UUID
    other_fund: uuid.UUID
    acme: uuid.UUID  # exited at 3x from the fund
    beta: uuid.UUID  # held, marked up, direct
    gamma: uuid.UUID  # no investment yet
    exited: uuid.UUID
    held: uuid.UUID
    other_investment: uuid.UUID


def flow(
    conn: psycopg.Connection[Any], investment: uuid.UUID, day: date, kind: str, amount: int
) -> None:
    f.insert_plain(
        conn,
        "investment_cash_flows",
        investment_id=investment,
        flow_date=day,
        flow_type=kind,
        amount=amount,
    )


def refresh(conn: psycopg.Connection[Any]) -> None:
    conn.execute("SELECT * FROM auxeira.refresh_materialized_view(%s::regclass)", (MV,))


def count(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM auxeira.{table}").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def world(conn: psycopg.Connection[Any]) -> World:
    founder = f.user(conn)
    me, other = f.user(conn, "vc"), f.user(conn, "vc")
    fund = f.insert(
        conn, "funds", manager_id=me, name="Fund I", vintage_year=2019, committed_capital=5_000_000
    )
    other_fund = f.insert(
        conn, "funds", manager_id=other, name="Other I", vintage_year=2020, committed_capital=10**6
    )
    acme = f.company(conn, founder, name="Acme", industry="Fintech", stage="series-a")
    beta = f.company(conn, None, name="Beta", industry="SaaS", stage="seed")
    gamma = f.company(conn, None, name="Gamma", industry="Health")
    exited = f.investment(
        conn,
        me,
        acme,
        fund_id=fund,
        amount=100_000,
        investment_date=date(2019, 3, 1),
        investment_round="seed",
        status="exited",
        exit_date=date(2023, 3, 1),
    )
    flow(conn, exited, date(2019, 3, 1), "contribution", 100_000)
    flow(conn, exited, date(2023, 3, 1), "distribution", 300_000)
    held = f.investment(
        conn,
        me,
        beta,
        amount=200_000,
        investment_date=date(2021, 6, 1),
        investment_round="series-a",
    )
    flow(conn, held, date(2021, 6, 1), "contribution", 200_000)
    f.insert_plain(
        conn,
        "valuation_marks",
        investment_id=held,
        mark_date=date(2022, 6, 1),
        holding_value=400_000,
    )
    other_investment = f.investment(conn, other, beta, fund_id=other_fund, amount=50_000)
    f.portfolio(conn, me, metric_date=date(2024, 1, 1), unicorn_count=0, top_quartile_count=1)
    for company, stage, ask in (
        ("Delta", "sourced", 1_000_000),
        ("Epsilon", "diligence", 2_000_000),
        ("Zeta", "diligence", 500_000),
        ("Eta", "passed", None),
    ):
        f.insert(
            conn,
            "deals",
            investor_id=me,
            company_name=company,
            stage=stage,
            ask_amount=ask,
            sourced_on=date(2024, 1, 1),
            decided_on=date(2024, 2, 1) if stage == "passed" else None,
        )
    f.insert(conn, "deals", investor_id=other, company_name="Secret", stage="term-sheet")
    return World(me, other, fund, other_fund, acme, beta, gamma, exited, held, other_investment)


def test_portfolio_lists_holdings_and_totals(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.vc):
        result = vc.portfolio(app_conn)
    holdings = {h.company_name: h for h in result.holdings}
    assert set(holdings) == {"Acme", "Beta"}
    acme, beta = holdings["Acme"], holdings["Beta"]
    assert (acme.status, acme.fund_name, acme.industry, acme.investment_round) == (
        "exited",
        "Fund I",
        "Fintech",
        "seed",
    )
    assert (acme.invested, acme.value, acme.distributed) == (100_000, 0, 300_000)
    assert acme.moic == Decimal("3.000000")
    assert acme.irr is not None and acme.irr == pytest.approx(3 ** (365 / 1461) - 1, abs=1e-6)
    assert (beta.value, beta.moic, beta.fund_id) == (400_000, Decimal("2.000000"), None)
    totals = result.totals
    assert totals is not None
    assert (totals.investments, totals.active_investments, totals.exited_investments) == (2, 1, 1)
    assert (totals.invested, totals.total_value) == (300_000, 700_000)
    assert totals.snapshot_date == date(2024, 1, 1) and totals.top_quartile_count == 1


def test_deals_list_the_pipeline_with_counts_per_stage(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.vc):
        flow_ = vc.deals(app_conn)
    # newest sourced first, then by id (all four were sourced the same day): keyset-paged (0017)
    assert [(d.sourced_on, d.deal_id) for d in flow_.deals] == sorted(
        ((d.sourced_on, d.deal_id) for d in flow_.deals), reverse=True
    )
    by_name = {d.company_name: d for d in flow_.deals}
    assert {n: d.stage_rank for n, d in by_name.items()} == {
        "Delta": 1,
        "Epsilon": 3,
        "Zeta": 3,
        "Eta": 6,
    }
    assert by_name["Eta"].days_in_pipeline == 31  # sourced to decided
    assert flow_.next_after is None
    stages = {s.stage: (s.deals, s.total_ask) for s in flow_.stages}
    assert list(stages) == ["sourced", "screening", "diligence", "term-sheet", "closed", "passed"]
    assert stages["diligence"] == (2, 2_500_000)
    assert stages["screening"] == (0, 0) and stages["term-sheet"] == (0, 0)


def test_deals_policy_refuses_another_managers_fund(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with (
        pytest.raises(errors.InsufficientPrivilege, match="row-level security"),
        tenant(app_conn, world.vc),
    ):
        f.insert(
            app_conn, "deals", investor_id=world.vc, company_name="X", fund_id=world.other_fund
        )
    app_conn.rollback()


def test_performance_by_fund_vintage_stage_and_industry(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    refresh(conn)
    with tenant(app_conn, world.vc):
        groups = vc.performance(app_conn)
        only_funds = vc.performance(app_conn, "fund")
    by_key = {(g.dimension, g.group_key): g for g in groups}
    assert [g.dimension for g in groups][:2] == ["fund", "fund"]
    fund = by_key[("fund", str(world.fund))]
    assert (fund.group_label, fund.investments, fund.moic) == ("Fund I", 1, Decimal("3.000000"))
    direct = by_key[("fund", "direct")]
    assert direct.group_label == "Direct investments" and direct.tvpi == Decimal("2.000000")
    assert by_key[("vintage", "2019")].invested == 100_000
    assert by_key[("stage", "series-a")].residual_value == 400_000
    assert by_key[("industry", "Fintech")].dpi == Decimal("3.000000")
    assert set(by_key) >= {("vintage", "2021"), ("stage", "seed"), ("industry", "SaaS")}
    assert len(groups) == 8
    assert {g.dimension for g in only_funds} == {"fund"} and len(only_funds) == 2
    irr = by_key[("fund", str(world.fund))].irr
    assert irr is not None and irr == pytest.approx(3 ** (365 / 1461) - 1, abs=1e-6)
    with pytest.raises(DataError, match="unknown performance dimension"):
        vc.performance(app_conn, "colour")


def test_record_investment_writes_the_investment_and_its_first_cash_flow(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    deal = f.insert(
        conn,
        "deals",
        investor_id=world.vc,
        company_name="Gamma",
        stage="term-sheet",
        sourced_on=date(2024, 1, 1),
    )
    with tenant(app_conn, world.vc):
        logged = vc.record_investment(
            app_conn,
            world.gamma,
            amount=Decimal("250000"),
            investment_date=date(2024, 5, 1),
            investment_round="seed",
            fund_id=world.fund,
            pre_money_valuation=Decimal("2250000"),
            deal_id=deal,
        )
        # a company first invested in becomes visible, with its figures
        assert "Gamma" in {h.company_name for h in vc.portfolio(app_conn).holdings}
    app_conn.commit()
    assert logged.post_money_valuation == Decimal("2500000")
    assert logged.equity_percentage == Decimal("10.00")
    assert (logged.investor_id, logged.fund_id, logged.status) == (world.vc, world.fund, "active")
    row = conn.execute(
        "SELECT investment_id, flow_date, flow_type, amount FROM auxeira.investment_cash_flows"
        " WHERE id = %s",
        (logged.cash_flow_id,),
    ).fetchone()
    assert row == (logged.investment_id, date(2024, 5, 1), "contribution", 250_000)
    deal_row = conn.execute(
        "SELECT stage, investment_id, decided_on FROM auxeira.deals WHERE id = %s", (deal,)
    ).fetchone()
    assert deal_row == ("closed", logged.investment_id, date(2024, 5, 1))


def test_record_investment_derives_pre_money_and_accepts_consistent_equity(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.vc):
        logged = vc.record_investment(
            app_conn,
            world.gamma,
            amount=Decimal("100"),
            investment_date=date(2024, 1, 1),
            post_money_valuation=Decimal("300"),
            equity_percentage=Decimal("33.33"),
        )
    app_conn.rollback()
    assert (logged.pre_money_valuation, logged.equity_percentage) == (200, Decimal("33.33"))


def test_record_investment_takes_the_cheque_currency_else_the_funds(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    kes_fund = f.fund(conn, world.vc, currency="KES")
    conn.commit()
    with tenant(app_conn, world.vc):
        in_fund = vc.record_investment(
            app_conn,
            world.gamma,
            amount=Decimal(100),
            investment_date=date(2024, 1, 1),
            fund_id=kes_fund,
        )
        named = vc.record_investment(
            app_conn,
            world.gamma,
            amount=Decimal(100),
            investment_date=date(2024, 1, 1),
            currency=" eur ",
        )
        direct = vc.record_investment(
            app_conn, world.gamma, amount=Decimal(100), investment_date=date(2024, 1, 1)
        )
        rows = app_conn.execute(
            "SELECT i.id, i.currency, cf.currency FROM auxeira.investments AS i"
            " JOIN auxeira.investment_cash_flows AS cf ON cf.investment_id = i.id"
            " WHERE i.id IN (%s, %s, %s)",
            (in_fund.investment_id, named.investment_id, direct.investment_id),
        ).fetchall()
    app_conn.rollback()
    assert {r[0]: (r[1], r[2]) for r in rows} == {
        in_fund.investment_id: ("KES", "KES"),
        named.investment_id: ("EUR", "EUR"),
        direct.investment_id: ("USD", "USD"),
    }


BAD_INVESTMENTS: list[tuple[dict[str, Any], str]] = [
    ({"amount": Decimal(0)}, "amount must be greater than 0"),
    ({"amount": Decimal(-5)}, "amount must be greater than 0"),
    ({"company_id": uuid.UUID(int=7)}, "company .* does not exist"),
    ({"investment_date": date(2999, 1, 1)}, "not in the future"),
    (
        {"pre_money_valuation": Decimal(900), "post_money_valuation": Decimal(1200)},
        "must equal pre-money",
    ),
    ({"post_money_valuation": Decimal(50)}, "smaller than the amount"),
    ({"pre_money_valuation": Decimal(-1)}, "cannot be negative"),
    ({"pre_money_valuation": Decimal(900), "equity_percentage": Decimal(25)}, "does not match"),
    ({"equity_percentage": Decimal(150)}, "equity_percentage"),
    ({"investment_round": "series-z"}, "investment_round"),
    ({"fund_id": "other"}, "not one of your funds"),
    ({"deal_id": "other"}, "not in your pipeline"),
    ({"currency": "XYZ"}, "unknown currency XYZ"),
]


@pytest.mark.parametrize(("change", "message"), BAD_INVESTMENTS)
def test_record_investment_rejects_bad_input(
    app_conn: psycopg.Connection[Any],
    conn: psycopg.Connection[Any],
    world: World,
    change: dict[str, Any],
    message: str,
) -> None:
    values: dict[str, Any] = {
        "company_id": world.gamma,
        "amount": Decimal(100),
        "investment_date": date(2024, 1, 1),
    }
    values.update(change)
    if values.get("fund_id") == "other":
        values["fund_id"] = world.other_fund
    if values.get("deal_id") == "other":
        row = conn.execute("SELECT id FROM auxeira.deals WHERE company_name = 'Secret'").fetchone()
        assert row is not None
        values["deal_id"] = row[0]
    before = count(conn, "investments"), count(conn, "investment_cash_flows")
    company = values.pop("company_id")
    with tenant(app_conn, world.vc), pytest.raises(DataError, match=message):
        vc.record_investment(app_conn, company, **values)
    app_conn.commit()
    assert (count(conn, "investments"), count(conn, "investment_cash_flows")) == before


def test_lp_report_per_fund_and_schedule(app_conn: psycopg.Connection[Any], world: World) -> None:
    with tenant(app_conn, world.vc):
        report = vc.lp_report(app_conn)
        one = vc.lp_report(app_conn, fund_id=world.fund, as_of=date(2020, 1, 1))
    assert [x.fund_name for x in report.funds] == ["Fund I"]
    fund = report.funds[0]
    assert (fund.investments, fund.invested, fund.gross_distributed) == (1, 100_000, 300_000)
    assert (fund.net_dpi, fund.unfunded_commitment, fund.premium_purchased) == (
        Decimal("3.000000"),
        4_900_000,
        False,
    )
    assert [(s.company_name, s.status, s.moic) for s in report.schedule] == [
        ("Acme", "exited", Decimal("3.000000"))
    ]
    # as of 2020 the exit had not happened: carried at cost
    assert [(s.residual_value, s.distributed) for s in one.schedule] == [(100_000, 0)]
    assert one.funds[0].gross_distributed == 0


def test_purchase_lp_report_is_idempotent_on_the_payment_reference(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.vc):
        first = vc.purchase_lp_report(
            app_conn, world.fund, payment_reference="pi_3Nabc123", amount=Decimal("499.00")
        )
        again = vc.purchase_lp_report(
            app_conn, world.fund, payment_reference="pi_3Nabc123", amount=Decimal(499)
        )
        with pytest.raises(DataError, match="already recorded for another purchase"):
            vc.purchase_lp_report(
                app_conn, world.fund, payment_reference="pi_3Nabc123", amount=Decimal(149)
            )
        assert vc.lp_report(app_conn).funds[0].premium_purchased
    app_conn.commit()
    assert first == again
    assert (first.buyer_id, first.fund_id, first.currency, first.payment_provider) == (
        world.vc,
        world.fund,
        "USD",
        "stripe",
    )
    assert count(conn, "lp_report_purchases") == 1
    # a payment reference is bound to its buyer: another account cannot claim it
    with (
        tenant(app_conn, world.other_vc),
        pytest.raises(PermissionDenied, match="another account"),
    ):
        vc.purchase_lp_report(
            app_conn, world.other_fund, payment_reference="pi_3Nabc123", amount=Decimal(499)
        )
    app_conn.commit()
    assert count(conn, "lp_report_purchases") == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": Decimal(0)}, "amount must be greater than 0"),
        ({"payment_reference": "  "}, "payment reference is required"),
        ({"payment_reference": "bad reference!"}, "payment_reference"),
        ({"fund_id": "other"}, "not one of your funds"),
        ({"currency": "XYZ"}, "currency"),
        ({"payment_provider": "paypal"}, "payment_provider"),
        ({"amount": Decimal(10)}, "does not match the list price"),
    ],
)
def test_purchase_lp_report_rejects_bad_input(
    app_conn: psycopg.Connection[Any],
    conn: psycopg.Connection[Any],
    world: World,
    change: dict[str, Any],
    message: str,
) -> None:
    values: dict[str, Any] = {
        "fund_id": world.fund,
        "payment_reference": "ref_0001",
        "amount": Decimal(499),
    }
    values.update(change)
    if values["fund_id"] == "other":
        values["fund_id"] = world.other_fund
    fund = values.pop("fund_id")
    with tenant(app_conn, world.vc), pytest.raises(DataError, match=message):
        vc.purchase_lp_report(app_conn, fund, **values)
    app_conn.commit()
    assert count(conn, "lp_report_purchases") == 0


def test_purchases_cannot_be_changed_by_the_application(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.vc):
        bought = vc.purchase_lp_report(
            app_conn, world.fund, payment_reference="ref_0002", amount=Decimal(499)
        )
    app_conn.commit()
    # no write privilege at all: a purchase is recorded only by vc_purchase_lp_report, at the
    # list price (a direct INSERT could name any amount)
    for statement, params in [
        ("UPDATE auxeira.lp_report_purchases SET amount = 1 WHERE id = %s", (bought.id,)),
        ("DELETE FROM auxeira.lp_report_purchases WHERE id = %s", (bought.id,)),
        (
            "INSERT INTO auxeira.lp_report_purchases"
            " (buyer_id, fund_id, payment_reference, amount) VALUES (%s, %s, 'ref_cheap', 0.01)",
            (world.vc, world.fund),
        ),
    ]:
        with tenant(app_conn, world.vc), pytest.raises(errors.InsufficientPrivilege):
            app_conn.execute(statement, params)
        app_conn.rollback()


VC_OBJECTS = [
    "auxeira_dash.vc_portfolio",
    "auxeira_dash.vc_portfolio_totals",
    "auxeira_dash.vc_deals",
    "auxeira_dash.vc_deal_stages",
    "auxeira_dash.vc_performance()",
    "auxeira_dash.vc_lp_report_funds()",
    "auxeira_dash.vc_lp_report_schedule()",
    "auxeira.deals",
    "auxeira.lp_report_purchases",
]


def test_tenants_see_only_their_own_rows(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.vc):
        bought = vc.purchase_lp_report(
            app_conn, world.fund, payment_reference="ref_0003", amount=Decimal(499)
        )
    app_conn.commit()
    refresh(conn)
    mine = [world.vc, world.fund, world.exited, world.held, world.acme, bought.id, "Fund I"]
    mine += ["Delta", "Epsilon"]
    with tenant(app_conn, world.other_vc):
        for name in VC_OBJECTS:
            for row in app_conn.execute(f"SELECT to_jsonb(x) FROM {name} AS x").fetchall():
                text = json.dumps(row[0])
                assert all(str(v) not in text for v in mine), (name, text)
        # the other VC's own dashboard is still whole
        assert [h.investment_id for h in vc.portfolio(app_conn).holdings] == [
            world.other_investment
        ]
        assert [d.company_name for d in vc.deals(app_conn).deals] == ["Secret"]
        assert {g.group_label for g in vc.performance(app_conn, "fund")} == {"Other I"}
    # no tenant: nothing at all (the stage funnel lists its stages with zero counts)
    for name in VC_OBJECTS:
        rows = app_conn.execute(f"SELECT to_jsonb(x) FROM {name} AS x").fetchall()
        if name == "auxeira_dash.vc_deal_stages":
            assert all(r[0]["deals"] == 0 for r in rows)
        else:
            assert rows == [], name
    app_conn.rollback()


def test_the_application_cannot_read_the_materialized_view(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with pytest.raises(errors.InsufficientPrivilege), tenant(app_conn, world.vc):
        app_conn.execute(f"SELECT * FROM {MV}")
    app_conn.rollback()


def test_writes_notify_the_vc_channel(
    app_conn: psycopg.Connection[Any], db_url: str, world: World
) -> None:
    with psycopg.connect(db_url, autocommit=True) as listener:
        listener.execute("LISTEN auxeira_vc")
        with tenant(app_conn, world.vc):
            logged = vc.record_investment(
                app_conn, world.gamma, amount=Decimal(1000), investment_date=date(2024, 1, 2)
            )
            bought = vc.purchase_lp_report(
                app_conn, world.fund, payment_reference="ref_0004", amount=Decimal(499)
            )
        app_conn.commit()
        events = list(realtime.listen(listener, ["vc"], user_id=world.vc, timeout=2))
    assert {
        realtime.DashboardEvent("vc", world.vc, "investments", str(logged.investment_id), "insert"),
        realtime.DashboardEvent(
            "vc", world.vc, "investment_cash_flows", str(logged.cash_flow_id), "insert"
        ),
        realtime.DashboardEvent("vc", world.vc, "lp_report_purchases", str(bought.id), "insert"),
    } <= set(events)


def test_show_and_reads_cover_every_endpoint(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    assert set(vc.READS) == {
        "GET /api/dashboard/vc/portfolio",
        "GET /api/dashboard/vc/deals",
        "GET /api/dashboard/vc/performance",
        "GET /api/dashboard/vc/lp-report",
    }
    refresh(conn)
    with tenant(app_conn, world.vc):
        for read in vc.READS.values():
            assert read(app_conn)
        shown = vc.show(app_conn)
    app_conn.rollback()
    assert all(shown.values()), [title for title, rows in shown.items() if not rows]


def test_writes_with_an_idempotency_key_replay_the_first_result(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    def log(key: str | None) -> vc.RecordedInvestment:
        return vc.record_investment(
            app_conn, world.gamma, amount=Decimal(100), investment_date=date(2024, 1, 1),
            pre_money_valuation=Decimal(900), idempotency_key=key,
        )  # fmt: skip

    before = count(conn, "investments"), count(conn, "investment_cash_flows")
    with tenant(app_conn, world.vc):
        first = log("invest-1")
        again = log("invest-1")
        other = log(None)
        bought = vc.purchase_lp_report(
            app_conn, world.fund, payment_reference="pi_key_1", amount=Decimal(499),
            idempotency_key="buy-1",
        )  # fmt: skip
        bought_again = vc.purchase_lp_report(
            app_conn, world.fund, payment_reference="pi_key_1", amount=Decimal(499),
            idempotency_key="buy-1",
        )  # fmt: skip
        with pytest.raises(DataError, match="already used for vc_record_investment"):
            vc.purchase_lp_report(
                app_conn, world.fund, payment_reference="pi_key_2", amount=Decimal(499),
                idempotency_key="invest-1",
            )  # fmt: skip
    app_conn.commit()
    assert again == first and other.investment_id != first.investment_id
    assert first.equity_percentage == Decimal("10.00") and first.post_money_valuation == 1000
    assert bought_again == bought
    after = count(conn, "investments"), count(conn, "investment_cash_flows")
    assert (after[0] - before[0], after[1] - before[1]) == (2, 2)
    assert count(conn, "lp_report_purchases") == 1
