"""Public pages of the code lists: an index, a searchable list per code list and a page per code.

Anyone may read them (they are public classifications). The list pages answer an htmx request
with just the results table, so the search box filters while the user types; without JavaScript
the same form submits as an ordinary GET and the whole page comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from biaozhun.core.access import get_visible_or_404
from biaozhun.core.pagination import paginate, sort_queryset
from biaozhun.reference import forms, selectors
from biaozhun.reference.models import AdministrativeDivision, CCSCode, HSCode, ICSCode, IndustryStandardCode

SORTS: dict[str, dict[str, str]] = {
    "ccs": {"code": "sort_key", "name": "name_zh"},
    "ics": {"code": "code", "name": "title_en"},
    "hs": {"code": "code", "name": "description_en"},
    "industry_codes": {"code": "code", "name": "industry_zh"},
    "divisions": {"code": "code", "name": "name_zh"},
}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "reference/index.html", {"lists": selectors.overview()})


def _list_page(
    request: HttpRequest,
    *,
    key: str,
    form_class: type[forms.CodeSearchForm],
    search: Callable[..., QuerySet[Any]],
    title: Any,
    intro: Any,
) -> HttpResponse:
    form = form_class(request.GET, path=request.path)
    filters = form.filters()
    qs = search(**filters)
    sort = ""
    if request.GET.get("sort"):
        qs, sort = sort_queryset(request, qs, SORTS[key], "code")
    context = {
        "key": key,
        "form": form,
        "page_obj": paginate(request, qs),
        "sort": sort,
        "title": title,
        "intro": intro,
        "results_template": f"reference/_{key}_results.html",
        "searching": bool(filters),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        response = render(request, context["results_template"], context)
    else:
        response = render(request, "reference/list.html", context)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def ccs_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        key="ccs",
        form_class=forms.CCSSearchForm,
        search=selectors.ccs_search,
        title=_("Chinese Standard Classification (CCS)"),
        intro=_(
            "The classification printed on every Chinese standard: 24 classes (letters), their groups and "
            "the categories standards are filed under, such as K22."
        ),
    )


@require_GET
def ics_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        key="ics",
        form_class=forms.ICSSearchForm,
        search=selectors.ics_search,
        title=_("International Classification for Standards (ICS), edition 7"),
        intro=_(
            "Fields, groups and sub-groups of the ICS. Titles are in English; Chinese titles are not loaded yet."
        ),
    )


@require_GET
def hs_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        key="hs",
        form_class=forms.HSSearchForm,
        search=selectors.hs_search,
        title=_("Harmonized System 2022 (HS)"),
        intro=_(
            "Customs nomenclature of traded goods: chapters, headings and six-digit subheadings, in English."
        ),
    )


@require_GET
def industry_code_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        key="industry_codes",
        form_class=forms.IndustryCodeSearchForm,
        search=selectors.industry_code_search,
        title=_("Industry standard codes"),
        intro=_(
            "The letters that begin the number of an industry standard, such as QB for light industry. "
            "Codes marked as to verify have not been checked against the national filing system yet."
        ),
    )


@require_GET
def division_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        key="divisions",
        form_class=forms.DivisionSearchForm,
        search=selectors.division_search,
        title=_("Administrative divisions (GB/T 2260)"),
        intro=_(
            "Provinces and prefectures with their codes (as of about 2017) and the prefix their local "
            "standards would carry, such as DB4420 for Zhongshan."
        ),
    )


def _get(model: type[Model], request: HttpRequest, code: str) -> Any:
    cleaned = selectors.clean_code(code)
    if cleaned is None:
        raise Http404
    return get_visible_or_404(model, request.user, code=cleaned)


def _detail(request: HttpRequest, template: str, obj: Any, **extra: Any) -> HttpResponse:
    context = {"obj": obj, "label": selectors.label_of(obj), **extra}
    if hasattr(obj, "parent"):
        context["tree"] = True
        context["ancestors"] = selectors.ancestors(obj)
        context["children"] = selectors.children(obj)
    return render(request, template, context)


@require_GET
def ccs_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, "reference/ccs_detail.html", _get(CCSCode, request, code))


@require_GET
def ics_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, "reference/ics_detail.html", _get(ICSCode, request, code))


@require_GET
def hs_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, "reference/hs_detail.html", _get(HSCode, request, code))


@require_GET
def industry_code_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, "reference/industry_code_detail.html", _get(IndustryStandardCode, request, code))


@require_GET
def division_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, "reference/division_detail.html", _get(AdministrativeDivision, request, code))
