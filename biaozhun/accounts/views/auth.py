"""Sign-in and sign-out pages (Django's views with our form, templates and messages)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from biaozhun.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only) and say so on the page the user lands on."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        # The middleware's lazy user proxy is replaced by the real user so that the logout signal
        # listeners (the audit trail) get a model instance.
        request.user = get_user(request)
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, _("You have signed out."))
        return response
