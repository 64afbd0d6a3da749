"""Public reads of self-declarations: the search, the detail page and the open-data rows.

What is public is decided here, not in the model (Standardization Law Art. 27 and the 2024
measures): the enterprise's name and USCC, the executed standard's number and name, for an
enterprise's own standard its indicators with their test methods and the "below the recommended
standard" flags, the products, the dates and every earlier version, and a withdrawal with its
reason. Who created or signed a declaration, screening findings, drafts and ``needs_update`` are
not public, so none of the querysets here reads them for display.

The search must stay fast with 100,000 published declarations (``bench/declarations_search.py``):

- filters on other tables are written as ``id IN (subquery)`` on indexed columns, never as joins
  that multiply rows, so the outer query needs no DISTINCT;
- a standard number is read with the grammar and matched as an index range on
  ``DeclarationVersion.standard_number`` (dated: that number and its ``/ISO …`` or ``/XG1-…``
  suffixed spellings; undated: every edition of the work), never with LIKE;
- the page count is limited (``COUNT_CAP``): counting every match of a text filter over a join is
  what costs, and nobody pages past a few thousand results (the open data holds them all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from biaozhun.accounts import uscc as uscc_rules
from biaozhun.accounts.models import Organisation, OrganisationKind
from biaozhun.declarations.models import (
    Declaration,
    DeclarationStatus,
    DeclarationVersion,
    Indicator,
    Product,
    StandardKind,
    VersionState,
)
from biaozhun.standards import numbers

COUNT_CAP = 2000  # results counted for the pager; past it the page says "more than 2,000"
PUBLIC_VERSION_STATES = (VersionState.PUBLISHED, VersionState.SUPERSEDED)
SORTS = {
    "-published": ("-first_published_at", "-id"),
    "published": ("first_published_at", "id"),
    "enterprise": ("organisation__name", "id"),
}
DEFAULT_SORT = "-published"


@dataclass(frozen=True)
class DisclosureFilters:
    """What a visitor filters the public search by; empty strings and ``None`` mean "any"."""

    enterprise: str = ""
    uscc: str = ""
    product: str = ""
    model: str = ""
    standard: str = ""
    town_id: int | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    sort: str = DEFAULT_SORT


@dataclass
class StandardMatch:
    """How the standard-number filter was understood, shown to the visitor under the box."""

    canonical: str = ""
    dated: bool = True
    read: bool = True


class CappedPaginator(Paginator):
    """A paginator whose count stops at ``COUNT_CAP`` + 1: ``capped`` tells the template so."""

    def __init__(self, object_list: Any, per_page: int, cap: int = COUNT_CAP) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        qs: Any = self.object_list
        # no ORDER BY in the count: sorting every match only to count them doubled the cost
        return int(qs.order_by().values("pk")[: self.cap + 1].count())

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _number_range(prefix: str, after: str, upto: str) -> Q:
    """Versions whose number starts with ``prefix`` + ``after``: an index range, not a LIKE, since
    SQLite's case-insensitive LIKE cannot use the index (``-`` < ``.`` and ``/`` < ``0`` in ASCII)."""
    return Q(standard_number__gte=prefix + after, standard_number__lt=prefix + upto)


def standard_number_filter(text: str) -> tuple[Q, StandardMatch]:
    """The version filter for a standard number typed any way, and how it was read.

    Dated (``gb/t 12771—2019``): that edition, also when the number carries an adopted
    international number or an amendment after a slash. Undated (``GBT12771``): every edition of
    the work. Not a number the grammar reads: the text as typed, contained in the number.
    """
    found = numbers.try_parse(text)
    if isinstance(found, numbers.InvalidNumber):
        cleaned = " ".join(text.split())
        return Q(standard_number__icontains=cleaned), StandardMatch(canonical=cleaned, read=False)
    if found.is_dated:
        return (
            Q(standard_number=found.canonical) | _number_range(found.canonical, "/", "0"),
            StandardMatch(canonical=found.canonical),
        )
    key = found.work_key
    return (
        Q(standard_number=key) | _number_range(key, "-", "."),
        StandardMatch(canonical=key, dated=False),
    )


