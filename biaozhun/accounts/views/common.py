"""Helpers shared by the accounts views: confirmation pages, service errors on forms, decorators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from biaozhun.accounts.models import Organisation, Role
from biaozhun.core.access import role_required

GET_POST = require_http_methods(["GET", "POST"])
bureau_admin_required = role_required(Role.BUREAU_ADMIN)


def confirm_page(
    request: HttpRequest, *, title: str, text: str, button: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "components/confirm.html",
        {
            "confirm_title": title,
            "confirm_text": text,
            "confirm_button": button,
            "cancel_url": cancel_url,
            **extra,
        },
    )


def detail_url(organisation: Organisation) -> str:
    return reverse("accounts:organisation_detail", kwargs={"pk": organisation.pk})


def add_service_errors(form: Any, exc: ValidationError) -> None:
    """Show a service's validation errors on the form: beside their field when the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def errors_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)
