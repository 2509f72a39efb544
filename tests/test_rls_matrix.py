"""The RLS matrix of docs/SECURITY.md, asserted cell by cell on a seeded ecosystem.

The expected outcomes are read from the document (written from the threat model, not
recorded from behaviour). For every table of the schema the test finds, as the platform, a
row and the user of each persona (owner, consent, pending, unrelated); then it tries SELECT,
INSERT (a copy of the row naming its owner), UPDATE (a no-op) and DELETE as that persona, as
the application role, each in a savepoint that is rolled back. A command is refused when it
touches no row or fails with insufficient_privilege (row-level security, a missing grant or a
guard trigger); any other outcome, a foreign-key or unique violation included, means the
policies let it through. A table without a row in the document fails the test.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import errors, sql

from auxeira_db import refresh, synthetic

DOC = Path(__file__).resolve().parent.parent / "docs" / "SECURITY.md"
PERSONAS = ("owner", "consent", "pending", "unrelated", "none", "readonly")
COMMANDS = "SIUD"

# Per table, as the platform: the row each persona acts on, and who that persona is.
# Each query returns rows (persona, user id or NULL, row id); a persona with no row is n/a.
# An unrelated user: an ESG account (they hold no investments, partnerships or bids), or a
# government one when the owner is itself an ESG account.
_OTHER_TYPE = """(SELECT u.id FROM auxeira.users AS u
                  WHERE u.user_type = CASE (SELECT user_type FROM auxeira.users WHERE id = {owner})
                                      WHEN 'esg' THEN 'government' ELSE 'esg' END
                  ORDER BY u.id LIMIT 1)"""


def _owned(table: str, owner_col: str) -> str:
    return f"""
        WITH r AS (SELECT t.id, t.{owner_col} AS owner FROM auxeira.{table} AS t
                   WHERE t.{owner_col} IS NOT NULL ORDER BY t.id LIMIT 1)
        SELECT 'owner', r.owner, r.id::text FROM r
        UNION ALL SELECT 'unrelated', {_OTHER_TYPE.format(owner="r.owner")}, r.id::text FROM r
    """


def _company_data(table: str) -> str:
    """Rows keyed by company_id: the founder owns them, the company's investors relate."""
    return f"""
        WITH r AS (
            SELECT t.id, c.user_id AS owner,
                   (SELECT i.investor_id FROM auxeira.investments AS i
                    WHERE i.company_id = c.id AND i.founder_consent = 'accepted'
                      AND NOT EXISTS (SELECT FROM auxeira.investments AS j
                                      WHERE j.company_id = c.id AND j.investor_id = i.investor_id
                                        AND j.founder_consent <> 'accepted')
                    ORDER BY i.id LIMIT 1) AS consent,
                   (SELECT i.investor_id FROM auxeira.investments AS i
                    WHERE i.company_id = c.id AND i.founder_consent = 'pending'
                      AND NOT EXISTS (SELECT FROM auxeira.investments AS j
                                      WHERE j.company_id = c.id AND j.investor_id = i.investor_id
                                        AND j.founder_consent = 'accepted')
                    ORDER BY i.id LIMIT 1) AS pending
            FROM auxeira.{table} AS t
            JOIN auxeira.companies AS c ON c.id = t.{"id" if table == "companies" else "company_id"}
            WHERE c.user_id IS NOT NULL
            ORDER BY EXISTS (SELECT FROM auxeira.investments AS i
                             WHERE i.company_id = c.id AND i.founder_consent = 'pending'
                               AND NOT EXISTS (SELECT FROM auxeira.investments AS j
                                               WHERE j.company_id = c.id
                                                 AND j.investor_id = i.investor_id
                                                 AND j.founder_consent = 'accepted'))
                     AND EXISTS (SELECT FROM auxeira.investments AS i
                                 WHERE i.company_id = c.id AND i.founder_consent = 'accepted'
                                   AND NOT EXISTS (SELECT FROM auxeira.investments AS j
                                                   WHERE j.company_id = c.id
                                                     AND j.investor_id = i.investor_id
                                                     AND j.founder_consent <> 'accepted'))
                     DESC,
                     t.id
            LIMIT 1)
        SELECT 'owner', r.owner, r.id::text FROM r
        UNION ALL SELECT 'consent', r.consent, r.id::text FROM r WHERE r.consent IS NOT NULL
        UNION ALL SELECT 'pending', r.pending, r.id::text FROM r WHERE r.pending IS NOT NULL
        UNION ALL SELECT 'unrelated', {_OTHER_TYPE.format(owner="r.owner")}, r.id::text FROM r
    """


