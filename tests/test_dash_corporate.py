"""Corporate partner dashboard: ecosystem pulse, sealed-bid auctions, partnerships, ROI."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors

import auxeira_db
from auxeira_db import realtime
from auxeira_db.dashboards import corporate as corp
from tests import factories as f

PULSE = "auxeira_mv.corporate_ecosystem_pulse"


def refresh(conn: psycopg.Connection[Any]) -> None:
    conn.execute("SELECT * FROM auxeira.refresh_materialized_view(%s::regclass)", (PULSE,))


def companies(conn: psycopg.Connection[Any], cells: dict[tuple[str, str], int]) -> None:
    for (industry, stage), n in cells.items():
        for i in range(n):
            f.company(
                conn,
                f.user(conn),
                industry=industry,
                stage=stage,
                current_valuation=(i + 1) * 1_000_000,
                funding_raised=100_000,
                growth_rate=Decimal("0.5"),
                sse_score=60 + i,
            )


def pulse(app_conn: psycopg.Connection[Any], user: uuid.UUID) -> dict[tuple[str, str], Any]:
    with auxeira_db.tenant(app_conn, user):
        return {(r.industry, r.stage): r for r in corp.ecosystem(app_conn)}


def assert_consistent(rows: dict[tuple[str, str], Any]) -> None:
    """Every row has >= 5 companies and every marginal is the sum of its published cells."""
    assert all(r.companies >= 5 for r in rows.values())
    by_industry: dict[str, int] = defaultdict(int)
    by_stage: dict[str, int] = defaultdict(int)
    for (industry, stage), r in rows.items():
        if industry != "(all)" and stage != "(all)":
            by_industry[industry] += r.companies
            by_stage[stage] += r.companies
    for industry, n in by_industry.items():
        assert rows[(industry, "(all)")].companies == n
    for stage, n in by_stage.items():
        assert rows[("(all)", stage)].companies == n
    assert rows[("(all)", "(all)")].companies == sum(by_industry.values())


def test_ecosystem_pulse_recodes_small_cells(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    companies(
        conn,
        {
            ("SaaS", "seed"): 6,
            ("SaaS", "series-a"): 5,
            ("SaaS", "series-b"): 2,
            ("Fintech", "seed"): 5,
            ("Fintech", "series-a"): 1,
            ("Health", "seed"): 3,
        },
    )
    refresh(conn)
    rows = pulse(app_conn, f.user(conn, "corporate"))
    assert_consistent(rows)
    assert {k: r.companies for k, r in rows.items()} == {
        ("SaaS", "seed"): 6,
        ("SaaS", "series-a"): 5,
        ("Fintech", "seed"): 5,
        ("(other)", "(other)"): 6,
        ("SaaS", "(all)"): 11,
        ("Fintech", "(all)"): 5,
        ("(other)", "(all)"): 6,
        ("(all)", "seed"): 11,
        ("(all)", "series-a"): 5,
        ("(all)", "(other)"): 6,
        ("(all)", "(all)"): 22,
    }
    saas_seed = rows[("SaaS", "seed")]
    # a median of six companies would be one or two companies' figures: not published
    assert saas_seed.median_valuation is None
    # eleven SaaS companies (1..6 and 1..5 million): the median, 3 million, to two figures
    assert rows[("SaaS", "(all)")].median_valuation == Decimal("3000000")
    assert rows[("(all)", "(all)")].median_valuation == Decimal("2500000")
    assert saas_seed.total_funding == Decimal("600000.00")
    assert saas_seed.avg_growth_rate == Decimal("0.5000")
    assert saas_seed.avg_sse_score == Decimal("62.5")


def test_ecosystem_pulse_merges_the_smallest_cell_when_other_is_too_small(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    companies(
        conn,
        {
            ("SaaS", "seed"): 6,
            ("SaaS", "series-a"): 5,
            ("SaaS", "series-b"): 2,
            ("Fintech", "seed"): 5,
            ("Fintech", "series-a"): 1,
        },
    )
    refresh(conn)
    me = f.user(conn, "corporate")
    rows = pulse(app_conn, me)
    assert_consistent(rows)
    # (other, other) would hold 3 companies: the smallest cell, (Fintech, seed), joins it.
    assert {k: r.companies for k, r in rows.items() if "(all)" not in k} == {
        ("SaaS", "seed"): 6,
        ("SaaS", "series-a"): 5,
        ("(other)", "(other)"): 8,
    }
    with auxeira_db.tenant(app_conn, me):
        only = corp.ecosystem(app_conn, industry="SaaS", stage="(all)")
    assert [(r.industry, r.stage, r.companies) for r in only] == [("SaaS", "(all)", 11)]


def test_ecosystem_pulse_publishes_nothing_under_five_companies(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    companies(conn, {("SaaS", "seed"): 4})
    refresh(conn)
    assert pulse(app_conn, f.user(conn, "corporate")) == {}


# --- sealed-bid auctions -------------------------------------------------------------------


def close(
    conn: psycopg.Connection[Any], auction_id: uuid.UUID, *, reveal_open: bool = True
) -> None:
    """Move an auction's schedule into the past (tests only: bypasses the schedule guard)."""
    conn.execute("SET session_replication_role = replica")
    conn.execute(
        "UPDATE auxeira.partnership_auctions"
        " SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 hour',"
        "     reveal_closes_at = now() + CASE WHEN %s THEN interval '1 day'"
        "                                     ELSE interval '-1 minute' END"
        " WHERE id = %s",
        (reveal_open, auction_id),
    )
    conn.execute("RESET session_replication_role")


