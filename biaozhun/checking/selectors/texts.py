"""Reads for standard texts: an enterprise's requests, the bureau's queue and ledger, and the count
of texts given each year against the master plan's target.

The target (``BIAOZHUN_FREE_TEXTS_TARGET``, default 3000) comes from 中山市人民政府《关于深入实施
标准化战略的意见(2021-2025年)》, goal 4 and annex task 66: 每年免费为企业提供标准文本不少于3000份.
A provision counts in the calendar year of its ``provided_on`` date, whichever channel it went by.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.accounts.models import ENTERPRISE_ROLES
from biaozhun.checking.models import TextChannel, TextProvision, TextRequest, TextRequestState
from biaozhun.standards import numbers
from biaozhun.standards.models import Edition
from biaozhun.standards.selectors import edition_detail

MAX_NUMBER_INPUT = 120
# Where the target comes from, quoted on the pages that count against it (proper names: data).
TARGET_SOURCE = "中山市人民政府《关于深入实施标准化战略的意见(2021-2025年)》（2021年12月30日）"
TARGET_SOURCE_PLACES = "二、主要目标；附件任务66（牵头单位：市市场监管局）"
TARGET_SOURCE_QUOTE = "每年免费为企业提供标准文本不少于3000份"


# --- which standard ------------------------------------------------------------------------------


class NumberProblem(ValueError):
    """Why a typed number does not name an edition: ``unreadable`` or ``unknown``, with a message."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def edition_for_number(text: str) -> Edition:
    """The edition an enterprise means by ``text``, as the standard's page would resolve it.

    Any spelling the number grammar reads is accepted (``gbt12771-2019``); an undated number means
    the edition in force (else the latest). Raises ``NumberProblem`` saying whether the number could
    not be read (and why) or is not in the catalogue, because the two need different fixes.
    """
    text = (text or "").strip()
    if not text:
        raise NumberProblem("unreadable", gettext("Enter the standard's number, e.g. GB/T 12771-2019."))
    if len(text) > MAX_NUMBER_INPUT:
        raise NumberProblem("unreadable", gettext("This is too long to be a standard number."))
    if not Edition.objects.filter(number=text).exists():
        try:
            parsed = numbers.try_parse(text)
        except Exception:  # the grammar refusing odd input must not become a server error
            parsed = numbers.InvalidNumber("error", gettext("It does not look like a standard number."))
        if isinstance(parsed, numbers.InvalidNumber):
            raise NumberProblem(
                "unreadable",
                gettext("“%(text)s” cannot be read as a standard number: %(reason)s")
                % {"text": text, "reason": parsed.message},
            )
    try:
        return edition_detail(text)
    except Http404 as exc:
        raise NumberProblem(
            "unknown",
            gettext(
                "%(text)s is not in the catalogue. Check the number on the official page, or ask the "
                "bureau by phone."
            )
            % {"text": text},
        ) from exc


# --- enterprise side -----------------------------------------------------------------------------


def enterprise_organisations(user: Any) -> list[Any]:
    """The organisations for which ``user`` may request texts (where they hold an enterprise role)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [m.organisation for m in user.active_memberships if m.role in ENTERPRISE_ROLES]


def requests_of_enterprise(user: Any) -> QuerySet[TextRequest]:
    """Requests made for the user's enterprises, newest first (not every request a bureau admin sees)."""
    ids = [o.pk for o in enterprise_organisations(user)]
    return (
        TextRequest.objects.visible_to(user)
        .filter(organisation_id__in=ids)
        .select_related("edition", "organisation", "owner", "provision")
    )


def provisions_to_enterprise(user: Any) -> QuerySet[TextProvision]:
    """Every text given to the user's enterprises, online requests and desk visits alike."""
    ids = [o.pk for o in enterprise_organisations(user)]
    return (
        TextProvision.objects.visible_to(user)
        .filter(organisation_id__in=ids)
        .select_related("edition", "organisation", "request")
    )


# --- bureau side ---------------------------------------------------------------------------------


