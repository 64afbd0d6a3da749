"""Invitations by email, accepting them, and ending memberships."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from biaozhun.accounts import selectors, services
from biaozhun.accounts.forms import InvitationForm, InvitationSignUpForm
from biaozhun.accounts.models import Invitation, Membership, Organisation
from biaozhun.accounts.views.common import (
    GET_POST,
    add_service_errors,
    confirm_page,
    detail_url,
    errors_to_messages,
)
from biaozhun.core.access import get_editable_or_404


@login_required
@GET_POST
def invitation_create(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_editable_or_404(Organisation.objects.active(), request.user, pk=pk)
    roles = selectors.invitation_roles_for(organisation=organisation, user=request.user)
    if not roles:
        raise Http404
    form = InvitationForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("An invitation was sent to %(email)s. The link works for %(days)d days.")
                % {"email": invitation.email, "days": services.INVITATION_VALID_DAYS},
            )
            return redirect(detail_url(organisation))
    return render(request, "accounts/invitation_form.html", {"form": form, "organisation": organisation})


@login_required
@GET_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_editable_or_404(Invitation.objects.select_related("organisation"), request.user, pk=pk)
    if request.method == "POST":
        services.invitation_revoke(invitation=invitation, by=request.user)
        messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
        return redirect(detail_url(invitation.organisation))
    return confirm_page(
        request,
        title=_("Revoke the invitation to %(email)s?") % {"email": invitation.email},
        text=_("The link in the email stops working at once. You can send a new invitation later."),
        button=_("Revoke"),
        cancel_url=detail_url(invitation.organisation),
        confirm_danger=True,
    )


@never_cache
@GET_POST
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_unusable.html", {"reason": "unknown"}, status=404)
    problem = selectors.invitation_problem(invitation)
    if problem:
        return render(
            request,
            "accounts/invitation_unusable.html",
            {"reason": problem, "invitation": invitation},
            status=410,
        )
    signed_in = request.user.is_authenticated
    form = (
        None
        if signed_in
        else InvitationSignUpForm(request.POST or None, initial={"full_name": invitation.full_name})
    )
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if form is None:
                services.invitation_accept(invitation=invitation, user=request.user)
            else:
                membership = services.invitation_accept(
                    invitation=invitation,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                    full_name=form.cleaned_data["full_name"],
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        except services.InvitationUnusable as exc:
            return render(
                request,
                "accounts/invitation_unusable.html",
                {"reason": exc.reason, "invitation": invitation},
                status=410,
            )
        except ValidationError as exc:
            if form is None:
                errors_to_messages(request, exc)
                return redirect(request.path)
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("You have joined %(organisation)s as %(role)s.")
                % {"organisation": invitation.organisation, "role": invitation.get_role_display()},
            )
            return redirect("core:dashboard")
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form})


@login_required
@GET_POST
def membership_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    # Nobody may deactivate their own membership, so it is not even offered.
    membership = get_editable_or_404(
        Membership.objects.filter(is_active=True)
        .exclude(user=request.user)
        .select_related("user", "organisation"),
        request.user,
        pk=pk,
    )
    if request.method == "POST":
        services.membership_deactivate(membership=membership, by=request.user)
        messages.success(
            request,
            _("%(user)s no longer holds the role %(role)s.")
            % {"user": membership.user, "role": membership.get_role_display()},
        )
        return redirect(detail_url(membership.organisation))
    return confirm_page(
        request,
        title=_("Remove %(user)s from %(organisation)s?")
        % {"user": membership.user, "organisation": membership.organisation},
        text=_(
            "They lose the role %(role)s at once. Their account and everything they did stay; "
            "you can invite them again later."
        )
        % {"role": membership.get_role_display()},
        button=_("Remove"),
        cancel_url=detail_url(membership.organisation),
        confirm_danger=True,
    )
