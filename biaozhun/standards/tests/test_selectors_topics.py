"""Reading thematic databases: who sees which, a database's figures, members filtered, an edition's databases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import QueryDict

from biaozhun.standards.models import Level, Status, Topic, TopicEntry
from biaozhun.standards.selectors import topics
from biaozhun.standards.selectors.age import FROM_10, UNDER_3, UNKNOWN
from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 2)


def topic_with(*editions: Any, slug: str = "lighting", published: bool = True) -> Topic:
    topic = Topic.objects.create(slug=slug, name_zh=slug, is_published=published)
    TopicEntry.objects.bulk_create(TopicEntry(topic=topic, edition=e) for e in editions)
    return topic


def test_the_public_sees_published_databases_and_the_bureau_sees_drafts_too(personas: dict[str, Any]) -> None:
    topic_with(slug="lighting")
    topic_with(slug="draft", published=False)

    assert [t.slug for t in topics.published_topics(None)] == ["lighting"]
    assert [t.slug for t in topics.published_topics(personas["enterprise_a"])] == ["lighting"]
    assert {t.slug for t in topics.published_topics(personas["bureau_admin"])} == {"lighting", "draft"}


def test_figures_count_members_by_level_status_and_age() -> None:
    topic = topic_with(
        EditionFactory.create(number="GB 1-2010", implemented_on=dt.date(2010, 1, 1)),
        EditionFactory.create(number="GB 2-2025", implemented_on=dt.date(2025, 1, 1)),
        EditionFactory.create(number="DB4420/T 1-2020", level=Level.LOCAL, implemented_on=None),
        EditionFactory.create(number="GB 3-2000", status=Status.REPLACED, implemented_on=dt.date(2000, 1, 1)),
    )

    stats = topics.topic_stats(topic, today=TODAY)

    assert stats.total == 4
    assert [(s.value, s.count, s.percent) for s in stats.by_level] == [
        ("national", 3, 75.0),
        ("local", 1, 25.0),
    ]
    assert [(s.value, s.count) for s in stats.by_status] == [("current", 3), ("replaced", 1)]
    assert stats.age.total == 3  # age is about the members in force
    assert (stats.age.counts[FROM_10], stats.age.counts[UNDER_3], stats.age.counts[UNKNOWN]) == (1, 1, 1)


def test_member_filters_keep_only_real_levels_and_statuses() -> None:
    params = QueryDict("level=local&level=provincial&status=current&status=<script>")
    assert topics.clean_member_filters(params) == {"level": ["local"], "status": ["current"]}


def test_members_are_filtered_by_level_and_status() -> None:
    topic = topic_with(
        EditionFactory.create(number="GB 1-2010"),
        EditionFactory.create(number="DB4420/T 1-2020", level=Level.LOCAL),
        EditionFactory.create(number="DB4420/T 2-2010", level=Level.LOCAL, status=Status.WITHDRAWN),
    )
    EditionFactory.create(number="GB 9-2020")  # not a member

    local = topics.topic_members(topic, filters={"level": ["local"], "status": []})
    local_current = topics.topic_members(topic, filters={"level": ["local"], "status": ["current"]})

    assert set(local.values_list("number", flat=True)) == {"DB4420/T 1-2020", "DB4420/T 2-2010"}
    assert list(local_current.values_list("number", flat=True)) == ["DB4420/T 1-2020"]
    assert topics.topic_members(topic).count() == 3


def test_an_editions_databases_leave_out_unpublished_ones_for_the_public(personas: dict[str, Any]) -> None:
    edition = EditionFactory.create(number="GB 1-2010")
    topic_with(edition, slug="lighting")
    topic_with(edition, slug="draft", published=False)

    assert [t.slug for t in topics.edition_topics(edition, user=None)] == ["lighting"]
    assert len(topics.edition_topics(edition, user=personas["bureau_admin"])) == 2


def test_the_export_row_lists_codes_separated_by_spaces() -> None:
    edition = EditionFactory.create(number="GB 1-2010", ccs_codes="K70;K74", ics_codes="29.140.40")
    row = topics.export_row(edition)
    assert row[0] == "GB 1-2010"
    assert "K70 K74" in row
    assert len(row) == len(topics.export_headers())
