"""Published declarations as the population of a random spot check (read by ``supervision``).

Only what the draw needs: each published declaration's public id, its enterprise and that
enterprise's town, filtered by the plan's kind of standard, product category, town and period of
publication. The supervision app orders them canonically itself; this module only selects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from biaozhun.declarations.models import Declaration, DeclarationStatus, StandardKind


@dataclass(frozen=True)
class PopulationRow:
    public_id: str
    organisation_id: int
    town_id: int | None


def population_rows(
    *,
    standard_kind: str = "any",
    category_id: int | None = None,
    town_id: int | None = None,
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
) -> Iterator[PopulationRow]:
    """Published declarations matching the filters (``standard_kind``: ``any``, ``enterprise`` for the
    enterprise's own Q/ standards, ``group`` for group T/ standards of the catalogue; ``any`` means
    either of the two, since spot checks cover declared enterprise and group standards)."""
    qs = Declaration.objects.filter(status=DeclarationStatus.PUBLISHED, current__isnull=False)
    enterprise = Q(current__standard_kind=StandardKind.ENTERPRISE)
    group = Q(current__standard_kind=StandardKind.CATALOGUE, current__edition__level="group") | Q(
        current__standard_kind=StandardKind.CATALOGUE, current__standard_number__startswith="T/"
    )
    if standard_kind == "enterprise":
        qs = qs.filter(enterprise)
    elif standard_kind == "group":
        qs = qs.filter(group)
    else:
        qs = qs.filter(enterprise | group)
    if category_id:
        qs = qs.filter(current__products__category_id=category_id)
    if town_id:
        qs = qs.filter(organisation__town_id=town_id)
    if published_from:
        qs = qs.filter(current__published_at__date__gte=published_from)
    if published_to:
        qs = qs.filter(current__published_at__date__lte=published_to)
    for public_id, organisation_id, town in (
        qs.distinct()
        .values_list("public_id", "organisation_id", "organisation__town_id")
        .iterator(chunk_size=5000)
    ):
        yield PopulationRow(str(public_id), organisation_id, town)
