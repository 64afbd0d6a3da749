"""openstd pages, as recorded by relaton-gb: detail pages and result lists into records."""

from __future__ import annotations

import base64
import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from biaozhun.standards.sources.openstd import detail_url, parse_openstd, parse_openstd_html, replaces_in_note
from biaozhun.standards.sources.records import SourceFormatError

DATA = Path(__file__).resolve().parent / "data" / "openstd"
LIST_GB_T_1_1 = DATA / "std_list_GB_T_1.1.html"
EMPTY_LIST = DATA / "std_list_GB_T_20223-2014.html"
GB_T_20223_2006 = DATA / "newGbInfo_083B48FA72DBD3B9BDE74507BC31736A.html"
GB_T_1_1_2000 = DATA / "newGbInfo_847191101089628341120D62AEFC29A1.html"
GB_T_5606_1_2004 = DATA / "newGbInfo_B32027E7AEF4CB6D1515A02985FC5B40.html"

# Committed file → (cassette, interaction index), as the README lists them.
RECORDED = {
    "std_list_GB_T_1.1.html": ("gb_t_1_1.yml", 1),
    "std_list_GB_T_20223-2014.html": ("gb_t_20223_2014.yml", 1),
    "newGbInfo_847191101089628341120D62AEFC29A1.html": ("gb_t_1_1.yml", 6),
    "newGbInfo_C4BFD981E993C417EF475F2A19B681F1.html": ("gb_t_1_1.yml", 9),
    "newGbInfo_570A95F33D8D3C7934933A900A78F133.html": ("gb_t_1_1.yml", 10),
    "newGbInfo_083B48FA72DBD3B9BDE74507BC31736A.html": ("gb_t_20223_2006.yml", 4),
    "newGbInfo_B32027E7AEF4CB6D1515A02985FC5B40.html": ("gb_t_5606_1_2004.yml", 4),
}


def test_each_recorded_detail_page_gives_the_values_extracted_before(shared_dir: Path) -> None:
    expected = json.loads(
        (shared_dir / "data" / "standards" / "openstd_details_from_relaton_cassettes.json").read_text("utf-8")
    )
    assert len(expected) == 5

    for entry in expected:
        result = parse_openstd(DATA / f"newGbInfo_{entry['hcno']}.html")
        assert result.problems == []
        [record] = result.records
        assert record.number == entry["std_code"]
        assert record.title_zh == entry["name_cn"]
        assert record.title_en == entry["name_en"]
        assert record.status_word == entry["status"]
        assert record.ccs == (entry["ccs"],)
        assert record.ics == (entry["ics"],)
        assert record.issued_on == date.fromisoformat(entry["issue_date"])
        assert record.implemented_on == date.fromisoformat(entry["act_date"])
        assert record.responsible_body == entry["charge_dept"]
        assert record.technical_committee == entry["tc"]
        assert record.issuing_body == entry["publisher"]
        assert (record.extra.get("adopted_international") == "true") is entry["adopted_intl"]
        assert record.source_id == entry["hcno"]


def test_the_committed_pages_are_the_recorded_bodies(shared_dir: Path) -> None:
    yaml = pytest.importorskip("yaml")
    cassettes = shared_dir / "data" / "standards" / "relaton-gb_vcr_cassettes"

    for name, (cassette, index) in RECORDED.items():
        interaction = yaml.safe_load((cassettes / cassette).read_text("utf-8"))["http_interactions"][index]
        body = base64.b64decode(interaction["response"]["body"]["base64_string"])
        if body[:2] == b"\x1f\x8b":
            body = gzip.decompress(body)
        assert (DATA / name).read_bytes() == body, name


def test_a_recorded_detail_page_gives_every_field() -> None:
    result = parse_openstd(GB_T_20223_2006)

    [record] = result.records
    assert record.line == 1
    assert record.number == "GB/T 20223-2006"
    assert (record.title_zh, record.title_en) == ("棉短绒", "Cotton linter")
    assert record.status_word == "废止"
    assert (record.ccs, record.ics) == (("B32",), ("59.060.10",))
    assert (record.issued_on, record.implemented_on, record.withdrawn_on) == (
        date(2006, 3, 10),
        date(2006, 9, 1),
        None,
    )
    assert (record.responsible_body, record.technical_committee) == ("市场监管总局", "市场监管总局")
    assert record.issuing_body == "中华人民共和国国家质量监督检验检疫总局、中国国家标准化管理委员会"
    assert record.notes == "2006-09-01实施"
    assert record.replaces == ()
    assert record.source == "openstd"
    assert record.source_id == "083B48FA72DBD3B9BDE74507BC31736A"
    assert (
        record.source_url
        == "https://openstd.samr.gov.cn/bzgk/std/newGbInfo?hcno=083B48FA72DBD3B9BDE74507BC31736A"
    )


