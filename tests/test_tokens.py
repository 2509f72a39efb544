"""Tokens by rule (issue 8): services cannot write the token ledger; tokens are awarded and
spent only by functions that check the rule (auxeira.token_rules, the price list), one posting
at a time per user, so running totals are serial and a balance never goes negative."""

from __future__ import annotations

import threading
import uuid
from datetime import date
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import tenant
from tests import factories as f

HASH = "ab" * 32


def _founder(conn: psycopg.Connection[Any]) -> tuple[uuid.UUID, uuid.UUID]:
    founder = f.user(conn)
    return founder, f.company(conn, founder)


def _ledger(conn: psycopg.Connection[Any], user: uuid.UUID) -> list[tuple[Any, ...]]:
    """(activity_type, amount, total_tokens_after, running SUM in ledger order) per row."""
    return conn.execute(
        "SELECT activity_type, amount, total_tokens_after,"
        " sum(amount) OVER (ORDER BY created_at, id)::integer"
        " FROM auxeira.token_transactions WHERE user_id = %s ORDER BY created_at, id",
        (user,),
    ).fetchall()


def _log_interview(app: psycopg.Connection[Any], founder: uuid.UUID, company: uuid.UUID) -> Any:
    with tenant(app, founder):
        row = app.execute(
            "SELECT id FROM auxeira_dash.startup_record_interview(%s, current_date, 'CTO', true)",
            (company,),
        ).fetchone()
    assert row is not None
    return row[0]


