"""The `auxeira-db` command line: a thin layer over the package's functions.

Human output goes to stderr through rich; `--json` prints machine output on
stdout. Any AuxeiraError becomes one line on stderr and exit status 1; usage
errors exit 2. Set AUXEIRA_DEBUG=1 to see tracebacks of unexpected errors.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from auxeira_db import __version__, embedded, maintenance, migrations
from auxeira_db.config import configured_url
from auxeira_db.db import connection, resolve
from auxeira_db.errors import AuxeiraError, EmbeddedServerError

err = Console(stderr=True)

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
    if opts.json:
        _emit(
            {
                "migrations": [
                    {"id": s.id, "applied": s.applied, "applied_at": s.applied_at} for s in states
                ],
                "pending": [s.id for s in states if not s.applied],
            }
        )
        return
    table = Table("migration", "applied at (UTC)")
    for s in states:
        table.add_row(s.id, str(s.applied_at) if s.applied_at else "[yellow]pending[/yellow]")
    err.print(table)


@app.command()
def rollback(
    ctx: typer.Context,
    steps: Annotated[int | None, typer.Option("--steps", help="Roll back the newest N.")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Roll back everything after this id.")
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Roll back every migration.")] = False,
) -> None:
    """Roll back applied migrations (default: the newest one)."""
    opts = _opts(ctx)
    if steps is None and to is None and not everything:
        steps = 1
    if sum((steps is not None, to is not None, everything)) > 1:
        raise typer.BadParameter("choose one of --steps, --to and --all")
    done = migrations.rollback(opts.url(), steps=steps, to=to, everything=everything)
    if opts.json:
        _emit({"rolled_back": done})
    elif not done:
        err.print("Nothing to roll back.")
    else:
        for mid in done:
            err.print(f"Rolled back [bold]{mid}[/bold]")


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
def cleanup(ctx: typer.Context) -> None:
    """Delete expired synthetic rows (children first; referenced rows are kept)."""
    opts = _opts(ctx)
    with connection(opts.url()) as conn:
        report = maintenance.cleanup(conn)
    if opts.json:
        _emit(asdict(report))
        return
    table = Table("table", "deleted", "retained (still referenced)")
    for row in report.tables:
        table.add_row(row.table_name, str(row.deleted), str(row.retained))
    table.add_row(
        "[bold]total[/bold]", f"[bold]{report.total_deleted}[/bold]", str(report.total_retained)
    )
    err.print(table)


@app.command()
def demo(ctx: typer.Context) -> None:
    """Migrate (the embedded server when no database is configured) and show what is there."""
    opts = _opts(ctx)
    target = resolve(opts.database_url, opts.data_dir)
    err.print(f"Database: {target.source} ({_redact(target.url)})")
    result = migrations.migrate(target.url)
    err.print(f"Migrations applied: {len(result.applied)} ({', '.join(result.applied) or 'none'})")
    with connection(target.url) as conn:
        counts = maintenance.table_counts(conn)
    if opts.json:
        _emit({"database": target.source, "applied": result.applied, "tables": counts})
        return
    table = Table("table", "rows", title="auxeira schema")
    for name, rows in counts.items():
        table.add_row(name, f"{rows:,}")
    err.print(table)


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


# --- entry point ---------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: one line per error, never a traceback.

    Typer (standalone mode) handles usage errors itself: message and exit status 2.
    """
    try:
        app(args=argv, prog_name="auxeira-db")
    except AuxeiraError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("AUXEIRA_DEBUG"):
            raise
        err.print(
            f"error: unexpected {type(exc).__name__}: {exc} (AUXEIRA_DEBUG=1 shows the traceback)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(1)
