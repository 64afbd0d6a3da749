"""Keeping a validity check: what ``check_create`` stores, for whom, and that it is audited."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from biaozhun.checking import inputs
from biaozhun.checking.models import Check, CheckKind
from biaozhun.checking.services.checks import check_create
from biaozhun.checking.tests.test_services_validity import STANDARDS_DATA, TODAY, import_csv
from biaozhun.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_records() -> None:
    import_csv(STANDARDS_DATA / "observed_status_records.csv")


def test_a_check_keeps_every_entry_in_order_with_its_row_and_counts(real_records, personas, orgs):
    listed = inputs.from_text("GB/T 12771-2008\n\nGB/T 12771-2019\nGB/T 12771-2008\n")
    check = check_create(by=personas["enterprise_a"], listed=listed, title="车间清单", today=TODAY)

    check.refresh_from_db()
    assert [r["input"] for r in check.results] == ["GB/T 12771-2008", "GB/T 12771-2019", "GB/T 12771-2008"]
    assert [r["row"] for r in check.results] == [1, 3, 4]
    assert check.results[0]["verdict"] == "replaced"
    assert check.results[0]["replacement"] == "GB/T 12771-2019"
    assert check.results[2]["duplicate"] is True
    assert check.counts == {"replaced": 1, "current": 1}
    assert check.entry_count == 3
    assert check.owner == personas["enterprise_a"]
    assert check.organisation == orgs["enterprise_a"]
    assert check.kind == CheckKind.LIST
    assert check.title == "车间清单"
    assert check.checked_at is not None


def test_an_officials_check_is_their_own_not_their_departments(real_records, personas):
    check = check_create(by=personas["department"], listed=inputs.from_text("GB/T 1.1\n"), today=TODAY)
    assert check.organisation is None
    assert Check.objects.visible_to(personas["department"]).filter(pk=check.pk).exists()
    assert not Check.objects.visible_to(personas["other_department"]).filter(pk=check.pk).exists()


def test_an_uploaded_sheet_is_kept_with_the_column_it_was_read_from(real_records, personas):
    data = "名称,标准号\n钢管,GB/T 12771-2008\n".encode()
    listed = inputs.read_csv(data)
    check = check_create(
        by=personas["enterprise_a"], listed=listed, file_name="清单.csv", data=data, today=TODAY
    )

    check.refresh_from_db()
    assert (check.column, check.header_row, check.file_name) == (1, 1, "清单.csv")
    assert check.results[0]["row"] == 2
    with check.file.open("rb") as stored:
        assert stored.read() == data


def test_a_documents_extra_keys_are_merged_into_each_result(real_records, personas):
    listed = inputs.NumberList([inputs.Entry("GB/T 1.1-2009", 3), inputs.Entry("GB/T 12771-2019", 9)])
    extra = [
        {"section": "normative", "page": 1, "paragraph": 3, "context": "GB/T 1.1-2009 标准化工作导则"},
        {"section": "elsewhere", "page": 2, "paragraph": 9, "context": "按 GB/T 12771-2019 的规定"},
    ]
    check = check_create(
        by=personas["enterprise_a"], listed=listed, kind=CheckKind.DOCUMENT, extra=extra, today=TODAY
    )
    assert check.results[0]["section"] == "normative"
    assert check.results[1]["context"] == "按 GB/T 12771-2019 的规定"
    assert check.results[1]["verdict"] == "current"


def test_creating_a_check_is_written_to_the_audit_trail(real_records, personas):
    check = check_create(by=personas["enterprise_a"], listed=inputs.from_text("GB/T 1.1\n"), today=TODAY)
    assert AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Check), object_id=str(check.pk)
    ).exists()


def test_an_anonymous_visitor_cannot_run_a_check(real_records):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValueError):
        check_create(by=AnonymousUser(), listed=inputs.from_text("GB/T 1.1\n"))


def test_characters_no_database_can_hold_are_dropped_before_the_check_is_kept(real_records, personas):
    listed = inputs.NumberList([inputs.Entry("GB/T 1.1-2020\x00", 1), inputs.Entry("\udbde\udee2", 2)])
    check = check_create(by=personas["enterprise_a"], listed=listed, title="list\x00", today=TODAY)
    check.refresh_from_db()
    assert [r["input"] for r in check.results] == ["GB/T 1.1-2020", "??"]  # one mark per lone surrogate
    assert check.results[0]["verdict"] == "current"
    assert check.title == "list"
