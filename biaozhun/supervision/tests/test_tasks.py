"""The daily reminder job is registered and runs the reminder service."""

from __future__ import annotations

import pytest

from biaozhun.core.schedule import daily_jobs
from biaozhun.supervision import tasks


def test_the_notice_reminder_is_a_registered_daily_job() -> None:
    assert "supervision.notice_reminders" in [job.key for job in daily_jobs()]


@pytest.mark.django_db
def test_the_reminder_task_runs_with_nothing_to_remind() -> None:
    assert tasks.send_notice_reminders.func() == 0
