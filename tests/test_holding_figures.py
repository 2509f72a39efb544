"""The kept figures (issue 12, migration 0016) always equal what the ledger gives.

A property test drives random write sequences through the ledger's real entry points (the
investment_* write functions as auxeira_app, the platform's inserts) and checks after each
sequence that (1) the rows kept in auxeira.holding_figures / portfolio_figures equal a
recomputation from the ledger (auxeira.refresh_holding_figures, rolled back) and (2) what a
tenant reads (investment_performance, portfolio_performance: kept rows first) equals the engine
run on the ledger alone (ledger_performance, ledger_portfolio_performance). AUXEIRA_PROPERTY_CASES
sets the number of sequences (200 in `make test`, thousands in `make test-long`).
"""

from __future__ import annotations

import os
import random
import threading
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from auxeira_db import ledger, tenant
from auxeira_db.errors import AuxeiraError
from tests import factories as f

CASES = int(os.environ.get("AUXEIRA_PROPERTY_CASES", "200"))
TODAY = date.today()

KEPT_HOLDINGS = (
    "SELECT * FROM auxeira.holding_figures WHERE investor_id = %s ORDER BY investment_id, currency"
)
KEPT_PORTFOLIO = "SELECT * FROM auxeira.portfolio_figures WHERE investor_id = %s"


def kept(conn: psycopg.Connection[Any], investor: uuid.UUID) -> tuple[list[Any], list[Any]]:
    return (
        conn.execute(KEPT_HOLDINGS, (investor,)).fetchall(),
        conn.execute(KEPT_PORTFOLIO, (investor,)).fetchall(),
    )


def recomputed(conn: psycopg.Connection[Any], investor: uuid.UUID) -> tuple[list[Any], list[Any]]:
    """The kept rows as a rebuild from the ledger writes them (rolled back)."""
    with conn.transaction(force_rollback=True):
        conn.execute(
            "SELECT auxeira.refresh_holding_figures("
            " ARRAY(SELECT id FROM auxeira.investments WHERE investor_id = %s), ARRAY[%s]::uuid[])",
            (investor, investor),
        )
        return kept(conn, investor)


def read_as_tenant(
    app: psycopg.Connection[Any], investor: uuid.UUID, as_of: date
) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    with tenant(app, investor):
        # each holding in its own currency, then all in the portfolio's (what the views ask)
        fast = app.execute(
            "SELECT * FROM auxeira.investment_performance(%s, NULL, NULL, %s)"
            " UNION ALL SELECT * FROM auxeira.investment_performance(%s, NULL,"
            "   auxeira.investor_reporting_currency(%s), %s) ORDER BY 1, 7",
            (as_of, investor, as_of, investor, investor),
        ).fetchall()
        slow = app.execute(
            "SELECT * FROM auxeira.ledger_performance(%s, NULL, NULL, %s)"
            " UNION ALL SELECT * FROM auxeira.ledger_performance(%s, NULL,"
            "   auxeira.investor_reporting_currency(%s), %s) ORDER BY 1, 7",
            (as_of, investor, as_of, investor, investor),
        ).fetchall()
        fast_total = app.execute(
            "SELECT * FROM auxeira.portfolio_performance(%s, NULL, NULL, %s)", (as_of, investor)
        ).fetchall()
        slow_total = app.execute(
            "SELECT * FROM auxeira.ledger_portfolio_performance(%s, NULL, NULL, %s)",
            (as_of, investor),
        ).fetchall()
    return fast, slow, fast_total, slow_total


def random_day(rng: random.Random, start: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (TODAY - start).days)))


