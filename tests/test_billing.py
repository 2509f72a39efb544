"""Billing (issue 15): the subscription life cycle, webhook ingestion (signatures, idempotency,
out-of-order delivery), money conversion, grace expiry and entitlements."""

from __future__ import annotations

import logging
import os
import random
import uuid
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import psycopg
import pytest
import stripe

from auxeira_db import billing
from auxeira_db.errors import DataError, InvalidArgument, InvalidSignature
from tests import billing_payloads as p
from tests import factories as f

CASES = int(os.environ.get("AUXEIRA_PROPERTY_CASES", "200"))


@pytest.fixture
def conn(db_url: str) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(db_url, autocommit=True) as c:
        yield c


def transition(conn: psycopg.Connection[Any], user: uuid.UUID, change: str, **kw: Any) -> Any:
    args = ", ".join(f"{k} => %({k})s" for k in kw)
    return conn.execute(
        f"SELECT status, tier FROM auxeira.subscription_transition(%(u)s, %(c)s"
        f"{', ' if kw else ''}{args})",
        {"u": user, "c": change, **kw},
    ).fetchone()


def state(conn: psycopg.Connection[Any], user: uuid.UUID) -> tuple[Any, ...] | None:
    return conn.execute(
        "SELECT status, tier, billing_cycle, amount, currency, current_period_end,"
        " cancel_at_period_end FROM auxeira.subscriptions WHERE user_id = %s",
        (user,),
    ).fetchone()


def paystack(conn: psycopg.Connection[Any], payload: dict[str, Any]) -> billing.IngestResult:
    raw = p.body(payload)
    return billing.ingest(
        conn, "paystack", raw, billing.sign_paystack(raw, p.PAYSTACK_SECRET), p.PAYSTACK_SECRET
    )


def stripe_in(conn: psycopg.Connection[Any], payload: dict[str, Any]) -> billing.IngestResult:
    raw = p.body(payload)
    return billing.ingest(
        conn, "stripe", raw, billing.sign_stripe(raw, p.STRIPE_SECRET), p.STRIPE_SECRET
    )


# --- money ------------------------------------------------------------------------------------


def test_minor_units_convert_through_the_iso_4217_exponent(conn: psycopg.Connection[Any]) -> None:
    def major(amount: int, currency: str) -> Decimal:
        row = conn.execute("SELECT auxeira.minor_to_major(%s, %s)", (amount, currency)).fetchone()
        assert row is not None
        return Decimal(row[0])

    assert major(4999, "NGN") == Decimal("49.99")
    assert major(4999, "usd") == Decimal("49.99")
    assert major(500, "JPY") == Decimal("500")
    assert major(150000, "UGX") == Decimal("150000")
    assert major(1, "EUR") == Decimal("0.01")
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="unknown currency XYZ"):
        major(100, "XYZ")
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="negative"):
        major(-1, "USD")


def test_plans_are_rows_of_the_one_price_list(conn: psycopg.Connection[Any]) -> None:
    row = conn.execute(
        "SELECT amount, kind, tier, billing_cycle FROM auxeira.current_price('plan_pro_annual',"
        " 'USD')"
    ).fetchone()
    assert row == (Decimal("990.00"), "plan", "pro", "annual")
    with pytest.raises(psycopg.errors.CheckViolation, match="price_list_plan_check"):
        conn.execute(
            "INSERT INTO auxeira.price_list (product_code, kind, tier, billing_cycle, currency,"
            " amount) VALUES ('plan_pro_monthly', 'plan', 'pro', 'annual', 'JPY', 1)"
        )


# --- life cycle -------------------------------------------------------------------------------


