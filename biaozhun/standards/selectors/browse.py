"""Browsing the catalogue by CCS class and ICS field, with counts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from biaozhun.reference.models import CCSCode, ICSCode
from biaozhun.standards.models import (
    Edition,
)

# --- browsing by classification --------------------------------------------------------------------


@dataclass(frozen=True)
class BrowseCategory:
    code: str
    label: str
    count: int
    reference_url: str
    search_url: str


@dataclass(frozen=True)
class BrowseClass:
    """A CCS class or ICS field with its editions, and its categories (CCS) or codes (ICS) with theirs.

    ``other`` counts the class's editions whose code is not in the loaded code list.
    """

    code: str
    label: str
    count: int
    search_url: str
    categories: list[BrowseCategory]

    @property
    def other(self) -> int:
        return max(0, self.count - sum(c.count for c in self.categories))


@dataclass(frozen=True)
class BrowseTree:
    classes: list[BrowseClass]
    unclassified: int
    total: int


def _search_url(**params: str) -> str:
    return f"{reverse('standards:search')}?{urlencode(params)}"


def ccs_tree_counts(*, only: str = "") -> BrowseTree:
    """Editions per CCS class (``Edition.ccs_class``) and per category (``Edition.ccs``), with names.

    Three grouped queries whatever the catalogue's size. ``only`` (a class letter) limits the
    classes listed; the total and unclassified count stay those of the whole catalogue.
    """
    only = only.strip().upper()[:1]
    per_class = dict(
        Edition.objects.exclude(ccs_class="").order_by().values_list("ccs_class").annotate(n=Count("pk"))
    )
    if only:
        per_class = {k: v for k, v in per_class.items() if k == only}
    names = dict(CCSCode.objects.filter(level=1, code__in=list(per_class)).values_list("code", "name_zh"))
    categories: dict[str, list[BrowseCategory]] = defaultdict(list)
    rows = (
        Edition.objects.filter(ccs__code__isnull=False)
        .order_by()
        .values_list("ccs__code", "ccs__name_zh", "ccs__sort_key")
        .annotate(n=Count("pk"))
        .order_by("ccs__sort_key")
    )
    if only:
        rows = rows.filter(ccs__code__startswith=only)
    for code, name, _sort, n in rows:
        categories[code[:1]].append(
            BrowseCategory(
                code=code,
                label=name,
                count=n,
                reference_url=reverse("reference:ccs_detail", kwargs={"code": code}),
                search_url=_search_url(ccs_class=code[:1], q=code),
            )
        )
    classes = [
        BrowseClass(
            code=code,
            label=names.get(code, ""),
            count=per_class[code],
            search_url=_search_url(ccs_class=code),
            categories=categories.get(code, []),
        )
        for code in sorted(per_class)
    ]
    return BrowseTree(
        classes=classes,
        unclassified=Edition.objects.filter(ccs_class="").count(),
        total=Edition.objects.count(),
    )


def ics_tree_counts(*, only: str = "") -> BrowseTree:
    """Editions per ICS field (``Edition.ics_field``) and per ICS code (``Edition.ics``), with titles."""
    only = only.strip()[:2]
    per_field = dict(
        Edition.objects.exclude(ics_field="").order_by().values_list("ics_field").annotate(n=Count("pk"))
    )
    if only:
        per_field = {k: v for k, v in per_field.items() if k == only}
    titles = {row.code: row.label for row in ICSCode.objects.filter(level=1, code__in=list(per_field))}
    codes: dict[str, list[BrowseCategory]] = defaultdict(list)
    rows = (
        Edition.objects.filter(ics__code__isnull=False)
        .order_by()
        .values_list("ics__code", "ics__title_zh", "ics__title_en", "ics__field_code")
        .annotate(n=Count("pk"))
        .order_by("ics__code")
    )
    if only:
        rows = rows.filter(ics__field_code=only)
    for code, title_zh, title_en, field_code, n in rows:
        codes[field_code].append(
            BrowseCategory(
                code=code,
                label=title_zh or title_en,
                count=n,
                reference_url=reverse("reference:ics_detail", kwargs={"code": code}),
                search_url=_search_url(ics_field=field_code, q=code),
            )
        )
    fields = [
        BrowseClass(
            code=code,
            label=titles.get(code, ""),
            count=per_field[code],
            search_url=_search_url(ics_field=code),
            categories=codes.get(code, []),
        )
        for code in sorted(per_field)
    ]
    return BrowseTree(
        classes=fields,
        unclassified=Edition.objects.filter(ics_field="").count(),
        total=Edition.objects.count(),
    )


def edition_count() -> int:
    """Editions in the catalogue: the figure the home page shows."""
    return Edition.objects.count()
