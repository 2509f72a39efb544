"""Issue 9, case 11: the Python API checks the Python types of its arguments at the boundary
and raises the package's own typed errors, naming the argument, instead of foreign exceptions
(TypeError, AttributeError, decimal.InvalidOperation, raw driver errors)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest

import auxeira_db
from auxeira_db import errors, finance, maintenance, synthetic
from auxeira_db.dashboards import vc
from tests.conftest import Server
from tests.safety import scratch_database


@pytest.fixture(scope="module")
def conn(server: Server, template_db: str) -> Iterator[psycopg.Connection[Any]]:
    """One migrated database for the module: every call here is refused before any work."""
    with (
        scratch_database(server, template_db, "auxeira_api") as url,
        psycopg.connect(url, autocommit=True) as connection,
    ):
        yield connection


def test_connect_none() -> None:
    with pytest.raises(errors.InvalidArgument, match="url must be"):
        auxeira_db.connect(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda conn: vc.portfolio(None), "conn"),  # type: ignore[arg-type]
        (lambda conn: finance.portfolio_performance(conn, "not-a-uuid"), "investor_id"),  # type: ignore[arg-type]
        (lambda conn: finance.portfolio_performance(conn, uuid.uuid4(), "2026-01-01"), "as_of"),  # type: ignore[arg-type]
        (lambda conn: finance.investment_performance(conn, investment_id=7), "investment_id"),  # type: ignore[arg-type]
        (lambda conn: finance.fund_performance(conn, fund_id="x"), "fund_id"),  # type: ignore[arg-type]
        (lambda conn: finance.xirr(conn, ["abc"], [date(2020, 1, 1)]), "amounts[0]"),  # type: ignore[list-item]
        (lambda conn: finance.xirr(conn, [Decimal(-1)], ["2020-01-01"]), "dates[0]"),  # type: ignore[list-item]
        (lambda conn: finance.xirr(conn, [float("nan")], [date(2020, 1, 1)]), "amounts[0]"),
        (lambda conn: finance.xirr(conn, [1, 2], [date(2020, 1, 1)]), "same length"),
        (lambda conn: synthetic.generate(conn, as_of="2026-01-01"), "as_of"),  # type: ignore[arg-type]
        (lambda conn: synthetic.generate(conn, count="5"), "count"),  # type: ignore[arg-type]
        (lambda conn: synthetic.generate(conn, seed=1.5), "seed"),  # type: ignore[arg-type]
        (lambda conn: synthetic.generate(42), "conn_or_url"),  # type: ignore[arg-type]
        (lambda conn: maintenance.cleanup("postgresql://x"), "conn"),  # type: ignore[arg-type]
    ],
)
def test_wrong_types_raise_invalid_argument_naming_it(
    conn: psycopg.Connection[Any], call: Callable[[Any], object], argument: str
) -> None:
    with pytest.raises(errors.InvalidArgument) as raised:
        call(conn)
    assert argument in str(raised.value)
    assert isinstance(raised.value, errors.AuxeiraError) and isinstance(raised.value, TypeError)


def test_tenant_on_a_closed_connection(conn: psycopg.Connection[Any]) -> None:
    closed = psycopg.connect(conn.info.dsn)
    closed.close()
    with (
        pytest.raises(errors.ConnectionFailed, match="closed"),
        auxeira_db.tenant(closed, uuid.uuid4()),
    ):
        pass


def test_strings_holding_uuids_and_plain_numbers_still_work(conn: psycopg.Connection[Any]) -> None:
    assert finance.portfolio_performance(conn, str(uuid.uuid4())) is None  # type: ignore[arg-type]
    rate = finance.xirr(conn, [-100, 110.0], [date(2021, 1, 1), date(2022, 1, 1)])
    assert rate is not None and abs(rate - 0.1) < 1e-6
