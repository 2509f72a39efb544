"""Synthetic product-analytics events: what the seeder needs from the partitioned event log.

The event log (auxeira.analytics_events) has one partition per UTC month and no default
partition (migration 0019): a load of past events first creates the months it writes.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import date
from typing import Any


def partitions_sql(first: date, last: date) -> str:
    """SQL that creates the monthly partitions from `first` to `last` (both included) and at
    least three months ahead of the database's clock; run before a COPY of events."""
    return (
        "SELECT auxeira.ensure_event_partitions(least(120, greatest(3, "
        f"((extract(year FROM DATE '{last.isoformat()}') - extract(year FROM now())) * 12"
        f" + extract(month FROM DATE '{last.isoformat()}') - extract(month FROM now()))::int)),"
        f" DATE '{first.isoformat()}')"
    )


# --- the events of the seeded ecosystem ---------------------------------------------------

# Weekly retention: the chance that a user is active in week w after signing up, the shape of
# published product-retention curves (steep over weeks 1-4, then flat): w = 0 is the sign-up
# week. A user's own engagement (0.35-1.65, drawn once) scales it.
RETENTION_FLOOR = 0.04
RETENTION_DROP = 0.62
RETENTION_WEEKS = 2.0
WEEK0_ACTIVE = 0.92
# Weekday weights (Monday first): a work tool, quiet at weekends.
WEEKDAY_WEIGHTS = (1.0, 1.1, 1.05, 1.0, 0.85, 0.3, 0.25)
# Share of users who ever adopt a dashboard's feature, by the feature's rank on it.
ADOPTION_BY_RANK = (0.85, 0.6, 0.4, 0.25, 0.12)
MAX_EVENTS_PER_USER = 4000  # ids keep 12 bits for the event number


def weekly_activity(week: int) -> float:
    """The retention curve: the chance of activity in week `week` after sign-up (before the
    user's engagement factor)."""
    if week == 0:
        return WEEK0_ACTIVE
    return RETENTION_FLOOR + RETENTION_DROP * math.exp(-week / RETENTION_WEEKS)


def _next_step(rng: random.Random, here: str, adopted: list[str]) -> str:
    """Preferred routes: the dashboard view leads to the first adopted feature, a feature to
    the next one in the dashboard's order; otherwise any adopted feature or back to the view."""
    if not adopted:
        return "dashboard_view"
    r = rng.random()
    if here == "dashboard_view":
        return adopted[0] if r < 0.5 else adopted[int(rng.random() * len(adopted))]
    i = adopted.index(here) if here in adopted else -1
    if r < 0.45 and 0 <= i < len(adopted) - 1:
        return adopted[i + 1]
    if r < 0.6:
        return "dashboard_view"
    return adopted[int(rng.random() * len(adopted))]


def analytics_events(eco: Any) -> Iterator[list[str]]:
    """COPY rows of auxeira.analytics_events for every account of the ecosystem `eco` (the
    seeder's Ecosystem): weekly activity along the retention curve from sign-up to the plan's
    date, sessions on weekdays in working hours, paths that prefer some routes, features
    adopted at different rates. Deterministic: one random stream per account."""
    from auxeira_db.synthetic import ids as I
    from auxeira_db.synthetic.ids import iso
    from auxeira_db.synthetic.options import USER_TYPES
    from auxeira_db.synthetic.patterns import DASHBOARD, FEATURES, REFERRERS, USER_AGENTS, UTM

    prefix = eco.ids.prefix(I.ANALYTICS)
    tail = eco.tail
    rng = eco.rng
    today = eco.today
    tag = eco.ids.tag
    for ut in USER_TYPES:
        user = eco.ids.prefix(I.USERS + USER_TYPES.index(ut))
        dashboard = DASHBOARD[ut]
        features = FEATURES[dashboard]
        for i in range(eco.counts[ut]):
            signup, city_index = eco._user_core(ut, i)
            ugid = eco._ugid(ut, i)
            rng.seed(eco.ids.stream(I.K_ANALYTICS, ugid))
            city, country, _ = eco.pools.cities[city_index]
            agent, device, browser, os_name = USER_AGENTS[int(rng.random() * len(USER_AGENTS))]
            ip = f"10.{ugid % 251}.{(ugid >> 8) % 251}.{rng.randint(1, 254)}"
            engagement = 0.35 + 1.3 * rng.random()
            adopted = [
                f for rank, f in enumerate(features) if rng.random() < ADOPTION_BY_RANK[rank]
            ]
            utm = UTM[int(rng.random() * len(UTM))] if rng.random() < 0.35 else None
            rows: list[str] = []
            k = 0
            s = 0
            for week in range((today - signup) // 7 + 1):
                if rng.random() >= min(1.0, weekly_activity(week) * engagement):
                    continue
                for _ in range(1 + int(rng.random() * engagement * 1.6)):
                    day = signup + week * 7 + rng.choices(range(7), WEEKDAY_WEIGHTS)[0]
                    if day > today or k >= MAX_EVENTS_PER_USER - 12:
                        continue
                    session = f"{tag}-{ugid:x}-{s}"
                    first = s == 0
                    s += 1
                    referrer = REFERRERS[int(rng.random() * 5)] if first else "\\N"
                    source = utm if first else None
                    hour = min(22, max(7, int(rng.gauss(13, 3))))
                    steps = ["dashboard_view"]
                    while len(steps) < 10 and rng.random() < 0.72:
                        steps.append(_next_step(rng, steps[-1], adopted))
                    if rng.random() < 0.05:
                        steps.append("billing_page_view")
                    if rng.random() < 0.2:
                        steps.append("session_engaged")
                    for e, step in enumerate(steps):
                        if step == "dashboard_view":
                            etype, category, feature = step, "dashboard", "\\N"
                            data = f'{{"load_ms": {rng.randint(180, 2400)}}}'
                        elif step == "billing_page_view":
                            etype, category, feature = step, "payment", "\\N"
                            data = '{"plan_page": true}'
                        elif step == "session_engaged":
                            etype, category, feature = step, "engagement", "\\N"
                            data = f'{{"duration_s": {rng.randint(20, 1800)}}}'
                        else:
                            etype, category, feature = "feature_used", "feature", step
                            data = f'{{"feature": "{step}", "clicks": {rng.randint(1, 30)}}}'
                        minute = e * 2 + rng.randint(0, 1)
                        rows.append(
                            f"{prefix}{(ugid << 12) | k:012x}\t{user}{i:012x}\t{etype}\t"
                            f"{category}\t{data}\t{dashboard}\t{feature}\t{session}\t{ip}\t"
                            f"{agent}\t{referrer}\t"
                            + (
                                f"{source[0]}\t{source[1]}\t{source[2]}\t"
                                if source
                                else "\\N\t\\N\t\\N\t"
                            )
                            + f"{device}\t{browser}\t{os_name}\t{country}\t{city}\t"
                            f"{iso(day)} {hour:02d}:{minute:02d}:{(s * 7 + e) % 60:02d}+00"
                            f"{tail}"
                        )
                        k += 1
            yield rows