def test_the_life_cycle_validates_each_transition_and_names_the_state(
    conn: psycopg.Connection[Any],
) -> None:
    u = f.user(conn, "founder")
    assert transition(conn, u, "trial_started", tier="pro", trial_days=14) == ("trialing", "pro")
    assert transition(conn, u, "subscribed", amount=Decimal("99"), currency="USD") == (
        "active",
        "pro",
    )
    with pytest.raises(psycopg.Error, match="starter is not above"):
        transition(conn, u, "upgraded", tier="starter")
    with pytest.raises(psycopg.Error, match="enterprise is not below"):
        transition(conn, u, "downgraded", tier="enterprise")
    assert transition(conn, u, "upgraded", tier="enterprise", amount=Decimal("499")) == (
        "active",
        "enterprise",
    )
    assert transition(conn, u, "payment_failed", grace_days=3) == ("past_due", "enterprise")
    assert transition(conn, u, "renewed") == ("active", "enterprise")
    assert transition(conn, u, "cancelled", reason="too dear") == ("cancelled", "enterprise")
    with pytest.raises(psycopg.Error, match=r"upgraded refused.* is cancelled"):
        transition(conn, u, "upgraded", tier="enterprise")
    with pytest.raises(psycopg.Error, match=r"trial_started refused.*paid period"):
        transition(conn, u, "trial_started", tier="pro")
    assert transition(conn, u, "expired") == ("expired", "enterprise")
    with pytest.raises(psycopg.Error, match=r"renewed refused.* is expired"):
        transition(conn, u, "renewed")
    with pytest.raises(psycopg.errors.InvalidParameterValue, match="unknown subscription change"):
        transition(conn, u, "resurrected")

    users = conn.execute(
        "SELECT subscription_tier, subscription_status FROM auxeira.users WHERE id = %s", (u,)
    ).fetchone()
    assert users == ("free", "expired")
    kinds = [
        r[0]
        for r in conn.execute(
            "SELECT event_type FROM auxeira.subscription_events WHERE user_id = %s"
            " ORDER BY occurred_at, created_at",
            (u,),
        )
    ]
    assert kinds == [
        "trial_started",
        "subscribed",
        "upgraded",
        "payment_failed",
        "renewed",
        "cancelled",
        "expired",
    ]
    mrr = [
        r[0]
        for r in conn.execute(
            "SELECT mrr FROM auxeira.subscription_events WHERE user_id = %s"
            " ORDER BY occurred_at, created_at",
            (u,),
        )
    ]
    assert mrr == [0, 99, 499, 499, 499, 0, 0]


def test_a_refused_transition_changes_nothing(conn: psycopg.Connection[Any]) -> None:
    u = f.user(conn, "vc")
    with pytest.raises(psycopg.Error, match="is not started"):
        transition(conn, u, "renewed")
    assert state(conn, u) is None
    assert conn.execute(
        "SELECT count(*) FROM auxeira.subscription_events WHERE user_id = %s", (u,)
    ).fetchone() == (0,)


def test_grace_periods_and_trials_expire_when_they_run_out(conn: psycopg.Connection[Any]) -> None:
    late, trial, fine = f.user(conn), f.user(conn), f.user(conn)
    now = p.ts(10)
    transition(
        conn,
        late,
        "subscribed",
        tier="pro",
        amount=Decimal("99"),
        currency="USD",
        occurred_at=p.ts(0),
    )
    transition(conn, late, "payment_failed", grace_days=7, occurred_at=now)
    transition(conn, trial, "trial_started", tier="starter", trial_days=14, occurred_at=now)
    transition(
        conn, fine, "subscribed", tier="pro", amount=Decimal("99"), currency="USD", occurred_at=now
    )
    assert billing.expire_lapsed(conn, now + timedelta(days=6)) == 0
    assert billing.expire_lapsed(conn, now + timedelta(days=8)) == 1
    assert billing.expire_lapsed(conn, now + timedelta(days=8)) == 0  # idempotent
    assert billing.expire_lapsed(conn, now + timedelta(days=15)) == 1
    assert [state(conn, u)[0] for u in (late, trial, fine)] == ["expired", "expired", "active"]  # type: ignore[index]
    row = conn.execute(
        "SELECT occurred_at FROM auxeira.subscription_events WHERE user_id = %s"
        " AND event_type = 'expired'",
        (late,),
    ).fetchone()
    assert row == (now + timedelta(days=7),)


