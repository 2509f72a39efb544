"""Benchmark: webhook ingestion and revenue metrics (issue 15). Figures, never asserted.

    .venv/bin/python bench/billing.py [--events 5000] [--subscribers 10000] [--months 24]
                                      [--calls 7] [--database-url URL]

1. Ingestion: Stripe life cycles (created, paid, updated, failed, deleted) for many customers,
   10 % of deliveries duplicated and 10 % moved out of order, each verified (HMAC), stored and
   applied by `billing.ingest` one delivery per transaction; baseline in the same run: the
   same bodies inserted raw (one INSERT per delivery, no verification, no fold).
2. Revenue metrics: `--subscribers` subscribers with a history over `--months` months written
   straight through `auxeira.subscription_transition` (subscribe, up/downgrades, failures,
   recoveries, cancellations, reactivations; three currencies with month-end rates), then the
   p50 of `--calls` calls of revenue_metrics over the whole span, in USD.
A fresh database is created, migrated and dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import psycopg.conninfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auxeira_db import billing, migrations, revenue  # noqa: E402
from auxeira_db.db import resolve  # noqa: E402
from tests import billing_payloads as p  # noqa: E402

SECRET = p.STRIPE_SECRET


def with_db(url: str, dbname: str) -> str:
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = dbname
    return psycopg.conninfo.make_conninfo("", **params)


def deliveries(n: int, users: list[str], rng: random.Random) -> list[bytes]:
    events: list[dict[str, Any]] = []
    k = 0
    while len(events) < n:
        sub, cus, user = f"sub_b{k}", f"cus_b{k}", users[k % len(users)]
        day = rng.randrange(0, 300)
        events.append(
            p.stripe_event(
                f"evt_b{k}_0",
                "customer.subscription.created",
                p.ts(day),
                p.stripe_subscription(sub, cus, "active", p.ts(day), p.ts(day + 30), user_id=user),
            )
        )
        for j in range(1, rng.randrange(2, 6)):
            day += 30
            kind = rng.choice(
                [
                    "invoice.paid",
                    "invoice.paid",
                    "invoice.payment_failed",
                    "customer.subscription.updated",
                ]
            )
            obj = (
                p.stripe_invoice(
                    f"in_b{k}_{j}",
                    cus,
                    sub,
                    p.ts(day),
                    p.ts(day + 30),
                    0 if kind.endswith("failed") else 9900,
                )
                if kind.startswith("invoice")
                else p.stripe_subscription(
                    sub,
                    cus,
                    "active",
                    p.ts(day),
                    p.ts(day + 30),
                    tier=rng.choice(["starter", "pro", "enterprise"]),
                )
            )
            events.append(p.stripe_event(f"evt_b{k}_{j}", kind, p.ts(day), obj))
        k += 1
    bodies = [p.body(e) for e in events[:n]]
    out = bodies + rng.sample(bodies, n // 10)  # 10 % duplicates
    for _ in range(n // 10):  # 10 % out of order: swapped with a later delivery
        i = rng.randrange(len(out) - 1)
        j = rng.randrange(i + 1, min(len(out), i + 50))
        out[i], out[j] = out[j], out[i]
    return out


def ingestion(conn: psycopg.Connection[Any], n: int, users: list[str]) -> None:
    rng = random.Random(15)
    bodies = deliveries(n, users, rng)
    signed = [(b, billing.sign_stripe(b, SECRET)) for b in bodies]
    conn.execute("CREATE TABLE public.bench_raw (id bigserial, body jsonb, headers jsonb)")
    started = time.perf_counter()
    for b, h in signed:
        with conn.transaction():
            conn.execute(
                "INSERT INTO public.bench_raw (body, headers) VALUES (%s, %s)",
                (b.decode(), json.dumps(h)),
            )
    raw = len(signed) / (time.perf_counter() - started)
    started = time.perf_counter()
    outcomes: dict[str, int] = {}
    for b, h in signed:
        r = billing.ingest(conn, "stripe", b, h, SECRET)
        key = "duplicate" if r.duplicate else r.outcome
        outcomes[key] = outcomes.get(key, 0) + 1
    rate = len(signed) / (time.perf_counter() - started)
    print(
        f"ingestion of {len(signed):,} deliveries (10 % duplicates, 10 % out of order): "
        f"{rate:,.0f} events/s verified+stored+applied; raw INSERT baseline {raw:,.0f}/s "
        f"(ratio {rate / raw:.2f}); outcomes {outcomes}"
    )


def history(conn: psycopg.Connection[Any], subscribers: int, months: int) -> date:
    start = date(2024, 1, 1)
    conn.execute(
        "INSERT INTO auxeira.users (email, user_type, created_at)"
        " SELECT 'sub' || g || '@example.com',"
        " (ARRAY['founder','vc','angel','esg','government','corporate'])[1 + g %% 6], %s"
        " FROM generate_series(1, %s) AS g",
        (start, subscribers),
    )
    for m in range(months + 1):
        d = date(start.year + (start.month - 1 + m) // 12, (start.month - 1 + m) % 12 + 1, 1)
        last = d - timedelta(days=1) if m else start - timedelta(days=1)
        for quote, rate in (("NGN", 1500 + 10 * m), ("KES", 130 + m)):
            conn.execute(
                "INSERT INTO auxeira.fx_rates (rate_date, base, quote, rate)"
                " VALUES (%s, 'USD', %s, %s) ON CONFLICT DO NOTHING",
                (last, quote, rate),
            )
    # One SQL statement per life-cycle step for all subscribers, in time order.
    started = time.perf_counter()
    conn.execute(
        """
        DO $$
        DECLARE u record; m int; t timestamptz; r float8; cur text; price numeric;
        BEGIN
          FOR u IN SELECT id, row_number() OVER (ORDER BY id) AS k FROM auxeira.users LOOP
            cur := (ARRAY['USD','NGN','KES'])[1 + u.k % 3];
            price := CASE cur WHEN 'USD' THEN 99 WHEN 'NGN' THEN 148500 ELSE 12870 END;
            t := '2024-01-01'::timestamptz + make_interval(days => (u.k % 600)::int);
            PERFORM auxeira.subscription_transition(u.id, 'subscribed', 'pro', amount => price,
                currency => cur, occurred_at => t,
                billing_cycle => CASE WHEN u.k % 5 = 0 THEN 'annual' ELSE 'monthly' END);
            FOR m IN 1..8 LOOP
              t := t + make_interval(days => 20 + (hashint4(u.k::int * 31 + m) & 63));
              EXIT WHEN t > '2026-01-01';
              r := abs(hashint4(u.k::int * 17 + m)) / 2147483647.0;
              BEGIN
                IF r < 0.06 THEN
                  PERFORM auxeira.subscription_transition(u.id, 'cancelled', occurred_at => t);
                ELSIF r < 0.1 THEN
                  PERFORM auxeira.subscription_transition(u.id, 'reactivated', occurred_at => t);
                ELSIF r < 0.2 THEN
                  PERFORM auxeira.subscription_transition(u.id, 'upgraded', 'enterprise',
                      amount => price * 5, occurred_at => t);
                ELSIF r < 0.25 THEN
                  PERFORM auxeira.subscription_transition(u.id, 'payment_failed', occurred_at => t);
                ELSE
                  PERFORM auxeira.subscription_transition(u.id, 'renewed', occurred_at => t);
                END IF;
              EXCEPTION WHEN OTHERS THEN NULL;  -- a step the life cycle refuses is skipped
              END;
            END LOOP;
          END LOOP;
        END $$
        """
    )
    n = conn.execute("SELECT count(*) FROM auxeira.subscription_events").fetchone()
    print(
        f"history: {subscribers:,} subscribers, {n[0] if n else 0:,} subscription events "
        f"written in {time.perf_counter() - started:.1f} s"
    )
    return start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--calls", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    base = resolve(args.database_url, None).url
    name = f"billing_bench_{os.getpid()}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = with_db(base, name)
    try:
        migrations.migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO auxeira.users (email, user_type)"
                " SELECT 'hook' || g || '@example.com', 'founder'"
                " FROM generate_series(1, %s) AS g",
                (args.events,),
            )
            users = [str(r[0]) for r in conn.execute("SELECT id FROM auxeira.users ORDER BY id")]
            ingestion(conn, args.events, users)
            conn.execute("SET session_replication_role = replica")
            conn.execute(
                "TRUNCATE auxeira.payment_webhook_events, auxeira.billing_customers,"
                " auxeira.subscriptions, auxeira.subscription_events"
            )
            conn.execute("DELETE FROM auxeira.users")
            conn.execute("SET session_replication_role = origin")
            start = history(conn, args.subscribers, args.months)
            conn.execute("ANALYZE")
            end = date(
                start.year + (start.month - 1 + args.months - 1) // 12,
                (start.month - 1 + args.months - 1) % 12 + 1,
                1,
            )
            times = []
            for _ in range(args.calls):
                began = time.perf_counter()
                rows = revenue.revenue_metrics(conn, start, end, currency="USD")
                times.append((time.perf_counter() - began) * 1000)
            print(
                f"revenue_metrics over {len(rows)} months at {args.subscribers:,} subscribers,"
                f" USD from three currencies: p50 {statistics.median(times):,.0f} ms"
                f" (min {min(times):,.0f}, max {max(times):,.0f}; {args.calls} calls);"
                f" last month MRR {rows[-1].mrr:,.2f}, customers {rows[-1].customers:,}"
            )
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
