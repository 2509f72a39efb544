"""Private servers the scale-out tests start (issue 18): a PgBouncer in transaction mode in
front of the test server, and a primary with a streaming standby built from private clusters.
Never the shared service's configuration: everything here listens on free local ports and
lives in a temporary directory deleted afterwards."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from tests.conftest import Server, unique_name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as() -> str | None:
    """PostgreSQL and PgBouncer refuse to run as root: run them as the `postgres` user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root without a postgres system user")
    return "postgres"


def _private_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    user = _run_as()
    if user:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return path


def _wait_for(url: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with psycopg.connect(url, connect_timeout=2):
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def login_role(server: Server, member_of: str) -> Iterator[str]:
    """A LOGIN role that is a member of `member_of` (cluster-wide: a unique name, dropped)."""
    name = unique_name("scaleout_login")
    with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
        conn.execute(
            psycopg.sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
                psycopg.sql.Identifier(name), psycopg.sql.Identifier(member_of)
            )
        )
    try:
        yield name
    finally:
        with psycopg.connect(server.url("postgres"), autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("DROP ROLE {}").format(psycopg.sql.Identifier(name)))


@contextmanager
def pgbouncer(server: Server, login: str, pool_mode: str = "transaction") -> Iterator[int]:
    """A PgBouncer (Debian's) on a free port in front of `server`, every client logged in to
    the server as `login`; yields its port."""
    binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(binary).exists():
        pytest.fail(
            "pgbouncer is not installed: `make test` installs it (apt-get install pgbouncer)"
        )
    folder = _private_dir("scaleout-pgbouncer-")
    port = free_port()
    ini = folder / "pgbouncer.ini"
    ini.write_text(
        f"""[databases]
* = host={server.host} port={server.port} user={login}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = any
pool_mode = {pool_mode}
default_pool_size = 3
max_client_conn = 100
ignore_startup_parameters = extra_float_digits
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
"""
    )
    user = _run_as()
    args = [binary, "-d", *(["-u", user] if user else []), str(ini)]
    subprocess.run(args, check=True, capture_output=True)
    try:
        _wait_for(f"postgresql://{login}@127.0.0.1:{port}/postgres")
        yield port
    finally:
        pid = (folder / "pgbouncer.pid").read_text().strip()
        os.kill(int(pid), 15)
        deadline = time.monotonic() + 10
        while (folder / "pgbouncer.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        shutil.rmtree(folder, ignore_errors=True)
