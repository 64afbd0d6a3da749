"""Reads of the supervision app: lists for each kind of user, and statistics per year and town."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from biaozhun.supervision.models import Assignment, AssignmentState, Conclusion, SpotCheckPlan


def assignments_of_plan(plan: SpotCheckPlan) -> QuerySet[Assignment]:
    """A plan's drawn objects in draw order, with what the list pages show."""
    return (
        Assignment.objects.filter(plan=plan)
        .select_related("declaration__organisation", "declaration__current")
        .prefetch_related("inspectors__inspector")
        .order_by("position")
    )


def assignments_for_inspector(user: Any) -> QuerySet[Assignment]:
    """Only the objects ``user`` was drawn to inspect, open ones first."""
    return (
        Assignment.objects.assigned_to(user)
        .select_related("plan", "declaration__organisation", "declaration__current")
        .order_by("closed_at", "-plan__year", "position")
    )


def checks_for_enterprise(user: Any) -> QuerySet[Assignment]:
    """Spot checks of the declarations of ``user``'s organisations."""
    return (
        Assignment.objects.filter(declaration__organisation_id__in=user.organisation_ids)
        .select_related("plan", "declaration__current")
        .prefetch_related("notices")
        .order_by("-plan__year", "-id")
    )


def stats_by_year_and_town(year: int | None = None) -> list[dict[str, Any]]:
    """Checks per plan year and enterprise town: drawn, closed, not compliant (feeds the yearly target)."""
    qs = Assignment.objects.all()
    if year:
        qs = qs.filter(plan__year=year)
    rows = (
        qs.values("plan__year", "declaration__organisation__town__name")
        .annotate(
            drawn=Count("id"),
            closed=Count("id", filter=Q(state=AssignmentState.CLOSED)),
            non_compliant=Count("id", filter=Q(conclusion=Conclusion.NON_COMPLIANT)),
        )
        .order_by("-plan__year", "declaration__organisation__town__name")
    )
    return [
        {
            "year": row["plan__year"],
            "town": row["declaration__organisation__town__name"] or gettext("No town given"),
            "drawn": row["drawn"],
            "closed": row["closed"],
            "non_compliant": row["non_compliant"],
        }
        for row in rows
    ]


def checks_in_year(year: int) -> int:
    """How many objects were drawn for spot checks in ``year`` (the "≥ 2000 checks" target)."""
    return Assignment.objects.filter(plan__year=year).count()


def assignment_export_headers() -> list[str]:
    return [
        gettext("No."),
        gettext("Enterprise"),
        gettext("Standard number"),
        gettext("Inspectors"),
        gettext("State"),
        gettext("Conclusion"),
    ]


def assignment_export_row(assignment: Assignment) -> list[Any]:
    version = assignment.declaration.current
    return [
        assignment.position,
        str(assignment.declaration.organisation),
        version.standard_number if version else "",
        "、".join(str(i.inspector) for i in assignment.inspectors.all()),
        assignment.get_state_display(),
        assignment.get_conclusion_display() if assignment.conclusion else "",
    ]
