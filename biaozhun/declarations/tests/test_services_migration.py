"""Migration of existing declarations: Chinese headers, row reports, idempotent re-runs."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from biaozhun.accounts.models import Organisation
from biaozhun.accounts.tests.factories import make_uscc
from biaozhun.declarations.models import Declaration, Product, ProductCategory, StandardKind, VersionState
from biaozhun.declarations.services.migration import declarations_import

pytestmark = pytest.mark.django_db

USCC_A, USCC_B = make_uscc(901), make_uscc(902)


def _csv() -> bytes:
    return (
        "企业名称,统一社会信用代码,标准编号,标准名称,产品名称,公开日期\n"
        f"中山市甲灯饰有限公司,{USCC_A},gbt 7000.1—2015,灯具 第1部分,吸顶灯；筒灯,2021/3/5\n"
        f"中山市乙电器有限公司,{USCC_B.lower()},Q/ZSY 1-2020,电饭锅,电饭锅,2020年6月1日\n"
        "中山市丙公司,123,GB/T 1-2020,x,灯,2021-01-01\n"
        f"中山市丁公司,{make_uscc(903)},不是编号,x,灯,2021-01-01\n"
        f"中山市戊公司,{make_uscc(904)},GB/T 2-2020,x,灯,\n"
    ).encode()


def test_good_rows_are_published_as_version_one_on_the_disclosure_date() -> None:
    report = declarations_import(data=_csv(), file_name="old.csv")
    assert (report.rows, report.created, report.enterprises_created) == (5, 2, 2)
    assert [r.line for r in report.rejected] == [4, 5, 6]
    declaration = Declaration.objects.get(organisation__uscc=USCC_A)
    version: Any = declaration.current
    assert version.number == 1 and version.state == VersionState.PUBLISHED
    assert version.standard_number == "GB/T 7000.1-2015" and version.standard_kind == StandardKind.CATALOGUE
    assert str(version.published_at.date()) == "2021-03-05"
    assert sorted(p.name for p in version.products.all()) == ["吸顶灯", "筒灯"]
    q: Any = Declaration.objects.get(organisation__uscc=USCC_B).current
    assert q.standard_kind == StandardKind.ENTERPRISE
    assert Organisation.objects.get(uscc=USCC_A).status == "active"


def test_running_the_same_file_again_creates_nothing_new() -> None:
    declarations_import(data=_csv(), file_name="old.csv")
    counts = (Declaration.objects.count(), Product.objects.count(), Organisation.objects.count())
    again = declarations_import(data=_csv(), file_name="old.csv")
    assert again.created == 0 and again.already_imported == 2
    assert (Declaration.objects.count(), Product.objects.count(), Organisation.objects.count()) == counts


def test_dry_run_reports_the_same_and_saves_nothing() -> None:
    report = declarations_import(data=_csv(), file_name="old.csv", dry_run=True)
    assert report.created == 2 and len(report.rejected) == 3
    assert not Declaration.objects.exists() and not Organisation.objects.filter(uscc=USCC_A).exists()


def test_xlsx_with_one_product_per_row_groups_them_into_one_declaration() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(
        [
            "企业名称",
            "统一社会信用代码",
            "标准编号",
            "标准名称",
            "产品名称",
            "规格型号",
            "产品类别",
            "声明日期",
        ]
    )
    ws.append(["甲公司", USCC_A, "GB/T 7000.1-2015", "灯具", "吸顶灯", "XD-1", "灯具", "2021-03-05"])
    ws.append(["甲公司", USCC_A, "GB/T 7000.1-2015", "灯具", "筒灯", "TD-2", "灯具", "2021-03-05"])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = declarations_import(data=buffer.getvalue(), file_name="old.xlsx")
    assert report.created == 1 and report.categories_created == 1
    version: Any = Declaration.objects.get().current
    assert [(p.name, p.model) for p in version.products.all()] == [("吸顶灯", "XD-1"), ("筒灯", "TD-2")]
    assert ProductCategory.objects.filter(name="灯具").exists()


def test_a_file_without_the_required_columns_fails_as_a_whole() -> None:
    report = declarations_import(data="名称,日期\n甲,2021-01-01\n".encode(), file_name="x.csv")
    assert report.failure and report.created == 0