def test_entitlements_come_from_the_plan_or_a_purchase(db_url: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as admin:
        pro, free = f.user(admin, "vc"), f.user(admin, "vc")
        transition(admin, pro, "subscribed", tier="pro", amount=Decimal("99"), currency="USD")
        fund = f.fund(admin, free)
        price = admin.execute(
            "SELECT id FROM auxeira.current_price('lp_report_premium', 'USD')"
        ).fetchone()
        assert price is not None
        f.insert(
            admin,
            "lp_report_purchases",
            buyer_id=free,
            fund_id=fund,
            amount=499,
            currency="USD",
            payment_reference="ref-1",
            payment_provider="stripe",
            price_id=price[0],
        )
    with psycopg.connect(db_url, autocommit=True) as app:
        app.execute("SET ROLE auxeira_app")

        def may(user: uuid.UUID, feature: str, fund_id: uuid.UUID | None = None) -> bool:
            with app.transaction():
                app.execute("SELECT set_config('auxeira.user_id', %s, true)", (str(user),))
                row = app.execute("SELECT auxeira.may_use(%s, %s)", (feature, fund_id)).fetchone()
            assert row is not None
            return bool(row[0])

        assert may(pro, "premium_reports") and not may(pro, "api_access")
        assert not may(free, "premium_reports")
        assert may(free, "lp_report_premium", fund) and not may(pro, "lp_report_premium", fund)
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="unknown premium feature"):
            may(pro, "teleport")
        # A tenant reads its own subscription and cannot change it.
        with app.transaction():
            app.execute("SELECT set_config('auxeira.user_id', %s, true)", (str(free),))
            assert app.execute("SELECT count(*) FROM auxeira.subscriptions").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            app.execute("SELECT auxeira.subscription_transition(%s, 'subscribed', 'pro')", (free,))


# --- signatures -------------------------------------------------------------------------------


def test_bad_signatures_are_refused_logged_without_payload_and_not_stored(
    conn: psycopg.Connection[Any], caplog: pytest.LogCaptureFixture
) -> None:
    raw = p.body(p.paystack_charge_success("secret-person@example.com", "CUS_1", "ref1", p.ts(1)))
    good = billing.sign_paystack(raw, p.PAYSTACK_SECRET)
    with caplog.at_level(logging.WARNING, logger="auxeira_db.billing"):
        with pytest.raises(InvalidSignature):
            billing.ingest(conn, "paystack", raw, good, "another secret")
        with pytest.raises(InvalidSignature):
            billing.ingest(conn, "paystack", raw + b" ", good, p.PAYSTACK_SECRET)
        with pytest.raises(InvalidSignature, match="no x-paystack-signature"):
            billing.ingest(conn, "paystack", raw, {}, p.PAYSTACK_SECRET)
        with pytest.raises(InvalidSignature):
            billing.ingest(
                conn, "stripe", raw, billing.sign_stripe(raw, "whsec_other"), p.STRIPE_SECRET
            )
        old = billing.sign_stripe(raw, p.STRIPE_SECRET, timestamp=1_600_000_000)
        with pytest.raises(InvalidSignature, match="tolerance"):
            billing.ingest(conn, "stripe", raw, old, p.STRIPE_SECRET)
    assert len(caplog.records) == 5
    assert all("secret-person" not in r.getMessage() for r in caplog.records)
    assert conn.execute("SELECT count(*) FROM auxeira.payment_webhook_events").fetchone() == (0,)
    with pytest.raises(InvalidArgument, match="unknown payment provider"):
        billing.ingest(conn, "paypal", raw, good, p.PAYSTACK_SECRET)
    with pytest.raises(DataError, match="not JSON"):
        bad = b"{not json"
        billing.ingest(conn, "paystack", bad, billing.sign_paystack(bad, "k"), "k")


