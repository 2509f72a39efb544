"""Typed exceptions: every failure a caller can act on has its own class.

The CLI turns any `AuxeiraError` into one line on stderr and exit status 1; a
service catches the class it cares about.
"""

from __future__ import annotations


class AuxeiraError(Exception):
    """Base class of every error auxeira-db raises on purpose."""


class ConfigurationError(AuxeiraError):
    """The database URL, data directory or another setting is unusable."""


class ConnectionFailed(AuxeiraError):
    """The PostgreSQL server could not be reached or refused the login."""


class ServerTooOld(AuxeiraError):
    """The server is older than the oldest PostgreSQL version supported (15)."""


class EmbeddedServerError(AuxeiraError):
    """The embedded development server could not be started, stopped or found."""


class MigrationError(AuxeiraError):
    """A migration failed (and was rolled back), or the migration set is inconsistent."""


class NotMigrated(AuxeiraError):
    """The database is not at the latest migration, so the operation refuses to run."""


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
