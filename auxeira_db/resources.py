"""Where the SQL files and migrations are, in a source tree or an installed wheel.

The wheel carries `sql/` and `migrations/` inside the package (see pyproject's
force-include); an editable install reads them from the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent

# Load order of the sql/ tree: tables before the functions that use them, views after both,
# then the dashboards' API (sql/api: one statement per endpoint, built on the views), row-level
# security and grants last.
SQL_SECTIONS = ("schema", "functions", "views", "api", "security")
# The schemas the package creates (backups dump them, metrics measure them).
PACKAGE_SCHEMAS = ("auxeira", "auxeira_dash", "auxeira_mv", "auxeira_queue", "auxeira_analytics")


def _locate(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"auxeira-db installation is incomplete: no {name}/ directory found")


def sql_dir() -> Path:
    """The directory holding the current definition of every database object."""
    return _locate("sql")


def migrations_dir() -> Path:
    """The directory holding the yoyo migrations and their checksum manifest."""
    return _locate("migrations")


def sql_files() -> list[Path]:
    """Every file of sql/ in load order: by section, then by file name."""
    root = sql_dir()
    files: list[Path] = []
    for section in SQL_SECTIONS:
        folder = root / section
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.sql")))
    return files