def test_stripe_verification_agrees_with_the_official_package() -> None:
    rng = random.Random(15)
    secrets = ["whsec_a", "whsec_b"]
    now = 1_800_000_000
    for case in range(CASES):
        raw = f'{{"id":"evt_{case}","n":{rng.random()}}}'.encode()
        t = now - rng.choice([0, 10, 299, 301, 5000])
        secret = rng.choice(secrets)
        header = billing.sign_stripe(raw, secret, timestamp=t)["Stripe-Signature"]
        if rng.random() < 0.3:  # rotation: a second v1, one of them right
            other = billing.sign_stripe(raw, "whsec_old", timestamp=t)["Stripe-Signature"]
            header += "," + other.split(",")[1]
        if rng.random() < 0.2:
            raw = raw + b" "  # tampered body
        mine = theirs = True
        try:
            billing.verify_stripe(raw, {"Stripe-Signature": header}, secrets[0], now=now)
        except InvalidSignature:
            mine = False
        try:
            stripe.WebhookSignature._verify_header_with_time = None  # type: ignore[attr-defined]
            _stripe_verify(raw, header, secrets[0], now)
        except stripe.SignatureVerificationError:
            theirs = False
        assert mine == theirs, (case, header)


def _stripe_verify(raw: bytes, header: str, secret: str, now: int) -> None:
    import time as time_module
    from unittest import mock

    # The official check reads the clock itself: pin it to the same "now".
    with mock.patch.object(time_module, "time", return_value=float(now)):
        stripe.WebhookSignature.verify_header(raw.decode(), header, secret, tolerance=300)


# --- webhooks ---------------------------------------------------------------------------------


def test_paystack_life_cycle_with_a_duplicate_and_a_charge_before_the_creation(
    conn: psycopg.Connection[Any],
) -> None:
    email = "bojack@horsinaround.com"
    u = f.user(conn, "founder", email=email)
    charge = p.paystack_charge_success(email, "CUS_xnx", "T685312322670591", p.ts(0))
    first = paystack(conn, charge)
    assert (first.outcome, first.reason) == (
        "parked",
        "waiting for the subscription's creation event",
    )
    create = p.paystack_subscription_create(email, "CUS_xnx", "SUB_vsy", p.ts(0, 5), p.ts(31))
    assert paystack(conn, create).outcome == "applied"
    again = paystack(conn, charge)
    assert again.duplicate and again.outcome == "applied"
    assert state(conn, u) == (
        "active",
        "starter",
        "monthly",
        Decimal("43500.0000"),
        "NGN",
        p.ts(31),
        False,
    )
    failed = p.paystack_invoice_payment_failed(email, "CUS_xnx", "SUB_vsy", "INV_1", p.ts(31))
    assert paystack(conn, failed).outcome == "applied"
    assert state(conn, u)[0] == "past_due"  # type: ignore[index]
    disable = p.paystack_subscription_disable(email, "CUS_xnx", "SUB_vsy", p.ts(0, 5), p.ts(40))
    assert paystack(conn, disable).outcome == "applied"
    assert paystack(conn, disable).duplicate
    assert state(conn, u)[0] == "cancelled"  # type: ignore[index]
    money = conn.execute(
        "SELECT event_type, amount, currency FROM auxeira.subscription_events"
        " WHERE user_id = %s AND event_type = 'charged'",
        (u,),
    ).fetchall()
    assert money == [("charged", Decimal("43500.00"), "NGN")]  # the duplicate counted once
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT event_id FROM auxeira.payment_webhook_events ORDER BY occurred_at, precedence"
        )
    ]
    assert ids == [
        "charge.success:T685312322670591",
        "subscription.create:SUB_vsy",
        "invoice.payment_failed:INV_1",
        "subscription.disable:SUB_vsy",
    ]


