"""std.samr.gov.cn JSON answers into records: highlight tags, date forms and unknown wrappers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from biaozhun.standards.sources.records import SourceFormatError
from biaozhun.standards.sources.samr import parse_samr, parse_samr_data
from biaozhun.standards.sources.values import parse_json_date

DATA = Path(__file__).resolve().parent / "data" / "samr"
QUERY_PAGE = DATA / "gbQueryPage_GB_T_12771.json"
ADVANCED_PAGE = DATA / "gbAdvancedSearchPage_GB_T_12771-2008.json"
ROW = {"C_STD_CODE": "GB/T 1-2020", "STATE": "现行"}


def test_a_query_page_gives_one_record_per_row_without_highlight_tags() -> None:
    result = parse_samr(QUERY_PAGE)

    assert result.format == "samr"
    assert result.problems == []
    assert [(r.line, r.number, r.status_word) for r in result.records] == [
        (1, "GB/T 12771-2019", "现行"),
        (2, "GB/T 12771-2008", "废止"),
        (3, "GB/T 12771-2000", "废止"),
    ]
    new = result.records[0]
    assert new.title_zh == "流体输送用不锈钢焊接钢管"
    assert new.source == "samr"
    assert new.source_id == "95A47695C5EC4F2CE05397BE0A0AB3E0"
    assert (
        new.source_url == "https://std.samr.gov.cn/gb/search/gbDetailed?id=95A47695C5EC4F2CE05397BE0A0AB3E0"
    )
    assert new.extra == {"nature": "推荐性"}
    assert result.records[2].source_url == ""


def test_dates_in_every_form_the_api_uses_are_read() -> None:
    new, old, oldest = parse_samr(QUERY_PAGE).records

    assert (new.issued_on, new.implemented_on) == (date(2019, 10, 18), date(2020, 9, 1))  # "… 00:00:00"
    assert (old.issued_on, old.implemented_on) == (date(2008, 5, 13), date(2008, 11, 1))  # epochs
    assert (oldest.issued_on, oldest.implemented_on) == (None, None)  # null


def test_millisecond_epochs_are_dates_in_beijing_time() -> None:
    # 2008-05-13 00:00 in Beijing is 2008-05-12 16:00 UTC.
    assert parse_json_date(1210608000000) == date(2008, 5, 13)
    assert parse_json_date("1210608000000") == date(2008, 5, 13)
    assert parse_json_date("2019-10-18") == date(2019, 10, 18)
    assert parse_json_date("") is None


def test_an_advanced_search_row_fills_every_field() -> None:
    [record] = parse_samr(ADVANCED_PAGE).records

    assert record.number == "GB/T 12771-2008"
    assert (record.issued_on, record.implemented_on, record.withdrawn_on) == (
        date(2008, 5, 13),
        date(2008, 11, 1),
        date(2020, 9, 1),
    )
    assert (record.ccs, record.ics) == (("H48",), ("23.040.10",))
    assert record.responsible_body == "中国钢铁工业协会"
    assert record.technical_committee == "TC183"
    assert record.drafting_organisations == ("示例钢管有限公司", "示例冶金研究院")
    assert (record.replaces, record.replaced_by) == (("GB/T 12771-2000",), ("GB/T 12771-2019",))
    assert record.extra == {
        "nature": "推荐性",
        "tc_code": "TC183",
        "org_scope": "示例归口范围",
        "hcno": "00000000000000000000000000000000",
    }


@pytest.mark.parametrize(
    "answer",
    [
        {"rows": [ROW]},
        {"records": [ROW]},
        {"data": [ROW]},
        {"data": {"rows": [ROW], "total": 1}},
        {"code": 0, "result": {"page": {"list": [ROW]}}},
        [ROW],
    ],
)
def test_rows_are_found_under_whichever_wrapper_the_site_uses(answer: Any) -> None:
    assert [record.number for record in parse_samr_data(answer).records] == ["GB/T 1-2020"]


def test_an_answer_without_a_list_of_rows_is_refused_naming_the_field() -> None:
    with pytest.raises(SourceFormatError, match="C_STD_CODE"):
        parse_samr_data({"total": 0, "message": "ok"})


def test_rows_without_the_number_field_are_refused_naming_it() -> None:
    with pytest.raises(SourceFormatError, match="C_STD_CODE"):
        parse_samr_data({"rows": [{"STD_CODE": "GB/T 1-2020", "STATE": "现行"}]})


def test_an_empty_answer_gives_no_records() -> None:
    result = parse_samr_data({"rows": [], "total": 0})

    assert (result.records, result.problems) == ([], [])


def test_a_bad_row_is_a_problem_at_its_position_and_the_others_are_kept() -> None:
    answer = {
        "rows": [
            ROW,
            {"C_STD_CODE": " <sacinfo></sacinfo> ", "STATE": "现行"},
            {"C_STD_CODE": "GB/T 2-2020", "ISSUE_DATE": "2020-02-30 00:00:00"},
            "not a record",
            {"C_STD_CODE": "GB/T 3-2020"},
        ]
    }

    result = parse_samr_data(answer)

    assert [(r.line, r.number) for r in result.records] == [(1, "GB/T 1-2020"), (5, "GB/T 3-2020")]
    assert [(p.line, p.number) for p in result.problems] == [(2, ""), (3, "GB/T 2-2020"), (4, "")]
    assert "C_STD_CODE" in result.problems[0].reason
    assert "ISSUE_DATE" in result.problems[1].reason
    assert "2020-02-30" in result.problems[1].reason


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "answer.json"
    path.write_text("<html>请登录</html>", encoding="utf-8")

    with pytest.raises(SourceFormatError, match=r"answer\.json"):
        parse_samr(path)


def test_the_hand_made_fixtures_use_only_documented_field_names() -> None:
    documented = {
        "id",
        "C_STD_CODE",
        "C_C_NAME",
        "STD_NATURE",
        "ISSUE_DATE",
        "ACT_DATE",
        "STATE",
        "D_DATE",
        "CCS",
        "ICS_NAME1_FULL",
        "CD_NAME",
        "ORG_SCOPE",
        "TA_CODE",
        "DRAFT_UNIT",
        "OPEN_HASH_CODE",
        "REPLACE_STD",
        "REPLACEED_STD",
    }
    for path in (QUERY_PAGE, ADVANCED_PAGE):
        for row in json.loads(path.read_text("utf-8"))["rows"]:
            assert set(row) <= documented, path.name
