"""The lists keyset-paged by 0026 (issue 11: every list takes page_size and a cursor validated in
SQL): for each, walking the pages covers every row of the tenant exactly once and in the SQL's
order, each page's `next_after` is its last row's cursor, another tenant's rows never appear,
and a bad page size or a partial cursor is refused by SQL as the typed DataError."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
import pytest

from auxeira_db import tenant
from auxeira_db.dashboards import Page, angel, corporate, esg, government, startup
from auxeira_db.errors import DataError
from tests import factories as f

Conn = psycopg.Connection[Any]
T0 = datetime(2024, 3, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Case:
    user_type: str
    fill: Callable[[Conn, uuid.UUID], None]  # rows of one tenant (ties in the ordering values)
    read: Callable[..., Page[Any]]
    ident: Callable[[Any], Any]  # a row's identity
    cursor: Callable[[Any], tuple[Any, ...]]  # a row's cursor (what next_after holds)
    rows: int  # rows fill() makes
    order: Callable[[Any], Any] | None = None  # sort key of the SQL's order (ascending)


def fill_overview(conn: Conn, me: uuid.UUID) -> None:
    for name in ("Acme", "Acme", "Beta", "Cobalt", "Delta", "Delta", "Echo"):
        f.company(conn, me, name=name)


def fill_relationships(conn: Conn, me: uuid.UUID) -> None:
    mine = f.company(conn, me)
    investor = f.user(conn, "vc")
    for n in range(7):
        f.investment(
            conn,
            investor,
            mine,
            founder_consent="pending" if n % 3 == 0 else "accepted",
            created_at=T0 + timedelta(hours=min(n, 4)),
        )


def programme(conn: Conn, me: uuid.UUID, name: str, **extra: Any) -> uuid.UUID:
    values: dict[str, Any] = {
        "user_id": me,
        "name": name,
        "country_code": "NG",
        "education_level": "secondary",
        "start_date": date(2023, 9, 1),
    }
    values.update(extra)
    return f.insert(conn, "education_programmes", **values)


def fill_students(conn: Conn, me: uuid.UUID) -> None:
    main = programme(conn, me, f"Students {uuid.uuid4().hex[:6]}")
    for n in range(7):
        f.insert(
            conn,
            "education_student_outcomes",
            programme_id=main,
            user_id=me,
            cohort_name=f"Cohort {n}",
            reported_on=date(2024, 1, 1 + min(n, 4)),
            students_enrolled=10,
            students_completed=5,
        )


def fill_teachers(conn: Conn, me: uuid.UUID) -> None:
    # one batch per programme and day: two programmes make the ties
    programmes = [programme(conn, me, f"Teachers {k} {uuid.uuid4().hex[:6]}") for k in range(2)]
    for n in range(7):
        f.insert(
            conn,
            "education_teacher_training",
            programme_id=programmes[n % 2],
            user_id=me,
            training_date=date(2024, 2, 1 + n // 2),
            training_type="in_service",
            teachers_trained=4,
            hours_per_teacher=10,
        )


def fill_compliance(conn: Conn, me: uuid.UUID) -> None:
    # two programmes of the same name (the id breaks the tie), 4 + 3 targets
    programme(conn, me, "Same name", sdg_targets=["4.1", "4.5", "4.c", "4.2"])
    programme(conn, me, "Same name", sdg_targets=["4.1", "4.5", "4.7"], start_date=date(2024, 1, 1))


def fill_policies(conn: Conn, me: uuid.UUID) -> None:
    def policy(name: str, jurisdiction: str) -> uuid.UUID:
        return f.insert(
            conn,
            "government_policies",
            owner_id=me,
            name=name,
            jurisdiction=jurisdiction,
            instrument_type="grant",
            start_date=date(2023, 1, 1),
        )

    first, second = policy("Same", "Lagos"), policy("Same", "Abuja")
    policy("Unmeasured", "Kano")  # one row, no measurement
    for n, metric in enumerate(("jobs_created", "patents_filed", "export_revenue")):
        for p in (first, second):
            if p == second and n == 2:
                continue
            f.insert(
                conn,
                "government_policy_impacts",
                policy_id=p,
                owner_id=me,
                metric=metric,
                period_start=date(2023, 1, 1),
                period_end=date(2023, 12, 31),
                measured=10 + n,
            )


def fill_partnerships(conn: Conn, me: uuid.UUID) -> None:
    startup_ = f.company(conn, f.user(conn))
    for end in (date(2025, 1, 1), date(2025, 1, 1), date(2025, 6, 1), None, None, None):
        f.partnership(conn, me, startup_, start_date=date(2024, 1, 1), end_date=end)
    f.partnership(conn, me, startup_, partnership_status="completed")  # not active: not listed
    f.partnership(conn, me, startup_, start_date=date(2024, 1, 1), end_date=date(2024, 12, 1))


def fill_requests(conn: Conn, me: uuid.UUID) -> None:
    for n in range(7):
        peer = f.user(conn, "angel")
        requester, addressee = (me, peer) if n % 2 else (peer, me)
        f.insert(
            conn,
            "connections",
            requester_id=requester,
            addressee_id=addressee,
            created_at=T0 + timedelta(hours=min(n, 4)),
        )
    f.insert(  # answered: not pending
        conn,
        "connections",
        requester_id=f.user(conn, "angel"),
        addressee_id=me,
        status="accepted",
        responded_at=T0,
    )


def desc(*values: Any) -> tuple[Any, ...]:
    """A sort key that reverses the natural order of each value (for newest-first lists)."""
    return tuple(_Reverse(v) for v in values)


@dataclass(frozen=True)
class _Reverse:
    value: Any

    def __lt__(self, other: _Reverse) -> bool:
        return bool(other.value < self.value)


CASES = {
    "startup.overview": Case(
        "founder",
        fill_overview,
        startup.overview,
        lambda r: r.company_id,
        lambda r: (r.company_name, r.company_id),
        7,
        lambda r: (r.company_name, str(r.company_id)),
    ),
    "startup.relationships": Case(
        "founder",
        fill_relationships,
        startup.relationships,
        lambda r: r.id,
        lambda r: (r.founder_consent == "pending", r.created_at, r.id),
        7,
        lambda r: desc(r.founder_consent == "pending", r.created_at, str(r.id)),
    ),
    "esg.students": Case(
        "esg",
        fill_students,
        esg.students,
        lambda r: r.outcome_id,
        lambda r: (r.reported_on, r.outcome_id),
        7,
        lambda r: desc(r.reported_on, str(r.outcome_id)),
    ),
    "esg.teachers": Case(
        "esg",
        fill_teachers,
        esg.teachers,
        lambda r: r.training_id,
        lambda r: (r.training_date, r.training_id),
        7,
        lambda r: desc(r.training_date, str(r.training_id)),
    ),
    "esg.compliance": Case(
        "esg",
        fill_compliance,
        esg.compliance,
        lambda r: (r.programme_id, r.sdg_target),
        lambda r: (r.programme_name, r.programme_id, r.sdg_target),
        7,
    ),
    "government.policies": Case(
        "government",
        fill_policies,
        government.policies,
        lambda r: (r.policy_id, r.impact_id),
        lambda r: (r.policy_name, r.policy_id, r.impact_id or r.policy_id),
        6,
    ),
    "corporate.partnerships": Case(
        "corporate",
        fill_partnerships,
        corporate.partnerships,
        lambda r: r.partnership_id,
        lambda r: (r.end_date, r.partnership_id),
        7,
        lambda r: (r.end_date or date.max, str(r.partnership_id)),
    ),
    "angel.requests": Case(
        "angel",
        fill_requests,
        angel.requests,
        lambda r: r.connection_id,
        lambda r: (r.requested_at, r.connection_id),
        7,
        lambda r: desc(r.requested_at, str(r.connection_id)),
    ),
}


def walk(app_conn: Conn, case: Case, page_size: int) -> list[Any]:
    rows: list[Any] = []
    after = None
    for _ in range(case.rows + 2):
        page = case.read(app_conn, page_size=page_size, after=after)
        assert len(page) <= page_size
        rows += page
        if page.next_after is None:
            return rows
        assert len(page) == page_size and page.next_after == case.cursor(page[-1])
        after = page.next_after
    raise AssertionError("the pages never ended")


@pytest.mark.parametrize("name", list(CASES))
def test_pages_cover_every_row_once_in_order(conn: Conn, app_conn: Conn, name: str) -> None:
    case = CASES[name]
    me, other = f.user(conn, case.user_type), f.user(conn, case.user_type)
    case.fill(conn, me)
    case.fill(conn, other)  # a hostile tenant with rows of the same shape
    with tenant(app_conn, me):
        whole = case.read(app_conn, page_size=500)
        assert whole.next_after is None and len(whole) == case.rows
        mine = {case.ident(r) for r in whole}
        assert len(mine) == case.rows
        for page_size in (1, 3, case.rows):
            walked = walk(app_conn, case, page_size)
            assert [case.ident(r) for r in walked] == [case.ident(r) for r in whole], page_size
    if case.order is not None:  # the order the SQL says (the others are checked in SQL terms)
        assert list(whole) == sorted(whole, key=case.order)
    with tenant(app_conn, other):
        theirs = {case.ident(r) for r in walk(app_conn, case, 2)}
        # my cursor in their session: still only their rows
        after_mine = case.read(app_conn, page_size=500, after=case.cursor(whole[0]))
    assert len(theirs) == case.rows and not theirs & mine
    assert not {case.ident(r) for r in after_mine} & mine


def test_ecosystem_is_walked_page_by_page(conn: Conn, app_conn: Conn) -> None:
    for industry, stage in (("SaaS", "seed"), ("SaaS", "series-a"), ("Fintech", "seed")):
        for _ in range(5):
            f.company(conn, f.user(conn), industry=industry, stage=stage)
    conn.execute(
        "SELECT * FROM auxeira.refresh_materialized_view('auxeira_mv.corporate_ecosystem_pulse')"
    )
    with tenant(app_conn, f.user(conn, "corporate")):
        whole = corporate.ecosystem(app_conn, page_size=500)
        walked, after = [], None
        while True:
            page = corporate.ecosystem(app_conn, page_size=2, after=after)
            walked += page
            if page.next_after is None:
                break
            assert page.next_after == (page[-1].industry, page[-1].stage)
            after = page.next_after
        only = corporate.ecosystem(app_conn, industry="SaaS", page_size=1)
    keys = [(r.industry, r.stage) for r in whole]
    assert [(r.industry, r.stage) for r in walked] == keys and len(set(keys)) == len(keys) > 4
    assert keys[0] == ("(all)", "(all)")  # the marginals first, as before paging
    assert [(r.industry, r.stage) for r in only] == [("SaaS", "(all)")] and only.next_after
    with tenant(app_conn, f.user(conn, "founder")):  # not a corporate user: nothing
        assert corporate.ecosystem(app_conn) == []


def test_network_report_returns_the_first_page_of_requests(conn: Conn, app_conn: Conn) -> None:
    me = f.user(conn, "angel")
    fill_requests(conn, me)
    with tenant(app_conn, me):
        report = angel.network(app_conn, page_size=4)
        rest = angel.requests(app_conn, page_size=4, after=report.next_requests_after)
        whole = angel.requests(app_conn, page_size=500)
    assert len(report.requests) == 4 and report.next_requests_after is not None
    assert [r.connection_id for r in report.requests + rest] == [r.connection_id for r in whole]
    assert rest.next_after is None and len(whole) == 7


PAGED: dict[str, tuple[str, Callable[..., Any], str]] = {
    # each list, the user type that reads it, and a call with a partial cursor
    "startup.overview": (
        "founder",
        startup.overview,
        "startup_overview_page(after_id => gen_random_uuid())",
    ),
    "startup.relationships": (
        "founder",
        startup.relationships,
        "startup_relationships_page(after_pending => true, after_id => gen_random_uuid())",
    ),
    "esg.students": (
        "esg",
        esg.students,
        "esg_education_students_page(after_reported_on => current_date)",
    ),
    "esg.teachers": (
        "esg",
        esg.teachers,
        "esg_education_teachers_page(after_id => gen_random_uuid())",
    ),
    "esg.compliance": (
        "esg",
        esg.compliance,
        "esg_education_compliance_page(after_programme_name => 'x', after_sdg_target => '4.1')",
    ),
    "government.policies": (
        "government",
        government.policies,
        "government_policies_page(after_row_id => gen_random_uuid())",
    ),
    "corporate.ecosystem": (
        "corporate",
        corporate.ecosystem,
        "corporate_ecosystem_page(after_stage => 'seed')",
    ),
    # an open-ended partnership's cursor has no end_date: only the id is required
    "corporate.partnerships": (
        "corporate",
        corporate.partnerships,
        "corporate_partnerships_page(after_end_date => current_date)",
    ),
    "angel.requests": (
        "angel",
        angel.requests,
        "angel_connection_requests(after_requested_at => now())",
    ),
}


@pytest.mark.parametrize("name", list(PAGED))
@pytest.mark.parametrize("page_size", [0, 501, None])
def test_a_bad_page_size_is_refused_by_sql(
    conn: Conn, app_conn: Conn, name: str, page_size: int | None
) -> None:
    user_type, read, _ = PAGED[name]
    with (
        tenant(app_conn, f.user(conn, user_type)),
        pytest.raises(DataError, match="page_size must be between 1 and 500, got"),
    ):
        read(app_conn, page_size=page_size)


@pytest.mark.parametrize("name", [n for n in PAGED if n != "corporate.partnerships"])
def test_a_partial_cursor_is_refused_by_sql(conn: Conn, app_conn: Conn, name: str) -> None:
    user_type, _, call = PAGED[name]
    with (
        tenant(app_conn, f.user(conn, user_type)),
        pytest.raises(
            psycopg.errors.InvalidParameterValue, match="a page cursor is all the ordering values"
        ),
    ):
        app_conn.execute(f"SELECT * FROM auxeira_dash.{call}")


def test_an_open_ended_partnership_cursor_is_an_id_alone(conn: Conn, app_conn: Conn) -> None:
    me = f.user(conn, "corporate")
    fill_partnerships(conn, me)
    with tenant(app_conn, me):
        whole = corporate.partnerships(app_conn)
        last_dated = max(i for i, r in enumerate(whole) if r.end_date is not None)
        rest = corporate.partnerships(app_conn, after=(None, whole[last_dated + 1].partnership_id))
    assert [r.partnership_id for r in rest] == [r.partnership_id for r in whole[last_dated + 2 :]]
