"""The loader: exact counts from the shipped files, idempotence, updates, and loud failures."""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from biaozhun.reference.models import (
    AdministrativeDivision,
    CCSCode,
    HSCode,
    HSSection,
    ICSCode,
    IndustryStandardCode,
)
from biaozhun.reference.services import ReferenceDataError, reference_load


def _copy(shipped: Path, tmp_path: Path, *folders: str) -> Path:
    for folder in folders:
        shutil.copytree(shipped / folder, tmp_path / folder)
    return tmp_path


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.django_db
def test_loading_the_shipped_lists_gives_exact_counts_and_a_second_run_changes_nothing(shipped: Path) -> None:
    first = reference_load(path=shipped)

    assert CCSCode.objects.filter(level=1).count() == 24
    assert CCSCode.objects.filter(level=2).count() == 225
    assert CCSCode.objects.filter(level=3).count() == 1608
    assert ICSCode.objects.count() == 1381
    assert HSCode.objects.count() == 6940
    assert HSSection.objects.count() == 21
    assert IndustryStandardCode.objects.count() == 71
    assert IndustryStandardCode.objects.filter(needs_verification=True).count() == 6
    assert AdministrativeDivision.objects.count() == 380
    assert AdministrativeDivision.objects.exclude(local_standard_code="").count() == 367
    assert first.changed
    assert first.unchanged == 0

    second = reference_load(path=shipped)

    assert not second.changed
    assert second.created == 0
    assert second.updated == 0
    assert second.unchanged == 1857 + 1381 + 6940 + 21 + 71 + 380
    assert "nothing changed" in second.lines()[-1]


@pytest.mark.django_db
def test_loaded_rows_keep_their_hierarchy(small_lists: None) -> None:
    k22 = CCSCode.objects.select_related("parent__parent").get(code="K22")
    assert k22.name_zh == "异步电机"  # the upstream row is coded "FF2"; the shipped copy corrects it
    assert k22.parent is not None
    assert k22.parent.code == "K20/29"
    assert k22.parent.parent is not None
    assert k22.parent.parent.code == "K"
    zhongshan = AdministrativeDivision.objects.select_related("parent").get(code="442000")
    assert zhongshan.name_zh == "中山市"
    assert zhongshan.local_standard_code == "DB4420"
    assert zhongshan.parent is not None
    assert zhongshan.parent.code == "440000"
    assert AdministrativeDivision.objects.get(code="440000").local_standard_code == "DB44"


@pytest.mark.django_db
def test_a_modified_row_is_updated_and_reported(shipped: Path, tmp_path: Path) -> None:
    root = _copy(shipped, tmp_path, "industry_codes")
    reference_load(path=root, only=["industry"])
    _rewrite(root / "industry_codes" / "industry_codes_merged.csv", "QB,轻工,", "QB,轻工业,")

    report = reference_load(path=root, only=["industry"])

    assert report.changed
    assert (report.created, report.updated, report.unchanged) == (0, 1, 70)
    assert "1 updated" in report.lines()[0]
    assert IndustryStandardCode.objects.get(code="QB").name_zh == "轻工业"


@pytest.mark.django_db
def test_a_row_dropped_from_its_file_is_kept_and_reported(shipped: Path, tmp_path: Path) -> None:
    root = _copy(shipped, tmp_path, "industry_codes")
    reference_load(path=root, only=["industry"])
    path = root / "industry_codes" / "industry_codes_merged.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("ZY,")), encoding="utf-8")

    report = reference_load(path=root, only=["industry"])

    assert "1 no longer in the file" in report.lines()[0]
    assert IndustryStandardCode.objects.filter(code="ZY").exists()


@pytest.mark.django_db
def test_a_malformed_row_stops_the_load_naming_file_and_line(shipped: Path, tmp_path: Path) -> None:
    root = _copy(shipped, tmp_path, "ccs")
    level3 = root / "ccs" / "cat-level3.csv"
    _rewrite(level3, "A01,技术管理,", "A1,技术管理,")  # the third line of the file

    with pytest.raises(ReferenceDataError) as caught:
        reference_load(path=root, only=["ccs"])

    assert caught.value.line == 3
    assert "cat-level3.csv" in str(caught.value)
    assert "line 3" in str(caught.value)
    assert not CCSCode.objects.exists()  # the list is loaded in one transaction