def _investment_child(table: str) -> str:
    key = KEYS.get(table, "id")
    """Flows and marks: the investor owns them; the company's founder relates."""
    return f"""
        (SELECT 'owner', i.investor_id, t.{key}::text FROM auxeira.{table} AS t
         JOIN auxeira.investments AS i ON i.id = t.investment_id
         WHERE i.founder_consent = 'accepted' ORDER BY t.{key} LIMIT 1)
        UNION ALL
        (SELECT 'consent', c.user_id, t.{key}::text FROM auxeira.{table} AS t
         JOIN auxeira.investments AS i ON i.id = t.investment_id
         JOIN auxeira.companies AS c ON c.id = i.company_id
         WHERE i.founder_consent = 'accepted' AND c.user_id IS NOT NULL ORDER BY t.{key} LIMIT 1)
        UNION ALL
        (SELECT 'pending', c.user_id, t.{key}::text FROM auxeira.{table} AS t
         JOIN auxeira.investments AS i ON i.id = t.investment_id
         JOIN auxeira.companies AS c ON c.id = i.company_id
         WHERE i.founder_consent = 'pending' AND c.user_id IS NOT NULL
           AND NOT EXISTS (SELECT FROM auxeira.investments AS j
                           WHERE j.company_id = c.id AND j.founder_consent = 'accepted'
                             AND j.investor_id = i.investor_id)
         ORDER BY t.{key} LIMIT 1)
        UNION ALL
        (SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'esg'
                              ORDER BY id LIMIT 1), t.{key}::text
         FROM auxeira.{table} AS t ORDER BY t.{key} LIMIT 1)
    """


def _relationship(table: str, party: str, company_col: str) -> str:
    """Investments, partnerships, syndicates: the party owns them; the founder answers."""
    return f"""
        (SELECT 'owner', t.{party}, t.id::text FROM auxeira.{table} AS t
         WHERE t.founder_consent = 'accepted' ORDER BY t.id LIMIT 1)
        UNION ALL
        (SELECT 'consent', c.user_id, t.id::text FROM auxeira.{table} AS t
         JOIN auxeira.companies AS c ON c.id = t.{company_col}
         WHERE t.founder_consent = 'accepted' AND c.user_id IS NOT NULL ORDER BY t.id LIMIT 1)
        UNION ALL
        (SELECT 'pending', c.user_id, t.id::text FROM auxeira.{table} AS t
         JOIN auxeira.companies AS c ON c.id = t.{company_col}
         WHERE t.founder_consent = 'pending' AND c.user_id IS NOT NULL ORDER BY t.id LIMIT 1)
        UNION ALL
        (SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'esg'
                              ORDER BY id LIMIT 1), t.id::text
         FROM auxeira.{table} AS t ORDER BY t.id LIMIT 1)
    """


# The key of each table whose primary key is not `id` (reference data keyed by a code).
KEYS: dict[str, str] = {
    "currencies": "code",
    "holding_figures": "investment_id",
    "portfolio_figures": "investor_id",
    "tax_profiles": "user_id",
    "tax_lot_facts": "lot_id",
    "tax_disposal_facts": "disposal_id",
    "subscriptions": "user_id",
    "billing_customers": "customer_ref",
}


def _own_key(table: str, owner_col: str) -> str:
    """Rows keyed by something other than id that one user owns outright (tax facts)."""
    key = KEYS[table]
    return f"""
        WITH r AS (SELECT t.{key} AS id, t.{owner_col} AS owner FROM auxeira.{table} AS t
                   ORDER BY t.{key} LIMIT 1)
        SELECT 'owner', r.owner, r.id::text FROM r
        UNION ALL SELECT 'unrelated', {_OTHER_TYPE.format(owner="r.owner")}, r.id::text FROM r
    """


def _any_row(table: str) -> str:
    key = KEYS.get(table, "id")
    return f"""
        SELECT 'unrelated', (SELECT id FROM auxeira.users ORDER BY id LIMIT 1), t.{key}::text
        FROM auxeira.{table} AS t ORDER BY t.{key} LIMIT 1
    """


