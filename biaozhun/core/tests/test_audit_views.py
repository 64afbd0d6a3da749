"""The bureau's audit trail pages: who may read them, filters, detail, history and Excel export."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from biaozhun.accounts.models import Organisation, OrganisationStatus, User
from biaozhun.accounts.tests.factories import OrganisationFactory
from biaozhun.core import audit_selectors
from biaozhun.core.audit import audit_context
from biaozhun.core.excel import XLSX_CONTENT_TYPE
from biaozhun.core.models import AuditAction, AuditEvent
from biaozhun.core.testing import BUREAU_ONLY, PERSONAS


def english(client: Client) -> Client:
    """Pages in English, so assertions do not depend on the state of the Chinese catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def bureau(client_for: Any) -> Client:
    return english(client_for("bureau_admin"))


def rows_of(response: Any) -> list[AuditEvent]:
    return [row.event for row in response.context["rows"]]


def org_type() -> ContentType:
    return ContentType.objects.get_for_model(Organisation)


def renamed(org: Organisation, name: str, *, by: Any = None, ip: str | None = None) -> AuditEvent:
    with audit_context(actor=by, ip_address=ip):
        org.name = name
        org.save()
    return AuditEvent.objects.filter(content_type=org_type(), object_id=str(org.pk)).first()  # type: ignore[return-value]


def any_event(cast: Any) -> AuditEvent:
    return AuditEvent.objects.filter(
        content_type=org_type(), object_id=str(cast.orgs["enterprise_a"].pk)
    ).first()  # type: ignore[return-value]


PAGES = {
    "list": lambda cast: reverse("audit:event_list"),
    "detail": lambda cast: reverse("audit:event_detail", args=[any_event(cast).pk]),
    "export": lambda cast: reverse("audit:event_export"),
    "history": lambda cast: reverse(
        "audit:object_history", args=[org_type().pk, cast.orgs["enterprise_a"].pk]
    ),
}


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_only_bureau_admins_read_the_audit_trail(page: str, persona: str, cast: Any, client_for: Any) -> None:
    response = client_for(persona).get(PAGES[page](cast))

    assert response.status_code == BUREAU_ONLY[persona]
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def test_the_list_shows_time_actor_organisation_action_object_and_changed_fields(
    cast: Any, bureau: Client
) -> None:
    org = cast.orgs["enterprise_a"]
    event = renamed(org, "甲示例照明有限公司", by=cast.users["enterprise_a"])

    response = bureau.get(reverse("audit:event_list"))

    assert response.status_code == 200
    row = response.context["rows"][0]
    assert row.event == event
    assert row.changed == ["Name"]
    html = response.content.decode()
    assert "persona_enterprise_a" in html
    assert "甲示例照明有限公司" in html
    assert reverse("audit:event_detail", args=[event.pk]) in html
    assert 'data-label="Changes"' in html


def test_the_list_is_paginated_by_fifty(cast: Any, bureau: Client) -> None:
    AuditEvent.objects.bulk_create(AuditEvent(action=AuditAction.EXPORT, note=f"n{i}") for i in range(60))
    total = AuditEvent.objects.count()

    first = bureau.get(reverse("audit:event_list"))
    last = bureau.get(reverse("audit:event_list"), {"page": first.context["page_obj"].paginator.num_pages})

    assert len(rows_of(first)) == 50
    assert first.context["page_obj"].paginator.count == total
    assert len(rows_of(last)) == total - 50 * (first.context["page_obj"].paginator.num_pages - 1)


def test_the_list_sorts_by_time_both_ways(cast: Any, bureau: Client) -> None:
    newest = bureau.get(reverse("audit:event_list"))
    oldest = bureau.get(reverse("audit:event_list"), {"sort": "time"})

    assert rows_of(newest)[0].created_at >= rows_of(newest)[-1].created_at
    assert rows_of(oldest)[0].created_at <= rows_of(oldest)[-1].created_at
    assert rows_of(oldest)[0] == AuditEvent.objects.order_by("created_at", "pk").first()


def test_filtering_by_actor_matches_part_of_the_user_name(cast: Any, bureau: Client) -> None:
    mine = renamed(cast.orgs["enterprise_a"], "甲一", by=cast.users["enterprise_a"])
    renamed(cast.orgs["enterprise_b"], "乙一", by=cast.users["enterprise_b"])

    events = rows_of(bureau.get(reverse("audit:event_list"), {"actor": "ENTERPRISE_A"}))

    assert mine in events
    assert {e.actor_label for e in events} == {"persona_enterprise_a"}


