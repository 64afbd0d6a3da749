"""Public pages of the standards catalogue: search, Excel export, browsing by CCS and ICS, an edition's page.

Anyone may read the catalogue (it is public information about published standards). The search page
answers an htmx request with just its results (facets included, as their counts change with every
search), so it filters while the visitor types; without JavaScript the same form submits as an
ordinary GET. Texts of standards are never shown or mirrored: an edition's page links to the
official viewer instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.navigation import object_actions
from biaozhun.standards import search, selectors
from biaozhun.standards.forms import SearchForm
from biaozhun.standards.models import Edition


@dataclass(frozen=True)
class ResultRow:
    """An edition as a result line: its titles with the query's words highlighted."""

    edition: Edition
    title_zh: SafeString
    title_en: SafeString


def _is_partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.history_restore_request)


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """The catalogue's search page; an htmx request gets only the results (a history restore, the whole page)."""
    form = SearchForm(request.GET)
    form.is_valid()
    context: dict[str, Any] = {
        "form": form,
        "searching": form.is_searching,
        "sorts": selectors.SORTS,
        "sort": form.sort_key,
        "page_obj": None,
        "rows": [],
        "facets": [],
        "result": None,
    }
    if not form.errors:
        page, result = selectors.edition_search(query=form.query(page=request.GET.get("page")))
        context.update(
            page_obj=page,
            result=result,
            rows=[
                ResultRow(
                    edition=edition,
                    title_zh=search.highlight(edition.title_zh, form.text),
                    title_en=search.highlight(edition.title_en, form.text),
                )
                for edition in page
            ],
            facets=selectors.facet_groups(result, form.filters()),
            export_cap=selectors.EXPORT_CAP,
            over_cap=result.total > selectors.EXPORT_CAP,
        )
    template = "standards/_search_results.html" if _is_partial(request) else "standards/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def search_export(request: HttpRequest) -> HttpResponse:
    """The search's results as Excel, at most ``EXPORT_CAP`` rows. Exporting is recorded, with the query."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        # An overlong query would export the whole catalogue: show the search page and its message.
        return redirect(f"{reverse('standards:search')}?{request.GET.urlencode()}")
    total, editions = selectors.edition_export(query=form.query(facets=False))
    if total > selectors.EXPORT_CAP:
        messages.warning(
            request,
            _(
                "Only the first %(cap)s of %(total)s standards were exported; narrow the search to get the rest."
            )
            % {"cap": f"{selectors.EXPORT_CAP:,}", "total": f"{total:,}"},
        )
    params = request.GET.copy()
    params.pop("page", None)
    audit_record(
        action=AuditAction.EXPORT,
        note=f"standards: {min(total, selectors.EXPORT_CAP)}; {params.urlencode()}",
    )
    return xlsx_response(
        f"{_('Standards')} {timezone.localdate():%Y-%m-%d}",
        _("Standards"),
        selectors.export_headers(),
        (selectors.export_row(edition) for edition in editions),
    )


def _browse(request: HttpRequest, *, kind: str) -> HttpResponse:
    only = request.GET.get("class", "")[:4]
    tree = selectors.ccs_tree_counts(only=only) if kind == "ccs" else selectors.ics_tree_counts(only=only)
    return render(
        request,
        "standards/browse.html",
        {"kind": kind, "tree": tree, "only": only.strip().upper() if kind == "ccs" else only.strip()},
    )


@require_GET
def browse_ccs(request: HttpRequest) -> HttpResponse:
    """Editions by CCS class and category; ``?class=K`` shows one class."""
    return _browse(request, kind="ccs")


@require_GET
def browse_ics(request: HttpRequest) -> HttpResponse:
    """Editions by ICS field and code; ``?class=29`` shows one field."""
    return _browse(request, kind="ics")


def _links(chain_links: list[selectors.ChainLink]) -> SafeString:
    """The editions named in the status banner, as links, joined the way Chinese lists them."""
    return format_html_join(
        "、",
        '<a href="{}">{}</a>',
        ((link.edition.get_absolute_url(), link.edition.number) for link in chain_links),
    )


@require_GET
def detail_page(request: HttpRequest, number: str) -> HttpResponse:
    """One edition's page. Another spelling of a known number redirects to the canonical address."""
    edition = selectors.edition_detail(number, user=request.user)
    if edition.number != number:
        # Temporary: an undated number resolves to whichever edition is in force today.
        return redirect(edition.get_absolute_url(), permanent=False)
    chain = selectors.replacement_chain(edition)
    banner = selectors.status_banner(edition, chain)
    ccs, ics = selectors.edition_codes(edition)
    context = {
        "edition": edition,
        "chain": chain,
        "banner": banner,
        "banner_links": _links(banner.links),
        "timeline": selectors.edition_timeline(edition),
        "history": selectors.edition_history(edition),
        "ccs_refs": ccs,
        "ics_refs": ics,
        "drafting_organisations": selectors.drafting_organisations(edition),
        "source_label": selectors.source_label(edition),
        "actions": object_actions("standards.edition", request.user, edition),
    }
    return render(request, "standards/detail.html", context)
