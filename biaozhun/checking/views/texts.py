"""Pages for standard texts: enterprises ask, the bureau answers and keeps the ledger, officials
follow the yearly count against the target.

Objects are fetched through ``visible_to`` (``get_visible_or_404``), so another enterprise's
request, provision or file is a 404; whole pages are limited with ``role_required``. A kept file is
only ever sent as a PDF attachment with ``nosniff``, never rendered inline.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from biaozhun.accounts.models import ENTERPRISE_ROLES, OFFICIAL_ROLES, Role
from biaozhun.checking.forms.texts import (
    LedgerFilterForm,
    TextDeclineForm,
    TextFulfilForm,
    TextProvisionForm,
    TextRequestForm,
)
from biaozhun.checking.models import TextChannel, TextProvision, TextRequest, TextRequestState
from biaozhun.checking.selectors import texts as selectors
from biaozhun.checking.services import texts as services
from biaozhun.core.access import get_visible_or_404, role_required
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate, sort_queryset

BUREAU_ADMIN = Role.BUREAU_ADMIN
LEDGER_SORTS = {
    "date": "provided_on",
    "number": "edition__number",
    "enterprise": "organisation__name",
    "channel": "channel",
    "officer": "officer__username",
}
EXPORT_CAP = 100_000  # a decade of the target; more is a database job, not a download


def _apply_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _answer_kwargs(form: Form) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "channel": data["channel"],
        "url": data.get("url") or "",
        "file": data.get("file") or None,
        "provided_on": data.get("provided_on"),
        "note": data.get("note") or "",
    }


# --- enterprise ----------------------------------------------------------------------------------


@role_required(*ENTERPRISE_ROLES)
@require_GET
def text_request_list(request: HttpRequest) -> HttpResponse:
    """The enterprise's requests, or (``?view=provided``) every text given to it, desk visits included."""
    view = "provided" if request.GET.get("view") == "provided" else "requests"
    items: QuerySet[Any]
    if view == "provided":
        items = selectors.provisions_to_enterprise(request.user)
    else:
        items = selectors.requests_of_enterprise(request.user)
    return render(
        request,
        "checking/text_request_list.html",
        {"view": view, "page_obj": paginate(request, items)},
    )