def test_stripe_life_cycle_and_a_late_plan_change(conn: psycopg.Connection[Any]) -> None:
    u = f.user(conn, "vc")
    sub, cus = "sub_1MowQVLkdIwHu7ix", "cus_NffrFeUfNV2Hib"
    created = p.stripe_event(
        "evt_1",
        "customer.subscription.created",
        p.ts(0),
        p.stripe_subscription(sub, cus, "trialing", p.ts(0), p.ts(14), user_id=str(u)),
    )
    paid = p.stripe_event(
        "evt_2",
        "invoice.paid",
        p.ts(14),
        p.stripe_invoice("in_1", cus, sub, p.ts(14), p.ts(45), 9900),
    )
    upgraded = p.stripe_event(
        "evt_3",
        "customer.subscription.updated",
        p.ts(20),
        p.stripe_subscription(
            sub, cus, "active", p.ts(14), p.ts(45), tier="enterprise", amount=49900
        ),
    )
    failed = p.stripe_event(
        "evt_4",
        "invoice.payment_failed",
        p.ts(45),
        p.stripe_invoice("in_2", cus, sub, p.ts(45), p.ts(76), 0),
    )
    deleted = p.stripe_event(
        "evt_5",
        "customer.subscription.deleted",
        p.ts(60),
        p.stripe_subscription(
            sub, cus, "canceled", p.ts(45), p.ts(76), tier="enterprise", amount=49900
        ),
    )
    for event in (created, paid, failed):
        assert stripe_in(conn, event).outcome == "applied"
    assert state(conn, u)[:2] == ("past_due", "pro")  # type: ignore[index]
    late = stripe_in(conn, upgraded)  # older than the failure: folded in, status kept
    assert (late.outcome, late.reason) == ("applied", "late: folded in")
    assert state(conn, u)[:4] == ("past_due", "enterprise", "monthly", Decimal("499"))  # type: ignore[index]
    assert stripe_in(conn, deleted).outcome == "applied"
    assert state(conn, u)[0] == "cancelled"  # type: ignore[index]


def test_bad_events_are_parked_or_rejected_with_a_reason(conn: psycopg.Connection[Any]) -> None:
    stranger = p.paystack_charge_success("nobody@example.com", "CUS_none", "R-1", p.ts(0))
    parked = paystack(conn, stranger)
    assert (parked.outcome, parked.reason) == ("parked", "unknown customer CUS_none")
    u = f.user(conn, "angel", email="nobody@example.com")  # the customer signs up later
    create = p.paystack_subscription_create(
        "nobody@example.com", "CUS_none", "SUB_n", p.ts(1), p.ts(30)
    )
    assert paystack(conn, create).outcome == "applied"
    assert conn.execute(
        "SELECT outcome FROM auxeira.payment_webhook_events WHERE event_id = 'charge.success:R-1'"
    ).fetchone() == ("applied",)
    assert state(conn, u)[0] == "active"  # type: ignore[index]

    dollars = p.paystack_charge_success(
        "nobody@example.com", "CUS_none", "R-2", p.ts(2), currency="XYZ"
    )
    rejected = paystack(conn, dollars)
    assert (rejected.outcome, rejected.reason) == ("rejected", "unknown currency XYZ")
    negative = p.paystack_charge_success(
        "nobody@example.com", "CUS_none", "R-3", p.ts(2), amount=-5
    )
    assert paystack(conn, negative).outcome == "rejected"
    # A trial after the paid period is refused, the event kept with the refusal.
    trial = p.stripe_event(
        "evt_t",
        "customer.subscription.created",
        p.ts(5),
        p.stripe_subscription("sub_t", "cus_t", "trialing", p.ts(5), p.ts(19), user_id=str(u)),
    )
    refused = stripe_in(conn, trial)
    assert refused.outcome == "rejected"
    assert "trial_started refused: the subscription of user" in (refused.reason or "")
    assert (refused.reason or "").endswith("is active")
    assert state(conn, u)[0] == "active"  # type: ignore[index]


# --- out of order -------------------------------------------------------------------------------


