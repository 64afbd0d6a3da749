"""Standard age: buckets by calendar date, mean and median from grouped counts, the review list."""

from __future__ import annotations

import datetime as dt

import pytest

from biaozhun.standards.models import Level, Status, Topic, TopicEntry
from biaozhun.standards.selectors import age
from biaozhun.standards.tests.factories import EditionFactory

TODAY = dt.date(2026, 12, 2)
CUT = age.Cutoffs.on(TODAY)


@pytest.mark.parametrize(
    ("implemented_on", "bucket"),
    [
        (None, age.UNKNOWN),
        (dt.date(2026, 12, 2), age.UNDER_3),
        (dt.date(2023, 12, 3), age.UNDER_3),
        (dt.date(2023, 12, 2), age.FROM_3),  # exactly three years
        (dt.date(2021, 12, 3), age.FROM_3),
        (dt.date(2021, 12, 2), age.FROM_5),  # exactly five years: due for review
        (dt.date(2016, 12, 3), age.FROM_5),
        (dt.date(2016, 12, 2), age.FROM_10),
        (dt.date(1990, 1, 1), age.FROM_10),
        (dt.date(2030, 1, 1), age.UNDER_3),  # a date in the future counts as new
    ],
)
def test_an_edition_falls_in_its_bucket_by_calendar_date(implemented_on: dt.date | None, bucket: str) -> None:
    assert CUT.bucket(implemented_on) == bucket


def test_29_february_steps_back_to_28_february() -> None:
    assert age.years_before(dt.date(2024, 2, 29), 3) == dt.date(2021, 2, 28)


def test_mean_and_median_come_from_the_counts_per_date() -> None:
    histogram = [
        (dt.date(2025, 12, 2), 1),  # about 1 year
        (dt.date(2016, 12, 2), 2),  # about 10 years, twice
        (dt.date(2006, 12, 2), 1),  # about 20 years
        (None, 5),
    ]

    result = age.distribution("x", "x", histogram, CUT)

    assert result.total == 9
    assert result.counts == {age.UNDER_3: 1, age.FROM_3: 0, age.FROM_5: 0, age.FROM_10: 3, age.UNKNOWN: 5}
    assert result.median_years == 10.0
    assert result.mean_years == pytest.approx(10.2, abs=0.1)
    assert result.review_due == 3
    assert [b.percent for b in result.buckets] == [11.1, 0.0, 0.0, 33.3, 55.6]


def test_a_group_without_dates_has_no_mean_or_median() -> None:
    result = age.distribution("x", "x", [(None, 3)], CUT)
    assert (result.mean_years, result.median_years) == (None, None)


def test_an_even_number_of_ages_takes_the_middle_two() -> None:
    result = age.distribution("x", "x", [(dt.date(2024, 12, 2), 1), (dt.date(2020, 12, 2), 1)], CUT)
    assert result.median_years == pytest.approx(4.0, abs=0.05)


@pytest.mark.django_db
def test_levels_count_only_editions_in_force() -> None:
    EditionFactory.create(number="GB 1-2010", implemented_on=dt.date(2010, 6, 1))
    EditionFactory.create(number="GB 2-2025", implemented_on=dt.date(2025, 6, 1))
    EditionFactory.create(number="GB 3-2000", implemented_on=dt.date(2000, 6, 1), status=Status.WITHDRAWN)
    EditionFactory.create(number="DB4420/T 1-2019", level=Level.LOCAL, implemented_on=None)

    overall, levels = age.age_by_level(today=TODAY)

    assert overall.total == 3
    assert {d.key: d.total for d in levels} == {"national": 2, "local": 1}
    national = next(d for d in levels if d.key == "national")
    assert national.counts[age.FROM_10] == 1 and national.counts[age.UNDER_3] == 1


@pytest.mark.django_db
def test_topics_and_bodies_have_their_own_distributions() -> None:
    old = EditionFactory.create(number="GB 1-2010", implemented_on=dt.date(2010, 6, 1), issuing_body="甲局")
    EditionFactory.create(number="GB 2-2025", implemented_on=dt.date(2025, 6, 1), issuing_body="乙局")
    EditionFactory.create(number="GB 3-2025", implemented_on=dt.date(2025, 6, 1), issuing_body="乙局")
    topic = Topic.objects.create(slug="lighting", name_zh="灯饰照明")
    hidden = Topic.objects.create(slug="draft", name_zh="草稿", is_published=False)
    TopicEntry.objects.create(topic=topic, edition=old)
    TopicEntry.objects.create(topic=hidden, edition=old)

    by_topic = age.age_by_topic(today=TODAY)
    by_body = age.age_by_body(today=TODAY)

    assert [(d.key, d.total, d.url) for d in by_topic] == [("lighting", 1, "/standards/topics/lighting/")]
    assert [(d.key, d.total) for d in by_body] == [("乙局", 2), ("甲局", 1)]
    assert [(d.key, d.total) for d in age.age_by_body(today=TODAY, body="甲局")] == [("甲局", 1)]
    assert age.issuing_bodies() == [("乙局", 2), ("甲局", 1)]


@pytest.mark.django_db
def test_the_review_list_holds_local_standards_in_force_five_years_or_more_oldest_first() -> None:
    EditionFactory.create(number="DB4420/T 2-2018", level=Level.LOCAL, implemented_on=dt.date(2018, 3, 1))
    EditionFactory.create(number="DB4420/T 1-2012", level=Level.LOCAL, implemented_on=dt.date(2012, 3, 1))
    EditionFactory.create(number="DB4420/T 3-2021", level=Level.LOCAL, implemented_on=dt.date(2021, 12, 2))
    EditionFactory.create(number="DB4420/T 4-2022", level=Level.LOCAL, implemented_on=dt.date(2022, 1, 1))
    EditionFactory.create(
        number="DB4420/T 5-2010",
        level=Level.LOCAL,
        implemented_on=dt.date(2010, 1, 1),
        status=Status.REPLACED,
    )
    EditionFactory.create(number="GB 1-2000", implemented_on=dt.date(2000, 1, 1))
    EditionFactory.create(number="DB4420/T 6-2015", level=Level.LOCAL, implemented_on=None)

    numbers = list(age.review_list(today=TODAY).values_list("number", flat=True))

    assert numbers == ["DB4420/T 1-2012", "DB4420/T 2-2018", "DB4420/T 3-2021"]
    assert age.local_without_date() == 1


def test_the_age_figures_are_computed_again_once_the_catalogue_changes(db: None) -> None:
    today = dt.date(2026, 12, 1)
    EditionFactory.create(number="GB/T 100-2019", status=Status.CURRENT, implemented_on=dt.date(2019, 6, 1))
    first = age.age_figures(today=today)
    assert age.age_figures(today=today)["overall"].total == first["overall"].total == 1
    EditionFactory.create(number="GB/T 101-2020", status=Status.CURRENT, implemented_on=dt.date(2020, 6, 1))
    assert age.age_figures(today=today)["overall"].total == 2
