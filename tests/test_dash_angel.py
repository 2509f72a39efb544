"""Angel-investor dashboard: every read and write, as the application role with RLS enforced."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import DataError, realtime, tenant
from auxeira_db.dashboards import angel
from tests import factories as f

ANSWERED = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class World:
    angel: uuid.UUID
    friend: uuid.UUID  # another angel
    stranger: uuid.UUID  # a third angel, connected to nobody
    vc: uuid.UUID  # not an angel
    acme: uuid.UUID
    beta: uuid.UUID
    gamma: uuid.UUID
    winner: uuid.UUID  # angel's investment in Acme: partial distributions, follow-on
    loser: uuid.UUID  # angel's investment in Beta: written off
    syndicate: uuid.UUID  # led by friend, open
    closed_syndicate: uuid.UUID  # led by friend, closed


def flow(
    conn: psycopg.Connection[Any], investment: uuid.UUID, day: date, kind: str, amount: int
) -> uuid.UUID:
    return f.insert(
        conn,
        "investment_cash_flows",
        investment_id=investment,
        flow_date=day,
        flow_type=kind,
        amount=amount,
    )


def syndicate(
    conn: psycopg.Connection[Any], lead: uuid.UUID, company: uuid.UUID, **extra: Any
) -> uuid.UUID:
    values: dict[str, Any] = {
        "lead_id": lead,
        "company_id": company,
        "name": f"Syndicate {uuid.uuid4().hex[:6]}",
        "target_amount": 250_000,
        "min_ticket": 5_000,
        "carry_percentage": 20,
        "deadline": date(2099, 12, 31),
        "founder_consent": "accepted",  # the company's founder agreed (see test_authorization)
    }
    values.update(extra)
    return f.insert(conn, "syndicates", **values)


def count(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM auxeira.{table}").fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def world(conn: psycopg.Connection[Any]) -> World:
    founder = f.user(conn)
    me, friend, stranger = (f.user(conn, "angel") for _ in range(3))
    investor = f.user(conn, "vc")
    acme = f.company(conn, founder, name="Acme", industry="Fintech")
    beta = f.company(conn, None, name="Beta", industry="SaaS")
    gamma = f.company(conn, None, name="Gamma", industry="Health")
    winner = f.investment(conn, me, acme, amount=50_000, investment_date=date(2019, 6, 1))
    flow(conn, winner, date(2019, 6, 1), "contribution", 50_000)
    flow(conn, winner, date(2020, 1, 1), "distribution", 20_000)
    flow(conn, winner, date(2021, 1, 1), "follow_on", 10_000)
    flow(conn, winner, date(2022, 3, 1), "distribution", 100_000)
    loser = f.investment(
        conn,
        me,
        beta,
        amount=30_000,
        investment_date=date(2022, 1, 1),
        status="written-off",
        exit_date=date(2022, 11, 1),
    )  # no cash-flow rows: the specification's amount counts as the contribution
    f.investment(conn, friend, gamma, amount=10_000)
    open_one = syndicate(conn, friend, gamma, name="Gamma seed extension")
    closed_one = syndicate(conn, friend, beta, name="Beta bridge", status="closed")
    return World(
        me, friend, stranger, investor, acme, beta, gamma, winner, loser, open_one, closed_one
    )


def test_portfolio_lists_holdings_and_totals(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.angel):
        result = angel.portfolio(app_conn)
    holdings = {h.company_name: h for h in result.holdings}
    assert set(holdings) == {"Acme", "Beta"}
    acme, beta = holdings["Acme"], holdings["Beta"]
    # never marked: rolled forward from cost, 60k in and 120k out leave nothing (0011)
    assert (acme.invested, acme.distributed, acme.value) == (60_000, 120_000, 0)
    assert (acme.moic, acme.value_basis, acme.currency) == (Decimal("2.000000"), "cost", "USD")
    assert (beta.status, beta.value, beta.moic, beta.realized_return) == (
        "written-off",
        0,
        Decimal("0.000000"),
        -30_000,
    )
    totals = result.totals
    assert totals is not None
    assert (totals.investments, totals.written_off_investments, totals.invested) == (2, 1, 90_000)
    assert totals.moic == round(Decimal(120_000) / 90_000, 6)


def test_tax_report_matches_realisations_to_lots_first_in_first_out(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.angel):
        report = angel.tax_report(app_conn)
        only_2022 = angel.tax_report(app_conn, 2022)
    rows = sorted(report.events, key=lambda e: (e.event_date, e.acquired_on))
    events = [
        (e.event_date, e.event_type, e.rule, e.proceeds, e.cost_basis, e.gain, e.long_term)
        for e in rows
    ]
    # no share counts stated: a lot counts one unit per unit of cost (docs/TAX-LOTS.md), so
    # the cost matched is the ledger's average cost and proceeds are spread by cost
    assert events == [
        # 20k out of a holding carried at 50k sells 40 % of it: 40 % of the first lot
        (date(2020, 1, 1), "distribution", "fifo", 20_000, 20_000, 0, False),
        # 100k sells the rest: 30k left of the first lot, the 10k follow-on (held 424 days)
        (date(2022, 3, 1), "distribution", "fifo", 75_000, 30_000, 45_000, True),
        (date(2022, 3, 1), "distribution", "fifo", 25_000, 10_000, 15_000, True),
        # Beta written off after 304 days with nothing back: a short-term loss of its cost
        (date(2022, 11, 1), "write-off", "fifo", 0, 30_000, -30_000, False),
    ]
    assert [e.holding_days for e in rows] == [214, 1004, 424, 304]
    assert rows[0].acquired_on == date(2019, 6, 1)
    assert report.jurisdiction == "US" and report.positions == []
    years = {y.tax_year: y for y in report.years}
    assert list(years) == [2020, 2022]
    y2022 = years[2022]
    assert (y2022.events, y2022.proceeds, y2022.cost_basis) == (2, 100_000, 70_000)
    assert (y2022.short_term_gain, y2022.long_term_gain) == (-30_000, 60_000)
    assert (y2022.gains, y2022.losses, y2022.net_gain) == (60_000, -30_000, 30_000)
    assert [y.tax_year for y in only_2022.years] == [2022]
    assert {e.tax_year for e in only_2022.events} == {2022}


def test_tax_report_books_an_exit_and_its_later_escrow_in_the_exit_year(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    sold = f.investment(
        conn,
        world.angel,
        world.gamma,
        amount=40_000,
        investment_date=date(2018, 1, 1),
        status="exited",
        exit_date=date(2021, 1, 1),
    )
    flow(conn, sold, date(2018, 1, 1), "contribution", 40_000)
    flow(conn, sold, date(2018, 1, 1), "fee", 1_000)
    flow(conn, sold, date(2021, 1, 1), "distribution", 25_000)
    flow(conn, sold, date(2022, 1, 1), "distribution", 5_000)  # escrow release
    with tenant(app_conn, world.angel):
        events = [e for e in angel.tax_report(app_conn).events if e.investment_id == sold]
    # one realisation on the exit date: all its proceeds (the escrow paid a year later
    # included) against the whole cost, the fee part of it (0011: no loss in 2021 and gain in
    # 2022 for one sale)
    assert [(e.event_type, e.tax_year, e.proceeds, e.cost_basis, e.gain) for e in events] == [
        ("exit", 2021, 30_000, 41_000, -11_000),
    ]


def test_record_investment_writes_the_investment_and_its_first_cash_flow(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.angel):
        tracked = angel.record_investment(
            app_conn,
            world.gamma,
            amount=Decimal(25_000),
            investment_date=date(2024, 2, 1),
            investment_round="pre-seed",
            post_money_valuation=Decimal(1_000_000),
            note="SAFE converted",
        )
        assert "Gamma" in {h.company_name for h in angel.portfolio(app_conn).holdings}
    app_conn.commit()
    assert (tracked.investor_id, tracked.pre_money_valuation, tracked.equity_percentage) == (
        world.angel,
        975_000,
        Decimal("2.50"),
    )
    row = conn.execute(
        "SELECT investment_id, flow_date, flow_type, amount, note"
        " FROM auxeira.investment_cash_flows WHERE id = %s",
        (tracked.cash_flow_id,),
    ).fetchone()
    assert row == (
        tracked.investment_id,
        date(2024, 2, 1),
        "contribution",
        25_000,
        "SAFE converted",
    )
    fund = conn.execute(
        "SELECT fund_id, currency FROM auxeira.investments WHERE id = %s", (tracked.investment_id,)
    ).fetchone()
    assert fund == (None, "USD")


def test_record_investment_in_another_currency(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.angel):
        tracked = angel.record_investment(
            app_conn,
            world.gamma,
            amount=Decimal(500),
            investment_date=date(2024, 2, 1),
            currency="GBP",
        )
        row = app_conn.execute(
            "SELECT i.currency, cf.currency FROM auxeira.investments AS i"
            " JOIN auxeira.investment_cash_flows AS cf ON cf.investment_id = i.id"
            " WHERE cf.id = %s",
            (tracked.cash_flow_id,),
        ).fetchone()
    app_conn.rollback()
    assert row == ("GBP", "GBP")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amount": Decimal(0)}, "amount must be greater than 0"),
        ({"company_id": uuid.UUID(int=9)}, "company .* does not exist"),
        ({"investment_date": date(2999, 1, 1)}, "not in the future"),
        (
            {"pre_money_valuation": Decimal(100), "post_money_valuation": Decimal(100)},
            "must equal pre-money",
        ),
        ({"post_money_valuation": Decimal(1000), "equity_percentage": Decimal(50)}, "match"),
        ({"investment_round": "series-z"}, "investment_round"),
        ({"currency": "XYZ"}, "unknown currency XYZ"),
    ],
)
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
    before = count(conn, "investments"), count(conn, "investment_cash_flows")
    company = values.pop("company_id")
    with tenant(app_conn, world.angel), pytest.raises(DataError, match=message):
        angel.record_investment(app_conn, company, **values)
    app_conn.commit()
    assert (count(conn, "investments"), count(conn, "investment_cash_flows")) == before


def test_network_requests_answers_and_counts(
    app_conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.angel):
        asked = angel.request_connection(
            app_conn, world.friend, connection_type="co-investor", message="Met at the demo day"
        )
        mentor = angel.request_connection(app_conn, world.vc, connection_type="mentor")
        pending = angel.network(app_conn)
    app_conn.commit()
    assert (asked.status, asked.responded_at) == ("requested", None)
    assert {(r.counterpart_id, r.direction) for r in pending.requests} == {
        (world.friend, "sent"),
        (world.vc, "sent"),
    }
    assert pending.connections == []
    with tenant(app_conn, world.friend):
        received = angel.network(app_conn)
        assert [(r.connection_id, r.direction, r.message) for r in received.requests] == [
            (asked.id, "received", "Met at the demo day")
        ]
        accepted = angel.respond_connection(app_conn, asked.id, accept=True)
    app_conn.commit()
    assert accepted.status == "accepted" and accepted.responded_at is not None
    with tenant(app_conn, world.vc):
        declined = angel.respond_connection(app_conn, mentor.id, accept=False)
    app_conn.commit()
    assert declined.status == "declined"
    with tenant(app_conn, world.angel):
        mine = angel.network(app_conn)
    with tenant(app_conn, world.friend):
        theirs = angel.network(app_conn)
    app_conn.commit()
    assert [(c.counterpart_id, c.direction, c.connection_type) for c in mine.connections] == [
        (world.friend, "sent", "co-investor")
    ]
    assert [(c.counterpart_id, c.direction) for c in theirs.connections] == [
        (world.angel, "received")
    ]
    counts = {
        c.connection_type: (c.accepted, c.pending_received, c.pending_sent) for c in mine.counts
    }
    assert counts["co-investor"] == (1, 0, 0) and counts["mentor"] == (0, 0, 0)
    assert len(counts) == 5 and mine.requests == []


@pytest.mark.parametrize(
    ("who", "target", "message"),
    [
        ("angel", "angel", "needs another user"),
        ("angel", "nobody", "does not exist"),
        ("angel", "friend:advisor", "already exists"),
        ("friend", "angel", "already exists"),  # the reverse direction counts too
        ("angel", "vc:astrologer", "connection_type"),
    ],
)
def test_request_connection_rejects_bad_input(
    app_conn: psycopg.Connection[Any],
    conn: psycopg.Connection[Any],
    world: World,
    who: str,
    target: str,
    message: str,
) -> None:
    f.insert(conn, "connections", requester_id=world.angel, addressee_id=world.friend)
    name, _, kind = target.partition(":")
    addressee = uuid.UUID(int=3) if name == "nobody" else getattr(world, name)
    with tenant(app_conn, getattr(world, who)), pytest.raises(DataError, match=message):
        angel.request_connection(app_conn, addressee, connection_type=kind or "co-investor")
    app_conn.commit()
    assert count(conn, "connections") == 1


def test_only_the_addressee_answers_and_the_ends_never_change(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    asked = f.insert(conn, "connections", requester_id=world.angel, addressee_id=world.friend)
    with tenant(app_conn, world.angel), pytest.raises(DataError, match="no pending connection"):
        angel.respond_connection(app_conn, asked, accept=True)  # the requester cannot accept
    app_conn.commit()
    with (
        pytest.raises(errors.CheckViolation, match="cannot be changed"),
        tenant(app_conn, world.friend),
    ):
        # the addressee cannot forge a request from someone else to themselves
        app_conn.execute(
            "UPDATE auxeira.connections SET requester_id = %s WHERE id = %s",
            (world.stranger, asked),
        )
    app_conn.rollback()
    with (
        pytest.raises(errors.InsufficientPrivilege, match="row-level security"),
        tenant(app_conn, world.angel),
    ):
        # nor can anyone create an accepted connection directly
        f.insert(
            app_conn,
            "connections",
            requester_id=world.angel,
            addressee_id=world.stranger,
            status="accepted",
            responded_at=ANSWERED,
        )
    app_conn.rollback()
    with tenant(app_conn, world.stranger):
        assert angel.network(app_conn).requests == []
        with pytest.raises(DataError, match="no pending connection"):
            angel.respond_connection(app_conn, asked, accept=True)
    app_conn.commit()


def test_an_answer_is_stamped_and_never_taken_back(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    asked = f.insert(conn, "connections", requester_id=world.angel, addressee_id=world.friend)
    with tenant(app_conn, world.friend):
        declined = angel.respond_connection(app_conn, asked, accept=False)
    app_conn.commit()
    assert declined.responded_at is not None
    with (
        pytest.raises(errors.CheckViolation, match="cannot go back to requested"),
        tenant(app_conn, world.friend),
    ):
        app_conn.execute(
            "UPDATE auxeira.connections SET status = 'requested' WHERE id = %s", (asked,)
        )
    app_conn.rollback()
    with tenant(app_conn, world.friend):  # changing one's mind is an answer too
        app_conn.execute(
            "UPDATE auxeira.connections SET status = 'accepted' WHERE id = %s", (asked,)
        )
        assert [c.connection_id for c in angel.network(app_conn).connections] == [asked]
    app_conn.rollback()


def test_syndicates_open_to_angels_and_commitments_private(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.angel):
        before = angel.syndicates(app_conn)
        joined = angel.join_syndicate(app_conn, world.syndicate, commitment_amount=Decimal(10_000))
        raised = angel.join_syndicate(app_conn, world.syndicate, commitment_amount=Decimal(15_000))
        after = angel.syndicates(app_conn)
    app_conn.commit()
    assert [
        (o.name, o.is_lead, o.my_commitment, o.committed_total) for o in before.opportunities
    ] == [("Gamma seed extension", False, None, None)]
    assert before.memberships == []
    assert joined.id == raised.id and raised.commitment_amount == 15_000
    mine = after.opportunities[0]
    assert (mine.my_commitment, mine.committed_total, mine.member_count) == (15_000, None, None)
    # the company's public profile (name, industry, stage), not its figures: the angel holds no
    # Gamma shares, but the founder accepted the syndicate (auxeira.company_profiles)
    assert mine.company_name == "Gamma"
    assert [(m.syndicate_name, m.commitment_amount, m.status) for m in after.memberships] == [
        ("Gamma seed extension", 15_000, "committed")
    ]
    f.insert(
        conn,
        "syndicate_members",
        syndicate_id=world.syndicate,
        member_id=world.stranger,
        commitment_amount=20_000,
    )
    with tenant(app_conn, world.friend):  # the lead sees the totals and every commitment
        lead_view = angel.syndicates(app_conn)
        members = app_conn.execute(
            "SELECT count(*) FROM auxeira.syndicate_members WHERE syndicate_id = %s",
            (world.syndicate,),
        ).fetchone()
    with tenant(app_conn, world.stranger):  # a member sees their own commitment only
        others = app_conn.execute(
            "SELECT member_id FROM auxeira.syndicate_members WHERE syndicate_id = %s",
            (world.syndicate,),
        ).fetchall()
        stranger_view = angel.syndicates(app_conn).opportunities
    with tenant(app_conn, world.vc):  # not an angel: no syndicates at all
        assert angel.syndicates(app_conn) == angel.Syndicates([], [])
    app_conn.commit()
    lead = lead_view.opportunities[0]
    assert (lead.is_lead, lead.committed_total, lead.member_count) == (True, 35_000, 2)
    assert lead.company_name == "Gamma"
    assert members == (2,)
    assert others == [(world.stranger,)]
    assert [(o.my_commitment, o.committed_total) for o in stranger_view] == [(20_000, None)]


def test_a_member_still_sees_a_closed_syndicate(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    f.insert(
        conn,
        "syndicate_members",
        syndicate_id=world.closed_syndicate,
        member_id=world.angel,
        commitment_amount=5_000,
        status="funded",
    )
    with tenant(app_conn, world.angel):
        view = angel.syndicates(app_conn)
    with tenant(app_conn, world.stranger):
        stranger = angel.syndicates(app_conn)
    app_conn.commit()
    assert [(m.syndicate_status, m.status) for m in view.memberships] == [("closed", "funded")]
    assert [o.syndicate_id for o in view.opportunities] == [world.syndicate]
    assert [o.syndicate_id for o in stranger.opportunities] == [world.syndicate]


@pytest.mark.parametrize(
    ("target", "amount", "message"),
    [
        ("syndicate", Decimal(4_999), "below the minimum ticket"),
        ("closed_syndicate", Decimal(10_000), "does not exist or is not open to you"),
        ("late", Decimal(10_000), "closed for commitments"),
        ("unknown", Decimal(10_000), "does not exist or is not open to you"),
    ],
)
def test_join_syndicate_rejects_bad_input(
    app_conn: psycopg.Connection[Any],
    conn: psycopg.Connection[Any],
    world: World,
    target: str,
    amount: Decimal,
    message: str,
) -> None:
    late = syndicate(conn, world.friend, world.gamma, deadline=date(2000, 1, 1))
    ids = {"late": late, "unknown": uuid.UUID(int=5)}
    chosen = ids[target] if target in ids else getattr(world, target)
    with tenant(app_conn, world.angel), pytest.raises(DataError, match=message):
        angel.join_syndicate(app_conn, chosen, commitment_amount=amount)
    app_conn.commit()
    assert count(conn, "syndicate_members") == 0


def test_a_non_angel_cannot_join(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    with tenant(app_conn, world.vc), pytest.raises(DataError, match="not open to you"):
        angel.join_syndicate(app_conn, world.syndicate, commitment_amount=Decimal(10_000))
    app_conn.commit()
    assert count(conn, "syndicate_members") == 0


ANGEL_OBJECTS = [
    "auxeira_dash.angel_portfolio",
    "auxeira_dash.angel_portfolio_totals",
    "auxeira_dash.angel_network",
    "auxeira_dash.angel_network_requests",
    "auxeira_dash.angel_network_summary",
    "auxeira_dash.angel_syndicate_opportunities",
    "auxeira_dash.angel_syndicate_memberships",
    "auxeira_dash.angel_tax_events",
    "auxeira_dash.angel_tax_report",
    "auxeira_dash.angel_tax_positions",
    "auxeira.connections",
    "auxeira.syndicates",
    "auxeira.syndicate_members",
]


def test_tenants_see_only_their_own_rows(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    asked = f.insert(
        conn,
        "connections",
        requester_id=world.angel,
        addressee_id=world.friend,
        status="accepted",
        responded_at=ANSWERED,
    )
    membership = f.insert(
        conn,
        "syndicate_members",
        syndicate_id=world.syndicate,
        member_id=world.angel,
        commitment_amount=7_000,
    )
    private = f.insert(
        conn,
        "syndicates",
        **{
            "lead_id": world.angel,
            "company_id": world.acme,
            "name": "Acme private",
            "target_amount": 1000,
            "min_ticket": 100,
            "deadline": date(2099, 1, 1),
            "status": "cancelled",
        },
    )
    mine = [world.angel, world.winner, world.loser, world.acme, asked, membership, private]
    with tenant(app_conn, world.stranger):
        for name in ANGEL_OBJECTS:
            for row in app_conn.execute(f"SELECT to_jsonb(x) FROM {name} AS x").fetchall():
                text = json.dumps(row[0])
                assert all(str(v) not in text for v in mine), (name, text)
                assert "7000" not in text, (name, text)
        # the stranger still sees the open syndicate's terms
        assert [o.syndicate_id for o in angel.syndicates(app_conn).opportunities] == [
            world.syndicate
        ]
    # no tenant: nothing at all (the network summary lists its types with zero counts)
    for name in ANGEL_OBJECTS:
        rows = app_conn.execute(f"SELECT to_jsonb(x) FROM {name} AS x").fetchall()
        if name == "auxeira_dash.angel_network_summary":
            assert all(r[0]["accepted"] == 0 for r in rows)
        else:
            assert rows == [], name
    app_conn.rollback()


def test_writes_notify_the_angel_channel(
    app_conn: psycopg.Connection[Any], db_url: str, world: World
) -> None:
    with (
        psycopg.connect(db_url, autocommit=True) as listener,
        psycopg.connect(db_url, autocommit=True) as other_listener,
    ):
        listener.execute("LISTEN auxeira_angel")
        other_listener.execute("LISTEN auxeira_angel")
        with tenant(app_conn, world.angel):
            tracked = angel.record_investment(
                app_conn, world.gamma, amount=Decimal(1000), investment_date=date(2024, 1, 2)
            )
            asked = angel.request_connection(app_conn, world.stranger)
            joined = angel.join_syndicate(
                app_conn, world.syndicate, commitment_amount=Decimal(5_000)
            )
        app_conn.commit()
        events = set(realtime.listen(listener, ["angel"], user_id=world.angel, timeout=1))
        theirs = set(realtime.listen(other_listener, ["angel"], user_id=world.stranger, timeout=1))
    a = world.angel
    assert {
        realtime.DashboardEvent("angel", a, "investments", str(tracked.investment_id), "insert"),
        realtime.DashboardEvent(
            "angel", a, "investment_cash_flows", str(tracked.cash_flow_id), "insert"
        ),
        realtime.DashboardEvent("angel", a, "connections", str(asked.id), "insert"),
        realtime.DashboardEvent("angel", a, "syndicate_members", str(joined.id), "insert"),
    } <= events
    # each user is told about the connection, and only through their own events
    assert theirs == {
        realtime.DashboardEvent("angel", world.stranger, "connections", str(asked.id), "insert")
    }
    assert all(e.user_id == a for e in events)


def test_show_and_reads_cover_every_endpoint(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    assert set(angel.READS) == {
        "GET /api/dashboard/angel/portfolio",
        "GET /api/dashboard/angel/network",
        "GET /api/dashboard/angel/syndicate",
        "GET /api/dashboard/angel/tax-report",
    }
    f.insert(conn, "connections", requester_id=world.friend, addressee_id=world.angel)
    f.insert(
        conn,
        "connections",
        requester_id=world.stranger,
        addressee_id=world.angel,
        status="accepted",
        responded_at=ANSWERED,
    )
    f.insert(
        conn,
        "syndicate_members",
        syndicate_id=world.syndicate,
        member_id=world.angel,
        commitment_amount=5_000,
    )
    f.investment(conn, world.angel, world.gamma, amount=5_000)  # a lot still held
    with tenant(app_conn, world.angel):
        for read in angel.READS.values():
            assert read(app_conn)
        shown = angel.show(app_conn)
    app_conn.rollback()
    assert all(shown.values()), [title for title, rows in shown.items() if not rows]


def test_writes_with_an_idempotency_key_replay_the_first_result(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    before = count(conn, "investments"), count(conn, "investment_cash_flows")
    with tenant(app_conn, world.angel):
        tracked = [
            angel.record_investment(
                app_conn, world.gamma, amount=Decimal(100), investment_date=date(2024, 1, 1),
                idempotency_key="track-1",
            )
            for _ in range(2)
        ]  # fmt: skip
        asked = [
            angel.request_connection(app_conn, world.stranger, idempotency_key="ask-1")
            for _ in range(2)
        ]
        joined = [
            angel.join_syndicate(
                app_conn, world.syndicate, commitment_amount=Decimal(10_000),
                idempotency_key="join-1",
            )
            for _ in range(2)
        ]  # fmt: skip
    app_conn.commit()
    with tenant(app_conn, world.stranger):
        answered = [
            angel.respond_connection(app_conn, asked[0].id, accept=True, idempotency_key="yes-1")
            for _ in range(2)
        ]
    app_conn.commit()
    assert tracked[0] == tracked[1] and asked[0] == asked[1] and joined[0] == joined[1]
    assert answered[0] == answered[1] and answered[0].status == "accepted"
    after = count(conn, "investments"), count(conn, "investment_cash_flows")
    assert (after[0] - before[0], after[1] - before[1]) == (1, 1)


def test_syndicates_are_paged_in_sql_by_deadline_and_id(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], world: World
) -> None:
    for _ in range(3):
        syndicate(conn, world.friend, world.gamma, name="Open")
    with tenant(app_conn, world.angel):
        first = angel.syndicates(app_conn, page_size=3)
        assert first.next_after is not None
        second = angel.syndicates(app_conn, page_size=3, after=first.next_after)
        everything = angel.syndicates(app_conn)
        with pytest.raises(DataError, match="page_size must be between 1 and 500"):
            angel.syndicates(app_conn, page_size=0)
    app_conn.rollback()
    paged = [o.syndicate_id for o in first.opportunities + second.opportunities]
    assert paged == [o.syndicate_id for o in everything.opportunities] and len(paged) == 4
    assert second.next_after is None and everything.next_after is None
    assert everything.opportunities == sorted(
        everything.opportunities, key=lambda o: (o.deadline, o.syndicate_id)
    )