@dataclass
class SearchResult:
    page: Page
    capped: bool
    standard: StandardMatch | None = None
    sort: str = DEFAULT_SORT
    filtered: bool = False
    products: dict[int, list[Product]] = field(default_factory=dict)


def published_declarations() -> QuerySet[Declaration]:
    """Published declarations with their current version and enterprise (one query, no users).

    No ``.only()``: audited models snapshot every field when loaded, so a deferred field would be
    fetched again row by row."""
    return Declaration.objects.filter(
        status=DeclarationStatus.PUBLISHED, current__isnull=False
    ).select_related("current", "current__edition", "organisation", "organisation__town")


def filter_declarations(
    qs: QuerySet[Declaration], filters: DisclosureFilters
) -> tuple[QuerySet[Declaration], StandardMatch | None]:
    """``qs`` narrowed by ``filters``; each filter on another table is an ``IN`` subquery."""
    match = None
    if filters.enterprise:
        qs = qs.filter(
            organisation_id__in=Organisation.objects.filter(
                kind=OrganisationKind.ENTERPRISE, name__icontains=filters.enterprise.strip()
            ).values("pk")
        )
    if filters.uscc:
        qs = qs.filter(organisation__uscc=uscc_rules.normalize(filters.uscc))
    if filters.town_id:
        qs = qs.filter(organisation_id__in=Organisation.objects.filter(town_id=filters.town_id).values("pk"))
    products = Product.objects.all()
    if filters.product:
        products = products.filter(name__icontains=filters.product.strip())
    if filters.model:
        products = products.filter(model__icontains=filters.model.strip())
    if filters.product or filters.model:
        qs = qs.filter(current_id__in=products.values("version_id"))
    if filters.standard:
        version_q, match = standard_number_filter(filters.standard)
        qs = qs.filter(
            current_id__in=DeclarationVersion.objects.filter(version_q, state=VersionState.PUBLISHED).values(
                "pk"
            )
        )
    if filters.published_from:
        qs = qs.filter(first_published_at__gte=_start_of(filters.published_from))
    if filters.published_to:
        qs = qs.filter(first_published_at__lt=_start_of(filters.published_to + dt.timedelta(days=1)))
    return qs, match


def search_published(
    filters: DisclosureFilters, *, page: str | int | None = 1, per_page: int = 25
) -> SearchResult:
    """One page of published declarations matching ``filters``, with the products of that page.

    Three queries: the capped count, the page (declaration, current version, enterprise, town,
    edition in one join) and the page's products.
    """
    qs, match = filter_declarations(published_declarations(), filters)
    sort = filters.sort if filters.sort in SORTS else DEFAULT_SORT
    qs = qs.order_by(*SORTS[sort])
    paginator = CappedPaginator(qs, per_page)
    page_obj = paginator.get_page(page)
    version_ids = [d.current_id for d in page_obj.object_list]
    products: dict[int, list[Product]] = {}
    for product in (
        Product.objects.filter(version_id__in=version_ids)
        .select_related("category")
        .order_by("version_id", "position", "id")
    ):
        products.setdefault(product.version_id, []).append(product)
    for declaration in page_obj.object_list:
        declaration.public_products = products.get(declaration.current_id, [])
    filtered = any(
        getattr(filters, name)
        for name in (
            "enterprise",
            "uscc",
            "product",
            "model",
            "standard",
            "town_id",
            "published_from",
            "published_to",
        )
    )
    return SearchResult(
        page=page_obj,
        capped=paginator.capped,
        standard=match,
        sort=sort,
        filtered=filtered,
        products=products,
    )


# --- the detail page ---------------------------------------------------------------------------


def public_declaration(public_id: Any) -> Declaration:
    """The declaration behind ``public_id`` as the public may see it, or ``DoesNotExist``.

    Published and withdrawn declarations that were once published are public (a withdrawal is shown
    with its reason, since what was public stays on record); drafts are not, even to their owner,
    who uses the enterprise's own pages.
    """
    return (
        Declaration.objects.filter(
            status__in=[DeclarationStatus.PUBLISHED, DeclarationStatus.WITHDRAWN], current__isnull=False
        )
        .select_related("organisation", "current", "current__edition")
        .get(public_id=public_id)
    )


