"""The `auxeira-db` command line: a thin layer over the package's functions.

Human output goes to stderr through rich; `--json` (before or after the subcommand) prints
machine output on stdout. Any AuxeiraError, and any database error (translated by SQLSTATE,
see auxeira_db.errors), becomes one line on stderr and exit status 1; usage errors are one
line and exit 2. Every option is checked before a connection opens; commands that need the
schema refuse a database that is not migrated, or was migrated by a newer release. Set
AUXEIRA_DEBUG=1 to see tracebacks.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date
from pathlib import Path
from typing import Annotated, Any, Literal

import psycopg
import typer
from rich.console import Console
from rich.table import Table

from auxeira_db import __version__, cli_ops, embedded, maintenance, migrations
from auxeira_db.config import configured_url
from auxeira_db.db import connection, resolve, translate_error
from auxeira_db.errors import (
    AlreadySeeded,
    AuxeiraError,
    DataError,
    EmbeddedServerError,
    NewerDatabase,
    TemplateError,
)
from auxeira_db.migrations import RollbackPlan

err = Console(stderr=True)

# The notification outbox is a queue of hints, not a history: a year is the most it keeps.
MAX_OUTBOX_HOURS = 8_760

EMBEDDED_NOTE = (
    "With no --database-url, AUXEIRA_DATABASE_URL or DATABASE_URL, an embedded PostgreSQL 18 "
    "is started in a per-user data directory: for development and demos only."
)

app = typer.Typer(
    name="auxeira-db",
    help=f"The Auxeira central database: migrations, maintenance, synthetic data. {EMBEDDED_NOTE}",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
server_app = typer.Typer(
    help="Manage the embedded development PostgreSQL server (not for production).",
    no_args_is_help=True,
)
app.add_typer(server_app, name="server")
templates_app = typer.Typer(
    help="Templates of synthetic ecosystems: built-in ones and custom ones stored in the database.",
    no_args_is_help=True,
)
app.add_typer(templates_app, name="templates")
fx_app = typer.Typer(
    help="Exchange rates (auxeira.fx_rates) that investment figures convert through.",
    no_args_is_help=True,
)
app.add_typer(fx_app, name="fx")
jobs_app = typer.Typer(
    help="Scheduled jobs: the run log (default), `run NAME` now, `schedules`. See docs/JOBS.md.",
    invoke_without_command=True,
)
app.add_typer(jobs_app, name="jobs")


@dataclass
class Options:
    database_url: str | None
    data_dir: Path | None
    json: bool

    def url(self) -> str:
        return resolve(self.database_url, self.data_dir).url


@app.callback()
def _global(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option("--database-url", help="PostgreSQL URL (overrides the environment)."),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir", envvar="AUXEIRA_DATA_DIR", help="Embedded server data directory."
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Machine-readable output on stdout.")
    ] = False,
) -> None:
    ctx.obj = Options(database_url, data_dir, as_json)


def _opts(ctx: typer.Context) -> Options:
    obj = ctx.find_root().obj
    assert isinstance(obj, Options)
    return obj


Check = Literal["current", "known"]


@contextmanager
def _database(
    ctx: typer.Context, *, check: Check = "current", autocommit: bool = True, writes: bool = False
) -> Iterator[psycopg.Connection[Any]]:
    """A connection to the target database, refused first when the package cannot work on it:
    "current" needs every migration applied and none unknown, "known" only none unknown;
    `writes` refuses a read-only database before any work starts."""
    with connection(_opts(ctx).url(), autocommit=autocommit) as conn:
        if check == "current":
            migrations.require_current(conn)
        elif migrations.history_readable(conn):
            migrations.check_known(conn)
        if writes:
            migrations.refuse_read_only(conn)
        if not conn.autocommit:
            # End the checks' implicit transaction: the command's own `conn.transaction()`
            # blocks must be real transactions that commit, not savepoints inside it that the
            # closing connection would roll back.
            conn.rollback()
        yield conn


def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, default=str, indent=2) + "\n")


# --- migrations ----------------------------------------------------------------------


@app.command()
def migrate(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would be applied.")] = False,
    to: Annotated[str | None, typer.Option("--to", help="Stop after this migration id.")] = None,
) -> None:
    """Apply pending migrations, each in one transaction, under an advisory lock."""
    opts = _opts(ctx)
    result = migrations.migrate(opts.url(), to=to, dry_run=dry_run)
    if opts.json:
        _emit(asdict(result))
    elif not result.applied:
        err.print("Nothing to apply: the database is up to date.")
    else:
        verb = "Would apply" if dry_run else "Applied"
        for mid in result.applied:
            err.print(f"{verb} [bold]{mid}[/bold]")


@app.command()
def status(ctx: typer.Context) -> None:
    """List migrations, applied and pending."""
    opts = _opts(ctx)
    states = migrations.status(opts.url())
    unknown = [s.id for s in states if not s.known]
    if opts.json:
        _emit(
            {
                "migrations": [
                    {"id": s.id, "applied": s.applied, "applied_at": s.applied_at, "known": s.known}
                    for s in states
                ],
                "pending": [s.id for s in states if not s.applied],
                "unknown": unknown,
            }
        )
    else:
        table = Table("migration", "applied at (UTC)")
        for s in states:
            when = str(s.applied_at) if s.applied_at else "[yellow]pending[/yellow]"
            if not s.known:
                when += " [red](unknown to this auxeira-db: a newer release applied it)[/red]"
            table.add_row(s.id, when)
        err.print(table)
    if unknown:
        raise NewerDatabase(unknown)


@app.command()
def rollback(
    ctx: typer.Context,
    steps: Annotated[
        int | None,
        typer.Option(
            "--steps", min=1, help="Roll back the newest N (not the first migration: see --all)."
        ),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Roll back everything after this id.")
    ] = None,
    everything: Annotated[
        bool,
        typer.Option("--all", help="Roll back every migration: drops the schema and every row."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be rolled back and dropped.")
    ] = False,
    yes: Annotated[
        bool,
        typer.Option("--yes", help="Confirm a rollback that drops data (needed off a terminal)."),
    ] = False,
) -> None:
    """Roll back applied migrations (default: the newest one).

    A rollback that drops tables or columns holding rows, and --all, first print what they
    drop and then ask on a terminal; elsewhere they need --yes."""
    opts = _opts(ctx)
    if sum((steps is not None, to is not None, everything)) > 1:
        raise typer.BadParameter("choose one of --steps, --to and --all")
    if steps is None and to is None and not everything:
        steps = 1

    def confirm(plan: RollbackPlan) -> bool:
        _print_plan(plan, "will drop")
        if yes:
            return True
        if sys.stdin.isatty() and sys.stderr.isatty():
            return typer.confirm("Roll back and drop this data?", default=False, err=True)
        return False

    if dry_run:
        plan = migrations.plan_rollback(opts.url(), steps=steps, to=to, everything=everything)
        if opts.json:
            _emit({"dry_run": True, **asdict(plan)})
        else:
            _print_plan(plan, "would drop")
        return
    done = migrations.rollback(
        opts.url(), steps=steps, to=to, everything=everything, confirm=confirm
    )
    if opts.json:
        _emit({"rolled_back": done})
    elif not done:
        err.print("Nothing to roll back.")
    else:
        for mid in done:
            err.print(f"Rolled back [bold]{mid}[/bold]")


def _print_plan(plan: RollbackPlan, verb: str) -> None:
    """What a rollback undoes and the data it drops, on stderr."""
    if not plan.migrations:
        err.print("Nothing to roll back.")
        return
    err.print(f"Rolling back {', '.join(plan.migrations)} {verb}:")
    holding = [t for t in plan.dropped_tables if t.rows]
    empty = len(plan.dropped_tables) - len(holding)
    for t in holding:
        err.print(f"  table {t.name}: {t.rows:,} rows")
    for c in plan.dropped_columns:
        err.print(f"  column {c.table}.{c.column} ({c.rows:,} rows)")
    if empty:
        err.print(f"  {empty} empty table(s)")
    if not plan.dropped_tables and not plan.dropped_columns:
        err.print("  no table or column (functions, views and indexes only)")
    total = sum(t.rows for t in plan.dropped_tables)
    if total:
        err.print(f"  in all {len(holding)} table(s) holding {total:,} rows")


# --- maintenance ---------------------------------------------------------------------


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check connection, server version, migrations, roles, row-level security, expired data."""
    opts = _opts(ctx)
    checks = maintenance.doctor(opts.url())
    failed = [c for c in checks if not c.ok]
    if opts.json:
        _emit({"ok": not failed, "checks": [asdict(c) for c in checks]})
    else:
        table = Table("check", "", "detail")
        for c in checks:
            mark = (
                "[red]FAIL[/red]"
                if not c.ok
                else "[yellow]WARN[/yellow]"
                if c.warning
                else "[green]ok[/green]"
            )
            table.add_row(c.name, mark, c.detail)
        err.print(table)
    if failed:
        raise typer.Exit(1)


