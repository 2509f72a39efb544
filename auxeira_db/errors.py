"""Typed exceptions: every failure a caller can act on has its own class.

The CLI turns any `AuxeiraError` into one line on stderr and exit status 1; a
service catches the class it cares about.

One error path. Every psycopg error that reaches the CLI or the Python API goes
through `auxeira_db.db.translate_error(exc)` (or the `auxeira_db.db.translated()`
context manager), which maps it by SQLSTATE class onto these classes:

    SQLSTATE                                   class
    08xxx, a closed or broken connection       ConnectionFailed
    25006 read_only_sql_transaction            ReadOnlyDatabase
    42501 insufficient_privilege               PermissionDenied
    3F000, 42P01, 42883 (schema, relation or   NotMigrated
      function missing)
    22xxx, 23xxx, P0xxx (raised in PL/pgSQL:   DataError (constraint = the constraint's name)
      raise_exception, no_data_found ...)
    anything else                              DatabaseError (message and sqlstate kept)

SQL that refuses a caller (authorization) should raise SQLSTATE 42501; SQL that refuses a
value should raise P0001 or a CHECK (23514): both then reach Python and the CLI as the classes
above, with the server's message. Wrong Python types at the API boundary (a str where a
uuid.UUID is expected, a closed connection ...) raise InvalidArgument naming the argument.
"""

from __future__ import annotations


class AuxeiraError(Exception):
    """Base class of every error auxeira-db raises on purpose."""


class ConfigurationError(AuxeiraError):
    """The database URL, data directory or another setting is unusable."""


class InvalidArgument(AuxeiraError, TypeError):
    """A Python function of the package was called with an argument of the wrong type (or an
    empty one); the message names the argument. Also a TypeError, which it replaces."""


class ConnectionFailed(AuxeiraError):
    """The PostgreSQL server could not be reached, refused the login, or the connection broke."""


class ServerTooOld(AuxeiraError):
    """The server is older than the oldest PostgreSQL version supported (15)."""


class EmbeddedServerError(AuxeiraError):
    """The embedded development server could not be started, stopped or found."""


class MigrationError(AuxeiraError):
    """A migration failed (and was rolled back), or the migration set is inconsistent."""


class NewerDatabase(MigrationError):
    """The database's migration history names migrations this package does not know: it was
    migrated by a newer auxeira-db. Every command refuses it; upgrade the package."""

    def __init__(self, unknown: list[str]) -> None:
        super().__init__(
            f"this database was migrated by a newer auxeira-db (unknown: {', '.join(unknown)});"
            " upgrade the package"
        )
        self.unknown = unknown


class ConfirmationRequired(AuxeiraError):
    """A destructive operation needs confirmation: on a terminal it asks, elsewhere it
    needs --yes. Nothing was changed."""


class NotMigrated(AuxeiraError):
    """The database is not at the latest migration, so the operation refuses to run."""


class DatabaseError(AuxeiraError):
    """A database error that no more specific class describes; `sqlstate` keeps its code."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


class ReadOnlyDatabase(DatabaseError):
    """The database (or this session) is read-only: a replica, or default_transaction_read_only."""


class PermissionDenied(DatabaseError):
    """The login lacks a privilege, or the SQL refused the caller (SQLSTATE 42501)."""


class InvalidSignature(AuxeiraError):
    """A payment-provider webhook whose signature (or timestamp) does not verify: refused
    before anything is stored."""


class DataError(AuxeiraError):
    """The database refused a value: a constraint or a validation in SQL rejected it.

    `constraint` names the violated constraint when PostgreSQL reported one.
    """

    def __init__(self, message: str, constraint: str | None = None) -> None:
        super().__init__(message)
        self.constraint = constraint


class SyntheticOptionsError(AuxeiraError):
    """A synthetic-data option is unusable: a bad --ttl, persona, scale, count or date."""


class TemplateError(AuxeiraError):
    """A synthetic-data template is unknown, already exists, or asks for something impossible."""


class AlreadySeeded(AuxeiraError):
    """The rows of this exact synthetic run (same seed and options) are already in the database."""


class UnknownJob(AuxeiraError):
    """No scheduled job of that name is registered (auxeira-db jobs schedules lists them)."""


class JobFailed(AuxeiraError):
    """A scheduled job's run failed (recorded in auxeira.job_runs with its error); in the
    worker the queue marks its job failed."""
