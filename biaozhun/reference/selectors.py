"""Searching and browsing the code lists; shared by the pages and the API.

A query ``q`` matches a code by prefix (``K2`` finds K20…K29) or a name by substring, in Chinese or
English. Matches on the code come first, then matches on the name, then (for CCS) matches in the
scope notes, which is where 台灯 or 吊灯 are mentioned. Every function accepts any user input:
overlong, control characters and empty strings just narrow or widen the result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from biaozhun.reference.models import (
    AdministrativeDivision,
    CCSCode,
    CodeListEntry,
    HSCode,
    HSSection,
    ICSCode,
    IndustryStandardCode,
)

MAX_QUERY_LENGTH = 100
MAX_CODE_LENGTH = 12
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CODE = re.compile(r"[0-9A-Za-z./]{1,12}")


def clean_query(q: str | None) -> str:
    """``q`` without control characters (PostgreSQL refuses NUL) or surrounding space, capped in length."""
    if not q:
        return ""
    return _CONTROL.sub("", q).strip()[:MAX_QUERY_LENGTH]


def clean_code(code: str | None) -> str | None:
    """``code`` if it could be a code of some list, else ``None`` (the caller answers 404)."""
    if not code:
        return None
    code = code.strip()
    return code if _CODE.fullmatch(code) else None


def _ranked(qs: QuerySet[Any], code_q: Q, name_q: Q, extra_q: Q | None = None) -> QuerySet[Any]:
    """Rows matching any of the conditions, annotated with ``rank``: code (or exact name) 0, name 1, other text 2."""
    whens = [When(code_q, then=Value(0)), When(name_q, then=Value(1))]
    matched = code_q | name_q
    if extra_q is not None:
        whens.append(When(extra_q, then=Value(2)))
        matched |= extra_q
    return qs.filter(matched).annotate(rank=Case(*whens, default=Value(3), output_field=IntegerField()))


def _order(qs: QuerySet[Any], q: str, *ordering: str) -> QuerySet[Any]:
    return qs.order_by("rank", *ordering) if q else qs.order_by(*ordering)


# --- CCS -----------------------------------------------------------------------------------------


def ccs_search(*, q: str = "", ccs_class: str = "", level: int | None = None) -> QuerySet[Any]:
    """CCS codes matching ``q``, in class ``ccs_class`` (a letter) and at ``level``."""
    q = clean_query(q)
    qs: Any = CCSCode.objects.select_related("parent")
    if ccs_class:
        qs = qs.filter(code__startswith=ccs_class.strip().upper()[:1])
    if level:
        qs = qs.filter(level=level)
    if q:
        # Scope notes are Chinese prose that also cites other codes ("拖拉机入T60/69"): search them for
        # Chinese words only, so that a code prefix such as "K2" finds that branch and not its citations.
        notes_q = Q(notes__icontains=q) if not q.isascii() else None
        qs = _ranked(qs, Q(code__istartswith=q) | Q(name_zh=q), Q(name_zh__icontains=q), notes_q)
    return _order(qs, q, "sort_key")


def ccs_classes() -> QuerySet[Any]:
    """The level-1 classes (A 综合 … Z 环境保护), for filters."""
    return CCSCode.objects.filter(level=1).order_by("code")


# --- ICS -----------------------------------------------------------------------------------------


def ics_search(*, q: str = "", field: str = "", level: int | None = None) -> QuerySet[Any]:
    """ICS codes matching ``q`` (code prefix, English or Chinese title), within ``field``, at ``level``."""
    q = clean_query(q)
    qs: Any = ICSCode.objects.all()
    if field:
        qs = qs.filter(field_code=field.strip()[:2])
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = _ranked(
            qs,
            Q(code__startswith=q),
            Q(title_en__icontains=q) | Q(title_zh__icontains=q),
            Q(full_title_en__icontains=q),
        )
    return _order(qs, q, "code")


def ics_fields() -> QuerySet[Any]:
    return ICSCode.objects.filter(level=1).order_by("code")


# --- HS ------------------------------------------------------------------------------------------


def hs_search(
    *, q: str = "", level: int | None = None, chapter: str = "", section: str = ""
) -> QuerySet[Any]:
    """HS 2022 codes matching ``q``: a code prefix (dots and spaces ignored, ``8516.10``) or description."""
    q = clean_query(q)
    qs: Any = HSCode.objects.select_related("section")
    if level:
        qs = qs.filter(level=level)
    if chapter:
        qs = qs.filter(chapter=chapter.strip()[:2])
    if section:
        qs = qs.filter(section__numeral=section.strip().upper()[:8])
    if q:
        compact = re.sub(r"[\s.]", "", q)
        code_q = Q(code__istartswith=compact) if compact else Q(pk__in=[])
        qs = _ranked(qs, code_q, Q(description_en__icontains=q))
    return _order(qs, q, "code")


def hs_sections() -> QuerySet[Any]:
    return HSSection.objects.all().order_by("number")


def hs_chapters() -> QuerySet[Any]:
    return HSCode.objects.filter(level=2).order_by("code")


# --- industry standard codes ---------------------------------------------------------------------


def industry_code_search(*, q: str = "", needs_verification: bool | None = None) -> QuerySet[Any]:
    """Industry standard codes (QB, JB …) matching ``q`` by code prefix or industry name."""
    q = clean_query(q)
    qs: Any = IndustryStandardCode.objects.all()
    if needs_verification is not None:
        qs = qs.filter(needs_verification=needs_verification)
    if q:
        qs = _ranked(qs, Q(code__istartswith=q), Q(name_zh__icontains=q) | Q(name_en__icontains=q))
    return _order(qs, q, "code")


# --- divisions -----------------------------------------------------------------------------------


def division_search(*, q: str = "", province: str = "", level: int | None = None) -> QuerySet[Any]:
    """Divisions matching ``q`` by code or local-standard prefix, or by Chinese name; in ``province``."""
    q = clean_query(q)
    qs: Any = AdministrativeDivision.objects.select_related("parent")
    if province:
        qs = qs.filter(code__startswith=province.strip()[:2])
    if level:
        qs = qs.filter(level=level)
    if q:
        qs = _ranked(
            qs, Q(code__startswith=q) | Q(local_standard_code__istartswith=q), Q(name_zh__icontains=q)
        )
    return _order(qs, q, "code")


def division_provinces() -> QuerySet[Any]:
    return AdministrativeDivision.objects.filter(level=1).order_by("code")


# --- detail and overview -------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeLink:
    """A code, its name and its page: what parent chains and child lists show."""

    code: str
    label: str
    url: str


def code_link(obj: CodeListEntry) -> CodeLink:
    return CodeLink(code=obj.code, label=obj.label, url=obj.get_absolute_url())


def ancestors(obj: Any) -> list[CodeLink]:
    """The chain of parents of ``obj``, root first (a query per level: the trees are at most four deep)."""
    chain: list[CodeLink] = []
    parent = obj.parent
    while parent is not None and len(chain) < 6:
        chain.append(code_link(parent))
        parent = parent.parent
    return list(reversed(chain))


def children(obj: Any) -> list[CodeLink]:
    """The rows directly under ``obj``, in the list's order."""
    return [code_link(child) for child in obj.children.all()]


