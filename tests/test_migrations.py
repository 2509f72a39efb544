"""Migrations: apply, re-apply, roll back, lock, checksum manifest, failure handling."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from auxeira_db import migrations
from auxeira_db.errors import MigrationError
from auxeira_db.resources import migrations_dir
from tests.catalog import describe, differences


def all_ids() -> list[str]:
    return sorted(
        p.name.removesuffix(".sql")
        for p in migrations_dir().glob("*.sql")
        if not p.name.endswith(".rollback.sql")
    )


def test_migrate_empty_database_then_again_is_a_no_op(empty_db_url: str) -> None:
    first = migrations.migrate(empty_db_url)
    assert first.applied == all_ids()
    second = migrations.migrate(empty_db_url)
    assert second.applied == []
    assert all(state.applied for state in migrations.status(empty_db_url))


def test_dry_run_applies_nothing_and_to_stops_early(empty_db_url: str) -> None:
    ids = all_ids()
    planned = migrations.migrate(empty_db_url, dry_run=True)
    assert planned.applied == ids and planned.dry_run
    assert migrations.pending(empty_db_url) == ids
    partial = migrations.migrate(empty_db_url, to=ids[0])
    assert partial.applied == [ids[0]]
    assert migrations.pending(empty_db_url) == ids[1:]
    with pytest.raises(MigrationError, match="unknown migration id"):
        migrations.migrate(empty_db_url, to="9999_nope")


def test_rollback_everything_then_migrate_gives_the_same_catalog(db_url: str) -> None:
    with psycopg.connect(db_url, autocommit=True) as conn:
        before = describe(conn)
    rolled = migrations.rollback(db_url, everything=True, confirm=lambda plan: True)
    assert rolled == list(reversed(all_ids()))
    with psycopg.connect(db_url, autocommit=True) as conn:
        assert conn.execute("SELECT to_regnamespace('auxeira')").fetchone() == (None,)
    migrations.migrate(db_url)
    with psycopg.connect(db_url, autocommit=True) as conn:
        after = describe(conn)
    assert differences(before, after) == []


def test_rollback_steps_and_to(db_url: str) -> None:
    ids = all_ids()
    # the newest migration may drop reference data (0011's currencies): confirmed
    assert migrations.rollback(db_url, steps=1, confirm=lambda plan: True) == [ids[-1]]
    assert migrations.pending(db_url) == [ids[-1]]
    migrations.migrate(db_url)
    # later migrations may drop tables filled by a migration (reference data): confirmed
    everything_after_first = migrations.rollback(db_url, to=ids[0], confirm=lambda plan: True)
    assert everything_after_first == list(reversed(ids[1:]))
    with pytest.raises(MigrationError, match="exactly one"):
        migrations.rollback(db_url, steps=1, everything=True)


def test_two_concurrent_migrates_apply_each_migration_once(empty_db_url: str) -> None:
    command = [
        sys.executable,
        "-m",
        "auxeira_db",
        "--json",
        "--database-url",
        empty_db_url,
        "migrate",
    ]
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    applied = [mid for out, _ in outputs for mid in json.loads(out)["applied"]]
    assert sorted(applied) == all_ids()  # every migration exactly once, by one of the two
    with psycopg.connect(empty_db_url) as conn:
        rows = conn.execute(
            "SELECT migration_id, count(*) FROM _yoyo_migration GROUP BY 1"
        ).fetchall()
    assert sorted(rows) == [(mid, 1) for mid in all_ids()]


def test_a_killed_migrate_leaves_no_lock(empty_db_url: str) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from auxeira_db.migrations import migration_lock\n"
            "with migration_lock(sys.argv[1]):\n    print('locked', flush=True); time.sleep(60)",
            empty_db_url,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        # while the holder lives, the lock is taken
        assert conn.execute(
            "SELECT pg_try_advisory_lock(%s)", (migrations.LOCK_KEY,)
        ).fetchone() == (False,)
        holder.kill()
        holder.wait()
        # the server notices the dead session and releases its lock
        conn.execute("SELECT pg_sleep(0.2)")
    assert migrations.migrate(empty_db_url).applied == all_ids()


def _copy_tree(tmp_path: Path) -> Path:
    folder = tmp_path / "migrations"
    shutil.copytree(migrations_dir(), folder)
    return folder


def test_shipped_migrations_match_the_manifest() -> None:
    assert migrations.manifest_problems() == []
    assert set(migrations.read_manifest()) == {p.name for p in migrations_dir().glob("*.sql")}


def test_an_edited_or_unlisted_migration_is_detected(tmp_path: Path) -> None:
    folder = _copy_tree(tmp_path)
    first = sorted(folder.glob("0*.sql"))[0]
    first.write_text(first.read_text() + "\n-- an innocent-looking edit\n")
    (folder / "9999_new.sql").write_text("SELECT 1;\n")
    problems = migrations.manifest_problems(folder)
    assert any(first.name in p and "edited" in p for p in problems)
    assert any("9999_new.sql" in p and "not in" in p for p in problems)
    assert migrations.update_manifest(folder) == ["9999_new.sql"]  # never rewrites released lines
    assert [p for p in migrations.manifest_problems(folder) if "9999" in p] == []
    assert any("edited" in p for p in migrations.manifest_problems(folder))


def test_a_failing_migration_is_rolled_back_whole(
    empty_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy_tree(tmp_path)
    (folder / "9999_broken.sql").write_text(
        "-- depends: " + all_ids()[-1] + "\n"
        "SET LOCAL ROLE auxeira_owner;\n"
        "CREATE TABLE auxeira.half_done (id int);\n"
        "INSERT INTO auxeira.half_done VALUES (1);\n"
        "SELECT no_such_function();\n"
    )
    (folder / "9999_broken.rollback.sql").write_text("DROP TABLE auxeira.half_done;\n")
    migrations.update_manifest(folder)
    monkeypatch.setattr(migrations, "migrations_dir", lambda: folder)
    with pytest.raises(
        MigrationError, match=r"9999_broken failed to apply and was rolled back: .*no_such_function"
    ):
        migrations.migrate(empty_db_url)
    with psycopg.connect(empty_db_url) as conn:
        assert conn.execute("SELECT to_regclass('auxeira.half_done')").fetchone() == (None,)
    assert migrations.pending(empty_db_url) == ["9999_broken"]


def test_migrate_refuses_an_edited_release(
    empty_db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _copy_tree(tmp_path)
    first = sorted(folder.glob("0*.sql"))[0]
    first.write_text(first.read_text() + "\n-- edited\n")
    monkeypatch.setattr(migrations, "migrations_dir", lambda: folder)
    with pytest.raises(MigrationError, match="edited"):
        migrations.migrate(empty_db_url)
    assert migrations.pending(empty_db_url) == all_ids()
