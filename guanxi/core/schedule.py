"""One scheduler for every app's periodic jobs (`registry.add_job`), run by `guanxi worker` beside
the task queue: no cron line to remember. Each job's state is a row (JobState); a worker claims a
due run by moving `next_due_at` forward in one conditional UPDATE, so several workers — or a
worker and `guanxi jobs run` — never run the same round twice. A failed run is recorded with its
error and retried after RETRY (or its own period, if shorter); the others run on regardless."""

from __future__ import annotations

import datetime
import logging
import threading
import traceback
from dataclasses import dataclass

from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import F
from django.utils import timezone

from . import registry
from .models import JobState

log = logging.getLogger("guanxi.schedule")

RETRY = datetime.timedelta(minutes=5)
TICK_SECONDS = 15.0


@dataclass(frozen=True)
class Outcome:
    job: registry.Job
    ok: bool
    result: str


def state(job: registry.Job, now: datetime.datetime | None = None) -> JobState:
    """The job's row; a job seen for the first time is due at once."""
    found = JobState.objects.filter(key=job.key).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return JobState.objects.create(key=job.key, next_due_at=now or timezone.now())
    except IntegrityError:  # another worker made it first
        return JobState.objects.get(key=job.key)


def _claim(job: registry.Job, now: datetime.datetime, *, force: bool) -> bool:
    """Take this round of the job: only one caller's UPDATE finds it still due."""
    current = state(job, now)
    # Forced, it must still find the row as it read it: a worker that took the round first wins.
    when = {"next_due_at": current.next_due_at} if force else {"next_due_at__lte": now}
    rows = JobState.objects.filter(key=job.key, **when)
    return bool(rows.update(next_due_at=now + job.every, started_at=now))


def run(job: registry.Job, now: datetime.datetime | None = None, *, force: bool = False) -> Outcome | None:
    """Run the job if it is due (or now, with `force`), record how it went and return that; None
    when it was not due or another worker took the round."""
    now = now or timezone.now()
    if not _claim(job, now, force=force):
        return None
    try:
        result = job.run()
    except Exception as exc:  # a job's failure is recorded, never the scheduler's end
        log.exception("scheduled job %s failed", job.key)
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        JobState.objects.filter(key=job.key).update(
            finished_at=timezone.now(),
            error=error[:4000],
            next_due_at=now + min(RETRY, job.every),
            runs=F("runs") + 1,
            failures=F("failures") + 1,
        )
        return Outcome(job, False, error)
    text = _summary(result)
    finished = timezone.now()
    JobState.objects.filter(key=job.key).update(
        finished_at=finished, succeeded_at=finished, result=text, error="", runs=F("runs") + 1
    )
    return Outcome(job, True, text)


def _summary(result: object) -> str:
    if result is None:
        return ""
    if isinstance(result, tuple | list):
        return ", ".join(str(r) for r in result)[:500]
    return str(result)[:500]


def tick(now: datetime.datetime | None = None) -> list[Outcome]:
    """Run every job that is due, one after another; returns what ran."""
    done = []
    for job in registry.jobs():
        outcome = run(job, now)
        if outcome is not None:
            done.append(outcome)
    return done


def loop(stop: threading.Event, interval: float = TICK_SECONDS) -> None:
    """The worker's scheduler thread: a tick every `interval` seconds until `stop` is set."""
    while not stop.is_set():
        try:
            tick()
        except Exception:  # the database away for a moment: try again at the next tick
            log.exception("scheduler tick failed")
        finally:
            close_old_connections()
        stop.wait(interval)


def start(interval: float = TICK_SECONDS) -> threading.Event:
    """Start the scheduler in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=loop, args=(stop, interval), name="guanxi-scheduler", daemon=True).start()
    return stop
