"""The Django admin shows the audit trail and worker heartbeats but cannot alter the trail."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import Client, RequestFactory
from django.urls import reverse

from biaozhun.accounts.tests.factories import UserFactory
from biaozhun.core.audit import audit_record
from biaozhun.core.models import AuditAction, AuditEvent, WorkerHeartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client() -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_nobody_may_add_change_or_delete_audit_events_in_the_admin() -> None:
    model_admin = site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = UserFactory.create(is_staff=True, is_superuser=True)
    event = audit_record(action=AuditAction.EXPORT, note="x")

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert model_admin.has_view_permission(request, event)


def test_a_superuser_can_browse_the_trail_but_not_open_the_add_form(superuser_client: Client) -> None:
    event = audit_record(action=AuditAction.EXPORT, note="admin-visible")

    listing = superuser_client.get(reverse("admin:core_auditevent_changelist"), {"q": "admin-visible"})
    detail = superuser_client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    add = superuser_client.get(reverse("admin:core_auditevent_add"))

    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == [event]
    assert detail.status_code == 200
    assert add.status_code == 403


def test_worker_heartbeats_are_listed_in_the_admin(superuser_client: Client) -> None:
    WorkerHeartbeat.objects.create(worker_id="host-1")

    response = superuser_client.get(reverse("admin:core_workerheartbeat_changelist"))

    assert response.status_code == 200
    assert "host-1" in response.content.decode()
