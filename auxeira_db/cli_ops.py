"""Operations commands of the CLI (issue 18): backup, restore, metrics, user export/erase.

Registered on the main Typer app by `register(app)` from auxeira_db.cli, so that module only
gains one line; the commands use its global options (`--database-url`, `--json`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer


def _opts(ctx: typer.Context) -> Any:
    from auxeira_db.cli import _opts as opts

    return opts(ctx)


def _emit(data: Any) -> None:
    from auxeira_db.cli import _emit as emit

    emit(data)


def _say(text: str) -> None:
    from auxeira_db.cli import err

    err.print(text)


def backup_command(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The backup file to write (a tar).")
    ],
) -> None:
    """Back up the package's schemas and migration history, with a manifest of row counts and
    checksums that `restore` verifies. Point-in-time recovery is the server's job (WAL
    archiving, or the managed service's): see docs/SCALING.md."""
    from auxeira_db import backup

    opts = _opts(ctx)
    manifest = backup.backup(opts.url(), output)
    rows = sum(t.rows for t in manifest.tables.values())
    if opts.json:
        _emit(
            {
                "file": str(output),
                "tables": len(manifest.tables),
                "rows": rows,
                "migrations": len(manifest.migrations),
                "bytes": output.stat().st_size,
            }
        )
    else:
        _say(
            f"backed up {len(manifest.tables)} tables ({rows:,} rows, {len(manifest.migrations)}"
            f" migrations) to {output} with {manifest.tool}"
        )


def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file written by `auxeira-db backup`.")],
    database_url: Annotated[
        str | None,
        typer.Option("--database-url", help="The empty database to restore into."),
    ] = None,
) -> None:
    """Restore a backup into an empty database (in one transaction), then verify every table's
    row count and checksum against the backup's manifest."""
    from auxeira_db import backup
    from auxeira_db.config import configured_url

    opts = _opts(ctx)
    target = configured_url(database_url) if database_url is not None else None
    url = target.url if target else opts.url()
    result = backup.restore(file, url)
    if opts.json:
        _emit(
            {
                "ok": result.ok,
                "tables": result.tables,
                "rows": result.rows,
                "mismatches": result.mismatches,
            }
        )
    elif result.ok:
        _say(f"restored and verified {result.tables} tables ({result.rows:,} rows)")
    if not result.ok:
        for line in result.mismatches:
            sys.stderr.write(f"mismatch: {line}\n")
        raise backup.BackupError(
            f"the restored database differs from the backup in {len(result.mismatches)} table(s)"
        )


def metrics_command(ctx: typer.Context) -> None:
    """Print the database's health as Prometheus text exposition on stdout: table and index
    sizes, dead tuples, materialized-view age, job lag and failures, expired-synthetic
    backlog, replication lag, connections by state, slowest statements (pg_stat_statements)."""
    from auxeira_db import metrics
    from auxeira_db.db import connection, translated

    with connection(_opts(ctx).url(), autocommit=False) as conn, translated():
        sys.stdout.write(metrics.metrics(conn))


user_app = typer.Typer(
    help="A user's data: `export ID` (every row about the user, JSON) and `erase ID`.",
    no_args_is_help=True,
)


@user_app.command("export")
def user_export(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(help="The user's id (UUID).")],
) -> None:
    """Print every row about the user across all tables as JSON on stdout."""
    from auxeira_db import privacy
    from auxeira_db.cli import _database
    from auxeira_db.tenancy import as_user_id

    uid = as_user_id(user_id)
    with _database(ctx, autocommit=False) as conn:
        _emit(privacy.export_user(conn, uid))


@user_app.command("erase")
def user_erase(
    ctx: typer.Context,
    user_id: Annotated[str, typer.Argument(help="The user's id (UUID).")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Confirm the erasure (needed off a terminal).")
    ] = False,
) -> None:
    """Erase a user's personal data: usage rows deleted, personal fields pseudonymised,
    financial records kept (the law requires them) and listed. Asks on a terminal; elsewhere
    needs --yes."""
    from dataclasses import asdict

    from auxeira_db import privacy
    from auxeira_db.cli import _database
    from auxeira_db.errors import ConfirmationRequired
    from auxeira_db.tenancy import as_user_id

    uid = as_user_id(user_id)
    if not yes:
        interactive = sys.stdin.isatty() and sys.stderr.isatty()
        if not interactive or not typer.confirm(
            f"Erase the personal data of user {uid}? This cannot be undone",
            default=False,
            err=True,
        ):
            raise ConfirmationRequired(
                f"erasing user {uid} needs confirmation: run again with --yes; nothing was changed"
            )
    with _database(ctx, autocommit=False, writes=True) as conn:
        report = privacy.erase_user(conn, uid)
    if _opts(ctx).json:
        _emit(asdict(report))
        return
    deleted = ", ".join(f"{t} {n}" for t, n in report.deleted.items() if n) or "none"
    kept = ", ".join(f"{t} {n}" for t, n in report.kept.items()) or "none"
    _say(f"erased user {uid}: deleted {deleted}; pseudonymised {', '.join(report.pseudonymised)}")
    _say(f"kept: {kept}: {report.note}")


def register(app: typer.Typer) -> None:
    """Add the operations commands to the main app."""
    app.command("backup")(backup_command)
    app.command("restore")(restore_command)
    app.command("metrics")(metrics_command)
    app.add_typer(user_app, name="user")