class Market:
    """A founder's company with an open auction and three corporate bidders."""

    def __init__(self, conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]) -> None:
        self.founder = f.user(conn)
        self.company = f.company(conn, self.founder, name="Pilot Co")
        self.x, self.y, self.z = (f.user(conn, "corporate") for _ in range(3))
        with auxeira_db.tenant(app_conn, self.founder):
            self.auction = corp.open_auction(
                app_conn,
                company_id=self.company,
                title="Logistics pilot",
                opportunity_type="pilot",
                closes_at=datetime.now(UTC) + timedelta(hours=1),
                reserve_amount=Decimal("100000"),
            )


@pytest.fixture
def market(conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]) -> Market:
    return Market(conn, app_conn)


def commit_bid(
    app_conn: psycopg.Connection[Any], market: Market, bidder: uuid.UUID, amount: str
) -> corp.SealedBid:
    sealed = corp.seal_bid(market.auction.id, bidder, amount)
    with auxeira_db.tenant(app_conn, bidder):
        bid = corp.submit_bid(app_conn, market.auction.id, sealed.commitment)
    assert bid.commitment == sealed.commitment
    assert (bid.amount, bid.nonce, bid.revealed_at) == (None, None, None)
    return sealed


def test_python_and_sql_commitments_agree(conn: psycopg.Connection[Any]) -> None:
    auction, bidder = uuid.uuid4(), uuid.uuid4()
    for amount in (
        150000,
        Decimal("150000"),
        "150000.5",
        Decimal("1E+5"),
        Decimal("0.01"),
        "9999999999999.99",
        Decimal("250000.00"),
    ):
        nonce = corp.new_nonce()
        row = conn.execute(
            "SELECT auxeira.auction_bid_commitment(%s, %s, %s::numeric, %s)",
            (auction, bidder, str(amount), nonce),
        ).fetchone()
        assert row is not None
        assert corp.bid_commitment(auction, bidder, amount, nonce) == bytes(row[0])
    # Different amount, nonce, auction or bidder: different commitment.
    nonce = corp.new_nonce()
    base = corp.bid_commitment(auction, bidder, 100, nonce)
    assert base != corp.bid_commitment(auction, bidder, 101, nonce)
    assert base != corp.bid_commitment(auction, bidder, 100, corp.new_nonce())
    assert base != corp.bid_commitment(uuid.uuid4(), bidder, 100, nonce)
    assert base != corp.bid_commitment(auction, uuid.uuid4(), 100, nonce)