RESOLVERS: dict[str, str] = {
    "users": "(SELECT 'owner', u.id, u.id::text FROM auxeira.users AS u "
    "WHERE u.user_type = 'founder' ORDER BY u.id LIMIT 1)"
    " UNION ALL SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'vc' "
    "ORDER BY id LIMIT 1), (SELECT id::text FROM auxeira.users WHERE user_type = 'founder' "
    "ORDER BY id LIMIT 1)",
    "companies": _company_data("companies"),
    "investments": _relationship("investments", "investor_id", "company_id"),
    "portfolio_metrics": _owned("portfolio_metrics", "investor_id"),
    "esg_metrics": _company_data("esg_metrics"),
    "economic_impact": _company_data("economic_impact"),
    "corporate_partnerships": _relationship(
        "corporate_partnerships", "corporate_partner_id", "startup_id"
    ),
    "token_transactions": _owned("token_transactions", "user_id"),
    "analytics_events": _owned("analytics_events", "user_id"),
    "subscription_events": _owned("subscription_events", "user_id"),
    "funds": _owned("funds", "manager_id"),
    "investment_cash_flows": _investment_child("investment_cash_flows"),
    "valuation_marks": _investment_child("valuation_marks"),
    "fund_cash_flows": """
        WITH r AS (SELECT t.id, f.manager_id AS owner FROM auxeira.fund_cash_flows AS t
                   JOIN auxeira.funds AS f ON f.id = t.fund_id ORDER BY t.id LIMIT 1)
        SELECT 'owner', r.owner, r.id::text FROM r
        UNION ALL SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'angel'
                                       ORDER BY id LIMIT 1), r.id::text FROM r
    """,
    "synthetic_templates": _any_row("synthetic_templates"),
    "view_refreshes": _any_row("view_refreshes"),
    "audit_log": _any_row("audit_log"),
    "founder_daily_actions": _owned("founder_daily_actions", "user_id"),
    "customer_interviews": _owned("customer_interviews", "user_id"),
    "startup_evidence": _owned("startup_evidence", "user_id"),
    "deals": _owned("deals", "investor_id"),
    "lp_report_purchases": _owned("lp_report_purchases", "buyer_id"),
    "outbox": _owned("outbox", "user_id"),
    "idempotency_keys": _owned("idempotency_keys", "user_id"),
    "price_list": _any_row("price_list"),
    "subscriptions": """
        SELECT 'owner', s.user_id, s.user_id::text FROM auxeira.subscriptions AS s
        WHERE s.user_id = (SELECT min(user_id::text)::uuid FROM auxeira.subscriptions)
        UNION ALL SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'esg'
                                       ORDER BY id LIMIT 1),
                         (SELECT min(user_id::text) FROM auxeira.subscriptions)
    """,
    "billing_customers": _any_row("billing_customers"),
    "payment_webhook_events": _owned("payment_webhook_events", "user_id"),
    "currencies": _any_row("currencies"),
    "fx_rates": _any_row("fx_rates"),
    "job_runs": _any_row("job_runs"),
    "holding_figures": _investment_child("holding_figures"),
    "portfolio_figures": """
        WITH r AS (SELECT t.investor_id FROM auxeira.portfolio_figures AS t
                   ORDER BY t.investor_id LIMIT 1)
        SELECT 'owner', r.investor_id, r.investor_id::text FROM r
        UNION ALL SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'esg'
                                       ORDER BY id LIMIT 1), r.investor_id::text FROM r
    """,
    "connections": """
        (SELECT 'owner', t.requester_id, t.id::text FROM auxeira.connections AS t
         WHERE t.status = 'accepted' ORDER BY t.id LIMIT 1)
        UNION ALL
        (SELECT 'consent', t.addressee_id, t.id::text FROM auxeira.connections AS t
         WHERE t.status = 'accepted' ORDER BY t.id LIMIT 1)
        UNION ALL
        (SELECT 'pending', t.addressee_id, t.id::text FROM auxeira.connections AS t
         WHERE t.status = 'requested' ORDER BY t.id LIMIT 1)
        UNION ALL
        (SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'esg'
                              ORDER BY id LIMIT 1), t.id::text
         FROM auxeira.connections AS t ORDER BY t.id LIMIT 1)
    """,
    "syndicates": _relationship("syndicates", "lead_id", "company_id"),
    "syndicate_members": """
        WITH r AS (SELECT t.id, t.member_id AS owner, s.lead_id
                   FROM auxeira.syndicate_members AS t
                   JOIN auxeira.syndicates AS s ON s.id = t.syndicate_id
                   ORDER BY s.status = 'open' DESC, t.id LIMIT 1)
        SELECT 'owner', r.owner, r.id::text FROM r
        UNION ALL SELECT 'consent', r.lead_id, r.id::text FROM r
        UNION ALL SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'founder'
                                       ORDER BY id LIMIT 1), r.id::text FROM r
    """,
    "tax_profiles": _own_key("tax_profiles", "user_id"),
    "tax_lot_facts": _own_key("tax_lot_facts", "investor_id"),
    "tax_disposal_facts": _own_key("tax_disposal_facts", "investor_id"),
    "education_programmes": _owned("education_programmes", "user_id"),
    "education_student_outcomes": _owned("education_student_outcomes", "user_id"),
    "education_teacher_training": _owned("education_teacher_training", "user_id"),
    "education_unesco_compliance": _owned("education_unesco_compliance", "user_id"),
    "government_policies": _owned("government_policies", "owner_id"),
    "government_policy_impacts": _owned("government_policy_impacts", "owner_id"),
    "regulatory_requirements": _owned("regulatory_requirements", "owner_id"),
    "company_compliance": """
        WITH r AS (SELECT t.id, c.user_id AS owner, q.owner_id AS regulator
                   FROM auxeira.company_compliance AS t
                   JOIN auxeira.companies AS c ON c.id = t.company_id
                   JOIN auxeira.regulatory_requirements AS q ON q.id = t.requirement_id
                   WHERE t.shared_with_regulator AND q.owner_id IS NOT NULL
                   ORDER BY t.id LIMIT 1)
        SELECT 'owner', r.owner, r.id::text FROM r
        UNION ALL SELECT 'consent', r.regulator, r.id::text FROM r
        UNION ALL SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'esg'
                                       ORDER BY id LIMIT 1), r.id::text FROM r
    """,
    "partnership_auctions": """
        WITH r AS (SELECT t.id, t.opened_by AS owner FROM auxeira.partnership_auctions AS t
                   WHERE t.opened_by IS NOT NULL ORDER BY t.id LIMIT 1)
        SELECT 'owner', r.owner, r.id::text FROM r
        UNION ALL SELECT 'consent', (SELECT id FROM auxeira.users WHERE user_type = 'corporate'
                                     ORDER BY id LIMIT 1), r.id::text FROM r
        UNION ALL SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'esg'
                                       ORDER BY id LIMIT 1), r.id::text FROM r
    """,
    "auction_bids": """
        WITH r AS (SELECT t.id, t.bidder_id AS owner, a.opened_by
                   FROM auxeira.auction_bids AS t
                   JOIN auxeira.partnership_auctions AS a ON a.id = t.auction_id
                   WHERE a.opened_by IS NOT NULL ORDER BY t.id LIMIT 1)
        SELECT 'owner', r.owner, r.id::text FROM r
        UNION ALL SELECT 'consent', r.opened_by, r.id::text FROM r
        UNION ALL SELECT 'unrelated', (SELECT id FROM auxeira.users WHERE user_type = 'esg'
                                       ORDER BY id LIMIT 1), r.id::text FROM r
    """,
}

