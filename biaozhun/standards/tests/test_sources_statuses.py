"""The status vocabulary: every word the sources print maps to one status, and nothing is guessed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from biaozhun.standards.sources.statuses import Status, normalise_status

DATA = Path(__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("现行", Status.CURRENT),
        ("现行有效", Status.CURRENT),
        ("有效", Status.CURRENT),
        ("部分代替", Status.CURRENT),
        ("即将实施", Status.UPCOMING),
        ("尚未实施", Status.UPCOMING),
        ("废止", Status.WITHDRAWN),
        ("作废", Status.WITHDRAWN),
        ("已废止", Status.WITHDRAWN),
        ("被代替", Status.REPLACED),
        ("已被代替", Status.REPLACED),
        ("有更新版", Status.REPLACED),
        ("current", Status.CURRENT),
        ("upcoming", Status.UPCOMING),
        ("withdrawn", Status.WITHDRAWN),
        ("replaced", Status.REPLACED),
        ("superseded", Status.REPLACED),
        ("unknown", Status.UNKNOWN),
    ],
)
def test_every_source_word_maps_to_its_status(word: str, status: Status) -> None:
    assert normalise_status(word) is status


@pytest.mark.parametrize("status", list(Status))
def test_the_enum_values_map_to_themselves(status: Status) -> None:
    assert normalise_status(status.value) is status


def test_has_an_update_from_hbba_and_dbba_means_replaced() -> None:
    assert normalise_status("有更新版") is Status.REPLACED


@pytest.mark.parametrize("word", ["", "   ", "\u3000"])
def test_an_empty_word_is_unknown(word: str) -> None:
    assert normalise_status(word) is Status.UNKNOWN


@pytest.mark.parametrize("word", ["暂停", "draft", "现行?", "GB/T 1.1-2020"])
def test_an_unknown_word_gives_none_so_the_importer_can_reject_the_row(word: str) -> None:
    assert normalise_status(word) is None


@pytest.mark.parametrize("word", ["Withdrawn", " WITHDRAWN ", "Ｗｉｔｈｄｒａｗｎ", "废 止", " 废止\n"])
def test_case_spaces_and_full_width_letters_do_not_matter(word: str) -> None:
    assert normalise_status(word) is Status.WITHDRAWN


def test_status_values_are_the_strings_stored() -> None:
    assert [status.value for status in Status] == ["current", "upcoming", "withdrawn", "replaced", "unknown"]


def test_every_status_word_of_the_observed_records_is_known() -> None:
    with (DATA / "observed_status_records.csv").open(encoding="utf-8-sig", newline="") as handle:
        words = {row["status"] for row in csv.DictReader(handle)}
    assert words == {"现行", "废止"}
    assert {normalise_status(word) for word in words} == {Status.CURRENT, Status.WITHDRAWN}
