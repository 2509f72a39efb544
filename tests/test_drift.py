"""sql/ and migrations/ describe the same database, object for object."""

from __future__ import annotations

import psycopg

from auxeira_db.resources import sql_files
from tests.catalog import describe, differences


def load_sql_tree(url: str) -> None:
    """Load every file of sql/ in order, in one transaction, as the migrations would."""
    with psycopg.connect(url) as conn:
        # As pg_dump does: a function body may name a function of a later file.
        conn.execute("SET LOCAL check_function_bodies = off")
        for path in sql_files():
            conn.execute(path.read_text())  # type: ignore[call-overload]


def test_migrations_and_sql_tree_agree(db_url: str, empty_db_url: str) -> None:
    load_sql_tree(empty_db_url)
    with psycopg.connect(db_url) as migrated, psycopg.connect(empty_db_url) as loaded:
        drift = differences(describe(migrated), describe(loaded))
    assert drift == [], "\n".join(drift[:40])


def test_catalog_description_notices_a_change(db_url: str, empty_db_url: str) -> None:
    """The comparison is not blind: one changed comment is a difference."""
    load_sql_tree(empty_db_url)
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute("COMMENT ON COLUMN auxeira.users.email IS 'changed'")
    with psycopg.connect(db_url) as migrated, psycopg.connect(empty_db_url) as loaded:
        drift = differences(describe(migrated), describe(loaded))
    assert any("email" in line and "changed" in line for line in drift)