def test_the_application_role_cannot_write_token_transactions(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder, _ = _founder(conn)
    mine = f.token(conn, founder, 10, total_tokens_after=10)
    statements = [
        (
            "INSERT INTO auxeira.token_transactions (user_id, transaction_type, amount)"
            " VALUES (%s, 'earned', 1000000)",
            (founder,),
        ),
        ("UPDATE auxeira.token_transactions SET amount = 1000000 WHERE id = %s", (mine,)),
        ("DELETE FROM auxeira.token_transactions WHERE id = %s", (mine,)),
        ("SELECT auxeira.token_penalty(%s, 1, 'x')", (founder,)),
        (
            "SELECT auxeira.token_post(%s, 'earned', 1000000, 'x', 'x', NULL)",
            (founder,),
        ),
    ]
    for statement, params in statements:
        with tenant(app_conn, founder), pytest.raises(errors.InsufficientPrivilege):
            app_conn.execute(statement, params)
        app_conn.rollback()
    # reading one's own ledger still works
    with tenant(app_conn, founder):
        assert app_conn.execute("SELECT count(*) FROM auxeira.token_transactions").fetchone() == (
            1,
        )
    app_conn.rollback()
    assert _ledger(conn, founder) == [(None, 10, 10, 10)]


def test_logged_interviews_earn_tokens_up_to_the_daily_limit(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder, company = _founder(conn)
    interviews = [_log_interview(app_conn, founder, company) for _ in range(6)]
    app_conn.commit()
    ledger = _ledger(conn, founder)
    # 20 tokens per interview, five rewarded a day; the sixth is logged but earns nothing
    assert ledger == [("customer_interview", 20, 20 * k, 20 * k) for k in range(1, 6)]
    sources = conn.execute(
        "SELECT source_id FROM auxeira.token_transactions WHERE user_id = %s ORDER BY created_at",
        (founder,),
    ).fetchall()
    assert [s[0] for s in sources] == interviews[:5]
    # an interview earns once: claiming it again returns the same posting
    with tenant(app_conn, founder):
        again = app_conn.execute(
            "SELECT amount, total_tokens_after FROM auxeira.award_tokens('customer_interview', %s)",
            (interviews[0],),
        ).fetchone()
    app_conn.commit()
    assert again == (20, 20)
    assert len(_ledger(conn, founder)) == 5


def test_evidence_and_completed_daily_actions_earn_tokens(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder, company = _founder(conn)
    f.insert(
        conn,
        "founder_daily_actions",
        user_id=founder,
        company_id=company,
        action_date=date.today(),
        action_type="evidence_upload",
        title="Upload one piece of evidence",
        target_count=1,
        token_reward=500,  # above the rule's cap of 100
    )
    with tenant(app_conn, founder):
        app_conn.execute(
            "SELECT auxeira_dash.startup_record_evidence(%s, 'traction', 'Statement',"
            " 's3://evidence/a.pdf', %s, 2048)",
            (company, HASH),
        )
    app_conn.commit()
    assert _ledger(conn, founder) == [
        ("evidence_uploaded", 30, 30, 30),
        ("daily_action", 100, 130, 130),
    ]


def test_award_tokens_checks_the_fact_that_earns_them(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder, company = _founder(conn)
    thief = f.user(conn)
    interview = _log_interview(app_conn, founder, company)
    app_conn.commit()
    # another user's interview earns the thief nothing
    with tenant(app_conn, thief), pytest.raises(errors.InsufficientPrivilege):
        app_conn.execute("SELECT auxeira.award_tokens('customer_interview', %s)", (interview,))
    app_conn.rollback()
    # an old interview (logged before the rule, or seeded) earns nothing either
    old = f.insert(
        conn,
        "customer_interviews",
        company_id=company,
        user_id=founder,
        interview_date=date(2024, 1, 1),
        interviewee_role="CFO",
        problem_validated=True,
        created_at="2024-01-01T00:00:00Z",
    )
    with tenant(app_conn, founder), pytest.raises(errors.InsufficientPrivilege):
        app_conn.execute("SELECT auxeira.award_tokens('customer_interview', %s)", (old,))
    app_conn.rollback()
    with tenant(app_conn, founder), pytest.raises(errors.InvalidParameterValue, match="no rule"):
        app_conn.execute("SELECT auxeira.award_tokens('referral', %s)", (interview,))
    app_conn.rollback()
    assert [r[:3] for r in _ledger(conn, founder)] == [("customer_interview", 20, 20)]
    assert _ledger(conn, thief) == []


def test_spending_takes_the_list_price_and_needs_the_balance(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    founder, _ = _founder(conn)
    f.token(conn, founder, 100, total_tokens_after=100)
    # the event ticket costs 80 TOK in auxeira.price_list; the premium report 120
    with tenant(app_conn, founder):
        spent = app_conn.execute(
            "SELECT amount, total_tokens_after, activity_type"
            " FROM auxeira.spend_tokens('event_ticket')"
        ).fetchone()
    app_conn.commit()
    assert spent == (-80, 20, "event_ticket")
    with (
        tenant(app_conn, founder),
        pytest.raises(errors.CheckViolation, match="not enough tokens: the balance is 20"),
    ):
        app_conn.execute("SELECT auxeira.spend_tokens('report_purchase')")
    app_conn.rollback()
    with tenant(app_conn, founder), pytest.raises(errors.RaiseException, match="no list price"):
        app_conn.execute("SELECT auxeira.spend_tokens('free_lunch')")
    app_conn.rollback()
    assert [r[1:] for r in _ledger(conn, founder)] == [(100, 100, 100), (-80, 20, 20)]


def test_a_penalty_never_takes_a_balance_below_zero(conn: psycopg.Connection[Any]) -> None:
    founder, _ = _founder(conn)
    f.token(conn, founder, 50, total_tokens_after=50)
    conn.execute("SET ROLE auxeira_owner")
    taken = conn.execute(
        "SELECT amount, total_tokens_after FROM auxeira.token_penalty(%s, 1000, 'abuse')",
        (founder,),
    ).fetchone()
    assert taken == (-50, 0)
    nothing = conn.execute(
        "SELECT (auxeira.token_penalty(%s, 10, 'again')).id", (founder,)
    ).fetchone()
    assert nothing == (None,)
    conn.execute("RESET ROLE")


def test_concurrent_awards_compute_serial_running_totals(
    conn: psycopg.Connection[Any], db_url: str
) -> None:
    """Ten sessions award the same founder at the same moment (real threads and connections,
    as the application role): every running total is distinct and equals the ledger's SUM."""
    founder, company = _founder(conn)
    facts: list[tuple[str, uuid.UUID]] = []
    for k in range(5):
        facts.append(
            (
                "customer_interview",
                f.insert(
                    conn,
                    "customer_interviews",
                    company_id=company,
                    user_id=founder,
                    interview_date=date.today(),
                    interviewee_role=f"Buyer {k}",
                    problem_validated=True,
                ),
            )
        )
        facts.append(
            (
                "evidence_uploaded",
                f.insert(
                    conn,
                    "startup_evidence",
                    company_id=company,
                    user_id=founder,
                    evidence_kind="traction",
                    title=f"File {k}",
                    file_uri=f"s3://evidence/{k}.pdf",
                    file_sha256=f"{k:x}" * 64,
                    size_bytes=1,
                ),
            )
        )
    barrier = threading.Barrier(len(facts))
    failures: list[BaseException] = []

    def award(activity: str, source: uuid.UUID) -> None:
        try:
            with psycopg.connect(db_url) as worker:
                worker.execute("SET ROLE auxeira_app")
                worker.commit()
                barrier.wait(timeout=30)
                with tenant(worker, founder):
                    worker.execute("SELECT auxeira.award_tokens(%s, %s)", (activity, source))
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=award, args=fact) for fact in facts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert failures == []
    ledger = _ledger(conn, founder)
    assert len(ledger) == 10
    totals = [row[2] for row in ledger]
    assert len(set(totals)) == 10  # no two awards computed the same running total
    assert all(row[2] == row[3] for row in ledger)  # each is the SUM in ledger order
    assert totals[-1] == 5 * 20 + 5 * 30
