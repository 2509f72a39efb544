"""Scheduled jobs: a registry, their schedules, the run log and the worker.

    from auxeira_db import jobs
    jobs.register("my-job", my_function, schedule="0 * * * *")   # see registry.py
    jobs.run(url, "health-probe")                                 # what `jobs run` does
    jobs.runs(conn, failed=True)                                  # the run log

docs/JOBS.md describes the jobs, their configuration and the pg_cron mapping.
"""

from __future__ import annotations

from auxeira_db.jobs.registry import Done, Job, JobContext, all_jobs, get, register
from auxeira_db.jobs.runner import JobRun, run, runs
from auxeira_db.jobs.schedule import Schedule, schedules

__all__ = [
    "Done",
    "Job",
    "JobContext",
    "JobRun",
    "Schedule",
    "all_jobs",
    "get",
    "register",
    "run",
    "runs",
    "schedules",
]
