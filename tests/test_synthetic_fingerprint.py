"""Same --seed, same rows: a fingerprint of a small seeded ecosystem, and the SSE scores the SQL
fills in after the COPY.

The fingerprint is the SHA-256 (first 16 hex digits) of each table's COPY text, per COPY, for
a fixed plan, clock and expiry. It changes when Faker's pools change (Faker is pinned to a
minor release in pyproject.toml for that reason) or when a generator changes on purpose: then
regenerate the table's entry and say so in the commit. Run the generator with
`python -c "from tests.test_synthetic_fingerprint import fingerprint; print(fingerprint())"`.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

import faker
import psycopg

from auxeira_db import synthetic
from auxeira_db.synthetic import build_plan, ecosystem_tables
from auxeira_db.synthetic.pools import build_pools

SEED = 20261130
AS_OF = date(2026, 6, 30)
EXPIRES = datetime(2036, 6, 30, tzinfo=UTC)
NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)

FINGERPRINT: dict[str, tuple[str, ...]] = {
    "users": ("2004a28f3a41650b",),
    "companies": ("ec45fa70838d9cfb",),
    "funds": ("866bc98bb1f31291",),
    "fx_rates": ("214f0212b9316ebe",),
    "investments": ("66f8b4cefdad82f2",),
    "investment_cash_flows": ("3565a96e58582574",),
    "valuation_marks": ("39a0e21f67463a96",),
    "fund_cash_flows": ("68defb4272631ed8",),
    "esg_metrics": ("18bd8b5991054fc2",),
    "economic_impact": ("a03928ab0e884d53",),
    "corporate_partnerships": ("a67d4f8f7b2cc921",),
    "token_transactions": ("3fd81a5e9199f680",),
    "analytics_events": ("a57fdf2153551f21",),
    "subscription_events": ("f4d2f263e133621c",),
    "founder_daily_actions": ("22ba5ba5e68b1382",),
    "customer_interviews": ("4a2e7ebf559b3feb",),
    "startup_evidence": ("f218d9fcb2a4f2c1",),
    "deals": ("fb59055d59fd58e3",),
    "lp_report_purchases": ("26499862e93f0a34",),
    "connections": ("2e9922d4b570b361",),
    "syndicates": ("a82a7a3046608a5c",),
    "syndicate_members": ("7346ceeea10e259f",),
    "education_programmes": ("0cd7c4445f2fdb24",),
    "education_student_outcomes": ("f2ab3bf0ba87d135",),
    "education_teacher_training": ("3b72af347675c190",),
    "education_unesco_compliance": ("790134cb3546a0d9",),
    "government_policies": ("fa0373ea79b6a87c",),
    "government_policy_impacts": ("f8e75626cfc9140d",),
    "regulatory_requirements": ("c9543a2ef3d72790",),
    "company_compliance": ("cf7b75a84d6337f2",),
    "partnership_auctions": ("03c9df7fdc1d848b",),
    "auction_bids": ("5280c521d8fe4714", "9c335189aa64addf"),
}


def fingerprint() -> dict[str, tuple[str, ...]]:
    plan = build_plan(None, persona="all", scale="small", seed=SEED, as_of=AS_OF)
    out: dict[str, tuple[str, ...]] = {}
    for table in ecosystem_tables(plan, EXPIRES, now=NOW):
        digest = hashlib.sha256()
        for text, _ in table.chunks():
            digest.update(text.encode())
        out[table.name] = (*out.get(table.name, ()), digest.hexdigest()[:16])
    return out


def test_the_same_seed_gives_the_same_rows() -> None:
    assert faker.VERSION.startswith("40.63."), "the fingerprint belongs to Faker 40.63.*"
    assert fingerprint() == FINGERPRINT


def test_pools_come_from_the_seed() -> None:
    """Built with Faker from the run's seed: another seed, other names; the same, the same."""
    assert build_pools.__wrapped__(SEED) == build_pools(SEED)
    other = build_pools(SEED + 1)
    assert other.first_names != build_pools(SEED).first_names
    pools = build_pools(SEED)
    countries = {country for _, country, _ in pools.cities}
    assert {"Nigeria", "Kenya", "Ghana", "South Africa", "United Kingdom", "United States"} <= (
        countries
    )
    assert set(pools.email_domains) <= {"example.com", "example.org", "example.net"}
    assert all(n.isascii() and n.isalpha() for n in pools.email_first_names)


def test_seeded_scores_are_the_sql_formula(conn: psycopg.Connection[Any]) -> None:
    """The generator writes the score's inputs and no score; SQL scores them after the COPY."""
    plan = build_plan(None, persona="startup", count=5, seed=SEED, as_of=AS_OF)
    (companies,) = [t for t in ecosystem_tables(plan, EXPIRES, now=NOW) if t.name == "companies"]
    text = "".join(chunk for chunk, _ in companies.chunks())
    assert '"market_and_team"' in text and '"score"' not in text
    assert any("fill_synthetic_sse_scores" in sql for sql in companies.after)
    synthetic.generate(conn, persona="startup", count=5, seed=SEED, as_of=AS_OF)
    rows = conn.execute(
        "SELECT c.sse_score, h.entry FROM auxeira.companies AS c"
        " CROSS JOIN LATERAL jsonb_array_elements(c.sse_score_history) AS h (entry)"
    ).fetchall()
    assert rows and all(score is not None for score, _ in rows)
    assert all(set(entry) == {"date", "score"} for _, entry in rows)
    assert all(0 <= entry["score"] <= 100 for _, entry in rows)
    stale = conn.execute(
        "SELECT count(*) FROM auxeira.companies"
        " WHERE sse_score IS DISTINCT FROM (sse_score_history -> -1 ->> 'score')::integer"
    ).fetchone()
    assert stale == (0,)
