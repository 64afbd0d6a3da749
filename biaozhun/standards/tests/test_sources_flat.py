"""The flat exchange format: CSV and XLSX catalogues into records, keeping good rows and naming bad ones."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook

from biaozhun.standards.sources.flat import iter_flat_csv, iter_flat_xlsx, parse_flat
from biaozhun.standards.sources.records import RowProblem, SourceFormatError, SourceRecord
from biaozhun.standards.sources.values import parse_date_text

DATA = Path(__file__).resolve().parent / "data"
OBSERVED = "observed_status_records.csv"
HEADER = "std_code,name_cn,name_en,status,ccs,ics,issue_date,act_date,withdrawn_date,replaces,replaced_by"


def write_csv(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "catalogue.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def by_number(records: list[SourceRecord]) -> dict[str, SourceRecord]:
    return {record.number: record for record in records}


def assert_gbt_12771_chain(records: list[SourceRecord]) -> None:
    editions = by_number(records)
    new, old, oldest = editions["GB/T 12771-2019"], editions["GB/T 12771-2008"], editions["GB/T 12771-2000"]
    assert (new.issued_on, new.implemented_on, new.withdrawn_on) == (
        date(2019, 10, 18),
        date(2020, 9, 1),
        None,
    )
    assert new.replaces == ("GB/T 12771-2008",)
    assert new.replaced_by == ()
    assert (old.issued_on, old.implemented_on, old.withdrawn_on) == (
        date(2008, 5, 13),
        date(2008, 11, 1),
        date(2020, 9, 1),
    )
    assert old.replaces == ("GB/T 12771-2000",)
    assert old.replaced_by == ("GB/T 12771-2019",)
    assert old.status_word == "废止"
    assert oldest.replaced_by == ("GB/T 12771-2008",)
    assert (oldest.issued_on, oldest.implemented_on) == (None, None)
    # Withdrawn on its successor's implementation date, as SOURCES.md says editions normally are.
    assert old.withdrawn_on == new.implemented_on


def test_the_observed_records_in_the_shared_folder_all_parse(shared_dir: Path) -> None:
    result = parse_flat(shared_dir / "data" / "standards" / OBSERVED)

    assert result.format == "flat"
    assert result.problems == []
    assert len(result.records) == 18
    assert [record.line for record in result.records] == list(range(2, 20))
    assert_gbt_12771_chain(result.records)


def test_the_committed_copy_of_the_observed_records_is_identical_to_the_shared_one(shared_dir: Path) -> None:
    shared = shared_dir / "data" / "standards" / OBSERVED
    assert (DATA / OBSERVED).read_bytes() == shared.read_bytes()


def test_the_committed_copy_parses_without_the_shared_folder() -> None:
    result = parse_flat(DATA / OBSERVED)

    assert result.problems == []
    assert len(result.records) == 18
    assert_gbt_12771_chain(result.records)
    first = result.records[0]
    assert first.number == "GB/T 1.1-2000"
    assert first.title_zh == "标准化工作导则 第1部分:标准的结构和编写规则"
    assert first.title_en.startswith("Directives for standardization--Part 1")
    assert (first.ccs, first.ics) == (("A00",), ("01.120",))
    assert first.source == "flat"
    assert first.source_id == "847191101089628341120D62AEFC29A1"
    assert first.extra == {"platform": "openstd"}
    assert first.notes == "replaced_by: inferred"


def test_a_csv_with_bad_rows_keeps_the_good_rows_and_lists_the_bad_ones_with_line_numbers(
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path,
        f"{HEADER}\n"
        "GB/T 1-2020,好,,现行,,,2020-03-31,2020-10-01,,,\n"
        "GB/T 2-2020,日期不可能,,现行,,,2020-02-30,2020-10-01,,,\n"
        ",没有编号,,现行,,,2020-03-31,,,,\n"
        "GB/T 3-2020,也好,,现行,,,2020/03/31,,,,\n",
    )

    result = parse_flat(path)

    assert [(record.line, record.number) for record in result.records] == [
        (2, "GB/T 1-2020"),
        (5, "GB/T 3-2020"),
    ]
    assert [problem.line for problem in result.problems] == [3, 4]
    bad_date, no_number = result.problems
    assert bad_date.number == "GB/T 2-2020"
    assert "issue_date" in bad_date.reason
    assert "2020-02-30" in bad_date.reason
    assert no_number.number == ""
    assert "std_code" in no_number.reason


def test_problem_reasons_are_english_message_ids_with_the_column_and_value(tmp_path: Path) -> None:
    path = write_csv(tmp_path, f"{HEADER}\nGB/T 2-2020,,,现行,,,2020-02-30,,,,\n,x,,,,,,,,,\n")

    with translation.override("en"):
        problems = parse_flat(path).problems

    assert [problem.reason for problem in problems] == [
        "Column “issue_date”: “2020-02-30” is not a valid date.",
        "Column “std_code” is empty: every row needs a standard number.",
    ]


def test_every_bad_date_of_a_row_is_reported_together(tmp_path: Path) -> None:
    path = write_csv(tmp_path, f"{HEADER}\nGB/T 2-2020,,,现行,,,2020-13-01,soon,2021-02-29,,\n")

    [problem] = parse_flat(path).problems

    for text in ("issue_date", "2020-13-01", "act_date", "soon", "withdrawn_date", "2021-02-29"):
        assert text in problem.reason


def test_a_wholly_blank_row_is_skipped_without_a_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, f"{HEADER}\nGB/T 1-2020,,,,,,,,,,\n\n,,,,,,,,,,\n  ,  ,,,,,,,,,\nGB/T 2-2020,,,,,,,,,,\n"
    )

    result = parse_flat(path)

    assert result.problems == []
    assert [(record.line, record.number) for record in result.records] == [
        (2, "GB/T 1-2020"),
        (6, "GB/T 2-2020"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "2019-10-18",
        "2019/10/18",
        "2019.10.18",
        "20191018",
        "2019-10-18 00:00:00",
        "2019/10/18 8:30",
        "2019-10-18T00:00:00",
        "2019年10月18日",
        "2019/10/18",
        "43756",
        "43756.0",
    ],
)
def test_dates_are_read_in_every_accepted_form(text: str) -> None:
    assert parse_date_text(text) == date(2019, 10, 18)


@pytest.mark.parametrize(
    "text", ["2020-02-30", "2021-02-29", "2019-13-01", "18/10/2019", "2019", "soon", "0"]
)
def test_impossible_or_unreadable_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date_text(text)


def test_an_empty_date_cell_is_no_date() -> None:
    assert parse_date_text("") is None
    assert parse_date_text("   ") is None


def test_a_utf8_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = write_csv(tmp_path, f"{HEADER}\nGB/T 1-2020,标准化,,现行,,,,,,,\n", encoding="utf-8-sig")

    [record] = parse_flat(path).records

    assert (record.number, record.title_zh) == ("GB/T 1-2020", "标准化")


def test_a_gb18030_file_is_read_when_it_is_not_utf8(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "标准号,中文标准名称,标准状态\nGB/T 1-2020,流体输送用不锈钢焊接钢管,现行\n",
        encoding="gb18030",
    )

    [record] = parse_flat(path).records

    assert (record.number, record.title_zh, record.status_word) == (
        "GB/T 1-2020",
        "流体输送用不锈钢焊接钢管",
        "现行",
    )


def test_the_chinese_headers_of_the_official_sites_are_accepted(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "标准号,中文标准名称,英文标准名称,标准状态,发布日期,实施日期,废止日期,代替标准,被代替标准\n"
        "GB/T 12771-2008,流体输送用不锈钢焊接钢管,Welded stainless steel pipes,废止,"
        "2008-05-13,2008-11-01,2020-09-01,GB/T 12771-2000,GB/T 12771-2019\n",
    )

    [record] = parse_flat(path).records

    assert record.title_en == "Welded stainless steel pipes"
    assert record.status_word == "废止"
    assert (record.issued_on, record.implemented_on, record.withdrawn_on) == (
        date(2008, 5, 13),
        date(2008, 11, 1),
        date(2020, 9, 1),
    )
    assert (record.replaces, record.replaced_by) == (("GB/T 12771-2000",), ("GB/T 12771-2019",))


def test_headers_match_whatever_their_case_spacing_and_width(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, "\ufeff STD CODE ,Name_CN,ＳＴＡＴＵＳ,Issue-Date\nGB/T 1-2020,名称,现行,2020-03-31\n"
    )

    [record] = parse_flat(path).records

    assert (record.number, record.title_zh, record.status_word) == ("GB/T 1-2020", "名称", "现行")
    assert record.issued_on == date(2020, 3, 31)


def test_a_bilingual_header_matches_by_either_side(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "标准号 / Standard No.,Status\nGB/T 1-2020,现行\n")

    assert [record.number for record in parse_flat(path).records] == ["GB/T 1-2020"]


def test_a_file_without_a_number_column_is_refused_naming_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name_cn,status\n名称,现行\n")

    with pytest.raises(SourceFormatError, match="std_code"):
        parse_flat(path)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SourceFormatError, match=r"catalogue\.csv"):
        parse_flat(write_csv(tmp_path, ""))


def test_several_values_in_a_cell_are_split_on_semicolons(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        f"{HEADER}\nGB/T 2-2020,,,现行,A00; A01,01.120;01.140.20,,,,GB/T 2-2010 ；GB/T 3-2010;,\n",
    )

    [record] = parse_flat(path).records

    assert record.ccs == ("A00", "A01")
    assert record.ics == ("01.120", "01.140.20")
    assert record.replaces == ("GB/T 2-2010", "GB/T 3-2010")


def test_extra_columns_are_ignored_but_the_platform_columns_are_kept(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "std_code,colour,platform,platform_id,observed\nGB/T 1-2020,blue,openstd,C4BFD981,2026-04-22\n",
    )

    [record] = parse_flat(path).records

    assert record.source_id == "C4BFD981"
    assert record.extra == {"platform": "openstd"}


def test_the_optional_columns_fill_the_record(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "std_code,name_en,drafting_organisations,keywords,tc,charge_dept,publisher,"
        "adoption,adopted_number,notes\n"
        "GB/T 19001-2016,Quality management systems,中国标准化研究院;示例认证中心,质量;管理体系,"
        "SAC/TC 151,国家标准委,国家市场监督管理总局,IDT,ISO 9001:2015,示例\n",
    )

    [record] = parse_flat(path).records

    assert record.title_en == "Quality management systems"
    assert record.drafting_organisations == ("中国标准化研究院", "示例认证中心")
    assert record.keywords == ("质量", "管理体系")
    assert record.technical_committee == "SAC/TC 151"
    assert record.responsible_body == "国家标准委"
    assert record.issuing_body == "国家市场监督管理总局"
    assert (record.adoption, record.adopted_number) == ("IDT", "ISO 9001:2015")
    assert record.notes == "示例"


def test_whitespace_and_sacinfo_highlight_tags_are_stripped(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "std_code,name_cn\n  <sacinfo>GB</sacinfo>/T 1-2020 , 标准化 \n")

    [record] = parse_flat(path).records

    assert (record.number, record.title_zh) == ("GB/T 1-2020", "标准化")


def test_a_short_row_reads_its_missing_cells_as_empty_and_cells_past_the_header_are_ignored(
    tmp_path: Path,
) -> None:
    path = write_csv(tmp_path, "std_code,name_cn,status\nGB/T 1-2020\nGB/T 2-2020,名称,现行,stray,cells\n")

    short, long = parse_flat(path).records

    assert (short.title_zh, short.status_word, short.title_en) == ("", "", "")
    assert (long.title_zh, long.status_word, long.title_en) == ("名称", "现行", "")


def test_a_partial_replacement_status_word_sets_partial_replacement(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "std_code,status\nGB/T 1-2000,部分代替\nGB/T 1-2020,现行\n")

    partial, whole = parse_flat(path).records

    assert (partial.partial_replacement, whole.partial_replacement) == (True, False)


def test_a_quoted_cell_spanning_two_lines_counts_as_one_spreadsheet_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path, 'std_code,notes\nGB/T 1-2020,"first\nsecond"\nGB/T 2-2020,\n')

    first, second = parse_flat(path).records

    assert first.notes == "first\nsecond"
    assert (first.line, second.line) == (2, 3)


def test_iter_flat_csv_streams_a_binary_file_and_leaves_it_open() -> None:
    rows = "".join(f"GB/T {n}-2020,名称{n},现行\n" for n in range(1, 20_001))
    handle = io.BytesIO(f"std_code,name_cn,status\n{rows}".encode())

    items = iter_flat_csv(handle)
    first = next(items)

    assert isinstance(first, SourceRecord)
    assert (first.line, first.number) == (2, "GB/T 1-2020")
    assert sum(1 for _ in items) == 19_999
    assert not handle.closed


def test_iter_flat_csv_reads_a_text_file_as_it_is() -> None:
    items = list(iter_flat_csv(io.StringIO("std_code,status\nGB/T 1-2020,现行\n,现行\n")))

    assert [type(item) for item in items] == [SourceRecord, RowProblem]
    assert items[1].line == 3


def test_iter_flat_csv_refuses_a_file_without_a_number_column_before_the_first_row() -> None:
    with pytest.raises(SourceFormatError, match="std_code"):
        next(iter_flat_csv(io.BytesIO(b"name_cn\nx\n")))


def write_xlsx(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("ignored").append(["std_code"])
    workbook.save(path)
    return path


def test_an_xlsx_written_with_openpyxl_round_trips(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "catalogue.xlsx",
        [
            HEADER.split(","),
            [
                "GB/T 12771-2008",
                "流体输送用不锈钢焊接钢管",
                None,
                "废止",
                "H48",
                "23.040.10",
                datetime(2008, 5, 13),  # an Excel date cell
                39753,  # an Excel serial number: 2008-11-01
                "2020-09-01",  # a date written as text
                "GB/T 12771-2000",
                "GB/T 12771-2019",
            ],
            [None] * 11,  # the blank rows a workbook ends with
            ["GB/T 12771-2019", "流体输送用不锈钢焊接钢管", None, "现行", None, None, date(2019, 10, 18)],
        ],
    )

    result = parse_flat(path)

    assert result.problems == []
    old, new = result.records
    assert (old.line, new.line) == (2, 4)
    assert old.number == "GB/T 12771-2008"
    assert (old.issued_on, old.implemented_on, old.withdrawn_on) == (
        date(2008, 5, 13),
        date(2008, 11, 1),
        date(2020, 9, 1),
    )
    assert (old.ccs, old.ics) == (("H48",), ("23.040.10",))
    assert (old.replaces, old.replaced_by) == (("GB/T 12771-2000",), ("GB/T 12771-2019",))
    assert (new.status_word, new.issued_on, new.implemented_on, new.title_en) == (
        "现行",
        date(2019, 10, 18),
        None,
        "",
    )


def test_an_xlsx_with_a_bad_date_gives_a_problem_on_its_spreadsheet_row(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "catalogue.xlsx",
        [["标准号", "发布日期"], ["GB/T 1-2020", "2020-02-30"], ["GB/T 2-2020", 2020], [None, "2020-01-01"]],
    )

    result = parse_flat(path)

    assert result.records == []
    assert [(problem.line, problem.number) for problem in result.problems] == [
        (2, "GB/T 1-2020"),
        (3, "GB/T 2-2020"),
        (4, ""),
    ]
    assert "发布日期" in result.problems[0].reason
    assert "2020-02-30" in result.problems[0].reason
    assert "2020" in result.problems[1].reason
    assert "标准号" in result.problems[2].reason


def test_an_xlsx_without_a_number_column_is_refused_naming_it(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "catalogue.xlsx", [["name_cn"], ["x"]])

    with pytest.raises(SourceFormatError, match="std_code"):
        parse_flat(path)


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path, "std_code\nGB/T 1-2020\n", name="catalogue.xlsx")

    with pytest.raises(SourceFormatError, match=r"catalogue\.xlsx"):
        list(iter_flat_xlsx(path))


def test_a_workbook_is_recognised_by_its_signature_whatever_its_name(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "catalogue.bin", [["std_code"], ["GB/T 1-2020"]])

    assert [record.number for record in parse_flat(path).records] == ["GB/T 1-2020"]


def test_a_file_the_csv_module_cannot_split_is_refused_with_its_line() -> None:
    runaway = "x" * 200_000  # a quote never closed swallows the rest of the file into one cell
    handle = io.StringIO(f'std_code,notes\nGB/T 1-2020,ok\nGB/T 2-2020,"{runaway}\n')

    with translation.override("en"), pytest.raises(SourceFormatError, match="near line 3: field larger"):
        list(iter_flat_csv(handle))