# Columns of an inserted copy that only the platform may set, or that must be fresh.
COPY_OVERRIDES: dict[str, dict[str, Any]] = {
    "investments": {"founder_consent": "pending", "founder_consent_at": None},
    "corporate_partnerships": {"founder_consent": "pending", "founder_consent_at": None},
    "syndicates": {"founder_consent": "pending", "founder_consent_at": None},
    "companies": {"verified": False, "verified_at": None},
    "connections": {"status": "requested", "responded_at": None},
}


def expected_matrix() -> dict[str, dict[str, str]]:
    text = DOC.read_text()
    block = re.search(r"<!-- rls-matrix:start -->(.*?)<!-- rls-matrix:end -->", text, re.S)
    assert block, "docs/SECURITY.md has no rls-matrix block"
    rows: dict[str, dict[str, str]] = {}
    for line in block.group(1).strip().splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 1 + len(PERSONAS), line
        rows[cells[0]] = dict(zip(PERSONAS, cells[1:], strict=True))
    return rows


@pytest.fixture(scope="module")
def world(server: Any, template_db: str) -> Iterator[str]:
    """One seeded ecosystem for the whole module; the platform adds what the seed lacks: a
    pending syndicate (the seed accepts every one), an open syndicate with a member, a
    template row, an audit entry and a job run."""
    from tests.conftest import unique_name

    name = unique_name("auxeira_matrix")
    janitor = server.janitor(name, template_dbname=template_db)
    janitor.init()
    url = server.url(name)
    try:
        synthetic.generate(url, persona="all", scale="small", seed=11)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "UPDATE auxeira.syndicates SET founder_consent = 'pending', "
                "founder_consent_at = NULL "
                "WHERE id = (SELECT id FROM auxeira.syndicates ORDER BY id DESC LIMIT 1)"
            )
            conn.execute("INSERT INTO auxeira.synthetic_templates (name) VALUES ('matrix')")
            conn.execute(  # a dashboard event (seeding writes none: notifications are off)
                "INSERT INTO auxeira.outbox (user_id, dashboard, entity, entity_id, op)"
                " SELECT u.id, 'startup', 'users', u.id::text, 'update' FROM auxeira.users AS u"
                " WHERE u.user_type = 'founder' ORDER BY u.id LIMIT 1"
            )
            conn.execute(  # a stored result of an idempotent write (seeding writes none)
                "INSERT INTO auxeira.idempotency_keys (user_id, idempotency_key, operation, result)"
                " SELECT u.id, 'matrix', 'startup_record_interview', '{}' FROM auxeira.users AS u"
                " WHERE u.user_type = 'founder' ORDER BY u.id LIMIT 1"
            )
            conn.execute(  # a subscription and its webhook (the seed bills nobody)
                "SELECT auxeira.billing_record_webhook('stripe', 'evt_matrix',"
                " 'customer.subscription.created', now(), 0, '{}', 'cus_matrix', NULL, u.id::text,"
                ' true, \'{"status": "active", "tier": "pro", "amount_minor": 9900,'
                ' "currency": "USD"}\') FROM auxeira.users AS u'
                " WHERE u.user_type = 'founder' ORDER BY u.id LIMIT 1"
            )
            conn.execute(  # a company with an accepted investor and a pending one
                """
                WITH c AS (SELECT company_id FROM auxeira.investments GROUP BY company_id
                           HAVING count(DISTINCT investor_id) >= 2 ORDER BY company_id LIMIT 1)
                UPDATE auxeira.investments AS i
                SET founder_consent = CASE WHEN i.investor_id = v.last THEN 'pending'
                                           ELSE 'accepted' END,
                    founder_consent_at = CASE WHEN i.investor_id = v.last THEN NULL
                                              ELSE now() END
                FROM c, LATERAL (SELECT max(investor_id::text)::uuid AS last
                                 FROM auxeira.investments WHERE company_id = c.company_id) AS v
                WHERE i.company_id = c.company_id
                """
            )
            conn.execute(  # a membership of an open syndicate, which its member may change
                "UPDATE auxeira.syndicates SET status = 'open', deadline = CURRENT_DATE + 30 "
                "WHERE id = (SELECT syndicate_id FROM auxeira.syndicate_members ORDER BY id "
                "LIMIT 1)"
            )
            conn.execute(  # the tax facts of one investor (seeding writes none)
                """
                WITH f AS (SELECT cf.id, cf.investment_id, i.investor_id
                           FROM auxeira.investment_cash_flows AS cf
                           JOIN auxeira.investments AS i ON i.id = cf.investment_id
                           ORDER BY cf.id LIMIT 1),
                p AS (INSERT INTO auxeira.tax_profiles (user_id, jurisdiction)
                      SELECT investor_id, 'UK' FROM f),
                l AS (INSERT INTO auxeira.tax_lot_facts (lot_id, investment_id, investor_id,
                                                         shares)
                      SELECT id, investment_id, investor_id, 100 FROM f)
                INSERT INTO auxeira.tax_disposal_facts (disposal_id, investment_id, investor_id,
                                                        shares)
                SELECT id, investment_id, investor_id, 10 FROM f
                """
            )
            conn.execute(  # one audit entry
                "SELECT auxeira.admin_set_company_verified(id, true) FROM auxeira.companies "
                "ORDER BY id LIMIT 1"
            )
            conn.execute(  # one run of a scheduled job (the run log)
                "INSERT INTO auxeira.job_runs (job, trigger, ran_by)"
                " VALUES ('health-probe', 'manual', 'matrix')"
            )
            refresh.refresh(conn, concurrently=False)
        yield url
    finally:
        janitor.drop()


