"""Notifications are written once per recipient and key, and the daily digest e-mails each once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from biaozhun.core.models import Notification
from biaozhun.core.notifications import NewNotification, digest_send, notify, notify_many

pytestmark = pytest.mark.django_db


def test_notifying_twice_with_the_same_key_writes_one_notification(personas):
    user = personas["enterprise_a"]

    first = notify(recipient=user, kind="watch", subject="GB/T 1.1-2020 变更", dedupe_key="watch:change:1")
    again = notify(recipient=user, kind="watch", subject="GB/T 1.1-2020 变更", dedupe_key="watch:change:1")

    assert first is not None
    assert again is None
    assert Notification.objects.count() == 1


def test_the_same_key_for_another_recipient_is_another_notification(personas):
    for persona in ("enterprise_a", "enterprise_b"):
        assert notify(recipient=personas[persona], kind="watch", subject="s", dedupe_key="k") is not None
    assert Notification.objects.count() == 2


def test_notify_many_skips_what_exists_and_counts_what_it_wrote(personas):
    a, b = personas["enterprise_a"], personas["enterprise_b"]
    notify(recipient=a, kind="watch", subject="s", dedupe_key="k1")
    items = [
        NewNotification(recipient_id=a.pk, kind="watch", subject="s", dedupe_key="k1"),
        NewNotification(recipient_id=a.pk, kind="watch", subject="s", dedupe_key="k2"),
        NewNotification(recipient_id=a.pk, kind="watch", subject="s", dedupe_key="k2"),
        NewNotification(recipient_id=b.pk, kind="watch", subject="s", dedupe_key="k1"),
    ]

    assert notify_many(items) == 2
    assert notify_many(items) == 0
    assert Notification.objects.count() == 3


def test_an_overlong_subject_is_shortened_not_refused(personas):
    note = notify(recipient=personas["expert"], kind="x", subject="标" * 400, dedupe_key="long")
    assert note is not None
    assert len(note.subject) == 255


def test_the_digest_sends_one_email_per_recipient_once(personas):
    user = personas["enterprise_a"]
    user.email = "a@example.com"
    user.save()
    without_address = personas["enterprise_b"]
    without_address.email = ""
    without_address.save()
    notify(
        recipient=user, kind="watch", subject="GB/T 12771-2008 被代替", url="/standards/x/", dedupe_key="1"
    )
    notify(recipient=user, kind="watch", subject="新标准 GB/T 12771-2019", dedupe_key="2")
    notify(recipient=personas["enterprise_b"], kind="watch", subject="no address", dedupe_key="3")

    assert digest_send() == 1
    assert digest_send() == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.com"]
    assert "GB/T 12771-2008 被代替" in message.body
    assert "新标准 GB/T 12771-2019" in message.body
    assert "http://" in message.body and "/standards/x/" in message.body
    assert Notification.objects.filter(recipient=user, emailed_at__isnull=True).count() == 0
    # the one without an address stays in the inbox, not e-mailed
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1


def test_a_later_notification_goes_into_the_next_digest_alone(personas):
    user = personas["expert"]
    user.email = "e@example.com"
    user.save()
    notify(recipient=user, kind="watch", subject="first", dedupe_key="1")
    digest_send()
    notify(recipient=user, kind="watch", subject="second", dedupe_key="2")

    assert digest_send(now=timezone.now() + dt.timedelta(days=1)) == 1

    assert len(mail.outbox) == 2
    assert "second" in mail.outbox[1].body
    assert "first" not in mail.outbox[1].body


def test_the_digest_task_is_a_daily_job_at_seven():
    from biaozhun.core.schedule import daily_jobs

    jobs = {job.key: job for job in daily_jobs()}
    assert jobs["core.notification_digest"].hour == 7
    assert "checking.controlled_list_reminders" in jobs
