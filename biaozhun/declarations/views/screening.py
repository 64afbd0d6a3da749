"""The bureau's side of screening: the review queue and its export, a finding with resolve and
dismiss, and the tables staff keep (mandatory baselines, product categories).

Bureau administrators only (``role_required``); objects are fetched through ``visible_to`` /
``editable_by`` as a second line of defence, so a guessed id is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from biaozhun.core.access import get_editable_or_404, get_visible_or_404, role_required
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate
from biaozhun.declarations.forms.screening import (
    BaselineForm,
    CategoryForm,
    FindingCloseForm,
    QueueFilterForm,
)
from biaozhun.declarations.models import MandatoryBaseline, ProductCategory, ScreeningFinding
from biaozhun.declarations.selectors import screening as selectors
from biaozhun.declarations.services import screening as services

BUREAU_ADMIN = "bureau_admin"


def _queue(request: HttpRequest) -> tuple[QueueFilterForm, object]:
    form = QueueFilterForm(request.GET or None)
    return form, selectors.screening_queue(request.user, **form.filters())


@role_required(BUREAU_ADMIN)
@require_GET
def screening_queue(request: HttpRequest) -> HttpResponse:
    form, findings = _queue(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "declarations/screening_queue.html",
        {"form": form, "page_obj": paginate(request, findings), "query": query.urlencode()},  # type: ignore[arg-type]
    )


@role_required(BUREAU_ADMIN)
@require_GET
def screening_export(request: HttpRequest) -> HttpResponse:
    form, findings = _queue(request)
    audit_record(action=AuditAction.EXPORT, note=f"screening findings: {form.filters()}")
    rows = (
        (
            f.version.declaration.organisation.name,
            f.version.declaration.organisation.uscc,
            f.version.standard_number,
            f.version.number,
            f.rule,
            f.get_severity_display(),
            f.message,
            f.get_state_display(),
            f.found_at,
            f.last_seen_at,
            f.resolution,
        )
        for f in findings.iterator(chunk_size=2000)  # type: ignore[attr-defined]
    )
    return xlsx_response(
        _("Screening findings"),
        _("Screening findings"),
        [
            _("Enterprise"),
            _("USCC"),
            _("Standard number"),
            _("Version"),
            _("Rule"),
            _("Severity"),
            _("Explanation"),
            _("State"),
            _("Found at"),
            _("Last found at"),
            _("Reason"),
        ],
        rows,
    )


@role_required(BUREAU_ADMIN)
@require_GET
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_visible_or_404(
        ScreeningFinding.objects.select_related(
            "version", "version__declaration", "version__declaration__organisation", "resolved_by"
        ),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "declarations/screening_finding.html",
        {"finding": finding, "form": FindingCloseForm(), "is_open": finding.state == "open"},
    )


def _close(request: HttpRequest, pk: int, *, dismiss: bool) -> HttpResponse:
    finding = get_editable_or_404(ScreeningFinding, request.user, pk=pk)
    detail = reverse("declarations:finding_detail", kwargs={"pk": finding.pk})
    form = FindingCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        close = services.finding_dismiss if dismiss else services.finding_resolve
        try:
            close(finding=finding, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("The finding was dismissed.") if dismiss else _("The finding was resolved.")
            )
            return redirect(detail)
    context = {
        "form": form,
        "finding": finding,
        "confirm_title": _("Dismiss this finding") if dismiss else _("Resolve this finding"),
        "confirm_text": (
            _("Dismissing says it is not a problem: screening will not raise it again for this version.")
            if dismiss
            else _("Resolving says it was corrected: screening opens it again if it still finds it.")
        )
        + " "
        + finding.message,
        "confirm_button": _("Dismiss") if dismiss else _("Resolve"),
        "confirm_danger": dismiss,
        "cancel_url": detail,
    }
    return render(request, "components/confirm.html", context)


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def finding_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _close(request, pk, dismiss=False)


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def finding_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _close(request, pk, dismiss=True)


# --- mandatory baselines ------------------------------------------------------------------------------


@role_required(BUREAU_ADMIN)
@require_GET
def baseline_list(request: HttpRequest) -> HttpResponse:
    try:
        category_id = int(request.GET.get("category", "") or 0)
    except ValueError:
        category_id = 0
    include_inactive = request.GET.get("inactive") == "1"
    qs = selectors.baselines(category_id=category_id or None, include_inactive=include_inactive)
    if request.GET.get("format") == "xlsx":
        audit_record(action=AuditAction.EXPORT, note="mandatory baselines")
        return xlsx_response(
            _("Mandatory baselines"),
            _("Mandatory baselines"),
            [
                _("Category"),
                _("Indicator"),
                _("Direction"),
                _("Limit"),
                _("Unit"),
                _("Source standard"),
                _("In use"),
            ],
            (
                (
                    b.category.name,
                    b.indicator,
                    b.get_direction_display(),
                    b.limit,
                    b.unit,
                    b.source_standard,
                    b.is_active,
                )
                for b in qs
            ),
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "declarations/baseline_list.html",
        {
            "page_obj": paginate(request, qs),
            "categories": selectors.categories(),
            "category_id": category_id,
            "include_inactive": include_inactive,
            "query": query.urlencode(),
        },
    )


def _baseline_form(request: HttpRequest, baseline: MandatoryBaseline | None) -> HttpResponse:
    form = BaselineForm(request.POST or None, instance=baseline)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if baseline is None:
                services.baseline_create(by=request.user, **fields)
            else:
                services.baseline_update(baseline=baseline, by=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The baseline was saved. The next screening applies it."))
            return redirect("declarations:baseline_list")
    return render(request, "declarations/baseline_form.html", {"form": form, "baseline": baseline})


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def baseline_new(request: HttpRequest) -> HttpResponse:
    return _baseline_form(request, None)


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def baseline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _baseline_form(request, get_object_or_404(MandatoryBaseline, pk=pk))


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def baseline_archive(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a baseline out of use, or (when it is out of use) back into use: confirmed, POST."""
    baseline = get_object_or_404(MandatoryBaseline, pk=pk)
    active = not baseline.is_active
    if request.method == "POST":
        services.baseline_set_active(baseline=baseline, by=request.user, active=active)
        messages.success(
            request, _("The baseline is in use again.") if active else _("The baseline is no longer in use.")
        )
        return redirect("declarations:baseline_list")
    context = {
        "confirm_title": _("Use this baseline again") if active else _("Stop using this baseline"),
        "confirm_text": str(baseline)
        + " · "
        + (
            _("Screening will compare indicators with it again.")
            if active
            else _(
                "Screening stops comparing indicators with it; the findings it caused resolve at the next run."
            )
        ),
        "confirm_button": _("Use again") if active else _("Stop using"),
        "confirm_danger": not active,
        "cancel_url": reverse("declarations:baseline_list"),
    }
    return render(request, "components/confirm.html", context)


# --- product categories -------------------------------------------------------------------------------


@role_required(BUREAU_ADMIN)
@require_GET
def category_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.categories()
    if request.GET.get("format") == "xlsx":
        audit_record(action=AuditAction.EXPORT, note="product categories")
        return xlsx_response(
            _("Product categories"),
            _("Product categories"),
            [_("Name"), _("Description"), _("In use")],
            ((c.name, c.description, c.is_active) for c in qs),
        )
    return render(request, "declarations/category_list.html", {"page_obj": paginate(request, qs)})


def _category_form(request: HttpRequest, category: ProductCategory | None) -> HttpResponse:
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            if category is None:
                new = services.category_create(
                    by=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                )
                if not form.cleaned_data["is_active"]:
                    services.category_update(category=new, by=request.user, is_active=False)
            else:
                services.category_update(
                    category=category, by=request.user, **{n: form.cleaned_data[n] for n in form.Meta.fields}
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The category was saved."))
            return redirect("declarations:category_list")
    return render(request, "declarations/category_form.html", {"form": form, "category": category})


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def category_new(request: HttpRequest) -> HttpResponse:
    return _category_form(request, None)


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _category_form(request, get_object_or_404(ProductCategory, pk=pk))
