"""Requests for standard texts, how the bureau answers them, and the ledger every answer writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from biaozhun.checking.models import TextChannel, TextProvision, TextRequest, TextRequestState
from biaozhun.checking.services import texts as services
from biaozhun.core.models import AuditAction, AuditEvent, Notification
from biaozhun.standards.models import Level
from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

OPENSTD = "https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno=0D7B4F4E3A2C1B0A9F8E7D6C5B4A3F2E"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def in_english() -> Any:
    """Messages are asserted by their English wording, whatever the catalogue holds."""
    with translation.override("en"):
        yield


@pytest.fixture
def national() -> Any:
    return EditionFactory.create(number="GB/T 12771-2019", source_url=OPENSTD)


@pytest.fixture
def local() -> Any:
    return EditionFactory.create(number="DB4420/T 1-2021", level=Level.LOCAL, code="DB4420/T")


def ask(cast: Any, edition: Any, persona: str = "enterprise_a") -> TextRequest:
    return services.text_request_create(
        by=cast.users[persona], organisation=cast.orgs[persona], edition=edition
    )


def pdf(name: str = "text.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def errors_of(excinfo: Any) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- requests --------------------------------------------------------------------------------------


def test_an_enterprise_member_requests_a_standard_text(cast: Any, national: Any) -> None:
    request = services.text_request_create(
        by=cast.users["enterprise_a"],
        organisation=cast.orgs["enterprise_a"],
        edition=national,
        purpose="产品设计",
    )

    assert (request.state, request.edition, request.organisation) == (
        TextRequestState.REQUESTED,
        national,
        cast.orgs["enterprise_a"],
    )
    assert request.owner == cast.users["enterprise_a"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(request.pk)).exists()


def test_an_enterprise_cannot_request_a_second_time_while_its_request_is_open(
    cast: Any, national: Any
) -> None:
    ask(cast, national)

    with pytest.raises(ValidationError) as excinfo:
        ask(cast, national)

    assert "GB/T 12771-2019" in excinfo.value.messages[0]
    assert "still open" in excinfo.value.messages[0]
    assert TextRequest.objects.count() == 1


def test_another_enterprise_may_request_the_same_standard(cast: Any, national: Any) -> None:
    ask(cast, national)
    ask(cast, national, persona="enterprise_b")

    assert TextRequest.objects.count() == 2


def test_an_enterprise_may_request_again_after_its_request_was_answered(cast: Any, national: Any) -> None:
    first = ask(cast, national)
    services.text_request_decline(request=first, by=cast.users["bureau_admin"], reason="尚未发布")

    second = ask(cast, national)

    assert second.pk != first.pk


@pytest.mark.parametrize("persona", ["enterprise_b", "department", "bureau_admin", "expert"])
def test_only_members_of_the_enterprise_may_request_for_it(cast: Any, national: Any, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        services.text_request_create(
            by=cast.users[persona], organisation=cast.orgs["enterprise_a"], edition=national
        )


# --- fulfilling ------------------------------------------------------------------------------------


def test_fulfilling_by_the_viewer_defaults_to_the_standards_official_page(
    cast: Any, national: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = ask(cast, national)

    with django_capture_on_commit_callbacks(execute=True):
        provision = services.text_request_fulfil(
            request=request, by=cast.users["bureau_admin"], channel=TextChannel.VIEWER
        )

    assert provision.url == OPENSTD
    assert provision.request == request
    request.refresh_from_db()
    assert request.state == TextRequestState.FULFILLED
    note = Notification.objects.get(recipient=cast.users["enterprise_a"])
    assert "GB/T 12771-2019" in note.subject
    assert note.url == f"/checking/texts/{request.public_id}/"


def test_every_provision_records_standard_enterprise_channel_date_and_officer(
    cast: Any, national: Any
) -> None:
    provision = services.text_request_fulfil(
        request=ask(cast, national),
        by=cast.users["bureau_admin"],
        channel=TextChannel.VIEWER,
        provided_on=dt.date(2026, 11, 30),
    )

    provision.refresh_from_db()
    assert provision.edition.number == "GB/T 12771-2019"
    assert provision.organisation == cast.orgs["enterprise_a"]
    assert provision.channel == TextChannel.VIEWER
    assert provision.provided_on == dt.date(2026, 11, 30)
    assert provision.officer == cast.users["bureau_admin"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(provision.pk)).exists()


def test_a_viewer_link_must_be_https(cast: Any, national: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.text_request_fulfil(
            request=ask(cast, national),
            by=cast.users["bureau_admin"],
            channel=TextChannel.VIEWER,
            url="http://openstd.samr.gov.cn/x",
        )

    assert "url" in errors_of(excinfo)
    assert TextProvision.objects.count() == 0


def test_a_viewer_channel_without_an_official_page_needs_a_link(cast: Any) -> None:
    edition = EditionFactory.create(number="GB/T 3325-2024", source_url="")

    with pytest.raises(ValidationError) as excinfo:
        services.text_request_fulfil(
            request=ask(cast, edition), by=cast.users["bureau_admin"], channel="viewer"
        )

    assert "official page" in errors_of(excinfo)["url"][0]


def test_a_local_standard_may_be_given_as_a_pdf_file(cast: Any, local: Any) -> None:
    provision = services.text_request_fulfil(
        request=ask(cast, local),
        by=cast.users["bureau_admin"],
        channel=TextChannel.FILE,
        file=pdf("地方标准.pdf"),
    )

    assert provision.file.name.endswith(f"{provision.public_id}.pdf")
    with provision.file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")


def test_a_national_standards_text_is_never_kept_as_a_file(cast: Any, national: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.text_request_fulfil(
            request=ask(cast, national), by=cast.users["bureau_admin"], channel=TextChannel.FILE, file=pdf()
        )

    assert "never kept" in errors_of(excinfo)["channel"][0]
    assert TextProvision.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("text.html", b"<html><script>alert(1)</script></html>", "Only PDF"),
        ("text.pdf", b"<html><script>alert(1)</script></html>", "not a PDF"),
        ("text.exe", b"MZ\x90\x00", "Only PDF"),
    ],
)
def test_only_a_real_pdf_is_accepted_as_a_file(
    cast: Any, local: Any, name: str, content: bytes, problem: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.text_request_fulfil(
            request=ask(cast, local), by=cast.users["bureau_admin"], channel="file", file=pdf(name, content)
        )

    assert problem in errors_of(excinfo)["file"][0]


def test_a_file_larger_than_the_limit_is_refused(cast: Any, local: Any, settings: Any) -> None:
    settings.BIAOZHUN_TEXT_FILE_MAX_MB = 1

    with pytest.raises(ValidationError) as excinfo:
        services.text_request_fulfil(
            request=ask(cast, local),
            by=cast.users["bureau_admin"],
            channel="file",
            file=pdf(content=PDF + b"0" * (1024 * 1024)),
        )

    assert "1 MB" in errors_of(excinfo)["file"][0]


def test_the_file_channel_needs_a_file(cast: Any, local: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.text_request_fulfil(request=ask(cast, local), by=cast.users["bureau_admin"], channel="file")

    assert "file" in errors_of(excinfo)


def test_a_remote_print_says_where_and_when_it_was_printed(cast: Any, national: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.text_request_fulfil(
            request=ask(cast, national), by=cast.users["bureau_admin"], channel="remote_print"
        )
    assert "note" in errors_of(excinfo)

    provision = services.text_request_fulfil(
        request=TextRequest.objects.get(),
        by=cast.users["bureau_admin"],
        channel="remote_print",
        note="市标准馆远程打印，2026-12-01 下午",
    )
    assert provision.note == "市标准馆远程打印，2026-12-01 下午"
    assert (provision.url, provision.file.name) == ("", "")


def test_a_file_is_refused_with_another_channel(cast: Any, local: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.text_request_fulfil(
            request=ask(cast, local),
            by=cast.users["bureau_admin"],
            channel="remote_print",
            note="x",
            file=pdf(),
        )

    assert "file" in errors_of(excinfo)


def test_a_provision_cannot_be_dated_in_the_future(cast: Any, national: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.text_request_fulfil(
            request=ask(cast, national),
            by=cast.users["bureau_admin"],
            channel="viewer",
            provided_on=dt.date(2099, 1, 1),
        )

    assert "provided_on" in errors_of(excinfo)


def test_a_request_is_answered_only_once(cast: Any, national: Any) -> None:
    request = ask(cast, national)
    services.text_request_fulfil(request=request, by=cast.users["bureau_admin"], channel="viewer")

    with pytest.raises(ValidationError):
        services.text_request_fulfil(request=request, by=cast.users["bureau_admin"], channel="viewer")
    with pytest.raises(ValidationError):
        services.text_request_decline(request=request, by=cast.users["bureau_admin"], reason="x")

    assert TextProvision.objects.count() == 1


@pytest.mark.parametrize("persona", ["enterprise_a", "department", "town", "expert"])
def test_only_a_bureau_administrator_answers_requests(cast: Any, national: Any, persona: str) -> None:
    request = ask(cast, national)

    with pytest.raises(PermissionDenied):
        services.text_request_fulfil(request=request, by=cast.users[persona], channel="viewer")
    with pytest.raises(PermissionDenied):
        services.text_request_decline(request=request, by=cast.users[persona], reason="x")


# --- declining -------------------------------------------------------------------------------------


def test_declining_keeps_the_reason_and_tells_the_requester(
    cast: Any, national: Any, django_capture_on_commit_callbacks: Any
) -> None:
    request = ask(cast, national)

    with django_capture_on_commit_callbacks(execute=True):
        services.text_request_decline(request=request, by=cast.users["bureau_admin"], reason="  尚未发布  ")

    request.refresh_from_db()
    assert (request.state, request.decline_reason) == (TextRequestState.DECLINED, "尚未发布")
    assert Notification.objects.get(recipient=cast.users["enterprise_a"]).body == "尚未发布"
    assert AuditEvent.objects.filter(action=AuditAction.STATE_CHANGE, object_id=str(request.pk)).exists()
    assert TextProvision.objects.count() == 0


def test_declining_needs_a_reason(cast: Any, national: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.text_request_decline(request=ask(cast, national), by=cast.users["bureau_admin"], reason=" ")

    assert "reason" in errors_of(excinfo)


# --- desk visits -----------------------------------------------------------------------------------


def test_a_text_given_at_the_desk_is_recorded_without_a_request(cast: Any, national: Any) -> None:
    provision = services.text_provision_record(
        by=cast.users["bureau_admin"],
        organisation=cast.orgs["enterprise_b"],
        edition=national,
        channel="remote_print",
        note="窗口打印",
    )

    assert provision.request is None
    assert (provision.organisation, provision.officer) == (
        cast.orgs["enterprise_b"],
        cast.users["bureau_admin"],
    )


def test_a_desk_visit_answers_the_enterprises_open_request_for_the_same_standard(
    cast: Any, national: Any
) -> None:
    request = ask(cast, national)

    provision = services.text_provision_record(
        by=cast.users["bureau_admin"],
        organisation=cast.orgs["enterprise_a"],
        edition=national,
        channel="viewer",
    )

    request.refresh_from_db()
    assert provision.request == request
    assert request.state == TextRequestState.FULFILLED


def test_a_desk_visit_is_recorded_for_enterprises_only(cast: Any, national: Any) -> None:
    with pytest.raises(ValidationError):
        services.text_provision_record(
            by=cast.users["bureau_admin"],
            organisation=cast.orgs["department"],
            edition=national,
            channel="viewer",
        )


def test_only_a_bureau_administrator_records_desk_visits(cast: Any, national: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.text_provision_record(
            by=cast.users["department"],
            organisation=cast.orgs["enterprise_a"],
            edition=national,
            channel="viewer",
        )
