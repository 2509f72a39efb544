"""Tax lots (issue 17): matching by jurisdiction and relief clocks, through the angel dashboard.

Every expected figure is worked out here by a second route (plain Python over the same
trades), never read back from the database. The rules and sources are docs/TAX-LOTS.md; none
of this is tax advice.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import DataError, tenant
from auxeira_db.dashboards import angel
from auxeira_db.errors import PermissionDenied
from tests import factories as f

CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def flow(
    conn: psycopg.Connection[Any], investment: uuid.UUID, day: date, kind: str, amount: Any
) -> uuid.UUID:
    return f.insert(
        conn,
        "investment_cash_flows",
        investment_id=investment,
        flow_date=day,
        flow_type=kind,
        amount=amount,
    )


@dataclass(frozen=True)
class Lot:
    day: date
    shares: Decimal
    cost: Decimal


def fifo(lots: list[Lot], sold: Decimal, first: dict[int, Decimal] | None = None) -> list[Any]:
    """US: the named lots first (specific identification), then the oldest: (lot, shares, cost)."""
    left = [lot.shares for lot in lots]
    out: list[tuple[int, Decimal, Decimal]] = []
    for i, n in (first or {}).items():
        out.append((i, n, lots[i].cost * n / lots[i].shares))
        left[i] -= n
        sold -= n
    for i, lot in enumerate(lots):
        take = min(left[i], sold)
        if take > 0:
            out.append((i, take, lot.cost * take / lot.shares))
            left[i] -= take
            sold -= take
    return out


def by_lot(events: list[angel.TaxEvent]) -> dict[tuple[uuid.UUID, str], angel.TaxEvent]:
    return {(e.lot_id, e.rule): e for e in events}


@pytest.fixture
def people(conn: psycopg.Connection[Any]) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    me, other = f.user(conn, "angel"), f.user(conn, "angel")
    return me, other, f.company(conn, None, name="Lotco")


def two_lots(
    conn: psycopg.Connection[Any], me: uuid.UUID, company: uuid.UUID
) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, uuid.UUID]:
    """100 shares for $1,000 (2020-01-01), 100 more for $3,000 (2021-01-01), and a sale of
    $6,000 on 2021-06-01."""
    inv = f.investment(conn, me, company, amount=1_000, investment_date=date(2020, 1, 1))
    a = flow(conn, inv, date(2020, 1, 1), "contribution", 1_000)
    b = flow(conn, inv, date(2021, 1, 1), "follow_on", 3_000)
    sale = flow(conn, inv, date(2021, 6, 1), "distribution", 6_000)
    return inv, a, b, sale


def test_us_fifo_partial_sale_across_two_lots(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    me, _, company = people
    _, a, b, sale = two_lots(conn, me, company)
    with tenant(app_conn, me):
        for lot in (a, b):
            angel.set_lot_facts(app_conn, lot, shares=Decimal(100))
        angel.identify_disposal(app_conn, sale, shares=Decimal(150))
        report = angel.tax_report(app_conn)
    lots = [
        Lot(date(2020, 1, 1), Decimal(100), Decimal(1_000)),
        Lot(date(2021, 1, 1), Decimal(100), Decimal(3_000)),
    ]
    ids = [a, b]
    expected = fifo(lots, Decimal(150))
    got = by_lot(report.events)
    assert len(report.events) == len(expected) == 2
    for i, shares, cost in expected:
        e = got[(ids[i], "fifo")]
        proceeds = money(Decimal(6_000) * shares / 150)
        assert (e.shares, e.cost_basis, e.proceeds) == (shares, money(cost), proceeds)
        assert e.gain == proceeds - money(cost)
        # held more than a year: the day after the anniversary of the acquisition onward
        assert e.long_term == (date(2021, 6, 1) > lots[i].day.replace(year=lots[i].day.year + 1))
        assert (e.tax_year, e.jurisdiction, e.currency) == (2021, "US", "USD")
    year = report.years[0]
    assert (year.tax_year, year.events, year.proceeds) == (2021, 1, 6_000)
    assert year.long_term_gain == got[(a, "fifo")].gain  # the 2020 lot only
    assert year.short_term_gain == got[(b, "fifo")].gain
    # unrealised: half of the second lot, at its cost
    assert [(p.lot_id, p.shares, p.cost_basis) for p in report.positions] == [
        (b, 50, money(Decimal(3_000) * 50 / 100))
    ]
    assert report.positions[0].long_term_from == date(2022, 1, 2)


def test_us_specific_identification_names_the_lots_sold(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    me, _, company = people
    _, a, b, sale = two_lots(conn, me, company)
    with tenant(app_conn, me):
        for lot in (a, b):
            angel.set_lot_facts(app_conn, lot, shares=Decimal(100))
        facts = angel.identify_disposal(app_conn, sale, shares=Decimal(150), lots={b: Decimal(100)})
        report = angel.tax_report(app_conn)
    assert facts.lots == {str(b): 100}
    lots = [
        Lot(date(2020, 1, 1), Decimal(100), Decimal(1_000)),
        Lot(date(2021, 1, 1), Decimal(100), Decimal(3_000)),
    ]
    expected = fifo(lots, Decimal(150), first={1: Decimal(100)})
    got = {(e.lot_id, e.rule): (e.shares, e.cost_basis) for e in report.events}
    assert got == {
        (b, "specific"): (expected[0][1], money(expected[0][2])),
        (a, "fifo"): (expected[1][1], money(expected[1][2])),
    }
    assert sum(e.gain for e in report.events) == 6_000 - money(expected[0][2] + expected[1][2])
    # the naming is checked: a lot bought after the sale, more shares than sold, another's sale
    with tenant(app_conn, me), pytest.raises(DataError, match="more than the"):
        angel.identify_disposal(app_conn, sale, shares=Decimal(10), lots={b: Decimal(20)})
    app_conn.rollback()


def uk_report(
    app_conn: psycopg.Connection[Any],
    me: uuid.UUID,
    shares: dict[uuid.UUID, int],
    sold: dict[uuid.UUID, int],
    **facts: Any,
) -> angel.TaxReport:
    with tenant(app_conn, me):
        assert angel.set_tax_jurisdiction(app_conn, "UK").jurisdiction == "UK"
        for lot, n in shares.items():
            angel.set_lot_facts(app_conn, lot, shares=Decimal(n), **facts)
        for sale, n in sold.items():
            angel.identify_disposal(app_conn, sale, shares=Decimal(n))
        return angel.tax_report(app_conn)


def test_uk_bed_and_breakfast_then_section_104(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    """The trades of a question HMRC answered on its forum by pointing to HS284 Example 3
    (community.hmrc.gov.uk, "Capital Gains Tax: shares bought within 30 days", Jan 2024): 40
    shares bought 1 Sept 2023 for £80, 40 sold 12 Sept for £120, 25 bought 1 Oct for £100, 25
    sold 15 Oct for £150 (TCGA 1992 s106A(5): the 1 Oct shares, bought within 30 days after
    the 12 Sept sale, match it before the section 104 holding; CG51560)."""
    me, _, company = people
    inv = f.investment(
        conn, me, company, amount=80, investment_date=date(2023, 9, 1), currency="GBP"
    )
    bought = flow(conn, inv, date(2023, 9, 1), "contribution", 80)
    sale1 = flow(conn, inv, date(2023, 9, 12), "distribution", 120)
    again = flow(conn, inv, date(2023, 10, 1), "follow_on", 100)
    sale2 = flow(conn, inv, date(2023, 10, 15), "distribution", 150)
    report = uk_report(app_conn, me, {bought: 40, again: 25}, {sale1: 40, sale2: 25})
    # by hand: 12 Sept: 25 shares matched to 1 Oct (cost £100, proceeds 25/40 x £120), 15
    # from the pool of 40 at £2 each; 15 Oct: the 25 left in the pool at £2
    pool_cost = Decimal(80) / 40
    expected = {
        (sale1, again, "bed-and-breakfast"): (25, Decimal(100), Decimal(120) * 25 / 40),
        (sale1, bought, "section-104"): (15, 15 * pool_cost, Decimal(120) * 15 / 40),
        (sale2, bought, "section-104"): (25, 25 * pool_cost, Decimal(150)),
    }
    got = {
        (e.disposal_id, e.lot_id, e.rule): (e.shares, e.cost_basis, e.proceeds)
        for e in report.events
    }
    assert got == {k: (n, money(c), money(p)) for k, (n, c, p) in expected.items()}
    assert {e.tax_year for e in report.events} == {2023}  # 6 April 2023 - 5 April 2024
    assert {e.long_term for e in report.events} == {None}  # no such distinction in the UK
    assert (report.years[0].net_gain, report.years[0].currency) == (
        sum(money(p) - money(c) for _, c, p in expected.values()),
        "GBP",
    )
    assert report.positions == []


def test_uk_same_day_then_section_104_pool_at_average_cost(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    """TCGA 1992 s105(1)(b) (CG51560): shares bought on the day of a sale match it first; the
    rest comes from the section 104 holding at its average cost (s104(3), CG51575)."""
    me, _, company = people
    inv = f.investment(
        conn, me, company, amount=2_000, investment_date=date(2019, 5, 1), currency="GBP"
    )
    first = flow(conn, inv, date(2019, 5, 1), "contribution", 2_000)
    second = flow(conn, inv, date(2020, 5, 1), "follow_on", 1_500)
    same_day = flow(conn, inv, date(2022, 3, 1), "follow_on", 600)
    sale = flow(conn, inv, date(2022, 3, 1), "distribution", 4_500)
    report = uk_report(app_conn, me, {first: 1_000, second: 500, same_day: 200}, {sale: 900})
    # by hand: 200 same-day shares at their £600; 700 from a pool of 1,500 costing £3,500
    price = Decimal(4_500) / 900
    pool = [(first, Decimal(1_000), Decimal(2_000)), (second, Decimal(500), Decimal(1_500))]
    pool_shares, pool_cost = sum(s for _, s, _ in pool), sum(c for _, _, c in pool)
    events = by_lot(report.events)
    same = events[(same_day, "same-day")]
    assert (same.shares, same.cost_basis, same.proceeds) == (200, 600, money(200 * price))
    from_pool = [events[(lot, "section-104")] for lot, _, _ in pool]
    assert sum(e.shares for e in from_pool) == 700
    assert sum(e.cost_basis for e in from_pool) == money(pool_cost * 700 / pool_shares)
    assert sum(e.proceeds for e in report.events) == 4_500
    assert report.years[0].tax_year == 2021  # 1 March 2022 is in the UK year 2021-22
    # what is left of the pool: 800 shares at the same average cost
    assert sum(p.shares for p in report.positions) == 800
    assert sum(p.cost_basis for p in report.positions) == money(pool_cost * 800 / pool_shares)


def qsbs_tiers(issued: date) -> list[tuple[date, Decimal]]:
    """IRC §1202 as amended by OBBBA §70431, written out independently of the SQL."""

    def plus(years: int) -> date:
        return issued.replace(year=issued.year + years)

    if issued > date(2025, 7, 4):  # held at least 3, 4, 5 years
        return [(plus(3), Decimal("0.50")), (plus(4), Decimal("0.75")), (plus(5), Decimal("1.00"))]
    rate = (
        Decimal("0.50")
        if issued < date(2009, 2, 18)
        else Decimal("0.75")
        if issued < date(2010, 9, 28)
        else Decimal("1.00")
    )
    return [(plus(5) + timedelta(days=1), rate)]  # held more than 5 years


def test_qsbs_tiers_on_both_sides_of_2025_07_04(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    me, _, company = people
    issued = [
        date(2008, 3, 1),
        date(2009, 6, 1),
        date(2018, 2, 1),
        date(2025, 7, 4),
        date(2025, 7, 5),
        date(2026, 2, 1),
    ]
    lots = {}
    for day in issued:
        inv = f.investment(conn, me, company, amount=2_000_000, investment_date=day)
        lots[flow(conn, inv, day, "contribution", 2_000_000)] = day
    with tenant(app_conn, me):
        for lot in lots:
            angel.set_lot_facts(app_conn, lot, relief="qsbs", company_conditions_confirmed=True)
        positions = {p.lot_id: p for p in angel.tax_report(app_conn).positions}
    for lot, day in lots.items():
        p = positions[lot]
        tiers = [
            (date.fromisoformat(t["from"]), Decimal(str(t["rate"]))) for t in p.relief_tiers or []
        ]
        assert tiers == qsbs_tiers(day), day
        # the cap: the greater of $10 M ($15 M after 2025-07-04) and 10 x the $2 M basis
        floor = 15_000_000 if day > date(2025, 7, 4) else 10_000_000
        assert p.qsbs_cap_usd == max(floor, 10 * 2_000_000)
        assert p.company_conditions_confirmed and p.relief == "qsbs"
        reached = max((r for d, r in tiers if d <= date.today()), default=Decimal(0))
        assert p.relief_rate_reached == reached


def test_eis_disposal_inside_three_years_is_flagged(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    """ITA 2007 s159 and s209: EIS shares disposed of within 3 years of issue lose the relief;
    TCGA 1992 s150A exempts the gain only after it."""
    me, _, company = people
    inv = f.investment(
        conn, me, company, amount=10_000, investment_date=date(2022, 1, 10), currency="GBP"
    )
    lot = flow(conn, inv, date(2022, 1, 10), "contribution", 10_000)
    early = flow(conn, inv, date(2025, 1, 10), "distribution", 6_000)  # the 3rd anniversary
    late = flow(conn, inv, date(2025, 1, 11), "distribution", 7_000)
    report = uk_report(
        app_conn,
        me,
        {lot: 100},
        {early: 50, late: 50},
        relief="eis",
        shares_issued_on=date(2022, 1, 10),
        company_conditions_confirmed=True,
    )
    clock_ends = date(2022, 1, 10).replace(year=2025)
    flags = {e.disposal_id: (e.before_relief_clock, e.relief_rate_reached) for e in report.events}
    assert flags == {
        early: (date(2025, 1, 10) <= clock_ends, Decimal(0)),
        late: (date(2025, 1, 11) <= clock_ends, Decimal("0.30")),
    }
    assert flags[early][0] is True
    assert report.years[0].disposals_before_relief_clock == 1


def test_paging_walks_every_event_once(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    me, _, company = people
    two_lots(conn, me, company)
    with tenant(app_conn, me):
        everything = angel.tax_report(app_conn).events
        seen, after = [], None
        while True:
            page = angel.tax_report(app_conn, page_size=1, after=after)
            seen += page.events
            if page.next_after is None:
                break
            after = page.next_after
    with pytest.raises(DataError, match="page cursor"), tenant(app_conn, me):
        angel.tax_report(app_conn, after=(date(2021, 1, 1), None))  # type: ignore[arg-type]
    assert [e.id for e in seen] == [e.id for e in everything] and len(seen) >= 2


def test_another_angels_lots_are_invisible_and_untouchable(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    me, intruder, company = people
    inv, a, _, sale = two_lots(conn, me, company)
    with tenant(app_conn, me):
        angel.set_tax_jurisdiction(app_conn, "UK")
        angel.set_lot_facts(app_conn, a, shares=Decimal(100))
    app_conn.commit()
    with tenant(app_conn, intruder):
        report = angel.tax_report(app_conn)
        assert (report.events, report.positions, report.years) == ([], [], [])
        with pytest.raises(DataError, match="no lot"):
            angel.set_lot_facts(app_conn, a, shares=Decimal(1))
        with pytest.raises(DataError, match="no partial sale"):
            angel.identify_disposal(app_conn, sale, shares=Decimal(1))
        assert app_conn.execute("SELECT count(*) FROM auxeira.tax_lot_facts").fetchone() == (0,)
        assert app_conn.execute("SELECT count(*) FROM auxeira.tax_profiles").fetchone() == (0,)
        angel.set_tax_jurisdiction(app_conn, "US")  # their own
        for statement in (
            "UPDATE auxeira.tax_profiles SET jurisdiction = 'US' WHERE user_id = %(me)s"
            " RETURNING 1",
            "UPDATE auxeira.tax_lot_facts SET shares = 1 RETURNING 1",
        ):
            assert app_conn.execute(statement, {"me": me}).fetchall() == []
    app_conn.rollback()
    with pytest.raises(errors.InsufficientPrivilege), tenant(app_conn, intruder):
        app_conn.execute(
            "INSERT INTO auxeira.tax_profiles (user_id, jurisdiction) VALUES (%s, 'US')", (me,)
        )
    app_conn.rollback()
    with pytest.raises(errors.InsufficientPrivilege), tenant(app_conn, intruder):
        app_conn.execute(  # their own name on someone else's investment's lot
            "INSERT INTO auxeira.tax_lot_facts (lot_id, investment_id, investor_id)"
            " VALUES (gen_random_uuid(), %s, %s)",
            (inv, intruder),
        )
    app_conn.rollback()
    with tenant(app_conn, me):
        assert angel.tax_report(app_conn).jurisdiction == "UK"
    assert conn.execute(
        "SELECT jurisdiction FROM auxeira.tax_profiles WHERE user_id = %s", (me,)
    ).fetchone() == ("UK",)


def test_jurisdiction_needs_a_user_and_a_known_value(
    app_conn: psycopg.Connection[Any], people: Any
) -> None:
    me, _, _ = people
    with pytest.raises(PermissionDenied):
        angel.set_tax_jurisdiction(app_conn, "UK")
    app_conn.rollback()
    with pytest.raises(DataError, match="US or UK"), tenant(app_conn, me):
        angel.set_tax_jurisdiction(app_conn, "FR")


def test_paging_walks_every_lot_held_once(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    me, intruder, company = people
    inv = f.investment(conn, me, company, amount=3_000, investment_date=date(2023, 1, 2))
    for day in (date(2023, 1, 2), date(2023, 6, 1), date(2024, 2, 1)):
        flow(conn, inv, day, "contribution", 1_000)
    with tenant(app_conn, me):
        report = angel.tax_report(app_conn, page_size=1)
        seen, after = list(report.positions), report.next_positions_after
        while after is not None:
            page = angel.tax_positions(app_conn, page_size=1, after=after)
            seen += page
            after = page.next_after
        everything = angel.tax_report(app_conn).positions
        with pytest.raises(DataError, match="page_size"):
            angel.tax_positions(app_conn, page_size=0)
    assert len(everything) == 3
    assert [p.lot_id for p in seen] == [p.lot_id for p in everything]
    assert [p.acquired_on for p in seen] == sorted(p.acquired_on for p in seen)
    # another angel, even with my cursor, gets none of my lots
    with tenant(app_conn, intruder):
        theirs = angel.tax_positions(app_conn, after=(date(2000, 1, 1), everything[0].lot_id))
    assert theirs == [] and theirs.next_after is None


def test_a_fact_cannot_claim_another_angels_lot_or_sale(
    app_conn: psycopg.Connection[Any], conn: psycopg.Connection[Any], people: Any
) -> None:
    """A fact row names its lot (or sale) and its investment: both must be the writer's. An
    intruder who learned my lot and sale ids and files them against an investment of their
    own is refused, and I can still state my facts."""
    me, intruder, company = people
    _, a, _, sale = two_lots(conn, me, company)
    theirs = f.investment(conn, intruder, company, amount=500, investment_date=date(2020, 2, 1))
    for table, key, value in (
        ("tax_lot_facts", "lot_id", a),
        ("tax_disposal_facts", "disposal_id", sale),
    ):
        with pytest.raises(errors.InsufficientPrivilege), tenant(app_conn, intruder):
            app_conn.execute(
                f"INSERT INTO auxeira.{table} ({key}, investment_id, investor_id, shares)"
                " VALUES (%s, %s, %s, 1)",
                (value, theirs, intruder),
            )
        app_conn.rollback()
    with tenant(app_conn, me):
        saved = angel.set_lot_facts(app_conn, a, shares=Decimal(100))
        sold = angel.identify_disposal(app_conn, sale, shares=Decimal(50))
    assert (saved.lot_id, saved.investor_id, sold.disposal_id) == (a, me, sale)
