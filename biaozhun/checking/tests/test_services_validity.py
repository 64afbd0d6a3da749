"""The validity check against the real records and against small catalogues made for each rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from biaozhun.checking.services.validity import validity_check
from biaozhun.checking.verdicts import Verdict
from biaozhun.standards import services as standards_services

pytestmark = pytest.mark.django_db

STANDARDS_DATA = Path(__file__).resolve().parents[2] / "standards" / "tests" / "data"
TODAY = dt.date(2026, 12, 1)
HEADER = "std_code,name_cn,name_en,status,ccs,ics,issue_date,act_date,withdrawn_date,replaces,replaced_by\n"


def import_csv(path: Path) -> None:
    run = standards_services.import_run_create(file_name=path.name, format="flat")
    standards_services.import_file(run=run, path=path, today=TODAY)


def catalogue(tmp_path: Path, body: str) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    import_csv(path)


def check(*entries: str) -> dict[str, dict[str, object]]:
    report = validity_check(list(entries), today=TODAY)
    return {entry.input: entry.as_json() for entry in report.entries}


@pytest.fixture
def real_records() -> None:
    import_csv(STANDARDS_DATA / "observed_status_records.csv")


def test_a_replaced_edition_names_the_end_of_its_chain(real_records):
    result = check("GB/T 12771-2008", "GB/T 1.1-2009", "GB/T 1.1-2000")
    assert result["GB/T 12771-2008"]["verdict"] == "replaced"
    assert result["GB/T 12771-2008"]["replacement"] == "GB/T 12771-2019"
    assert result["GB/T 12771-2008"]["effective_date"] == "2020-09-01"
    assert result["GB/T 1.1-2009"]["replacement"] == "GB/T 1.1-2020"
    assert result["GB/T 1.1-2000"]["verdict"] == "replaced"
    assert result["GB/T 1.1-2000"]["replacement"] == "GB/T 1.1-2020"  # followed through -2009


def test_an_undated_reference_resolves_to_the_current_edition(real_records):
    result = check("GB/T 1.1")["GB/T 1.1"]
    assert (result["verdict"], result["canonical"], result["edition"]) == (
        "undated",
        "GB/T 1.1",
        "GB/T 1.1-2020",
    )
    assert result["status"] == "current"


def test_the_current_edition_is_current(real_records):
    result = check("GB/T 12771-2019")["GB/T 12771-2019"]
    assert (result["verdict"], result["replacement"], result["title"]) == (
        "current",
        None,
        "流体输送用不锈钢焊接钢管",
    )


def test_a_number_the_catalogue_does_not_hold_is_not_found_never_withdrawn(real_records):
    assert check("GB/T 99999-2020")["GB/T 99999-2020"]["verdict"] == "not_found"
    assert check("GB/T 99999")["GB/T 99999"]["verdict"] == "not_found"


def test_garbage_is_invalid_with_a_reason(real_records):
    result = check("XX/T 1-2010")["XX/T 1-2010"]
    assert result["verdict"] == "invalid"
    assert result["canonical"] is None
    assert result["reason"]


def test_messy_spellings_are_read_before_checking(real_records):
    result = check("gb/t 12771—2008", "《GB/T1.1-2009》")
    assert result["gb/t 12771—2008"]["canonical"] == "GB/T 12771-2008"
    assert result["gb/t 12771—2008"]["verdict"] == "replaced"
    assert result["《GB/T1.1-2009》"]["replacement"] == "GB/T 1.1-2020"


def test_duplicates_are_counted_and_each_entry_keeps_its_place(real_records):
    report = validity_check(["GB/T 1.1-2009", "GB/T 12771-2019", "gb/t 1.1-2009"], today=TODAY)
    assert [e.input for e in report.entries] == ["GB/T 1.1-2009", "GB/T 12771-2019", "gb/t 1.1-2009"]
    assert [(e.count, e.first) for e in report.entries] == [(2, True), (1, True), (2, False)]
    assert [e.key for e in report.distinct] == ["GB/T 1.1-2009", "GB/T 12771-2019"]
    assert report.counts == {"replaced": 1, "current": 1}


def test_the_check_states_the_catalogues_as_of_date(real_records):
    assert validity_check(["GB/T 1.1"], today=TODAY).as_of is not None


def test_an_edition_with_a_newer_one_coming_is_valid_but_superseded_soon(tmp_path):
    catalogue(
        tmp_path,
        "GB 4706.1-2005,家用电器安全 通用要求,,现行,,,2005-08-01,2006-08-01,,,\n"
        "GB 4706.1-2024,家用和类似用途电器的安全 第1部分：通用要求,,即将实施,,,2024-03-15,2027-02-01,,GB 4706.1-2005,\n",
    )
    result = check("GB 4706.1-2005")["GB 4706.1-2005"]
    assert result["verdict"] == "upcoming_replacement"
    assert (result["replacement"], result["effective_date"]) == ("GB 4706.1-2024", "2027-02-01")


def test_a_partial_replacement_is_said(tmp_path):
    catalogue(
        tmp_path,
        "GB/T 9300-2010,旧版,,被代替,,,2010-01-01,2010-06-01,,,\n"
        "GB/T 9300-2020,新版,,部分代替,,,2020-01-01,2020-06-01,,GB/T 9300-2010,\n",
    )
    result = check("GB/T 9300-2010")["GB/T 9300-2010"]
    assert (result["verdict"], result["replacement"], result["partial"]) == (
        "replaced",
        "GB/T 9300-2020",
        True,
    )


def test_a_withdrawn_edition_without_replacement_is_withdrawn(tmp_path):
    catalogue(tmp_path, "GB/T 9400-2010,旧版,,废止,,,2010-01-01,2010-06-01,2018-01-01,,\n")
    result = check("GB/T 9400-2010", "GB/T 9400")
    assert result["GB/T 9400-2010"]["verdict"] == "withdrawn"
    assert result["GB/T 9400-2010"]["replacement"] is None
    assert result["GB/T 9400"]["verdict"] == "withdrawn"  # undated, but no edition is in force


def test_a_replacement_since_withdrawn_leaves_nothing_to_use(tmp_path):
    catalogue(
        tmp_path,
        "GB/T 9500-2010,旧版,,被代替,,,2010-01-01,2010-06-01,,,GB/T 9500-2015\n"
        "GB/T 9500-2015,新版,,废止,,,2015-01-01,2015-06-01,2019-01-01,,\n",
    )
    result = check("GB/T 9500-2010")["GB/T 9500-2010"]
    assert result["verdict"] == "withdrawn"
    assert "GB/T 9500-2015" in str(result["reason"])


def test_replaced_without_a_named_successor_points_to_the_newest_edition_of_the_work(tmp_path):
    catalogue(
        tmp_path,
        "GB/T 9600-2010,旧版,,被代替,,,2010-01-01,2010-06-01,,,\nGB/T 9600-2021,新版,,现行,,,2021-01-01,2021-06-01,,,\n",
    )
    assert check("GB/T 9600-2010")["GB/T 9600-2010"]["replacement"] == "GB/T 9600-2021"


def test_every_verdict_is_one_of_the_contract(real_records):
    result = check("GB/T 1.1", "GB/T 1.1-2009", "GB/T 12771-2019", "GB/T 99999-2020", "???")
    assert {r["verdict"] for r in result.values()} <= {v.value for v in Verdict}
