"""The upload page for documents whose references are checked (``checking:document_new``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from biaozhun.checking.models import Check, CheckKind
from biaozhun.checking.tests.test_documents import docx, p, raw_pdf
from biaozhun.checking.tests.test_services_validity import STANDARDS_DATA, import_csv

pytestmark = pytest.mark.django_db

URL = "/checking/documents/new/"
STANDARD = docx(
    p("2 规范性引用文件"),
    p("GB/T 12771—2008 流体输送用不锈钢焊接钢管"),
    p("3 术语和定义"),
    p("见GB/T 1.1。"),
)


@pytest.fixture
def real_records() -> None:
    import_csv(STANDARDS_DATA / "observed_status_records.csv")


def upload(client: Any, data: bytes = STANDARD, name: str = "standard.docx") -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, data)})


def test_the_url_is_named_document_new() -> None:
    assert reverse("checking:document_new") == URL


def test_the_page_explains_what_is_found_and_how_the_normative_section_is_told_apart(client_for: Any) -> None:
    body = client_for("enterprise_a").get(URL).content.decode()

    assert 'enctype="multipart/form-data"' in body
    assert "规范性引用文件" in body
    assert "GB/T 1.1" in body
    assert 'accept=".docx,.pdf,.txt"' in body


def test_an_enterprise_user_uploads_a_standard_and_lands_on_its_results(
    real_records: None, client_for: Any, orgs: Any
) -> None:
    client = client_for("enterprise_a")

    response = upload(client)

    check = Check.objects.get()
    assert response.status_code == 302
    assert response["Location"] == check.get_absolute_url()
    assert (check.kind, check.organisation, check.file_name) == (
        CheckKind.DOCUMENT,
        orgs["enterprise_a"],
        "standard.docx",
    )
    assert [(r["input"], r["section"]) for r in check.results] == [
        ("GB/T 12771—2008", "normative"),
        ("GB/T 1.1", "elsewhere"),
    ]
    page = client.get(check.get_absolute_url())
    assert page.status_code == 200
    assert "GB/T 12771-2019" in page.content.decode()  # what replaced the edition cited


def test_another_enterprise_gets_a_404_for_the_check(real_records: None, client_for: Any) -> None:
    upload(client_for("enterprise_a"))
    check = Check.objects.get()

    assert client_for("enterprise_b").get(check.get_absolute_url()).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_checked(client_for: Any) -> None:
    response = upload(client_for("anonymous"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert Check.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", ".exe"),
        ("standard.docx", b"<html>not word</html>", "Word"),
        ("standard.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, ".doc"),
        ("standard.pdf", b"<html>not a pdf</html>", "PDF"),
        ("scan.pdf", raw_pdf(), "OCR"),
        ("locked.pdf", raw_pdf(encrypt=True), "设有密码"),  # the messages are shown in Chinese
        ("none.docx", docx(p("本文件没有规范性引用文件。")), "未找到标准号"),
    ],
    ids=["other type", "fake docx", "old doc", "fake pdf", "scan", "encrypted", "no numbers"],
)
def test_a_file_that_cannot_be_checked_is_refused_with_the_reason_on_the_form(
    client_for: Any, name: str, data: bytes, message: str
) -> None:
    response = upload(client_for("enterprise_a"), data, name)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body
    assert message in body
    assert Check.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client_for: Any, settings: Any) -> None:
    settings.CHECK_UPLOAD_MAX_BYTES = 1024

    response = upload(client_for("enterprise_a"), b"GB/T 1.1\n" * 200, "big.txt")

    assert response.status_code == 200
    assert "0.000976562 MB" in response.content.decode()
    assert Check.objects.count() == 0


def test_posting_without_a_file_shows_the_form_with_its_error(client_for: Any) -> None:
    response = client_for("department").post(URL, {})

    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_an_official_s_document_check_is_their_own(
    real_records: None, client_for: Any, personas: Any
) -> None:
    upload(client_for("department"), "见GB/T 12771—2008。".encode(), "notes.txt")

    check = Check.objects.get()
    assert check.owner == personas["department"]
    assert check.organisation is None  # a department's members do not all read one officer's checks
    assert client_for("other_department").get(check.get_absolute_url()).status_code == 404
