"""Telling a file's format from its name and first bytes, and reading it with the right parser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from biaozhun.standards.sources import FORMATS, detect_format, iter_records, parse
from biaozhun.standards.sources.records import RowProblem, SourceFormatError, SourceRecord

DATA = Path(__file__).resolve().parent / "data"
FIXTURES = {
    "observed_status_records.csv": "flat",
    "openstd/std_list_GB_T_1.1.html": "openstd",
    "openstd/std_list_GB_T_20223-2014.html": "openstd",
    "openstd/newGbInfo_083B48FA72DBD3B9BDE74507BC31736A.html": "openstd",
    "samr/gbQueryPage_GB_T_12771.json": "samr",
    "samr/gbAdvancedSearchPage_GB_T_12771-2008.json": "samr",
    "sacinfo/hbba_stdQueryList_JT_T_795.json": "hbba",
    "sacinfo/dbba_stdQueryList_DB6106_T_209.json": "dbba",
    "ttbz/getPortalStandardList.json": "ttbz",
}


def test_the_formats_are_the_six_sources() -> None:
    assert FORMATS == ("flat", "openstd", "samr", "hbba", "dbba", "ttbz")


@pytest.mark.parametrize(("name", "expected"), FIXTURES.items())
@pytest.mark.parametrize("head_size", [4096, 256 * 1024])
def test_each_fixture_is_recognised_from_its_first_bytes(name: str, expected: str, head_size: int) -> None:
    path = DATA / name
    head = path.read_bytes()[:head_size]

    assert detect_format(path.name, head) == expected
    assert detect_format("upload", head) == expected  # without a telling extension


def test_a_workbook_is_flat_by_its_extension_or_its_zip_signature() -> None:
    assert detect_format("catalogue.xlsx", b"") == "flat"
    assert detect_format("catalogue", b"PK\x03\x04rest") == "flat"


@pytest.mark.parametrize(
    ("name", "head", "named"),
    [
        ("page.html", b"<html><body>Hello</body></html>", "标准号"),
        ("answer.json", b'{"items": [{"title": "x"}]}', "C_STD_CODE"),
        ("notes.txt", b"just some text", "flat"),
    ],
)
def test_an_unknown_file_is_refused_saying_what_was_looked_for(name: str, head: bytes, named: str) -> None:
    with pytest.raises(SourceFormatError, match=named):
        detect_format(name, head)


@pytest.mark.parametrize(("name", "expected"), FIXTURES.items())
def test_parse_reads_each_fixture_with_the_parser_of_its_format(name: str, expected: str) -> None:
    result = parse(DATA / name)

    assert result.format == expected
    assert result.problems == []
    assert all(record.source == expected for record in result.records)


def test_parse_uses_the_format_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "answer.txt"
    shutil.copy(DATA / "sacinfo" / "dbba_stdQueryList_DB6106_T_209.json", path)

    result = parse(path, format="hbba")

    assert result.format == "hbba"
    assert result.records[0].source_url.startswith("https://hbba.sacinfo.org.cn/")


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(SourceFormatError, match="pdf"):
        parse(DATA / "observed_status_records.csv", format="pdf")


def test_iter_records_streams_a_flat_file_lazily() -> None:
    items = iter_records(DATA / "observed_status_records.csv", "flat")

    assert isinstance(items, Iterator)
    first = next(items)
    assert isinstance(first, SourceRecord)
    assert first.line == 2
    assert 1 + sum(1 for _ in items) == 18


def test_iter_records_gives_records_and_problems_of_other_formats_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "answer.json"
    path.write_text(
        '{"rows": [{"C_STD_CODE": "GB/T 1-2020"}, {"C_STD_CODE": ""}, {"C_STD_CODE": "GB/T 2-2020"}]}',
        encoding="utf-8",
    )

    items = list(iter_records(path))

    assert [(type(item), item.line) for item in items] == [
        (SourceRecord, 1),
        (RowProblem, 2),
        (SourceRecord, 3),
    ]
