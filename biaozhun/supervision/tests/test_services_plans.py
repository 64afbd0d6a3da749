"""The plan's life through the services: seed, the one draw, its public record, and what is frozen."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from biaozhun.declarations.models import StandardKind
from biaozhun.supervision import sampling
from biaozhun.supervision.models import (
    Assignment,
    AssignmentInspector,
    ConflictDeclaration,
    Draw,
    ImmutableError,
    PlanState,
    SpotCheckPlan,
)
from biaozhun.supervision.services import plans as services
from biaozhun.supervision.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(cast: Any) -> dict[str, Any]:
    """Two towns, six enterprises with one published declaration each, four inspectors."""
    north, south = f.town("北镇"), f.town("南镇")
    declarations = [
        f.published_declaration(f.enterprise(in_town=north if n % 2 else south)) for n in range(6)
    ]
    inspectors = [f.inspector(organisation=f.enterprise(in_town=north if n % 2 else south)) for n in range(4)]
    return {"north": north, "south": south, "declarations": declarations, "inspectors": inspectors}


def selection(plan: SpotCheckPlan) -> list[dict[str, Any]]:
    return Draw.objects.get(plan=plan).result["selection"]


def test_the_service_draw_is_the_pure_draw_of_its_recorded_input(cast: Any, world: Any) -> None:
    plan = f.plan(by=cast.users["bureau_admin"], sample_size=3)
    record = services.plan_draw(plan=plan, by=cast.users["bureau_admin"])
    recomputed = sampling.draw(sampling.plan_from_json(record.input_json())).as_json()
    assert recomputed == record.result
    assert record.population_size == 6
    assert len(record.result["selection"]) == 3
    assigned = [
        (str(a.declaration.public_id), [str(i.inspector_id) for i in a.inspectors.all()])
        for a in Assignment.objects.filter(plan=plan).order_by("position")
    ]
    assert assigned == [(row["id"], row["inspectors"]) for row in record.result["selection"]]
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAWN


def test_recomputing_from_the_public_record_with_the_command_reproduces_the_stored_selection(
    cast: Any, world: Any, client_for: Any, tmp_path: Any
) -> None:
    plan = f.drawn_plan(
        by=cast.users["bureau_admin"], declarations=world["declarations"][:4], inspectors=world["inspectors"]
    )
    response = client_for("anonymous").get(f"/supervision/draws/{plan.public_id}/record.json")
    assert response.status_code == 200
    record_file = tmp_path / "record.json"
    record_file.write_bytes(response.content)
    out = io.StringIO()
    call_command("spotcheck_draw", "--input", str(record_file), stdout=out)
    assert json.loads(out.getvalue()) == Draw.objects.get(plan=plan).result


def test_two_plans_with_the_same_seed_and_population_draw_the_same(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    first = f.plan(by=admin, sample_size=3, seed="same")
    second = f.plan(by=admin, sample_size=3, seed="same")
    services.plan_draw(plan=first, by=admin)
    services.plan_draw(plan=second, by=admin)
    assert selection(first) == selection(second)


def test_a_different_seed_gives_a_different_selection(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plans = [f.plan(by=admin, sample_size=3, seed=seed) for seed in ("seed-a", "seed-b", "seed-c")]
    for plan in plans:
        services.plan_draw(plan=plan, by=admin)
    assert len({json.dumps(selection(p)) for p in plans}) > 1


def test_avoidance_keeps_inspectors_away_from_their_own_organisation_town_and_declared_conflicts(
    cast: Any, world: Any
) -> None:
    admin = cast.users["bureau_admin"]
    first_inspector = world["inspectors"][0]
    conflict_with = world["declarations"][1]
    ConflictDeclaration.objects.create(
        inspector=first_inspector, declaration=conflict_with, reason="亲属在该企业任职"
    )
    plan = f.plan(by=admin, sample_size=6, avoid_same_town=True)
    services.plan_draw(plan=plan, by=admin)
    for link in AssignmentInspector.objects.filter(assignment__plan=plan).select_related(
        "assignment__declaration__organisation", "inspector"
    ):
        enterprise = link.assignment.declaration.organisation
        inspector_org = link.inspector.primary_organisation
        assert inspector_org is not None
        assert inspector_org.pk != enterprise.pk
        assert inspector_org.town_id != enterprise.town_id
        assert not (link.inspector == first_inspector and link.assignment.declaration == conflict_with)


def test_an_impossible_plan_fails_naming_the_object_and_stores_nothing(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin, sample_size=6, inspectors_per_object=5, avoid_same_town=True)
    with pytest.raises(services.PlanDrawError) as caught:
        services.plan_draw(plan=plan, by=admin)
    assert caught.value.object_id
    assert caught.value.object_id in " ".join(caught.value.messages)
    assert not Draw.objects.filter(plan=plan).exists()
    assert not Assignment.objects.filter(plan=plan).exists()
    plan.refresh_from_db()
    assert plan.state == PlanState.SEED_PUBLISHED


def test_a_sample_larger_than_the_population_is_refused_with_both_numbers(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin, sample_size=50)
    with pytest.raises(services.PlanDrawError, match=r"50.*6"):
        services.plan_draw(plan=plan, by=admin)


def test_the_seed_must_be_published_before_the_draw(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin, publish_seed=False)
    with pytest.raises(services.PlanDrawError, match="公布随机种子"):
        services.plan_draw(plan=plan, by=admin)
    published = services.plan_publish_seed(plan=plan, by=admin)
    assert published.seed_published_at is not None
    assert published.state == PlanState.SEED_PUBLISHED


def test_publishing_without_a_seed_publishes_a_random_one(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin, seed="", publish_seed=False)
    published = services.plan_publish_seed(plan=plan, by=admin)
    assert len(published.seed) == 32


def test_a_plan_is_drawn_only_once(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin)
    services.plan_draw(plan=plan, by=admin)
    with pytest.raises(services.PlanDrawError, match="已经抽取"):
        services.plan_draw(plan=plan, by=admin)
    assert Draw.objects.filter(plan=plan).count() == 1


def test_a_drawn_plan_cannot_be_edited_through_the_service(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin)
    services.plan_draw(plan=plan, by=admin)
    for change in ({"seed": "another"}, {"sample_size": 1}, {"town": world["north"]}):
        with pytest.raises(ValidationError, match="草稿"):
            services.plan_update(plan=plan, by=admin, **change)
    with pytest.raises(ValidationError):
        services.plan_publish_seed(plan=plan, by=admin, seed="another")
    plan.refresh_from_db()
    assert plan.seed == "2026-12-01 福利彩票 03 17 22"


def test_a_plan_with_a_published_seed_cannot_be_edited(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin)
    with pytest.raises(ValidationError, match="草稿"):
        services.plan_update(plan=plan, by=admin, seed="chosen after seeing the population")


def test_a_recorded_draw_refuses_to_be_saved_again_updated_or_deleted(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin)
    record = services.plan_draw(plan=plan, by=admin)
    record.result = {"selection": []}
    with pytest.raises(ImmutableError):
        record.save()
    with pytest.raises(ImmutableError):
        Draw.objects.filter(pk=record.pk).update(seed="x")
    with pytest.raises(ImmutableError):
        record.delete()
    with pytest.raises(ImmutableError):
        Draw.objects.filter(pk=record.pk).delete()
    assert Draw.objects.get(pk=record.pk).result["selection"]


def test_a_draft_plan_can_be_edited(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin, publish_seed=False)
    services.plan_update(plan=plan, by=admin, title="改名", sample_size=4)
    plan.refresh_from_db()
    assert (plan.title, plan.sample_size) == ("改名", 4)


def test_fewer_than_two_inspectors_per_object_is_refused(cast: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        f.plan(by=cast.users["bureau_admin"], inspectors_per_object=1, publish_seed=False)
    assert "inspectors_per_object" in caught.value.message_dict


def test_a_plan_needs_a_size_or_a_share_but_not_both(cast: Any) -> None:
    with pytest.raises(ValidationError):
        f.plan(by=cast.users["bureau_admin"], sample_size=None, publish_seed=False)
    with pytest.raises(ValidationError):
        f.plan(by=cast.users["bureau_admin"], sample_size=3, sample_ratio=10, publish_seed=False)


def test_a_share_of_the_population_is_rounded_up(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    plan = f.plan(by=admin, sample_size=None, sample_ratio=20)
    record = services.plan_draw(plan=plan, by=admin)
    assert record.sample_size == 2  # 20 % of 6 = 1.2 → 2


def test_the_population_follows_the_plans_filters(cast: Any, world: Any) -> None:
    admin = cast.users["bureau_admin"]
    group = f.published_declaration(f.enterprise(in_town=world["north"]), kind=StandardKind.CATALOGUE)
    group_only = f.plan(by=admin, standard_kind="group", sample_size=1, publish_seed=False)
    assert [c.id for c in services.plan_population(group_only)] == [str(group.public_id)]
    in_north = f.plan(by=admin, town=world["north"], publish_seed=False)
    expected = sorted(
        str(d.public_id)
        for d in [*world["declarations"], group]
        if d.organisation.town_id == world["north"].pk
    )
    assert [c.id for c in services.plan_population(in_north)] == expected


def test_the_inspector_pool_holds_inspectors_and_experts_with_their_town(cast: Any, world: Any) -> None:
    pool = {i.id: i for i in services.inspector_pool()}
    assert str(cast.users["expert"].pk) in pool
    assert str(cast.users["bureau_admin"].pk) not in pool
    first = world["inspectors"][0]
    assert pool[str(first.pk)].town == str(first.primary_organisation.town_id)


def test_the_population_keeps_only_declarations_published_in_the_period(cast: Any) -> None:
    admin = cast.users["bureau_admin"]
    when = dt.datetime(2025, 6, 1, 10, 0, tzinfo=dt.UTC)
    old = f.published_declaration(f.enterprise(), published_at=when)
    f.published_declaration(f.enterprise(), published_at=when + dt.timedelta(days=400))
    plan = f.plan(
        by=admin, published_from=dt.date(2025, 1, 1), published_to=dt.date(2025, 12, 31), publish_seed=False
    )
    assert [c.id for c in services.plan_population(plan)] == [str(old.public_id)]
