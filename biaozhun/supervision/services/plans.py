"""Spot-check plans: create and edit while draft, publish the seed, draw once, publish the results.

The draw is made once (``plan_draw``) and recorded in an immutable ``Draw`` holding the exact input
of ``sampling.draw``; there is no redraw. A plan's filters, seed and sizes are frozen from the
moment its seed is published, because the seed only protects the draw if the plan it applies to
cannot change afterwards.
"""

from __future__ import annotations

import math
import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from biaozhun.accounts.models import Membership, OrganisationKind, OrganisationStatus, Role
from biaozhun.core.notifications import NewNotification, notify_many
from biaozhun.declarations.models import Declaration
from biaozhun.declarations.selectors.population import population_rows
from biaozhun.supervision import sampling
from biaozhun.supervision.models import (
    Assignment,
    AssignmentInspector,
    AssignmentState,
    ConflictDeclaration,
    Draw,
    PlanState,
    SpotCheckPlan,
)

EDITABLE_FIELDS = (
    "title",
    "year",
    "standard_kind",
    "category",
    "town",
    "published_from",
    "published_to",
    "sample_size",
    "sample_ratio",
    "inspectors_per_object",
    "avoid_same_town",
    "seed",
)


def _require_draft(plan: SpotCheckPlan) -> None:
    if plan.state != PlanState.DRAFT or Draw.objects.filter(plan_id=plan.pk).exists():
        raise ValidationError(
            gettext("Only a draft plan can be changed: once its seed is published it is fixed.")
        )


def plan_create(*, by: Any, **fields: Any) -> SpotCheckPlan:
    """A new draft plan; ``fields`` are among ``EDITABLE_FIELDS``."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    plan = SpotCheckPlan(created_by=by, **fields)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: SpotCheckPlan, by: Any, **fields: Any) -> SpotCheckPlan:
    """Change a draft plan; refused once the seed is published or the plan is drawn."""
    plan = SpotCheckPlan.objects.select_for_update().get(pk=plan.pk)
    _require_draft(plan)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown plan fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_publish_seed(*, plan: SpotCheckPlan, by: Any, seed: str = "") -> SpotCheckPlan:
    """Publish the seed (a random one when the plan has none): from now the plan is fixed and can be drawn."""
    plan = SpotCheckPlan.objects.select_for_update().get(pk=plan.pk)
    _require_draft(plan)
    plan.seed = (seed or plan.seed).strip() or secrets.token_hex(16)
    plan.full_clean()
    plan.seed_published_at = timezone.now()
    plan.state = PlanState.SEED_PUBLISHED
    plan.save()
    return plan


def inspector_of(membership: Membership) -> tuple[str, str, str]:
    """(id, org, town) of a pool member as the draw sees them: a town's own staff are in that town."""
    organisation = membership.organisation
    if organisation.kind == OrganisationKind.TOWN:
        town = str(organisation.pk)
    else:
        town = str(organisation.town_id) if organisation.town_id else ""
    return str(membership.user_id), str(organisation.pk), town


def inspector_pool() -> list[sampling.Inspector]:
    """Everyone holding the inspector or expert role in an active membership, with their conflicts;
    a person with several such memberships counts once, by their first."""
    memberships = (
        Membership.objects.filter(
            role__in=[Role.INSPECTOR, Role.EXPERT],
            is_active=True,
            user__is_active=True,
            organisation__status=OrganisationStatus.ACTIVE,
            organisation__archived_at__isnull=True,
        )
        .select_related("organisation")
        .order_by("user_id", "id")
    )
    conflicts: dict[int, set[str]] = {}
    for user_id, organisation_id, public_id in ConflictDeclaration.objects.values_list(
        "inspector_id", "organisation_id", "declaration__public_id"
    ):
        named = conflicts.setdefault(user_id, set())
        if organisation_id:
            named.add(str(organisation_id))
        if public_id:
            named.add(str(public_id))
    pool: dict[str, sampling.Inspector] = {}
    for membership in memberships:
        identifier, org, town = inspector_of(membership)
        if identifier not in pool:
            pool[identifier] = sampling.Inspector(
                identifier, org, town, frozenset(conflicts.get(membership.user_id, ()))
            )
    return sorted(pool.values(), key=lambda i: i.id)


def plan_population(plan: SpotCheckPlan) -> list[sampling.Candidate]:
    """The plan's population in canonical order (``Candidate`` ids are declarations' public ids)."""
    rows = population_rows(
        standard_kind=plan.standard_kind,
        category_id=plan.category_id,
        town_id=plan.town_id,
        published_from=plan.published_from,
        published_to=plan.published_to,
    )
    return sampling.canonical_population(
        sampling.Candidate(row.public_id, str(row.organisation_id), str(row.town_id or "")) for row in rows
    )


def sample_size_for(plan: SpotCheckPlan, population_size: int) -> int:
    """The fixed number, or the share of the population rounded up (at least one object)."""
    if plan.sample_size is not None:
        return plan.sample_size
    share = Decimal(plan.sample_ratio or 0) * population_size / 100
    return max(1, math.ceil(share)) if population_size else 0


class PlanDrawError(ValidationError):
    """The draw cannot be made; the message is for the officer and names the object at fault."""

    def __init__(self, message: str, *, object_id: str | None = None) -> None:
        super().__init__(message)
        self.object_id = object_id


