"""The embedded development server: start, url, status, stop, in a data directory of its own."""

from __future__ import annotations

import json
import shutil
import tempfile

import psycopg

from tests.test_cli import run


def test_server_lifecycle() -> None:
    data_dir = tempfile.mkdtemp(prefix="auxeira-srv-", dir="/tmp")
    try:
        stopped = json.loads(run("--json", "--data-dir", data_dir, "server", "status").stdout)
        assert stopped["running"] is False
        started = run("--json", "--data-dir", data_dir, "server", "start")
        assert started.returncode == 0, started.stderr
        url = json.loads(started.stdout)["url"]
        assert run("--data-dir", data_dir, "server", "url").stdout.strip() == url
        with psycopg.connect(url) as conn:
            row = conn.execute("SHOW server_version_num").fetchone()
            assert row is not None and int(row[0]) >= 180000
        # commands with no database configured use it, migrating included
        migrated = run("--json", "--data-dir", data_dir, "migrate")
        assert migrated.returncode == 0, migrated.stderr
        assert json.loads(migrated.stdout)["applied"]
        stop = json.loads(run("--json", "--data-dir", data_dir, "server", "stop").stdout)
        assert stop["stopped"] is True
        assert (
            json.loads(run("--json", "--data-dir", data_dir, "server", "status").stdout)["running"]
            is False
        )
        assert run("--data-dir", data_dir, "server", "url").returncode == 1
    finally:
        run("--data-dir", data_dir, "server", "stop")
        shutil.rmtree(data_dir, ignore_errors=True)
