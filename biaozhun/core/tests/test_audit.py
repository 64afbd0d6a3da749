"""The audit trail records every save of an AuditedModel, attributed to who made it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from biaozhun.accounts.models import Organisation, OrganisationKind, OrganisationStatus
from biaozhun.accounts.tests.factories import OrganisationFactory, UserFactory
from biaozhun.core.audit import audit_context, audit_record
from biaozhun.core.models import ArchiveInsteadError, AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def events_for(obj: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).order_by("id")
    )


def test_creating_an_organisation_records_its_initial_values() -> None:
    org = OrganisationFactory.create(name="丙示例五金有限公司", region_code="442000")

    (event,) = events_for(org)
    assert event.action == AuditAction.CREATE
    assert event.object_repr == "丙示例五金有限公司"
    assert event.changes["name"] == [None, "丙示例五金有限公司"]
    assert event.changes["kind"] == [None, OrganisationKind.ENTERPRISE]
    assert event.changes["uscc"] == [None, org.uscc]
    assert event.changes["status"] == [None, OrganisationStatus.ACTIVE]
    assert "created_at" not in event.changes
    assert "updated_at" not in event.changes
    assert "address" not in event.changes  # empty values are left out of a creation event


def test_renaming_records_exactly_the_name_change() -> None:
    org = OrganisationFactory.create(name="旧名称有限公司")

    org.name = "新名称有限公司"
    org.save()

    event = events_for(org)[-1]
    assert event.action == AuditAction.UPDATE
    assert event.changes == {"name": ["旧名称有限公司", "新名称有限公司"]}
    assert event.object_repr == "新名称有限公司"


def test_a_record_loaded_from_the_database_is_compared_with_its_stored_values() -> None:
    org = OrganisationFactory.create(name="旧名称有限公司")
    fresh = Organisation.objects.get(pk=org.pk)

    fresh.contact_name = "张三"
    fresh.save()

    assert events_for(org)[-1].changes == {"contact_name": ["", "张三"]}


def test_saving_without_changes_writes_no_event() -> None:
    org = OrganisationFactory.create()
    before = AuditEvent.objects.count()

    org.save()
    Organisation.objects.get(pk=org.pk).save()

    assert AuditEvent.objects.count() == before


def test_setting_archived_at_records_an_archive_and_clearing_it_a_restore() -> None:
    org = OrganisationFactory.create()
    bureau_user = UserFactory.create()

    org.archived_at = timezone.now()
    org.archived_by = bureau_user
    org.save()
    archived = events_for(org)[-1]

    org.archived_at = None
    org.archived_by = None
    org.save()
    restored = events_for(org)[-1]

    assert archived.action == AuditAction.ARCHIVE
    assert archived.changes["archived_by"] == [None, bureau_user.pk]
    assert archived.changes["archived_at"][0] is None
    assert restored.action == AuditAction.RESTORE


def test_changing_the_status_records_a_state_change() -> None:
    org = OrganisationFactory.create(status=OrganisationStatus.PENDING)

    org.status = OrganisationStatus.ACTIVE
    org.review_note = "资料齐全"
    org.save()

    event = events_for(org)[-1]
    assert event.action == AuditAction.STATE_CHANGE
    assert event.changes == {
        "status": [OrganisationStatus.PENDING, OrganisationStatus.ACTIVE],
        "review_note": ["", "资料齐全"],
    }


@pytest.mark.urls("biaozhun.core.tests.urls_for_tests")
def test_a_change_made_in_a_request_names_the_signed_in_user_their_organisation_and_address(
    cast: Any,
) -> None:
    org = cast.orgs["enterprise_a"]
    user = cast.users["enterprise_a"]
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.force_login(user)

    response = client.post(f"/test/organisation/{org.pk}/rename/", {"name": "甲示例照明有限公司"})

    assert response.status_code == 204
    event = events_for(org)[-1]
    assert event.changes == {"name": ["甲示例灯饰有限公司", "甲示例照明有限公司"]}
    assert event.actor == user
    assert event.actor_label == user.username
    assert event.organisation == org
    assert event.ip_address == "203.0.113.7"


def test_a_change_made_in_an_audit_context_is_attributed_to_its_actor(cast: Any) -> None:
    org = OrganisationFactory.create()
    officer = cast.users["department"]

    with audit_context(actor=officer, ip_address="10.1.2.3"):
        org.short_name = "示例"
        org.save()

    event = events_for(org)[-1]
    assert event.actor == officer
    assert event.organisation == cast.orgs["department"]
    assert event.ip_address == "10.1.2.3"


def test_a_change_outside_any_context_has_no_actor() -> None:
    org = OrganisationFactory.create()

    org.short_name = "示例"
    org.save()

    event = events_for(org)[-1]
    assert event.actor is None
    assert event.actor_label == ""
    assert event.ip_address is None


def test_deleting_an_archivable_record_is_refused() -> None:
    org = OrganisationFactory.create()

    with pytest.raises(ArchiveInsteadError):
        org.delete()
    with pytest.raises(ArchiveInsteadError):
        Organisation.objects.filter(pk=org.pk).delete()

    assert Organisation.objects.filter(pk=org.pk).exists()


def test_audit_events_cannot_be_changed_or_deleted() -> None:
    event = audit_record(action=AuditAction.EXPORT, note="first")

    event.note = "rewritten"
    with pytest.raises(ArchiveInsteadError):
        event.save()
    with pytest.raises(ArchiveInsteadError):
        event.delete()

    assert AuditEvent.objects.get(pk=event.pk).note == "first"


def test_a_password_never_reaches_the_audit_trail() -> None:
    user = UserFactory.create(password="first-secret-pass-1")
    user.set_password("second-secret-pass-2")
    user.full_name = "李四"
    user.save()

    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
    )
    assert events.exists()
    stored = json.dumps([e.changes for e in events], ensure_ascii=False)
    assert all("password" not in e.changes for e in events)
    assert user.password not in stored
    assert "second-secret-pass-2" not in stored
    assert "first-secret-pass-1" not in stored
    assert "李四" in stored
