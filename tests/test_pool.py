"""auxeira_db.pool(): no tenant survives a return to the pool; every dashboard function works
through a real PgBouncer in transaction mode; listen() refuses such a connection (issue 18)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

import auxeira_db
from auxeira_db import realtime, tenant
from auxeira_db.errors import AuxeiraError, ConfigurationError, ConnectionFailed
from auxeira_db.pooling import in_transaction_mode
from tests import factories as f
from tests.conftest import Server
from tests.safety import scratch_database
from tests.servers import login_role, pgbouncer
from tests.test_one_statement import endpoints, required_arguments

TIMES = 6  # psycopg prepares a statement on its 5th execution: run each one past that


def test_a_connection_returned_after_an_exception_carries_no_tenant(
    db_url: str, conn: psycopg.Connection[Any]
) -> None:
    me = f.user(conn)
    with auxeira_db.pool(db_url, role="auxeira_app", min_size=1, max_size=1) as p:
        with pytest.raises(RuntimeError), p.connection() as c, tenant(c, me):
            pid = c.info.backend_pid
            assert c.execute("SELECT count(*) FROM auxeira.users").fetchone() == (1,)
            # a careless borrower also sets the tenant for the whole session
            c.execute("SELECT set_config('auxeira.user_id', %s, false)", (str(me),))
            raise RuntimeError("mid-transaction")
        with p.connection() as c:
            assert c.info.backend_pid == pid
            row = c.execute(
                "SELECT current_user, nullif(current_setting('auxeira.user_id', true), ''),"
                " (SELECT count(*) FROM auxeira.users)"
            ).fetchone()
            assert row == ("auxeira_app", None, 0)


def test_pool_arguments_are_checked(db_url: str) -> None:
    with pytest.raises(ConfigurationError, match="pooler must be one of"):
        auxeira_db.pool(db_url, pooler="statement")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="unsupported database URL scheme"):
        auxeira_db.pool("mysql://x/y")


@pytest.fixture(scope="module")
def bouncer(server: Server, template_db: str) -> Iterator[tuple[str, str]]:
    """(direct URL, URL through PgBouncer in transaction mode as a member of auxeira_app)."""
    with (
        scratch_database(server, template_db, "scaleout_pool") as direct,
        login_role(server, "auxeira_app") as login,
        pgbouncer(server, login) as port,
    ):
        dbname = psycopg.conninfo.conninfo_to_dict(direct)["dbname"]
        yield direct, f"postgresql://{login}@127.0.0.1:{port}/{dbname}"


def test_preparation_through_pgbouncer_breaks_unless_turned_off(
    bouncer: tuple[str, str],
) -> None:
    """The hazard the pool avoids, shown: a statement prepared on one server connection is
    executed on another once a second client holds the first."""
    _, through = bouncer
    with psycopg.connect(through, prepare_threshold=0) as a, psycopg.connect(through) as b:
        a.execute("SELECT 1").fetchone()
        a.commit()
        with b.transaction():
            b.execute("SELECT 2")  # b now holds the server connection a prepared on
            with pytest.raises(psycopg.errors.InvalidSqlStatementName):
                a.execute("SELECT 1").fetchone()


def test_the_pool_detects_pgbouncer_and_turns_preparation_off(bouncer: tuple[str, str]) -> None:
    direct, through = bouncer
    with auxeira_db.pool(through, max_size=2) as p, p.connection() as c:
        assert c.prepare_threshold is None and in_transaction_mode(c)
    with auxeira_db.pool(direct, max_size=1) as p, p.connection() as c:
        assert c.prepare_threshold == 5 and not in_transaction_mode(c)
    with pytest.raises(ConfigurationError, match="role= needs a session"):
        auxeira_db.pool(through, role="auxeira_app")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_every_dashboard_function_runs_through_pgbouncer(bouncer: tuple[str, str]) -> None:
    direct, through = bouncer
    failures: list[str] = []
    calls = refused = 0
    with psycopg.connect(direct, autocommit=True) as admin:
        users = {kind: f.user(admin, kind) for kind in ("founder", "vc", "angel", "esg")}
        users |= {kind: f.user(admin, kind) for kind in ("government", "corporate")}
    with auxeira_db.pool(through, min_size=3, max_size=3) as p:
        for name, fn in endpoints():
            user_type = {"startup": "founder"}.get(name.split(".")[0], name.split(".")[0])
            args = required_arguments(fn)
            for _ in range(TIMES):
                with p.connection() as c:
                    try:
                        with tenant(c, users[user_type]):
                            fn(c, **args)
                    except ConnectionFailed as exc:
                        failures.append(f"{name}: {exc}")
                    except AuxeiraError as exc:
                        refused += 1  # made-up ids: refused by SQL, which is fine here
                        if "prepared statement" in str(exc):
                            failures.append(f"{name}: {exc}")
                    calls += 1
    assert not failures, failures
    assert calls == TIMES * len(endpoints()) and calls - refused >= TIMES * 20


def test_listen_refuses_a_transaction_mode_connection(bouncer: tuple[str, str]) -> None:
    direct, through = bouncer
    user = "00000000-0000-0000-0000-000000000001"
    with auxeira_db.pool(through, max_size=1) as p, p.connection() as c:
        c.autocommit = True
        with pytest.raises(ConfigurationError, match="needs a session-mode connection"):
            next(realtime.listen(c, user_id=user, timeout=0.1))
    with (
        psycopg.connect(through, autocommit=True, prepare_threshold=None) as c,
        pytest.raises(ConfigurationError, match="transaction-mode pooler"),
    ):
        next(realtime.listen(c, user_id=user, timeout=0.1))
    with psycopg.connect(direct, autocommit=True) as c, contextlib.suppress(StopIteration):
        next(realtime.listen(c, user_id=user, timeout=0.1))  # a direct session may listen
