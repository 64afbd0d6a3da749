"""ttbz.org.cn ``getPortalStandardList`` answers into records of group standards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from biaozhun.standards.sources.records import SourceFormatError
from biaozhun.standards.sources.ttbz import parse_ttbz, parse_ttbz_data

LIST = Path(__file__).resolve().parent / "data" / "ttbz" / "getPortalStandardList.json"


def test_a_portal_list_gives_group_standards_with_their_numbers_as_printed() -> None:
    result = parse_ttbz(LIST)

    assert result.format == "ttbz"
    assert result.problems == []
    current, abolished = result.records
    assert (current.line, current.number) == (1, "T/CAS 123—2024")
    assert (current.title_zh, current.title_en) == ("示例团体标准名称", "Example group standard")
    assert current.status_word == "现行"
    assert (current.issued_on, current.implemented_on, current.withdrawn_on) == (
        date(2024, 1, 1),
        date(2024, 7, 1),
        None,
    )
    assert current.issuing_body == "中国标准化协会"
    assert current.source == "ttbz"
    assert current.source_id == "abc123def456"
    assert current.source_url == "https://www.ttbz.org.cn/standardDetail/abc123def456.html"
    assert (abolished.number, abolished.status_word) == ("T/CAS 45—2018", "废止")


def test_an_abolished_standard_has_its_withdrawal_date_from_an_epoch() -> None:
    abolished = parse_ttbz(LIST).records[1]

    assert (abolished.issued_on, abolished.implemented_on, abolished.withdrawn_on) == (
        date(2018, 3, 1),
        date(2018, 4, 1),
        date(2024, 7, 1),
    )


def test_classification_names_are_kept_and_codes_taken_from_them() -> None:
    current, abolished = parse_ttbz(LIST).records

    assert (current.ics, current.ccs) == (("01",), ())  # "A 综合" names a CCS section, not a code
    assert current.extra == {"ics_name": "01 综合、术语学、标准化、文献", "ccs_name": "A 综合"}
    assert abolished.ics == ()
    assert abolished.extra == {"ics_name": "综合、术语学、标准化、文献"}


def test_rows_without_a_standard_number_field_are_refused_naming_it() -> None:
    with pytest.raises(SourceFormatError, match="standardNo"):
        parse_ttbz_data({"data": {"rows": [{"standardCode": "T/CAS 1—2020"}]}})


def test_an_answer_with_no_rows_at_all_is_refused_naming_the_field() -> None:
    with pytest.raises(SourceFormatError, match="standardNo"):
        parse_ttbz_data({"code": 500, "message": "服务器繁忙"})


def test_a_row_with_an_empty_number_is_a_problem_and_the_others_are_kept() -> None:
    result = parse_ttbz_data({"data": {"rows": [{"standardNo": " "}, {"standardNo": "T/CAS 1—2020"}]}})

    assert [record.number for record in result.records] == ["T/CAS 1—2020"]
    [problem] = result.problems
    assert problem.line == 1
    assert "standardNo" in problem.reason
