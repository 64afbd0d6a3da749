"""Template context every page needs: the deployment's identity and the navigation."""

from __future__ import annotations

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
    }