@app.command()
def cleanup(
    ctx: typer.Context,
    events_older_than: Annotated[
        int | None,
        typer.Option(
            "--events-older-than",
            min=maintenance.MIN_RETENTION_DAYS,
            max=maintenance.MAX_RETENTION_DAYS,
            help="Also delete analytics events older than this many days (retention; 1 to 36500).",
        ),
    ] = None,
    outbox_older_than: Annotated[
        int,
        typer.Option(
            "--outbox-older-than",
            min=1,
            max=MAX_OUTBOX_HOURS,
            help="Delete dashboard events (the notification outbox) older than this many hours "
            f"(1 to {MAX_OUTBOX_HOURS}; default 24).",
        ),
    ] = 24,
) -> None:
    """Delete expired synthetic rows (children first; referenced rows are kept) and dashboard
    events older than --outbox-older-than hours."""
    from datetime import timedelta

    from auxeira_db import realtime

    opts = _opts(ctx)
    if events_older_than is not None:
        maintenance.check_retention_days(events_older_than)
    with _database(ctx, autocommit=False, writes=True) as conn:
        report = maintenance.cleanup(conn)
        purged = (
            maintenance.purge_analytics_events(conn, events_older_than)
            if events_older_than is not None
            else None
        )
        pruned = realtime.prune_outbox(conn, older_than=timedelta(hours=outbox_older_than))
    if opts.json:
        _emit({**asdict(report), "analytics_events_purged": purged, "outbox_pruned": pruned})
        return
    if purged is not None:
        err.print(f"Analytics events older than {events_older_than} days deleted: {purged:,}")
    err.print(f"Dashboard events older than {outbox_older_than} hours deleted: {pruned:,}")
    table = Table("table", "deleted", "retained (still referenced)")
    for row in report.tables:
        table.add_row(row.table_name, str(row.deleted), str(row.retained))
    table.add_row(
        "[bold]total[/bold]", f"[bold]{report.total_deleted}[/bold]", str(report.total_retained)
    )
    err.print(table)


