"""The validity check report (查新报告): a real PDF whose text says what was checked and found."""

from __future__ import annotations

import pypdfium2
import pytest
from django.utils import translation

from biaozhun.checking import inputs
from biaozhun.checking.models import CheckKind
from biaozhun.checking.outputs import report_pdf
from biaozhun.checking.services.checks import check_create
from biaozhun.checking.tests.test_services_validity import STANDARDS_DATA, TODAY, import_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_records() -> None:
    import_csv(STANDARDS_DATA / "observed_status_records.csv")


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    return text.replace("\r\n", "")  # lines of a table cell break anywhere


def test_the_report_is_a_pdf_naming_the_organisation_the_numbers_and_their_verdicts(real_records, personas):
    listed = inputs.from_text("GB/T 12771-2008\nGB/T 12771-2019\nGB/T 12771-2008\nXX/T 1-2010\n")
    check = check_create(by=personas["enterprise_a"], listed=listed, title="二〇二六年受控清单", today=TODAY)

    with translation.override("zh-hans"):
        data = report_pdf(check)

    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "甲示例灯饰有限公司" in text
    assert "二〇二六年受控清单" in text
    assert "流体输送用不锈钢焊接钢管" in text
    assert "GB/T 12771-2019" in text
    assert "XX/T 1-2010" in text
    assert check.as_of is None or check.as_of.strftime("%Y-%m-%d") in text
    assert text.count("GB/T 12771-2008") == 2  # once as given, once as read: listed twice, shown once


def test_the_report_says_its_verdicts_are_those_of_the_catalogue_on_its_date(real_records, personas):
    check = check_create(by=personas["enterprise_a"], listed=inputs.from_text("GB/T 1.1\n"), today=TODAY)

    with translation.override("en"):
        text = pdf_text(report_pdf(check))

    assert "These verdicts reflect the standards catalogue as of" in text
    assert "Validity check report" in text


def test_a_document_report_says_where_each_reference_was_found(real_records, personas):
    listed = inputs.NumberList([inputs.Entry("GB/T 12771-2008", 3)])
    check = check_create(
        by=personas["enterprise_a"],
        listed=listed,
        kind=CheckKind.DOCUMENT,
        extra=[{"section": "normative", "page": 7, "paragraph": 3, "context": "引用"}],
        today=TODAY,
    )

    with translation.override("en"):
        text = pdf_text(report_pdf(check))

    assert "Normative references" in text
    assert "page 7" in text


def test_markup_in_an_entry_is_printed_as_text_not_obeyed(real_records, personas):
    listed = inputs.from_text("<b>GB/T 1</b><img src=x>\n")
    check = check_create(by=personas["enterprise_a"], listed=listed, today=TODAY)

    text = pdf_text(report_pdf(check))

    assert "<b>GB/T 1</b>" in text


def test_a_long_lists_report_is_drawn_in_the_background_and_then_served(
    real_records, personas, client_for, settings, monkeypatch
):
    from django.urls import reverse

    from biaozhun.checking import reports

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setattr(reports, "INLINE_LIMIT", 1)
    check = check_create(
        by=personas["enterprise_a"], listed=inputs.from_text("GB/T 12771-2008\nGB/T 1.1\n"), today=TODAY
    )
    url = reverse("checking:check_report", kwargs={"public_id": check.public_id})
    client = client_for("enterprise_a")

    waiting = client.get(url)
    assert waiting.status_code == 202
    assert 'http-equiv="refresh"' in waiting.content.decode()
    assert client.get(url).status_code == 202
    from django_tasks import default_task_backend

    assert len(default_task_backend.results) == 1  # type: ignore[attr-defined]  # queued once, not on every reload

    reports.check_report_draw.call(check_id=check.pk, language=waiting.wsgi_request.LANGUAGE_CODE)

    ready = client.get(url)
    assert ready.status_code == 200
    assert ready.content.startswith(b"%PDF")