@pytest.mark.parametrize(
    ("amount", "nonce"),
    [
        (1.5, "a" * 64),
        ("100.001", "a" * 64),
        (0, "a" * 64),
        (-5, "a" * 64),
        ("x", "a" * 64),
        (100, "A" * 64),
        (100, "a" * 31),
        (100, "g" * 64),
    ],
)
def test_unusable_bids_are_refused_on_both_sides(
    conn: psycopg.Connection[Any], amount: Any, nonce: str
) -> None:
    with pytest.raises(auxeira_db.DataError):
        corp.bid_commitment(uuid.uuid4(), uuid.uuid4(), amount, nonce)
    if isinstance(amount, float) or amount == "x":
        return
    with pytest.raises(errors.InvalidParameterValue):
        conn.execute(
            "SELECT auxeira.auction_bid_commitment(gen_random_uuid(), gen_random_uuid(),"
            " %s::numeric, %s)",
            (str(amount), nonce),
        )


def test_sealed_bid_auction_end_to_end(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], market: Market
) -> None:
    auction = market.auction.id
    first_x = commit_bid(app_conn, market, market.x, "120000")
    bid_x = commit_bid(app_conn, market, market.x, "150000")  # re-commit replaces
    bid_y = commit_bid(app_conn, market, market.y, "200000.00")
    bid_z = commit_bid(app_conn, market, market.z, "50000")  # below the reserve
    assert first_x.commitment != bid_x.commitment

    # While sealed, nobody can read an amount: not the platform, not the opener.
    stored = conn.execute(
        "SELECT bidder_id, commitment, amount, nonce FROM auxeira.auction_bids"
        " WHERE auction_id = %s",
        (auction,),
    ).fetchall()
    assert len(stored) == 3 and all(r[2] is None and r[3] is None for r in stored)
    assert {r[0]: bytes(r[1]) for r in stored}[market.x] == bid_x.commitment
    # ... and nobody can store one early, the superuser included.
    with pytest.raises(errors.CheckViolation, match="still open"):
        conn.execute(
            "UPDATE auxeira.auction_bids SET amount = 1, nonce = %s WHERE auction_id = %s",
            ("a" * 64, auction),
        )
    with auxeira_db.tenant(app_conn, market.x):
        with pytest.raises(auxeira_db.DataError, match="still open"):
            corp.reveal_bid(app_conn, auction, bid_x.amount, bid_x.nonce)
        board = corp.auctions(app_conn)
    (listed,) = board.auctions
    assert (listed.status, listed.my_bid_status, listed.my_amount) == ("open", "sealed", None)
    assert listed.company_name == "Pilot Co" and not listed.opened_by_me
    (result,) = board.results
    assert (result.bids_committed, result.final, result.winning_amount) == (3, False, None)

    close(conn, auction)
    late = corp.seal_bid(auction, market.x, "999999")
    with auxeira_db.tenant(app_conn, market.x):
        with pytest.raises(auxeira_db.DataError, match="closed"):
            corp.submit_bid(app_conn, auction, late.commitment)
        with pytest.raises(auxeira_db.DataError, match="do not match"):
            corp.reveal_bid(app_conn, auction, "150001", bid_x.nonce)
        with pytest.raises(auxeira_db.DataError, match="do not match"):
            corp.reveal_bid(app_conn, auction, first_x.amount, first_x.nonce)
        revealed_x = corp.reveal_bid(app_conn, auction, bid_x.amount, bid_x.nonce)
    assert revealed_x.amount == Decimal("150000.00") and revealed_x.revealed_at is not None
    with auxeira_db.tenant(app_conn, market.y):
        corp.reveal_bid(app_conn, auction, bid_y.amount, bid_y.nonce)
        (pending,) = corp.auction_results(app_conn, auction)
    # Two of three revealed and the reveal window still open: no winner yet.
    assert (pending.status, pending.bids_revealed, pending.final) == ("revealing", 2, False)
    assert pending.winner_id is None and pending.winning_amount is None

    with auxeira_db.tenant(app_conn, market.z):
        corp.reveal_bid(app_conn, auction, bid_z.amount, bid_z.nonce)
    results = {}
    for user in (market.x, market.y, market.z, market.founder):
        with auxeira_db.tenant(app_conn, user):
            (results[user],) = corp.auction_results(app_conn)
    for r in results.values():
        assert r.final and r.winning_amount == Decimal("200000.00")
    assert results[market.y].caller_won and results[market.y].winner_id == market.y
    assert results[market.founder].winner_id == market.y
    assert results[market.founder].caller_won is False
    assert results[market.x].caller_won is False and results[market.x].winner_id is None

    with auxeira_db.tenant(app_conn, market.y):
        again = corp.reveal_bid(app_conn, auction, bid_y.amount, bid_y.nonce)  # no-op
        assert again.amount == Decimal("200000.00")
        (mine,) = corp.auctions(app_conn).auctions
    assert (mine.my_bid_status, mine.my_amount) == ("revealed", Decimal("200000.00"))
    with pytest.raises(errors.CheckViolation, match="final"):
        conn.execute(
            "UPDATE auxeira.auction_bids SET amount = amount + 1 WHERE bidder_id = %s", (market.y,)
        )