def test_runs_of_spaces_in_a_title_read_as_one_as_the_browser_shows_them() -> None:
    assert "导则  第1部分".encode() in GB_T_1_1_2000.read_bytes()

    [record] = parse_openstd(GB_T_1_1_2000).records

    assert record.title_zh == "标准化工作导则 第1部分:标准的结构和编写规则"


def test_the_adoption_badge_is_recorded_and_not_read_as_part_of_the_number() -> None:
    [record] = parse_openstd(GB_T_1_1_2000).records

    assert record.number == "GB/T 1.1-2000"
    assert record.extra == {"adopted_international": "true"}
    assert record.issuing_body == ""


def test_the_standard_a_note_says_is_replaced_becomes_replaces() -> None:
    [record] = parse_openstd(GB_T_5606_1_2004).records

    assert record.notes == "2005-03-01实施,代替GB/T 5606.1-1996"
    assert record.replaces == ("GB/T 5606.1-1996",)
    assert record.partial_replacement is False


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("2005-03-01实施,代替GB/T 5606.1-1996", (("GB/T 5606.1-1996",), False)),
        ("部分代替GB/T 1-1996、GB/T 2-1996", (("GB/T 1-1996", "GB/T 2-1996"), True)),
        ("被GB/T 3-2020代替", ((), False)),
        ("2006-09-01实施", ((), False)),
    ],
)
def test_notes_are_read_for_the_standards_they_replace(
    note: str, expected: tuple[tuple[str, ...], bool]
) -> None:
    assert replaces_in_note(note) == expected


def test_a_recorded_list_page_gives_one_record_per_row() -> None:
    result = parse_openstd(LIST_GB_T_1_1)

    assert result.problems == []
    assert [(r.line, r.number, r.status_word) for r in result.records] == [
        (1, "GB/T 1.1-2000", "废止"),
        (2, "GB/T 1.1-2009", "废止"),
        (3, "GB/T 1.1-2020", "现行"),
    ]
    first = result.records[0]
    assert first.title_zh == "标准化工作导则 第1部分:标准的结构和编写规则"
    assert (first.issued_on, first.implemented_on) == (date(2000, 12, 20), date(2001, 6, 1))
    assert first.source_id == "847191101089628341120D62AEFC29A1"
    assert first.source_url == detail_url("847191101089628341120D62AEFC29A1")
    assert first.extra == {"category": "推标", "adopted_international": "true"}
    assert result.records[2].extra == {"category": "推标"}


def test_an_empty_result_list_gives_no_records_and_no_error() -> None:
    result = parse_openstd(EMPTY_LIST)

    assert (result.records, result.problems) == ([], [])


def test_a_page_of_another_layout_is_refused_naming_what_is_missing() -> None:
    with pytest.raises(SourceFormatError, match="标准号"):
        parse_openstd_html("<html><body><h1>301 Moved Permanently</h1></body></html>", where="moved.html")


def test_a_detail_page_missing_a_label_is_refused_naming_it() -> None:
    html = GB_T_20223_2006.read_text("utf-8").replace("标准状态：", "状态一览：")

    with pytest.raises(SourceFormatError, match="标准状态"):
        parse_openstd_html(html)


def test_a_list_without_a_status_column_is_refused_naming_it() -> None:
    html = LIST_GB_T_1_1.read_text("utf-8").replace('sortcol="status">状态', 'sortcol="status">情况')

    with pytest.raises(SourceFormatError, match="状态"):
        parse_openstd_html(html)


def test_a_bad_date_on_a_list_row_is_a_problem_on_that_row_only() -> None:
    html = LIST_GB_T_1_1.read_text("utf-8").replace("<td>2009-06-17</td>", "<td>2009-06-31</td>")

    result = parse_openstd_html(html)

    assert [record.number for record in result.records] == ["GB/T 1.1-2000", "GB/T 1.1-2020"]
    [problem] = result.problems
    assert (problem.line, problem.number) == (2, "GB/T 1.1-2009")
    assert "发布日期" in problem.reason
    assert "2009-06-31" in problem.reason


def test_a_page_saved_as_gb18030_is_read() -> None:
    html = GB_T_20223_2006.read_text("utf-8").replace("charset=utf-8", "charset=gb18030")

    [record] = parse_openstd_html(html.encode("gb18030")).records

    assert (record.number, record.title_zh) == ("GB/T 20223-2006", "棉短绒")


def test_the_callers_hcno_is_used_when_the_page_has_none() -> None:
    html = GB_T_20223_2006.read_text("utf-8").replace('data-value="083B48FA72DBD3B9BDE74507BC31736A"', "")

    [record] = parse_openstd_html(html, hcno="083B48FA72DBD3B9BDE74507BC31736A").records

    assert record.source_url == detail_url("083B48FA72DBD3B9BDE74507BC31736A")