def test_filtering_by_organisation_action_object_type_and_id(cast: Any, bureau: Client) -> None:
    org_a, org_b = cast.orgs["enterprise_a"], cast.orgs["enterprise_b"]
    by_a = renamed(org_a, "甲二", by=cast.users["enterprise_a"])
    renamed(org_b, "乙二", by=cast.users["enterprise_b"])
    url = reverse("audit:event_list")

    by_organisation = rows_of(bureau.get(url, {"organisation": org_a.pk}))
    updates = rows_of(bureau.get(url, {"action": AuditAction.UPDATE}))
    organisations = rows_of(bureau.get(url, {"object_type": org_type().pk}))
    one_object = rows_of(bureau.get(url, {"object_type": org_type().pk, "object_id": org_b.pk}))

    assert by_organisation == [by_a]
    assert {e.action for e in updates} == {AuditAction.UPDATE}
    assert by_a in updates
    assert {e.content_type_id for e in organisations} == {org_type().pk}
    assert {e.object_id for e in one_object} == {str(org_b.pk)}
    assert len(one_object) == 2  # its creation and its rename


def test_the_object_type_filter_offers_only_types_in_the_trail_by_verbose_name(
    cast: Any, bureau: Client
) -> None:
    response = bureau.get(reverse("audit:event_list"))

    choices = dict(response.context["form"].fields["object_type"].choices)
    assert choices[org_type().pk] == "Organisation"
    assert choices[ContentType.objects.get_for_model(User).pk] == "User"
    assert ContentType.objects.get_for_model(ContentType).pk not in choices


def test_filtering_by_dates_includes_whole_local_days(cast: Any, bureau: Client) -> None:
    tz = timezone.get_current_timezone()
    early = AuditEvent.objects.create(
        action=AuditAction.EXPORT, note="early", created_at=dt.datetime(2024, 3, 1, 0, 30, tzinfo=tz)
    )
    late = AuditEvent.objects.create(
        action=AuditAction.EXPORT, note="late", created_at=dt.datetime(2024, 3, 2, 23, 50, tzinfo=tz)
    )
    url = reverse("audit:event_list")

    both = rows_of(bureau.get(url, {"date_from": "2024-03-01", "date_to": "2024-03-02"}))
    first_day = rows_of(bureau.get(url, {"date_from": "2024-03-01", "date_to": "2024-03-01"}))
    second_day = rows_of(bureau.get(url, {"date_from": "2024-03-02", "date_to": "2024-03-02"}))

    assert both == [late, early]
    assert first_day == [early]
    assert second_day == [late]


def test_an_end_date_before_the_start_date_is_reported(cast: Any, bureau: Client) -> None:
    response = bureau.get(reverse("audit:event_list"), {"date_from": "2024-03-02", "date_to": "2024-03-01"})

    assert response.status_code == 200
    assert "date_to" in response.context["form"].errors
    assert "error-summary" in response.content.decode()


def test_free_text_searches_object_names_and_notes(cast: Any, bureau: Client) -> None:
    by_name = renamed(cast.orgs["enterprise_a"], "独特名称灯饰", by=cast.users["enterprise_a"])
    by_note = AuditEvent.objects.create(action=AuditAction.LOGIN_FAILED, note="独特名称的用户")

    events = rows_of(bureau.get(reverse("audit:event_list"), {"q": "独特名称"}))

    assert events == [by_note, by_name]


def test_a_filter_matching_nothing_shows_an_empty_state(cast: Any, bureau: Client) -> None:
    response = bureau.get(reverse("audit:event_list"), {"q": "没有这样的记录"})

    assert rows_of(response) == []
    assert "No events match these filters" in response.content.decode()


def test_the_detail_shows_every_change_with_field_names_and_resolved_references(
    cast: Any, bureau: Client
) -> None:
    org = OrganisationFactory.create(status=OrganisationStatus.PENDING, name="待审示例有限公司")
    reviewer = cast.users["bureau_admin"]
    with audit_context(actor=reviewer, ip_address="198.51.100.4"):
        org.status = OrganisationStatus.ACTIVE
        org.reviewed_by = reviewer
        org.save()
    event = AuditEvent.objects.filter(content_type=org_type(), object_id=str(org.pk)).first()
    assert event is not None

    response = bureau.get(reverse("audit:event_detail", args=[event.pk]))

    assert response.status_code == 200
    changes = {c.label: (c.before, c.after) for c in response.context["changes"]}
    assert changes == {
        "Status": ("Awaiting approval", "Active"),
        "Reviewed by": ("", f"{reviewer.pk} ({reviewer})"),
    }
    html = response.content.decode()
    assert "198.51.100.4" in html
    assert "persona_bureau_admin" in html
    assert reverse("audit:object_history", args=[org_type().pk, org.pk]) in html


def test_the_detail_keeps_unknown_fields_and_ids_of_vanished_objects_readable(
    cast: Any, bureau: Client
) -> None:
    event = AuditEvent.objects.create(
        action=AuditAction.UPDATE,
        content_type=org_type(),
        object_id="999999",
        object_repr="已不存在的企业",
        changes={"retired_field": ["a", "b"], "reviewed_by": [None, 999999]},
    )

    response = bureau.get(reverse("audit:event_detail", args=[event.pk]))

    changes = {c.label: (c.before, c.after) for c in response.context["changes"]}
    assert changes == {"retired_field": ("a", "b"), "Reviewed by": ("", "999999")}


def test_a_missing_event_is_a_404(cast: Any, bureau: Client) -> None:
    assert bureau.get(reverse("audit:event_detail", args=[987654])).status_code == 404