def _scenario(rng: random.Random, n: int, user_ids: list[str]) -> list[dict[str, Any]]:
    """Valid Stripe life cycles for several customers: events in provider time, some sharing
    a second (the tie-break decides)."""
    events: list[dict[str, Any]] = []
    for k in range(n):
        sub, cus = f"sub_{k}", f"cus_{k}"
        day, sec = 0, rng.randrange(3)
        tier = rng.choice(["starter", "pro"])
        status = rng.choice(["trialing", "active"])

        def add(kind: str, obj: dict[str, Any], day: int = day, sec: int = 0, k: int = k) -> None:
            events.append(p.stripe_event(f"evt_{k}_{len(events)}", kind, p.ts(day, sec), obj))

        add(
            "customer.subscription.created",
            p.stripe_subscription(
                sub, cus, status, p.ts(day), p.ts(day + 30), tier=tier, user_id=user_ids[k]
            ),
            day,
            sec,
        )
        for _ in range(rng.randrange(1, 6)):
            step = rng.random()
            # provider time moves forward with the life cycle; 30 % share the previous second
            if rng.random() >= 0.3:
                sec += rng.randrange(1, 50) + 86_400 * rng.choice([0, 1, 10])
            day, same = sec // 86_400, sec % 86_400
            if step < 0.35:
                add(
                    "invoice.paid",
                    p.stripe_invoice(
                        f"in_{k}_{len(events)}",
                        cus,
                        sub,
                        p.ts(day),
                        p.ts(day + 30),
                        9900,
                        tier=tier,
                    ),
                    day,
                    same,
                )
                status = "active"
            elif step < 0.55 and status in ("active", "past_due"):
                add(
                    "invoice.payment_failed",
                    p.stripe_invoice(
                        f"in_{k}_{len(events)}", cus, sub, p.ts(day), p.ts(day + 30), 0
                    ),
                    day,
                    same,
                )
                status = "past_due"
            elif step < 0.8 and status in ("active", "trialing", "past_due"):
                tier = rng.choice([t for t in ("starter", "pro", "enterprise") if t != tier])
                add(
                    "customer.subscription.updated",
                    p.stripe_subscription(
                        sub,
                        cus,
                        {"cancelled": "canceled"}.get(status, status),
                        p.ts(day),
                        p.ts(day + 30),
                        tier=tier,
                        amount=rng.choice([2900, 9900, 49900]),
                        cancel_at_period_end=rng.random() < 0.2,
                    ),
                    day,
                    same,
                )
            elif status in ("active", "trialing", "past_due"):
                add(
                    "customer.subscription.deleted",
                    p.stripe_subscription(
                        sub, cus, "canceled", p.ts(day), p.ts(day + 30), tier=tier
                    ),
                    day,
                    same,
                )
                status = "cancelled"
                break
    return events


def _final(conn: psycopg.Connection[Any]) -> list[tuple[Any, ...]]:
    return (
        conn.execute(
            "SELECT user_id, status, tier, billing_cycle, amount, currency, current_period_end,"
            " cancel_at_period_end FROM auxeira.subscriptions ORDER BY user_id"
        ).fetchall()
        + conn.execute(
            "SELECT user_id, event_type, amount FROM auxeira.subscription_events"
            " WHERE event_type IN ('charged', 'refunded', 'disputed') ORDER BY 1, 2, 3"
        ).fetchall()
    )


