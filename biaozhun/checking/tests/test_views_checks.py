"""The validity-check pages: run a check by pasting or uploading, read it, take it away, and keep
it from everyone outside the owner's organisation."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from biaozhun.checking import inputs
from biaozhun.checking.forms.checks import numbers_from_paste
from biaozhun.checking.models import Check, CheckKind
from biaozhun.checking.services.checks import check_create
from biaozhun.checking.tests.test_services_validity import STANDARDS_DATA, TODAY, import_csv

pytestmark = pytest.mark.django_db

NEW = "/checking/checks/new/"


@pytest.fixture
def real_records() -> None:
    import_csv(STANDARDS_DATA / "observed_status_records.csv")


def workbook(rows: list[list[Any]], title: str = "受控标准") -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.create_sheet("说明")["A1"] = "每年复核"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def check_of(persona: str, personas: dict[str, Any], text: str = "GB/T 12771-2008\n") -> Check:
    return check_create(by=personas[persona], listed=inputs.from_text(text), today=TODAY)


def test_pasted_numbers_split_on_lines_commas_and_chinese_list_marks():
    listed = numbers_from_paste("GB/T 12771-2008, GB/T 1.1\nGB 4706.1-2005、GB/T 2；\n\n  GB/T 3  \n")
    assert [(e.text, e.row) for e in listed.entries] == [
        ("GB/T 12771-2008", 1),
        ("GB/T 1.1", 1),
        ("GB 4706.1-2005", 2),
        ("GB/T 2", 2),
        ("GB/T 3", 4),
    ]


def test_an_enterprise_user_pastes_numbers_and_reads_the_verdicts(real_records, client_for, orgs):
    client = client_for("enterprise_a")

    response = client.post(
        NEW, {"title": "车间清单", "numbers": "GB/T 12771-2008、GB/T 12771-2019\nGB/T 99999-2020"}
    )

    check = Check.objects.get()
    assert response.status_code == 302
    assert response["Location"] == check.get_absolute_url()
    assert check.organisation == orgs["enterprise_a"]
    assert [r["verdict"] for r in check.results] == ["replaced", "current", "not_found"]
    page = client.get(check.get_absolute_url())
    body = page.content.decode()
    assert page.status_code == 200
    assert "GB/T 12771-2019" in body
    assert reverse("standards:detail", kwargs={"number": "GB/T 12771-2019"}) in body
    assert "流体输送用不锈钢焊接钢管" in body
    assert "2020-09-01" in body  # the replacement's implementation date
    assert page.context["summary"].distinct == 3


def test_the_result_page_filters_by_verdict_and_by_text(real_records, client_for, personas):
    check = check_of(
        "enterprise_a", personas, "GB/T 12771-2008\nGB/T 12771-2019\nXX/T 1-2010\nGB/T 12771-2008\n"
    )
    client = client_for("enterprise_a")

    replaced = client.get(check.get_absolute_url(), {"verdict": "replaced"}).context["page_obj"]
    assert [(r["input"], r["position"]) for r in replaced] == [("GB/T 12771-2008", 1), ("GB/T 12771-2008", 4)]
    once = client.get(check.get_absolute_url(), {"verdict": "replaced", "once": "1"}).context["page_obj"]
    assert len(once.object_list) == 1
    found = client.get(check.get_absolute_url(), {"q": "gbt12771-2019"}).context["page_obj"]
    assert [r["position"] for r in found] == [1, 2, 4]  # the number itself, and where it is the replacement
    found = client.get(check.get_absolute_url(), {"q": "xx/t"}).context["page_obj"]
    assert [r["input"] for r in found] == ["XX/T 1-2010"]
    invalid = client.get(check.get_absolute_url(), {"verdict": "invalid"}).context["page_obj"]
    assert invalid.object_list[0]["reason"]
    anything = client.get(check.get_absolute_url(), {"verdict": "nonsense"}).context["page_obj"]
    assert len(anything.object_list) == 4  # an unknown verdict filters nothing


def test_a_long_list_is_paginated_and_keeps_its_order(real_records, client_for, personas):
    text = "\n".join(f"GB/T {n}-2020" for n in range(1, 121))
    check = check_of("enterprise_a", personas, text)

    page = client_for("enterprise_a").get(check.get_absolute_url(), {"page": 3}).context["page_obj"]

    assert page.paginator.num_pages == 3
    assert [r["position"] for r in page][:2] == [101, 102]
    assert page.object_list[0]["input"] == "GB/T 101-2020"


def test_an_uploaded_workbook_says_which_column_it_used_and_comes_back_whole(real_records, client_for):
    data = workbook([["序号", "名称", "执行标准"], [1, "钢管", "GB/T 12771-2008"], [2, "导则", "GB/T 1.1"]])
    client = client_for("enterprise_a")

    response = client.post(NEW, {"file": SimpleUploadedFile("受控标准清单.xlsx", data)})

    check = Check.objects.get()
    assert response.status_code == 302
    assert (check.column, check.sheet, check.header_row) == (2, "受控标准", 1)
    page = client.get(check.get_absolute_url())
    assert page.context["column_letter"] == "C"
    assert page.context["rerun_form"] is not None
    assert "受控标准" in page.content.decode()

    excel = client.get(reverse("checking:check_excel", kwargs={"public_id": check.public_id}))
    assert excel.status_code == 200
    assert "attachment" in excel["Content-Disposition"]
    book = load_workbook(io.BytesIO(excel.content))
    assert book.sheetnames == ["受控标准", "说明"]
    rows = [[c.value for c in row] for row in book["受控标准"].iter_rows()]
    assert rows[1][:3] == [1, "钢管", "GB/T 12771-2008"]
    assert rows[1][3] == "GB/T 12771-2008"  # the checked number, first result column
    assert rows[1][7] == "GB/T 12771-2019"  # use instead
    assert rows[2][3] == "GB/T 1.1"


def test_the_file_can_be_checked_again_from_another_column(real_records, client_for):
    data = workbook([["A", "B"], ["GB/T 12771-2019", "GB/T 12771-2008"], ["GB/T 12771-2019", "GB/T 1.1"]])
    client = client_for("enterprise_a")
    client.post(NEW, {"file": SimpleUploadedFile("list.xlsx", data)})
    first = Check.objects.get()
    assert first.column == 0

    response = client.post(
        reverse("checking:check_rerun", kwargs={"public_id": first.public_id}),
        {"column": 2, "sheet": "受控标准"},
    )

    again = Check.objects.exclude(pk=first.pk).get()
    assert response["Location"] == again.get_absolute_url()
    assert again.column == 1
    assert [r["input"] for r in again.results] == ["GB/T 12771-2008", "GB/T 1.1"]
    assert again.file_name == "list.xlsx"


def test_a_pasted_list_has_a_new_workbook_with_the_results(real_records, client_for, personas):
    check = check_of("enterprise_a", personas, '=HYPERLINK("x")\nGB/T 12771-2008\n')

    excel = client_for("enterprise_a").get(
        reverse("checking:check_excel", kwargs={"public_id": check.public_id})
    )

    sheet = load_workbook(io.BytesIO(excel.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(rows) == 3
    assert rows[1][1].startswith("'=")  # formula injection neutralised
    assert rows[2][:3] == [2, "GB/T 12771-2008", "GB/T 12771-2008"]
    assert rows[2][6] == "GB/T 12771-2019"


def test_every_form_error_is_shown_at_once(client_for):
    response = client_for("enterprise_a").post(NEW, {"column": "0", "title": "x" * 201})

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {"column", "title", "__all__"}
    assert Check.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("list.xlsx", b"not a zip at all"),
        ("list.pdf", b"PK\x03\x04 a zip named pdf"),
        ("list.csv", b"\x00\x01\x02binary"),
        ("list.exe", b"MZ\x90\x00"),
    ],
)
def test_a_file_whose_content_or_type_is_wrong_is_refused(client_for, name, content):
    response = client_for("enterprise_a").post(NEW, {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert Check.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client_for, settings):
    settings.CHECK_UPLOAD_MAX_BYTES = 1024
    response = client_for("enterprise_a").post(NEW, {"file": SimpleUploadedFile("a.txt", b"GB/T 1\n" * 500)})

    assert "file" in response.context["form"].errors
    assert Check.objects.count() == 0


def test_pasting_and_uploading_together_is_refused(client_for):
    response = client_for("enterprise_a").post(
        NEW, {"numbers": "GB/T 1", "file": SimpleUploadedFile("a.txt", b"GB/T 2\n")}
    )

    assert "__all__" in response.context["form"].errors


def test_a_sheet_without_numbers_asks_for_the_column(client_for):
    data = workbook([["名称", "备注"], ["钢管", "无"]])
    response = client_for("enterprise_a").post(NEW, {"file": SimpleUploadedFile("list.xlsx", data)})

    assert "file" in response.context["form"].errors


def test_the_list_shows_the_users_and_their_organisations_checks_newest_first(
    real_records, client_for, personas
):
    older = check_of("enterprise_a", personas)
    newer = check_of("enterprise_a", personas, "GB/T 1.1\n")
    check_of("enterprise_b", personas)

    page = client_for("enterprise_a").get(reverse("checking:check_list")).context["page_obj"]

    assert [c.pk for c in page] == [newer.pk, older.pk]


def test_the_report_is_a_pdf_with_the_verdicts_in_chinese(real_records, client_for, personas):
    import pypdfium2

    check = check_of("enterprise_a", personas, "GB/T 12771-2008\nGB/T 12771-2019\n")

    response = client_for("enterprise_a").get(
        reverse("checking:check_report", kwargs={"public_id": check.public_id}),
        headers={"Accept-Language": "zh-hans"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(response.content))
    assert "流体输送用不锈钢焊接钢管" in text
    assert "GB/T 12771-2019" in text
    assert "甲示例灯饰有限公司" in text


def test_a_document_check_shows_where_each_reference_was_found(real_records, client_for, personas):
    listed = inputs.NumberList([inputs.Entry("GB/T 12771-2008", 4)])
    extra = [
        {
            "section": "normative",
            "page": 2,
            "paragraph": 4,
            "context": "GB/T 12771-2008 流体输送用不锈钢焊接钢管",
        }
    ]
    check = check_create(
        by=personas["enterprise_a"], listed=listed, kind=CheckKind.DOCUMENT, extra=extra, today=TODAY
    )
    client = client_for("enterprise_a")

    page = client.get(check.get_absolute_url())
    row = page.context["page_obj"].object_list[0]
    assert row["section"] == "normative"
    assert row["section_label"]
    assert "流体输送用不锈钢焊接钢管" in page.content.decode()
    assert (
        client.get(check.get_absolute_url(), {"section": "elsewhere"}).context["page_obj"].object_list == []
    )
    excel = client.get(reverse("checking:check_excel", kwargs={"public_id": check.public_id}))
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(excel.content)).active.iter_rows()]
    assert rows[1][-1] == "GB/T 12771-2008 流体输送用不锈钢焊接钢管"
    assert rows[1][-3] == 2


OBJECT_URLS = ["checking:check_detail", "checking:check_excel", "checking:check_report"]


@pytest.mark.parametrize("name", OBJECT_URLS)
@pytest.mark.parametrize("persona", ["enterprise_b", "bureau_admin", "department"])
def test_nobody_outside_the_organisation_can_open_an_enterprises_check(
    real_records, client_for, personas, name, persona
):
    check = check_of("enterprise_a", personas)

    response = client_for(persona).get(reverse(name, kwargs={"public_id": check.public_id}))

    assert response.status_code == 404


def test_another_enterprise_cannot_rerun_an_enterprises_check(real_records, client_for):
    data = workbook([["标准号"], ["GB/T 12771-2008"]])
    client_for("enterprise_a").post(NEW, {"file": SimpleUploadedFile("list.xlsx", data)})
    check = Check.objects.get()

    response = client_for("enterprise_b").post(
        reverse("checking:check_rerun", kwargs={"public_id": check.public_id}), {"column": 1}
    )

    assert response.status_code == 404
    assert Check.objects.count() == 1


def test_an_anonymous_visitor_is_sent_to_sign_in(client_for):
    response = client_for("anonymous").get(NEW)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_pdf_list_is_read_through_the_same_reader(real_records, client_for):
    import weasyprint

    pdf = weasyprint.HTML(
        string='<p style="font-family: Noto Sans CJK SC">执行标准：GB/T 12771-2008</p>'
    ).write_pdf()

    response = client_for("enterprise_a").post(NEW, {"file": SimpleUploadedFile("清单.pdf", pdf)})

    check = Check.objects.get()
    assert response.status_code == 302
    assert [r["verdict"] for r in check.results] == ["replaced"]
    assert check.file_name == "清单.pdf"
