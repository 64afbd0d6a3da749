"""Reads of screening: the bureau's review queue, one version's findings, the tables staff keep."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When

from biaozhun.declarations import screening as rules
from biaozhun.declarations.models import (
    DeclarationVersion,
    FindingState,
    MandatoryBaseline,
    ProductCategory,
    ScreeningFinding,
)

SEVERITY_RANK = Case(
    *(When(severity=name, then=Value(rank)) for name, rank in rules.SEVERITY_ORDER.items()),
    default=Value(9),
    output_field=IntegerField(),
)


def _ordered(qs: QuerySet[ScreeningFinding]) -> QuerySet[ScreeningFinding]:
    return qs.annotate(severity_rank=SEVERITY_RANK).order_by("severity_rank", "rule", "key", "pk")


def findings_for(version: DeclarationVersion, *, include_closed: bool = False) -> QuerySet[ScreeningFinding]:
    """The findings of one version, most severe first: what the enterprise's own pages show it
    (open ones by default; with ``include_closed`` also resolved and dismissed, with the reason).
    The caller has already fetched ``version`` through ``visible_to``."""
    qs = ScreeningFinding.objects.filter(version=version)
    if not include_closed:
        qs = qs.filter(state=FindingState.OPEN)
    return _ordered(qs)


def screening_queue(
    user: Any,
    *,
    rule: str = "",
    severity: str = "",
    enterprise: str = "",
    state: str = FindingState.OPEN,
) -> QuerySet[ScreeningFinding]:
    """Findings across declarations for the bureau's review, filtered; open ones by default.

    ``enterprise`` matches the enterprise's name or uscc (part of either)."""
    qs = ScreeningFinding.objects.visible_to(user).select_related(
        "version", "version__declaration", "version__declaration__organisation", "resolved_by"
    )
    if state:
        qs = qs.filter(state=state)
    if rule:
        qs = qs.filter(rule=rule)
    if severity:
        qs = qs.filter(severity=severity)
    if enterprise.strip():
        term = enterprise.strip()
        from django.db.models import Q

        qs = qs.filter(
            Q(version__declaration__organisation__name__icontains=term)
            | Q(version__declaration__organisation__uscc__icontains=term.upper())
        )
    return _ordered(qs)


def baselines(
    *, category_id: int | None = None, include_inactive: bool = False
) -> QuerySet[MandatoryBaseline]:
    qs = MandatoryBaseline.objects.select_related("category")
    if category_id:
        qs = qs.filter(category_id=category_id)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("category__name", "indicator", "source_standard")


def categories(*, include_inactive: bool = True) -> QuerySet[ProductCategory]:
    qs = ProductCategory.objects.all()
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("name")
