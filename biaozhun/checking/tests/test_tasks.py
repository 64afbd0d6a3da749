"""The tasks and the receiver: thin wrappers that run the services (immediate backend in tests)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from biaozhun.checking import tasks
from biaozhun.checking.models import ChangeCursor, ControlledList
from biaozhun.checking.services.controlled_lists import controlled_list_upload
from biaozhun.core.models import Notification
from biaozhun.standards.signals import catalogue_changed

pytestmark = pytest.mark.django_db


def test_the_catalogue_changed_signal_enqueues_the_alert_task_on_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        catalogue_changed.send(sender=None, cause="dates", run=None)

    assert callbacks  # the task waits for the commit
    assert ChangeCursor.objects.filter(
        key="watch_alerts"
    ).exists()  # and then ran: its first run sets the cursor


def test_the_alert_task_returns_the_number_of_notifications():
    result = tasks.send_watch_alerts.enqueue()
    assert result.return_value == 0


def test_the_reminder_task_reminds_once(personas, orgs):
    controlled = controlled_list_upload(
        by=personas["enterprise_a"], organisation=orgs["enterprise_a"], data=b"GB/T 1.1\n", file_name="a.csv"
    )
    ControlledList.objects.filter(pk=controlled.pk).update(created_at=timezone.now() - dt.timedelta(days=366))

    assert tasks.send_controlled_list_reminders.enqueue().return_value == 1
    assert tasks.send_controlled_list_reminders.enqueue().return_value == 0
    assert Notification.objects.filter(kind="controlled_list_reminder").count() == 1
