"""Watch pages and controlled-list pages: own and organisation's watches only, forms that explain."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from biaozhun.checking.models import Check, ControlledList, Watch, WatchKind
from biaozhun.checking.services.watches import watch_create

pytestmark = pytest.mark.django_db


def test_the_watchlist_shows_own_and_organisation_watches_only(personas, orgs, client_for):
    watch_create(
        by=personas["enterprise_a"], kind=WatchKind.WORK, target="GB/T 1.1", organisation=orgs["enterprise_a"]
    )
    watch_create(
        by=personas["enterprise_b"],
        kind=WatchKind.WORK,
        target="GB/T 12771",
        organisation=orgs["enterprise_b"],
    )

    body = client_for("enterprise_a").get(reverse("checking:watch_list")).content.decode()

    assert "GB/T 1.1" in body
    assert "GB/T 12771" not in body


def test_the_new_watch_form_is_filled_in_from_the_query(client_for):
    response = client_for("enterprise_a").get(
        reverse("checking:watch_new"), {"kind": "edition", "target": "GB/T 12771-2019"}
    )

    body = response.content.decode()
    assert 'value="GB/T 12771-2019"' in body
    assert '<option value="edition" selected>' in body


def test_a_watch_is_created_for_the_organisation_from_the_form(personas, orgs, client_for):
    response = client_for("enterprise_a").post(
        reverse("checking:watch_new"),
        {"kind": "work", "target": "gb/t 12771-2008", "label": "钢管", "for_organisation": "on"},
    )

    assert response.status_code == 302
    watch = Watch.objects.get()
    assert (watch.target, watch.organisation, watch.label) == ("GB/T 12771", orgs["enterprise_a"], "钢管")


def test_the_form_shows_why_a_target_cannot_be_watched_and_a_duplicate(personas, client_for):
    client = client_for("expert")
    bad = client.post(reverse("checking:watch_new"), {"kind": "edition", "target": "GB/T 12771"})
    assert bad.status_code == 200
    assert "error-summary" in bad.content.decode()

    client.post(reverse("checking:watch_new"), {"kind": "work", "target": "GB/T 12771"})
    again = client.post(reverse("checking:watch_new"), {"kind": "work", "target": "GB/T 12771"})
    assert again.status_code == 200
    assert "error-summary" in again.content.decode()
    assert Watch.objects.count() == 1


def test_another_enterprise_cannot_see_or_archive_a_watch(personas, orgs, client_for):
    watch = watch_create(
        by=personas["enterprise_a"], kind=WatchKind.WORK, target="GB/T 1.1", organisation=orgs["enterprise_a"]
    )
    url = reverse("checking:watch_archive", kwargs={"public_id": watch.public_id})

    assert client_for("enterprise_b").get(url).status_code == 404
    assert client_for("enterprise_b").post(url).status_code == 404
    watch.refresh_from_db()
    assert not watch.is_archived


def test_archiving_asks_first_then_stops_the_watch(personas, client_for):
    watch = watch_create(by=personas["expert"], kind=WatchKind.WORK, target="GB/T 1.1")
    url = reverse("checking:watch_archive", kwargs={"public_id": watch.public_id})
    client = client_for("expert")

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert '<form method="post">' in confirm.content.decode()
    watch.refresh_from_db()
    assert not watch.is_archived

    assert client.post(url).status_code == 302
    watch.refresh_from_db()
    assert watch.is_archived
    assert str(watch.public_id) not in client.get(reverse("checking:watch_list")).content.decode()


def test_the_watchlist_exports_to_excel(personas, orgs, client_for):
    watch_create(
        by=personas["enterprise_a"], kind=WatchKind.WORK, target="GB/T 1.1", organisation=orgs["enterprise_a"]
    )
    watch_create(
        by=personas["enterprise_b"],
        kind=WatchKind.WORK,
        target="GB/T 12771",
        organisation=orgs["enterprise_b"],
    )

    response = client_for("enterprise_a").get(reverse("checking:watch_export"))

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == "GB/T 1.1"


def _workbook(*numbers: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "标准号", "标准名称"])
    for i, number in enumerate(numbers, start=1):
        sheet.append([i, number, "名称"])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_uploading_a_controlled_list_checks_it_watches_it_and_opens_the_check(personas, orgs, client_for):
    client = client_for("enterprise_a")
    data = _workbook("GB/T 12771-2008", "GB/T 1.1", "GB/T 12771-2008")

    response = client.post(
        reverse("checking:controlled_list_new"), {"file": SimpleUploadedFile("受控标准清单.xlsx", data)}
    )

    check = Check.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("checking:check_detail", kwargs={"public_id": check.public_id})
    controlled = ControlledList.objects.get()
    assert controlled.organisation == orgs["enterprise_a"]
    assert sorted(controlled.watches.values_list("kind", "target")) == [
        ("edition", "GB/T 12771-2008"),
        ("work", "GB/T 1.1"),
    ]
    listing = client.get(reverse("checking:controlled_list_list")).content.decode()
    assert "受控标准清单.xlsx" in listing
    assert (
        "受控标准清单.xlsx"
        not in client_for("enterprise_b").get(reverse("checking:controlled_list_list")).content.decode()
    )


def test_a_list_of_the_wrong_type_is_refused_on_the_form(client_for):
    response = client_for("enterprise_a").post(
        reverse("checking:controlled_list_new"), {"file": SimpleUploadedFile("list.docx", b"PK\x03\x04")}
    )

    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert ControlledList.objects.count() == 0
