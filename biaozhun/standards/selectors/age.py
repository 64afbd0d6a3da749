"""Standard age (标龄): how long the standards in force have been in force.

The age of an edition is the time since its implementation date (``implemented_on``), as of a given
day. Ages fall into five buckets — under 3 years, 3 to under 5, 5 to under 10, 10 years or more, and
date not known — compared by calendar date, so "5 years" means "implemented on or before this day
five years ago". Local standards five years old or more are listed for review: the Standardization
Law asks for standards to be reviewed at least every five years.

Every figure comes from grouped queries (editions counted per implementation date) whatever the
catalogue's size; mean and median are computed from those counts in Python, which only ever sees
one row per distinct date (a few tens of thousands at most), never one per edition.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from biaozhun.standards.models import Edition, EditionChange, Level, Status, Topic, TopicEntry

UNDER_3, FROM_3, FROM_5, FROM_10, UNKNOWN = "under_3", "3_5", "5_10", "over_10", "unknown"
BUCKETS: tuple[tuple[str, Promise], ...] = (
    (UNDER_3, _("Under 3 years")),
    (FROM_3, _("3 to under 5 years")),
    (FROM_5, _("5 to under 10 years")),
    (FROM_10, _("10 years or more")),
    (UNKNOWN, _("Implementation date not known")),
)
BUCKET_LABELS = dict(BUCKETS)
# Column headings of the wide tables (the legend above them gives the full wording).
SHORT_LABELS: tuple[tuple[str, Promise], ...] = (
    (UNDER_3, _("Under 3")),
    (FROM_3, _("3–5")),
    (FROM_5, _("5–10")),
    (FROM_10, _("10 or more")),
    (UNKNOWN, _("Not known")),
)
REVIEW_AGE_YEARS = 5
TOP_BODIES = 10
BODY_CHOICES = 50  # issuing bodies offered in the page's chooser


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Cutoffs:
    """The dates that separate the buckets, as of ``today``."""

    today: dt.date
    three: dt.date
    five: dt.date
    ten: dt.date

    @classmethod
    def on(cls, today: dt.date) -> Cutoffs:
        return cls(
            today=today,
            three=years_before(today, 3),
            five=years_before(today, 5),
            ten=years_before(today, 10),
        )

    def bucket(self, implemented_on: dt.date | None) -> str:
        if implemented_on is None:
            return UNKNOWN
        if implemented_on <= self.ten:
            return FROM_10
        if implemented_on <= self.five:
            return FROM_5
        if implemented_on <= self.three:
            return FROM_3
        return UNDER_3

    def age_years(self, implemented_on: dt.date) -> float:
        """Years since ``implemented_on`` (0 for a date in the future)."""
        return max(0, (self.today - implemented_on).days) / 365.25


@dataclass(frozen=True)
class BucketCount:
    key: str
    label: Promise
    count: int
    percent: float  # of all editions in the distribution, for the bar


@dataclass
class AgeDistribution:
    """How many editions of one group (a level, a topic, a body …) fall in each age bucket."""

    key: str
    label: str | Promise
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    mean_years: float | None = None
    median_years: float | None = None
    url: str = ""  # where the group's own page is, if it has one

    @property
    def buckets(self) -> list[BucketCount]:
        return [
            BucketCount(
                key=key,
                label=label,
                count=self.counts.get(key, 0),
                percent=round(100 * self.counts.get(key, 0) / self.total, 1) if self.total else 0.0,
            )
            for key, label in BUCKETS
        ]

    @property
    def review_due(self) -> int:
        """Editions five years old or more."""
        return self.counts.get(FROM_5, 0) + self.counts.get(FROM_10, 0)


def distribution(
    key: str, label: str | Promise, histogram: Iterable[tuple[dt.date | None, int]], cutoffs: Cutoffs
) -> AgeDistribution:
    """Bucket counts, mean and median age from ``(implemented_on, count)`` pairs (pure, no queries)."""
    result = AgeDistribution(key=key, label=label, counts=dict.fromkeys(BUCKET_LABELS, 0))
    known: list[tuple[float, int]] = []
    for day, n in histogram:
        result.total += n
        result.counts[cutoffs.bucket(day)] += n
        if day is not None:
            known.append((cutoffs.age_years(day), n))
    dated = sum(n for _age, n in known)
    if dated:
        result.mean_years = round(sum(age * n for age, n in known) / dated, 1)
        result.median_years = round(_median(sorted(known), dated), 1)
    return result


def _median(ages: Sequence[tuple[float, int]], total: int) -> float:
    """The median of a sorted histogram of ``(age, count)`` pairs holding ``total`` values."""
    middle = [(total - 1) // 2, total // 2]  # the one or two middle positions, 0-based
    found: list[float] = []
    seen = 0
    for age, n in ages:
        while middle and middle[0] < seen + n:
            found.append(age)
            middle.pop(0)
        seen += n
        if not middle:
            break
    return sum(found) / len(found)


def current_editions() -> QuerySet[Edition]:
    """The editions the age figures are about: those in force."""
    return Edition.objects.filter(status=Status.CURRENT)


def _grouped(qs: QuerySet[Any], group: str, date: str) -> dict[Any, list[tuple[dt.date | None, int]]]:
    histograms: dict[Any, list[tuple[dt.date | None, int]]] = defaultdict(list)
    for key, day, n in qs.order_by().values_list(group, date).annotate(n=Count("pk")):
        histograms[key].append((day, n))
    return histograms


def age_by_level(*, today: dt.date) -> tuple[AgeDistribution, list[AgeDistribution]]:
    """The whole catalogue in force, and each level that has editions in force (in the levels' order)."""
    cutoffs = Cutoffs.on(today)
    histograms = _grouped(current_editions(), "level", "implemented_on")
    every: dict[dt.date | None, int] = defaultdict(int)
    for pairs in histograms.values():
        for day, n in pairs:
            every[day] += n
    overall = distribution("all", _("All levels"), every.items(), cutoffs)
    levels = [
        distribution(value, label, histograms[value], cutoffs)
        for value, label in Level.choices
        if value in histograms
    ]
    return overall, levels


def age_by_topic(*, today: dt.date) -> list[AgeDistribution]:
    """Each published thematic database's editions in force, in the databases' order."""
    cutoffs = Cutoffs.on(today)
    histograms = _grouped(
        TopicEntry.objects.filter(topic__is_published=True, edition__status=Status.CURRENT),
        "topic_id",
        "edition__implemented_on",
    )
    rows = []
    for topic in Topic.objects.filter(is_published=True):
        row = distribution(topic.slug, topic.name_zh, histograms.get(topic.pk, []), cutoffs)
        row.url = topic.get_absolute_url()
        rows.append(row)
    return rows


def issuing_bodies(*, limit: int = BODY_CHOICES) -> list[tuple[str, int]]:
    """The issuing bodies with the most editions in force, with their counts."""
    rows = (
        current_editions()
        .exclude(issuing_body="")
        .order_by()
        .values_list("issuing_body")
        .annotate(n=Count("pk"))
        .order_by("-n", "issuing_body")[:limit]
    )
    return [(body, n) for body, n in rows]


def age_by_body(*, today: dt.date, body: str = "", limit: int = TOP_BODIES) -> list[AgeDistribution]:
    """The ``limit`` largest issuing bodies (or only ``body``, exactly as the catalogue spells it)."""
    cutoffs = Cutoffs.on(today)
    names = [body] if body else [name for name, _n in issuing_bodies(limit=limit)]
    if not names:
        return []
    histograms = _grouped(current_editions().filter(issuing_body__in=names), "issuing_body", "implemented_on")
    return [distribution(name, name, histograms.get(name, []), cutoffs) for name in names]


def review_list(*, today: dt.date) -> QuerySet[Edition]:
    """Local standards in force for five years or more, the oldest first: the ones due for review."""
    return (
        current_editions()
        .filter(level=Level.LOCAL, implemented_on__lte=years_before(today, REVIEW_AGE_YEARS))
        .order_by("implemented_on", "number")
    )


def local_without_date() -> int:
    """Local standards in force whose implementation date the catalogue does not know."""
    return current_editions().filter(level=Level.LOCAL, implemented_on__isnull=True).count()


def review_headers() -> list[str]:
    return [
        str(_("Standard number")),
        str(_("Title")),
        str(_("Implemented on")),
        str(_("Age (years)")),
        str(_("Issued by")),
        str(_("Responsible department")),
        str(_("Technical committee")),
    ]


def review_row(edition: Edition, cutoffs: Cutoffs) -> list[Any]:
    assert edition.implemented_on is not None
    return [
        edition.number,
        edition.title,
        edition.implemented_on,
        round(cutoffs.age_years(edition.implemented_on), 1),
        edition.issuing_body,
        edition.responsible_body,
        edition.technical_committee,
    ]


FIGURES_SECONDS = 15 * 60


def catalogue_version() -> str:
    """A key that changes whenever the figures may have: an edition added (highest id), an edition
    changed by an import or the daily dates run (highest change id), a thematic database refreshed.
    Three index lookups, where the figures themselves read every edition in force."""
    newest = Edition.objects.aggregate(at=Max("pk"))["at"]
    change = EditionChange.objects.aggregate(at=Max("pk"))["at"]
    refreshed = Topic.objects.aggregate(at=Max("refreshed_at"))["at"]
    return f"{newest}-{change}-{refreshed.isoformat() if refreshed else ''}"


def age_figures(*, today: dt.date, body: str = "") -> dict[str, Any]:
    """Everything the age page shows but the review list, kept for a quarter of an hour per day,
    catalogue version, language and chosen body: computing it reads every edition in force
    (seconds at a million editions), and it changes only when the catalogue does."""
    key = f"standards:age:{today.isoformat()}:{catalogue_version()}:{get_language()}:{body}"

    def compute() -> dict[str, Any]:
        overall, levels = age_by_level(today=today)
        return {
            "overall": overall,
            "levels": levels,
            "topics": age_by_topic(today=today),
            "bodies": issuing_bodies(),
            "by_body": age_by_body(today=today, body=body),
            "without_date": local_without_date(),
        }

    # Body names are free text from the page's query string: hashed, the key stays short and safe.
    figures = cache.get_or_set(
        f"standards:age:{hashlib.sha256(key.encode()).hexdigest()}", compute, FIGURES_SECONDS
    )
    return figures if isinstance(figures, dict) else compute()
