"""The inbox: one's own notifications, unread first; opening one marks it read; others' are 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from biaozhun.core import notifications
from biaozhun.core.models import Notification

pytestmark = pytest.mark.django_db


def notify(**kwargs: object) -> Notification:
    note = notifications.notify(**kwargs)  # type: ignore[arg-type]
    assert note is not None
    return note


def test_the_inbox_lists_unread_notifications_first(personas, client_for):
    user = personas["enterprise_a"]
    old = notify(recipient=user, kind="watch", subject="已读的旧通知", dedupe_key="old")
    assert old is not None
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    notify(recipient=user, kind="watch", subject="未读的新通知", dedupe_key="new")
    notify(recipient=personas["enterprise_b"], kind="watch", subject="乙的通知", dedupe_key="b")

    body = client_for("enterprise_a").get(reverse("core:inbox")).content.decode()

    assert body.index("未读的新通知") < body.index("已读的旧通知")
    assert "乙的通知" not in body


def test_the_unread_filter_leaves_read_ones_out(personas, client_for):
    user = personas["enterprise_a"]
    read = notify(recipient=user, kind="watch", subject="已读", dedupe_key="old")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    notify(recipient=user, kind="watch", subject="未读", dedupe_key="new")

    body = client_for("enterprise_a").get(reverse("core:inbox"), {"show": "unread"}).content.decode()

    assert "未读" in body
    assert "已读</a>" not in body


def test_opening_a_notification_marks_it_read_and_shows_its_link(personas, client_for):
    note = notify(
        recipient=personas["enterprise_a"],
        kind="watch",
        subject="变更",
        body="详情",
        url="/standards/",
        dedupe_key="k",
    )

    response = client_for("enterprise_a").get(
        reverse("core:inbox_detail", kwargs={"public_id": note.public_id})
    )

    assert response.status_code == 200
    assert 'href="/standards/"' in response.content.decode()
    note.refresh_from_db()
    assert note.read_at is not None


def test_another_users_notification_is_not_found_and_stays_unread(personas, client_for):
    note = notify(recipient=personas["enterprise_a"], kind="watch", subject="甲的", dedupe_key="k")

    for persona in ("enterprise_b", "bureau_admin"):
        response = client_for(persona).get(reverse("core:inbox_detail", kwargs={"public_id": note.public_id}))
        assert response.status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_touches_only_ones_own(personas, client_for):
    for key in ("1", "2"):
        notify(recipient=personas["enterprise_a"], kind="watch", subject=key, dedupe_key=key)
    notify(recipient=personas["enterprise_b"], kind="watch", subject="b", dedupe_key="b")

    response = client_for("enterprise_a").post(reverse("core:inbox_mark_all_read"))

    assert response.status_code == 302
    assert Notification.objects.filter(recipient=personas["enterprise_a"], read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=personas["enterprise_b"], read_at__isnull=True).count() == 1


def test_the_header_shows_the_unread_count_to_signed_in_users_only(personas, client_for):
    notify(recipient=personas["enterprise_a"], kind="watch", subject="s", dedupe_key="k")

    signed_in = client_for("enterprise_a").get(reverse("core:dashboard")).content.decode()
    anonymous = client_for("anonymous").get(reverse("core:home")).content.decode()

    assert reverse("core:inbox") in signed_in
    assert 'class="tag tag-pending" aria-label' in signed_in
    assert reverse("core:inbox") not in anonymous