@app.command()
def refresh(
    ctx: typer.Context,
    only: Annotated[
        str | None, typer.Option("--only", help="One dashboard: startup, vc, angel, esg, ...")
    ] = None,
    concurrently: Annotated[
        bool,
        typer.Option(
            "--concurrently/--blocking",
            help="CONCURRENTLY never blocks readers (default); --blocking is faster.",
        ),
    ] = True,
) -> None:
    """Refresh the dashboards' materialized views in dependency order, logging each refresh."""
    from rich.progress import Progress

    from auxeira_db import refresh as refresher
    from auxeira_db.dashboards import DASHBOARDS

    opts = _opts(ctx)
    if only is not None and only not in DASHBOARDS:
        raise typer.BadParameter(f"--only must be one of {', '.join(DASHBOARDS)}")
    with _database(ctx, writes=True) as conn:
        views = refresher.materialized_views(conn, only)
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task("refreshing", total=max(len(views), 1))
            results = refresher.refresh(
                conn,
                only=only,
                concurrently=concurrently,
                on_done=lambda r: progress.advance(task),
            )
    if opts.json:
        _emit([asdict(r) for r in results])
        return
    table = Table("materialized view", "refreshed", "rows", "ms")
    for r in results:
        state = "yes" if r.refreshed else "[yellow]skipped: refreshing elsewhere[/yellow]"
        table.add_row(
            r.view,
            state,
            f"{r.row_count:,}" if r.row_count is not None else "",
            str(r.duration_ms or ""),
        )
    err.print(table if results else "No materialized views.")


@app.command()
def show(
    ctx: typer.Context,
    dashboard: Annotated[
        str, typer.Argument(help="startup, vc, angel, esg, government, corporate")
    ],
    user: Annotated[str, typer.Option("--user", help="The user id whose dashboard to show.")],
    limit: Annotated[int, typer.Option("--limit", min=0, help="Rows per table (0 or more).")] = 6,
) -> None:
    """Print one user's dashboard figures as tables, for checking data by hand."""
    import importlib

    from auxeira_db.dashboards import DASHBOARDS
    from auxeira_db.tenancy import as_user_id, tenant

    opts = _opts(ctx)
    if dashboard not in DASHBOARDS:
        raise typer.BadParameter(f"dashboard must be one of {', '.join(DASHBOARDS)}")
    user_id = as_user_id(user)
    module = importlib.import_module(f"auxeira_db.dashboards.{dashboard}")
    with _database(ctx, autocommit=False) as conn, tenant(conn, user_id):
        _check_dashboard_user(conn, dashboard, user_id)
        sections: dict[str, list[Any]] = module.show(conn)
    if opts.json:
        _emit({title: [asdict(row) for row in rows] for title, rows in sections.items()})
        return
    for title, rows in sections.items():
        if not rows:
            err.print(f"[bold]{title}[/bold]: nothing")
            continue
        names = [f.name for f in fields(rows[0])]
        shown = rows[:limit]
        if len(names) <= 6:
            table = Table(*names, title=title, title_justify="left")
            for row in shown:
                table.add_row(*[_cell(getattr(row, n)) for n in names])
            err.print(table)
        else:
            # Wide records read better transposed: one line per field, a few records across.
            for start in range(0, len(shown), 3):
                chunk = shown[start : start + 3]
                table = Table(
                    "field",
                    *[f"#{start + i + 1}" for i in range(len(chunk))],
                    title=title,
                    title_justify="left",
                )
                for n in names:
                    table.add_row(n, *[_cell(getattr(row, n)) for row in chunk])
                err.print(table)
        if len(rows) > limit:
            err.print(f"({len(rows) - limit} more rows; --limit to see them)")


def _check_dashboard_user(
    conn: psycopg.Connection[Any], dashboard: str, user_id: uuid.UUID
) -> None:
    """Refuse to print an empty dashboard for a user who does not exist or is of another type.
    Runs inside the tenant's transaction: a user may always read their own users row."""
    row = conn.execute("SELECT user_type FROM auxeira.users WHERE id = %s", (user_id,)).fetchone()
    if row is None:
        raise DataError(f"no user {user_id} in this database")
    expected = DASHBOARD_USER_TYPES[dashboard]
    if row[0] != expected:
        hint = next((d for d, t in DASHBOARD_USER_TYPES.items() if t == row[0]), None)
        suggestion = f": use `auxeira-db show {hint}`" if hint else ""
        raise DataError(
            f"user {user_id} is a {row[0]}, not a {expected}: the {dashboard} dashboard is for"
            f" {expected} users{suggestion}"
        )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


