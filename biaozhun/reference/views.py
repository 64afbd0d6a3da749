"""Public pages of the code lists: an index, a searchable list per code list and a page per code.

Anyone may read them (they are public classifications). The list pages answer an htmx request
with just the results table, so the search box filters while the user types; without JavaScript
the same form submits as an ordinary GET and the whole page comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from biaozhun.core.access import get_visible_or_404
from biaozhun.core.pagination import paginate, sort_queryset
from biaozhun.reference import forms, selectors
from biaozhun.reference.models import (
    AdministrativeDivision,
    CCSCode,
    CodeListEntry,
    HSCode,
    ICSCode,
    IndustryStandardCode,
)


@dataclass(frozen=True)
class CodeList:
    """What the pages of one code list need; ``list_page`` and ``detail_page`` are the same for every list.

    ``name`` is the stem of the list's URL names (``reference:<name>_list``, ``reference:<name>_detail``)
    and templates (``reference/_<name>_results.html``, ``reference/<name>_detail.html``).
    """

    name: str
    model: type[CodeListEntry]
    form_class: type[forms.CodeSearchForm]
    search: Callable[..., QuerySet[Any]]
    sorts: dict[str, str]  # public sort key -> model field; "code" is the default
    title: Any
    short_title: Any  # the list's link in the breadcrumbs of a code's page
    intro: Any

    @property
    def list_url_name(self) -> str:
        return f"reference:{self.name}_list"


CCS = CodeList(
    name="ccs",
    model=CCSCode,
    form_class=forms.CCSSearchForm,
    search=selectors.ccs_search,
    sorts={"code": "sort_key", "name": "name_zh"},
    title=_("Chinese Standard Classification (CCS)"),
    short_title=_("CCS"),
    intro=_(
        "The classification printed on every Chinese standard: 24 classes (letters), their groups and "
        "the categories standards are filed under, such as K22."
    ),
)
ICS = CodeList(
    name="ics",
    model=ICSCode,
    form_class=forms.ICSSearchForm,
    search=selectors.ics_search,
    sorts={"code": "code", "name": "title_en"},
    title=_("International Classification for Standards (ICS), edition 7"),
    short_title=_("ICS"),
    intro=_(
        "Fields, groups and sub-groups of the ICS. Titles are in English; Chinese titles are not loaded yet."
    ),
)
HS = CodeList(
    name="hs",
    model=HSCode,
    form_class=forms.HSSearchForm,
    search=selectors.hs_search,
    sorts={"code": "code", "name": "description_en"},
    title=_("Harmonized System 2022 (HS)"),
    short_title=_("HS 2022"),
    intro=_(
        "Customs nomenclature of traded goods: chapters, headings and six-digit subheadings, in English."
    ),
)
INDUSTRY_CODES = CodeList(
    name="industry_code",
    model=IndustryStandardCode,
    form_class=forms.IndustryCodeSearchForm,
    search=selectors.industry_code_search,
    sorts={"code": "code", "name": "name_zh"},
    title=_("Industry standard codes"),
    short_title=_("Industry standard codes"),
    intro=_(
        "The letters that begin the number of an industry standard, such as QB for light industry. "
        "Codes marked as to verify have not been checked against the national filing system yet."
    ),
)
DIVISIONS = CodeList(
    name="division",
    model=AdministrativeDivision,
    form_class=forms.DivisionSearchForm,
    search=selectors.division_search,
    sorts={"code": "code", "name": "name_zh"},
    title=_("Administrative divisions (GB/T 2260)"),
    short_title=_("Administrative divisions"),
    intro=_(
        "Provinces and prefectures with their codes (as of about 2017) and the prefix their local "
        "standards would carry, such as DB4420 for Zhongshan."
    ),
)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "reference/index.html", {"lists": selectors.overview()})


@require_GET
def list_page(request: HttpRequest, *, code_list: CodeList) -> HttpResponse:
    """The list's search page; an htmx request gets only the results (a history restore, the whole page)."""
    form = code_list.form_class(request.GET, path=request.path)
    filters = form.filters()
    qs = code_list.search(**filters)
    sort = ""
    if request.GET.get("sort"):
        qs, sort = sort_queryset(request, qs, code_list.sorts, "code")
    context = {
        "code_list": code_list,
        "form": form,
        "page_obj": paginate(request, qs),
        "sort": sort,
        "title": code_list.title,
        "intro": code_list.intro,
        "results_template": f"reference/_{code_list.name}_results.html",
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
def detail_page(request: HttpRequest, code: str, *, code_list: CodeList) -> HttpResponse:
    """One code's page; codes of hierarchical lists also show their parent chain and children."""
    cleaned = selectors.clean_code(code)
    if cleaned is None:
        raise Http404
    obj = get_visible_or_404(code_list.model, request.user, code=cleaned)
    context: dict[str, Any] = {"code_list": code_list, "obj": obj}
    if hasattr(obj, "parent"):
        context["tree"] = True
        context["ancestors"] = selectors.ancestors(obj)
        context["children"] = selectors.children(obj)
    return render(request, f"reference/{code_list.name}_detail.html", context)
