"""Thematic databases: rules parsed, members computed set-based, overrides, audit, the catalogue signal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biaozhun.core.models import AuditAction, AuditEvent
from biaozhun.standards.models import Level, Topic, TopicEntry, TopicOverride
from biaozhun.standards.services import topics
from biaozhun.standards.signals import catalogue_changed
from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def make_topic(**fields: Any) -> Topic:
    defaults = {"slug": "lighting", "name_zh": "灯饰照明"}
    defaults.update(fields)
    return topics.topic_save(topic=Topic(**defaults), by=None, refresh=False)


def members(topic: Topic) -> set[str]:
    return set(TopicEntry.objects.filter(topic=topic).values_list("edition__number", flat=True))


# --- parsing ---------------------------------------------------------------------------------


def test_ccs_ranges_are_expanded_and_prefixes_upper_cased() -> None:
    assert topics.parse_ccs_prefixes("K70-K72\nw、y6, K70") == ["K70", "K71", "K72", "W", "Y6"]


@pytest.mark.parametrize("text", ["K7X", "70", "K74-K70", "K70-Y72", "KK"])
def test_a_ccs_item_that_is_no_prefix_is_refused_with_its_text(text: str) -> None:
    with pytest.raises(topics.RuleError) as caught:
        topics.parse_ccs_prefixes(text)
    assert caught.value.item


@pytest.mark.parametrize(
    ("text", "ok"), [("29", True), ("29.140", True), ("29.140.40", True), ("29.14", False), ("K70", False)]
)
def test_ics_prefixes_must_be_a_field_group_or_sub_group(text: str, ok: bool) -> None:
    if ok:
        assert topics.parse_ics_prefixes(text) == [text]
    else:
        with pytest.raises(topics.RuleError):
            topics.parse_ics_prefixes(text)


def test_levels_must_be_known_levels() -> None:
    assert topics.parse_levels("national, Local") == ["national", "local"]
    with pytest.raises(topics.RuleError):
        topics.parse_levels("provincial")


# --- matching --------------------------------------------------------------------------------


def test_a_ccs_prefix_matches_any_of_an_editions_codes() -> None:
    EditionFactory.create(number="GB 1-2020", ccs_codes="K72", title_zh="甲")
    EditionFactory.create(number="GB 2-2020", ccs_codes="A01;K74", title_zh="乙")
    EditionFactory.create(number="GB 3-2020", ccs_codes="K80", title_zh="丙")
    topic = make_topic(ccs_prefixes="K70-K74")

    topics.topics_refresh()

    assert members(topic) == {"GB 1-2020", "GB 2-2020"}


def test_an_ics_prefix_matches_whole_segments_only() -> None:
    EditionFactory.create(number="GB 1-2020", ics_codes="29.140.40", title_zh="甲")
    EditionFactory.create(number="GB 2-2020", ics_codes="01.040.29;29.140", title_zh="乙")
    EditionFactory.create(number="GB 3-2020", ics_codes="29.1401", title_zh="丙")
    EditionFactory.create(number="GB 4-2020", ics_codes="13.120;29.140.99;97.030", title_zh="丁")
    topic = make_topic(ics_prefixes="29.140")

    topics.topics_refresh()

    assert members(topic) == {"GB 1-2020", "GB 2-2020", "GB 4-2020"}


def test_keywords_match_the_chinese_title_or_the_english_one_ignoring_case() -> None:
    EditionFactory.create(number="GB 1-2020", title_zh="室内灯具安全", title_en="")
    EditionFactory.create(number="GB 2-2020", title_zh="其他", title_en="Road LUMINAIRES")
    EditionFactory.create(number="GB 3-2020", title_zh="钢管", title_en="Steel pipes")
    topic = make_topic(keywords="灯具\nluminaire")

    topics.topics_refresh()

    assert members(topic) == {"GB 1-2020", "GB 2-2020"}


def test_levels_restrict_the_rule_matches() -> None:
    EditionFactory.create(number="GB 1-2020", title_zh="灯具")
    EditionFactory.create(number="DB4420/T 1-2020", level=Level.LOCAL, title_zh="灯具")
    topic = make_topic(keywords="灯具", levels="local")

    topics.topics_refresh()

    assert members(topic) == {"DB4420/T 1-2020"}


def test_a_topic_without_prefixes_or_keywords_holds_only_its_inclusions() -> None:
    EditionFactory.create(number="GB 1-2020", title_zh="灯具")
    included = EditionFactory.create(number="GB 2-2020", title_zh="钢管")
    topic = make_topic(levels="national")
    topics.topic_override_set(topic=topic, edition=included, include=True, note="关键", by=None)

    topics.topics_refresh()

    assert members(topic) == {"GB 2-2020"}


# --- refresh: differences only, counts ----------------------------------------------------------


def test_refresh_writes_only_the_difference_and_keeps_counts() -> None:
    keep = EditionFactory.create(number="GB 1-2020", title_zh="灯具")
    leave = EditionFactory.create(number="GB 2-2020", title_zh="照明")
    topic = make_topic(keywords="灯具;照明")
    assert topics.topics_refresh() == {"topics": 1, "added": 2, "removed": 0, "members": 2}
    first_ids = dict(TopicEntry.objects.values_list("edition_id", "pk"))

    leave.title_zh = "钢管"
    leave.save()
    EditionFactory.create(number="GB 3-2020", title_zh="LED 照明")
    result = topics.topics_refresh(topics=[topic])

    assert result == {"topics": 1, "added": 1, "removed": 1, "members": 2}
    assert members(topic) == {"GB 1-2020", "GB 3-2020"}
    assert TopicEntry.objects.get(edition=keep).pk == first_ids[keep.pk]  # untouched, not rewritten
    topic.refresh_from_db()
    assert topic.member_count == 2
    assert topic.refreshed_at is not None


def test_a_refresh_that_changes_nothing_writes_nothing() -> None:
    EditionFactory.create(number="GB 1-2020", title_zh="灯具")
    make_topic(keywords="灯具")
    topics.topics_refresh()

    result = topics.topics_refresh()

    assert (result["added"], result["removed"]) == (0, 0)


def test_refresh_runs_a_fixed_number_of_queries_whatever_the_number_of_editions() -> None:
    for n in range(30):
        EditionFactory.create(number=f"GB {n + 1}-2020", title_zh="灯具")
    topic = make_topic(keywords="灯具")

    with CaptureQueriesContext(connection) as queries:
        topics.topics_refresh(topics=[topic])

    assert TopicEntry.objects.filter(topic=topic).count() == 30
    assert len(queries) < 15


# --- overrides -------------------------------------------------------------------------------


def test_an_exclusion_beats_the_rules_and_an_inclusion_is_marked_manual(personas: dict[str, Any]) -> None:
    matched = EditionFactory.create(number="GB 1-2020", title_zh="灯具")
    other = EditionFactory.create(number="GB 2-2020", title_zh="钢管")
    topic = make_topic(keywords="灯具")
    topics.topics_refresh()
    admin = personas["bureau_admin"]

    topics.topic_override_set(topic=topic, edition=matched, include=False, note="不是灯具", by=admin)
    topics.topic_override_set(topic=topic, edition=other, include=True, note="灯杆用钢管", by=admin)

    assert members(topic) == {"GB 2-2020"}
    assert TopicEntry.objects.get(topic=topic, edition=other).manual is True
    topics.topics_refresh()  # a full refresh agrees with the one-edition update
    assert members(topic) == {"GB 2-2020"}
    topic.refresh_from_db()
    assert topic.member_count == 1


def test_removing_an_override_hands_the_edition_back_to_the_rules_and_is_audited(
    personas: dict[str, Any],
) -> None:
    matched = EditionFactory.create(number="GB 1-2020", title_zh="灯具")
    topic = make_topic(keywords="灯具")
    override = topics.topic_override_set(
        topic=topic, edition=matched, include=False, note="误判", by=personas["bureau_admin"]
    )
    assert members(topic) == set()

    topics.topic_override_remove(override=override, by=personas["bureau_admin"])

    assert members(topic) == {"GB 1-2020"}
    assert not TopicOverride.objects.exists()
    event = AuditEvent.objects.filter(object_id=str(topic.pk), action=AuditAction.UPDATE).first()
    assert event is not None
    assert event.actor == personas["bureau_admin"]
    assert "GB 1-2020" in event.note


def test_overrides_and_topics_are_audited_saves(personas: dict[str, Any]) -> None:
    edition = EditionFactory.create(number="GB 1-2020", title_zh="钢管")
    topic = make_topic(keywords="灯具")
    topics.topic_override_set(
        topic=topic, edition=edition, include=True, note="需要", by=personas["bureau_admin"]
    )

    created = AuditEvent.objects.filter(action=AuditAction.CREATE).values_list("object_repr", flat=True)
    assert "灯饰照明" in list(created)
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, actor=personas["bureau_admin"], changes__note=[None, "需要"]
    ).exists()


@pytest.mark.parametrize("persona", ["enterprise_a", "department", "town", "expert"])
def test_only_the_bureau_may_change_a_topic(persona: str, personas: dict[str, Any]) -> None:
    edition = EditionFactory.create(number="GB 1-2020", title_zh="灯具")
    topic = make_topic(keywords="灯具")
    with pytest.raises(PermissionDenied):
        topics.topic_save(topic=Topic(slug="x", name_zh="x", keywords="x"), by=personas[persona])
    with pytest.raises(PermissionDenied):
        topics.topic_override_set(topic=topic, edition=edition, include=False, note="", by=personas[persona])


# --- staying current -------------------------------------------------------------------------


def test_saving_new_rules_refreshes_the_topic_after_commit(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    EditionFactory.create(number="GB 1-2020", title_zh="灯具")
    EditionFactory.create(number="GB 2-2020", title_zh="燃气灶")
    topic = make_topic(keywords="灯具")
    topics.topics_refresh()

    topic.keywords = "燃气灶"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        topics.topic_save(topic=topic, by=personas["bureau_admin"])

    assert len(callbacks) == 1
    assert members(topic) == {"GB 2-2020"}


def test_saving_without_a_rule_change_enqueues_nothing(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    topic = make_topic(keywords="灯具")
    topic.description = "新的说明"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        topics.topic_save(topic=topic, by=personas["bureau_admin"])
    assert callbacks == []


def test_a_catalogue_change_refreshes_every_topic_in_the_background(
    django_capture_on_commit_callbacks: Any,
) -> None:
    topic = make_topic(keywords="灯具")
    EditionFactory.create(number="GB 1-2020", title_zh="灯具")
    assert members(topic) == set()

    with django_capture_on_commit_callbacks(execute=True):
        catalogue_changed.send(sender=None, cause="import", run=None)

    assert members(topic) == {"GB 1-2020"}


def test_an_import_through_the_service_fills_the_topics(
    tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from biaozhun.standards import services

    topic = make_topic(ccs_prefixes="K70-K74")
    path = tmp_path / "catalogue.csv"
    path.write_text("std_code,name_cn,status,ccs\nGB 7000.1-2015,灯具 第1部分,现行,K70\n", encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        services.import_file(run=services.import_run_create(file_name=path.name, format="flat"), path=path)

    assert members(topic) == {"GB 7000.1-2015"}