DASHBOARD_USER_TYPES = {
    "startup": "founder",
    "vc": "vc",
    "angel": "angel",
    "esg": "esg",
    "government": "government",
    "corporate": "corporate",
}


@app.command()
def demo(ctx: typer.Context) -> None:
    """Migrate (the embedded server when no database is configured), load a small reproducible
    synthetic sample (persona all, scale small, seed 42, dated up to today) and show it."""
    from auxeira_db import synthetic

    opts = _opts(ctx)
    target = resolve(opts.database_url, opts.data_dir)
    err.print(f"Database: {target.source} ({_redact(target.url)})")
    result = migrations.migrate(target.url)
    err.print(f"Migrations applied: {len(result.applied)} ({', '.join(result.applied) or 'none'})")
    seeded = 0
    try:
        # anchored today, so that "today's actions" and other current sections have data
        summary = synthetic.generate(
            target.url, persona="all", scale="small", seed=42, as_of=date.today()
        )
        seeded = summary.total_rows
        err.print(f"Synthetic sample loaded: {seeded:,} rows (seed 42)")
    except AlreadySeeded:
        err.print("Synthetic sample (seed 42) already loaded.")
    from auxeira_db import refresh as refresher

    with connection(target.url, autocommit=True) as conn:
        migrations.require_current(conn)
        refreshed = refresher.refresh(conn, concurrently=True)
        err.print(f"Materialized views refreshed: {sum(r.refreshed for r in refreshed)}")
        from auxeira_db import analytics

        rolled = analytics.refresh_rollups(conn)  # so that `auxeira-db analytics ...` answers
        err.print(f"Analytics rollups refreshed: {len(rolled):,} days")
        counts = maintenance.table_counts(conn)
        examples = {
            dashboard: str(row[0])
            for dashboard, user_type in DASHBOARD_USER_TYPES.items()
            if (
                row := conn.execute(
                    "SELECT id FROM auxeira.users WHERE user_type = %s AND is_synthetic"
                    " ORDER BY id LIMIT 1",
                    (user_type,),
                ).fetchone()
            )
        }
    if opts.json:
        _emit(
            {
                "database": target.source,
                "applied": result.applied,
                "seeded_rows": seeded,
                "tables": counts,
                "examples": examples,
            }
        )
        return
    table = Table("table", "rows", title="auxeira schema")
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}")
    err.print(table)
    for dashboard, user_id in examples.items():
        err.print(f"  auxeira-db show {dashboard} --user {user_id}")


# --- scheduled jobs ------------------------------------------------------------------


@app.command()
def worker(
    ctx: typer.Context,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=32, help="Jobs run at once (1 to 32).")
    ] = 4,
) -> None:
    """Run the scheduled jobs until interrupted (SIGINT/SIGTERM). Schedules come from
    AUXEIRA_JOB_<NAME> (docs/JOBS.md); a malformed one, or pending migrations, start nothing.
    Connect to the primary directly, not through a transaction-mode pooler."""
    from auxeira_db.jobs import worker as job_worker

    configured = job_worker.check_settings()
    job_worker.run_worker(_opts(ctx).url(), configured, concurrency=concurrency)


def _run_dict(run: Any) -> dict[str, Any]:
    return asdict(run)


