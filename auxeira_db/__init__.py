"""auxeira-db: the central PostgreSQL database of the Auxeira platform.

The schema, calculations and views live in SQL (see the package's `sql/` and
`migrations/`); this package applies migrations and exposes typed functions:

    import auxeira_db
    with auxeira_db.connect(url) as conn, auxeira_db.tenant(conn, user_id):
        ...
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from auxeira_db.db import connect, connection, resolve
from auxeira_db.errors import (
    AuxeiraError,
    ConfigurationError,
    ConnectionFailed,
    DataError,
    EmbeddedServerError,
    MigrationError,
    NotMigrated,
    ServerTooOld,
)
from auxeira_db.pooling import pool
from auxeira_db.tenancy import tenant

try:
    __version__ = version("auxeira-db")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

__all__ = [
    "AuxeiraError",
    "ConfigurationError",
    "ConnectionFailed",
    "DataError",
    "EmbeddedServerError",
    "MigrationError",
    "NotMigrated",
    "ServerTooOld",
    "__version__",
    "connect",
    "connection",
    "pool",
    "resolve",
    "tenant",
]
