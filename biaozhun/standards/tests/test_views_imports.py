"""The bureau's import pages: upload, progress and report, rejected rows as Excel."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from biaozhun.standards import services
from biaozhun.standards.models import Edition, ImportRun, ImportState

pytestmark = pytest.mark.django_db

CSV = (
    "std_code,name_cn,status,issue_date,act_date\n"
    "GB/T 20001-2020,好的一行,现行,2020-01-01,2020-07-01\n"
    "GB/T 20002-2020,坏日期,现行,2020-13-01,2020-07-01\n"
).encode()


def upload(client: Any, content: bytes = CSV, name: str = "catalogue.csv", fmt: str = "auto") -> Any:
    return client.post(
        "/standards/imports/new/",
        {"file": SimpleUploadedFile(name, content), "format": fmt},
    )


def test_a_bureau_admin_uploads_a_catalogue_file_and_sees_its_report(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("bureau_admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client)

    run = ImportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    run.refresh_from_db()
    assert run.state == ImportState.DONE
    assert (run.created, run.rejected) == (1, 1)
    assert run.started_by is not None
    assert run.started_by.username == "persona_bureau_admin"
    assert Edition.objects.filter(number="GB/T 20001-2020").exists()
    page = client.get(run.get_absolute_url())
    assert page.status_code == 200
    assert "2020-13-01" in page.content.decode()


def test_the_progress_part_is_served_alone_to_htmx_polls(client_for: Any) -> None:
    client = client_for("bureau_admin")
    run = ImportRun.objects.create(
        file_name="big.csv", format="flat", state=ImportState.RUNNING, total=200, processed=50
    )

    response = client.get(run.get_absolute_url(), {"part": "progress"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert 'id="import-progress"' in body
    assert "<html" not in body
    assert 'hx-trigger="every 2s"' in body
    assert 'value="25"' in body


def test_a_file_of_another_type_is_refused_with_a_clear_message(client_for: Any) -> None:
    response = upload(client_for("bureau_admin"), content=b"MZ\x90\x00", name="virus.exe")

    assert response.status_code == 200
    assert ImportRun.objects.count() == 0
    assert ".exe" in response.content.decode()


def test_a_fake_excel_file_is_refused(client_for: Any) -> None:
    response = upload(client_for("bureau_admin"), content=b"<html>not excel</html>", name="list.xlsx")

    assert response.status_code == 200
    assert ImportRun.objects.count() == 0


def test_rejected_rows_export_as_a_real_workbook(
    client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for("bureau_admin")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client)
    run = ImportRun.objects.get()

    response = client.get(f"/standards/imports/{run.public_id}/rejections.xlsx")

    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == 3
    assert rows[1][1] == "GB/T 20002-2020"


def test_the_import_list_shows_every_run_newest_first(client_for: Any) -> None:
    ImportRun.objects.create(file_name="first.csv", format="flat")
    ImportRun.objects.create(file_name="second.csv", format="flat")

    body = client_for("bureau_admin").get("/standards/imports/").content.decode()

    assert body.index("second.csv") < body.index("first.csv")


def test_an_enterprise_user_cannot_upload(client_for: Any) -> None:
    response = upload(client_for("enterprise_a"))

    assert response.status_code == 403
    assert ImportRun.objects.count() == 0


def test_imported_edition_chains_are_visible_on_their_detail_pages(client: Any) -> None:
    data = Path(__file__).parent / "data"
    for page in sorted((data / "openstd").glob("newGbInfo_*.html")):
        services.import_file(run=services.import_run_create(file_name=page.name, format="openstd"), path=page)
    csv = data / "observed_status_records.csv"
    services.import_file(run=services.import_run_create(file_name=csv.name, format="flat"), path=csv)

    old = client.get("/standards/GB/T 12771-2008/").content.decode()
    middle = client.get("/standards/GB/T 1.1-2009/").content.decode()

    assert "/standards/GB/T%2012771-2019/" in old
    assert "/standards/GB/T%2012771-2000/" in old
    assert "2020-09-01" in old
    assert "/standards/GB/T%201.1-2020/" in middle
    assert "/standards/GB/T%201.1-2000/" in middle
    assert "openstd.samr.gov.cn/bzgk/std/newGbInfo?hcno=570A95F33D8D3C7934933A900A78F133" in middle