def catalog_tables(conn: psycopg.Connection[Any]) -> list[str]:
    rows = conn.execute(
        "SELECT c.relname FROM pg_catalog.pg_class AS c "
        "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'auxeira' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


def test_every_table_has_an_entry(world: str) -> None:
    with psycopg.connect(world) as conn:
        tables = catalog_tables(conn)
    matrix = expected_matrix()
    assert sorted(set(tables) - set(matrix)) == [], "tables missing from docs/SECURITY.md"
    assert sorted(set(matrix) - set(tables)) == [], "docs/SECURITY.md names unknown tables"
    assert sorted(set(tables) - set(RESOLVERS)) == [], "tables without a persona resolver"


def _attempt(conn: psycopg.Connection[Any], statement: sql.Composable, args: Any = None) -> bool:
    """Run one statement in a savepoint; True when the policies let it through."""
    try:
        with conn.transaction(force_rollback=True):
            cur = conn.execute(statement, args)
            return cur.rowcount > 0
    except errors.InsufficientPrivilege:
        return False
    except psycopg.Error:
        return True  # past row-level security: a foreign key, unique key or business rule


def writable_columns(conn: psycopg.Connection[Any], table: str) -> list[str]:
    """Columns a statement may set: not generated, not GENERATED ALWAYS AS IDENTITY."""
    rows = conn.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'auxeira' AND table_name = %s AND is_generated = 'NEVER' "
        "AND coalesce(identity_generation, '') <> 'ALWAYS' ORDER BY ordinal_position",
        (table,),
    ).fetchall()
    return [r[0] for r in rows]


