"""Revenue metrics (issue 15): a hand-built set of subscriptions checked against a Python
computation of the same definitions (docs/BILLING.md), movements summing to the MRR change,
and the analyst's access."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from auxeira_db import revenue
from auxeira_db.errors import DataError
from tests import factories as f

MONTHS = [date(2026, m, 1) for m in (1, 2, 3, 4)]
# USD -> NGN at each month's last day (the rate of the month's end converts its MRR).
NGN_PER_USD = {
    date(2025, 12, 31): Decimal(1500),
    date(2026, 1, 31): Decimal(1500),
    date(2026, 2, 28): Decimal(1500),
    date(2026, 3, 31): Decimal(1600),
    date(2026, 4, 30): Decimal(1600),
}


def at(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=UTC)


# (user, change, moment, arguments): the life cycles of the hand-built set.
SCRIPT: list[tuple[str, str, datetime, dict[str, Any]]] = [
    ("a", "subscribed", at(1, 10), {"tier": "pro", "amount": Decimal(99), "currency": "USD"}),
    ("d", "trial_started", at(1, 5), {"tier": "pro"}),
    ("d", "subscribed", at(1, 19), {"amount": Decimal(99), "currency": "USD"}),
    (
        "b",
        "subscribed",
        at(1, 20),
        {"tier": "starter", "billing_cycle": "annual", "amount": Decimal(290), "currency": "USD"},
    ),
    ("e", "trial_started", at(1, 25), {"tier": "starter"}),
    ("c", "subscribed", at(2, 3), {"tier": "pro", "amount": Decimal(148500), "currency": "NGN"}),
    ("d", "cancelled", at(2, 10), {}),
    ("e", "expired", at(2, 8), {}),
    ("a", "upgraded", at(2, 15), {"tier": "enterprise", "amount": Decimal(499)}),
    ("c", "payment_failed", at(3, 10), {}),
    ("c", "renewed", at(3, 12), {}),
    ("d", "reactivated", at(3, 15), {"tier": "pro", "amount": Decimal(99)}),
    ("c", "downgraded", at(4, 2), {"tier": "starter", "amount": Decimal(43500)}),
    ("a", "cancelled", at(4, 5), {}),
    ("a", "refunded", at(4, 6), {"amount": Decimal(99), "currency": "USD", "reference": "r1"}),
    ("b", "charged", at(1, 20), {"amount": Decimal(290), "currency": "USD", "reference": "c1"}),
]


@pytest.fixture
def built(db_url: str) -> Iterator[tuple[str, dict[str, Any]]]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        users = {name: f.user(conn, "founder" if name in "ab" else "vc") for name in "abcde"}
        for day, rate in NGN_PER_USD.items():
            conn.execute(
                "INSERT INTO auxeira.fx_rates (rate_date, base, quote, rate) VALUES"
                " (%s, 'USD', 'NGN', %s)",
                (day, rate),
            )
        for name, change, moment, kw in sorted(SCRIPT, key=lambda s: s[2]):
            args = "".join(f", {k} => %({k})s" for k in kw)
            conn.execute(
                f"SELECT auxeira.subscription_transition(%(u)s, %(c)s, occurred_at => %(t)s{args})",
                {"u": users[name], "c": change, "t": moment, **kw},
            )
    yield db_url, users


def ngn_rates(url: str) -> dict[date, Decimal]:
    """NGN -> USD as auxeira.fx_rate gives it (1 / the stored rate, at numeric's precision)."""
    with psycopg.connect(url) as conn:
        return {
            d: conn.execute("SELECT auxeira.fx_rate('NGN', 'USD', %s)", (d,)).fetchone()[0]  # type: ignore[index]
            for d in NGN_PER_USD
        }


def expected(users: dict[str, Any], ngn: dict[date, Decimal]) -> dict[date, dict[str, Decimal]]:
    """The same definitions, computed from the script in Python."""
    state: dict[str, tuple[datetime, Decimal, str]] = {}
    history: dict[str, list[tuple[datetime, Decimal, str]]] = {u: [] for u in users}
    plan: dict[str, dict[str, Any]] = {}
    for name, change, moment, kw in sorted(SCRIPT, key=lambda s: s[2]):
        if change in ("charged", "refunded", "disputed"):
            continue
        p = plan.setdefault(name, {"billing_cycle": "monthly"})
        p.update(
            {k: v for k, v in kw.items() if k in ("tier", "billing_cycle", "amount", "currency")}
        )
        status = {
            "trial_started": "trialing",
            "cancelled": "cancelled",
            "expired": "expired",
            "payment_failed": "past_due",
        }.get(change, p.get("status", "active"))
        if change in ("subscribed", "renewed", "reactivated"):
            status = "active"
        p["status"] = status
        amount = p.get("amount")
        mrr = Decimal(0)
        if status in ("active", "past_due") and amount is not None:
            mrr = amount if p["billing_cycle"] == "monthly" else round(amount / 12, 4)
        history[name].append((moment, mrr, p.get("currency", "USD")))
        state[name] = history[name][-1]

    def month_end(month: date) -> datetime:
        nxt = date(month.year + month.month // 12, month.month % 12 + 1, 1)
        return datetime(nxt.year, nxt.month, 1, tzinfo=UTC)

    def rate(cur: str, month: date) -> Decimal:
        last = month_end(month).date().toordinal() - 1
        return Decimal(1) if cur == "USD" else ngn[date.fromordinal(last)]

    def mrr_at(name: str, month: date) -> tuple[Decimal, Decimal, str] | None:
        before = [h for h in history[name] if h[0] < month_end(month)]
        if not before or before[-1][1] == 0:
            return None
        _, local, cur = before[-1]
        return local, rate(cur, month), cur

    out: dict[date, dict[str, Decimal]] = {}
    for month in MONTHS:
        prev_month = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
        row = dict.fromkeys(
            ("mrr", "new", "expansion", "contraction", "churned", "reactivation", "fx", "start"),
            Decimal(0),
        )
        for name in users:
            c, p = mrr_at(name, month), mrr_at(name, prev_month)
            paid_before = any(
                h[1] > 0 and h[0] < datetime(month.year, month.month, 1, tzinfo=UTC)
                for h in history[name]
            )
            if c:
                row["mrr"] += c[0] * c[1]
            if p:
                row["start"] += p[0] * p[1]
            if c and not p:
                row["reactivation" if paid_before else "new"] += c[0] * c[1]
            elif p and not c:
                row["churned"] -= p[0] * p[1]
            elif c and p:
                change = (c[0] - p[0]) * c[1]
                row["expansion" if change > 0 else "contraction"] += change
                row["fx"] += p[0] * (c[1] - p[1])
        out[month] = row
    return out


def test_revenue_metrics_match_a_python_computation_of_a_hand_built_set(
    built: tuple[str, dict[str, Any]],
) -> None:
    url, users = built
    with psycopg.connect(url) as conn:
        rows = revenue.revenue_metrics(conn, MONTHS[0], MONTHS[-1], currency="USD")
    ngn = ngn_rates(url)
    want = expected(users, ngn)
    assert [r.month for r in rows] == MONTHS
    for r in rows:
        w = want[r.month]
        assert (
            r.mrr,
            r.new_mrr,
            r.expansion_mrr,
            r.contraction_mrr,
            r.churned_mrr,
            r.reactivation_mrr,
            r.fx_mrr,
            r.starting_mrr,
        ) == (
            w["mrr"],
            w["new"],
            w["expansion"],
            w["contraction"],
            w["churned"],
            w["reactivation"],
            w["fx"],
            w["start"],
        ), r.month
        # The movements sum to the change, exactly.
        assert (
            (
                r.new_mrr
                + r.expansion_mrr
                + r.contraction_mrr
                + r.churned_mrr
                + r.reactivation_mrr
                + r.fx_mrr
            )
            == r.mrr - r.starting_mrr
            == r.net_new_mrr
        )
        assert r.arr == 12 * r.mrr
    jan, feb, mar, apr = rows
    # Figures a person can check by hand.
    assert jan.mrr == Decimal(99) + Decimal(99) + Decimal("24.1667")  # a, d, b (290 / 12)
    assert (jan.customers, jan.new_mrr) == (3, jan.mrr)
    feb_rate, mar_rate = ngn[date(2026, 2, 28)], ngn[date(2026, 3, 31)]
    assert feb.expansion_mrr == 400 and feb.churned_mrr == -99  # a upgraded, d cancelled
    assert feb.new_mrr == 148500 * feb_rate  # c, in naira (99.000000000000000495 dollars)
    assert feb.customer_churn_rate == Decimal("0.333333") and feb.churned_customers == 1
    assert mar.reactivation_mrr == 99  # d came back
    assert mar_rate == Decimal("0.000625")
    assert mar.fx_mrr == Decimal(148500) * (mar_rate - feb_rate) < 0  # the naira fell
    assert apr.contraction_mrr == (Decimal(43500) - Decimal(148500)) * mar_rate  # c downgraded
    assert apr.churned_mrr == -499 and apr.refunded == 99 and jan.charged == 290
    assert apr.grr == round(
        (apr.starting_mrr + apr.contraction_mrr + apr.churned_mrr) / apr.starting_mrr, 6
    )
    assert apr.quick_ratio == Decimal(0)
    assert feb.ltv == round(feb.arpa / (Decimal(1) / 3), 4)  # type: ignore[operator]


def test_segments_partition_the_total_and_each_sums_to_its_change(
    built: tuple[str, dict[str, Any]],
) -> None:
    url, _ = built
    with psycopg.connect(url) as conn:
        total = {r.month: r for r in revenue.revenue_metrics(conn, MONTHS[0], MONTHS[-1])}
        for by in ("tier", "user_type", "currency"):
            rows = revenue.revenue_metrics(conn, MONTHS[0], MONTHS[-1], segment_by=by)
            for month in MONTHS:
                mine = [r for r in rows if r.month == month]
                assert sum(r.mrr for r in mine) == total[month].mrr, (by, month)
                for r in mine:
                    assert (
                        r.new_mrr
                        + r.expansion_mrr
                        + r.contraction_mrr
                        + r.churned_mrr
                        + r.reactivation_mrr
                        + r.fx_mrr
                    ) == r.mrr - r.starting_mrr


def test_revenue_metrics_refuse_bad_input_and_serve_the_analyst(
    built: tuple[str, dict[str, Any]],
) -> None:
    url, _ = built
    with psycopg.connect(url, autocommit=True) as conn:
        with pytest.raises(DataError, match="unknown segment"):
            revenue.revenue_metrics(conn, segment_by="planet")
        with pytest.raises(DataError, match="is after"):
            revenue.revenue_metrics(conn, MONTHS[-1], MONTHS[0])
        with pytest.raises(DataError, match="unknown currency"):
            revenue.revenue_metrics(conn, currency="XYZ")
        conn.execute("SET ROLE auxeira_analyst")
        rows = revenue.revenue_metrics(conn, MONTHS[0], MONTHS[-1], currency="NGN")
        assert rows[0].mrr == (Decimal(99) * 2 + Decimal("24.1667")) * 1500
        conn.execute("SET ROLE auxeira_app")
        with pytest.raises(Exception, match="permission denied"):
            revenue.revenue_metrics(conn)


def test_the_conversion_funnel_counts_skipped_steps(built: tuple[str, dict[str, Any]]) -> None:
    url, users = built
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "UPDATE auxeira.users SET created_at = '2026-01-02T00:00:00Z' WHERE id = ANY(%s)",
            (list(users.values()),),
        )
        conn.execute("SELECT auxeira.ensure_event_partitions(0, '2026-01-01T00:00:00Z')")
        conn.execute(
            "INSERT INTO auxeira.analytics_events (user_id, event_type, utm_source, created_at)"
            " VALUES (%s, 'page_view', 'newsletter', '2026-01-02T00:00:00Z')",
            (users["e"],),
        )
        conn.execute("SET ROLE auxeira_analyst")
        rows = revenue.conversion_funnel(conn, date(2026, 1, 1), date(2026, 1, 1))
    direct, newsletter = rows
    assert (direct.source, direct.signed_up, direct.trialed, direct.paid) == ("direct", 4, 1, 4)
    assert (direct.paid_without_trial, direct.upgraded, direct.upgrade_rate) == (
        3,
        1,
        Decimal("0.2500"),
    )
    assert direct.trial_to_paid_rate == 1 and direct.median_days_to_trial == Decimal("3.50")
    assert (newsletter.signed_up, newsletter.trialed, newsletter.paid) == (1, 1, 0)
    assert newsletter.trial_to_paid_rate == 0 and newsletter.median_days_to_paid is None
