"""hbba / dbba ``stdQueryList`` answers into records of industry and local standards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from biaozhun.standards.sources.records import SourceFormatError
from biaozhun.standards.sources.sacinfo import guess_source, parse_sacinfo, parse_sacinfo_data
from biaozhun.standards.sources.statuses import Status, normalise_status

DATA = Path(__file__).resolve().parent / "data" / "sacinfo"
HBBA = DATA / "hbba_stdQueryList_JT_T_795.json"
DBBA = DATA / "dbba_stdQueryList_DB6106_T_209.json"
JT_T_795_PK = "a3762eff26b8f60e95d5e8b48684b8ef7c07e693e998d3f871f4fd1b63e71e65"


def test_an_hbba_answer_gives_industry_standards_with_their_detail_pages() -> None:
    result = parse_sacinfo(HBBA, source="hbba")

    assert result.format == "hbba"
    assert result.problems == []
    new, old = result.records
    assert (new.line, new.number, new.status_word) == (1, "JT/T 795-2023", "现行")
    assert new.title_zh == "事故汽车修复技术规范"
    assert (new.issued_on, new.implemented_on) == (date(2023, 11, 20), date(2024, 3, 1))
    assert new.responsible_body == "交通运输部"
    assert new.source == "hbba"
    assert new.source_id == JT_T_795_PK
    assert new.source_url == f"https://hbba.sacinfo.org.cn/stdDetail/{JT_T_795_PK}"
    assert new.extra == {"record_no": "00000-2024", "industry": "交通", "recorded_on": "2024-01-15"}
    assert (old.number, old.status_word) == ("JT/T 795-2011", "有更新版")


def test_has_an_update_is_kept_as_the_source_word_and_means_replaced() -> None:
    old = parse_sacinfo(HBBA).records[1]

    assert normalise_status(old.status_word) is Status.REPLACED


def test_a_dbba_answer_gives_local_standards() -> None:
    [record] = parse_sacinfo(DBBA, source="dbba").records

    assert record.number == "DB6106/T 209-2023"
    assert record.implemented_on == date(2023, 9, 6)
    assert record.source == "dbba"
    assert record.source_url.startswith("https://dbba.sacinfo.org.cn/stdDetail/55959ea7")


def test_the_site_is_told_from_the_numbers_when_the_caller_does_not_say() -> None:
    assert parse_sacinfo(DBBA).format == "dbba"
    assert parse_sacinfo(HBBA).format == "hbba"
    assert (guess_source("DB44/T 1234-2020"), guess_source("JT/T 795-2023")) == ("dbba", "hbba")

    mixed = parse_sacinfo_data({"records": [{"code": "DB44/T 1-2020"}, {"code": "QB/T 1-2020"}]})

    assert mixed.format == "hbba"
    assert [record.source for record in mixed.records] == ["dbba", "hbba"]


def test_an_unknown_site_is_refused() -> None:
    with pytest.raises(SourceFormatError, match="ttbz"):
        parse_sacinfo(HBBA, source="ttbz")


def test_records_without_a_code_field_are_refused_naming_it() -> None:
    with pytest.raises(SourceFormatError, match="code"):
        parse_sacinfo_data({"records": [{"stdCode": "JT/T 795-2023"}]}, source="hbba")


def test_a_record_with_an_empty_code_or_a_bad_date_is_a_problem_and_the_others_are_kept() -> None:
    answer = {
        "records": [
            {"code": "", "chName": "无编号"},
            {"code": "JT/T 1-2020", "actDate": "next year"},
            {"code": "JT/T 2-2020", "actDate": 1583020800000, "recordDate": "garbled"},
        ]
    }

    result = parse_sacinfo_data(answer, source="hbba")

    [record] = result.records
    assert (record.line, record.implemented_on) == (3, date(2020, 3, 1))
    assert "recorded_on" not in record.extra  # an unreadable filing date rejects nothing
    assert [(p.line, p.number) for p in result.problems] == [(1, ""), (2, "JT/T 1-2020")]
    assert "actDate" in result.problems[1].reason
