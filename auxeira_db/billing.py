"""Payment-provider webhooks: verify, normalise, store once, apply (docs/BILLING.md).

    from auxeira_db import billing
    result = billing.ingest(conn, "paystack", raw_body, headers, secret)
    result.outcome  # applied | parked | ignored | rejected | pending; result.duplicate

The signature is checked here, before anything is stored (a bad one raises InvalidSignature
and is logged without the payload). The rest is SQL: `auxeira.billing_record_webhook` stores
the raw event idempotently by (provider, event id), converts minor units through the ISO 4217
exponent table and folds the subscriber's events in the provider's order.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

from auxeira_db.arguments import require_connection
from auxeira_db.db import translated
from auxeira_db.errors import DataError, InvalidArgument, InvalidSignature

log = logging.getLogger("auxeira_db.billing")
log.addHandler(logging.NullHandler())  # a library: the service configures where logs go

PROVIDERS = ("paystack", "stripe")
# Stripe's own default: a signed timestamp older than five minutes is a replay.
STRIPE_TOLERANCE_S = 300

# Precedence of event kinds within one provider second (the tie-break, docs/BILLING.md):
# the life cycle's order, and a subscription update by the status it reports.
CREATE, PAY, UPDATE, REFUND, FAIL, CANCEL = 0, 2, 4, 5, 6, 8
UPDATE_BY_STATUS = {"trialing": 1, "active": 3, "past_due": 5, "cancelled": CANCEL, "expired": 9}
# Stripe statuses in our vocabulary; incomplete ones have not started a subscription.
STRIPE_STATUS = {
    "trialing": "trialing",
    "active": "active",
    "past_due": "past_due",
    "unpaid": "past_due",
    "canceled": "cancelled",
    "incomplete_expired": "expired",
    "paused": "cancelled",
}
INTERVALS = {"month": "monthly", "monthly": "monthly", "year": "annual", "annually": "annual"}


@dataclass(frozen=True)
class Normalised:
    """A provider event in the terms of auxeira.billing_record_webhook."""

    event_id: str
    event_type: str
    occurred_at: datetime
    precedence: int
    customer_ref: str | None
    customer_email: str | None
    user_hint: str | None
    creates: bool
    state: dict[str, Any] | None
    money: dict[str, Any] | None


@dataclass(frozen=True)
class IngestResult:
    id: str
    provider: str
    event_id: str
    outcome: str
    reason: str | None
    duplicate: bool


# --- signatures ---------------------------------------------------------------------------------


def _header(headers: Mapping[str, str], name: str) -> str | None:
    wanted = name.lower()
    for key, value in headers.items():
        if key.lower() == wanted:
            return value
    return None


def verify_paystack(raw_body: bytes, headers: Mapping[str, str], secret: str) -> None:
    """x-paystack-signature = hex HMAC-SHA512 of the raw body with the secret key."""
    given = _header(headers, "x-paystack-signature")
    if not given:
        raise InvalidSignature("paystack: no x-paystack-signature header")
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha512).hexdigest()
    if not hmac.compare_digest(expected, given.strip().lower()):
        raise InvalidSignature("paystack: signature does not match")


def verify_stripe(
    raw_body: bytes,
    headers: Mapping[str, str],
    secret: str | Sequence[str],
    *,
    tolerance: int | None = STRIPE_TOLERANCE_S,
    now: float | None = None,
) -> None:
    """Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">[,v1=...]. Any v1 may match
    any of the secrets (rotation: Stripe signs with old and new for a while). tolerance=None
    skips the age check (replay from a file, asked for explicitly)."""
    given = _header(headers, "stripe-signature")
    if not given:
        raise InvalidSignature("stripe: no Stripe-Signature header")
    stamps: list[str] = []
    signatures: list[str] = []
    for part in given.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            stamps.append(value)
        elif key == "v1":
            signatures.append(value)
    if len(stamps) != 1 or not stamps[0].isdigit():
        raise InvalidSignature("stripe: no timestamp in Stripe-Signature")
    if not signatures:
        raise InvalidSignature("stripe: no v1 signature in Stripe-Signature")
    secrets = [secret] if isinstance(secret, str) else list(secret)
    signed = stamps[0].encode() + b"." + raw_body
    if not any(
        hmac.compare_digest(hmac.new(s.encode(), signed, hashlib.sha256).hexdigest(), v)
        for s in secrets
        for v in signatures
    ):
        raise InvalidSignature("stripe: no v1 signature matches")
    if tolerance is not None:
        age = (time.time() if now is None else now) - int(stamps[0])
        if age > tolerance:
            raise InvalidSignature(f"stripe: timestamp outside the tolerance ({int(age)} s old)")


def sign_paystack(raw_body: bytes, secret: str) -> dict[str, str]:
    """Headers Paystack would send (for tests, replays and the seeder)."""
    return {"x-paystack-signature": hmac.new(secret.encode(), raw_body, hashlib.sha512).hexdigest()}


def sign_stripe(raw_body: bytes, secret: str, timestamp: int | None = None) -> dict[str, str]:
    """Headers Stripe would send: t and one v1."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + raw_body, hashlib.sha256).hexdigest()
    return {"Stripe-Signature": f"t={t},v1={mac}"}


