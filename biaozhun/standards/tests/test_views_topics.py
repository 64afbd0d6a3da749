"""Thematic database pages: the public list and page, the export, and the bureau's editing."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from openpyxl import load_workbook

from biaozhun.core.models import AuditAction, AuditEvent
from biaozhun.standards.models import Level, Status, Topic, TopicEntry, TopicOverride
from biaozhun.standards.services import topics as topic_services
from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db
NON_BUREAU = ["enterprise_a", "enterprise_b", "department", "other_department", "town", "expert"]


@pytest.fixture
def lighting() -> Topic:
    EditionFactory.create(number="GB 7000.1-2015", title_zh="灯具 第1部分：一般要求与试验", ccs_codes="K70")
    EditionFactory.create(
        number="DB4420/T 1-2012",
        level=Level.LOCAL,
        title_zh="灯饰产品通用要求",
        implemented_on=dt.date(2012, 1, 1),
    )
    EditionFactory.create(number="GB 7000.1-2007", title_zh="灯具 旧版", status=Status.REPLACED)
    EditionFactory.create(number="GB/T 12771-2019", title_zh="流体输送用不锈钢焊接钢管")
    topic = topic_services.topic_save(
        topic=Topic(slug="lighting", name_zh="灯饰照明", name_en="Lighting", keywords="灯具\n灯饰"),
        by=None,
        refresh=False,
    )
    topic_services.topics_refresh()
    topic.refresh_from_db()
    return topic


def test_the_list_shows_published_databases_with_their_counts(client_for: Any, lighting: Topic) -> None:
    Topic.objects.create(slug="draft", name_zh="草稿库", is_published=False)

    page = client_for("anonymous").get("/standards/topics/").content.decode()

    assert "灯饰照明" in page and "草稿库" not in page
    assert ">3<" in page


def test_a_databases_page_shows_figures_and_members_filtered_and_sorted(
    client_for: Any, lighting: Topic
) -> None:
    client = client_for("anonymous")

    page = client.get("/standards/topics/lighting/").content.decode()
    local = client.get("/standards/topics/lighting/", {"level": "local"}).content.decode()
    current = client.get(
        "/standards/topics/lighting/", {"status": "current", "sort": "-number"}
    ).content.decode()

    assert "GB 7000.1-2015" in page and "GB/T 12771-2019" not in page
    assert "10 years or more" in page or "10年及以上" in page
    assert "DB4420/T 1-2012" in local and "GB 7000.1-2015" not in local
    assert "GB 7000.1-2007" not in current
    assert current.index("GB 7000.1-2015") < current.index("DB4420/T 1-2012")


def test_an_unpublished_database_is_a_404_for_the_public_and_visible_to_the_bureau(
    client_for: Any, lighting: Topic
) -> None:
    lighting.is_published = False
    lighting.save()

    for persona in ["anonymous", *NON_BUREAU]:
        assert client_for(persona).get("/standards/topics/lighting/").status_code == 404
        assert client_for(persona).get("/standards/topics/lighting/export.xlsx").status_code == 404
    assert client_for("bureau_admin").get("/standards/topics/lighting/").status_code == 200


def test_the_export_holds_the_filtered_members_and_is_audited(client_for: Any, lighting: Topic) -> None:
    response = client_for("anonymous").get("/standards/topics/lighting/export.xlsx", {"status": "current"})

    sheet = load_workbook(BytesIO(response.content)).active
    numbers = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert numbers == {"GB 7000.1-2015", "DB4420/T 1-2012"}
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(lighting.pk)).exists()


def test_an_editions_page_names_its_databases(client_for: Any, lighting: Topic) -> None:
    page = client_for("anonymous").get("/standards/GB 7000.1-2015/").content.decode()
    assert 'href="/standards/topics/lighting/"' in page


@pytest.mark.parametrize("persona", NON_BUREAU)
def test_nobody_but_the_bureau_can_create_or_edit_a_database(
    persona: str, client_for: Any, lighting: Topic
) -> None:
    client = client_for(persona)
    data = {"name_zh": "改名", "slug": "lighting", "keywords": "灯", "order": 1}

    assert client.post("/standards/topics/new/", {**data, "slug": "mine"}).status_code == 403
    assert client.post("/standards/topics/lighting/edit/", data).status_code == 403
    assert (
        client.post("/standards/topics/lighting/overrides/", {"number": "GB 7000.1-2015"}).status_code == 403
    )
    assert not Topic.objects.filter(slug="mine").exists()
    lighting.refresh_from_db()
    assert lighting.name_zh == "灯饰照明"


def test_anonymous_visitors_are_sent_to_sign_in_to_edit(client_for: Any, lighting: Topic) -> None:
    response = client_for("anonymous").get("/standards/topics/lighting/edit/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_bureau_creates_a_database_and_it_fills_after_commit(
    client_for: Any, lighting: Topic, django_capture_on_commit_callbacks: Any
) -> None:
    EditionFactory.create(number="GB 16410-2020", title_zh="家用燃气灶具", ccs_codes="Q82")
    client = client_for("bureau_admin")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/standards/topics/new/",
            {
                "name_zh": "燃气具",
                "slug": "gas-appliances",
                "ccs_prefixes": "Q82",
                "keywords": "燃气灶",
                "levels": ["national"],
                "is_published": "on",
                "order": 30,
            },
        )

    topic = Topic.objects.get(slug="gas-appliances")
    assert response.status_code == 302 and response["Location"] == "/standards/topics/gas-appliances/"
    assert topic.levels == "national"
    assert set(topic.entries.values_list("edition__number", flat=True)) == {"GB 16410-2020"}
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(topic.pk)).exists()


def test_the_form_shows_every_rule_error_at_once(client_for: Any, lighting: Topic) -> None:
    response = client_for("bureau_admin").post(
        "/standards/topics/lighting/edit/",
        {
            "name_zh": "灯饰照明",
            "slug": "lighting",
            "ccs_prefixes": "K7X",
            "ics_prefixes": "29.14",
            "order": 10,
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in page
    assert "K7X" in page and "29.14" in page


def test_the_form_refuses_codes_missing_from_loaded_code_lists(client_for: Any, lighting: Topic) -> None:
    from biaozhun.reference.models import CCSCode, ICSCode

    CCSCode.objects.create(code="K70", level=3, name_zh="电气照明综合")
    ICSCode.objects.create(code="29.140", level=2, field_code="29", title_en="Lamps and related equipment")

    response = client_for("bureau_admin").post(
        "/standards/topics/lighting/edit/",
        {
            "name_zh": "灯饰照明",
            "slug": "lighting",
            "ccs_prefixes": "K70\nK77",
            "ics_prefixes": "29.140\n29.150",
            "order": 10,
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "K77" in page and "29.150" in page


def test_the_bureau_excludes_a_standard_then_removes_the_exclusion_after_confirming(
    client_for: Any, lighting: Topic
) -> None:
    client = client_for("bureau_admin")

    response = client.post(
        "/standards/topics/lighting/overrides/",
        {"number": "GB 7000.1-2015", "choice": "exclude", "note": "不属于本库"},
    )
    assert response.status_code == 302
    override = TopicOverride.objects.get()
    assert not TopicEntry.objects.filter(topic=lighting, edition__number="GB 7000.1-2015").exists()

    confirm = client.get(f"/standards/topics/lighting/overrides/{override.pk}/remove/")
    assert confirm.status_code == 200 and "csrfmiddlewaretoken" in confirm.content.decode()
    assert TopicOverride.objects.exists()  # nothing removed by looking

    client.post(f"/standards/topics/lighting/overrides/{override.pk}/remove/")
    assert not TopicOverride.objects.exists()
    assert TopicEntry.objects.filter(topic=lighting, edition__number="GB 7000.1-2015").exists()


def test_an_unknown_number_is_reported_on_the_override_form(client_for: Any, lighting: Topic) -> None:
    response = client_for("bureau_admin").post(
        "/standards/topics/lighting/overrides/", {"number": "GB 99999-2099", "choice": "include", "note": "x"}
    )
    assert response.status_code == 200
    assert not TopicOverride.objects.exists()
    assert "error-summary" in response.content.decode()


def test_an_override_is_not_reachable_through_another_databases_address(
    client_for: Any, lighting: Topic
) -> None:
    other = Topic.objects.create(slug="other", name_zh="其他")
    edition = EditionFactory.create(number="GB 1-2020")
    override = TopicOverride.objects.create(topic=other, edition=edition, include=True)

    response = client_for("bureau_admin").post(f"/standards/topics/lighting/overrides/{override.pk}/remove/")

    assert response.status_code == 404
    assert TopicOverride.objects.filter(pk=override.pk).exists()
