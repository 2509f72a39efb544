"""Operations a DBA runs by hand or from cron: cleanup of expired synthetic data and doctor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg.rows import class_row

from auxeira_db import migrations, refresh
from auxeira_db.arguments import require_connection, require_int
from auxeira_db.db import MIN_SERVER_VERSION, connect, translated
from auxeira_db.errors import AuxeiraError, DataError

ROLES = ("auxeira_owner", "auxeira_app", "auxeira_readonly")
SCHEMA = "auxeira"
# Tables without per-user data and without any grant to auxeira_app, exempt from the
# row-level security check: the refresh log of the materialized views and the run log of
# scheduled jobs.
RLS_EXEMPT: frozenset[str] = frozenset({"view_refreshes", "job_runs"})
# Bounds of analytics-event retention, in days: at least a day, at most a century (larger
# values overflow the interval arithmetic and mean nothing).
MIN_RETENTION_DAYS = 1
MAX_RETENTION_DAYS = 36_500


@dataclass(frozen=True)
class CleanupRow:
    """Rows deleted from one table, and expired rows kept because something references them."""

    table_name: str
    deleted: int
    retained: int


@dataclass(frozen=True)
class CleanupReport:
    tables: list[CleanupRow]
    total_deleted: int
    total_retained: int


def cleanup(conn: psycopg.Connection[Any]) -> CleanupReport:
    """Run auxeira.cleanup_expired_synthetic_data() in its own transaction."""
    require_connection(conn)
    with translated(), conn.transaction(), conn.cursor(row_factory=class_row(CleanupRow)) as cur:
        rows = cur.execute("SELECT * FROM auxeira.cleanup_expired_synthetic_data()").fetchall()
    tables = [r for r in rows if r.table_name != "total"]
    total = next(r for r in rows if r.table_name == "total")
    return CleanupReport(tables, total.deleted, total.retained)


def check_retention_days(days: int) -> int:
    """The retention in days if it lies within the bounds, else DataError (before any work)."""
    require_int(days, "older_than_days")
    if days < MIN_RETENTION_DAYS:
        raise DataError(f"--events-older-than must be at least 1 day (got {days:,})")
    if days > MAX_RETENTION_DAYS:
        raise DataError(
            f"--events-older-than must be at most {MAX_RETENTION_DAYS:,} days (got {days:,})"
        )
    return days


def purge_analytics_events(
    conn: psycopg.Connection[Any], older_than_days: int, batch: int = 100_000
) -> int:
    """Delete analytics events older than the given number of days, in short transactions of
    at most `batch` rows; returns how many went."""
    check_retention_days(older_than_days)
    require_int(batch, "batch")
    require_connection(conn)
    total = 0
    while True:
        with translated(), conn.transaction():
            row = conn.execute(
                "SELECT auxeira.purge_analytics_events(make_interval(days => %s), %s)",
                (older_than_days, batch),
            ).fetchone()
        removed = int(row[0]) if row else 0
        total += removed
        if removed < batch:
            return total


def expired_synthetic_rows(conn: psycopg.Connection[Any]) -> dict[str, int]:
    """Per table, the synthetic rows whose expiry has passed (what cleanup would look at)."""
    tables = conn.execute(
        """
        SELECT c.relname
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND EXISTS (SELECT FROM pg_catalog.pg_attribute AS a
                      WHERE a.attrelid = c.oid AND a.attname = 'expires_at' AND NOT a.attisdropped)
          AND EXISTS (SELECT FROM pg_catalog.pg_attribute AS a
                      WHERE a.attrelid = c.oid AND a.attname = 'is_synthetic'
                        AND NOT a.attisdropped)
        ORDER BY 1
        """,
        (SCHEMA,),
    ).fetchall()
    counts: dict[str, int] = {}
    for (name,) in tables:
        query = psycopg.sql.SQL(
            "SELECT count(*) FROM {}.{} WHERE is_synthetic AND expires_at <= now()"
        ).format(psycopg.sql.Identifier(SCHEMA), psycopg.sql.Identifier(name))
        row = conn.execute(query).fetchone()
        counts[str(name)] = int(row[0]) if row else 0
    return counts


def table_counts(conn: psycopg.Connection[Any]) -> dict[str, int]:
    """Exact row count of every table in the auxeira schema."""
    names = conn.execute(
        "SELECT c.relname FROM pg_catalog.pg_class AS c "
        "WHERE c.relnamespace = %s::regnamespace AND c.relkind IN ('r', 'p') "
        "AND NOT c.relispartition ORDER BY 1",
        (SCHEMA,),
    ).fetchall()
    counts: dict[str, int] = {}
    for (name,) in names:
        query = psycopg.sql.SQL("SELECT count(*) FROM {}.{}").format(
            psycopg.sql.Identifier(SCHEMA), psycopg.sql.Identifier(name)
        )
        row = conn.execute(query).fetchone()
        counts[str(name)] = int(row[0]) if row else 0
    return counts


@dataclass(frozen=True)
class Check:
    """One line of `auxeira-db doctor`: ok, a warning (ok but worth a look) or a failure."""

    name: str
    ok: bool
    detail: str
    warning: bool = False


STALE_AFTER_MINUTES = 60


def _stale_views_check(conn: psycopg.Connection[Any]) -> Check:
    row = conn.execute("SELECT to_regnamespace('auxeira_mv') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return Check("materialized views", True, "none yet")
    stale = refresh.stale_views(conn, STALE_AFTER_MINUTES)
    if not stale:
        return Check(
            "materialized views", True, f"all refreshed in the last {STALE_AFTER_MINUTES} min"
        )
    listed = ", ".join(f"{view} ({last})" for view, last in stale.items())
    return Check(
        "materialized views",
        True,
        f"older than {STALE_AFTER_MINUTES} min, run `auxeira-db refresh`: {listed}",
        warning=True,
    )


def doctor(url: str) -> list[Check]:
    """Check connection, version, migrations, roles, row-level security and expired data."""
    checks: list[Check] = []
    try:
        conn = connect(url, autocommit=True)
    except AuxeiraError as exc:
        return [Check("connect", False, str(exc))]
    with conn:
        version = conn.info.parameter_status("server_version") or "?"
        checks.append(Check("connect", True, f"{conn.info.host or 'socket'} / {conn.info.dbname}"))
        checks.append(
            Check("server version", conn.info.server_version >= MIN_SERVER_VERSION, version)
        )
        problems = migrations.manifest_problems()
        checks.append(
            Check("migration files", not problems, problems[0] if problems else "match manifest")
        )
        if not migrations.history_readable(conn):
            checks.append(
                Check(
                    "migration history",
                    False,
                    "this login may not read the migration history (_yoyo_migration): run doctor"
                    " as the database owner",
                )
            )
            return checks
        unknown = migrations.unknown_applied(conn)
        checks.append(
            Check(
                "migration history",
                not unknown,
                f"migrated by a newer auxeira-db (unknown: {', '.join(unknown)}); upgrade the"
                " package"
                if unknown
                else "every applied migration is known to this package",
            )
        )
        if unknown:
            return checks
        waiting = migrations.pending(url)
        checks.append(
            Check(
                "migrations",
                not waiting,
                f"{len(waiting)} pending: {', '.join(waiting)}" if waiting else "up to date",
            )
        )
        present = {
            r[0]
            for r in conn.execute(
                "SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY(%s)", (list(ROLES),)
            )
        }
        missing = [r for r in ROLES if r not in present]
        checks.append(
            Check(
                "roles",
                not missing,
                f"missing: {', '.join(missing)}" if missing else ", ".join(ROLES),
            )
        )
        if waiting and not present:
            return checks
        unprotected = [
            r[0]
            for r in conn.execute(
                """
                SELECT c.relname FROM pg_catalog.pg_class AS c
                JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
                WHERE n.nspname = %s AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                  AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
                ORDER BY 1
                """,
                (SCHEMA,),
            )
            if r[0] not in RLS_EXEMPT
        ]
        checks.append(
            Check(
                "row-level security",
                not unprotected,
                f"not enabled and forced on: {', '.join(unprotected)}"
                if unprotected
                else "enabled and forced on every tenant table",
            )
        )
        checks.append(_stale_views_check(conn))
        expired = expired_synthetic_rows(conn)
        total = sum(expired.values())
        checks.append(
            Check(
                "expired synthetic rows",
                True,
                f"{total} waiting for `auxeira-db cleanup`" if total else "none",
                warning=total > 0,
            )
        )
        checks.extend(job_checks(conn))
        from auxeira_db.limits import limit_checks  # issue 18: role limits and TLS

        checks.extend(limit_checks(conn))
    return checks


# A job is late when it has not succeeded within this many of its periods.
LATE_AFTER_PERIODS = 2


def job_checks(conn: psycopg.Connection[Any]) -> list[Check]:
    """doctor's lines on scheduled jobs: one per enabled job that is late (no successful run
    in two periods) or failing (its latest finished run failed); one line when all is well,
    or when no job has ever run (no worker: a warning)."""
    from auxeira_db import jobs
    from auxeira_db.errors import ConfigurationError

    row = conn.execute("SELECT to_regclass('auxeira.job_runs') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return []
    try:
        configured = jobs.schedules()
    except ConfigurationError as exc:
        return [Check("scheduled jobs", False, str(exc))]
    enabled = {name: s for name, s in configured.items() if s.enabled}
    latest = {
        str(r[0]): (r[1], r[2], r[3], r[4])
        for r in conn.execute(
            """
            SELECT job,
                   max(finished_at) FILTER (WHERE outcome = 'succeeded'),
                   (array_agg(outcome ORDER BY finished_at DESC)
                        FILTER (WHERE finished_at IS NOT NULL AND outcome <> 'skipped'))[1],
                   (array_agg(error ORDER BY finished_at DESC)
                        FILTER (WHERE finished_at IS NOT NULL AND outcome <> 'skipped'))[1],
                   now()
            FROM auxeira.job_runs
            WHERE job = ANY(%s)
            GROUP BY job
            """,
            (list(enabled),),
        )
    }
    if not latest:
        return [
            Check(
                "scheduled jobs",
                True,
                "no job has run yet: start `auxeira-db worker` (docs/JOBS.md)",
                warning=True,
            )
        ]
    found: list[Check] = []
    for name, schedule in enabled.items():
        succeeded, last_outcome, last_error, now = latest.get(name, (None, None, None, None))
        allowed = schedule.period_seconds * LATE_AFTER_PERIODS
        if last_outcome in ("failed", "interrupted"):
            found.append(
                Check(f"job {name}", True, f"failing: {last_error or last_outcome}", warning=True)
            )
        if succeeded is None or (now - succeeded).total_seconds() > allowed:
            when = (
                f"last success {succeeded:%Y-%m-%d %H:%M:%S %Z}" if succeeded else "never succeeded"
            )
            found.append(
                Check(
                    f"job {name}",
                    True,
                    f"late: {when}, expected every {schedule.cron!r}",
                    warning=True,
                )
            )
    if not found:
        found.append(
            Check(
                "scheduled jobs",
                True,
                f"{len(enabled)} enabled, each succeeded within {LATE_AFTER_PERIODS} periods",
            )
        )
    return found
