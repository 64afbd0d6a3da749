"""The pages: inspectors see only their objects, drawing from the page, errors naming the object."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from biaozhun.supervision.models import Assignment, Draw, PlanState, SpotCheckPlan
from biaozhun.supervision.tests import factories as f

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_objects(cast: Any) -> dict[str, Any]:
    """Two objects, each with its own two inspectors (conflicts keep the pairs apart)."""
    from biaozhun.supervision.models import ConflictDeclaration

    a = f.published_declaration(cast.orgs["enterprise_a"])
    b = f.published_declaration(cast.orgs["enterprise_b"])
    team_a = [f.inspector(), f.inspector()]
    team_b = [f.inspector(), f.inspector()]
    for user in team_a:
        ConflictDeclaration.objects.create(inspector=user, declaration=b, reason="回避")
    for user in team_b:
        ConflictDeclaration.objects.create(inspector=user, declaration=a, reason="回避")
    ConflictDeclaration.objects.create(inspector=cast.users["expert"], declaration=a, reason="回避")
    ConflictDeclaration.objects.create(inspector=cast.users["expert"], declaration=b, reason="回避")
    plan = f.drawn_plan(by=cast.users["bureau_admin"], declarations=[a, b], inspectors=team_a + team_b)
    assignments = {x.declaration_id: x for x in Assignment.objects.filter(plan=plan)}
    return {"plan": plan, "a": assignments[a.pk], "b": assignments[b.pk], "team_a": team_a, "team_b": team_b}


def test_an_inspector_sees_only_the_objects_assigned_to_them(two_objects: Any) -> None:
    response = signed_in(two_objects["team_a"][0]).get(reverse("supervision:inspector_assignments"))
    assert response.status_code == 200
    listed = list(response.context["page_obj"].object_list)
    assert listed == [two_objects["a"]]


def test_another_inspector_gets_a_404_for_an_object_not_assigned_to_them(two_objects: Any) -> None:
    client = signed_in(two_objects["team_b"][0])
    a = two_objects["a"]
    assert (
        client.get(reverse("supervision:assignment_detail", kwargs={"public_id": a.public_id})).status_code
        == 404
    )
    assert (
        client.get(reverse("supervision:inspection_new", kwargs={"public_id": a.public_id})).status_code
        == 404
    )
    own = two_objects["b"]
    assert (
        client.get(reverse("supervision:assignment_detail", kwargs={"public_id": own.public_id})).status_code
        == 200
    )


def test_an_inspector_records_an_inspection_from_the_page(two_objects: Any) -> None:
    a = two_objects["a"]
    response = signed_in(two_objects["team_a"][1]).post(
        reverse("supervision:inspection_new", kwargs={"public_id": a.public_id}),
        {
            "format_completeness": "pass",
            "indicators_baselines": "fail",
            "references_valid": "pass",
            "product_matches": "na",
            "conclusion": "non_compliant",
            "findings": "色温指标不符合\n缺少试验方法",
        },
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.state == "rectifying"
    assert a.inspections.get().findings.count() == 2


def test_the_inspection_form_shows_every_error_at_once(two_objects: Any) -> None:
    a = two_objects["a"]
    response = signed_in(two_objects["team_a"][0]).post(
        reverse("supervision:inspection_new", kwargs={"public_id": a.public_id}),
        {"conclusion": "non_compliant"},
    )
    assert response.status_code == 200
    assert len(response.context["form"].errors) >= 4


def test_an_enterprise_sees_its_own_spot_checks_only(two_objects: Any, client_for: Any) -> None:
    response = client_for("enterprise_a").get(reverse("supervision:enterprise_checks"))
    assert list(response.context["page_obj"].object_list) == [two_objects["a"]]
    b = two_objects["b"]
    other = client_for("enterprise_a").get(
        reverse("supervision:assignment_detail", kwargs={"public_id": b.public_id})
    )
    assert other.status_code == 404


def test_an_impossible_draw_is_shown_to_the_officer_naming_the_object(cast: Any, client_for: Any) -> None:
    declaration = f.published_declaration(cast.orgs["enterprise_a"], number="Q/JIA 001-2026")
    plan = f.plan(
        by=cast.users["bureau_admin"], sample_size=1, inspectors_per_object=3
    )  # pool: the expert only
    response = client_for("bureau_admin").post(
        reverse("supervision:plan_draw", kwargs={"public_id": plan.public_id})
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert str(declaration.public_id) in text
    assert "Q/JIA 001-2026" in text
    assert not Draw.objects.filter(plan=plan).exists()


def test_the_officer_creates_publishes_and_draws_a_plan_from_the_pages(cast: Any, client_for: Any) -> None:
    f.published_declaration(cast.orgs["enterprise_a"])
    f.inspector()
    client = client_for("bureau_admin")
    response = client.post(
        reverse("supervision:plan_new"),
        {
            "title": "2026年企业标准抽查",
            "year": 2026,
            "standard_kind": "any",
            "sample_size": 1,
            "inspectors_per_object": 2,
        },
    )
    assert response.status_code == 302
    plan = SpotCheckPlan.objects.get(title="2026年企业标准抽查")
    client.post(reverse("supervision:plan_publish_seed", kwargs={"public_id": plan.public_id}))
    client.post(reverse("supervision:plan_draw", kwargs={"public_id": plan.public_id}))
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAWN and plan.seed
    edit = client.get(reverse("supervision:plan_edit", kwargs={"public_id": plan.public_id}))
    assert edit.status_code == 302  # a drawn plan is not editable
    record = client_for("anonymous").get(
        reverse("supervision:draw_record", kwargs={"public_id": plan.public_id})
    )
    assert plan.draw.population_fingerprint in record.content.decode()


def test_a_plan_with_one_inspector_per_object_is_refused_on_the_form(client_for: Any) -> None:
    response = client_for("bureau_admin").post(
        reverse("supervision:plan_new"),
        {"title": "抽查", "year": 2026, "standard_kind": "any", "sample_size": 1, "inspectors_per_object": 1},
    )
    assert response.status_code == 200
    assert "inspectors_per_object" in response.context["form"].errors


def test_the_statistics_count_checks_per_year_and_town(two_objects: Any, client_for: Any) -> None:
    response = client_for("department").get(reverse("supervision:stats"))
    assert response.status_code == 200
    assert response.context["total"] == 2
