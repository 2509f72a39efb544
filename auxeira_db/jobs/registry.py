"""The registry of scheduled jobs: a name, a function and a default schedule each.

A job is a function of one argument, a `JobContext` (a connection to the database as the
worker's login, the scheduled time, the attempt), that returns the rows it affected (an int),
a `Done` with rows and a JSON-able detail, or None. It must be idempotent: a worker killed
mid-run leaves its job to be retried, and a retry must not do the work twice.

Register one with one call, at import time of the module that defines it:

    from auxeira_db import jobs

    def expire_grace(ctx: jobs.JobContext) -> int:
        with ctx.conn.transaction():
            row = ctx.conn.execute("SELECT auxeira.expire_subscription_grace()").fetchone()
        return int(row[0]) if row else 0

    jobs.register("subscription-grace-expiry", expire_grace, schedule="0 * * * *",
                  description="End subscriptions whose grace period is over.")

and add that module to BUILTIN_MODULES below (or, for a deployment's own jobs, name it in
AUXEIRA_JOBS_MODULES). The worker, `auxeira-db jobs run NAME`, the schedule configuration
(AUXEIRA_JOB_<NAME>) and doctor's late/failing warnings then cover it with no other change.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import psycopg

from auxeira_db.errors import ConfigurationError, UnknownJob

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
MAX_NAME_LENGTH = 60
# Modules whose import registers the package's own jobs.
BUILTIN_MODULES = ("auxeira_db.jobs.builtin",)
# Extra modules to import (comma-separated): a deployment's own jobs, or a test's.
MODULES_VARIABLE = "AUXEIRA_JOBS_MODULES"


@dataclass(frozen=True)
class JobContext:
    """What a job function receives: an autocommit connection (open its own transactions
    with `ctx.conn.transaction()`), the scheduled time it runs for (None when run by hand),
    the queue's attempt number (0 first) and how it was started."""

    name: str
    conn: psycopg.Connection[Any]
    scheduled_for: datetime | None
    attempt: int
    trigger: str  # "schedule" or "manual"


@dataclass(frozen=True)
class Done:
    """A job's result: rows affected, and a small JSON-able detail kept in the run log."""

    rows: int | None = None
    detail: dict[str, Any] | None = None


JobFunction = Callable[[JobContext], "Done | int | None"]


@dataclass(frozen=True)
class Job:
    """A registered job: its default schedule is a cron expression (5 fields, or 6 with
    seconds last); `enabled` says whether it runs when its configuration says nothing;
    `exclusive` (the default) keeps two runs of it from overlapping, on any worker."""

    name: str
    function: JobFunction = field(repr=False)
    schedule: str
    enabled: bool = True
    description: str = ""
    exclusive: bool = True


_REGISTRY: dict[str, Job] = {}
_loaded = False


def valid_cron(expression: str) -> bool:
    """Whether `expression` is a cron expression the worker accepts (5 fields, or 6 with
    seconds last)."""
    from croniter import croniter

    fields_count = len(expression.split())
    return fields_count in (5, 6) and bool(croniter.is_valid(expression))


def register(
    name: str,
    function: JobFunction,
    *,
    schedule: str,
    enabled: bool = True,
    description: str = "",
    exclusive: bool = True,
) -> Job:
    """Register a job. Refused (ConfigurationError): a name that is not lower-case words
    joined by dashes, a name taken, or a malformed default schedule. `exclusive=False` only
    for a job that is safe to run twice at once (retry-stalled: a stalled run of it must not
    block the next)."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name) or len(name) > MAX_NAME_LENGTH:
        raise ConfigurationError(
            f"job name {name!r} must be lower-case letters and digits joined by dashes"
        )
    if name in _REGISTRY:
        raise ConfigurationError(f"job {name!r} is registered twice")
    if not callable(function):
        raise ConfigurationError(f"job {name!r}: function is not callable")
    if not isinstance(schedule, str) or not valid_cron(schedule):
        raise ConfigurationError(f"job {name!r}: default schedule {schedule!r} is not cron")
    job = Job(name, function, schedule, enabled, description, exclusive)
    _REGISTRY[name] = job
    return job


def load() -> None:
    """Import the modules that register jobs (once): the package's own, then those named in
    AUXEIRA_JOBS_MODULES."""
    global _loaded
    if _loaded:
        return
    extra = [m.strip() for m in os.environ.get(MODULES_VARIABLE, "").split(",") if m.strip()]
    for module in (*BUILTIN_MODULES, *extra):
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise ConfigurationError(f"{MODULES_VARIABLE}: cannot import {module}: {exc}") from None
    _loaded = True


def all_jobs() -> dict[str, Job]:
    """Every registered job by name, in registration order."""
    load()
    return dict(_REGISTRY)


def get(name: str) -> Job:
    """The job called `name`, or UnknownJob naming the known ones."""
    jobs = all_jobs()
    if name not in jobs:
        raise UnknownJob(f"unknown job {name!r}: known jobs are {', '.join(jobs)}")
    return jobs[name]