@jobs_app.callback()
def jobs_list(
    ctx: typer.Context,
    failed: Annotated[
        bool, typer.Option("--failed", help="Only failed and interrupted runs.")
    ] = False,
    job: Annotated[str | None, typer.Option("--job", help="Only this job's runs.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=10_000, help="Rows (1 to 10000).")
    ] = 50,
) -> None:
    """The latest runs of the scheduled jobs, newest first."""
    from auxeira_db import jobs

    if ctx.invoked_subcommand is not None:
        return
    opts = _opts(ctx)
    if job is not None:
        jobs.get(job)
    with _database(ctx) as conn:
        found = jobs.runs(conn, failed=failed, job=job, limit=limit)
    if opts.json:
        _emit([_run_dict(r) for r in found])
        return
    if not found:
        err.print("No failed runs." if failed else "No job has run yet: start `auxeira-db worker`.")
        return
    table = Table("job", "scheduled for (UTC)", "took", "outcome", "rows", "error")
    for r in found:
        took = f"{(r.finished_at - r.started_at).total_seconds():.2f} s" if r.finished_at else ""
        colour = {"succeeded": "green", "running": "cyan", "skipped": "yellow"}.get(
            r.outcome, "red"
        )
        when = r.scheduled_for or r.started_at
        table.add_row(
            r.job,
            f"{when.astimezone(UTC):%Y-%m-%d %H:%M:%S}{'' if r.scheduled_for else ' by hand'}",
            took,
            f"[{colour}]{r.outcome}[/{colour}]",
            "" if r.rows_affected is None else f"{r.rows_affected:,}",
            r.error or "",
        )
    err.print(table)


@jobs_app.command("run")
def jobs_run(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The job, e.g. health-probe (see `jobs schedules`).")],
) -> None:
    """Run one job now, as the worker would, and record it in the run log. Exit 1 when it
    fails (or is already running elsewhere)."""
    from auxeira_db import jobs

    opts = _opts(ctx)
    jobs.get(name)
    with _database(ctx, writes=True):
        pass  # refuses a database not migrated, migrated by a newer release, or read-only
    result = jobs.run(opts.url(), name)
    if opts.json:
        _emit(_run_dict(result))
    if result.outcome != "succeeded":
        raise AuxeiraError(f"job {name} {result.outcome}: {result.error} (run {result.id})")
    if not opts.json:
        rows = "" if result.rows_affected is None else f", {result.rows_affected:,} rows"
        detail = f" {json.dumps(result.detail)}" if result.detail else ""
        err.print(f"{name}: {result.outcome}{rows}{detail} (run {result.id})", soft_wrap=True)


@jobs_app.command("schedules")
def jobs_schedules(ctx: typer.Context) -> None:
    """Every registered job with its effective schedule (defaults and AUXEIRA_JOB_<NAME>)."""
    from auxeira_db import jobs

    opts = _opts(ctx)
    configured = jobs.schedules()
    registered = jobs.all_jobs()
    if opts.json:
        _emit(
            [
                {**asdict(s), "description": registered[name].description}
                for name, s in configured.items()
            ]
        )
        return
    table = Table("job", "schedule", "enabled", "from", "description")
    for name, s in configured.items():
        table.add_row(
            name, s.cron, "yes" if s.enabled else "no", s.source, registered[name].description
        )
    err.print(table)


# --- synthetic data ------------------------------------------------------------------


class _Bars:
    """One rich progress bar per table, on stderr."""

    def __init__(self, progress: Any) -> None:
        self.progress = progress
        self.tasks: dict[str, Any] = {}

    def start(self, table: str, estimate: int) -> None:
        self.tasks[table] = self.progress.add_task(table, total=max(estimate, 1))

    def advance(self, table: str, rows: int) -> None:
        task = self.tasks[table]
        current = self.progress.tasks[self.progress.task_ids.index(task)]
        if current.completed + rows > (current.total or 0):
            self.progress.update(task, total=current.completed + rows)
        self.progress.advance(task, rows)

    def finish(self, table: str, rows: int) -> None:
        self.progress.update(self.tasks[table], total=max(rows, 1), completed=max(rows, 1))


@app.command()
def seed(
    ctx: typer.Context,
    persona: Annotated[
        str | None,
        typer.Option(
            "--persona",
            help="startup, vc, angel, esg, government, corporate or all (default: the "
            "template's persona, else all).",
        ),
    ] = None,
    count: Annotated[
        int | None, typer.Option("--count", help="Accounts of the persona (default: by scale).")
    ] = None,
    scale: Annotated[
        str, typer.Option("--scale", help="small, medium or large (about 2 million rows).")
    ] = "small",
    times: Annotated[
        int,
        typer.Option(
            "--times",
            help="Multiply every account count by N (1-16): N times the tenants of every type, "
            "the same shape per tenant (--scale large --times 4: about 9.5 million rows).",
        ),
    ] = 1,
    seed_value: Annotated[
        int | None,
        typer.Option("--seed", help="Random seed: the same seed and options give the same rows."),
    ] = None,
    ttl: Annotated[
        str, typer.Option("--ttl", help="Time to live: 30m, 12h, 7d, 2w (expires_at = now()+ttl).")
    ] = "7d",
    template: Annotated[
        str | None, typer.Option("--template", help="A built-in or custom template name.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Reference date YYYY-MM-DD: every generated date is on or before it "
            "(default 2026-06-30, fixed so that runs are reproducible).",
        ),
    ] = None,
) -> None:
    """Load a synthetic ecosystem (is_synthetic rows with an expiry) in one transaction."""
    from datetime import date

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from auxeira_db import synthetic
    from auxeira_db.errors import SyntheticOptionsError

    opts = _opts(ctx)
    reference = None
    if as_of is not None:
        try:
            reference = date.fromisoformat(as_of)
        except ValueError:
            raise SyntheticOptionsError(f"invalid --as-of {as_of!r}: use YYYY-MM-DD") from None
    # everything that can be checked without the database, before connecting
    synthetic.validate_options(
        persona=persona,
        count=count,
        scale=scale,
        seed=seed_value,
        ttl=ttl,
        template=template,
        as_of=reference,
        times=times,
    )
    with _database(ctx, writes=True) as conn:
        # the template and the plan are checked before the progress bars appear
        synthetic.build_plan(
            conn,
            persona=persona,
            count=count,
            scale=scale,
            seed=seed_value or 0,
            template=template,
            as_of=reference,
            times=times,
        )
        with Progress(
            TextColumn("{task.description:<24}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=opts.json,
        ) as bars:
            summary = synthetic.generate(
                conn,
                persona=persona,
                count=count,
                scale=scale,
                seed=seed_value,
                ttl=ttl,
                template=template,
                as_of=reference,
                progress=_Bars(bars),
                times=times,
            )
    if opts.json:
        data = asdict(summary)
        data["total_rows"] = summary.total_rows
        _emit(data)
        return
    title = f"synthetic {summary.persona} ecosystem, seed {summary.seed}"
    table = Table("table", "rows", title=title)
    for name, rows in summary.tables.items():
        table.add_row(name, f"{rows:,}")
    rate = summary.total_rows / summary.seconds if summary.seconds else 0.0
    table.add_row("[bold]total[/bold]", f"[bold]{summary.total_rows:,}[/bold]")
    err.print(table)
    err.print(
        f"{summary.total_rows:,} rows in {summary.seconds:.1f} s ({rate:,.0f} rows/s); "
        f"as of {summary.as_of}, expires {summary.expires_at}; "
        f"repeat with --seed {summary.seed}"
    )


def _template_dict(t: Any) -> dict[str, Any]:
    return {
        "name": t.name,
        "builtin": t.builtin,
        "description": t.description,
        "parameters": t.parameters,
    }


@templates_app.command("list")
def templates_list(ctx: typer.Context) -> None:
    """List built-in and custom templates."""
    from auxeira_db import synthetic

    opts = _opts(ctx)
    with _database(ctx, check="known") as conn:
        found = synthetic.list_templates(conn)
    if opts.json:
        _emit([_template_dict(t) for t in found])
        return
    table = Table("template", "kind", "description")
    for t in found:
        table.add_row(t.name, "built-in" if t.builtin else "custom", t.description)
    err.print(table)


@templates_app.command("show")
def templates_show(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="Template name.")]
) -> None:
    """Show a template's parameters."""
    from auxeira_db import synthetic

    opts = _opts(ctx)
    with _database(ctx, check="known") as conn:
        found = synthetic.get_template(conn, name)
    if opts.json:
        _emit(_template_dict(found))
        return
    err.print(f"[bold]{found.name}[/bold] ({'built-in' if found.builtin else 'custom'})")
    if found.description:
        err.print(found.description)
    sys.stdout.write(json.dumps(found.parameters, indent=2) + "\n")