def test_highest_bid_below_reserve_does_not_win(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], market: Market
) -> None:
    low = commit_bid(app_conn, market, market.x, "99999.99")
    close(conn, market.auction.id)
    with auxeira_db.tenant(app_conn, market.x):
        corp.reveal_bid(app_conn, market.auction.id, low.amount, low.nonce)
        (result,) = corp.auction_results(app_conn)
    assert result.final and result.winning_amount is None and result.caller_won is False


def test_reveal_after_the_window_is_refused(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], market: Market
) -> None:
    sealed = commit_bid(app_conn, market, market.x, "150000")
    commit_bid(app_conn, market, market.y, "160000")
    close(conn, market.auction.id, reveal_open=False)
    with auxeira_db.tenant(app_conn, market.x):
        with pytest.raises(auxeira_db.DataError, match="reveal window"):
            corp.reveal_bid(app_conn, market.auction.id, sealed.amount, sealed.nonce)
        (result,) = corp.auction_results(app_conn)
    # Nobody revealed in time: final, no winner.
    assert (result.status, result.final, result.winning_amount) == ("closed", True, None)


def test_opened_auction_rules_are_fixed(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], market: Market
) -> None:
    with (
        auxeira_db.tenant(app_conn, market.founder),
        pytest.raises(errors.CheckViolation, match="fixed"),
    ):
        app_conn.execute("UPDATE auxeira.partnership_auctions SET reserve_amount = 1")
    app_conn.rollback()
    with auxeira_db.tenant(app_conn, market.founder):
        app_conn.execute("UPDATE auxeira.partnership_auctions SET cancelled_at = now()")
    sealed = corp.seal_bid(market.auction.id, market.x, "150000")
    with auxeira_db.tenant(app_conn, market.x):
        with pytest.raises(auxeira_db.DataError, match="cancelled"):
            corp.submit_bid(app_conn, market.auction.id, sealed.commitment)
        (listed,) = corp.auctions(app_conn).auctions
    assert listed.status == "cancelled"


def test_bad_bids_are_refused_and_nothing_written(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], market: Market
) -> None:
    auction = market.auction.id
    good = corp.seal_bid(auction, market.x, "150000")
    with auxeira_db.tenant(app_conn, market.founder):
        scheduled = corp.open_auction(
            app_conn,
            company_id=market.company,
            title="Later",
            opportunity_type="poc",
            opens_at=datetime.now(UTC) + timedelta(days=1),
            closes_at=datetime.now(UTC) + timedelta(days=2),
        )
    cases: list[tuple[uuid.UUID, uuid.UUID, bytes, str]] = [
        (market.x, auction, good.commitment[:31], "32-byte"),
        (market.x, uuid.uuid4(), good.commitment, "no auction"),
        (market.founder, auction, good.commitment, "only corporate"),
        (market.x, scheduled.id, good.commitment, "not open"),
    ]
    for bidder, auction_id, commitment, message in cases:
        with (
            auxeira_db.tenant(app_conn, bidder),
            pytest.raises(auxeira_db.DataError, match=message),
        ):
            corp.submit_bid(app_conn, auction_id, commitment)
    with auxeira_db.tenant(app_conn, market.x):
        with pytest.raises(auxeira_db.DataError, match="no bid"):
            corp.reveal_bid(app_conn, auction, "150000", good.nonce)
        with pytest.raises(auxeira_db.DataError, match="two decimals"):
            corp.reveal_bid(app_conn, auction, "150000.001", good.nonce)
        with pytest.raises(auxeira_db.DataError, match="nonce"):
            corp.reveal_bid(app_conn, auction, "150000", "not-hex")
    assert conn.execute("SELECT count(*) FROM auxeira.auction_bids").fetchone() == (0,)


