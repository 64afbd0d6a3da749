"""A catalogue import that replaces a declared standard flags the declaration and tells the
enterprise's members once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from biaozhun.checking.tests.test_services_validity import HEADER, import_csv
from biaozhun.core.models import Notification
from biaozhun.declarations.services.declaring import NEEDS_UPDATE_KIND, declarations_flag_needing_update
from biaozhun.declarations.tests.factories import published_declaration
from biaozhun.standards.models import Edition

pytestmark = pytest.mark.django_db

BEFORE = "GB/T 12771-2008,流体输送用不锈钢焊接钢管,,现行,H48,23.040.10,2008-05-13,2008-11-01,,,\n"
AFTER = (
    "GB/T 12771-2008,流体输送用不锈钢焊接钢管,,废止,H48,23.040.10,2008-05-13,2008-11-01,,,GB/T 12771-2019\n"
    "GB/T 12771-2019,流体输送用不锈钢焊接钢管,,现行,H48,23.040.10,2019-10-18,2020-09-01,,GB/T 12771-2008,\n"
)


def load(tmp_path: Path, body: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    import_csv(path)


def test_importing_a_replacement_of_the_executed_standard_flags_the_declaration_and_notifies_once(
    tmp_path: Path, orgs: Any, personas: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    # the test runs inside one transaction: run the task when enqueued, not at a commit that never comes
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "ENQUEUE_ON_COMMIT": False}
    }
    load(tmp_path, BEFORE, "before.csv")
    edition = Edition.objects.get(number="GB/T 12771-2008")
    declaration = published_declaration(
        organisation=orgs["enterprise_a"], by=personas["enterprise_a"], edition=edition
    )
    other = published_declaration(organisation=orgs["enterprise_b"], by=personas["enterprise_b"])

    with django_capture_on_commit_callbacks(execute=True):
        load(tmp_path, AFTER, "after.csv")

    declaration.refresh_from_db()
    other.refresh_from_db()
    assert declaration.needs_update
    assert "GB/T 12771-2019" in declaration.needs_update_reason
    assert "2020-09-01" in declaration.needs_update_reason
    assert not other.needs_update
    notes = Notification.objects.filter(kind=NEEDS_UPDATE_KIND)
    assert [n.recipient for n in notes] == [personas["enterprise_a"]]

    assert declarations_flag_needing_update() == 0  # a re-run flags and tells nobody again
    assert Notification.objects.filter(kind=NEEDS_UPDATE_KIND).count() == 1