def test_any_delivery_order_with_duplicates_converges_to_the_in_order_state(db_url: str) -> None:
    rng = random.Random(int(os.environ.get("AUXEIRA_PROPERTY_SEED", "2215")))
    cases = max(5, CASES // 5)  # each case is a few dozen webhook round trips (~0.4 s)
    with psycopg.connect(db_url, autocommit=True) as conn:
        users = [str(f.user(conn, "founder")) for _ in range(4)]
        for case in range(cases):
            events = _scenario(rng, 4, users)
            in_order = sorted(events, key=lambda e: (e["created"], e["id"]))
            finals = []
            for delivery in (in_order, None):
                conn.execute("SELECT set_config('session_replication_role', 'replica', false)")
                conn.execute(
                    "DELETE FROM auxeira.payment_webhook_events;"
                    " DELETE FROM auxeira.billing_customers;"
                    " DELETE FROM auxeira.subscription_events;"
                    " DELETE FROM auxeira.subscriptions"
                )
                conn.execute("SELECT set_config('session_replication_role', 'origin', false)")
                if delivery is None:
                    delivery = events + rng.sample(events, len(events) // 5)  # duplicates
                    rng.shuffle(delivery)
                for event in delivery:
                    stripe_in(conn, event)
                finals.append(_final(conn))
            assert finals[0] == finals[1], f"case {case}"


# --- command line -------------------------------------------------------------------------------


def test_cli_replays_a_file_once_and_refuses_old_stripe_signatures_unless_asked(
    db_url: str, tmp_path: Any
) -> None:
    import json

    from tests.test_cli import assert_one_line_error, run

    with psycopg.connect(db_url, autocommit=True) as conn:
        u = f.user(conn, "vc")
    created = p.stripe_event(
        "evt_cli",
        "customer.subscription.created",
        p.ts(0),
        p.stripe_subscription("sub_cli", "cus_cli", "active", p.ts(0), p.ts(30), user_id=str(u)),
    )
    raw = p.body(created)
    old = billing.sign_stripe(raw, p.STRIPE_SECRET, timestamp=int(p.ts(0).timestamp()))
    file = tmp_path / "deliveries.jsonl"
    line = json.dumps({"headers": old, "body": raw.decode()})
    file.write_text(line + "\n" + line + "\n")
    env = {"AUXEIRA_STRIPE_SECRET": f"whsec_rotated,{p.STRIPE_SECRET}"}
    refused = run(
        "--database-url", db_url, "billing", "ingest", "--provider", "stripe", str(file), env=env
    )
    assert_one_line_error(refused, 1, "tolerance")
    done = run(
        "--database-url",
        db_url,
        "--json",
        "billing",
        "ingest",
        "--provider",
        "stripe",
        str(file),
        "--ignore-tolerance",
        env=env,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert [(r["outcome"], r["duplicate"]) for r in results] == [
        ("applied", False),
        ("applied", True),
    ]
    missing = run(
        "--database-url",
        db_url,
        "billing",
        "ingest",
        "--provider",
        "paystack",
        str(file),
        env={"AUXEIRA_PAYSTACK_SECRET": ""},
    )
    assert_one_line_error(missing, 1, "AUXEIRA_PAYSTACK_SECRET")
    metrics = run(
        "--database-url",
        db_url,
        "--json",
        "analytics",
        "revenue-metrics",
        "--from",
        "2026-01-01",
        "--to",
        "2026-02-01",
    )
    assert metrics.returncode == 0, metrics.stderr
    assert [r["mrr"] for r in json.loads(metrics.stdout)] == ["99.0000", "99.0000"]


def test_a_tenant_cannot_record_a_webhook_for_itself(db_url: str) -> None:
    """The recorder trusts its caller to have verified the signature, so it is the platform's:
    a service connected as auxeira_app (a tenant) calling it directly to upgrade itself is
    refused, and nothing is recorded."""
    with psycopg.connect(db_url, autocommit=True) as admin:
        me = f.user(admin)
    with psycopg.connect(db_url, autocommit=True) as app:
        app.execute("SET ROLE auxeira_app")
        with app.transaction():
            app.execute("SELECT set_config('auxeira.user_id', %s, true)", (str(me),))
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(
                    "SELECT * FROM auxeira.billing_record_webhook('stripe', 'evt_forged',"
                    " 'customer.subscription.created', now(), 0, '{}', 'cus_forged', NULL,"
                    ' %s, true, \'{"status": "active", "tier": "enterprise"}\')',
                    (str(me),),
                )
    with psycopg.connect(db_url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT (SELECT count(*) FROM auxeira.payment_webhook_events),"
            " (SELECT subscription_tier FROM auxeira.users WHERE id = %s)",
            (me,),
        ).fetchone()
    assert row is not None and row[0] == 0 and row[1] != "enterprise", row