@templates_app.command("create")
def templates_create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Template name: lower-case letters, digits, dashes.")],
    parameters: Annotated[
        str,
        typer.Option(
            "--parameters", help="JSON object of parameters, or @FILE to read it from a file."
        ),
    ],
    description: Annotated[
        str, typer.Option("--description", help="What the template generates.")
    ] = "",
) -> None:
    """Create a custom template (validated: nothing is stored when it is refused)."""
    from auxeira_db import synthetic
    from auxeira_db.synthetic.templates import MAX_PARAMETERS_BYTES, check_name, parse_parameters

    opts = _opts(ctx)
    check_name(name)
    text = parameters
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            if path.stat().st_size > MAX_PARAMETERS_BYTES:
                raise TemplateError(
                    f"{path} is {path.stat().st_size:,} bytes: template parameters may be at"
                    f" most {MAX_PARAMETERS_BYTES:,}"
                )
            text = path.read_text()
        except OSError as exc:
            raise TemplateError(f"cannot read {text[1:]}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise TemplateError(f"{path} is not UTF-8 text") from None
    data = parse_parameters(text)
    with _database(ctx, writes=True) as conn:
        created = synthetic.create_template(conn, name, data, description)
    if opts.json:
        _emit(_template_dict(created))
    else:
        err.print(f"Created template [bold]{created.name}[/bold]")


@templates_app.command("delete")
def templates_delete(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="Template name.")]
) -> None:
    """Delete a custom template."""
    from auxeira_db import synthetic

    opts = _opts(ctx)
    with _database(ctx, writes=True) as conn:
        synthetic.delete_template(conn, name)
    if opts.json:
        _emit({"deleted": name})
    else:
        err.print(f"Deleted template [bold]{name}[/bold]")


@fx_app.command("import")
def fx_import(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV of rates: date,base,quote,rate, or the ECB's reference rates "
            "(eurofxref-hist.csv: Date,USD,JPY,... per EUR)."
        ),
    ],
    source: Annotated[
        str, typer.Option("--source", help="Label recorded with each rate, e.g. ecb.")
    ] = "import",
) -> None:
    """Load exchange rates from a CSV file, idempotently: rates already recorded are skipped,
    a different rate for a recorded day is kept as a restatement. A bad line writes nothing."""
    from auxeira_db import fx

    opts = _opts(ctx)
    rates = fx.read_rates_file(file)
    with _database(ctx, writes=True) as conn:
        result = fx.import_rates(conn, rates, source)
    if opts.json:
        _emit(asdict(result))
    else:
        err.print(
            f"Read {result.read:,} rates from {file}: {result.added:,} added,"
            f" {result.restated:,} restated, {result.unchanged:,} already recorded"
        )


# --- analytics (docs/ANALYTICS.md): the product team's four analyses -----------------------

analytics_app = typer.Typer(
    help="Product analytics of the event log: the four analyses and `refresh` (docs/ANALYTICS.md).",
    no_args_is_help=True,
)
app.add_typer(analytics_app, name="analytics")
_FromDay = Annotated[
    str | None, typer.Option("--from", help="First UTC day (YYYY-MM-DD; default: to - 89 days).")
]
_ToDay = Annotated[str | None, typer.Option("--to", help="Last UTC day (default: today).")]
_Dashboard = Annotated[str | None, typer.Option("--dashboard", help="One dashboard only.")]


