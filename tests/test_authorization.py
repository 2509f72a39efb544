"""Authorization by consent: the attacks of issue 8, tried as the application role.

Each test plays a tenant who may run any statement or function on the exposed schemas with
its own tenant set (what a service, or PostgREST, allows) and checks that nothing it writes
grants it access to someone else's data, changes its own privileges, or erases another
tenant's records. Rows are built by the platform (a superuser) with tests/factories.py.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import tenant
from auxeira_db.errors import DataError, PermissionDenied
from tests import factories as f


def count(conn: psycopg.Connection[Any], query: str, *args: Any) -> int:
    row = conn.execute(query, args).fetchone()
    assert row is not None
    return int(row[0])


def flow(conn: psycopg.Connection[Any], investment: uuid.UUID, kind: str, amount: int) -> None:
    f.insert(
        conn,
        "investment_cash_flows",
        investment_id=investment,
        flow_date=date(2021, 1, 1),
        flow_type=kind,
        amount=amount,
    )


def mark(conn: psycopg.Connection[Any], investment: uuid.UUID, on: date, value: int) -> None:
    f.insert(
        conn,
        "valuation_marks",
        investment_id=investment,
        mark_date=on,
        holding_value=value,
        company_valuation=value * 10,
    )


# 1. A founder can no longer delete its investors' records -----------------------------------


def test_a_founder_cannot_erase_its_investors_flows_or_marks(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    company = f.company(conn, founder)
    vc = f.user(conn, "vc")
    investment = f.investment(conn, vc, company)
    flow(conn, investment, "contribution", 100_000)
    flow(conn, investment, "distribution", 250_000)
    mark(conn, investment, date(2022, 1, 1), 50_000)

    with tenant(app_conn, founder):
        # the founder reads its cap table's flows (the investment is accepted) ...
        assert count(app_conn, "SELECT count(*) FROM auxeira.investment_cash_flows") == 2
    # ... and deletes or rewrites none of them; since 0011 no service may (history is
    # append-only: the investor corrects by a reversal row, see test_conventions.py)
    for who in (founder, vc):
        for statement in (
            "DELETE FROM auxeira.investment_cash_flows",
            "DELETE FROM auxeira.valuation_marks",
            "UPDATE auxeira.valuation_marks SET holding_value = 1",
            "UPDATE auxeira.investment_cash_flows SET amount = 1",
        ):
            with tenant(app_conn, who), pytest.raises(psycopg.errors.InsufficientPrivilege):
                app_conn.execute(statement)
    assert count(conn, "SELECT count(*) FROM auxeira.investment_cash_flows") == 2
    assert (
        count(conn, "SELECT count(*) FROM auxeira.valuation_marks WHERE holding_value = 50000") == 1
    )


# 2. Logging an investment no longer opens a company's confidential data ----------------------


def confidential_rows(
    app_conn: psycopg.Connection[Any], company: uuid.UUID
) -> tuple[int, int, int]:
    return (
        count(app_conn, "SELECT count(*) FROM auxeira.companies WHERE id = %s", company),
        count(app_conn, "SELECT count(*) FROM auxeira.esg_metrics WHERE company_id = %s", company),
        count(
            app_conn, "SELECT count(*) FROM auxeira.economic_impact WHERE company_id = %s", company
        ),
    )


def test_logging_an_investment_opens_nothing_until_the_founder_accepts(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    company = f.company(conn, founder, mrr=50_000, burn_rate=80_000)
    f.esg(conn, company)
    f.impact(conn, company)
    vc = f.user(conn, "vc")

    with tenant(app_conn, vc):
        row = app_conn.execute(
            "SELECT investment_id FROM auxeira_dash.vc_record_investment(%s, 1, %s)",
            (company, date(2024, 1, 1)),
        ).fetchone()
        assert row is not None
        investment = row[0]
        assert confidential_rows(app_conn, company) == (0, 0, 0)
        # its own figures and the public profile are there
        assert (
            count(app_conn, "SELECT count(*) FROM auxeira.investments WHERE id = %s", investment)
            == 1
        )
        portfolio = app_conn.execute(
            "SELECT company_name FROM auxeira_dash.vc_portfolio WHERE investment_id = %s",
            (investment,),
        ).fetchone()
        assert portfolio is not None and portfolio[0] is not None
    app_conn.commit()

    with tenant(app_conn, founder):
        pending = app_conn.execute(
            "SELECT relationship, founder_consent FROM auxeira_dash.startup_relationships "
            "WHERE id = %s",
            (investment,),
        ).fetchone()
        assert pending == ("investment", "pending")
        answer = "SELECT auxeira_dash.startup_answer_relationship('investment', %s, %s)"
        assert app_conn.execute(answer, (investment, "accept")).fetchone() == ("accepted",)
    app_conn.commit()
    with tenant(app_conn, vc):
        assert confidential_rows(app_conn, company) == (1, 1, 1)
    app_conn.commit()

    with tenant(app_conn, founder):
        assert app_conn.execute(answer, (investment, "revoke")).fetchone() == ("revoked",)
    app_conn.commit()
    with tenant(app_conn, vc):
        assert confidential_rows(app_conn, company) == (0, 0, 0)
        # the investment itself and its history stay
        assert (
            count(app_conn, "SELECT count(*) FROM auxeira.investments WHERE id = %s", investment)
            == 1
        )
    audit = conn.execute(
        "SELECT action FROM auxeira.audit_log WHERE entity = 'investments' AND entity_id = %s "
        "ORDER BY id",
        (str(investment),),
    ).fetchall()
    assert audit == [("relationship accepted",), ("relationship revoked",)]


def test_a_plain_insert_by_a_corporate_user_opens_nothing(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    company = f.company(conn, founder)
    f.esg(conn, company)
    corporate = f.user(conn, "corporate")
    with tenant(app_conn, corporate):
        app_conn.execute(
            "INSERT INTO auxeira.investments (investor_id, company_id, amount, investment_date) "
            "VALUES (%s, %s, 1, '2024-01-01')",
            (corporate, company),
        )
        assert confidential_rows(app_conn, company) == (0, 0, 0)
        # nor can it claim the founder's consent itself
        with (
            pytest.raises(errors.InsufficientPrivilege, match="founder_consent"),
            app_conn.transaction(),
        ):
            app_conn.execute(
                "INSERT INTO auxeira.investments (investor_id, company_id, amount, "
                "investment_date, founder_consent) VALUES (%s, %s, 1, '2024-01-01', 'accepted')",
                (corporate, company),
            )


def test_only_the_founder_answers_and_an_answer_cannot_be_moved(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder, other_founder = f.user(conn), f.user(conn)
    company = f.company(conn, founder)
    other_company = f.company(conn, other_founder)
    vc = f.user(conn, "vc")
    pending = f.investment(conn, vc, company, founder_consent="pending")
    accepted = f.investment(conn, vc, other_company)
    answer = "SELECT auxeira_dash.startup_answer_relationship('investment', %s, 'accept')"
    with pytest.raises(errors.InsufficientPrivilege, match="no investment"), tenant(app_conn, vc):
        app_conn.execute(answer, (pending,))
    app_conn.rollback()
    with pytest.raises(errors.InsufficientPrivilege), tenant(app_conn, other_founder):
        app_conn.execute(answer, (pending,))
    app_conn.rollback()
    with pytest.raises(errors.InsufficientPrivilege, match="founder_consent"), tenant(app_conn, vc):
        app_conn.execute("UPDATE auxeira.investments SET founder_consent = 'accepted'")
    app_conn.rollback()
    # an accepted investment cannot be moved onto another company
    with pytest.raises(errors.InsufficientPrivilege, match="company_id"), tenant(app_conn, vc):
        app_conn.execute(
            "UPDATE auxeira.investments SET company_id = %s WHERE id = %s", (company, accepted)
        )
    app_conn.rollback()
    assert (
        count(conn, "SELECT count(*) FROM auxeira.investments WHERE founder_consent = 'accepted'")
        == 1
    )


# 3. A user can no longer change its own user_type or subscription ---------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("user_type", "government"),
        ("subscription_tier", "enterprise"),
        ("subscription_status", "active"),
    ],
)
def test_a_user_cannot_change_its_own_privileged_columns(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any], column: str, value: str
) -> None:
    founder = f.user(conn, subscription_status="trialing")
    with pytest.raises(errors.InsufficientPrivilege, match=column), tenant(app_conn, founder):
        app_conn.execute(f"UPDATE auxeira.users SET {column} = %s", (value,))
    app_conn.rollback()
    with tenant(app_conn, founder):  # the profile columns stay the user's own
        app_conn.execute("UPDATE auxeira.users SET company_name = 'Renamed'")
    app_conn.commit()
    row = conn.execute(
        "SELECT user_type, subscription_tier, subscription_status, company_name "
        "FROM auxeira.users WHERE id = %s",
        (founder,),
    ).fetchone()
    assert row == ("founder", "free", "trialing", "Renamed")


def test_a_tenant_cannot_create_its_own_users_row(app_conn: psycopg.Connection[Any]) -> None:
    me = uuid.uuid4()
    with pytest.raises(errors.InsufficientPrivilege), tenant(app_conn, me):
        app_conn.execute(
            "INSERT INTO auxeira.users (id, email, user_type) VALUES (%s, 'x@example.com', "
            "'government')",
            (me,),
        )


def test_the_admin_role_changes_user_types_and_is_audited(conn: psycopg.Connection[Any]) -> None:
    conn.execute("SET ROLE auxeira_admin")
    row = conn.execute("SELECT auxeira.admin_create_user('gov@example.com', 'founder')").fetchone()
    assert row is not None
    user = row[0]
    conn.execute("SELECT auxeira.admin_set_user_type(%s, 'government')", (user,))
    conn.execute("RESET ROLE")
    assert conn.execute(
        "SELECT user_type FROM auxeira.users WHERE id = %s", (user,)
    ).fetchone() == ("government",)
    log = conn.execute(
        "SELECT action, old_value, new_value FROM auxeira.audit_log WHERE entity_id = %s "
        "ORDER BY id",
        (str(user),),
    ).fetchall()
    assert log == [
        ("user created", None, {"email": "gov@example.com", "user_type": "founder"}),
        ("user privileges changed", {"user_type": "founder"}, {"user_type": "government"}),
    ]


def test_the_application_role_cannot_call_admin_functions(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    with pytest.raises(errors.InsufficientPrivilege), tenant(app_conn, founder):
        app_conn.execute("SELECT auxeira.admin_set_user_type(%s, 'government')", (founder,))


# 4. An investor can no longer change what others see ----------------------------------------


def test_an_investor_mark_does_not_become_another_founders_valuation(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    company = f.company(conn, founder, current_valuation=5_000_000)
    vc = f.user(conn, "vc")
    with tenant(app_conn, vc):
        row = app_conn.execute(
            "SELECT investment_id FROM auxeira_dash.vc_record_investment(%s, 1, %s)",
            (company, date(2024, 1, 1)),
        ).fetchone()
        assert row is not None
        app_conn.execute(
            "INSERT INTO auxeira.valuation_marks (investment_id, mark_date, holding_value, "
            "company_valuation) VALUES (%s, %s, 1, 1)",
            (row[0], date.today() + timedelta(days=1)),
        )
    app_conn.commit()
    with tenant(app_conn, founder):
        overview = app_conn.execute(
            "SELECT latest_valuation, valuation_source FROM auxeira_dash.startup_overview"
        ).fetchone()
    assert overview == (Decimal("5000000.00"), "company")


def test_an_accepted_investors_future_mark_is_ignored_too(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    company = f.company(conn, founder, current_valuation=5_000_000)
    investment = f.investment(conn, f.user(conn, "vc"), company)
    mark(conn, investment, date.today() + timedelta(days=1), 1)
    with tenant(app_conn, founder):
        row = app_conn.execute(
            "SELECT latest_valuation FROM auxeira_dash.startup_overview"
        ).fetchone()
    assert row == (Decimal("5000000.00"),)


def test_an_investment_cannot_be_moved_into_another_vcs_fund(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    other_vc, vc = f.user(conn, "vc"), f.user(conn, "vc")
    fund = f.insert(
        conn,
        "funds",
        manager_id=other_vc,
        name="Someone else's Fund I",
        vintage_year=2020,
        committed_capital=10_000_000,
    )
    investment = f.investment(conn, vc, f.company(conn, f.user(conn)))
    with pytest.raises(errors.InsufficientPrivilege, match="row-level"), tenant(app_conn, vc):
        app_conn.execute(
            "UPDATE auxeira.investments SET fund_id = %s WHERE id = %s", (fund, investment)
        )
    app_conn.rollback()
    with pytest.raises(errors.InsufficientPrivilege, match="row-level"), tenant(app_conn, vc):
        app_conn.execute(
            "INSERT INTO auxeira.investments (investor_id, company_id, fund_id, amount, "
            "investment_date) SELECT %s, company_id, %s, 1, '2024-01-01' "
            "FROM auxeira.investments WHERE id = %s",
            (vc, fund, investment),
        )


# 5. The five-company minimum can no longer be beaten by padding ------------------------------


def refresh_aggregates(conn: psycopg.Connection[Any]) -> None:
    for view in (
        "corporate_ecosystem_pulse",
        "government_economic_impact",
        "government_compliance_summary",
    ):
        conn.execute(f"REFRESH MATERIALIZED VIEW auxeira_mv.{view}")


def test_padding_with_unverified_companies_publishes_nothing(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    industry = "Quantum Agritech"
    real = f.company(conn, f.user(conn), industry=industry, current_valuation=7_777_777)
    f.impact(conn, real)
    attackers = [f.user(conn), f.user(conn)]
    for attacker, n in zip(attackers, (3, 1), strict=True):
        with tenant(app_conn, attacker):
            for _ in range(n):
                app_conn.execute(
                    "INSERT INTO auxeira.companies (user_id, name, industry, stage, "
                    "current_valuation) VALUES (%s, 'Padding', %s, 'seed', 0)",
                    (attacker, industry),
                )
        app_conn.commit()
    # as the platform would see it: five companies in the group, one of them real
    assert count(conn, "SELECT count(*) FROM auxeira.companies WHERE industry = %s", industry) == 5
    refresh_aggregates(conn)
    assert (
        count(
            conn,
            "SELECT count(*) FROM auxeira_mv.corporate_ecosystem_pulse WHERE industry = %s",
            industry,
        )
        == 0
    )
    assert (
        count(
            conn,
            "SELECT count(*) FROM auxeira_mv.government_economic_impact "
            "WHERE breakdown = 'industry' AND breakdown_value = %s",
            industry,
        )
        == 0
    )
    # once the platform verifies five real companies the group is published
    for _ in range(4):
        f.company(conn, f.user(conn), industry=industry)
    refresh_aggregates(conn)
    assert (
        count(
            conn,
            "SELECT max(companies) FROM auxeira_mv.corporate_ecosystem_pulse WHERE industry = %s",
            industry,
        )
        == 5
    )


def test_a_founder_holds_a_bounded_number_of_unverified_companies(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    insert = "INSERT INTO auxeira.companies (user_id, name) VALUES (%s, 'Mine')"
    with tenant(app_conn, founder):
        for _ in range(3):
            app_conn.execute(insert, (founder,))
        with (
            pytest.raises(errors.CheckViolation, match="at most 3 unverified"),
            app_conn.transaction(),
        ):
            app_conn.execute(insert, (founder,))
    app_conn.rollback()
    with pytest.raises(errors.InsufficientPrivilege, match="verified"), tenant(app_conn, founder):
        app_conn.execute(
            "INSERT INTO auxeira.companies (user_id, name, verified) VALUES (%s, 'x', true)",
            (founder,),
        )
    app_conn.rollback()
    company = f.company(conn, founder, verified=False)
    with pytest.raises(errors.InsufficientPrivilege, match="verified"), tenant(app_conn, founder):
        app_conn.execute("UPDATE auxeira.companies SET verified = true WHERE id = %s", (company,))


# 6. Rows can no longer be attached to another company without consent ----------------------


def test_a_partnership_on_another_company_is_pending_until_the_founder_accepts(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    company = f.company(conn, founder)
    corporate = f.user(conn, "corporate")
    with tenant(app_conn, corporate):
        row = app_conn.execute(
            "INSERT INTO auxeira.corporate_partnerships (corporate_partner_id, startup_id, "
            "partnership_type) VALUES (%s, %s, 'pilot') RETURNING id, founder_consent",
            (corporate, company),
        ).fetchone()
        assert row is not None and row[1] == "pending"
        with pytest.raises(errors.InsufficientPrivilege), app_conn.transaction():
            app_conn.execute(
                "UPDATE auxeira.corporate_partnerships SET founder_consent = 'accepted'"
            )
    app_conn.rollback()


def test_a_syndicate_on_another_company_is_hidden_until_the_founder_accepts(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder = f.user(conn)
    company = f.company(conn, founder)
    lead, angel = f.user(conn, "angel"), f.user(conn, "angel")
    with tenant(app_conn, lead):
        row = app_conn.execute(
            "INSERT INTO auxeira.syndicates (lead_id, company_id, name, target_amount, "
            "min_ticket, deadline) VALUES (%s, %s, 'On your company', 100000, 1000, %s) "
            "RETURNING id",
            (lead, company, date.today() + timedelta(days=30)),
        ).fetchone()
        assert row is not None
        syndicate = row[0]
    app_conn.commit()
    opportunities = "SELECT count(*) FROM auxeira.syndicates WHERE id = %s"
    with tenant(app_conn, angel):
        assert count(app_conn, opportunities, syndicate) == 0
    app_conn.commit()
    with tenant(app_conn, founder):
        assert count(app_conn, opportunities, syndicate) == 1  # the founder sees it, to answer
        app_conn.execute(
            "SELECT auxeira_dash.startup_answer_relationship('syndicate', %s, 'accept')",
            (syndicate,),
        )
    app_conn.commit()
    with tenant(app_conn, angel):
        assert count(app_conn, opportunities, syndicate) == 1


def test_evidence_cannot_point_at_another_founders_interview(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    victim, attacker = f.user(conn), f.user(conn)
    victim_company = f.company(conn, victim)
    attacker_company = f.company(conn, attacker)
    interview = f.insert(
        conn,
        "customer_interviews",
        company_id=victim_company,
        user_id=victim,
        interview_date=date(2024, 1, 1),
        interviewee_role="Head of operations",
        problem_validated=True,
    )
    with pytest.raises(errors.InsufficientPrivilege, match="row-level"), tenant(app_conn, attacker):
        app_conn.execute(
            "INSERT INTO auxeira.startup_evidence (company_id, user_id, evidence_kind, title, "
            "file_uri, file_sha256, size_bytes, interview_id) VALUES (%s, %s, "
            "'customer_interview', 'x', 's3://b/x', repeat('a', 64), 1, %s)",
            (attacker_company, attacker, interview),
        )
    app_conn.rollback()
    with tenant(app_conn, victim):  # the victim can still delete its interview
        assert app_conn.execute("DELETE FROM auxeira.customer_interviews").rowcount == 1


# Small leaks --------------------------------------------------------------------------------


def test_a_setting_and_a_jwt_naming_different_users_is_refused(
    app_conn: psycopg.Connection[Any],
) -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    app_conn.execute("SELECT set_config('request.jwt.claims', %s, true)", (f'{{"sub": "{b}"}}',))
    with pytest.raises(errors.InsufficientPrivilege, match="ambiguous"), tenant(app_conn, a):
        app_conn.execute("SELECT auxeira.current_user_id()")
    app_conn.rollback()
    app_conn.execute("SELECT set_config('request.jwt.claims', %s, true)", (f'{{"sub": "{a}"}}',))
    with tenant(app_conn, a):
        assert app_conn.execute("SELECT auxeira.current_user_id()").fetchone() == (a,)
    app_conn.rollback()
    # PostgREST's path: the claims alone name the tenant
    app_conn.execute("SELECT set_config('request.jwt.claims', %s, true)", (f'{{"sub": "{b}"}}',))
    assert app_conn.execute("SELECT auxeira.current_user_id()").fetchone() == (b,)
    app_conn.rollback()
    app_conn.execute("SELECT set_config('request.jwt.claims', '{\"role\": \"anon\"}', true)")
    assert app_conn.execute("SELECT auxeira.current_user_id()").fetchone() == (None,)


def test_the_audit_log_is_append_only_and_closed_to_tenants(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    # the migrations audit what they enter (the plans' prices of 0022): count from here
    before = count(conn, "SELECT count(*) FROM auxeira.audit_log")
    conn.execute("SELECT auxeira.admin_set_company_verified(%s, false)", (f.company(conn, None),))
    assert count(conn, "SELECT count(*) FROM auxeira.audit_log") == before + 1
    for statement in (
        "UPDATE auxeira.audit_log SET action = 'x'",
        "DELETE FROM auxeira.audit_log",
        "TRUNCATE auxeira.audit_log",
    ):
        with pytest.raises(errors.InsufficientPrivilege, match="append-only"):
            conn.execute(statement)
    with pytest.raises(errors.InsufficientPrivilege), tenant(app_conn, f.user(conn)):
        app_conn.execute("SELECT count(*) FROM auxeira.audit_log")
    app_conn.rollback()
    conn.execute("SET ROLE auxeira_readonly")
    assert count(conn, "SELECT count(*) FROM auxeira.audit_log") == before + 1


# Conventions, from the catalog ---------------------------------------------------------------


def test_no_tenant_policy_is_for_all_commands(conn: psycopg.Connection[Any]) -> None:
    """Write access is stated per command: a FOR ALL policy would let every row a tenant may
    read also be written (the founder deleting its investors' flows). Only the owner role's
    maintenance policies may cover all commands."""
    offenders = conn.execute(
        """
        SELECT schemaname || '.' || tablename || ': ' || policyname
        FROM pg_catalog.pg_policies
        WHERE schemaname LIKE 'auxeira%%'
          AND cmd = 'ALL'
          AND roles <> '{auxeira_owner}'
        ORDER BY 1
        """
    ).fetchall()
    assert offenders == []


def test_no_policy_applies_to_public(conn: psycopg.Connection[Any]) -> None:
    offenders = conn.execute(
        "SELECT tablename, policyname FROM pg_catalog.pg_policies "
        "WHERE schemaname LIKE 'auxeira%%' AND 'public' = ANY (roles)"
    ).fetchall()
    assert offenders == []


def test_the_conventions_test_notices_a_for_all_policy(conn: psycopg.Connection[Any]) -> None:
    conn.execute("CREATE POLICY sneaky ON auxeira.valuation_marks TO auxeira_app USING (true)")
    with pytest.raises(AssertionError):
        test_no_tenant_policy_is_for_all_commands(conn)


# The Python entry points -------------------------------------------------------------------


def test_the_founder_answers_through_the_python_api(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    from auxeira_db.dashboards import startup

    founder = f.user(conn)
    company = f.company(conn, founder, name="Answered Ltd")
    vc = f.user(conn, "vc")
    investment = f.investment(conn, vc, company, founder_consent="pending")
    with tenant(app_conn, founder):
        [row] = startup.relationships(app_conn)
        assert (row.relationship, row.id, row.company_name, row.counterparty_id) == (
            "investment",
            investment,
            "Answered Ltd",
            vc,
        )
        assert row.founder_consent == "pending"
        assert (
            startup.answer_relationship(app_conn, "investment", investment, "accept") == "accepted"
        )
        assert startup.relationships(app_conn)[0].founder_consent == "accepted"
        with pytest.raises(DataError, match="accept, reject or revoke"):
            startup.answer_relationship(app_conn, "investment", investment, "maybe")
    app_conn.rollback()
    with tenant(app_conn, vc), pytest.raises(PermissionDenied, match="no investment"):
        startup.answer_relationship(app_conn, "investment", investment, "revoke")


def test_an_answer_with_an_idempotency_key_is_replayed_not_redone(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    """A retried answer (same key) returns the first call's answer and changes nothing, even
    when the consent moved on meanwhile (0017)."""
    from auxeira_db.dashboards import startup

    founder = f.user(conn)
    company = f.company(conn, founder)
    investment = f.investment(conn, f.user(conn, "vc"), company, founder_consent="pending")
    with tenant(app_conn, founder):
        first = startup.answer_relationship(
            app_conn, "investment", investment, "accept", idempotency_key="answer-1"
        )
        revoked = startup.answer_relationship(app_conn, "investment", investment, "revoke")
        retried = startup.answer_relationship(
            app_conn, "investment", investment, "accept", idempotency_key="answer-1"
        )
    assert (first, revoked, retried) == ("accepted", "revoked", "accepted")
    consent = conn.execute(
        "SELECT founder_consent FROM auxeira.investments WHERE id = %s", (investment,)
    ).fetchone()
    assert consent == ("revoked",)  # the retry did not accept it again


def test_the_admin_api_creates_users_and_verifies_companies(
    conn: psycopg.Connection[Any],
) -> None:
    from auxeira_db import admin

    conn.execute("SET ROLE auxeira_admin")
    user = admin.create_user(conn, "new.founder@example.com", "founder")
    admin.set_user_type(conn, user, "angel")
    admin.set_subscription(conn, user, "pro", "active")
    admin.set_email(conn, user, "renamed.founder@example.com")
    with pytest.raises(DataError, match="users_user_type_check"):
        admin.set_user_type(conn, user, "pirate")
    with pytest.raises(DataError, match="no user"):
        admin.set_user_type(conn, uuid.uuid4(), "vc")
    conn.execute("SET ROLE auxeira_app")
    with pytest.raises(PermissionDenied, match="admin_set_user_type"):
        admin.set_user_type(conn, user, "government")
    conn.execute("RESET ROLE")
    company = f.company(conn, user, verified=False)
    conn.execute("SET ROLE auxeira_admin")
    admin.set_company_verified(conn, company)
    conn.execute("RESET ROLE")
    row = conn.execute(
        "SELECT u.user_type, u.subscription_tier, c.verified, c.verified_at IS NOT NULL "
        "FROM auxeira.users AS u JOIN auxeira.companies AS c ON c.user_id = u.id "
        "WHERE u.id = %s",
        (user,),
    ).fetchone()
    assert row == ("angel", "pro", True, True)
    actions = [  # what this test did (the migrations audit the prices they enter)
        r[0]
        for r in conn.execute(
            "SELECT action FROM auxeira.audit_log WHERE entity <> 'price_list' ORDER BY id"
        ).fetchall()
    ]
    assert actions == [
        "user created",
        "user privileges changed",
        "user privileges changed",
        "user privileges changed",
        "company verified",
    ]


def test_materialized_views_are_closed_to_the_application_role(
    conn: psycopg.Connection[Any],
) -> None:
    """Materialized views cannot have row-level security: tenants reach them only through
    the SECURITY DEFINER functions that filter and aggregate."""
    readable = conn.execute(
        "SELECT c.relname FROM pg_catalog.pg_class AS c "
        "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'auxeira_mv' "
        "AND has_table_privilege('auxeira_app', c.oid, 'SELECT')"
    ).fetchall()
    assert readable == []


def test_the_seed_has_accepted_pending_and_rejected_relationships(db_url: str) -> None:
    from auxeira_db import synthetic

    synthetic.generate(db_url, persona="all", scale="small", seed=3)
    with psycopg.connect(db_url) as conn:
        consents = dict(
            conn.execute(
                "SELECT founder_consent, count(*) FROM auxeira.investments GROUP BY 1"
            ).fetchall()
        )
        unverified = count(conn, "SELECT count(*) FROM auxeira.companies WHERE NOT verified")
        partnerships = {
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT founder_consent FROM auxeira.corporate_partnerships"
            ).fetchall()
        }
    assert set(consents) == {"accepted", "pending", "rejected"}
    assert consents["accepted"] > 10 * (consents["pending"] + consents["rejected"]) / 2
    assert "accepted" in partnerships
    assert unverified == 0


def test_price_changes_are_audited(conn: psycopg.Connection[Any]) -> None:
    conn.execute("SET ROLE auxeira_owner")
    row = conn.execute(
        "INSERT INTO auxeira.price_list (product_code, currency, amount) "
        "VALUES ('audited_report', 'USD', 10) RETURNING id"
    ).fetchone()
    assert row is not None
    conn.execute("UPDATE auxeira.price_list SET amount = 12 WHERE id = %s", (row[0],))
    log = conn.execute(
        "SELECT action, old_value ->> 'amount', new_value ->> 'amount', db_user "
        "FROM auxeira.audit_log WHERE entity = 'price_list' AND entity_id = %s ORDER BY id",
        (str(row[0]),),
    ).fetchall()
    assert log == [
        ("price added", None, "10.00", "postgres"),
        ("price changed", "10.00", "12.00", "postgres"),
    ]


# Found by a red-team review after the first build --------------------------------------------


def test_a_median_is_rounded_so_that_it_names_no_company(conn: psycopg.Connection[Any]) -> None:
    row = conn.execute(
        "SELECT auxeira.round_significant(8558584.54, 2), auxeira.round_significant(0.012345, 2),"
        " auxeira.round_significant(0, 2)"
    ).fetchone()
    assert row == (Decimal("8600000"), Decimal("0.012"), Decimal("0"))


def test_the_compliance_summary_minus_the_shared_list_isolates_no_company(
    conn: psycopg.Connection[Any],
) -> None:
    """Five founders share their status, two do not: the two must not be countable as the
    summary minus the rows the regulator sees one by one."""
    regulator = f.user(conn, "government")
    requirement = f.insert(
        conn,
        "regulatory_requirements",
        owner_id=regulator,
        code="RT-1",
        name="Red team",
        jurisdiction="Nigeria",
        category="licensing",
        effective_date=date(2020, 1, 1),
    )
    for i, (status, shared) in enumerate(
        [("compliant", True)] * 5 + [("non-compliant", False), ("pending", False)]
    ):
        f.insert(
            conn,
            "company_compliance",
            company_id=f.company(conn, f.user(conn), name=f"C{i}"),
            requirement_id=requirement,
            status=status,
            shared_with_regulator=shared,
        )
    conn.execute("REFRESH MATERIALIZED VIEW auxeira_mv.government_compliance_summary")
    summary = conn.execute(
        "SELECT companies, compliant, non_compliant, pending "
        "FROM auxeira_mv.government_compliance_summary WHERE requirement_id = %s",
        (requirement,),
    ).fetchone()
    assert summary == (5, 5, 0, 0)  # the two unshared statuses stay out
    for i in range(3):  # five unshared: they may count, as a group of five
        f.insert(
            conn,
            "company_compliance",
            company_id=f.company(conn, f.user(conn), name=f"D{i}"),
            requirement_id=requirement,
            status="partial",
            shared_with_regulator=False,
        )
    conn.execute("REFRESH MATERIALIZED VIEW auxeira_mv.government_compliance_summary")
    summary = conn.execute(
        "SELECT companies FROM auxeira_mv.government_compliance_summary WHERE requirement_id = %s",
        (requirement,),
    ).fetchone()
    assert summary == (10,)


def test_award_tokens_never_returns_another_users_posting(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    victim, attacker = f.user(conn), f.user(conn)
    action = uuid.uuid4()
    insert = (
        "INSERT INTO auxeira.founder_daily_actions (id, user_id, action_date, action_type, "
        "title, status, completed_at, completed_count, target_count, token_reward) "
        "VALUES (%s, %s, CURRENT_DATE, 'fundraising', %s, 'completed', now(), 1, 1, 50)"
    )
    with tenant(app_conn, victim):
        app_conn.execute(insert, (action, victim, "Secret: call the lead investor"))
        app_conn.execute("SELECT auxeira.award_tokens('daily_action', %s)", (action,))
        app_conn.execute("DELETE FROM auxeira.founder_daily_actions WHERE id = %s", (action,))
    app_conn.commit()
    with tenant(app_conn, attacker):
        app_conn.execute(insert, (action, attacker, "mine"))
        with (
            pytest.raises(errors.InsufficientPrivilege, match="already earned"),
            app_conn.transaction(),
        ):
            app_conn.execute("SELECT * FROM auxeira.award_tokens('daily_action', %s)", (action,))


def test_a_tenant_cannot_change_its_e_mail(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    f.user(conn, email="taken@example.com")
    me = f.user(conn, email="me@example.com")
    with pytest.raises(errors.InsufficientPrivilege, match="email"), tenant(app_conn, me):
        app_conn.execute("UPDATE auxeira.users SET email = 'taken@example.com'")
    app_conn.rollback()
    with pytest.raises(errors.InsufficientPrivilege, match="email"), tenant(app_conn, me):
        app_conn.execute("UPDATE auxeira.users SET email = 'someone.else@example.com'")
    app_conn.rollback()
    conn.execute("SET ROLE auxeira_admin")
    conn.execute("SELECT auxeira.admin_set_email(%s, 'me.new@example.com')", (me,))
    conn.execute("RESET ROLE")
    assert conn.execute(
        "SELECT new_value FROM auxeira.audit_log WHERE entity_id = %s", (str(me),)
    ).fetchone() == ({"email": "me.new@example.com"},)
