"""Where the database comes from.

Precedence: an explicit URL (the CLI's `--database-url`), then
`AUXEIRA_DATABASE_URL`, then `DATABASE_URL`; with none of them, the embedded
development server in the per-user data directory (`--data-dir`,
`AUXEIRA_DATA_DIR`, or the platform's user data directory).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs
import psycopg.conninfo

from auxeira_db.errors import ConfigurationError

URL_VARIABLES = ("AUXEIRA_DATABASE_URL", "DATABASE_URL")
DATA_DIR_VARIABLE = "AUXEIRA_DATA_DIR"


@dataclass(frozen=True)
class DatabaseTarget:
    """A resolved database: its URL and where the URL came from."""

    url: str
    source: str  # "--database-url", an environment variable's name, or "embedded"


def configured_url(explicit: str | None = None) -> DatabaseTarget | None:
    """The configured database, or None when the embedded server should be used.

    An explicit empty URL is refused rather than read as "not given": falling back to the
    environment or the embedded server would act on another database than the one meant."""
    if explicit is not None:
        if not explicit.strip():
            raise ConfigurationError(
                "--database-url is empty: give a URL such as postgresql://user@host:5432/dbname"
            )
        return DatabaseTarget(validate_url(explicit), "--database-url")
    for name in URL_VARIABLES:
        value = os.environ.get(name, "").strip()
        if value:
            return DatabaseTarget(validate_url(value), name)
    return None


def validate_url(url: str) -> str:
    """Check that `url` is a PostgreSQL URL or key=value conninfo psycopg can parse."""
    if "://" in url and not url.startswith(("postgresql://", "postgres://")):
        scheme = url.split("://", 1)[0]
        raise ConfigurationError(
            f"unsupported database URL scheme {scheme!r}: use postgresql://user@host:port/dbname"
        )
    try:
        psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise ConfigurationError(f"invalid database URL: {first_line(str(exc))}") from None
    return url


def default_data_dir(explicit: Path | str | None = None) -> Path:
    """The embedded server's data directory: explicit, then AUXEIRA_DATA_DIR, then per user."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    value = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if value:
        return Path(value).expanduser().resolve()
    return platformdirs.user_data_path("auxeira-db") / "pgdata"


def first_line(text: str) -> str:
    """The first non-empty line of a (possibly multi-line) server message."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return text.strip()
