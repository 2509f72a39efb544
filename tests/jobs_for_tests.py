"""Jobs that exist only for the tests (AUXEIRA_JOBS_MODULES=tests.jobs_for_tests), both off
unless a test enables them with AUXEIRA_JOB_TEST_SLOW / AUXEIRA_JOB_TEST_FAIL.

test-slow records its start and its end in public.test_slow_marks (created by the test) for
its scheduled time, and sleeps in between (AUXEIRA_TEST_SLOW_SECONDS, default 3): long enough
to kill its worker mid-run, or to be due again while it still runs."""

from __future__ import annotations

import os
import time

from auxeira_db import jobs


def slow(ctx: jobs.JobContext) -> int:
    def mark(kind: str) -> None:
        ctx.conn.execute(
            "INSERT INTO public.test_slow_marks (kind, scheduled_for, attempt) VALUES (%s, %s, %s)",
            (kind, ctx.scheduled_for, ctx.attempt),
        )

    mark("started")
    time.sleep(float(os.environ.get("AUXEIRA_TEST_SLOW_SECONDS", "3")))
    mark("finished")
    return 1


def fail(ctx: jobs.JobContext) -> int:
    ctx.conn.execute("SELECT 1 / 0")
    return 0


jobs.register("test-slow", slow, schedule="* * * * *", enabled=False)
jobs.register("test-fail", fail, schedule="* * * * *", enabled=False)
