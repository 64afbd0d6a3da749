"""The organisation register: list, export, create, detail, edit and archive."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from biaozhun.accounts import selectors, services
from biaozhun.accounts.forms import OrganisationFilterForm, OrganisationForm, OrganisationProfileForm
from biaozhun.accounts.models import Membership, Organisation, OrganisationStatus
from biaozhun.accounts.views.common import (
    GET_POST,
    add_service_errors,
    bureau_admin_required,
    confirm_page,
    detail_url,
    errors_to_messages,
)
from biaozhun.core.access import get_editable_or_404, get_visible_or_404
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate, sort_queryset


def _filtered_organisations(request: HttpRequest) -> tuple[Any, OrganisationFilterForm, str]:
    filter_form = OrganisationFilterForm(request.GET or None)
    qs = selectors.organisation_search(user=request.user, **filter_form.filters())
    qs, sort = sort_queryset(request, qs, selectors.ORGANISATION_SORTS, "name")
    return qs, filter_form, sort


@bureau_admin_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    qs, filter_form, sort = _filtered_organisations(request)
    return render(
        request,
        "accounts/organisation_list.html",
        {"page_obj": paginate(request, qs), "filter_form": filter_form, "sort": sort},
    )


@bureau_admin_required
@require_GET
def organisation_export(request: HttpRequest) -> HttpResponse:
    qs, filter_form, _sort = _filtered_organisations(request)
    rows = [
        (
            org.name,
            org.short_name,
            org.get_kind_display(),
            _("Archived") if org.archived_at else org.get_status_display(),
            org.uscc,
            org.region_code,
            org.address,
            org.contact_name,
            org.contact_phone,
            org.contact_email,
            org.member_count,
            org.created_at,
        )
        for org in qs
    ]
    filters = {k: v for k, v in filter_form.filters().items() if v}
    audit_record(action=AuditAction.EXPORT, note=f"organisations: {len(rows)} rows; filters {filters}")
    headers = [
        _("Name"),
        _("Short name"),
        _("Kind"),
        _("Status"),
        _("Unified social credit code"),
        _("Administrative division"),
        _("Address"),
        _("Contact person"),
        _("Contact phone"),
        _("Contact email"),
        _("Members"),
        _("Created"),
    ]
    filename = _("organisations-%(date)s") % {"date": timezone.localdate().isoformat()}
    return xlsx_response(filename, _("Organisations"), headers, rows)


@bureau_admin_required
@GET_POST
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": organisation})
            return redirect(detail_url(organisation))
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": None})


@login_required
@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_visible_or_404(Organisation, request.user, pk=pk)
    user = request.user
    members = selectors.organisation_members(organisation=organisation, user=user)
    deactivatable = set(
        Membership.objects.editable_by(user)
        .filter(organisation=organisation)
        .exclude(user=user)
        .values_list("pk", flat=True)
    )
    context = {
        "organisation": organisation,
        "members": members,
        "deactivatable": deactivatable,
        "invitations": selectors.organisation_open_invitations(organisation=organisation, user=user),
        "can_edit": Organisation.objects.editable_by(user).filter(pk=pk).exists()
        and organisation.archived_at is None,
        "can_invite": bool(selectors.invitation_roles_for(organisation=organisation, user=user)),
        "is_bureau_admin": user.is_bureau_admin,  # type: ignore[union-attr]
        "is_pending": organisation.status == OrganisationStatus.PENDING,
        "is_rejected": organisation.status == OrganisationStatus.REJECTED,
    }
    return render(request, "accounts/organisation_detail.html", context)


@login_required
@require_GET
def my_organisation(request: HttpRequest) -> HttpResponse:
    """The nav's "My organisation": the user's enterprise (or the one they registered)."""
    organisation = request.user.primary_organisation  # type: ignore[union-attr]
    if organisation is None:
        raise Http404
    return HttpResponseRedirect(detail_url(organisation))


@login_required
@GET_POST
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_editable_or_404(Organisation.objects.active(), request.user, pk=pk)
    form_class = OrganisationForm if request.user.is_bureau_admin else OrganisationProfileForm  # type: ignore[union-attr]
    # The form works on its own copy so a rejected edit does not show up in the page's headings.
    form = form_class(request.POST or None, instance=Organisation.objects.get(pk=organisation.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(organisation=organisation, by=request.user, changes=form.changes())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(detail_url(organisation))
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


@bureau_admin_required
@GET_POST
def organisation_archive(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_editable_or_404(Organisation.objects.active(), request.user, pk=pk)
    if request.method == "POST":
        try:
            services.organisation_archive(organisation=organisation, by=request.user)
        except ValidationError as exc:
            errors_to_messages(request, exc)
            return redirect(detail_url(organisation))
        messages.success(request, _("%(name)s was archived.") % {"name": organisation})
        return redirect("accounts:organisation_list")
    return confirm_page(
        request,
        title=_("Archive %(name)s?") % {"name": organisation},
        text=_(
            "Its members lose their roles and open invitations are withdrawn. "
            "Nothing is deleted: its records stay readable."
        ),
        button=_("Archive"),
        cancel_url=detail_url(organisation),
        confirm_danger=True,
    )