def outcome(
    conn: psycopg.Connection[Any],
    table: str,
    row_id: str,
    image: dict[str, Any],
    columns: list[str],
) -> str:
    ident = sql.Identifier("auxeira", table)
    key = sql.Identifier(KEYS.get(table, "id"))
    got = ""
    select = sql.SQL("SELECT 1 FROM {} WHERE {}::text = %s").format(ident, key)
    if _attempt(conn, select, (row_id,)):
        got += "S"
    copy = {k: v for k, v in image.items() if k in columns}
    if isinstance(copy.get("id"), str):
        copy["id"] = str(uuid.uuid4())
    else:
        copy.pop("id", None)
    copy.update(COPY_OVERRIDES.get(table, {}))
    insert = sql.SQL(
        "INSERT INTO {t} ({cols}) SELECT {cols} FROM jsonb_populate_record(NULL::{t}, %s::jsonb)"
    ).format(t=ident, cols=sql.SQL(", ").join(map(sql.Identifier, copy)))
    if _attempt(conn, insert, (json.dumps(copy, default=str),)):
        got += "I"
    same = sql.Identifier(columns[0])  # a no-op assignment: the guards see no change
    update = sql.SQL("UPDATE {} SET {} = {} WHERE {}::text = %s").format(ident, same, same, key)
    if _attempt(conn, update, (row_id,)):
        got += "U"
    delete = sql.SQL("DELETE FROM {} WHERE {}::text = %s").format(ident, key)
    if _attempt(conn, delete, (row_id,)):
        got += "D"
    return got or "-"


@pytest.mark.parametrize("table", sorted(RESOLVERS))
def test_matrix(world: str, table: str) -> None:
    expected = expected_matrix()[table]
    with psycopg.connect(world, autocommit=True) as admin:
        found = {p: (u, r) for p, u, r in admin.execute(RESOLVERS[table]).fetchall()}
        any_row = next(iter(found.values()), None)
        assert any_row is not None, f"the seeded world has no {table} row"
        columns = writable_columns(admin, table)
        images = {
            r: admin.execute(
                sql.SQL("SELECT to_jsonb(t) FROM {} AS t WHERE {}::text = %s").format(
                    sql.Identifier("auxeira", table), sql.Identifier(KEYS.get(table, "id"))
                ),
                (r,),
            ).fetchone()[0]  # type: ignore[index]
            for _, r in found.values()
        }
    actual: dict[str, str] = {}
    with psycopg.connect(world) as conn:
        for persona in PERSONAS:
            if persona in ("none", "readonly"):
                user, row_id = None, any_row[1]
            elif persona in found:
                user, row_id = found[persona]
                assert user is not None, f"{table}: no user for {persona}"
            else:
                actual[persona] = "n/a"
                continue
            conn.execute(
                "SET ROLE " + ("auxeira_readonly" if persona == "readonly" else "auxeira_app")
            )
            if user is not None:
                conn.execute("SELECT set_config('auxeira.user_id', %s, true)", (str(user),))
            actual[persona] = outcome(conn, table, row_id, images[row_id], columns)
            conn.rollback()
    assert actual == expected