def _draw_error_message(error: sampling.DrawError, sample_size: int, population_size: int) -> str:
    if error.object_id:
        declaration = (
            Declaration.objects.select_related("organisation", "current")
            .filter(public_id=error.object_id)
            .first()
        )
        name = str(declaration) if declaration else error.object_id
        return gettext(
            "The draw cannot be made: not enough eligible inspectors for %(object)s (%(id)s). "
            "Add inspectors to the pool, lower the inspectors per object or allow inspectors of the same town."
        ) % {"object": name, "id": error.object_id}
    if sample_size > population_size:
        return gettext(
            "The draw cannot be made: %(size)s objects are asked for but the population has %(population)s."
        ) % {"size": sample_size, "population": population_size}
    return gettext("The draw cannot be made: %(reason)s") % {"reason": error}


def plan_draw(*, plan: SpotCheckPlan, by: Any) -> Draw:
    """Draw the objects and inspectors of a plan whose seed is published, once, and record it.

    Raises ``PlanDrawError`` when the plan is not ready, was drawn already, or cannot be drawn
    (``sampling.DrawError``); nothing is stored then.
    """
    with transaction.atomic():
        plan = SpotCheckPlan.objects.select_for_update().get(pk=plan.pk)
        if Draw.objects.filter(plan_id=plan.pk).exists() or plan.is_drawn:
            raise PlanDrawError(gettext("This plan has been drawn already; a draw is never repeated."))
        if plan.state != PlanState.SEED_PUBLISHED or not plan.seed_published_at:
            raise PlanDrawError(gettext("Publish the seed before drawing."))
        population = plan_population(plan)
        inspectors = inspector_pool()
        sample_size = sample_size_for(plan, len(population))
        plan_input = sampling.Plan(
            seed=plan.seed,
            sample_size=sample_size,
            inspectors_per_object=plan.inspectors_per_object,
            population=tuple(population),
            inspectors=tuple(inspectors),
            avoid_same_town=plan.avoid_same_town,
        )
        try:
            result = sampling.draw(plan_input)
        except sampling.DrawError as error:
            raise PlanDrawError(
                _draw_error_message(error, sample_size, len(population)), object_id=error.object_id
            ) from error
        now = timezone.now()
        record = Draw.objects.create(
            plan=plan,
            algorithm=result.algorithm,
            seed=plan.seed,
            sample_size=sample_size,
            inspectors_per_object=plan.inspectors_per_object,
            avoid_same_town=plan.avoid_same_town,
            population_fingerprint=result.population_fingerprint,
            population_size=len(population),
            population=[{"id": c.id, "org": c.org, "town": c.town} for c in population],
            inspectors=[
                {"id": i.id, "org": i.org, "town": i.town, "conflicts": sorted(i.conflicts)}
                for i in inspectors
            ],
            result=result.as_json(),
            drawn_at=now,
            drawn_by=by,
        )
        declarations = dict(
            Declaration.objects.filter(public_id__in=[a.id for a in result.selection]).values_list(
                "public_id", "pk"
            )
        )
        by_public_id = {str(k): v for k, v in declarations.items()}
        assignments = Assignment.objects.bulk_create(
            Assignment(
                plan=plan, declaration_id=by_public_id[a.id], position=n, state=AssignmentState.ASSIGNED
            )
            for n, a in enumerate(result.selection, start=1)
        )
        AssignmentInspector.objects.bulk_create(
            AssignmentInspector(assignment=assignment, inspector_id=int(inspector), position=k)
            for assignment, drawn in zip(assignments, result.selection, strict=True)
            for k, inspector in enumerate(drawn.inspectors, start=1)
        )
        plan.state = PlanState.DRAWN
        plan.save()
        transaction.on_commit(lambda: _tell_inspectors(plan))
    return record


def _tell_inspectors(plan: SpotCheckPlan) -> None:
    url = reverse("supervision:inspector_assignments")
    inspectors = (
        AssignmentInspector.objects.filter(assignment__plan=plan)
        .values_list("inspector_id", flat=True)
        .distinct()
    )
    notify_many(
        NewNotification(
            recipient_id=user_id,
            kind="supervision.assigned",
            subject=gettext("You were drawn to inspect objects of %(plan)s") % {"plan": plan},
            url=url,
            dedupe_key=f"supervision:assigned:{plan.pk}",
        )
        for user_id in inspectors
    )


def plan_record(plan: SpotCheckPlan) -> dict[str, Any]:
    """The public verification record: exactly the input ``manage.py spotcheck_draw --input`` reads."""
    return Draw.objects.get(plan=plan).input_json()


@transaction.atomic
def plan_publish_results(*, plan: SpotCheckPlan, by: Any) -> SpotCheckPlan:
    """Publish the results (一公开) of a plan whose every assignment is closed; the plan closes."""
    plan = SpotCheckPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_drawn:
        raise ValidationError(gettext("The plan has not been drawn yet."))
    if plan.results_published_at:
        raise ValidationError(gettext("The results are published already."))
    open_count = plan.assignments.exclude(state=AssignmentState.CLOSED).count()
    if open_count:
        raise ValidationError(
            gettext("%(count)s objects are not closed yet: results are published when every check is closed.")
            % {"count": open_count}
        )
    plan.results_published_at = timezone.now()
    plan.state = PlanState.CLOSED
    plan.save()
    return plan
