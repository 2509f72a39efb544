"""A user's data, exported and erased: the data-protection requests (access, erasure).

`export_user` returns every row about a user: the users row and every row of the package's
tables whose column references the user (a foreign key to auxeira.users, or a `user_id`
column without one, like the partitioned analytics events), as JSON-ready dicts.

`erase_user` (in one transaction) deletes the rows that are only about the person's use of
the platform (analytics events and daily rollups, daily actions, connections, notifications,
idempotency keys), pseudonymises the personal fields of the users row (email, company name,
size, industry, payment method, last login), and keeps the financial and business records
that the law requires to be kept (investments, cash flows, token ledger, subscriptions,
purchases, deals, funds, the audit log ...): they keep pointing at the now anonymous user id.
It reports what it deleted and what it kept. Run both as the database owner (they read and
change every tenant's tables).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from auxeira_db.db import translated
from auxeira_db.errors import DataError
from auxeira_db.tenancy import as_user_id

SCHEMAS = ("auxeira", "auxeira_analytics")
# Rows only about the person's use of the platform: deleted by an erasure.
DELETED = (
    ("auxeira", "analytics_events", "user_id"),
    ("auxeira_analytics", "user_days", "user_id"),
    ("auxeira", "founder_daily_actions", "user_id"),
    ("auxeira", "connections", "requester_id"),
    ("auxeira", "connections", "addressee_id"),
    ("auxeira", "outbox", "user_id"),
    ("auxeira", "idempotency_keys", "user_id"),
)
PSEUDONYMISED = (
    "email",
    "company_name",
    "company_size",
    "industry",
    "payment_method_id",
    "last_login_at",
)
ERASED_EMAIL_DOMAIN = "erased.invalid"


def user_columns(conn: psycopg.Connection[Any]) -> list[tuple[str, str, str]]:
    """(schema, table, column) of every column that refers to a user: foreign keys to
    auxeira.users and uuid columns named user_id / *_user_id (partitions left out)."""
    rows = conn.execute(
        """
        SELECT DISTINCT n.nspname, c.relname, a.attname
        FROM pg_catalog.pg_attribute AS a
        JOIN pg_catalog.pg_class AS c ON c.oid = a.attrelid
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND a.attnum > 0 AND NOT a.attisdropped
          AND (EXISTS (SELECT FROM pg_catalog.pg_constraint AS k
                       WHERE k.contype = 'f' AND k.conrelid = c.oid
                         AND k.confrelid = 'auxeira.users'::regclass
                         AND a.attnum = ANY(k.conkey))
               OR (a.atttypid = 'uuid'::regtype AND a.attname ~ '(^|_)user_id$'))
        ORDER BY 1, 2, 3
        """,
        (list(SCHEMAS),),
    ).fetchall()
    return [(str(s), str(t), str(c)) for s, t, c in rows]


def _require_user(conn: psycopg.Connection[Any], uid: uuid.UUID) -> None:
    row = conn.execute("SELECT FROM auxeira.users WHERE id = %s", (uid,)).fetchone()
    if row is None:
        raise DataError(f"no user {uid}")


def export_user(conn: psycopg.Connection[Any], user_id: uuid.UUID | str) -> dict[str, Any]:
    """Every row about the user, by table (`schema.table`), in one consistent snapshot."""
    uid = as_user_id(user_id)
    with translated(), conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        _require_user(conn, uid)
        by_table: dict[str, list[str]] = {"auxeira.users": ["id"]}
        for schema, table, column in user_columns(conn):
            by_table.setdefault(f"{schema}.{table}", []).append(column)
        tables: dict[str, list[Any]] = {}
        for name, columns in sorted(by_table.items()):
            schema, table = name.split(".", 1)
            query = sql.SQL(
                "SELECT to_jsonb(t) FROM {}.{} AS t WHERE {} ORDER BY to_jsonb(t)::text"
            ).format(
                sql.Identifier(schema),
                sql.Identifier(table),
                sql.SQL(" OR ").join(
                    sql.SQL("{} = %(uid)s").format(sql.Identifier(c)) for c in columns
                ),
            )
            rows = [r[0] for r in conn.execute(query, {"uid": uid}).fetchall()]
            if rows:
                tables[name] = rows
    return {
        "user_id": str(uid),
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": tables,
    }


@dataclass(frozen=True)
class ErasureReport:
    user_id: str
    deleted: dict[str, int]
    pseudonymised: list[str]
    kept: dict[str, int]
    note: str = (
        "financial and business records are kept as the law requires (bookkeeping, tax and"
        " anti-money-laundering retention); they now refer to an anonymous user id"
    )


def erase_user(conn: psycopg.Connection[Any], user_id: uuid.UUID | str) -> ErasureReport:
    """Erase the user's personal data in one transaction (see the module's text)."""
    uid = as_user_id(user_id)
    deleted: dict[str, int] = {}
    with translated(), conn.transaction():
        _require_user(conn, uid)
        # no dashboard notifications about rows that are being erased
        conn.execute("SELECT pg_catalog.set_config('auxeira.suppress_notify', 'on', true)")
        for schema, table, column in DELETED:
            if conn.execute("SELECT to_regclass(%s)", (f"{schema}.{table}",)).fetchone() == (None,):
                continue
            cur = conn.execute(
                sql.SQL("DELETE FROM {}.{} WHERE {} = %s").format(
                    sql.Identifier(schema), sql.Identifier(table), sql.Identifier(column)
                ),
                (uid,),
            )
            key = f"{schema}.{table}"
            deleted[key] = deleted.get(key, 0) + cur.rowcount
        conn.execute(
            "UPDATE auxeira.users SET email = %s, company_name = NULL, company_size = NULL,"
            " industry = NULL, payment_method_id = NULL, last_login_at = NULL WHERE id = %s",
            (f"erased-{uid}@{ERASED_EMAIL_DOMAIN}", uid),
        )
        kept: dict[str, int] = {}
        for schema, table, column in user_columns(conn):
            row = conn.execute(
                sql.SQL("SELECT count(*) FROM {}.{} WHERE {} = %s").format(
                    sql.Identifier(schema), sql.Identifier(table), sql.Identifier(column)
                ),
                (uid,),
            ).fetchone()
            if row and row[0]:
                key = f"{schema}.{table}"
                kept[key] = kept.get(key, 0) + int(row[0])
    return ErasureReport(str(uid), deleted, list(PSEUDONYMISED), kept)
