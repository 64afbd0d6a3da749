"""Pagination and sorting helpers for list pages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(request: HttpRequest, items: QuerySet[Any] | Sequence[Any], per_page: int | None = None) -> Page:
    """The requested page of ``items``; a bad or out-of-range page number gives the nearest page."""
    paginator = Paginator(items, per_page or settings.PAGINATE_BY)
    return paginator.get_page(request.GET.get("page"))


def sort_queryset(
    request: HttpRequest, qs: QuerySet[Any], allowed: dict[str, str], default: str
) -> tuple[QuerySet[Any], str]:
    """Order ``qs`` by the ``sort`` parameter if it names an allowed key (``-key`` for descending).

    ``allowed`` maps public sort keys to model field paths, so users cannot order by arbitrary fields.
    Returns the queryset and the effective sort key for the template.
    """
    requested = request.GET.get("sort", default)
    key = requested.lstrip("-")
    if key not in allowed:
        requested, key = default, default.lstrip("-")
    field = allowed[key]
    return qs.order_by(f"-{field}" if requested.startswith("-") else field, "pk"), requested
