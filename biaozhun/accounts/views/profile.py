"""The signed-in user's own profile and personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from biaozhun.accounts import services
from biaozhun.accounts.forms import APITokenForm, ProfileForm
from biaozhun.accounts.models import APIToken, Membership, User
from biaozhun.accounts.views.common import GET_POST, add_service_errors, confirm_page
from biaozhun.core.access import get_editable_or_404


@login_required
@GET_POST
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=User.objects.get(pk=user.pk))
    if request.method == "POST" and form.is_valid():
        services.user_profile_update(
            user=user,  # type: ignore[arg-type]
            full_name=form.cleaned_data["full_name"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
        )
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    context = {
        "form": form,
        "memberships": Membership.objects.filter(user=user.pk, is_active=True).select_related("organisation"),
        "tokens": APIToken.objects.visible_to(user),
        "now": timezone.now(),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@GET_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = APITokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.api_token_create(
                user=request.user,  # type: ignore[arg-type]
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # Rendered, not redirected: the clear token exists only in this one response.
            response = render(request, "accounts/api_token_created.html", {"token": token, "raw": raw})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "accounts/api_token_form.html", {"form": form})


@login_required
@GET_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_editable_or_404(APIToken, request.user, pk=pk)
    if request.method == "POST":
        services.api_token_revoke(token=token, by=request.user)
        messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
        return redirect("accounts:profile")
    return confirm_page(
        request,
        title=_("Revoke the token %(name)s?") % {"name": token.name},
        text=_("Programs using this token are refused from their next request on. This cannot be undone."),
        button=_("Revoke"),
        cancel_url=reverse("accounts:profile"),
        confirm_danger=True,
    )
