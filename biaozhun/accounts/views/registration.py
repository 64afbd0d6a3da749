"""Enterprise self-registration and the bureau's review of registrations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from biaozhun.accounts import selectors, services
from biaozhun.accounts.forms import EnterpriseRegistrationForm, ReviewNoteForm
from biaozhun.accounts.models import Organisation, OrganisationStatus
from biaozhun.accounts.views.common import (
    GET_POST,
    add_service_errors,
    bureau_admin_required,
    confirm_page,
    detail_url,
    errors_to_messages,
)
from biaozhun.core.access import get_visible_or_404
from biaozhun.core.pagination import paginate


@GET_POST
def register(request: HttpRequest) -> HttpResponse:
    form = EnterpriseRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enterprise_register(
                name=data["name"],
                uscc=data["uscc"],
                region_code=data["region_code"],
                address=data["address"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                contact_email=data["contact_email"],
                username=data["username"],
                password=data["password1"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


@require_GET
def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html")


@bureau_admin_required
@require_GET
def registration_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.pending_registrations(user=request.user))
    return render(request, "accounts/registration_list.html", {"page_obj": page})


def _reviewable(request: HttpRequest, pk: int) -> Organisation:
    return get_visible_or_404(
        Organisation.objects.active().exclude(status=OrganisationStatus.ACTIVE), request.user, pk=pk
    )


@bureau_admin_required
@GET_POST
def registration_approve(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _reviewable(request, pk)
    if request.method == "POST":
        try:
            services.organisation_approve(organisation=organisation, by=request.user)
        except ValidationError as exc:
            errors_to_messages(request, exc)
        else:
            messages.success(
                request, _("%(name)s was approved; the applicant has been told.") % {"name": organisation}
            )
        return redirect("accounts:registration_list")
    return confirm_page(
        request,
        title=_("Approve the registration of %(name)s?") % {"name": organisation},
        text=_(
            "Its administrator will be able to act for the enterprise on the platform, "
            "and will get an email saying so."
        ),
        button=_("Approve"),
        cancel_url=detail_url(organisation),
    )


@bureau_admin_required
@GET_POST
def registration_reject(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_visible_or_404(
        Organisation.objects.active().filter(status=OrganisationStatus.PENDING), request.user, pk=pk
    )
    form = ReviewNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_reject(
                organisation=organisation, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s was rejected; the applicant has been told.") % {"name": organisation}
            )
            return redirect("accounts:registration_list")
    return confirm_page(
        request,
        title=_("Reject the registration of %(name)s?") % {"name": organisation},
        text=_("The applicant gets an email with your reason. They keep their account but hold no role."),
        button=_("Reject"),
        cancel_url=detail_url(organisation),
        confirm_danger=True,
        form=form,
    )
