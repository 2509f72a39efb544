"""`auxeira-db metrics`: the database's health as Prometheus text exposition (format 0.0.4).

Scrape it with node_exporter's textfile collector or any exporter that runs a command; every
figure is read from the catalog, the statistics views and the package's own logs, in one
read-only transaction. Names start with `auxeira_`; sizes are bytes, ages seconds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg

from auxeira_db.maintenance import expired_synthetic_rows
from auxeira_db.resources import PACKAGE_SCHEMAS

TOP_STATEMENTS = 10
QUERY_LABEL_CHARS = 120


@dataclass
class Family:
    name: str
    kind: str  # gauge or counter
    help: str
    samples: list[tuple[dict[str, str], float]] = field(default_factory=list)

    def add(self, value: Any, **labels: Any) -> None:
        number = float(value) if value is not None else math.nan
        self.samples.append(({k: str(v) for k, v in labels.items()}, number))


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)


def render(families: Iterable[Family]) -> str:
    """The text exposition of the families (HELP, TYPE, then one line per sample)."""
    lines: list[str] = []
    for family in families:
        lines.append(f"# HELP {family.name} {_escape(family.help)}")
        lines.append(f"# TYPE {family.name} {family.kind}")
        for labels, value in family.samples:
            shown = ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(labels.items()))
            lines.append(
                f"{family.name}{{{shown}}} {_number(value)}"
                if shown
                else f"{family.name} {_number(value)}"
            )
    return "\n".join(lines) + "\n"


def _exists(conn: psycopg.Connection[Any], relation: str) -> bool:
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (relation,)).fetchone()
    return bool(row and row[0])


def collect(conn: psycopg.Connection[Any]) -> list[Family]:
    """Every metric family, read in one read-only repeatable-read transaction."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        families = _tables(conn) + _views(conn) + _jobs(conn) + _expired(conn)
        families += _replication(conn) + _connections(conn) + _statements(conn)
    return families


def metrics(conn: psycopg.Connection[Any]) -> str:
    """The exposition text of `collect(conn)`."""
    return render(collect(conn))


def _tables(conn: psycopg.Connection[Any]) -> list[Family]:
    size = Family("auxeira_table_size_bytes", "gauge", "Table size without indexes (heap, TOAST).")
    index = Family("auxeira_index_size_bytes", "gauge", "Size of all indexes of a table.")
    dead = Family("auxeira_table_dead_tuples", "gauge", "Dead tuples waiting for vacuum.")
    live = Family("auxeira_table_live_tuples", "gauge", "Estimated live tuples.")
    rows = conn.execute(
        """
        SELECT n.nspname, c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid),
               coalesce(s.n_dead_tup, 0), coalesce(s.n_live_tup, 0)
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_stat_all_tables AS s ON s.relid = c.oid
        WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'm')
        ORDER BY 1, 2
        """,
        (list(PACKAGE_SCHEMAS),),
    ).fetchall()
    for schema, table, heap, indexes, dead_rows, live_rows in rows:
        size.add(heap, schema=schema, table=table)
        index.add(indexes, schema=schema, table=table)
        dead.add(dead_rows, schema=schema, table=table)
        live.add(live_rows, schema=schema, table=table)
    return [size, index, dead, live]


def _views(conn: psycopg.Connection[Any]) -> list[Family]:
    age = Family(
        "auxeira_matview_age_seconds",
        "gauge",
        "Seconds since the materialized view's latest logged refresh (NaN: never refreshed).",
    )
    if not _exists(conn, "auxeira.view_refreshes"):
        return [age]
    rows = conn.execute(
        """
        SELECT format('%%I.%%I', m.schemaname, m.matviewname),
               extract(epoch FROM now() - max(r.started_at))
        FROM pg_catalog.pg_matviews AS m
        LEFT JOIN auxeira.view_refreshes AS r
               ON r.view_name = format('%%I.%%I', m.schemaname, m.matviewname)
        WHERE m.schemaname = ANY(%s)
        GROUP BY 1 ORDER BY 1
        """,
        (list(PACKAGE_SCHEMAS),),
    ).fetchall()
    for view, seconds in rows:
        age.add(seconds, view=view)
    return [age]


