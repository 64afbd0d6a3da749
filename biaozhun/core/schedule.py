"""Daily jobs: tasks that must run once a day (the catalogue's status rules, later alerts and reminders).

Apps register a task in their ``AppConfig.ready()``; every worker, on each heartbeat, enqueues the
jobs that are due. A ``ScheduledRun`` row per job and day (unique) makes sure that exactly one
worker enqueues each job once a day however many workers run, and records when it happened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from biaozhun.core.models import ScheduledRun


@dataclass(frozen=True)
class DailyJob:
    key: str
    task: Any  # a django-tasks Task
    hour: int = 2  # local hour from which the job is due each day


_JOBS: dict[str, DailyJob] = {}


def register_daily(key: str, task: Any, *, hour: int = 2) -> None:
    _JOBS[key] = DailyJob(key=key, task=task, hour=hour)


def daily_jobs() -> list[DailyJob]:
    return sorted(_JOBS.values(), key=lambda job: job.key)


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue each job due today that no worker has enqueued yet; returns their keys."""
    now = timezone.localtime(now or timezone.now())
    enqueued: list[str] = []
    for job in daily_jobs():
        if now.hour < job.hour:
            continue
        try:
            with transaction.atomic():
                ScheduledRun.objects.create(key=job.key, day=now.date(), enqueued_at=now)
                job.task.enqueue()
        except IntegrityError:
            continue  # another worker got there first
        enqueued.append(job.key)
    return enqueued
