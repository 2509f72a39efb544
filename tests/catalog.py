"""A normalised description of everything in the auxeira schema, for comparing databases.

Used by the drift test: migrations applied to one database and sql/ loaded into
another must describe the same objects, down to function bodies and comments.
"""

from __future__ import annotations

from typing import Any

import psycopg

SCHEMA = "auxeira"

QUERIES: dict[str, str] = {
    "schemas": """
        SELECT n.nspname, pg_get_userbyid(n.nspowner), n.nspacl::text,
               obj_description(n.oid, 'pg_namespace')
        FROM pg_namespace n WHERE n.nspname LIKE 'auxeira%' ORDER BY 1""",
    "relations": """
        SELECT c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity,
               pg_get_userbyid(c.relowner), c.relacl::text, obj_description(c.oid, 'pg_class'),
               c.reloptions::text
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname LIKE 'auxeira%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
        ORDER BY 1""",
    "columns": """
        SELECT c.relname, row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum), a.attname,
               format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attgenerated, a.attidentity,
               col_description(c.oid, a.attnum)
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE n.nspname LIKE 'auxeira%' AND a.attnum > 0 AND NOT a.attisdropped
          AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c')
        ORDER BY 1, 2""",
    "constraints": """
        SELECT c.relname, con.conname, pg_get_constraintdef(con.oid),
               obj_description(con.oid, 'pg_constraint')
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname LIKE 'auxeira%' ORDER BY 1, 2""",
    "indexes": """
        SELECT i.indexname, i.indexdef, obj_description(format('%I.%I', i.schemaname,
               i.indexname)::regclass, 'pg_class')
        FROM pg_indexes i WHERE i.schemaname LIKE 'auxeira%' ORDER BY 1""",
    "triggers": """
        SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid), obj_description(t.oid, 'pg_trigger')
        FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname LIKE 'auxeira%' AND NOT t.tgisinternal ORDER BY 1, 2""",
    "functions": """
        SELECT p.proname, pg_get_function_identity_arguments(p.oid), p.prokind,
               CASE WHEN p.prokind = 'a' THEN NULL ELSE pg_get_functiondef(p.oid) END,
               pg_get_userbyid(p.proowner), p.proacl::text, obj_description(p.oid, 'pg_proc')
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname LIKE 'auxeira%' ORDER BY 1, 2""",
    "aggregates": """
        SELECT p.proname, pg_get_function_identity_arguments(p.oid), a.aggtransfn::text,
               a.aggfinalfn::text, a.aggcombinefn::text, format_type(a.aggtranstype, NULL),
               a.agginitval, a.aggfinalextra, a.aggkind
        FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname LIKE 'auxeira%' ORDER BY 1, 2""",
    "views": """
        SELECT c.relname, pg_get_viewdef(c.oid, true)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname LIKE 'auxeira%' AND c.relkind IN ('v', 'm') ORDER BY 1""",
    "policies": """
        SELECT p.schemaname, p.tablename, p.policyname, p.permissive, p.roles::text, p.cmd,
               p.qual, p.with_check,
               (SELECT obj_description(pol.oid, 'pg_policy') FROM pg_policy pol
                JOIN pg_class c ON c.oid = pol.polrelid
                WHERE pol.polname = p.policyname AND c.relname = p.tablename)
        FROM pg_policies p WHERE p.schemaname LIKE 'auxeira%' ORDER BY 1, 2, 3""",
    "types": """
        SELECT t.typname, t.typtype, pg_get_userbyid(t.typowner),
               obj_description(t.oid, 'pg_type')
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE n.nspname LIKE 'auxeira%' AND t.typtype IN ('c', 'd', 'e')
          AND NOT EXISTS (SELECT FROM pg_class c WHERE c.reltype = t.oid AND c.relkind <> 'c')
        ORDER BY 1""",
}


def describe(conn: psycopg.Connection[Any]) -> dict[str, list[tuple[Any, ...]]]:
    """Every family of objects as a sorted list of rows."""
    return {
        name: [tuple(r) for r in conn.execute(query).fetchall()] for name, query in QUERIES.items()
    }


def differences(
    left: dict[str, list[tuple[Any, ...]]], right: dict[str, list[tuple[Any, ...]]]
) -> list[str]:
    """Human-readable lines naming each row present on one side only."""
    lines: list[str] = []
    for family in QUERIES:
        a, b = set(left[family]), set(right[family])
        lines += [f"{family}: only in migrations: {row}" for row in sorted(a - b, key=str)]
        lines += [f"{family}: only in sql/: {row}" for row in sorted(b - a, key=str)]
    return lines