@role_required(*ENTERPRISE_ROLES)
@require_http_methods(["GET", "POST"])
def text_request_new(request: HttpRequest) -> HttpResponse:
    """Ask for a standard's text; ``?number=`` prefills the number (the standard's page links here)."""
    organisations = selectors.enterprise_organisations(request.user)
    initial = {"number": request.GET.get("number", "")[: selectors.MAX_NUMBER_INPUT]}
    form = TextRequestForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            text_request = services.text_request_create(
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                edition=form.cleaned_data["number"],
                purpose=form.cleaned_data["purpose"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your request has been sent to the bureau."))
            return redirect("checking:text_request_detail", public_id=text_request.public_id)
    return render(request, "checking/text_request_new.html", {"form": form})


@login_required
@require_GET
def text_request_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """One request: for the enterprise, its answer; for the bureau, the forms to answer it."""
    text_request = _visible_request(request, public_id)
    return _render_detail(request, text_request)


def _visible_request(request: HttpRequest, public_id: str) -> TextRequest:
    return get_visible_or_404(
        TextRequest.objects.select_related("edition", "organisation", "owner"),
        request.user,
        public_id=public_id,
    )


def _render_detail(
    request: HttpRequest,
    text_request: TextRequest,
    *,
    fulfil_form: TextFulfilForm | None = None,
    decline_form: TextDeclineForm | None = None,
) -> HttpResponse:
    provision = TextProvision.objects.filter(request=text_request).select_related("officer").first()
    can_answer = request.user.is_bureau_admin and text_request.state == TextRequestState.REQUESTED  # type: ignore[union-attr]
    context = {
        "text_request": text_request,
        "provision": provision,
        "can_answer": can_answer,
        "fulfil_form": fulfil_form or TextFulfilForm(initial={"channel": TextChannel.VIEWER}),
        "decline_form": decline_form or TextDeclineForm(),
        "open": text_request.state == TextRequestState.REQUESTED,
    }
    return render(request, "checking/text_request_detail.html", context)


# --- bureau --------------------------------------------------------------------------------------


@role_required(BUREAU_ADMIN)
@require_POST
def text_request_fulfil(request: HttpRequest, public_id: str) -> HttpResponse:
    text_request = _visible_request(request, public_id)
    form = TextFulfilForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.text_request_fulfil(request=text_request, by=request.user, **_answer_kwargs(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The text has been provided and recorded in the ledger."))
            return redirect("checking:text_request_detail", public_id=text_request.public_id)
    text_request.refresh_from_db()
    return _render_detail(request, text_request, fulfil_form=form)


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def text_request_decline(request: HttpRequest, public_id: str) -> HttpResponse:
    """Decline in two steps: the reason (on the request's page or here), then a confirmation."""
    text_request = _visible_request(request, public_id)
    detail_url = reverse("checking:text_request_detail", kwargs={"public_id": text_request.public_id})
    if text_request.state != TextRequestState.REQUESTED:
        messages.warning(request, _("This request has already been answered."))
        return redirect(detail_url)
    form = TextDeclineForm(request.POST or None)
    if not form.is_bound:
        form = TextDeclineForm(initial={"confirmed": "1"})
    elif form.is_confirmed:
        if form.is_valid():
            try:
                services.text_request_decline(
                    request=text_request, by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, _("The request has been declined; the enterprise can read the reason.")
                )
                return redirect(detail_url)
    elif form.is_valid():  # the reason came from the request's page: show it back to confirm
        form = TextDeclineForm(initial={"reason": form.cleaned_data["reason"], "confirmed": "1"})
    else:
        return _render_detail(request, text_request, decline_form=form)
    return render(
        request,
        "components/confirm.html",
        {
            "form": form,
            "confirm_title": _("Decline the request"),
            "confirm_text": _(
                "%(enterprise)s will be told that its request for %(number)s is declined, with the reason "
                "below. This cannot be undone; the enterprise can request the text again."
            )
            % {"enterprise": text_request.organisation, "number": text_request.edition.number},
            "confirm_button": _("Decline the request"),
            "confirm_danger": True,
            "cancel_url": detail_url,
        },
    )


@role_required(BUREAU_ADMIN)
@require_GET
def text_queue(request: HttpRequest) -> HttpResponse:
    """Requests waiting for an answer, oldest first."""
    return render(
        request,
        "checking/text_queue.html",
        {
            "page_obj": paginate(request, selectors.open_requests(request.user)),
            "progress": selectors.provisions_this_year_vs_target(),
        },
    )


def _ledger(request: HttpRequest) -> tuple[LedgerFilterForm, QuerySet[TextProvision], str]:
    form = LedgerFilterForm(request.GET or None)
    provisions = selectors.ledger(user=request.user, filters=form.filters())
    provisions, sort = sort_queryset(request, provisions, LEDGER_SORTS, "-date")
    return form, provisions, sort


@role_required(BUREAU_ADMIN)
@require_GET
def text_ledger(request: HttpRequest) -> HttpResponse:
    """Every text given, filtered, sorted and paginated; the Excel export takes the same filters."""
    form, provisions, sort = _ledger(request)
    return render(
        request,
        "checking/text_ledger.html",
        {
            "form": form,
            "page_obj": paginate(request, provisions),
            "sort": sort,
            "query": request.GET.urlencode(),
        },
    )


@role_required(BUREAU_ADMIN)
@require_GET
def text_ledger_export(request: HttpRequest) -> HttpResponse:
    _form, provisions, _sort = _ledger(request)
    total = provisions.count()
    audit_record(
        action=AuditAction.EXPORT, note=f"standard texts ledger: {total} rows; {request.GET.urlencode()}"
    )
    return xlsx_response(
        f"{_('Standard texts provided')} {timezone.localdate():%Y-%m-%d}",
        _("Standard texts provided"),
        selectors.ledger_headers(),
        selectors.ledger_rows(provisions[:EXPORT_CAP].iterator()),
    )


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def text_provision_new(request: HttpRequest) -> HttpResponse:
    """Record a text given at the desk or after a phone call (no online request)."""
    form = TextProvisionForm(
        request.POST or None,
        request.FILES or None,
        initial={"channel": TextChannel.VIEWER, "number": request.GET.get("number", "")[:120]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            provision = services.text_provision_record(
                by=request.user,
                organisation=form.cleaned_data["enterprise"],
                edition=form.cleaned_data["number"],
                **_answer_kwargs(form),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if provision.request_id:
                messages.success(
                    request,
                    _("Recorded in the ledger; it also answers the enterprise's open online request."),
                )
            else:
                messages.success(request, _("Recorded in the ledger."))
            return redirect("checking:text_ledger")
    return render(request, "checking/text_provision_new.html", {"form": form})


@role_required(*OFFICIAL_ROLES)
@require_GET
def text_target(request: HttpRequest) -> HttpResponse:
    """This year's count of free texts against the target, per month and channel, and earlier years."""
    progress = selectors.provisions_this_year_vs_target()
    months = selectors.provisions_per_month(progress.year)
    top = max([count for _month, count in months] + [1])
    return render(
        request,
        "checking/text_target.html",
        {
            "progress": progress,
            "months": [(month, count, count * 100 // top) for month, count in months],
            "channels": selectors.provisions_per_channel(progress.year),
            "previous": selectors.previous_years(),
            "target_source": {
                "document": selectors.TARGET_SOURCE,
                "places": selectors.TARGET_SOURCE_PLACES,
                "quote": selectors.TARGET_SOURCE_QUOTE,
            },
        },
    )


# --- the kept file ---------------------------------------------------------------------------------


@login_required
@require_GET
def text_provision_file(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """The PDF given to an enterprise: to that enterprise and the bureau only, always as a download."""
    provision = get_visible_or_404(
        TextProvision.objects.filter(channel=TextChannel.FILE).exclude(file="").select_related("edition"),
        request.user,
        public_id=public_id,
    )
    try:
        handle = provision.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    audit_record(action=AuditAction.EXPORT, obj=provision, note="standard text file downloaded")
    filename = provision.edition.number.replace("/", "_") + ".pdf"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
