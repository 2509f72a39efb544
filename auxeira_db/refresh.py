"""Refreshing the dashboards' materialized views in dependency order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import psycopg

MV_SCHEMA = "auxeira_mv"


@dataclass(frozen=True)
class RefreshResult:
    """One view: refreshed, or skipped because another session was refreshing it."""

    view: str
    refreshed: bool
    row_count: int | None
    duration_ms: Decimal | None


def materialized_views(conn: psycopg.Connection[Any], only: str | None = None) -> list[str]:
    """The views of auxeira_mv, dependencies first; `only` keeps the views of one dashboard.

    A view belongs to a dashboard when its name starts with the dashboard's name (e.g.
    corporate_ecosystem_pulse); shared views are refreshed whatever `only` says when a
    selected view depends on them.
    """
    rows = conn.execute(
        """
        SELECT format('%%I.%%I', m.schemaname, m.matviewname) AS view,
               coalesce(array_agg(DISTINCT format('%%I.%%I', dn.nspname, dc.relname))
                        FILTER (WHERE dc.oid IS NOT NULL AND dc.oid <> c.oid), '{}') AS deps
        FROM pg_matviews AS m
        JOIN pg_class AS c ON c.relname = m.matviewname
        JOIN pg_namespace AS n ON n.oid = c.relnamespace AND n.nspname = m.schemaname
        LEFT JOIN pg_rewrite AS r ON r.ev_class = c.oid
        LEFT JOIN pg_depend AS d ON d.objid = r.oid AND d.classid = 'pg_rewrite'::regclass
        LEFT JOIN pg_class AS dc ON dc.oid = d.refobjid AND dc.relkind = 'm'
        LEFT JOIN pg_namespace AS dn ON dn.oid = dc.relnamespace
        WHERE m.schemaname = %s
        GROUP BY 1
        ORDER BY 1
        """,
        (MV_SCHEMA,),
    ).fetchall()
    deps = {str(view): set(map(str, parents)) for view, parents in rows}
    ordered: list[str] = []

    def visit(view: str, trail: tuple[str, ...] = ()) -> None:
        if view in ordered or view in trail:
            return
        for parent in sorted(deps.get(view, ())):
            visit(parent, (*trail, view))
        ordered.append(view)

    wanted = [v for v in deps if only is None or v.split(".", 1)[1].startswith(only)]
    for view in sorted(wanted):
        visit(view)
    return ordered


def refresh(
    conn: psycopg.Connection[Any],
    *,
    only: str | None = None,
    concurrently: bool = True,
    on_done: Callable[[RefreshResult], None] | None = None,
) -> list[RefreshResult]:
    """Refresh every materialized view (or one dashboard's), each in its own transaction."""
    results: list[RefreshResult] = []
    for view in materialized_views(conn, only):
        with conn.transaction():
            row = conn.execute(
                "SELECT * FROM auxeira.refresh_materialized_view(%s::regclass, %s)",
                (view, concurrently),
            ).fetchone()
        assert row is not None
        result = RefreshResult(view, bool(row[0]), row[1], row[2])
        results.append(result)
        if on_done is not None:
            on_done(result)
    return results


def stale_views(conn: psycopg.Connection[Any], older_than_minutes: int) -> dict[str, str]:
    """Views never refreshed, or whose latest refresh is older than the threshold."""
    rows = conn.execute(
        """
        SELECT format('%%I.%%I', m.schemaname, m.matviewname),
               max(r.started_at)::text
        FROM pg_matviews AS m
        LEFT JOIN auxeira.view_refreshes AS r
               ON r.view_name = format('%%I.%%I', m.schemaname, m.matviewname)
        WHERE m.schemaname = %s
        GROUP BY 1
        HAVING max(r.started_at) IS NULL
            OR max(r.started_at) < now() - make_interval(mins => %s)
        ORDER BY 1
        """,
        (MV_SCHEMA, older_than_minutes),
    ).fetchall()
    return {str(view): str(last) if last else "never" for view, last in rows}