@pytest.mark.django_db
def test_a_category_outside_its_groups_range_is_refused_with_its_line(shipped: Path, tmp_path: Path) -> None:
    root = _copy(shipped, tmp_path, "ccs")
    _rewrite(
        root / "ccs" / "cat-level3.csv", "D50,非金属矿综合,D50/59,", "D47,非金属矿综合,D50/59,"
    )  # as upstream

    with pytest.raises(ReferenceDataError) as caught:
        reference_load(path=root, only=["ccs"])

    assert caught.value.line == 241
    assert "D47" in str(caught.value)


@pytest.mark.django_db
def test_a_nul_character_in_a_field_is_refused(shipped: Path, tmp_path: Path) -> None:
    root = _copy(shipped, tmp_path, "industry_codes")
    _rewrite(root / "industry_codes" / "industry_codes_merged.csv", "BB,包装,", "BB,包\x00装,")

    with pytest.raises(ReferenceDataError, match="NUL"):
        reference_load(path=root, only=["industry"])


@pytest.mark.django_db
def test_columns_are_found_by_name_whatever_their_order_and_case(tmp_path: Path) -> None:
    folder = tmp_path / "industry_codes"
    folder.mkdir()
    (folder / "industry_codes_merged.csv").write_text(
        "\ufeffConfidence,Industry_EN,CODE,Industry_ZH\nhigh,Light Industry,QB,轻工\nverify,Energy,NB,能源\n",
        encoding="utf-8",
    )

    reference_load(path=tmp_path, only=["industry"])

    assert IndustryStandardCode.objects.get(code="QB").name_en == "Light Industry"
    assert IndustryStandardCode.objects.get(code="NB").needs_verification


@pytest.mark.django_db
def test_a_row_with_too_many_fields_is_refused_with_its_line(shipped: Path, tmp_path: Path) -> None:
    root = _copy(shipped, tmp_path, "industry_codes")
    _rewrite(root / "industry_codes" / "industry_codes_merged.csv", "BB,包装,", "BB,包装,extra,")

    with pytest.raises(ReferenceDataError) as caught:
        reference_load(path=root, only=["industry"])

    assert caught.value.line == 3
    assert "industry_codes_merged.csv" in str(caught.value)


@pytest.mark.django_db
def test_a_missing_column_is_reported_with_the_file(shipped: Path, tmp_path: Path) -> None:
    root = _copy(shipped, tmp_path, "admin_divisions")
    _rewrite(
        root / "admin_divisions" / "gb2260_prov_pref_latest.csv", "code,name_zh,level", "code,name_zh,rank"
    )

    with pytest.raises(ReferenceDataError, match=r"gb2260_prov_pref_latest\.csv"):
        reference_load(path=root, only=["divisions"])


@pytest.mark.django_db
def test_a_failing_list_leaves_the_lists_loaded_before_it(shipped: Path, tmp_path: Path) -> None:
    root = _copy(shipped, tmp_path, "industry_codes", "admin_divisions")
    _rewrite(root / "admin_divisions" / "local_standard_codes_derived.csv", "DB4420,", "DB4421,")

    with pytest.raises(ReferenceDataError, match=r"local_standard_codes_derived\.csv"):
        reference_load(path=root, only=["industry", "divisions"])

    assert IndustryStandardCode.objects.count() == 71
    assert not AdministrativeDivision.objects.exists()


def test_an_unknown_list_is_refused(shipped: Path) -> None:
    with pytest.raises(ValueError, match="unknown"):
        reference_load(path=shipped, only=["cpc"])


@pytest.mark.django_db
def test_the_command_prints_one_line_per_list_and_says_when_nothing_changed(shipped: Path) -> None:
    out = StringIO()
    call_command("load_reference_data", "--only", "industry,divisions", "--path", str(shipped), stdout=out)
    first = out.getvalue()
    assert "71 created" in first
    assert "380 created" in first

    out = StringIO()
    call_command("load_reference_data", "--only", "industry,divisions", stdout=out)
    second = out.getvalue()
    assert "71 unchanged" in second
    assert "nothing changed" in second


@pytest.mark.django_db
def test_the_command_turns_a_bad_file_into_a_command_error(shipped: Path, tmp_path: Any) -> None:
    root = _copy(shipped, tmp_path, "industry_codes")
    _rewrite(root / "industry_codes" / "industry_codes_merged.csv", "BB,包装,", "b-b,包装,")

    with pytest.raises(CommandError, match=r"industry_codes_merged\.csv, line 3"):
        call_command("load_reference_data", "--only", "industry", "--path", str(root), stdout=StringIO())


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_list() -> None:
    with pytest.raises(CommandError, match="unknown"):
        call_command("load_reference_data", "--only", "ccs,nope", stdout=StringIO())
