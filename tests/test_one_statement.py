"""Every public function of the six dashboard modules sends
exactly one statement to the server: counted on the wire (libpq's protocol trace), not by
wrapping the package's own helpers. Transaction control (the savepoint around a write) is not a
statement of the endpoint and is not counted."""

from __future__ import annotations

import contextlib
import inspect
import re
import tempfile
import types
import typing
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import pq

from auxeira_db import tenant
from auxeira_db.dashboards import angel, corporate, esg, government, startup, vc
from auxeira_db.errors import AuxeiraError
from tests import factories as f

MODULES = (startup, vc, angel, esg, government, corporate)
# Not endpoints: the CLI's aggregate of every read, and the client-side sealing of a bid.
NOT_ENDPOINTS = {"show", "new_nonce", "bid_commitment", "seal_bid"}
CONTROL = re.compile(r'"(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b', re.IGNORECASE)


@contextmanager
def statements_sent(conn: psycopg.Connection[Any]) -> Iterator[list[str]]:
    """The statements the block sends, read from libpq's trace of the frontend messages: a
    simple Query or an extended-protocol Parse each (transaction control left out)."""
    sent: list[str] = []
    with tempfile.TemporaryFile("w+") as trace:
        conn.pgconn.trace(trace.fileno())
        conn.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        try:
            yield sent
        finally:
            conn.pgconn.untrace()
            trace.seek(0)
            for line in trace:
                fields = line.split("\t")
                if (
                    len(fields) > 3
                    and fields[0] == "F"
                    and fields[2] in ("Query", "Parse")
                    and not CONTROL.search(fields[3])
                ):
                    sent.append(fields[3].strip())


def endpoints() -> list[tuple[str, Callable[..., Any]]]:
    found = []
    for module in MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if (
                fn.__module__ == module.__name__
                and not name.startswith("_")
                and name not in NOT_ENDPOINTS
            ):
                found.append((f"{module.__name__.rsplit('.', 1)[1]}.{name}", fn))
    return found


def sample(kind: Any) -> Any:
    """A value of the annotated type: whether SQL accepts it does not matter here (a refused
    write is one statement too)."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        kind = next(k for k in typing.get_args(kind) if k is not type(None))
    samples: dict[Any, Any] = {
        uuid.UUID: uuid.uuid4(),
        str: "x",
        bool: True,
        int: 1,
        bytes: b"\0" * 32,
        Decimal: Decimal(1),
        date: date(2024, 1, 2),
        datetime: datetime(2024, 1, 2, tzinfo=UTC),
    }
    return samples.get(kind, samples.get(typing.get_origin(kind), "x"))


def required_arguments(fn: Callable[..., Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(fn)
    return {
        name: sample(hints[name])
        for name, p in inspect.signature(fn).parameters.items()
        if name != "conn" and p.default is inspect.Parameter.empty
    }


def test_every_endpoint_is_listed() -> None:
    names = {name for name, _ in endpoints()}
    for module in MODULES:
        prefix = module.__name__.rsplit(".", 1)[1]
        assert {f"{prefix}.{fn.__name__}" for fn in module.READS.values()} <= names
    assert {
        "startup.record_interview",
        "corporate.open_auction",
        "government.record_policy",
        "vc.record_investment",
        "angel.syndicates",
    } <= names


def test_the_counter_is_not_blind(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    """Two statements count two, a savepoint none; the CLI's aggregate `show` sends many."""
    with statements_sent(app_conn) as sent, app_conn.transaction():
        with app_conn.transaction():
            app_conn.execute("SELECT 1")
        app_conn.execute("SELECT %s::int", (2,))
    assert len(sent) == 2, sent
    with tenant(app_conn, f.user(conn)), statements_sent(app_conn) as sent:
        startup.show(app_conn)
    assert len(sent) > 1


# The deprecated aliases of 0017 are endpoints too (one statement each); they warn.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize(("name", "fn"), endpoints(), ids=[n for n, _ in endpoints()])
def test_each_endpoint_sends_one_statement(
    conn: psycopg.Connection[Any],
    app_conn: psycopg.Connection[Any],
    name: str,
    fn: Callable[..., Any],
) -> None:
    user_type = {"startup": "founder", "esg": "esg"}.get(name.split(".")[0], name.split(".")[0])
    me = f.user(conn, user_type)
    # refused by SQL (a made-up id, say): still one statement
    with tenant(app_conn, me), statements_sent(app_conn) as sent, contextlib.suppress(AuxeiraError):
        fn(app_conn, **required_arguments(fn))
    assert len(sent) == 1, sent
