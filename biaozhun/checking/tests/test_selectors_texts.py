"""Counting the standard texts given: per year, per month and channel, against the yearly target."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from biaozhun.checking.models import TextChannel, TextProvision, TextRequest
from biaozhun.checking.selectors import texts as selectors
from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def given(
    cast: Any, day: dt.date, *, channel: str = TextChannel.VIEWER, to: str = "enterprise_a", number: str = ""
) -> Any:
    edition = EditionFactory.create(**({"number": number} if number else {}))
    return TextProvision.objects.create(
        organisation=cast.orgs[to],
        edition=edition,
        channel=channel,
        url="https://openstd.samr.gov.cn/" if channel == TextChannel.VIEWER else "",
        note="打印" if channel == TextChannel.REMOTE_PRINT else "",
        provided_on=day,
        officer=cast.users["bureau_admin"],
    )


def test_provisions_in_two_years_are_counted_separately(cast: Any) -> None:
    given(cast, dt.date(2025, 12, 31))
    given(cast, dt.date(2025, 3, 1))
    given(cast, dt.date(2026, 1, 1))

    assert selectors.provisions_per_year() == {2025: 2, 2026: 1}


def test_the_months_of_a_year_are_all_listed_with_their_counts(cast: Any) -> None:
    given(cast, dt.date(2026, 2, 1))
    given(cast, dt.date(2026, 2, 28))
    given(cast, dt.date(2025, 2, 10))

    months = dict(selectors.provisions_per_month(2026))

    assert len(months) == 12
    assert (months[1], months[2], months[12]) == (0, 2, 0)


def test_every_channel_is_counted_even_when_unused(cast: Any) -> None:
    given(cast, dt.date(2026, 5, 1), channel=TextChannel.REMOTE_PRINT)
    given(cast, dt.date(2026, 5, 2))
    given(cast, dt.date(2026, 5, 3))

    counts = {row.channel: row.count for row in selectors.provisions_per_channel(2026)}

    assert counts == {"viewer": 2, "file": 0, "remote_print": 1}


def test_this_years_count_is_measured_against_the_target_of_3000(cast: Any) -> None:
    for _ in range(3):
        given(cast, dt.date(2026, 1, 15))
    given(cast, dt.date(2025, 6, 1))

    progress = selectors.provisions_this_year_vs_target(today=dt.date(2026, 12, 2))

    assert (progress.year, progress.count, progress.target) == (2026, 3, 3000)
    assert progress.percent == 0.1
    assert progress.remaining == 2997
    assert not progress.on_track


def test_a_year_is_on_track_when_the_count_keeps_an_even_pace_to_the_target(cast: Any, settings: Any) -> None:
    settings.BIAOZHUN_FREE_TEXTS_TARGET = 365
    for day in range(1, 11):
        given(cast, dt.date(2026, 1, day))

    on_day_10 = selectors.provisions_this_year_vs_target(today=dt.date(2026, 1, 10))
    on_day_11 = selectors.provisions_this_year_vs_target(today=dt.date(2026, 1, 11))

    assert (on_day_10.expected_by_today, on_day_10.projected, on_day_10.on_track) == (10, 365, True)
    assert (on_day_11.expected_by_today, on_day_11.on_track) == (11, False)
    assert on_day_11.projected == 332  # 10 texts in 11 days, over 365 days


def test_the_progress_bar_stops_at_100_when_the_target_is_passed(cast: Any, settings: Any) -> None:
    settings.BIAOZHUN_FREE_TEXTS_TARGET = 2
    for _ in range(3):
        given(cast, dt.date(2026, 3, 1))

    progress = selectors.provisions_this_year_vs_target(today=dt.date(2026, 3, 2))

    assert (progress.percent, progress.bar_percent, progress.reached, progress.needed_per_day) == (
        150.0,
        100,
        True,
        0.0,
    )


def test_previous_years_are_judged_by_their_whole_count(cast: Any, settings: Any) -> None:
    settings.BIAOZHUN_FREE_TEXTS_TARGET = 2
    given(cast, dt.date(2024, 5, 1))
    given(cast, dt.date(2024, 6, 1))
    given(cast, dt.date(2025, 6, 1))
    given(cast, dt.date(2026, 6, 1))

    previous = selectors.previous_years(today=dt.date(2026, 12, 2))

    assert [(p.year, p.count, p.reached) for p in previous] == [(2025, 1, False), (2024, 2, True)]
    assert previous[0].as_of == dt.date(2025, 12, 31)


def test_the_ledger_filters_by_year_channel_enterprise_and_number(cast: Any) -> None:
    a_2026 = given(cast, dt.date(2026, 4, 1), number="GB/T 12771-2019")
    b_2026 = given(cast, dt.date(2026, 4, 2), to="enterprise_b", channel=TextChannel.REMOTE_PRINT)
    a_2025 = given(cast, dt.date(2025, 4, 1))
    bureau = cast.users["bureau_admin"]

    def ids(**filters: Any) -> set[int]:
        return {p.pk for p in selectors.ledger(user=bureau, filters=selectors.LedgerFilters(**filters))}

    assert ids() == {a_2026.pk, b_2026.pk, a_2025.pk}
    assert ids(year=2026) == {a_2026.pk, b_2026.pk}
    assert ids(channel="remote_print") == {b_2026.pk}
    assert ids(enterprise="乙示例") == {b_2026.pk}
    assert ids(enterprise=cast.orgs["enterprise_a"].uscc) == {a_2026.pk, a_2025.pk}
    assert ids(number="gbt12771-2019") == {a_2026.pk}  # another spelling of the number
    assert ids(number="12771") == {a_2026.pk}


def test_an_enterprise_sees_only_what_was_given_to_it(cast: Any) -> None:
    mine = given(cast, dt.date(2026, 4, 1))
    given(cast, dt.date(2026, 4, 1), to="enterprise_b")

    assert list(selectors.provisions_to_enterprise(cast.users["enterprise_a"])) == [mine]
    assert list(selectors.ledger(user=cast.users["enterprise_a"])) == [mine]
    assert list(selectors.ledger(user=cast.users["department"])) == []


def test_the_queue_lists_open_requests_oldest_first(cast: Any) -> None:
    first = TextRequest.objects.create(
        owner=cast.users["enterprise_a"],
        organisation=cast.orgs["enterprise_a"],
        edition=EditionFactory.create(),
    )
    second = TextRequest.objects.create(
        owner=cast.users["enterprise_b"],
        organisation=cast.orgs["enterprise_b"],
        edition=EditionFactory.create(),
    )
    TextRequest.objects.create(
        owner=cast.users["enterprise_b"],
        organisation=cast.orgs["enterprise_b"],
        edition=EditionFactory.create(),
        state="declined",
    )

    assert list(selectors.open_requests(cast.users["bureau_admin"])) == [first, second]
    assert list(selectors.open_requests(cast.users["enterprise_a"])) == [first]


@pytest.mark.parametrize(
    ("typed", "kind"),
    [("GB/T 99999-2020", "unknown"), ("not a number", "unreadable"), ("", "unreadable")],
)
def test_a_typed_number_that_names_no_edition_says_why(cast: Any, typed: str, kind: str) -> None:
    with pytest.raises(selectors.NumberProblem) as excinfo:
        selectors.edition_for_number(typed)

    assert excinfo.value.kind == kind


def test_a_typed_number_in_another_spelling_finds_the_edition(cast: Any) -> None:
    edition = EditionFactory.create(number="GB/T 12771-2019")

    assert selectors.edition_for_number("gb/t12771—2019") == edition
    assert selectors.edition_for_number("GB/T 12771") == edition  # undated: the edition in force


def test_the_home_page_figure_counts_this_years_texts(cast: Any) -> None:
    given(cast, dt.date.today())
    given(cast, dt.date.today().replace(year=dt.date.today().year - 1))

    with translation.override("en"):
        label, value = selectors.texts_this_year_stat()
        assert str(label) == "Standard texts given to enterprises this year"

    assert value == 1