@dataclass(frozen=True)
class ListOverview:
    key: str
    url_name: str
    count: int
    detail: dict[str, int]


def overview() -> list[ListOverview]:
    """How many rows each list holds, for the index page."""

    def per_level(model: Any) -> dict[str, int]:
        rows = model.objects.all().order_by().values_list("level").annotate(n=Count("pk"))
        return {str(level): n for level, n in rows}

    ccs = per_level(CCSCode)
    ics = per_level(ICSCode)
    hs = per_level(HSCode)
    divisions = per_level(AdministrativeDivision)
    industry = IndustryStandardCode.objects.all()
    return [
        ListOverview("ccs", "reference:ccs_list", sum(ccs.values()), ccs),
        ListOverview("ics", "reference:ics_list", sum(ics.values()), ics),
        ListOverview("hs", "reference:hs_list", sum(hs.values()), {**hs, "sections": hs_sections().count()}),
        ListOverview(
            "industry_codes",
            "reference:industry_code_list",
            industry.count(),
            {"unverified": industry.filter(needs_verification=True).count()},
        ),
        ListOverview("divisions", "reference:division_list", sum(divisions.values()), divisions),
    ]


def ccs_category_count() -> int:
    """Level-3 CCS categories: the figure the home page shows."""
    return CCSCode.objects.filter(level=3).count()