def open_requests(user: Any) -> QuerySet[TextRequest]:
    """The bureau's queue: requests not yet answered, oldest first so none waits longest unseen."""
    return (
        TextRequest.objects.visible_to(user)
        .filter(state=TextRequestState.REQUESTED)
        .select_related("edition", "organisation", "owner")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class LedgerFilters:
    """What the ledger is narrowed to; empty values do not filter."""

    year: int | None = None
    channel: str = ""
    enterprise: str = ""  # part of the name, or the unified social credit code
    number: str = ""  # part of the standard number, any spelling

    @property
    def is_empty(self) -> bool:
        return not (self.year or self.channel or self.enterprise or self.number)


def _number_terms(text: str) -> set[str]:
    terms = {text}
    try:
        parsed = numbers.try_parse(text)
    except Exception:
        return terms
    if not isinstance(parsed, numbers.InvalidNumber):
        terms.add(parsed.canonical)
    return terms


def ledger(*, user: Any, filters: LedgerFilters | None = None) -> QuerySet[TextProvision]:
    """Every provision ``user`` may see (the bureau: all), narrowed by ``filters``."""
    filters = filters or LedgerFilters()
    qs = TextProvision.objects.visible_to(user).select_related(
        "edition", "organisation", "officer", "request"
    )
    if filters.year:
        qs = qs.in_year(filters.year)
    if filters.channel in TextChannel.values:
        qs = qs.filter(channel=filters.channel)
    enterprise = filters.enterprise.strip()
    if enterprise:
        qs = qs.filter(
            Q(organisation__name__icontains=enterprise)
            | Q(organisation__short_name__icontains=enterprise)
            | Q(organisation__uscc__iexact=enterprise)
        )
    number = filters.number.strip()[:MAX_NUMBER_INPUT]
    if number:
        match = Q()
        for term in _number_terms(number):
            match |= Q(edition__number__icontains=term)
        qs = qs.filter(match)
    return qs


def ledger_years() -> list[int]:
    """The years that have provisions, and the current one, newest first (for the year filter)."""
    years = set(provisions_per_year())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def ledger_headers() -> list[str]:
    return [
        gettext("Provided on"),
        gettext("Standard number"),
        gettext("Title"),
        gettext("Enterprise"),
        gettext("Unified social credit code"),
        gettext("Channel"),
        gettext("Link"),
        gettext("Officer"),
        gettext("Online request"),
        gettext("Note"),
    ]


def ledger_rows(provisions: Iterable[TextProvision]) -> Iterator[list[Any]]:
    """One row per provision for the Excel file, in ``ledger_headers()`` order."""
    yes, no = gettext("Yes"), gettext("No")
    for p in provisions:
        yield [
            p.provided_on,
            p.edition.number,
            p.edition.title,
            p.organisation.name,
            p.organisation.uscc,
            p.get_channel_display(),
            p.url,
            str(p.officer),
            yes if p.request_id else no,
            p.note,
        ]


# --- counts --------------------------------------------------------------------------------------


def provisions_per_year() -> dict[int, int]:
    """Texts given per calendar year (year → count), oldest first; years without any are absent."""
    rows = (
        TextProvision.objects.annotate(year=ExtractYear("provided_on"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return {int(row["year"]): row["n"] for row in rows}


def provisions_per_month(year: int) -> list[tuple[int, int]]:
    """``(month, count)`` for all twelve months of ``year``, zeros included, so a chart has no gaps."""
    rows = (
        TextProvision.objects.in_year(year)
        .annotate(month=ExtractMonth("provided_on"))
        .values("month")
        .annotate(n=Count("id"))
    )
    counts = {int(row["month"]): row["n"] for row in rows}
    return [(month, counts.get(month, 0)) for month in range(1, 13)]


@dataclass(frozen=True)
class ChannelCount:
    channel: str
    label: str
    count: int


def provisions_per_channel(year: int) -> list[ChannelCount]:
    """How the texts of ``year`` were given, every channel listed (zeros included)."""
    rows = TextProvision.objects.in_year(year).values("channel").annotate(n=Count("id"))
    counts = {row["channel"]: row["n"] for row in rows}
    return [ChannelCount(value, str(label), counts.get(value, 0)) for value, label in TextChannel.choices]


def yearly_target() -> int:
    return int(settings.BIAOZHUN_FREE_TEXTS_TARGET)


@dataclass(frozen=True)
class TargetProgress:
    """One year's count against the target, and whether the pace so far would reach it.

    ``expected_by_today`` is the target spread evenly over the year up to ``as_of``; the year is on
    track when the count has kept that pace (equivalently, when ``projected``, the count at
    today's pace on 31 December, reaches the target). A finished year is judged by its count.
    """

    year: int
    count: int
    target: int
    as_of: dt.date
    day_of_year: int
    days_in_year: int

    @property
    def percent(self) -> float:
        return round(self.count * 100 / self.target, 1)

    @property
    def bar_percent(self) -> int:
        return min(100, int(self.count * 100 // self.target))

    @property
    def expected_by_today(self) -> int:
        return self.target * self.day_of_year // self.days_in_year

    @property
    def projected(self) -> int:
        return round(self.count * self.days_in_year / self.day_of_year)

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.count)

    @property
    def reached(self) -> bool:
        return self.count >= self.target

    @property
    def on_track(self) -> bool:
        return self.reached or self.count >= self.expected_by_today

    @property
    def days_left(self) -> int:
        return self.days_in_year - self.day_of_year

    @property
    def needed_per_day(self) -> float:
        """Texts a day still needed to reach the target by 31 December (0 once reached)."""
        if self.reached:
            return 0.0
        return round(self.remaining / max(1, self.days_left), 1)


def target_progress(year: int, *, today: dt.date | None = None, count: int | None = None) -> TargetProgress:
    """``year``'s count against the target as of ``today`` (a past year: as of its last day)."""
    today = today or timezone.localdate()
    days = 366 if calendar.isleap(year) else 365
    if year < today.year:
        as_of, day = dt.date(year, 12, 31), days
    elif year == today.year:
        as_of, day = today, today.timetuple().tm_yday
    else:
        raise ValueError("a future year has no progress yet")
    if count is None:
        count = TextProvision.objects.in_year(year).count()
    return TargetProgress(
        year=year, count=count, target=yearly_target(), as_of=as_of, day_of_year=day, days_in_year=days
    )


def provisions_this_year_vs_target(today: dt.date | None = None) -> TargetProgress:
    """This year's count of texts given against the yearly target, with the on-track projection."""
    today = today or timezone.localdate()
    return target_progress(today.year, today=today)


def previous_years(today: dt.date | None = None) -> list[TargetProgress]:
    """Every earlier year that has provisions, newest first, each judged against the target."""
    today = today or timezone.localdate()
    return [
        target_progress(year, today=today, count=count)
        for year, count in sorted(provisions_per_year().items(), reverse=True)
        if year < today.year
    ]


TEXTS_STAT_LABEL = _("Standard texts given to enterprises this year")


def texts_this_year_stat() -> tuple[Any, int]:
    """The home page's figure: texts given so far this calendar year."""
    return TEXTS_STAT_LABEL, TextProvision.objects.in_year(timezone.localdate().year).count()