# --- normalisation ------------------------------------------------------------------------------


def _when(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise DataError(f"invalid timestamp {value!r} in the payload") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise DataError(f"invalid timestamp {value!r} in the payload")


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _plan(name: Any) -> tuple[str | None, str | None]:
    """Tier and cycle from a plan name or Stripe lookup key: plan_<tier>_<cycle> (the price
    list's product_code) or any text naming a tier ("Auxeira Pro")."""
    text = str(name or "").lower()
    tier = next((t for t in ("enterprise", "starter", "pro") if t in text), None)
    cycle = "annual" if "annual" in text or "year" in text else "monthly" if tier else None
    return tier, cycle


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _paystack(payload: dict[str, Any]) -> Normalised:
    event = payload.get("event")
    data = _dict(payload.get("data"))
    if not isinstance(event, str) or not data:
        raise DataError("paystack payload without event and data")
    customer = _dict(data.get("customer"))
    plan = _dict(data.get("plan"))
    meta = _dict(data.get("metadata")) or _dict(customer.get("metadata"))
    tier, cycle = _plan(plan.get("name") or plan.get("plan_code"))
    cycle = INTERVALS.get(str(plan.get("interval")), cycle)
    subscription = _dict(data.get("subscription"))
    state: dict[str, Any] | None = None
    money: dict[str, Any] | None = None
    creates = False
    if event == "charge.success":
        ref = data.get("reference")
        at = _when(data.get("paid_at") or data.get("paidAt") or data.get("created_at"))
        precedence = PAY
        money = {
            "kind": "charged",
            "amount_minor": data.get("amount"),
            "currency": data.get("currency"),
            "reference": ref,
        }
        if plan.get("plan_code") and at is not None:
            months = 12 if cycle == "annual" else 1
            state = {
                "status": "active",
                "tier": tier,
                "billing_cycle": cycle,
                "amount_minor": plan.get("amount", data.get("amount")),
                "currency": plan.get("currency", data.get("currency")),
                "period_start": _iso(at),
                "period_end": _iso(_add_months(at, months)),
            }
    elif event in ("subscription.create", "subscription.disable", "subscription.not_renew"):
        ref = data.get("subscription_code")
        creates = event == "subscription.create"
        at = _when(
            data.get("updatedAt")
            if not creates and data.get("updatedAt")
            else data.get("createdAt") or data.get("created_at")
        )
        precedence = {"subscription.create": CREATE, "subscription.not_renew": UPDATE}.get(
            event, CANCEL
        )
        state = {"subscription_ref": ref}
        if creates:
            state |= {
                "status": "active",
                "tier": tier,
                "billing_cycle": cycle,
                "amount_minor": data.get("amount", plan.get("amount")),
                "currency": plan.get("currency"),
                "period_start": _iso(at),
                "period_end": _iso(_when(data.get("next_payment_date"))),
            }
        elif event == "subscription.not_renew":
            state |= {"cancel_at_period_end": True}
        else:
            state |= {"status": "cancelled", "reason": f"paystack: {data.get('status')}"}
    elif event == "invoice.payment_failed":
        ref = data.get("invoice_code")
        at = _when(data.get("updated_at") or data.get("created_at"))
        precedence = FAIL
        state = {"status": "past_due", "subscription_ref": subscription.get("subscription_code")}
    elif event in ("refund.processed", "charge.dispute.create"):
        refund = event == "refund.processed"
        ref = data.get("refund_reference") or data.get("id") or data.get("transaction_reference")
        at = _when(data.get("updated_at") or data.get("createdAt") or data.get("created_at"))
        precedence = REFUND
        money = {
            "kind": "refunded" if refund else "disputed",
            "amount_minor": data.get("amount")
            if refund
            else data.get("refund_amount", _dict(data.get("transaction")).get("amount")),
            "currency": data.get("currency"),
            "reference": ref,
        }
    else:
        ref = data.get("reference") or data.get("id") or data.get("code")
        at = _when(data.get("updated_at") or data.get("created_at") or data.get("createdAt"))
        precedence = UPDATE
    if ref in (None, "") or at is None:
        raise DataError(f"paystack {event}: no object reference or time in the payload")
    return Normalised(
        event_id=f"{event}:{ref}",
        event_type=event,
        occurred_at=at,
        precedence=precedence,
        customer_ref=customer.get("customer_code"),
        customer_email=customer.get("email"),
        user_hint=str(meta["user_id"]) if meta.get("user_id") else None,
        creates=creates,
        state=state,
        money=money,
    )


def _add_months(at: datetime, months: int) -> datetime:
    month = at.month - 1 + months
    year, month = at.year + month // 12, month % 12 + 1
    for day in (at.day, 30, 29, 28):
        try:
            return at.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return at + timedelta(days=30 * months)


def _stripe_price(obj: dict[str, Any]) -> tuple[dict[str, Any], int]:
    items = _dict(obj.get("items")).get("data") or _dict(obj.get("lines")).get("data") or []
    first = _dict(items[0]) if items else {}
    return _dict(first.get("price")) or _dict(first.get("plan")), int(first.get("quantity") or 1)


def _stripe(payload: dict[str, Any]) -> Normalised:
    event_id, event = payload.get("id"), payload.get("type")
    obj = _dict(_dict(payload.get("data")).get("object"))
    if not isinstance(event_id, str) or not isinstance(event, str) or not obj:
        raise DataError("stripe payload without id, type and data.object")
    at = _when(payload.get("created"))
    if at is None:
        raise DataError(f"stripe {event}: no created time")
    meta = _dict(obj.get("metadata"))
    customer = obj.get("customer")
    state: dict[str, Any] | None = None
    money: dict[str, Any] | None = None
    creates = False
    precedence = UPDATE
    if event.startswith("customer.subscription."):
        price, quantity = _stripe_price(obj)
        tier, cycle = _plan(price.get("lookup_key") or price.get("nickname"))
        recurring = _dict(price.get("recurring"))
        cycle = INTERVALS.get(str(recurring.get("interval") or price.get("interval")), cycle)
        status = STRIPE_STATUS.get(str(obj.get("status")))
        if event.endswith(".deleted"):
            status = "expired" if obj.get("status") == "incomplete_expired" else "cancelled"
        creates = event.endswith(".created")
        precedence = CREATE if creates else UPDATE_BY_STATUS.get(str(status), UPDATE)
        amount = price.get("unit_amount")
        items = _dict(obj.get("items")).get("data") or [{}]
        state = {
            "status": status,
            "tier": tier,
            "billing_cycle": cycle,
            "amount_minor": None if amount is None else int(amount) * quantity,
            "currency": price.get("currency"),
            "period_start": _iso(
                _when(
                    obj.get("current_period_start") or _dict(items[0]).get("current_period_start")
                )
            ),
            "period_end": _iso(
                _when(obj.get("current_period_end") or _dict(items[0]).get("current_period_end"))
            ),
            "cancel_at_period_end": obj.get("cancel_at_period_end"),
            "subscription_ref": obj.get("id"),
        }
        if status is None:  # incomplete: nothing started yet
            state = None
    elif event in ("invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed"):
        lines = _dict(obj.get("lines")).get("data") or [{}]
        period = _dict(_dict(lines[0]).get("period"))
        price, _ = _stripe_price(obj)
        tier, cycle = _plan(price.get("lookup_key") or price.get("nickname"))
        failed = event == "invoice.payment_failed"
        precedence = FAIL if failed else PAY
        state = {
            "status": "past_due" if failed else "active",
            "subscription_ref": obj.get("subscription"),
        }
        if not failed:
            state |= {
                "period_start": _iso(_when(period.get("start"))),
                "period_end": _iso(_when(period.get("end"))),
            }
            if obj.get("amount_paid"):
                money = {
                    "kind": "charged",
                    "amount_minor": obj.get("amount_paid"),
                    "currency": obj.get("currency"),
                    "reference": obj.get("id"),
                }
        if tier and not failed:  # a failed invoice restates no plan
            state |= {"tier": tier, "billing_cycle": cycle}
        if not failed and not obj.get("amount_paid"):
            state = None  # the zero invoice that opens a trial changes nothing
    elif event == "charge.refunded":
        precedence = REFUND
        money = {
            "kind": "refunded",
            "amount_minor": obj.get("amount_refunded"),
            "currency": obj.get("currency"),
            "reference": event_id,
        }
    elif event == "charge.dispute.created":
        precedence = REFUND
        charge = obj.get("charge")
        customer = _dict(charge).get("customer") if isinstance(charge, dict) else customer
        money = {
            "kind": "disputed",
            "amount_minor": obj.get("amount"),
            "currency": obj.get("currency"),
            "reference": obj.get("id"),
        }
    return Normalised(
        event_id=event_id,
        event_type=event,
        occurred_at=at,
        precedence=precedence,
        customer_ref=customer if isinstance(customer, str) else None,
        customer_email=obj.get("customer_email"),
        user_hint=str(meta["user_id"]) if meta.get("user_id") else None,
        creates=creates,
        state=state,
        money=money,
    )


def normalise(provider: str, payload: dict[str, Any]) -> Normalised:
    """The provider's event in the terms of auxeira.billing_record_webhook."""
    if provider == "paystack":
        return _paystack(payload)
    if provider == "stripe":
        return _stripe(payload)
    raise InvalidArgument(f"unknown payment provider {provider!r}: use paystack or stripe")


# --- ingestion ----------------------------------------------------------------------------------


def verify(
    provider: str,
    raw_body: bytes,
    headers: Mapping[str, str],
    secret: str | Sequence[str],
    *,
    tolerance: int | None = STRIPE_TOLERANCE_S,
) -> None:
    """Check the provider's signature; InvalidSignature (logged without the body) if wrong."""
    try:
        if provider == "paystack":
            refusal = InvalidSignature("paystack: no secret given")
            for s in [secret] if isinstance(secret, str) else secret:
                try:
                    verify_paystack(raw_body, headers, s)
                    return
                except InvalidSignature as exc:
                    refusal = exc
            raise refusal
        if provider == "stripe":
            verify_stripe(raw_body, headers, secret, tolerance=tolerance)
            return
    except InvalidSignature as exc:
        # Never the payload: it holds customers' e-mail addresses and card details.
        log.warning("webhook refused: %s (%d bytes)", exc, len(raw_body))
        raise
    raise InvalidArgument(f"unknown payment provider {provider!r}: use paystack or stripe")


def ingest(
    conn: psycopg.Connection[Any],
    provider: str,
    raw_body: bytes,
    headers: Mapping[str, str],
    secret: str | Sequence[str],
    *,
    tolerance: int | None = STRIPE_TOLERANCE_S,
) -> IngestResult:
    """Verify, store once and apply one webhook delivery. A duplicate returns the first
    delivery's outcome with duplicate=True. Runs in its own transaction (or savepoint)."""
    require_connection(conn)
    if provider not in PROVIDERS:
        raise InvalidArgument(f"unknown payment provider {provider!r}: use paystack or stripe")
    if not isinstance(raw_body, bytes):
        raise InvalidArgument("raw_body must be the request's bytes, as received")
    verify(provider, raw_body, headers, secret, tolerance=tolerance)
    try:
        payload = json.loads(raw_body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{provider} webhook body is not JSON: {exc}") from None
    if not isinstance(payload, dict):
        raise DataError(f"{provider} webhook body is not a JSON object")
    event = normalise(provider, payload)
    with translated(), conn.transaction():
        row = conn.execute(
            "SELECT id::text, outcome, reason, duplicate FROM auxeira.billing_record_webhook("
            "provider => %(provider)s, event_id => %(event_id)s, event_type => %(event_type)s,"
            " occurred_at => %(occurred_at)s, precedence => %(precedence)s,"
            " payload => %(payload)s, customer_ref => %(customer_ref)s,"
            " customer_email => %(customer_email)s, user_hint => %(user_hint)s,"
            " creates => %(creates)s, state => %(state)s, money => %(money)s)",
            {
                "provider": provider,
                "event_id": event.event_id,
                "event_type": event.event_type,
                "occurred_at": event.occurred_at,
                "precedence": event.precedence,
                "payload": Jsonb(payload),
                "customer_ref": event.customer_ref,
                "customer_email": event.customer_email,
                "user_hint": event.user_hint,
                "creates": event.creates,
                "state": None if event.state is None else Jsonb(event.state),
                "money": None if event.money is None else Jsonb(event.money),
            },
        ).fetchone()
    assert row is not None
    return IngestResult(row[0], provider, event.event_id, row[1], row[2], bool(row[3]))


def expire_lapsed(conn: psycopg.Connection[Any], at: datetime | None = None) -> int:
    """Run auxeira.billing_expire_lapsed (what the job billing-expiry does), as the owner."""
    require_connection(conn)
    with translated(), conn.transaction():
        row = conn.execute(
            "SELECT auxeira.billing_expire_lapsed(coalesce(%(at)s::timestamptz, now()))",
            {"at": at},
        ).fetchone()
    return int(row[0]) if row else 0
