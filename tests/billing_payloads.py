"""Webhook bodies shaped like the providers' documented events (Paystack's "Supported
events" and Stripe's event and object references), with a test secret."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

PAYSTACK_SECRET = "sk_test_0123456789abcdef0123456789abcdef01234567"
STRIPE_SECRET = "whsec_test_5f1c0e9b7a6d4c3b2a1908f7e6d5c4b3"


def body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


def ts(day: int, second: int = 0) -> datetime:
    """A moment of the test calendar: day N of 2026 (from 1 January), plus seconds."""
    return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=day, seconds=second)


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _ps_customer(email: str, code: str) -> dict[str, Any]:
    return {
        "id": 68324,
        "first_name": "BoJack",
        "last_name": "Horseman",
        "email": email,
        "customer_code": code,
        "phone": None,
        "metadata": None,
        "risk_action": "default",
    }


def _ps_plan(tier: str, amount: int, currency: str = "NGN", interval: str = "monthly") -> dict:
    cycle = "annual" if interval == "annually" else "monthly"
    return {
        "id": 28,
        "name": f"plan_{tier}_{cycle}",
        "plan_code": f"PLN_{tier}{cycle}",
        "description": None,
        "amount": amount,
        "interval": interval,
        "send_invoices": True,
        "send_sms": True,
        "currency": currency,
    }


def paystack_charge_success(
    email: str,
    customer: str,
    reference: str,
    at: datetime,
    amount: int = 4350000,
    tier: str | None = "starter",
    currency: str = "NGN",
) -> dict[str, Any]:
    return {
        "event": "charge.success",
        "data": {
            "id": 302961,
            "domain": "test",
            "status": "success",
            "reference": reference,
            "amount": amount,
            "message": None,
            "gateway_response": "Approved by Financial Institution",
            "paid_at": iso(at),
            "created_at": iso(at),
            "channel": "card",
            "currency": currency,
            "ip_address": "41.242.49.37",
            "metadata": 0,
            "log": None,
            "fees": None,
            "customer": _ps_customer(email, customer),
            "authorization": {
                "authorization_code": "AUTH_8dfhjjdt",
                "bin": "539999",
                "last4": "8877",
                "exp_month": "08",
                "exp_year": "2030",
                "card_type": "mastercard DEBIT",
                "bank": "Guaranty Trust Bank",
                "country_code": "NG",
                "brand": "mastercard",
                "reusable": True,
            },
            "plan": _ps_plan(tier, amount, currency) if tier else {},
        },
    }


def paystack_subscription_create(
    email: str,
    customer: str,
    code: str,
    at: datetime,
    next_payment: datetime,
    tier: str = "starter",
    amount: int = 4350000,
    currency: str = "NGN",
) -> dict[str, Any]:
    return {
        "event": "subscription.create",
        "data": {
            "domain": "test",
            "status": "active",
            "subscription_code": code,
            "amount": amount,
            "cron_expression": "0 0 28 * *",
            "next_payment_date": iso(next_payment),
            "open_invoice": None,
            "createdAt": iso(at),
            "plan": _ps_plan(tier, amount, currency),
            "authorization": {"authorization_code": "AUTH_6tmt288t0o", "last4": "8877"},
            "customer": _ps_customer(email, customer),
            "created_at": iso(at),
        },
    }


def paystack_subscription_disable(
    email: str, customer: str, code: str, created: datetime, at: datetime, tier: str = "starter"
) -> dict[str, Any]:
    return {
        "event": "subscription.disable",
        "data": {
            "domain": "test",
            "status": "complete",
            "subscription_code": code,
            "email_token": "ctt824k16n34u69",
            "amount": 4350000,
            "cron_expression": "0 0 28 * *",
            "next_payment_date": None,
            "open_invoice": None,
            "createdAt": iso(created),
            "updatedAt": iso(at),
            "plan": _ps_plan(tier, 4350000),
            "authorization": {"authorization_code": "AUTH_6tmt288t0o"},
            "customer": _ps_customer(email, customer),
        },
    }


def paystack_invoice_payment_failed(
    email: str, customer: str, subscription: str, invoice: str, at: datetime
) -> dict[str, Any]:
    return {
        "event": "invoice.payment_failed",
        "data": {
            "domain": "test",
            "invoice_code": invoice,
            "amount": 4350000,
            "period_start": iso(at),
            "period_end": iso(at),
            "status": "failed",
            "paid": False,
            "paid_at": None,
            "description": None,
            "authorization": {"authorization_code": "AUTH_6tmt288t0o"},
            "subscription": {
                "status": "attention",
                "subscription_code": subscription,
                "email_token": "ctt824k16n34u69",
                "amount": 4350000,
                "cron_expression": "0 0 28 * *",
                "next_payment_date": iso(at),
                "open_invoice": invoice,
            },
            "customer": _ps_customer(email, customer),
            "transaction": {},
            "created_at": iso(at),
            "updated_at": iso(at),
        },
    }


def _price(tier: str, cycle: str, amount: int, currency: str = "usd") -> dict[str, Any]:
    return {
        "id": f"price_{tier}_{cycle}",
        "object": "price",
        "active": True,
        "currency": currency,
        "lookup_key": f"plan_{tier}_{cycle}",
        "recurring": {"interval": "year" if cycle == "annual" else "month", "interval_count": 1},
        "type": "recurring",
        "unit_amount": amount,
    }


def stripe_event(event_id: str, kind: str, at: datetime, obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": event_id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(at.timestamp()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }


def stripe_subscription(
    sub: str,
    customer: str,
    status: str,
    start: datetime,
    end: datetime,
    tier: str = "pro",
    cycle: str = "monthly",
    amount: int = 9900,
    user_id: str | None = None,
    cancel_at_period_end: bool = False,
    currency: str = "usd",
) -> dict[str, Any]:
    return {
        "id": sub,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "cancel_at_period_end": cancel_at_period_end,
        "current_period_start": int(start.timestamp()),
        "current_period_end": int(end.timestamp()),
        "trial_end": None,
        "metadata": {"user_id": user_id} if user_id else {},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": "si_" + sub[4:],
                    "object": "subscription_item",
                    "price": _price(tier, cycle, amount, currency),
                    "quantity": 1,
                }
            ],
        },
    }


def stripe_invoice(
    invoice: str,
    customer: str,
    sub: str,
    start: datetime,
    end: datetime,
    paid: int,
    tier: str = "pro",
    cycle: str = "monthly",
    currency: str = "usd",
) -> dict[str, Any]:
    return {
        "id": invoice,
        "object": "invoice",
        "customer": customer,
        "subscription": sub,
        "currency": currency,
        "amount_paid": paid,
        "amount_due": 9900,
        "status": "paid" if paid else "open",
        "lines": {
            "object": "list",
            "data": [
                {
                    "id": "il_" + invoice[3:],
                    "object": "line_item",
                    "period": {"start": int(start.timestamp()), "end": int(end.timestamp())},
                    "price": _price(tier, cycle, 9900, currency),
                    "quantity": 1,
                }
            ],
        },
    }
