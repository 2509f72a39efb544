"""Backup -> restore -> verify on seeded data, through the CLI; and every refusal before a
single row is written (issue 18)."""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from auxeira_db import backup, synthetic
from auxeira_db.errors import ConfigurationError
from tests.conftest import Server
from tests.safety import run_cli, scratch_database


@pytest.fixture(scope="module")
def source(server: Server, template_db: str) -> Iterator[str]:
    with scratch_database(server, template_db, "scaleout_bak") as url:
        synthetic.generate(url, persona="all", scale="small", seed=11)
        yield url


@pytest.fixture(scope="module")
def backup_file(source: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup") / "auxeira.bak"
    backup.backup(source, path)
    return path


def _relations(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
        ).fetchone()
    return int(row[0]) if row else 0


def _rewrite(src: Path, dst: Path, **members: bytes) -> None:
    """A copy of a backup file with some members replaced."""
    with tarfile.open(src) as tar_in, tarfile.open(dst, "w") as tar_out:
        for member in tar_in.getmembers():
            data = members.get(member.name.replace(".", "_"))
            if data is None:
                handle = tar_in.extractfile(member)
                assert handle is not None
                data = handle.read()
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            tar_out.addfile(info, io.BytesIO(data))


def _manifest(path: Path) -> dict[str, object]:
    with tarfile.open(path) as tar:
        handle = tar.extractfile(backup.MANIFEST_MEMBER)
        assert handle is not None
        data: dict[str, object] = json.loads(handle.read())
    return data


def test_round_trip_through_the_cli_verifies_every_table(
    source: str, empty_db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "round.bak"
    done = run_cli(capsys, "--database-url", source, "--json", "backup", "-o", str(file))
    assert done.code == 0, done.stderr
    written = json.loads(done.stdout)
    assert written["rows"] > 1000 and written["tables"] > 40
    done = run_cli(capsys, "restore", str(file), "--database-url", empty_db_url, "--json")
    assert done.code == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {
        "ok": True,
        "tables": written["tables"],
        "rows": written["rows"],
        "mismatches": [],
    }
    # the restored database is usable: migrated, the same rows, and verification can fail
    with psycopg.connect(source) as a, psycopg.connect(empty_db_url) as b:
        query = "SELECT count(*), sum(hashtext(u::text)) FROM auxeira.users AS u"
        assert a.execute(query).fetchone() == b.execute(query).fetchone()
    assert run_cli(capsys, "--database-url", empty_db_url, "status").code == 0
    with psycopg.connect(empty_db_url, autocommit=True) as conn:
        conn.execute(
            "UPDATE auxeira.companies SET name = name || ' (edited)'"
            " WHERE id = (SELECT min(id::text)::uuid FROM auxeira.companies)"
        )
    check = backup.verify(empty_db_url, backup.read_manifest(file))
    assert not check.ok
    rows = _count(empty_db_url, "auxeira.companies")
    assert f"auxeira.companies: content differs from the backup ({rows} rows)" in check.mismatches


def _count(url: str, table: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(row[0]) if row else 0


def test_a_non_empty_target_is_refused(
    backup_file: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _relations(db_url)
    done = run_cli(capsys, "restore", str(backup_file), "--database-url", db_url)
    assert done.code == 1
    assert len(done.lines) == 1 and "not empty" in done.lines[0]
    assert _relations(db_url) == before


def _last_data_byte(path: Path) -> int:
    with tarfile.open(path) as tar:
        return max(m.offset_data + m.size for m in tar.getmembers()) - 1


@pytest.mark.parametrize("where", ["half", "last byte of the dumps"])
def test_a_truncated_file_is_refused_before_anything_is_written(
    backup_file: Path, empty_db_url: str, tmp_path: Path, where: str
) -> None:
    data = backup_file.read_bytes()
    short = tmp_path / "short.bak"
    short.write_bytes(data[: len(data) // 2 if where == "half" else _last_data_byte(backup_file)])
    with pytest.raises(backup.BackupError, match="truncated"):
        backup.restore(short, empty_db_url)
    assert _relations(empty_db_url) == 0


def test_a_damaged_dump_is_refused(backup_file: Path, empty_db_url: str, tmp_path: Path) -> None:
    data = bytearray(backup_file.read_bytes())
    data[_last_data_byte(backup_file) - 100] ^= 0xFF
    damaged = tmp_path / "damaged.bak"
    damaged.write_bytes(bytes(data))
    with pytest.raises(backup.BackupError, match="damaged or truncated"):
        backup.restore(damaged, empty_db_url)
    assert _relations(empty_db_url) == 0


def test_foreign_files_are_refused(backup_file: Path, empty_db_url: str, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n" * 1000)
    with pytest.raises(backup.BackupError, match="not a whole auxeira-db backup"):
        backup.restore(text, empty_db_url)
    other = tmp_path / "other.tar"
    with tarfile.open(other, "w") as tar:
        tar.add(text, arcname="notes.txt")
    with pytest.raises(backup.BackupError, match="not an auxeira-db backup"):
        backup.restore(other, empty_db_url)
    manifest = _manifest(backup_file)
    foreign = tmp_path / "foreign.bak"
    _rewrite(backup_file, foreign, manifest_json=json.dumps({**manifest, "format": "x"}).encode())
    with pytest.raises(backup.BackupError, match="another format"):
        backup.restore(foreign, empty_db_url)
    assert _relations(empty_db_url) == 0


def test_an_older_server_or_package_than_the_backups_is_refused(
    backup_file: Path, empty_db_url: str, tmp_path: Path
) -> None:
    manifest = _manifest(backup_file)
    newer = tmp_path / "newer.bak"
    future = {**manifest, "server_version_num": 990000, "server_version": "99.0"}
    _rewrite(backup_file, newer, manifest_json=json.dumps(future).encode())
    with pytest.raises(backup.BackupError, match=r"older than the backup's 99\.0"):
        backup.restore(newer, empty_db_url)
    assert _relations(empty_db_url) == 0
    history = list(manifest["migrations"])  # type: ignore[call-overload]
    future = {**manifest, "migrations": [*history, "9999_future"]}
    _rewrite(backup_file, newer, manifest_json=json.dumps(future).encode())
    with pytest.raises(backup.BackupError, match=r"newer auxeira-db .*9999_future"):
        backup.restore(newer, empty_db_url)
    assert _relations(empty_db_url) == 0


def test_a_restore_failing_half_way_leaves_the_target_empty(
    source: str, backup_file: Path, empty_db_url: str, tmp_path: Path
) -> None:
    """The history archive is swapped for one that creates auxeira.users again: it fails
    after every table of the main archive was created and filled."""
    with psycopg.connect(source) as conn:
        pg_dump = backup.find_tool("pg_dump", conn.info.server_version // 10000)
    clash = tmp_path / "clash.pgdump"
    subprocess.run(
        [str(pg_dump), "-Fc", "-t", "auxeira.users", "-f", str(clash), "--dbname", source],
        check=True,
    )
    broken = tmp_path / "broken.bak"
    _rewrite(backup_file, broken, history_pgdump=clash.read_bytes())
    manifest = _manifest(backup_file)
    main = tmp_path / "main.pgdump"
    with tarfile.open(backup_file) as tar:
        handle = tar.extractfile(backup.DUMP_MEMBER)
        assert handle is not None
        main.write_bytes(handle.read())
    manifest["dump_sha256"] = backup._sha256(main, clash)
    manifest["dump_bytes"] = main.stat().st_size + clash.stat().st_size
    _rewrite(broken, broken.with_suffix(".2"), manifest_json=json.dumps(manifest).encode())
    with pytest.raises(backup.BackupError, match=r"nothing was kept.*already exists"):
        backup.restore(broken.with_suffix(".2"), empty_db_url)
    assert _relations(empty_db_url) == 0


def test_no_fitting_client_program_is_said_clearly() -> None:
    with pytest.raises(ConfigurationError, match="no pg_dump of PostgreSQL 99 or later: found"):
        backup.find_tool("pg_dump", 99)
