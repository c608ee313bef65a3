"""Periodic jobs: each app declares its own, one scheduler runs each round once — however many
workers ask —, records how it went, and retries a failure without holding up the rest."""

from __future__ import annotations

import datetime
import threading
from typing import Any

import pytest
from django.utils import timezone

from guanxi import cli
from guanxi.core import registry, schedule
from guanxi.core.models import JobState


@pytest.fixture
def counted() -> Any:
    """A job that counts its runs (and fails while `fail` is set); taken out again afterwards."""
    calls = {"n": 0, "fail": False}

    def job() -> int:
        if calls["fail"]:
            raise RuntimeError("the mail relay refused the connection")
        calls["n"] += 1
        return calls["n"]

    registry.add_job(registry.Job("test_counted", "Counted", job, datetime.timedelta(minutes=10)))
    yield calls
    registry.remove_job("test_counted")


def _job() -> registry.Job:
    return next(j for j in registry.jobs() if j.key == "test_counted")


def test_every_app_declares_its_jobs() -> None:
    keys = {job.key for job in registry.jobs()}
    assert {"activity_reminders", "contract_renewals", "recycle_bin_purge"} <= keys


@pytest.mark.django_db
def test_a_job_runs_once_per_period_and_its_state_says_how_it_went(counted: Any) -> None:
    t0 = timezone.now()
    assert [o.result for o in schedule.tick(t0) if o.job.key == "test_counted"] == ["1"]
    assert schedule.run(_job(), t0 + datetime.timedelta(minutes=9)) is None  # not due yet
    assert counted["n"] == 1
    st = JobState.objects.get(key="test_counted")
    assert st.runs == 1 and st.result == "1" and st.error == "" and st.succeeded_at is not None
    assert st.next_due_at == t0 + datetime.timedelta(minutes=10)
    outcome = schedule.run(_job(), t0 + datetime.timedelta(minutes=10))
    assert outcome is not None and outcome.ok and counted["n"] == 2


@pytest.mark.django_db
def test_a_failure_is_recorded_retried_soon_and_does_not_stop_the_others(counted: Any) -> None:
    ran: list[str] = []
    registry.add_job(registry.Job("test_after", "After", lambda: ran.append("x"), datetime.timedelta(hours=1)))
    try:
        counted["fail"] = True
        t0 = timezone.now()
        outcomes = {o.job.key: o for o in schedule.tick(t0)}
        assert not outcomes["test_counted"].ok and "refused the connection" in outcomes["test_counted"].result
        assert outcomes["test_after"].ok and ran == ["x"]
        st = JobState.objects.get(key="test_counted")
        assert st.failures == 1 and "RuntimeError: the mail relay refused the connection" in st.error
        assert st.next_due_at == t0 + schedule.RETRY  # sooner than its ten-minute period
        counted["fail"] = False
        assert schedule.run(_job(), t0 + schedule.RETRY) is not None
        st.refresh_from_db()
        assert st.error == "" and st.runs == 2 and st.failures == 1
    finally:
        registry.remove_job("test_after")


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_a_round_run_it_once(counted: Any) -> None:
    now = timezone.now()
    schedule.state(_job(), now)
    gate = threading.Barrier(4)
    results: list[Any] = []

    def worker() -> None:
        from django.db import connection

        try:
            gate.wait()
            results.append(schedule.run(_job(), now))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counted["n"] == 1
    assert sum(r is not None for r in results) == 1


@pytest.mark.django_db
def test_the_command_lists_and_runs_jobs(counted: Any, capsys: Any) -> None:
    assert cli.main(["jobs", "run", "test_counted"]) == 0
    assert "test_counted: ok 1" in capsys.readouterr().out
    assert cli.main(["jobs"]) == 0
    listed = capsys.readouterr().out
    assert "test_counted" in listed and "runs 1" in listed and "recycle_bin_purge" in listed
    assert cli.main(["jobs", "run", "no_such_job"]) == 2
    assert cli.main(["remind"]) == 0
    out = capsys.readouterr().out
    assert "activity_reminders: ok" in out and "contract_renewals: ok" in out
