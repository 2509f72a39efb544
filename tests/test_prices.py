"""Prices from a price list (issue 8): the owner role maintains auxeira.price_list; every
purchase takes its price from it, never from the caller, and a payment reference is bound to
its buyer."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from psycopg import errors

from auxeira_db import DataError, tenant
from auxeira_db.dashboards import vc
from auxeira_db.errors import PermissionDenied
from tests import factories as f


def _vc_with_fund(conn: psycopg.Connection[Any]) -> tuple[uuid.UUID, uuid.UUID]:
    manager = f.user(conn, "vc")
    return manager, f.fund(conn, manager)


def _purchases(conn: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT buyer_id, payment_reference, amount, currency, price_id IS NOT NULL"
        " FROM auxeira.lp_report_purchases ORDER BY created_at"
    ).fetchall()


def test_a_purchase_cannot_name_its_own_price(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    buyer, fund = _vc_with_fund(conn)
    # directly: no INSERT privilege (before 0009 a buyer could record a purchase at 0.01)
    with tenant(app_conn, buyer), pytest.raises(errors.InsufficientPrivilege):
        app_conn.execute(
            "INSERT INTO auxeira.lp_report_purchases"
            " (buyer_id, fund_id, payment_reference, amount) VALUES (%s, %s, 'pi_cheap', 0.01)",
            (buyer, fund),
        )
    app_conn.rollback()
    # through the endpoint: an amount other than the list price is refused
    with tenant(app_conn, buyer), pytest.raises(DataError, match="does not match the list price"):
        vc.purchase_lp_report(app_conn, fund, payment_reference="pi_cheap", amount=Decimal("0.01"))
    app_conn.rollback()
    assert _purchases(conn) == []
    # the list price in the chosen currency is recorded, with the price row it came from
    with tenant(app_conn, buyer):
        bought = vc.purchase_lp_report(
            app_conn, fund, payment_reference="pi_ngn", amount=Decimal(748_500), currency="NGN"
        )
    app_conn.commit()
    assert (bought.amount, bought.currency) == (Decimal("748500.00"), "NGN")
    assert _purchases(conn) == [(buyer, "pi_ngn", Decimal("748500.00"), "NGN", True)]


def test_a_payment_reference_is_bound_to_its_buyer(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    buyer, fund = _vc_with_fund(conn)
    other, other_fund = _vc_with_fund(conn)
    with tenant(app_conn, buyer):
        vc.purchase_lp_report(app_conn, fund, payment_reference="pi_shared", amount=Decimal(499))
    app_conn.commit()
    with (
        tenant(app_conn, other),
        pytest.raises(PermissionDenied, match="another account"),
    ):
        vc.purchase_lp_report(
            app_conn, other_fund, payment_reference="pi_shared", amount=Decimal(499)
        )
    app_conn.rollback()
    assert [r[0] for r in _purchases(conn)] == [buyer]


def test_only_the_owner_role_maintains_the_price_list(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    user = f.user(conn, "vc")
    with tenant(app_conn, user):
        prices = app_conn.execute(
            "SELECT amount FROM auxeira.current_price('lp_report_premium', 'usd')"
        ).fetchone()
    app_conn.rollback()
    assert prices == (Decimal("499.00"),)
    for statement in [
        "INSERT INTO auxeira.price_list (product_code, currency, amount)"
        " VALUES ('lp_report_premium', 'USD', 1)",
        "UPDATE auxeira.price_list SET amount = 1",
        "DELETE FROM auxeira.price_list",
    ]:
        with tenant(app_conn, user), pytest.raises(errors.InsufficientPrivilege):
            app_conn.execute(statement)
        app_conn.rollback()


def test_a_price_change_applies_to_new_purchases_and_never_overlaps(
    conn: psycopg.Connection[Any], app_conn: psycopg.Connection[Any]
) -> None:
    buyer, fund = _vc_with_fund(conn)
    with tenant(app_conn, buyer):
        vc.purchase_lp_report(app_conn, fund, payment_reference="pi_before", amount=Decimal(499))
    app_conn.commit()
    conn.execute("SET ROLE auxeira_owner")
    # a second open-ended USD price would overlap the current one
    with pytest.raises(errors.ExclusionViolation, match="already covers"):
        conn.execute(
            "INSERT INTO auxeira.price_list (product_code, currency, amount)"
            " VALUES ('lp_report_premium', 'USD', 599)"
        )
    with conn.transaction():
        conn.execute(
            "UPDATE auxeira.price_list SET valid_to = now()"
            " WHERE product_code = 'lp_report_premium' AND currency = 'USD' AND valid_to IS NULL"
        )
        conn.execute(
            "INSERT INTO auxeira.price_list (product_code, currency, amount, valid_from)"
            " VALUES ('lp_report_premium', 'USD', 599, now())"
        )
    conn.execute("RESET ROLE")
    with tenant(app_conn, buyer), pytest.raises(DataError, match="list price"):
        vc.purchase_lp_report(app_conn, fund, payment_reference="pi_after", amount=Decimal(499))
    app_conn.rollback()
    with tenant(app_conn, buyer):
        after = vc.purchase_lp_report(
            app_conn, fund, payment_reference="pi_after", amount=Decimal(599)
        )
        # the purchase made at the old price is still returned as recorded on a retry
        before = vc.purchase_lp_report(
            app_conn, fund, payment_reference="pi_before", amount=Decimal(499)
        )
    app_conn.commit()
    assert (before.amount, after.amount) == (Decimal("499.00"), Decimal("599.00"))
    assert before.price_id != after.price_id