def _jobs(conn: psycopg.Connection[Any]) -> list[Family]:
    since = Family(
        "auxeira_job_last_success_age_seconds",
        "gauge",
        "Seconds since the scheduled job last succeeded (NaN: never).",
    )
    failed = Family(
        "auxeira_job_failed_runs", "gauge", "Failed runs of the job in the run log's last 24 hours."
    )
    queue = Family("auxeira_queue_jobs", "gauge", "Jobs in the queue by status.")
    oldest = Family(
        "auxeira_queue_oldest_todo_age_seconds",
        "gauge",
        "Seconds the oldest due job has waited for a worker (0: none waiting).",
    )
    families = [since, failed, queue, oldest]
    if _exists(conn, "auxeira.job_runs"):
        for job, age, failures in conn.execute(
            """
            SELECT job,
                   extract(epoch FROM now()
                                 - max(finished_at) FILTER (WHERE outcome = 'succeeded')),
                   count(*) FILTER (WHERE outcome = 'failed'
                                    AND finished_at > now() - interval '24 hours')
            FROM auxeira.job_runs GROUP BY job ORDER BY job
            """
        ).fetchall():
            since.add(age, job=job)
            failed.add(failures, job=job)
    if _exists(conn, "auxeira_queue.procrastinate_jobs"):
        for status, count in conn.execute(
            "SELECT status::text, count(*) FROM auxeira_queue.procrastinate_jobs GROUP BY 1"
            " ORDER BY 1"
        ).fetchall():
            queue.add(count, status=status)
        row = conn.execute(
            "SELECT coalesce(extract(epoch FROM now() - min(coalesce(scheduled_at, e.at))), 0)"
            " FROM auxeira_queue.procrastinate_jobs AS j"
            " LEFT JOIN LATERAL (SELECT min(at) AS at FROM auxeira_queue.procrastinate_events"
            "   WHERE job_id = j.id) AS e ON true"
            " WHERE j.status = 'todo' AND coalesce(j.scheduled_at, now()) <= now()"
        ).fetchone()
        oldest.add(row[0] if row else 0)
    return families


def _expired(conn: psycopg.Connection[Any]) -> list[Family]:
    backlog = Family(
        "auxeira_expired_synthetic_rows",
        "gauge",
        "Synthetic rows past their expiry, waiting for `auxeira-db cleanup`.",
    )
    if _exists(conn, "auxeira.users"):
        for table, count in expired_synthetic_rows(conn).items():
            backlog.add(count, table=table)
    return [backlog]


def _replication(conn: psycopg.Connection[Any]) -> list[Family]:
    recovery = Family("auxeira_in_recovery", "gauge", "1 on a standby, 0 on a primary.")
    lag_bytes = Family(
        "auxeira_replication_lag_bytes", "gauge", "WAL bytes a standby has not replayed yet."
    )
    lag_seconds = Family(
        "auxeira_replication_replay_lag_seconds", "gauge", "A standby's replay lag as reported."
    )
    delay = Family(
        "auxeira_replica_replay_delay_seconds",
        "gauge",
        "On a standby: seconds since the last replayed transaction was committed.",
    )
    row = conn.execute("SELECT pg_is_in_recovery()").fetchone()
    standby = bool(row and row[0])
    recovery.add(int(standby))
    if standby:
        row = conn.execute(
            "SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())"
        ).fetchone()
        delay.add(row[0] if row else None)
    else:
        for name, address, lag, seconds in conn.execute(
            "SELECT application_name, coalesce(host(client_addr), 'socket'),"
            " pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), extract(epoch FROM replay_lag)"
            " FROM pg_catalog.pg_stat_replication ORDER BY 1, 2"
        ).fetchall():
            lag_bytes.add(lag, standby=name, address=address)
            lag_seconds.add(seconds or 0, standby=name, address=address)
    return [recovery, lag_bytes, lag_seconds, delay]


def _connections(conn: psycopg.Connection[Any]) -> list[Family]:
    states = Family("auxeira_connections", "gauge", "Client connections to this database by state.")
    for state, count in conn.execute(
        "SELECT coalesce(state, 'unknown'), count(*) FROM pg_catalog.pg_stat_activity"
        " WHERE datname = current_database() AND backend_type = 'client backend'"
        " GROUP BY 1 ORDER BY 1"
    ).fetchall():
        states.add(count, state=state)
    return [states]


def _statements(conn: psycopg.Connection[Any]) -> list[Family]:
    """The slowest statements by total time, when pg_stat_statements is installed here."""
    row = conn.execute(
        "SELECT n.nspname FROM pg_catalog.pg_extension AS e"
        " JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'pg_stat_statements'"
    ).fetchone()
    if row is None:
        return []
    total = Family(
        "auxeira_statement_exec_seconds_total",
        "counter",
        f"Total execution time of the {TOP_STATEMENTS} slowest statements (pg_stat_statements).",
    )
    calls = Family("auxeira_statement_calls_total", "counter", "Calls of those statements.")
    try:
        with conn.transaction():
            rows = conn.execute(
                psycopg.sql.SQL(
                    "SELECT queryid, left(regexp_replace(query, '\\s+', ' ', 'g'), %s),"
                    " total_exec_time / 1000, calls FROM {}.pg_stat_statements"
                    " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    " ORDER BY total_exec_time DESC LIMIT %s"
                ).format(psycopg.sql.Identifier(str(row[0]))),
                (QUERY_LABEL_CHARS, TOP_STATEMENTS),
            ).fetchall()
    except psycopg.Error:
        return []  # installed but not loaded (shared_preload_libraries), or not readable
    for queryid, query, seconds, count in rows:
        total.add(seconds, queryid=queryid, query=query)
        calls.add(count, queryid=queryid, query=query)
    return [total, calls]