def random_sequence(
    rng: random.Random, conn: psycopg.Connection[Any], app: psycopg.Connection[Any]
) -> uuid.UUID:
    """One investor, a few holdings and a random sequence of ledger writes; returns the investor."""
    investor = f.user(conn, rng.choice(["vc", "angel"]))
    holdings: list[tuple[uuid.UUID, date]] = []
    flows: list[uuid.UUID] = []
    marks: list[uuid.UUID] = []
    portfolio_currency = rng.choice(["USD", "USD", "EUR"])
    for _ in range(rng.randint(1, 3)):
        start = TODAY - timedelta(days=rng.randint(30, 1500))
        company = f.company(conn, f.user(conn))
        currency = portfolio_currency if rng.random() < 0.9 else "USD"
        holdings.append(
            (
                f.investment(
                    conn,
                    investor,
                    company,
                    investment_date=start,
                    currency=currency,
                    amount=rng.randint(1, 50) * 10_000,
                ),
                start,
            )
        )
    for _ in range(rng.randint(2, 12)):
        holding, start = rng.choice(holdings)
        action = rng.random()
        try:
            with tenant(app, investor):
                if action < 0.35:
                    kind = rng.choice(["contribution", "follow_on", "distribution", "fee"])
                    foreign = rng.random() < 0.05
                    flows.append(
                        ledger.record_flow(
                            app,
                            holding,
                            kind,
                            Decimal(rng.randint(1, 400) * 250),
                            random_day(rng, start),
                            currency="GBP" if foreign else None,
                        ).id
                    )
                elif action < 0.65:
                    marks.append(
                        ledger.record_mark(
                            app,
                            holding,
                            Decimal(rng.randint(0, 600) * 1_000),
                            random_day(rng, start),
                        ).id
                    )
                elif action < 0.75 and flows:
                    ledger.reverse_flow(app, rng.choice(flows))
                elif action < 0.82 and marks:
                    ledger.reverse_mark(app, rng.choice(marks))
                elif action < 0.9:
                    ledger.record_exit(
                        app, holding, random_day(rng, start), Decimal(rng.randint(0, 900) * 1_000)
                    )
                elif action < 0.95:
                    ledger.record_write_off(app, holding, random_day(rng, start))
                else:
                    # the platform's own path: an insert as the owner (the seeder's, fixes)
                    f.insert(
                        conn,
                        "investment_cash_flows",
                        investment_id=holding,
                        flow_date=random_day(rng, start),
                        flow_type="contribution",
                        amount=rng.randint(1, 50) * 1_000,
                    )
        except AuxeiraError:
            pass  # a refused write (a second exit, a reversal of a reversal): nothing written
    return investor