def _day(value: str | None, flag: str) -> date | None:
    from auxeira_db.errors import DataError

    try:
        return None if value is None else date.fromisoformat(value)
    except ValueError:
        raise DataError(f"invalid {flag} {value!r}: use YYYY-MM-DD") from None


def _analysis(ctx: typer.Context, rows: Any) -> None:
    """Run an analysis on the target database and print its rows (JSON or tab-separated)."""
    with _database(ctx) as conn:
        result = [asdict(r) for r in rows(conn)]
    if _opts(ctx).json:
        _emit(result)
        return
    if not result:
        err.print("No activity in the range.")
        return
    sys.stdout.write("\t".join(result[0]) + "\n")
    for row in result:
        sys.stdout.write("\t".join(str(v) for v in row.values()) + "\n")


@analytics_app.command("dashboard-usage")
def analytics_dashboard_usage(
    ctx: typer.Context,
    from_day: _FromDay = None,
    to_day: _ToDay = None,
    grain: Annotated[str, typer.Option("--grain", help="day, week or month.")] = "day",
    dashboard: _Dashboard = None,
) -> None:
    """DAU/WAU/MAU per dashboard and overall, stickiness, events and sessions per user."""
    from auxeira_db import analytics

    start, end = _day(from_day, "--from"), _day(to_day, "--to")
    _analysis(
        ctx, lambda c: analytics.dashboard_usage(c, start, end, grain=grain, dashboard=dashboard)
    )


@analytics_app.command("feature-adoption")
def analytics_feature_adoption(
    ctx: typer.Context,
    from_day: _FromDay = None,
    to_day: _ToDay = None,
    dashboard: _Dashboard = None,
) -> None:
    """Per feature: adopters / active users, days from sign-up to first use, repeat use."""
    from auxeira_db import analytics

    start, end = _day(from_day, "--from"), _day(to_day, "--to")
    _analysis(ctx, lambda c: analytics.feature_adoption(c, start, end, dashboard=dashboard))


@analytics_app.command("user-journey")
def analytics_user_journey(
    ctx: typer.Context,
    from_day: _FromDay = None,
    to_day: _ToDay = None,
    dashboard: _Dashboard = None,
    steps: Annotated[int, typer.Option("--steps", help="Steps per path (1-20).")] = 3,
    start_event: Annotated[
        str | None, typer.Option("--start-event", help="Paths from this step on.")
    ] = None,
    transitions: Annotated[
        bool, typer.Option("--transitions", help="The step-to-step table with drop-off instead.")
    ] = False,
) -> None:
    """The most frequent paths of N steps in a session, or (--transitions) the transitions."""
    from auxeira_db import analytics

    start, end = _day(from_day, "--from"), _day(to_day, "--to")
    if transitions:
        _analysis(
            ctx,
            lambda c: analytics.journey_transitions(
                c, start, end, dashboard=dashboard, start_event=start_event
            ),
        )
    else:
        _analysis(
            ctx,
            lambda c: analytics.journey_paths(
                c, start, end, steps=steps, dashboard=dashboard, start_event=start_event
            ),
        )


@analytics_app.command("cohort-analysis")
def analytics_cohort_analysis(
    ctx: typer.Context,
    from_day: _FromDay = None,
    to_day: _ToDay = None,
    period: Annotated[str, typer.Option("--period", help="week or month.")] = "week",
    segment_by: Annotated[str | None, typer.Option("--by", help="user_type or utm_source.")] = None,
) -> None:
    """Retention by sign-up cohort (share active in period k after sign-up): a triangle."""
    from auxeira_db import analytics

    start, end = _day(from_day, "--from"), _day(to_day, "--to")
    _analysis(
        ctx,
        lambda c: analytics.cohort_analysis(c, start, end, period=period, segment_by=segment_by),
    )


@analytics_app.command("refresh")
def analytics_refresh(ctx: typer.Context) -> None:
    """Recompute the rollups of the days whose events changed (what the job does)."""
    from auxeira_db import analytics

    with _database(ctx, writes=True) as conn:
        days = analytics.refresh_rollups(conn)
    if _opts(ctx).json:
        _emit([asdict(d) for d in days])
    else:
        err.print(f"Rollups recomputed for {len(days):,} days")


# --- billing (docs/BILLING.md): `billing ingest|expire`, `analytics revenue-metrics` ---------
from auxeira_db import billing_cli  # noqa: E402

billing_cli.register(app, analytics_app)


def _redact(url: str) -> str:
    """The URL without its password, for printing."""
    import psycopg.conninfo

    params = psycopg.conninfo.conninfo_to_dict(url)
    if params.get("password"):
        params["password"] = "***"
    return psycopg.conninfo.make_conninfo("", **params)


@app.command()
def version(ctx: typer.Context) -> None:
    """Print the package version."""
    if _opts(ctx).json:
        _emit({"version": __version__})
    else:
        sys.stdout.write(f"auxeira-db {__version__}\n")


# --- embedded server -----------------------------------------------------------------