def test_bad_auctions_are_refused_and_nothing_written(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], market: Market
) -> None:
    soon = datetime.now(UTC) + timedelta(hours=1)
    other_company = f.company(conn, f.user(conn))
    good: dict[str, Any] = {
        "company_id": market.company,
        "title": "T",
        "opportunity_type": "pilot",
        "closes_at": soon,
    }
    for bad in (
        {"company_id": other_company},
        {"title": " "},
        {"opportunity_type": "merger"},
        {"closes_at": datetime.now(UTC) - timedelta(hours=1)},
        {"opens_at": datetime.now(UTC) - timedelta(days=1)},
        {"reveal_closes_at": soon - timedelta(minutes=1)},
        {"reserve_amount": Decimal("-1")},
    ):
        with auxeira_db.tenant(app_conn, market.founder), pytest.raises(auxeira_db.DataError):
            corp.open_auction(app_conn, **{**good, **bad})
    assert conn.execute("SELECT count(*) FROM auxeira.partnership_auctions").fetchone() == (1,)


# --- partnerships and ROI ------------------------------------------------------------------


@pytest.fixture
def partners(conn: psycopg.Connection[Any]) -> dict[str, uuid.UUID]:
    founder = f.user(conn)
    startup = f.company(conn, founder, name="Startup", industry="Fintech", stage="seed")
    a, b = f.user(conn, "corporate"), f.user(conn, "corporate")
    f.partnership(
        conn,
        a,
        startup,
        partnership_value=100000,
        roi_achieved=Decimal("0.5"),
        renewal_probability=80,
        success_metrics='{"kpi": "cost_savings"}',
    )
    f.partnership(
        conn,
        a,
        startup,
        partnership_type="commercial",
        partnership_status="completed",
        partnership_value=300000,
        roi_achieved=Decimal("-0.2"),
        renewal_probability=40,
    )
    f.partnership(
        conn,
        a,
        startup,
        partnership_type="pilot",
        partnership_status="cancelled",
        partnership_value=50000,
    )
    f.partnership(conn, b, startup, partnership_value=999999, roi_achieved=Decimal("9"))
    return {"a": a, "b": b, "founder": founder, "startup": startup}


def test_partnerships_and_roi(
    app_conn: psycopg.Connection[Any], partners: dict[str, uuid.UUID]
) -> None:
    with auxeira_db.tenant(app_conn, partners["a"]):
        active = corp.partnerships(app_conn)
        report = corp.roi(app_conn)
    (only,) = active
    assert (only.startup_name, only.partnership_status, only.partnership_value) == (
        "Startup",
        "active",
        Decimal("100000.00"),
    )
    assert only.success_metrics == {"kpi": "cost_savings"}
    assert len(report.partnerships) == 3
    by_value = {r.partnership_value: r for r in report.partnerships}
    assert by_value[Decimal("100000.00")].net_return == Decimal("50000.00")
    assert by_value[Decimal("300000.00")].total_return == Decimal("240000.00")
    assert by_value[Decimal("50000.00")].roi_achieved is None
    totals = {t.partnership_type: t for t in report.totals}
    assert set(totals) == {"pilot", "commercial", "(all)"}
    overall = totals["(all)"]
    assert (overall.partnerships, overall.active, overall.completed, overall.cancelled) == (
        3,
        1,
        1,
        1,
    )
    assert overall.total_value == Decimal("450000.00")
    assert (overall.measured, overall.measured_value) == (2, Decimal("400000.00"))
    assert overall.net_return == Decimal("-10000.00")
    assert overall.weighted_roi == Decimal("-0.0250")
    assert overall.average_roi == Decimal("0.1500")
    assert totals["pilot"].partnerships == 2