@pytest.fixture
def with_gbp_rates(conn: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
    day = TODAY - timedelta(days=1600)
    while day <= TODAY:
        for base, quote, value in (
            ("GBP", "USD", "1.25"),
            ("GBP", "EUR", "1.15"),
            ("EUR", "USD", "1.08"),
        ):
            conn.execute(
                "INSERT INTO auxeira.fx_rates (rate_date, base, quote, rate)"
                " VALUES (%s, %s, %s, %s)",
                (day, base, quote, Decimal(value)),
            )
        day += timedelta(days=5)
    return conn


def test_kept_figures_equal_the_ledger_after_random_writes(
    with_gbp_rates: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    conn = with_gbp_rates
    rng = random.Random(20261130)
    kept_holdings = kept_portfolios = converted = 0
    for case in range(CASES):
        investor = random_sequence(rng, conn, app_conn)
        holdings, portfolio = kept(conn, investor)
        again_holdings, again_portfolio = recomputed(conn, investor)
        assert holdings == again_holdings, f"case {case}"
        assert portfolio == again_portfolio, f"case {case}: {portfolio} != {again_portfolio}"
        kept_holdings += len(holdings)
        kept_portfolios += len(portfolio)
        converted += sum(1 for row in holdings if row[-1])  # converted: the last column
        as_of = TODAY if case % 4 else TODAY - timedelta(days=rng.randint(1, 400))
        fast, slow, fast_total, slow_total = read_as_tenant(app_conn, investor, as_of)
        assert fast == slow, f"case {case}: holdings as of {as_of}"
        assert fast_total == slow_total, f"case {case}: portfolio as of {as_of}"
    # the property is not vacuous: rows are kept, converted ones among them
    assert kept_holdings > CASES and kept_portfolios > CASES // 2
    assert converted > 0


def test_kept_rows_are_for_the_day_and_the_currency_asked(conn: psycopg.Connection[Any]) -> None:
    investor = f.user(conn, "vc")
    holding = f.investment(
        conn, investor, f.company(conn, f.user(conn)), investment_date=TODAY - timedelta(days=800)
    )
    f.insert(
        conn,
        "valuation_marks",
        investment_id=holding,
        mark_date=TODAY - timedelta(days=10),
        holding_value=150_000,
    )
    row = conn.execute(
        "SELECT as_of, currency, residual_value FROM auxeira.holding_figures"
        " WHERE investment_id = %s",
        (holding,),
    ).fetchone()
    assert row == (TODAY, "USD", Decimal("150000"))
    # another day is computed, not read: a stored row dated yesterday is not used for today
    conn.execute("UPDATE auxeira.holding_figures SET as_of = as_of - 1, residual_value = -1")
    value = conn.execute(
        "SELECT residual_value FROM auxeira.investment_performance(CURRENT_DATE, NULL, NULL, %s)",
        (investor,),
    ).fetchone()
    assert value == (Decimal("150000.00"),)
    # the day's job rewrites them
    assert conn.execute("SELECT auxeira.refresh_holding_figures()").fetchone() == (2,)
    assert conn.execute(
        "SELECT as_of, residual_value FROM auxeira.holding_figures WHERE investment_id = %s",
        (holding,),
    ).fetchone() == (TODAY, Decimal("150000.00"))


def test_a_tenant_cannot_write_kept_figures_nor_read_others(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    mine, theirs = f.user(conn, "vc"), f.user(conn, "vc")
    for who in (mine, theirs):
        f.investment(conn, who, f.company(conn, f.user(conn)), investment_date=date(2022, 1, 3))
    with tenant(app_conn, mine):
        seen = app_conn.execute(
            "SELECT investor_id FROM auxeira.holding_figures"
            " UNION ALL SELECT investor_id FROM auxeira.portfolio_figures"
        ).fetchall()
        assert seen == [(mine,), (mine,)]
    for statement in (
        "UPDATE auxeira.holding_figures SET residual_value = 0",
        "DELETE FROM auxeira.portfolio_figures",
        "SELECT auxeira.refresh_holding_figures()",
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege), tenant(app_conn, mine):
            app_conn.execute(statement)
    # a tenant's session cannot switch the maintenance off either
    with tenant(app_conn, mine):
        holding = app_conn.execute(
            "SELECT id FROM auxeira.investments WHERE investor_id = %s", (mine,)
        ).fetchone()
        assert holding is not None
        app_conn.execute("SET LOCAL auxeira.defer_figures = on")
        ledger.record_mark(app_conn, holding[0], Decimal("77000"), date(2023, 1, 2))
    assert conn.execute(
        "SELECT residual_value FROM auxeira.holding_figures WHERE investment_id = %s",
        (holding[0],),
    ).fetchone() == (Decimal("77000.00"),)


def test_two_sessions_writing_to_one_investor_keep_it_exact(db_url: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        investor = f.user(conn, "vc")
        holdings = [
            f.investment(
                conn, investor, f.company(conn, f.user(conn)), investment_date=date(2021, 1, 4)
            )
            for _ in range(2)
        ]
    errors: list[BaseException] = []

    def writer(seed: int) -> None:
        rng = random.Random(seed)
        try:
            with psycopg.connect(db_url) as app:
                app.execute("SET ROLE auxeira_app")
                app.commit()
                for _ in range(25):
                    with tenant(app, investor):
                        # both sessions write both holdings: same rows, same portfolio
                        ledger.record_flow(
                            app,
                            rng.choice(holdings),
                            rng.choice(["follow_on", "distribution"]),
                            Decimal(rng.randint(1, 40) * 500),
                            date(2022, 1, 3),
                        )
                        ledger.record_mark(
                            app,
                            rng.choice(holdings),
                            Decimal(rng.randint(1, 300) * 1_000),
                            date(2023, 1, 2) + timedelta(days=rng.randint(0, 300)),
                        )
        except BaseException as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(seed,)) for seed in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(db_url, autocommit=True) as conn:
        flows = conn.execute(
            "SELECT count(*) FROM auxeira.investment_cash_flows WHERE investment_id = ANY(%s)",
            (holdings,),
        ).fetchone()
        assert flows == (50,)  # every flow of both sessions landed
        holdings_kept, portfolio = kept(conn, investor)
        assert len(holdings_kept) == 2 and len(portfolio) == 1
        assert (holdings_kept, portfolio) == recomputed(conn, investor)
