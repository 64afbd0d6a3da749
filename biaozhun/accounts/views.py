"""Sign-in, registration, invitations, profile and API tokens, organisation management."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from biaozhun.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True
