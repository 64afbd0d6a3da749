"""Template context every page needs: the deployment's identity, the navigation and the inbox badge."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from biaozhun.core.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, Any]:
    english = (get_language() or "").startswith("en")
    return {
        "site_name": settings.SITE_NAME_EN if english and settings.SITE_NAME_EN else settings.SITE_NAME,
        "region_code": settings.REGION_CODE,
        "nav_items": navigation_for(request.user) if hasattr(request, "user") else [],
        "inbox_unread": _unread_count(request),
    }


def _unread_count(request: HttpRequest) -> Any:
    """The signed-in user's unread notifications, counted (one COUNT) only if the page shows it;
    0 without a query for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0

    @functools.cache
    def count() -> int:
        from biaozhun.core.models import Notification

        return Notification.objects.filter(recipient=user, read_at__isnull=True).count()

    return count