def test_object_history_lists_only_that_objects_events(cast: Any, bureau: Client) -> None:
    org = cast.orgs["enterprise_b"]
    renamed(org, "乙示例电器股份有限公司", by=cast.users["enterprise_b"])
    renamed(cast.orgs["enterprise_a"], "甲三", by=cast.users["enterprise_a"])

    response = bureau.get(reverse("audit:object_history", args=[org_type().pk, org.pk]))

    events = rows_of(response)
    assert [e.action for e in events] == [AuditAction.UPDATE, AuditAction.CREATE]
    assert {e.object_id for e in events} == {str(org.pk)}
    assert response.context["object_label"] == "乙示例电器股份有限公司"


def test_object_history_of_a_vanished_object_is_named_by_its_last_recorded_text(
    cast: Any, bureau: Client
) -> None:
    AuditEvent.objects.create(
        action=AuditAction.CREATE, content_type=org_type(), object_id="424242", object_repr="旧企业"
    )

    response = bureau.get(reverse("audit:object_history", args=[org_type().pk, "424242"]))

    assert response.status_code == 200
    assert response.context["current"] is None
    assert response.context["object_label"] == "旧企业"


def test_object_history_of_an_unknown_type_is_a_404(cast: Any, bureau: Client) -> None:
    assert bureau.get(reverse("audit:object_history", args=[987654, "1"])).status_code == 404


def load_sheet(response: Any) -> list[tuple[Any, ...]]:
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    workbook = load_workbook(BytesIO(response.content))
    return list(workbook.active.iter_rows(values_only=True))


def test_export_is_a_real_workbook_of_the_filtered_events(cast: Any, bureau: Client) -> None:
    org = cast.orgs["enterprise_a"]
    event = renamed(org, "甲示例照明有限公司", by=cast.users["enterprise_a"], ip="203.0.113.9")

    response = bureau.get(
        reverse("audit:event_export"), {"actor": "persona_enterprise_a", "action": "update"}
    )

    rows = load_sheet(response)
    with translation.override("en"):
        assert list(rows[0]) == audit_selectors.audit_export_headers()
    assert len(rows) == 2
    time, actor, organisation, action, object_type, object_id, obj, changes, ip, note = rows[1]
    assert abs(time - timezone.localtime(event.created_at).replace(tzinfo=None)) < dt.timedelta(seconds=1)
    assert (actor, organisation, action, object_type) == (
        "persona_enterprise_a",
        org.name,
        "Update",
        "Organisation",
    )
    assert (object_id, obj, ip) == (str(org.pk), "甲示例照明有限公司", "203.0.113.9")
    assert changes == "Name: 甲示例灯饰有限公司 → 甲示例照明有限公司"
    assert note is None


def test_export_records_an_export_event(cast: Any, bureau: Client) -> None:
    bureau.get(reverse("audit:event_export"), {"action": "create"})

    event = AuditEvent.objects.filter(action=AuditAction.EXPORT).get()
    assert event.actor == cast.users["bureau_admin"]
    assert event.organisation == cast.orgs["bureau"]
    assert "action=create" in event.note


def test_export_is_capped_and_says_so(cast: Any, bureau: Client, monkeypatch: Any) -> None:
    monkeypatch.setattr(audit_selectors, "EXPORT_CAP", 3)

    response = bureau.get(reverse("audit:event_export"))
    follow_up = bureau.get(reverse("audit:event_list"))

    assert len(load_sheet(response)) == 1 + 3
    messages = [str(m) for m in follow_up.context["messages"]]
    assert any("Only the first 3 of" in m for m in messages)
    assert follow_up.context["over_cap"] is True


def test_bureau_admins_get_the_audit_trail_in_their_menu(cast: Any, client_for: Any) -> None:
    bureau_nav = english(client_for("bureau_admin")).get(reverse("core:dashboard")).context["nav_items"]
    enterprise_nav = english(client_for("enterprise_a")).get(reverse("core:dashboard")).context["nav_items"]

    assert "audit:event_list" in [item.url_name for item in bureau_nav]
    assert "audit:event_list" not in [item.url_name for item in enterprise_nav]


def test_bureau_admins_see_recent_changes_on_their_dashboard(cast: Any, client_for: Any) -> None:
    event = renamed(cast.orgs["enterprise_a"], "甲四", by=cast.users["enterprise_a"])

    bureau_panels = english(client_for("bureau_admin")).get(reverse("core:dashboard")).context["panels"]
    officer_panels = english(client_for("department")).get(reverse("core:dashboard")).context["panels"]

    (recent,) = [p for p in bureau_panels if str(p.title) == "Recent changes"]
    assert (reverse("audit:event_detail", args=[event.pk])) in [url for _text, url in recent.items]
    assert any("甲四" in text for text, _url in recent.items)
    assert len(recent.items) <= audit_selectors.RECENT_LIMIT
    assert recent.more_url == reverse("audit:event_list")
    assert all(str(p.title) != "Recent changes" for p in officer_panels)
