"""Schedules from the environment: each job's default, overridden by AUXEIRA_JOB_<NAME>.

    AUXEIRA_JOB_HEALTH_PROBE="*/10 * * * *"   a cron expression (5 fields, or 6: seconds last)
    AUXEIRA_JOB_SYNTHETIC_REFRESH=on          the job's default schedule, enabled
    AUXEIRA_JOB_CLEANUP_SYNTHETIC=off         not run by the worker

The name is the job's name upper-cased with dashes as underscores. A malformed value, or an
AUXEIRA_JOB_* variable naming no job (a typo would otherwise silently keep the default), is
a ConfigurationError: the worker then starts nothing.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from auxeira_db.errors import ConfigurationError
from auxeira_db.jobs.registry import all_jobs, valid_cron

PREFIX = "AUXEIRA_JOB_"


@dataclass(frozen=True)
class Schedule:
    """A job's effective schedule: its cron expression, whether the worker runs it, where
    that came from (the default, or the variable), and its period in seconds (the longest gap
    between consecutive ticks)."""

    job: str
    cron: str
    enabled: bool
    source: str
    period_seconds: int


def variable(job: str) -> str:
    return PREFIX + job.upper().replace("-", "_")


def period_seconds(cron: str, start: datetime | None = None) -> int:
    """The longest gap between consecutive ticks over the next few ticks."""
    from croniter import croniter

    it = croniter(cron, start or datetime(2026, 1, 1, tzinfo=UTC))
    ticks = [it.get_next(float) for _ in range(8)]
    return int(max(b - a for a, b in itertools.pairwise(ticks)))


def schedules(environ: Mapping[str, str] | None = None) -> dict[str, Schedule]:
    """Every registered job's effective schedule; ConfigurationError on a malformed one."""
    env = os.environ if environ is None else environ
    jobs = all_jobs()
    known = {variable(name): name for name in jobs}
    for key in sorted(env):
        if key.startswith(PREFIX) and key not in known:
            raise ConfigurationError(f"{key} names no job: the variables are {', '.join(known)}")
    result: dict[str, Schedule] = {}
    for name, job in jobs.items():
        key = variable(name)
        raw = env.get(key)
        value = (raw or "").strip()
        if not value:
            cron, enabled, source = job.schedule, job.enabled, "default"
        elif value.lower() == "off":
            cron, enabled, source = job.schedule, False, key
        elif value.lower() == "on":
            cron, enabled, source = job.schedule, True, key
        elif valid_cron(value):
            cron, enabled, source = " ".join(value.split()), True, key
        else:
            raise ConfigurationError(
                f"{key}={raw!r} is not a schedule: give a cron expression (5 fields, or 6 with"
                " seconds last), on or off"
            )
        result[name] = Schedule(name, cron, enabled, source, period_seconds(cron))
    return result
