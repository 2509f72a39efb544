"""Investment figures by the industry's conventions (issue 10), on small hand-built holdings.

Every expected figure is computed here by another route (the roll-forward and the average-cost
split by hand, IRRs with pyxirr on explicit flows), never by calling the SQL twice. The worked
example of docs/INVESTMENT-CONVENTIONS.md is the table `EXAMPLE` parses: the test asserts the
document's numbers.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
import pyxirr

from auxeira_db import finance, tenant
from auxeira_db.errors import DataError
from tests import factories as f

DOC = Path(__file__).resolve().parent.parent / "docs" / "INVESTMENT-CONVENTIONS.md"
CENT = Decimal("0.01")


def cents(x: Decimal | float) -> Decimal:
    return Decimal(str(x)).quantize(CENT, ROUND_HALF_UP)


def flow(
    conn: psycopg.Connection[Any],
    investment: uuid.UUID,
    day: date,
    kind: str,
    amount: float,
    **extra: Any,
) -> uuid.UUID:
    return f.insert(
        conn,
        "investment_cash_flows",
        investment_id=investment,
        flow_date=day,
        flow_type=kind,
        amount=amount,
        **extra,
    )


def mark(
    conn: psycopg.Connection[Any], investment: uuid.UUID, day: date, value: float, **extra: Any
) -> uuid.UUID:
    return f.insert(
        conn,
        "valuation_marks",
        investment_id=investment,
        mark_date=day,
        holding_value=value,
        **extra,
    )


def holding(
    conn: psycopg.Connection[Any],
    investor: uuid.UUID,
    day: date,
    amount: float,
    known: datetime | None = None,
    **extra: Any,
) -> uuid.UUID:
    """An investment and its contribution; `known` = when both were entered (default now)."""
    company = f.company(conn, f.user(conn))
    when = {} if known is None else {"created_at": known}
    inv = f.investment(conn, investor, company, amount=amount, investment_date=day, **extra, **when)
    flow(conn, inv, day, "contribution", amount, **when)
    return inv


def perf(
    conn: psycopg.Connection[Any], inv: uuid.UUID, as_of: date, **kw: Any
) -> finance.InvestmentPerformance:
    (row,) = finance.investment_performance(conn, as_of, investment_id=inv, **kw)
    return row


def xirr(pairs: list[tuple[date, float]]) -> float:
    value = pyxirr.xirr([d for d, _ in pairs], [a for _, a in pairs])
    assert value is not None
    return float(value)


# --- the hand-built holdings -------------------------------------------------------------------


def partial_sale_after_a_mark(conn: psycopg.Connection[Any], vc: uuid.UUID) -> dict[str, Any]:
    inv = holding(conn, vc, date(2020, 1, 1), 100_000)
    mark(conn, inv, date(2021, 1, 1), 300_000)
    flow(conn, inv, date(2021, 6, 1), "distribution", 100_000)
    as_of = date(2022, 1, 1)
    # by hand: the sale sells 100k / 300k of the holding and releases that share of the cost
    released = cents(Decimal(100_000) * Decimal(100_000) / Decimal(300_000))
    return {
        "investment": inv,
        "as_of": as_of,
        "residual": Decimal(200_000),
        "tvpi": Decimal(3),
        "realised": 100_000 - released,
        "paper": 200_000 - (100_000 - released),
        "irr": xirr([(date(2020, 1, 1), -100_000), (date(2021, 6, 1), 100_000), (as_of, 200_000)]),
    }


def follow_on_after_a_mark(conn: psycopg.Connection[Any], vc: uuid.UUID) -> dict[str, Any]:
    inv = holding(conn, vc, date(2020, 1, 1), 100_000)
    mark(conn, inv, date(2021, 1, 1), 150_000)
    flow(conn, inv, date(2021, 6, 1), "follow_on", 100_000)
    as_of = date(2022, 1, 1)
    return {
        "investment": inv,
        "as_of": as_of,
        "residual": Decimal(250_000),
        "tvpi": Decimal("1.25"),
        "realised": Decimal(0),
        "paper": Decimal(50_000),
        "irr": xirr([(date(2020, 1, 1), -100_000), (date(2021, 6, 1), -100_000), (as_of, 250_000)]),
    }


def write_off_without_proceeds(conn: psycopg.Connection[Any], vc: uuid.UUID) -> dict[str, Any]:
    inv = holding(
        conn, vc, date(2020, 1, 1), 100_000, status="written-off", exit_date=date(2021, 6, 1)
    )
    mark(conn, inv, date(2021, 1, 1), 80_000)
    return {
        "investment": inv,
        "as_of": date(2022, 1, 1),
        "residual": Decimal(0),
        "tvpi": Decimal(0),
        "realised": Decimal(-100_000),
        "paper": Decimal(0),
        "irr": -1.0,
    }


def exit_with_proceeds_40_days_later(
    conn: psycopg.Connection[Any], vc: uuid.UUID
) -> dict[str, Any]:
    inv = holding(
        conn,
        vc,
        date(2020, 1, 1),
        100_000,
        status="exited",
        exit_date=date(2022, 3, 1),
        exit_proceeds=250_000,
    )
    flow(conn, inv, date(2022, 4, 10), "distribution", 250_000)
    as_of = date(2022, 3, 15)  # between the exit and its proceeds: the value is receivable
    return {
        "investment": inv,
        "as_of": as_of,
        "residual": Decimal(250_000),
        "tvpi": Decimal("2.5"),
        "realised": Decimal(150_000),
        "paper": Decimal(0),
        "irr": xirr([(date(2020, 1, 1), -100_000), (as_of, 250_000)]),
    }


def two_month_holding(conn: psycopg.Connection[Any], vc: uuid.UUID) -> dict[str, Any]:
    inv = holding(conn, vc, date(2023, 11, 1), 100_000)
    mark(conn, inv, date(2024, 1, 1), 150_000)
    return {
        "investment": inv,
        "as_of": date(2024, 1, 1),
        "residual": Decimal(150_000),
        "tvpi": Decimal("1.5"),
        "realised": Decimal(0),
        "paper": Decimal(50_000),
        "irr": None,  # never annualised under 365 days
        "since_inception": 0.5,
    }


CASES = {
    "partial sale after a mark": partial_sale_after_a_mark,
    "follow-on after a mark": follow_on_after_a_mark,
    "write-off without proceeds": write_off_without_proceeds,
    "exit with proceeds 40 days later": exit_with_proceeds_40_days_later,
    "two-month holding": two_month_holding,
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hand_built_holding(conn: psycopg.Connection[Any], case: str) -> None:
    vc = f.user(conn, "vc")
    want = CASES[case](conn, vc)
    got = perf(conn, want["investment"], want["as_of"])
    assert got.residual_value == want["residual"]
    assert got.tvpi == want["tvpi"] == got.moic  # one basis for MOIC and TVPI
    assert got.realized_return == want["realised"]
    assert got.paper_return == want["paper"]
    assert got.realized_return + got.paper_return == got.total_value - got.paid_in
    if want["irr"] is None:
        assert got.irr is None and got.short_holding is True
        assert got.since_inception_return == pytest.approx(want["since_inception"], rel=1e-9)
    else:
        assert got.irr == pytest.approx(want["irr"], rel=1e-7)
        assert got.short_holding is False


def test_the_worked_example_in_the_docs_is_what_the_sql_computes(
    conn: psycopg.Connection[Any],
) -> None:
    rows = [
        line
        for line in DOC.read_text()
        .split("<!-- worked-example:start -->")[1]
        .split("<!-- worked-example:end -->")[0]
        .splitlines()
        if line.startswith("| ") and not line.startswith("| case")
    ]
    assert len(rows) == len(CASES)
    vc = f.user(conn, "vc")
    for line in rows:
        case, _inputs, as_of, residual, tvpi, realised, paper, irr = (
            c.strip() for c in line.strip("| ").split("|")
        )
        want = CASES[case](conn, vc)
        got = perf(conn, want["investment"], date.fromisoformat(as_of))
        assert got.residual_value == Decimal(residual.replace(",", "")), case
        assert got.tvpi == Decimal(tvpi), case
        assert got.realized_return == Decimal(realised.replace(",", "")), case
        assert got.paper_return == Decimal(paper.replace(",", "")), case
        shown = "n/a" if got.irr is None else f"{got.irr * 100:.2f} %"
        assert shown == irr, case


def test_the_mark_rolled_from_and_its_age_are_shown(conn: psycopg.Connection[Any]) -> None:
    vc = f.user(conn, "vc")
    want = partial_sale_after_a_mark(conn, vc)
    got = perf(conn, want["investment"], want["as_of"])
    assert (got.value_basis, got.mark_date, got.mark_age_days) == ("mark", date(2021, 1, 1), 365)
    never = holding(conn, vc, date(2021, 1, 1), 50_000)
    flow(conn, never, date(2021, 6, 1), "distribution", 20_000)
    row = perf(conn, never, date(2022, 1, 1))
    assert (row.value_basis, row.mark_date, row.residual_value) == ("cost", None, 30_000)


def test_the_exit_is_one_realisation_in_its_year(conn: psycopg.Connection[Any]) -> None:
    vc = f.user(conn, "vc")
    want = exit_with_proceeds_40_days_later(conn, vc)
    later = perf(conn, want["investment"], date(2022, 5, 1))
    assert (later.residual_value, later.distributed, later.realized_return) == (
        0,
        250_000,
        150_000,
    )
    (event,) = finance.realisations(conn, vc, date(2022, 12, 31))
    assert (event.event_type, event.event_date, event.proceeds, event.cost_basis, event.gain) == (
        "exit",
        date(2022, 3, 1),
        250_000,
        100_000,
        150_000,
    )


def test_realisations_sum_to_the_realised_gain(conn: psycopg.Connection[Any]) -> None:
    vc = f.user(conn, "vc")
    want = partial_sale_after_a_mark(conn, vc)
    events = finance.realisations(conn, vc, want["as_of"])
    assert [e.event_type for e in events] == ["distribution"]
    assert sum(e.gain for e in events) == want["realised"]
    assert events[0].cost_basis == 100_000 - want["realised"]


def rate(conn: psycopg.Connection[Any], day: date, base: str, quote: str, value: str) -> None:
    conn.execute(
        "INSERT INTO auxeira.fx_rates (rate_date, base, quote, rate) VALUES (%s, %s, %s, %s)",
        (day, base, quote, Decimal(value)),
    )


def test_a_eur_holding_in_a_usd_portfolio(conn: psycopg.Connection[Any]) -> None:
    angel = f.user(conn, "angel")
    usd = holding(conn, angel, date(2023, 1, 2), 100_000)
    mark(conn, usd, date(2024, 1, 2), 100_000)
    eur = holding(conn, angel, date(2023, 1, 2), 100_000, currency="EUR")
    mark(conn, eur, date(2024, 1, 2), 120_000)
    rate(conn, date(2023, 1, 2), "EUR", "USD", "1.10")
    rate(conn, date(2024, 1, 2), "EUR", "USD", "1.20")
    as_of = date(2024, 1, 2)
    own = perf(conn, eur, as_of)
    assert (own.currency, own.paid_in, own.residual_value) == ("EUR", 100_000, 120_000)
    in_usd = perf(conn, eur, as_of, currency="USD")
    # the flow at the rate of its date, the value at the rate of the as-of date
    assert (in_usd.currency, in_usd.paid_in, in_usd.residual_value) == ("USD", 110_000, 144_000)
    assert in_usd.irr == pytest.approx(xirr([(date(2023, 1, 2), -110_000), (as_of, 144_000)]))
    total = finance.portfolio_performance(conn, angel, as_of)
    assert total is not None
    assert (total.currency, total.paid_in, total.residual_value) == ("USD", 210_000, 244_000)
    assert total.irr == pytest.approx(
        xirr(
            [
                (date(2023, 1, 2), -100_000),
                (date(2023, 1, 2), -110_000),
                (as_of, 100_000),
                (as_of, 144_000),
            ]
        )
    )
    # summing without a rate is refused, naming the missing rate
    with pytest.raises(DataError, match=r"no EUR to USD exchange rate on 2024-03-01"):
        finance.portfolio_performance(conn, angel, date(2024, 3, 1))


def test_a_restated_mark_shows_both_views(conn: psycopg.Connection[Any]) -> None:
    vc = f.user(conn, "vc")
    first = datetime(2023, 1, 20, tzinfo=UTC)
    inv = holding(conn, vc, date(2022, 1, 1), 100_000, known=datetime(2022, 1, 3, tzinfo=UTC))
    mark(conn, inv, date(2023, 1, 1), 200_000, created_at=first)
    mark(conn, inv, date(2023, 1, 1), 150_000, created_at=first + timedelta(days=30))
    as_of = date(2023, 6, 30)
    then = perf(conn, inv, as_of, as_reported=first + timedelta(days=1))
    now = perf(conn, inv, as_of)
    assert (then.residual_value, now.residual_value) == (200_000, 150_000)
    assert then.irr == pytest.approx(xirr([(date(2022, 1, 1), -100_000), (as_of, 200_000)]))
    assert now.irr == pytest.approx(xirr([(date(2022, 1, 1), -100_000), (as_of, 150_000)]))


# --- the write functions, as the application role -----------------------------------------------


def _app(url: str) -> psycopg.Connection[Any]:
    c = psycopg.connect(url, autocommit=True)
    c.execute("SET ROLE auxeira_app")
    return c


def test_reversal_and_restatement_through_the_api(
    conn: psycopg.Connection[Any], db_url: str
) -> None:
    vc = f.user(conn, "vc")
    inv = holding(conn, vc, date(2022, 1, 1), 100_000)
    with _app(db_url) as app, tenant(app, vc):
        (wrong,) = app.execute(
            "SELECT id FROM auxeira_dash.investment_record_flow(%s, 'distribution', 40000,"
            " DATE '2023-01-01')",
            (inv,),
        ).fetchall()
        app.execute(
            "SELECT auxeira_dash.investment_record_mark(%s, 300000, DATE '2023-06-30')", (inv,)
        )
    before = conn.execute("SELECT now()").fetchone()
    assert before is not None
    with _app(db_url) as app, tenant(app, vc):
        app.execute("SELECT auxeira_dash.investment_reverse_flow(%s)", (wrong[0],))
        app.execute(
            "SELECT auxeira_dash.investment_record_mark(%s, 250000, DATE '2023-06-30')", (inv,)
        )
    # history is append-only for services
    with (
        _app(db_url) as app,
        tenant(app, vc),
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        app.execute("DELETE FROM auxeira.investment_cash_flows WHERE id = %s", (wrong[0],))
    as_of = date(2023, 12, 31)
    then = perf(conn, inv, as_of, as_reported=before[0])
    now = perf(conn, inv, as_of)
    assert (then.distributed, then.residual_value) == (40_000, 300_000)
    assert (now.distributed, now.residual_value) == (0, 250_000)


def test_bad_ledger_input_is_refused_and_writes_nothing(
    conn: psycopg.Connection[Any], db_url: str
) -> None:
    vc, other = f.user(conn, "vc"), f.user(conn, "vc")
    inv = holding(conn, vc, date(2022, 1, 1), 100_000)
    theirs = holding(conn, other, date(2022, 1, 1), 100_000)
    (their_flow,) = conn.execute(
        "SELECT id FROM auxeira.investment_cash_flows WHERE investment_id = %s", (theirs,)
    ).fetchone() or (None,)
    count = "SELECT count(*) FROM auxeira.investment_cash_flows"
    marks = "SELECT count(*) FROM auxeira.valuation_marks"
    flows_before, marks_before = conn.execute(count).fetchone(), conn.execute(marks).fetchone()
    attempts = [
        (
            "SELECT auxeira_dash.investment_record_flow(%s, 'follow_on', 5000,"
            " DATE '2023-01-02', 'GBP')",
            (inv,),
            r"no GBP to USD exchange rate on 2023-01-02",
        ),
        (
            "SELECT auxeira_dash.investment_reverse_flow(%s)",
            (uuid.uuid4(),),
            r"no cash flow .* of yours",
        ),
        (
            "SELECT auxeira_dash.investment_reverse_flow(%s)",
            (their_flow,),
            r"no cash flow .* of yours",
        ),
        (
            "SELECT auxeira_dash.investment_record_mark(%s, 1000, DATE '2021-12-31')",
            (inv,),
            r"precedes its investment",
        ),
        (
            "SELECT auxeira_dash.investment_record_flow(%s, 'fee', -5, DATE '2023-01-02')",
            (inv,),
            r"amount must be greater than 0",
        ),
    ]
    for query, args, message in attempts:
        with _app(db_url) as app, tenant(app, vc), pytest.raises(psycopg.Error, match=message):
            app.execute(query, args)
    # a direct INSERT obeys the same rules (the ledger_entry trigger)
    with _app(db_url) as app, tenant(app, vc), pytest.raises(psycopg.Error, match="precedes"):
        app.execute(
            "INSERT INTO auxeira.valuation_marks (investment_id, mark_date, holding_value)"
            " VALUES (%s, DATE '2021-01-01', 5)",
            (inv,),
        )
    assert (conn.execute(count).fetchone(), conn.execute(marks).fetchone()) == (
        flows_before,
        marks_before,
    )


def test_an_unknown_reporting_currency_is_refused(conn: psycopg.Connection[Any]) -> None:
    vc = f.user(conn, "vc")
    inv = holding(conn, vc, date(2022, 1, 1), 100_000)
    with pytest.raises(DataError, match='unknown currency "XYZ"'):
        perf(conn, inv, date(2023, 1, 1), currency="XYZ")


def test_docs_name_every_case() -> None:
    text = DOC.read_text()
    for case in CASES:
        assert re.search(re.escape(case), text), case


def test_the_python_ledger_api_records_an_exit_paid_later(
    conn: psycopg.Connection[Any], db_url: str
) -> None:
    from auxeira_db import ledger

    angel = f.user(conn, "angel")
    inv = holding(conn, angel, date(2021, 1, 4), 50_000)
    with psycopg.connect(db_url) as app:
        app.execute("SET ROLE auxeira_app")
        with tenant(app, angel):
            first = ledger.record_mark(app, inv, 60_000, date(2022, 1, 3))
            ledger.reverse_mark(app, first.id)
            exited = ledger.record_exit(app, inv, date(2023, 1, 2), 90_000)
            paid = ledger.record_flow(app, inv, "distribution", 90_000, date(2023, 2, 15))
        app.commit()
    assert (exited.status, exited.exit_proceeds, paid.currency) == ("exited", 90_000, "USD")
    receivable = perf(conn, inv, date(2023, 1, 31))
    assert (receivable.residual_value, receivable.value_basis) == (90_000, "exit proceeds")
    assert perf(conn, inv, date(2022, 6, 30)).value_basis == "cost"  # the mark was withdrawn
    with psycopg.connect(db_url) as app:
        app.execute("SET ROLE auxeira_app")
        with tenant(app, angel), pytest.raises(DataError, match="write-off date must be"):
            ledger.record_write_off(app, inv, date(2020, 1, 1))


def test_a_tenant_cannot_forge_when_an_exit_was_recorded(
    conn: psycopg.Connection[Any], db_url: str
) -> None:
    """As the application role: exit_recorded_at (the knowledge time of an exit) is the
    platform's to set, or an investor could rewrite what a past date showed."""
    vc = f.user(conn, "vc")
    inv = holding(conn, vc, date(2020, 1, 1), 100_000, status="exited", exit_date=date(2021, 1, 4))
    (recorded,) = conn.execute(
        "SELECT exit_recorded_at FROM auxeira.investments WHERE id = %s", (inv,)
    ).fetchone() or (None,)
    with _app(db_url) as app, tenant(app, vc):
        app.execute(
            "UPDATE auxeira.investments SET exit_recorded_at = '2020-01-01' WHERE id = %s", (inv,)
        )
        app.execute(
            "INSERT INTO auxeira.investments (investor_id, company_id, amount, investment_date,"
            " exit_recorded_at) SELECT investor_id, company_id, 1, investment_date, '2020-01-01'"
            " FROM auxeira.investments WHERE id = %s",
            (inv,),
        )
    rows = conn.execute(
        "SELECT exit_recorded_at FROM auxeira.investments WHERE investor_id = %s ORDER BY amount",
        (vc,),
    ).fetchall()
    assert rows == [(None,), (recorded,)]
