"""Importing into the catalogue: upserts, rejected rows, replacement links and status rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from biaozhun.standards import services
from biaozhun.standards.models import (
    Edition,
    EditionChange,
    ImportRun,
    ImportState,
    Replacement,
    Status,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 12, 1)
HEADER = "std_code,name_cn,name_en,status,ccs,ics,issue_date,act_date,withdrawn_date,replaces,replaced_by\n"


def run_import(
    path: Path, *, today: dt.date = TODAY, fmt: str = "flat"
) -> tuple[ImportRun, services.ImportReport]:
    run = services.import_run_create(file_name=path.name, format=fmt)
    report = services.import_file(run=run, path=path, today=today)
    run.refresh_from_db()
    return run, report


def write_csv(tmp_path: Path, body: str, name: str = "catalogue.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def status_of(number: str) -> str:
    return Edition.objects.get(number=number).status


def replaced_by(number: str) -> list[str]:
    return sorted(
        Replacement.objects.filter(predecessor__number=number).values_list("successor__number", flat=True)
    )


def test_observed_records_import_cleanly_with_their_edition_chains() -> None:
    run, report = run_import(DATA / "observed_status_records.csv")

    assert run.state == ImportState.DONE
    assert report.rejected == 0, list(run.rejections.values_list("line", "reason"))
    assert report.created + report.unchanged + report.updated == 18
    assert replaced_by("GB/T 1.1-2000") == ["GB/T 1.1-2009"]
    assert replaced_by("GB/T 1.1-2009") == ["GB/T 1.1-2020"]
    assert status_of("GB/T 1.1-2020") == Status.CURRENT
    assert status_of("GB/T 1.1-2009") == Status.REPLACED
    assert status_of("GB/T 1.1-2000") == Status.REPLACED
    assert replaced_by("GB/T 12771-2000") == ["GB/T 12771-2008"]
    assert replaced_by("GB/T 12771-2008") == ["GB/T 12771-2019"]
    assert status_of("GB/T 12771-2019") == Status.CURRENT
    assert status_of("GB/T 12771-2008") == Status.REPLACED
    assert Edition.objects.get(number="GB/T 12771-2008").withdrawn_on == dt.date(2020, 9, 1)


def test_the_source_status_word_is_kept_beside_the_normalised_status() -> None:
    run_import(DATA / "observed_status_records.csv")

    edition = Edition.objects.get(number="GB/T 12771-2008")
    assert edition.source_status == "废止"
    assert edition.status == Status.REPLACED


def test_importing_the_same_file_twice_creates_and_changes_nothing_the_second_time() -> None:
    run_import(DATA / "observed_status_records.csv")
    editions = Edition.objects.count()
    changes = EditionChange.objects.count()

    _run, report = run_import(DATA / "observed_status_records.csv")

    assert (report.created, report.updated, report.rejected) == (0, 0, 0)
    assert report.unchanged == 18
    assert Edition.objects.count() == editions
    assert EditionChange.objects.count() == changes


def test_a_file_with_bad_rows_keeps_the_good_rows_and_lists_each_bad_one(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "GB/T 3000-2010,好的一行,,现行,,,2010-01-01,2010-06-01,,,\n"  # line 2
        "GB/T 3001-2010,状态不明,,半废止,,,2010-01-01,2010-06-01,,,\n"  # line 3: unknown status word
        "GB/T 3002-2010,日期不对,,现行,,,2010-02-30,2010-06-01,,,\n"  # line 4: impossible date
        "XX/T 1-2010,编号不对,,现行,,,2010-01-01,2010-06-01,,,\n"  # line 5: unknown industry code
        "GB/T 3003-2010,甲,,现行,,,2010-01-01,2010-06-01,,GB/T 3004-2011,\n"  # line 6
        "GB/T 3004-2011,乙,,现行,,,2011-01-01,2011-06-01,,GB/T 3003-2010,\n"  # line 7: closes a cycle
        "GB/T 3005-2012,又一行好的,,即将实施,,,2026-10-01,2027-04-01,,,\n",  # line 8
    )

    run, report = run_import(path)

    assert run.state == ImportState.DONE
    assert Edition.objects.filter(number__in=["GB/T 3000-2010", "GB/T 3005-2012"]).count() == 2
    rejected = {r.line: r.reason for r in run.rejections.all()}
    assert set(rejected) == {3, 4, 5, 7}
    assert "半废止" in rejected[3]
    assert "2010-02-30" in rejected[4]
    assert "XX" in rejected[5]
    assert "GB/T 3003-2010" in rejected[7]
    assert report.rejected == run.rejected == 4
    assert replaced_by("GB/T 3004-2011") == ["GB/T 3003-2010"]
    assert replaced_by("GB/T 3003-2010") == []


def test_an_empty_cell_never_blanks_what_another_source_filled_in(tmp_path: Path) -> None:
    run_import(
        write_csv(tmp_path, "GB/T 4000-2015,完整标题,Full title,现行,K22,29.140,2015-01-01,2015-07-01,,,\n")
    )

    _run, report = run_import(write_csv(tmp_path, "GB/T 4000-2015,,,现行,,,,,,,\n", name="partial.csv"))

    edition = Edition.objects.get(number="GB/T 4000-2015")
    assert (edition.title_zh, edition.title_en, edition.ccs_codes) == ("完整标题", "Full title", "K22")
    assert report.unchanged == 1


def test_an_update_is_recorded_field_by_field_with_the_import_that_made_it(tmp_path: Path) -> None:
    run_import(write_csv(tmp_path, "GB/T 4001-2015,旧标题,,现行,,,2015-01-01,2015-07-01,,,\n"))

    run, report = run_import(write_csv(tmp_path, "GB/T 4001-2015,新标题,,废止,,,,,,,\n", name="b.csv"))

    assert report.updated == 1
    change = EditionChange.objects.get(edition__number="GB/T 4001-2015", kind="updated")
    assert change.run == run
    assert change.changes["title_zh"] == ["旧标题", "新标题"]
    assert change.changes["status"] == ["current", "withdrawn"]


def test_messy_numbers_are_stored_in_their_canonical_form(tmp_path: Path) -> None:
    run_import(write_csv(tmp_path, "ＧＢ／Ｔ　５０００—２０２０,全角编号,,现行,,,2020-01-01,2020-07-01,,,\n"))

    assert Edition.objects.filter(number="GB/T 5000-2020").exists()


def test_an_upcoming_edition_comes_into_force_on_its_date_and_replaces_the_older_one(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "GB/T 6000-2015,旧版,,现行,,,2015-01-01,2015-07-01,,,\n"
        "GB/T 6000-2026,新版,,即将实施,,,2026-06-01,2027-01-01,,GB/T 6000-2015,\n",
    )
    run_import(path)
    assert status_of("GB/T 6000-2026") == Status.UPCOMING
    assert status_of("GB/T 6000-2015") == Status.CURRENT

    changed = services.editions_apply_dates(today=dt.date(2027, 1, 1))

    assert status_of("GB/T 6000-2026") == Status.CURRENT
    assert status_of("GB/T 6000-2015") == Status.REPLACED
    assert Edition.objects.get(number="GB/T 6000-2015").withdrawn_on == dt.date(2027, 1, 1)
    assert len(changed) == 2
    assert EditionChange.objects.filter(kind="dates").count() == 2


def test_a_partial_replacement_leaves_the_older_edition_in_force(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "GB/T 7000-2015,旧版,,现行,,,2015-01-01,2015-07-01,,,\n"
        "GB/T 7100-2020,新版,,现行,,,2020-01-01,2020-07-01,,,\n",
    )
    run_import(path)
    Replacement.objects.create(
        predecessor=Edition.objects.get(number="GB/T 7000-2015"),
        successor=Edition.objects.get(number="GB/T 7100-2020"),
        partial=True,
    )

    services.editions_apply_dates(today=TODAY)

    assert status_of("GB/T 7000-2015") == Status.CURRENT


def test_an_edition_named_only_as_replaced_is_created_as_inferred(tmp_path: Path) -> None:
    run_import(write_csv(tmp_path, "GB/T 8000-2020,新版,,现行,,,2020-01-01,2020-07-01,,GB/T 8000-2010,\n"))

    inferred = Edition.objects.get(number="GB/T 8000-2010")
    assert inferred.is_inferred
    assert inferred.status == Status.REPLACED
    assert inferred.work == Edition.objects.get(number="GB/T 8000-2020").work


def test_a_file_in_an_unknown_layout_fails_the_run_with_the_reason_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")

    run, _report = run_import(path)

    assert run.state == ImportState.FAILED
    assert "std_code" in run.failure
    assert Edition.objects.count() == 0


OPENSTD = DATA / "openstd"


def test_recorded_openstd_pages_import_with_their_official_links() -> None:
    for page in sorted(OPENSTD.glob("newGbInfo_*.html")):
        run, report = run_import(page, fmt="openstd")
        assert run.state == ImportState.DONE, run.failure
        assert report.rejected == 0

    edition = Edition.objects.get(number="GB/T 1.1-2020")
    assert edition.status == Status.CURRENT
    assert edition.title_zh.startswith("标准化工作导则")
    assert edition.source_url.endswith("hcno=C4BFD981E993C417EF475F2A19B681F1")
    assert Edition.objects.get(number="GB/T 1.1-2009").source_status == "废止"


def test_openstd_pages_and_the_observed_records_together_give_the_gb_t_1_1_chain() -> None:
    for page in sorted(OPENSTD.glob("newGbInfo_*.html")):
        run_import(page, fmt="openstd")
    run_import(OPENSTD / "std_list_GB_T_1.1.html", fmt="openstd")

    run_import(DATA / "observed_status_records.csv")

    assert replaced_by("GB/T 1.1-2009") == ["GB/T 1.1-2020"]
    assert [status_of(f"GB/T 1.1-{year}") for year in (2000, 2009, 2020)] == [
        Status.REPLACED,
        Status.REPLACED,
        Status.CURRENT,
    ]
    assert Edition.objects.get(number="GB/T 1.1-2009").withdrawn_on == dt.date(2020, 10, 1)


def test_reading_in_a_second_process_gives_the_same_catalogue(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "GB/T 9000-2015,旧版,,现行,,,2015-01-01,2015-07-01,,,\n"
        "GB/T 9000-2020,新版,,现行,,,2020-01-01,2020-07-01,,GB/T 9000-2015,\n"
        "GB/T 9001-2020,坏日期,,现行,,,2020-02-30,,,,\n",
    )
    run = services.import_run_create(file_name=path.name, format="flat")

    report = services.import_file(run=run, path=path, today=TODAY, batch_size=1, parallel=True)

    assert (report.created, report.rejected) == (2, 1)
    assert replaced_by("GB/T 9000-2015") == ["GB/T 9000-2020"]
    assert status_of("GB/T 9000-2015") == Status.REPLACED
    assert run.rejections.get().line == 4


def test_readers_in_several_processes_write_their_blocks_in_file_order(tmp_path: Path) -> None:
    # Blocks of two lines alternate between the readers; two blank blocks in the middle leave one
    # reader with nothing to say for a while, and the later row for GB/T 9200-2015 must still win.
    path = write_csv(
        tmp_path,
        "GB/T 9200-2015,第一稿,,现行,,,2015-01-01,2015-07-01,,,\n"
        "GB/T 9201-2015,另一项,,现行,,,2015-01-01,2015-07-01,,,\n"
        + ",,,,,,,,,,\n"
        * 4
        + "GB/T 9202-2015,坏日期,,现行,,,2015-02-30,,,,\n"
        "GB/T 9200-2015,定稿,,现行,,,2015-01-01,2015-07-01,,,\n"
        "GB/T 9200-2020,新版,,现行,,,2020-01-01,2020-07-01,,GB/T 9200-2015,\n",
    )
    run = services.import_run_create(file_name=path.name, format="flat")

    report = services.import_file(run=run, path=path, today=TODAY, batch_size=2, parallel=True)

    assert (report.created, report.updated, report.rejected) == (3, 1, 1)
    assert Edition.objects.get(number="GB/T 9200-2015").title_zh == "定稿"
    assert replaced_by("GB/T 9200-2015") == ["GB/T 9200-2020"]
    assert run.rejections.get().line == 8


def test_a_file_that_cannot_be_read_in_the_second_process_fails_the_run(tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    run = services.import_run_create(file_name=path.name, format="flat")

    services.import_file(run=run, path=path, today=TODAY, parallel=True)

    run.refresh_from_db()
    assert run.state == ImportState.FAILED
    assert "std_code" in run.failure


def test_links_and_first_statuses_of_new_editions_are_not_changes_but_later_ones_are(tmp_path: Path) -> None:
    run_import(write_csv(tmp_path, "GB/T 9100-2010,旧版,,废止,,,2010-01-01,2010-06-01,,,\n", name="a.csv"))
    run_import(
        write_csv(
            tmp_path, "GB/T 9100-2020,新版,,现行,,,2020-01-01,2020-06-01,,GB/T 9100-2010,\n", name="b.csv"
        )
    )

    old = EditionChange.objects.filter(edition__number="GB/T 9100-2010").values_list("kind", flat=True)
    new = EditionChange.objects.filter(edition__number="GB/T 9100-2020").values_list("kind", flat=True)
    assert sorted(old) == ["dates", "replacement"]
    assert list(new) == []
