"""Lists paged in SQL with a keyset cursor (0017: the VC's deals and the angel's connections):
page 2 follows page 1 with no overlap and no gap, the last page says so, and a bad page size or
a half cursor is refused by SQL with a clear error."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
import pytest

from auxeira_db import tenant
from auxeira_db.dashboards import angel, vc
from auxeira_db.errors import DataError
from tests import factories as f


def test_deals_are_walked_page_by_page(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    me = f.user(conn, "vc")
    other = f.user(conn, "vc")
    # seven deals, two sourced the same day (the id breaks the tie), and someone else's
    days = [date(2024, 1, d) for d in (1, 2, 2, 3, 4, 5, 6)]
    for n, day in enumerate(days):
        f.insert(conn, "deals", investor_id=me, company_name=f"Deal {n}", sourced_on=day)
    f.insert(conn, "deals", investor_id=other, company_name="Not mine", sourced_on=days[0])
    with tenant(app_conn, me):
        whole = vc.deals(app_conn, page_size=500)
        assert whole.next_after is None and len(whole.deals) == 7
        walked, pages, after = [], 0, None
        while True:
            page = vc.deals(app_conn, page_size=3, after=after)
            walked += page.deals
            pages += 1
            assert sum(s.deals for s in page.stages) == 7  # the funnel counts the whole pipeline
            if page.next_after is None:
                break
            last = page.deals[-1]
            assert page.next_after == (last.sourced_on, last.deal_id)
            after = page.next_after
    assert pages == 3 and [len(p) for p in (walked[:3], walked[3:6], walked[6:])] == [3, 3, 1]
    assert [d.deal_id for d in walked] == [d.deal_id for d in whole.deals]  # no overlap, no gap
    keys = [(d.sourced_on, d.deal_id) for d in walked]
    assert keys == sorted(keys, reverse=True)


def test_connections_are_walked_page_by_page(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    me = f.user(conn, "angel")
    start = datetime(2024, 3, 1, tzinfo=UTC)
    for n in range(7):
        peer = f.user(conn, "angel")
        # both sides: I asked some, others asked me; two answered at the same instant
        requester, addressee = (me, peer) if n % 2 else (peer, me)
        f.insert(
            conn,
            "connections",
            requester_id=requester,
            addressee_id=addressee,
            status="accepted",
            responded_at=start + timedelta(hours=min(n, 5)),
        )
    f.insert(conn, "connections", requester_id=f.user(conn, "angel"), addressee_id=me)  # pending
    with tenant(app_conn, me):
        whole = angel.network(app_conn, page_size=500)
        assert whole.next_after is None and len(whole.connections) == 7
        assert len(whole.requests) == 1
        first = angel.network(app_conn, page_size=4)
        assert first.next_after is not None
        second = angel.network(app_conn, page_size=4, after=first.next_after)
    assert second.next_after is None and len(second.connections) == 3
    ids = [c.connection_id for c in first.connections + second.connections]
    assert ids == [c.connection_id for c in whole.connections] and len(set(ids)) == 7
    last = first.connections[-1]
    assert first.next_after == (last.connected_at, last.connection_id)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: vc.deals(c, page_size=0), "page_size must be between 1 and 500"),
        (lambda c: vc.deals(c, page_size=501), "page_size must be between 1 and 500"),
        (lambda c: angel.network(c, page_size=0), "page_size must be between 1 and 500"),
        (
            lambda c: c.execute(
                "SELECT * FROM auxeira_dash.vc_deals_report(after_id => %s)", (uuid.uuid4(),)
            ),
            "a page cursor is all the ordering values",
        ),
        (
            lambda c: c.execute(
                "SELECT * FROM auxeira_dash.angel_network_report(after_connected_at => now())"
            ),
            "a page cursor is all the ordering values",
        ),
    ],
    ids=["deals-0", "deals-501", "network-0", "deals-half-cursor", "network-half-cursor"],
)
def test_a_bad_page_is_refused_by_sql(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], call: Any, message: str
) -> None:
    with (
        tenant(app_conn, f.user(conn, "vc")),
        pytest.raises((DataError, psycopg.errors.InvalidParameterValue), match=message),
    ):
        call(app_conn)
