"""The standard-text pages: an enterprise asks, the bureau answers, the ledger and the target count."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from biaozhun.checking.models import TextChannel, TextProvision, TextRequest, TextRequestState
from biaozhun.checking.services import texts as services
from biaozhun.core.models import AuditAction, AuditEvent
from biaozhun.standards.models import Level
from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

OPENSTD = "https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno=0D7B4F4E3A2C1B0A9F8E7D6C5B4A3F2E"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEW = reverse("checking:text_request_new")


@pytest.fixture
def english(client_for: Any) -> Any:
    """A client for ``persona`` reading the pages in English, so wording can be asserted."""

    def make(persona: str) -> Client:
        client = client_for(persona)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def national() -> Any:
    return EditionFactory.create(
        number="GB/T 12771-2019", title_zh="流体输送用不锈钢焊接钢管", source_url=OPENSTD
    )


@pytest.fixture
def local() -> Any:
    return EditionFactory.create(number="DB4420/T 1-2021", level=Level.LOCAL, code="DB4420/T")


def detail_url(request: TextRequest) -> str:
    return reverse("checking:text_request_detail", kwargs={"public_id": request.public_id})


def ask(cast: Any, edition: Any, persona: str = "enterprise_a") -> TextRequest:
    return services.text_request_create(
        by=cast.users[persona], organisation=cast.orgs[persona], edition=edition
    )


def given_file(cast: Any, edition: Any, to: str = "enterprise_a") -> TextProvision:
    return services.text_provision_record(
        by=cast.users["bureau_admin"],
        organisation=cast.orgs[to],
        edition=edition,
        channel=TextChannel.FILE,
        file=SimpleUploadedFile("本地标准.pdf", PDF),
    )


# --- the enterprise asks ---------------------------------------------------------------------------


def test_an_enterprise_requests_a_text_by_number_in_any_spelling(
    english: Any, cast: Any, national: Any
) -> None:
    client = english("enterprise_a")

    response = client.post(NEW, {"number": "gbt 12771—2019", "purpose": "产品设计"})

    request = TextRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(request)
    assert (request.edition, request.organisation, request.purpose) == (
        national,
        cast.orgs["enterprise_a"],
        "产品设计",
    )
    listing = client.get(reverse("checking:text_request_list")).content.decode()
    assert "GB/T 12771-2019" in listing
    assert "Requested" in listing


def test_the_standards_page_can_prefill_the_number(english: Any, national: Any) -> None:
    response = english("enterprise_a").get(NEW, {"number": "GB/T 12771-2019"})

    assert 'value="GB/T 12771-2019"' in response.content.decode()


def test_an_unknown_number_is_refused_with_a_clear_message(english: Any, national: Any) -> None:
    response = english("enterprise_a").post(NEW, {"number": "GB/T 99999-2020"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "GB/T 99999-2020 is not in the catalogue" in body
    assert TextRequest.objects.count() == 0


def test_an_unreadable_number_is_refused_saying_why(english: Any, national: Any) -> None:
    response = english("enterprise_a").post(NEW, {"number": "灯具"})

    assert "cannot be read as a standard number" in response.content.decode()
    assert TextRequest.objects.count() == 0


def test_a_second_open_request_for_the_same_standard_is_refused(
    english: Any, cast: Any, national: Any
) -> None:
    ask(cast, national)

    response = english("enterprise_a").post(NEW, {"number": "GB/T 12771-2019"})

    assert "still open" in response.content.decode()
    assert TextRequest.objects.count() == 1


def test_a_waiting_request_tells_the_enterprise_the_bureau_has_not_answered(
    english: Any, cast: Any, national: Any
) -> None:
    body = english("enterprise_a").get(detail_url(ask(cast, national))).content.decode()

    assert "has not answered yet" in body
    assert "Provide the text" not in body  # the answer forms are the bureau's


# --- the bureau answers ----------------------------------------------------------------------------


def test_the_bureau_answers_with_the_official_viewer_and_the_enterprise_sees_the_link(
    english: Any, cast: Any, national: Any
) -> None:
    request = ask(cast, national)
    bureau = english("bureau_admin")
    assert "GB/T 12771-2019" in bureau.get(reverse("checking:text_queue")).content.decode()
    assert "Provide the text" in bureau.get(detail_url(request)).content.decode()

    response = bureau.post(
        reverse("checking:text_request_fulfil", kwargs={"public_id": request.public_id}),
        {"channel": "viewer"},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == TextRequestState.FULFILLED
    page = english("enterprise_a").get(detail_url(request)).content.decode()
    assert f'href="{OPENSTD}"' in page
    assert 'rel="noopener noreferrer"' in page
    assert "GB/T 12771-2019" not in bureau.get(reverse("checking:text_queue")).content.decode()


def test_a_refused_answer_shows_every_error_on_the_request_page(
    english: Any, cast: Any, national: Any
) -> None:
    request = ask(cast, national)

    response = english("bureau_admin").post(
        reverse("checking:text_request_fulfil", kwargs={"public_id": request.public_id}),
        {"channel": "viewer", "url": "javascript:alert(1)"},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "full https:// address" in body
    assert TextProvision.objects.count() == 0


def test_a_pdf_given_to_an_enterprise_is_downloaded_only_by_it_and_the_bureau(
    english: Any, cast: Any, local: Any
) -> None:
    request = ask(cast, local)
    english("bureau_admin").post(
        reverse("checking:text_request_fulfil", kwargs={"public_id": request.public_id}),
        {"channel": "file", "file": SimpleUploadedFile("DB4420T1.pdf", PDF)},
    )
    provision = TextProvision.objects.get()
    url = reverse("checking:text_provision_file", kwargs={"public_id": provision.public_id})
    assert url in english("enterprise_a").get(detail_url(request)).content.decode()

    for persona in ("enterprise_a", "bureau_admin"):
        response = english(persona).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert b"".join(response.streaming_content) == PDF
    for persona in ("enterprise_b", "department", "town", "expert"):
        assert english(persona).get(url).status_code == 404
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(provision.pk)).count() == 2


def test_a_file_that_is_not_a_pdf_is_refused_on_the_page(english: Any, cast: Any, local: Any) -> None:
    request = ask(cast, local)

    response = english("bureau_admin").post(
        reverse("checking:text_request_fulfil", kwargs={"public_id": request.public_id}),
        {"channel": "file", "file": SimpleUploadedFile("text.pdf", b"<html><script>x</script>")},
    )

    assert "not a PDF" in response.content.decode()
    assert TextProvision.objects.count() == 0


def test_declining_asks_for_confirmation_before_anything_changes(
    english: Any, cast: Any, national: Any
) -> None:
    request = ask(cast, national)
    url = reverse("checking:text_request_decline", kwargs={"public_id": request.public_id})
    bureau = english("bureau_admin")

    confirm = bureau.post(url, {"reason": "该标准尚未发布"})

    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert "该标准尚未发布" in body
    assert 'name="confirmed" value="1"' in body
    request.refresh_from_db()
    assert request.state == TextRequestState.REQUESTED

    done = bureau.post(url, {"reason": "该标准尚未发布", "confirmed": "1"})

    assert done.status_code == 302
    request.refresh_from_db()
    assert (request.state, request.decline_reason) == (TextRequestState.DECLINED, "该标准尚未发布")
    assert "该标准尚未发布" in english("enterprise_a").get(detail_url(request)).content.decode()


def test_declining_without_a_reason_is_refused(english: Any, cast: Any, national: Any) -> None:
    request = ask(cast, national)

    response = english("bureau_admin").post(
        reverse("checking:text_request_decline", kwargs={"public_id": request.public_id}), {"reason": ""}
    )

    assert "There is a problem" in response.content.decode()
    request.refresh_from_db()
    assert request.state == TextRequestState.REQUESTED


# --- another enterprise ----------------------------------------------------------------------------


def test_another_enterprise_cannot_see_a_request_its_answer_or_its_file(
    english: Any, cast: Any, national: Any, local: Any
) -> None:
    request = ask(cast, national)
    provision = given_file(cast, local)
    other = english("enterprise_b")

    assert other.get(detail_url(request)).status_code == 404
    assert (
        other.get(
            reverse("checking:text_provision_file", kwargs={"public_id": provision.public_id})
        ).status_code
        == 404
    )
    assert "GB/T 12771-2019" not in other.get(reverse("checking:text_request_list")).content.decode()
    provided = other.get(reverse("checking:text_request_list"), {"view": "provided"}).content.decode()
    assert "DB4420/T 1-2021" not in provided
    mine = (
        english("enterprise_a")
        .get(reverse("checking:text_request_list"), {"view": "provided"})
        .content.decode()
    )
    assert "DB4420/T 1-2021" in mine


# --- desk visits, the ledger and the target --------------------------------------------------------


def test_the_bureau_records_a_text_given_at_the_desk_by_the_enterprises_code(
    english: Any, cast: Any, national: Any
) -> None:
    response = english("bureau_admin").post(
        reverse("checking:text_provision_new"),
        {
            "enterprise": cast.orgs["enterprise_b"].uscc,
            "number": "GB/T 12771-2019",
            "channel": "remote_print",
            "note": "服务窗口打印",
            "provided_on": "2026-11-20",
        },
    )

    assert response.status_code == 302
    provision = TextProvision.objects.get()
    assert (provision.organisation, provision.provided_on, provision.officer) == (
        cast.orgs["enterprise_b"],
        dt.date(2026, 11, 20),
        cast.users["bureau_admin"],
    )


def test_a_desk_visit_for_an_enterprise_not_on_the_platform_is_refused(english: Any, national: Any) -> None:
    response = english("bureau_admin").post(
        reverse("checking:text_provision_new"),
        {"enterprise": "不存在的公司", "number": "GB/T 12771-2019", "channel": "viewer"},
    )

    assert "No enterprise on the platform" in response.content.decode()
    assert TextProvision.objects.count() == 0


def test_the_ledger_filters_sorts_and_exports_what_it_shows(
    english: Any, cast: Any, national: Any, local: Any
) -> None:
    services.text_provision_record(
        by=cast.users["bureau_admin"],
        organisation=cast.orgs["enterprise_a"],
        edition=national,
        channel="viewer",
        provided_on=dt.date(2025, 5, 1),
    )
    given_file(cast, local, to="enterprise_b")
    bureau = english("bureau_admin")

    page = bureau.get(reverse("checking:text_ledger"), {"year": "2025", "sort": "number"}).content.decode()
    assert "GB/T 12771-2019" in page
    assert "DB4420/T 1-2021" not in page
    assert "?year=2025&amp;sort=number" in page  # the export link keeps the filters

    export = bureau.get(reverse("checking:text_ledger_export"), {"year": "2025"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == "GB/T 12771-2019"
    assert rows[1][3] == cast.orgs["enterprise_a"].name
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, note__contains="1 rows").exists()


def test_the_ledger_without_filters_lists_everything_and_says_when_it_is_empty(english: Any) -> None:
    body = english("bureau_admin").get(reverse("checking:text_ledger")).content.decode()

    assert "No standard texts given yet" in body


def test_the_ledger_ignores_filter_values_it_cannot_read(english: Any, cast: Any, national: Any) -> None:
    services.text_provision_record(
        by=cast.users["bureau_admin"],
        organisation=cast.orgs["enterprise_a"],
        edition=national,
        channel="viewer",
    )

    response = english("bureau_admin").get(reverse("checking:text_ledger"), {"year": "abc", "channel": "fax"})

    assert response.status_code == 200
    assert "GB/T 12771-2019" in response.content.decode()


def test_the_ledger_says_when_no_provision_matches_the_filters(english: Any) -> None:
    body = english("bureau_admin").get(reverse("checking:text_ledger"), {"channel": "file"}).content.decode()

    assert "No standard texts match these filters" in body


def test_the_target_page_shows_this_years_count_against_3000_and_cites_its_source(
    english: Any, cast: Any, national: Any
) -> None:
    services.text_provision_record(
        by=cast.users["bureau_admin"],
        organisation=cast.orgs["enterprise_a"],
        edition=national,
        channel="viewer",
    )

    for persona in ("department", "town", "bureau_admin"):
        body = english(persona).get(reverse("checking:text_target")).content.decode()
        assert "1 / 3000" in body
        assert "关于深入实施标准化战略的意见(2021-2025年)" in body
        assert "每年免费为企业提供标准文本不少于3000份" in body
    assert english("enterprise_a").get(reverse("checking:text_target")).status_code == 403


def test_enterprises_and_the_bureau_find_the_pages_in_the_menu(english: Any) -> None:
    enterprise = english("enterprise_a").get(reverse("checking:text_request_list")).content.decode()
    bureau = english("bureau_admin").get(reverse("checking:text_queue")).content.decode()

    assert f'href="{reverse("checking:text_request_list")}"' in enterprise
    assert f'href="{reverse("checking:text_target")}"' not in enterprise
    assert f'href="{reverse("checking:text_queue")}"' in bureau
    assert f'href="{reverse("checking:text_target")}"' in bureau