@dataclass
class PublicVersion:
    """One public version: what it declared, its products and, for an enterprise standard, its
    indicators."""

    version: DeclarationVersion
    products: list[Product]
    indicators: list[Indicator]

    @property
    def is_enterprise_standard(self) -> bool:
        return self.version.standard_kind == StandardKind.ENTERPRISE

    @property
    def has_text(self) -> bool:
        return self.is_enterprise_standard and bool(self.version.text_file)


def public_versions(declaration: Declaration) -> list[PublicVersion]:
    """Every published or superseded version, newest first, with products and indicators
    (three queries, whatever the number of versions)."""
    versions = (
        DeclarationVersion.objects.filter(declaration=declaration, state__in=PUBLIC_VERSION_STATES)
        .select_related("edition")
        .prefetch_related(
            Prefetch("products", queryset=Product.objects.select_related("category")),
            "indicators",
        )
        .order_by("-number")
    )
    return [
        PublicVersion(
            version=v,
            products=list(v.products.all()),
            indicators=list(v.indicators.all()) if v.standard_kind == StandardKind.ENTERPRISE else [],
        )
        for v in versions
    ]


def downloadable_version(public_id: Any, number: int, user: Any) -> DeclarationVersion:
    """The version whose enterprise-standard text ``user`` may download, or ``DoesNotExist``.

    The public gets the texts of public versions of public declarations; the bureau may always
    download (drafts under review, withdrawn declarations).
    """
    qs = (
        DeclarationVersion.objects.select_related("declaration")
        .filter(
            declaration__public_id=public_id,
            number=number,
            standard_kind=StandardKind.ENTERPRISE,
        )
        .exclude(text_file="")
    )
    if not getattr(user, "is_bureau_admin", False):
        qs = qs.filter(
            state__in=PUBLIC_VERSION_STATES,
            declaration__status__in=[DeclarationStatus.PUBLISHED, DeclarationStatus.WITHDRAWN],
        )
    return qs.get()


# --- open data ---------------------------------------------------------------------------------

OPEN_DATA_FIELDS = (
    ("declaration", _("Declaration id")),
    ("enterprise", _("Enterprise")),
    ("uscc", _("Unified social credit code")),
    ("town", _("Town or street")),
    ("standard_number", _("Standard number")),
    ("standard_title", _("Standard title")),
    ("standard_kind", _("Kind of standard")),
    ("version", _("Version")),
    ("first_published", _("First published on")),
    ("version_published", _("This version published on")),
    ("product", _("Product name")),
    ("model", _("Model")),
    ("category", _("Category")),
    ("specification", _("Specification")),
    ("brand", _("Brand")),
    ("barcode", _("Barcode (GTIN)")),
)


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def open_data_rows(*, chunk_size: int = 2000) -> Iterator[tuple[Any, ...]]:
    """Every published declaration's public fields, one row per product of its current version,
    in the order of ``OPEN_DATA_FIELDS``: streamed from one query, so memory stays flat."""
    rows = (
        Product.objects.filter(
            version__declaration__status=DeclarationStatus.PUBLISHED,
            version__declaration__current_id=F("version_id"),
        )
        .order_by("version__declaration_id", "position", "id")
        .values_list(
            "version__declaration__public_id",
            "version__declaration__organisation__name",
            "version__declaration__organisation__uscc",
            "version__declaration__organisation__town__name",
            "version__standard_number",
            "version__standard_title",
            "version__standard_kind",
            "version__number",
            "version__declaration__first_published_at",
            "version__published_at",
            "name",
            "model",
            "category__name",
            "specification",
            "brand",
            "barcode",
        )
    )
    for row in rows.iterator(chunk_size=chunk_size):
        values: list[Any] = list(row)
        values[0] = str(values[0])
        values[3] = values[3] or ""
        values[8] = _local_date(values[8])
        values[9] = _local_date(values[9])
        yield tuple(values)
