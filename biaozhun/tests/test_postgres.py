"""Behaviour that depends on the database engine, checked on PostgreSQL in CI.

On SQLite these tests are skipped with the reason (see conftest.pytest_collection_modifyitems).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from biaozhun.accounts.models import Organisation, OrganisationKind
from biaozhun.accounts.tests.factories import OrganisationFactory, make_uscc
from biaozhun.core.models import AuditEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_suite_really_runs_on_postgresql() -> None:
    assert connection.vendor == "postgresql"


def test_the_uscc_is_unique_but_blank_codes_may_repeat() -> None:
    OrganisationFactory.create(kind=OrganisationKind.DEPARTMENT, name="部门甲", uscc="")
    OrganisationFactory.create(kind=OrganisationKind.DEPARTMENT, name="部门乙", uscc="")
    OrganisationFactory.create(uscc=make_uscc(900))
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory.create(uscc=make_uscc(900))


def test_an_archived_name_may_be_reused_by_a_new_organisation(cast: Any) -> None:
    from django.utils import timezone

    old = OrganisationFactory.create(kind=OrganisationKind.TOWN, name="重名镇", uscc="")
    old.archived_at = timezone.now()
    old.save()
    OrganisationFactory.create(kind=OrganisationKind.TOWN, name="重名镇", uscc="")
    assert Organisation.objects.filter(name="重名镇").count() == 2


def test_audit_changes_can_be_queried_by_field_in_json() -> None:
    org = OrganisationFactory.create(name="旧名称")
    org.name = "新名称"
    org.save()
    event = AuditEvent.objects.filter(changes__has_key="name", action="update").get()
    assert event.changes["name"] == ["旧名称", "新名称"]
