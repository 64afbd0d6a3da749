"""Daily jobs are enqueued once a day, from their hour on, however many workers ask."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from biaozhun.core import schedule
from biaozhun.core.models import ScheduledRun

pytestmark = pytest.mark.django_db


class FakeTask:
    def __init__(self) -> None:
        self.calls = 0

    def enqueue(self, *args: Any, **kwargs: Any) -> None:
        self.calls += 1


@pytest.fixture
def job(monkeypatch: pytest.MonkeyPatch) -> FakeTask:
    task = FakeTask()
    monkeypatch.setattr(schedule, "_JOBS", {})
    schedule.register_daily("test.job", task, hour=2)
    return task


def at(day: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 12, day, hour, 5))


def test_a_job_is_not_enqueued_before_its_hour(job: FakeTask) -> None:
    assert schedule.enqueue_due(at(1, 1)) == []
    assert job.calls == 0


def test_a_job_is_enqueued_once_a_day_however_often_workers_ask(job: FakeTask) -> None:
    assert schedule.enqueue_due(at(1, 2)) == ["test.job"]
    assert schedule.enqueue_due(at(1, 3)) == []
    assert schedule.enqueue_due(at(1, 23)) == []

    assert job.calls == 1
    assert ScheduledRun.objects.get().day == dt.date(2026, 12, 1)


def test_the_next_day_the_job_is_enqueued_again(job: FakeTask) -> None:
    schedule.enqueue_due(at(1, 4))
    schedule.enqueue_due(at(2, 4))

    assert job.calls == 2


def test_the_catalogue_status_rules_are_registered_as_a_daily_job() -> None:
    assert "standards.apply_dates" in {j.key for j in schedule.daily_jobs()}