def test_tenants_are_isolated(
    conn: psycopg.Connection[Any],
    app_conn: psycopg.Connection[Any],
    partners: dict[str, uuid.UUID],
    market: Market,
) -> None:
    companies(conn, {("SaaS", "seed"): 5})
    refresh(conn)
    commit_bid(app_conn, market, market.x, "150000")
    commit_bid(app_conn, market, market.y, "160000")
    with auxeira_db.tenant(app_conn, partners["b"]):
        assert [p.partnership_value for p in corp.partnerships(app_conn)] == [Decimal("999999.00")]
        assert len(corp.roi(app_conn).partnerships) == 1
        assert app_conn.execute(
            "SELECT DISTINCT corporate_partner_id FROM auxeira.corporate_partnerships"
        ).fetchall() == [(partners["b"],)]
    with auxeira_db.tenant(app_conn, market.x):
        assert app_conn.execute("SELECT bidder_id FROM auxeira.auction_bids").fetchall() == [
            (market.x,)
        ]
        (result,) = corp.auction_results(app_conn)
        assert result.winner_id is None
    # The startup's founder reads the partnership rows (its own) but gets no corporate figures.
    with auxeira_db.tenant(app_conn, partners["founder"]):
        assert app_conn.execute(
            "SELECT count(*) FROM auxeira.corporate_partnerships"
        ).fetchone() == (4,)
        assert corp.roi(app_conn) == corp.RoiReport([], [])
        assert corp.partnerships(app_conn) == []
        assert corp.ecosystem(app_conn) == []
        assert corp.auctions(app_conn) == corp.AuctionBoard([], [])
    # Another founder does not see the auction or its bids.
    with auxeira_db.tenant(app_conn, f.user(conn)):
        assert corp.auctions(app_conn) == corp.AuctionBoard([], [])
        assert app_conn.execute("SELECT count(*) FROM auxeira.auction_bids").fetchone() == (0,)
        assert app_conn.execute("SELECT count(*) FROM auxeira.partnership_auctions").fetchone() == (
            0,
        )
    # No tenant: nothing from any corporate object.
    for read in (
        "corporate_ecosystem()",
        "corporate_auctions()",
        "corporate_auction_results()",
        "corporate_partnerships()",
        "corporate_roi()",
    ):
        assert app_conn.execute(f"SELECT * FROM auxeira_dash.{read}").fetchall() == []
    assert app_conn.execute("SELECT * FROM auxeira_dash.corporate_roi_totals").fetchall() == []
    for table in ("partnership_auctions", "auction_bids", "corporate_partnerships"):
        assert app_conn.execute(f"SELECT * FROM auxeira.{table}").fetchall() == []
    app_conn.rollback()


def f_user(conn: psycopg.Connection[Any]) -> uuid.UUID:
    return f.user(conn)


def test_every_read_runs_for_a_tenant(
    conn: psycopg.Connection[Any],
    app_conn: psycopg.Connection[Any],
    partners: dict[str, uuid.UUID],
    market: Market,
) -> None:
    companies(conn, {("SaaS", "seed"): 5})
    refresh(conn)
    with auxeira_db.tenant(app_conn, partners["a"]):
        for path, read in corp.READS.items():
            assert path.startswith("GET /api/dashboard/corporate/")
            read(app_conn)
        shown = corp.show(app_conn)
    assert shown["Ecosystem pulse"] and shown["Blind auctions"] and shown["Active partnerships"]


def test_app_role_cannot_read_the_materialized_view(app_conn: psycopg.Connection[Any]) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        app_conn.execute(f"SELECT * FROM {PULSE}")
    app_conn.rollback()


def test_bids_and_partnerships_notify_the_corporate_channel(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], db_url: str, market: Market
) -> None:
    with psycopg.connect(db_url, autocommit=True) as listener:
        listener.execute("LISTEN auxeira_corporate")
        sealed = commit_bid(app_conn, market, market.x, "150000")
        partnership = f.partnership(conn, market.x, market.company)
        events = list(realtime.listen(listener, ["corporate"], user_id=market.x, timeout=2))
    assert [(e.dashboard, e.user_id, e.entity, e.op) for e in events] == [
        ("corporate", market.x, "auction_bids", "insert"),
        ("corporate", market.x, "corporate_partnerships", "insert"),
    ]
    assert events[1].id == str(partnership)
    assert sealed.amount == Decimal("150000.00")