@server_app.command("start")
def server_start(ctx: typer.Context) -> None:
    """Start the embedded server (initialising its data directory on first use)."""
    opts = _opts(ctx)
    url = embedded.start(opts.data_dir)
    if opts.json:
        _emit({"url": url})
    else:
        err.print(f"Embedded PostgreSQL running (development only): {url}")


@server_app.command("stop")
def server_stop(ctx: typer.Context) -> None:
    """Stop the embedded server."""
    opts = _opts(ctx)
    was_running = embedded.stop(opts.data_dir)
    if opts.json:
        _emit({"stopped": was_running})
    else:
        err.print("Stopped." if was_running else "The embedded server was not running.")


@server_app.command("status")
def server_status(ctx: typer.Context) -> None:
    """Show whether the embedded server is running, and where."""
    opts = _opts(ctx)
    st = embedded.status(opts.data_dir)
    if opts.json:
        _emit(asdict(st))
    else:
        state = f"running (pid {st.pid})" if st.running else "stopped"
        err.print(f"Embedded server {state}; data directory {st.data_dir}")
        target = configured_url(opts.database_url)
        if target is not None:
            err.print(f"Note: {target.source} is set, so commands use that database, not this one.")


@server_app.command("url")
def server_url(ctx: typer.Context) -> None:
    """Print the embedded server's URL (fails when it is not running)."""
    opts = _opts(ctx)
    url = embedded.url(opts.data_dir)
    if url is None:
        raise EmbeddedServerError("the embedded server is not running: `auxeira-db server start`")
    sys.stdout.write(url + "\n")


cli_ops.register(app)  # backup, restore, metrics, user (issue 18)


# --- entry point ---------------------------------------------------------------------


def _hoist_json(argv: list[str]) -> list[str]:
    """Move a `--json` typed after the subcommand to the front, where the global option lives
    (people type `auxeira-db status --json`). A `--json` that is the value of an option
    (`--description --json`) or follows `--` stays where it is."""
    command: Any = typer.main.get_command(app)
    out: list[str] = []
    hoisted = False
    tokens = iter(argv)
    for token in tokens:
        if token == "--":
            out.append(token)
            out.extend(tokens)
            break
        if token == "--json" and out:
            hoisted = True
            continue
        out.append(token)
        subcommands = getattr(command, "commands", None)
        if subcommands and token in subcommands:
            command = subcommands[token]
            continue
        if token.startswith("-") and "=" not in token:
            for param in getattr(command, "params", []):
                takes_value = not getattr(param, "is_flag", False) and not getattr(
                    param, "count", False
                )
                if token in getattr(param, "opts", ()) and takes_value:
                    value = next(tokens, None)
                    if value is not None:
                        out.append(value)
                    break
    return ["--json", *out] if hoisted else out


def _fail(message: str, code: int) -> None:
    # plain write: exactly one line, whatever the terminal width
    sys.stderr.write(f"error: {' '.join(message.split())}\n")
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: one line per error, never a traceback.

    Typer runs outside its standalone mode so that usage errors come here too and are
    written as one line (exit 2) instead of a box; psycopg errors go through the one
    translation by SQLSTATE (auxeira_db.db.translate_error). AUXEIRA_DEBUG=1 re-raises."""
    debug = bool(os.environ.get("AUXEIRA_DEBUG"))
    args = _hoist_json(list(sys.argv[1:] if argv is None else argv))
    try:
        code = typer.main.get_command(app).main(
            args=args, prog_name="auxeira-db", standalone_mode=False
        )
    except AuxeiraError as exc:
        if debug:
            raise
        _fail(str(exc), 1)
    except psycopg.Error as exc:
        if debug:
            raise
        _fail(str(translate_error(exc)), 1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        usage = _usage_error(exc)
        if usage is not None:
            message, status = usage
            if type(exc).__name__ == "NoArgsIsHelpError" or not message.strip():
                # no arguments at all: Typer has printed the help (older releases put it in
                # the message)
                if message.strip():
                    sys.stderr.write(message.rstrip() + "\n")
                sys.exit(2)
            _fail(message, status)
        if debug:
            raise
        message = " ".join(str(exc).split())
        _fail(
            f"unexpected {type(exc).__name__}: {message} (AUXEIRA_DEBUG=1 shows the traceback)", 1
        )
    sys.exit(code if isinstance(code, int) else 0)


def _usage_error(exc: Exception) -> tuple[str, int] | None:
    """Message and exit status of Click's exceptions (usage errors, aborted prompts).

    Typer vendors Click in recent releases and depends on it in older ones, so the classes
    are recognised by their interface rather than imported."""
    if isinstance(exc, typer.Abort) or type(exc).__name__ == "Abort":
        return "aborted: nothing was changed", 1
    format_message = getattr(exc, "format_message", None)
    status = getattr(exc, "exit_code", None)
    if not callable(format_message) or not isinstance(status, int):
        return None
    message = str(format_message())
    context = getattr(exc, "ctx", None)
    command_path = getattr(context, "command_path", None)
    if status == 2 and command_path and message.strip() and "\n" not in message.strip():
        message = f"{message} (see `{command_path} --help`)"
    return message, status
