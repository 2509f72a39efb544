"""Row-level security, tested as the application role (a superuser would bypass it)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import tenant
from auxeira_db.errors import DataError
from tests import factories as f

TENANT_TABLES = (
    "users",
    "companies",
    "investments",
    "portfolio_metrics",
    "esg_metrics",
    "economic_impact",
    "corporate_partnerships",
    "token_transactions",
    "analytics_events",
    "subscription_events",
)


@dataclass
class Tenant:
    founder: uuid.UUID
    company: uuid.UUID
    investor: uuid.UUID
    investment: uuid.UUID
    corporate: uuid.UUID


def make_tenant(conn: psycopg.Connection[Any]) -> Tenant:
    founder = f.user(conn)
    company = f.company(conn, founder)
    investor = f.user(conn, "vc")
    investment = f.investment(conn, investor, company)
    corporate = f.user(conn, "corporate")
    f.esg(conn, company)
    f.impact(conn, company)
    f.partnership(conn, corporate, company)
    f.portfolio(conn, investor)
    for who in (founder, investor, corporate):
        f.token(conn, who)
        f.event(conn, who)
        f.subscription(conn, who)
    return Tenant(founder, company, investor, investment, corporate)


@pytest.fixture
def two(conn: psycopg.Connection[Any]) -> tuple[Tenant, Tenant]:
    return make_tenant(conn), make_tenant(conn)


@pytest.fixture
def app(db_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection acting as auxeira_app, the role services use."""
    with psycopg.connect(db_url) as connection:
        connection.execute("SET ROLE auxeira_app")
        connection.commit()
        yield connection


def visible(conn: psycopg.Connection[Any], table: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM auxeira.{table}").fetchone()
    assert row is not None
    return int(row[0])


def test_the_application_role_cannot_bypass_rls(conn: psycopg.Connection[Any]) -> None:
    row = conn.execute(
        "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'auxeira_app'"
    ).fetchone()
    assert row == (False, False)
    forced = conn.execute(
        "SELECT relname FROM pg_class WHERE relnamespace = 'auxeira'::regnamespace"
        " AND relkind IN ('r', 'p') AND relrowsecurity AND relforcerowsecurity ORDER BY 1"
    ).fetchall()
    assert {r[0] for r in forced} >= set(TENANT_TABLES)


def test_unset_context_sees_nothing(
    two: tuple[Tenant, Tenant], app: psycopg.Connection[Any]
) -> None:
    for table in TENANT_TABLES:
        assert visible(app, table) == 0, table
    app.rollback()
    # also after a SET LOCAL ended: current_setting returns '' then, which must still mean unset
    with tenant(app, two[0].founder):
        pass
    for table in TENANT_TABLES:
        assert visible(app, table) == 0, table


def test_founder_sees_only_their_own_rows(
    two: tuple[Tenant, Tenant], app: psycopg.Connection[Any]
) -> None:
    a, _b = two
    with tenant(app, a.founder):
        assert [r[0] for r in app.execute("SELECT id FROM auxeira.users")] == [a.founder]
        assert [r[0] for r in app.execute("SELECT id FROM auxeira.companies")] == [a.company]
        # the cap table of their company, not b's
        assert [r[0] for r in app.execute("SELECT id FROM auxeira.investments")] == [a.investment]
        assert visible(app, "token_transactions") == 1
        assert visible(app, "analytics_events") == 1
        assert visible(app, "subscription_events") == 1
        assert visible(app, "esg_metrics") == 1 and visible(app, "economic_impact") == 1
        assert visible(app, "corporate_partnerships") == 1
        assert visible(app, "portfolio_metrics") == 0


def test_investor_sees_their_portfolio_companies(
    two: tuple[Tenant, Tenant], app: psycopg.Connection[Any]
) -> None:
    a, _b = two
    with tenant(app, a.investor):
        assert [r[0] for r in app.execute("SELECT id FROM auxeira.investments")] == [a.investment]
        assert [r[0] for r in app.execute("SELECT id FROM auxeira.companies")] == [a.company]
        assert visible(app, "portfolio_metrics") == 1
        assert visible(app, "esg_metrics") == 1
        # read-only access to the company: an investor cannot edit it
        updated = app.execute("UPDATE auxeira.companies SET name = 'hijacked'").rowcount
        assert updated == 0


def test_a_tenant_cannot_change_or_create_another_tenants_rows(
    two: tuple[Tenant, Tenant], app: psycopg.Connection[Any], conn: psycopg.Connection[Any]
) -> None:
    a, b = two
    with tenant(app, a.founder):
        assert (
            app.execute(
                "UPDATE auxeira.companies SET name = 'x' WHERE id = %s", (b.company,)
            ).rowcount
            == 0
        )
        assert (
            app.execute(
                "DELETE FROM auxeira.analytics_events WHERE user_id = %s", (b.founder,)
            ).rowcount
            == 0
        )
    with (
        pytest.raises(errors.InsufficientPrivilege, match="row-level security"),
        tenant(app, a.founder),
    ):
        f.event(app, b.founder)
    app.rollback()
    with (
        pytest.raises(errors.InsufficientPrivilege, match="row-level security"),
        tenant(app, a.founder),
    ):
        app.execute(
            "UPDATE auxeira.companies SET user_id = %s WHERE id = %s", (b.founder, a.company)
        )
    app.rollback()
    row = conn.execute(
        "SELECT name, user_id FROM auxeira.companies WHERE id = %s", (b.company,)
    ).fetchone()
    assert row is not None and row[0] != "x" and row[1] == b.founder


def test_a_tenant_writes_its_own_rows(
    two: tuple[Tenant, Tenant], app: psycopg.Connection[Any]
) -> None:
    a, _ = two
    with tenant(app, a.founder):
        f.event(app, a.founder)
        assert visible(app, "analytics_events") == 2
    # token transactions are not written by tenants at all (tokens by rule, tests/test_tokens.py)


def test_jwt_claims_sub_is_a_fallback(
    two: tuple[Tenant, Tenant], app: psycopg.Connection[Any]
) -> None:
    a, _ = two
    with app.transaction():
        app.execute(
            "SELECT set_config('request.jwt.claims', %s, true)",
            (json.dumps({"sub": str(a.founder)}),),
        )
        assert [r[0] for r in app.execute("SELECT id FROM auxeira.users")] == [a.founder]


def test_the_application_role_has_no_ddl(app: psycopg.Connection[Any]) -> None:
    with pytest.raises(errors.InsufficientPrivilege):
        app.execute("CREATE TABLE auxeira.sneaky (id int)")
    app.rollback()
    with pytest.raises(errors.InsufficientPrivilege):
        app.execute("ALTER TABLE auxeira.users DISABLE ROW LEVEL SECURITY")
    app.rollback()
    with pytest.raises(errors.InsufficientPrivilege):
        app.execute("SELECT * FROM auxeira.cleanup_expired_synthetic_data()")


def test_readonly_role_reads_everything_and_writes_nothing(
    two: tuple[Tenant, Tenant], db_url: str
) -> None:
    with psycopg.connect(db_url) as ro:
        ro.execute("SET ROLE auxeira_readonly")
        assert visible(ro, "users") == 6
        with pytest.raises(errors.InsufficientPrivilege):
            ro.execute("DELETE FROM auxeira.users")


def test_tenant_rejects_a_malformed_user_id(app: psycopg.Connection[Any]) -> None:
    with pytest.raises(DataError, match="UUID"), tenant(app, "not-a-uuid"):
        pass
