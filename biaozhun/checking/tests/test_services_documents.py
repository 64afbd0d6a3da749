"""Checking the references of a document against the real records (``services.documents``)."""

from __future__ import annotations

from typing import Any

import pytest

from biaozhun.checking.models import Check, CheckKind
from biaozhun.checking.services.documents import DocumentError, document_check
from biaozhun.checking.tests.test_documents import docx, p, pdf, raw_pdf, table
from biaozhun.checking.tests.test_services_validity import STANDARDS_DATA, TODAY, import_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_records() -> None:
    import_csv(STANDARDS_DATA / "observed_status_records.csv")


STANDARD = docx(
    p("前言"),
    p("本文件按照GB/T 1.1—2020《标准化工作导则 第1部分：标准化文件的结构和起草规则》的规定起草。"),
    p("2 规范性引用文件"),
    p("下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。"),
    p("GB/T 12771—2008\t流体输送用不锈钢焊接钢管"),
    p("GB/T 1.1\t标准化工作导则"),
    p("3 术语和定义"),
    table(("钢管", "应符合GB/T 12771—2008的规定")),
)


def test_a_document_s_references_are_checked_with_their_section_and_place(
    real_records: None, personas: Any, orgs: Any
) -> None:
    check = document_check(by=personas["enterprise_a"], data=STANDARD, file_name="企业标准.docx", today=TODAY)

    assert check.kind == CheckKind.DOCUMENT
    assert check.file_name == "企业标准.docx"
    assert check.organisation == orgs["enterprise_a"]
    assert check.entry_count == 4
    rows = [
        (r["input"], r["section"], r["page"], r["paragraph"], r["verdict"], r["replacement"])
        for r in check.results
    ]
    assert rows == [
        ("GB/T 1.1—2020", "elsewhere", None, 2, "current", None),
        ("GB/T 12771—2008", "normative", None, 5, "replaced", "GB/T 12771-2019"),
        ("GB/T 1.1", "normative", None, 6, "undated", None),
        ("GB/T 12771—2008", "elsewhere", None, 9, "replaced", "GB/T 12771-2019"),
    ]
    assert check.results[1]["context"] == "GB/T 12771—2008 流体输送用不锈钢焊接钢管"
    assert check.results[2]["edition"] == "GB/T 1.1-2020"  # undated: the latest edition
    assert check.results[3]["duplicate"] is True
    assert check.file.read() == STANDARD  # kept with the check, as for every upload


def test_a_pdf_standard_is_checked_with_pages(real_records: None, personas: Any) -> None:
    data = pdf(
        ("2 规范性引用文件", "GB/T 12771—2019 流体输送用不锈钢焊接钢管"),
        ("3 术语和定义", "见GB/T 1.1—2009。"),
    )

    check = document_check(by=personas["enterprise_a"], data=data, file_name="standard.pdf", today=TODAY)

    assert [(r["input"], r["section"], r["page"], r["verdict"]) for r in check.results] == [
        ("GB/T 12771—2019", "normative", 1, "current"),
        ("GB/T 1.1—2009", "elsewhere", 2, "replaced"),
    ]


def test_another_enterprise_cannot_see_the_check(real_records: None, personas: Any) -> None:
    check = document_check(by=personas["enterprise_a"], data=STANDARD, file_name="s.docx", today=TODAY)

    assert check in Check.objects.visible_to(personas["enterprise_a"])
    assert check not in Check.objects.visible_to(personas["enterprise_b"])
    assert check not in Check.objects.visible_to(personas["bureau_admin"])


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (docx(p("本文件没有规范性引用文件。")), "none.docx", "no_references"),
        (raw_pdf(), "scan.pdf", "no_text_layer"),
        (raw_pdf(encrypt=True), "locked.pdf", "encrypted"),
        (b"MZ\x90\x00", "virus.exe", "wrong_type"),
    ],
    ids=["no references", "scan", "encrypted", "other type"],  # the bytes hold a zip's time stamp
)
def test_a_document_that_cannot_be_checked_stores_nothing(
    personas: Any, data: bytes, name: str, code: str
) -> None:
    with pytest.raises(DocumentError) as raised:
        document_check(by=personas["enterprise_a"], data=data, file_name=name, today=TODAY)

    assert raised.value.code == code
    assert Check.objects.count() == 0
