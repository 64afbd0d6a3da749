"""Reading thematic standards databases: the list, one database's figures and members, its export.

Members are read from ``TopicEntry`` (kept current by ``services.topics``), so every figure here
is a grouped count over one topic's entries joined to their editions: cheap whatever the size of
the catalogue. Filter values that name no level or status are dropped, never raised, like the
catalogue search does with edited URLs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from biaozhun.standards.models import Edition, Level, Status, Topic, TopicEntry, TopicOverride
from biaozhun.standards.selectors.age import AgeDistribution, Cutoffs, distribution

SORTS: dict[str, str] = {
    "number": "number",
    "title": "title_zh",
    "implemented": "implemented_on",
    "status": "status",
    "level": "level",
}
SORT_LABELS: dict[str, Promise] = {
    "number": _("Standard number"),
    "title": _("Title"),
    "implemented": _("Implemented on"),
    "status": _("Status"),
    "level": _("Level"),
}
DEFAULT_SORT = "number"
EXPORT_CAP = 50_000


def published_topics(user: Any) -> QuerySet[Topic]:
    """The databases ``user`` may see (published ones; bureau staff also see those being prepared)."""
    return Topic.objects.visible_to(user).order_by("order", "slug")


@dataclass(frozen=True)
class Share:
    """One row of a simple statistics table: a value, its label, its count and share of the total."""

    value: str
    label: str | Promise
    count: int
    percent: float


def _shares(counts: Mapping[str, int], choices: Iterable[tuple[str, Any]]) -> list[Share]:
    total = sum(counts.values())
    return [
        Share(value=value, label=label, count=counts[value], percent=round(100 * counts[value] / total, 1))
        for value, label in choices
        if counts.get(value)
    ]


@dataclass(frozen=True)
class TopicStats:
    """A database's figures: members by level and by status, and the age of its members in force."""

    total: int
    by_level: list[Share]
    by_status: list[Share]
    age: AgeDistribution


def topic_stats(topic: Topic, *, today: dt.date) -> TopicStats:
    """Three grouped queries over ``topic``'s entries."""
    entries = TopicEntry.objects.filter(topic=topic).order_by()
    by_level = dict(entries.values_list("edition__level").annotate(n=Count("pk")))
    by_status = dict(entries.values_list("edition__status").annotate(n=Count("pk")))
    histogram = (
        entries.filter(edition__status=Status.CURRENT)
        .values_list("edition__implemented_on")
        .annotate(n=Count("pk"))
    )
    return TopicStats(
        total=sum(by_level.values()),
        by_level=_shares(by_level, Level.choices),
        by_status=_shares(by_status, Status.choices),
        age=distribution(topic.slug, _("Standards in force"), histogram, Cutoffs.on(today)),
    )


def clean_member_filters(params: Mapping[str, Any]) -> dict[str, list[str]]:
    """``level`` and ``status`` values from a query string, keeping only real ones."""

    def values(name: str, allowed: Iterable[str]) -> list[str]:
        raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
        if isinstance(raw, str):
            raw = [raw]
        known = set(allowed)
        return [value for value in dict.fromkeys(str(v) for v in raw) if value in known]

    return {"level": values("level", Level.values), "status": values("status", Status.values)}


def topic_members(topic: Topic, *, filters: Mapping[str, list[str]] | None = None) -> QuerySet[Edition]:
    """The editions of ``topic``, optionally limited to some levels and statuses (unordered)."""
    editions = Edition.objects.filter(topic_entries__topic=topic)
    filters = filters or {}
    if filters.get("level"):
        editions = editions.filter(level__in=filters["level"])
    if filters.get("status"):
        editions = editions.filter(status__in=filters["status"])
    return editions


def topic_overrides(topic: Topic) -> QuerySet[TopicOverride]:
    """The manual inclusions and exclusions of ``topic``, newest first."""
    return TopicOverride.objects.filter(topic=topic).select_related("edition").order_by("-updated_at", "-pk")


def edition_topics(edition: Edition, *, user: Any) -> list[Topic]:
    """The databases ``user`` may see that hold ``edition`` (for the edition's page)."""
    return list(published_topics(user).filter(entries__edition=edition))


def export_headers() -> list[str]:
    return [
        str(_("Standard number")),
        str(_("Chinese title")),
        str(_("English title")),
        str(_("Level")),
        str(_("Status")),
        str(_("Issued on")),
        str(_("Implemented on")),
        str(_("CCS codes")),
        str(_("ICS codes")),
        str(_("Issued by")),
        str(_("Responsible department")),
    ]


def export_row(edition: Edition) -> list[Any]:
    return [
        edition.number,
        edition.title_zh,
        edition.title_en,
        edition.get_level_display(),
        edition.get_status_display(),
        edition.issued_on,
        edition.implemented_on,
        edition.ccs_codes.replace(";", " "),
        edition.ics_codes.replace(";", " "),
        edition.issuing_body,
        edition.responsible_body,
    ]
