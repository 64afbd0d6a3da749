"""Reads of kept validity checks: a user's list, one check, and the page of its results.

Everything goes through ``Check.objects.visible_to``: a check is its owner's and its
organisation's, and a guessed id is a 404 for everyone else (the bureau included).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from biaozhun.checking.models import Check
from biaozhun.core.access import get_visible_or_404


def check_list(*, user: Any) -> QuerySet[Check]:
    """The checks ``user`` may see (their own and their organisation's), newest first, without the
    results: a list page must not load thousands of results per row."""
    return (
        Check.objects.visible_to(user)
        .select_related("owner", "organisation")
        .defer("results")
        .order_by("-checked_at", "-id")
    )


def check_get(*, user: Any, public_id: Any) -> Check:
    """One check ``user`` may see, with its results; ``Http404`` otherwise."""
    return get_visible_or_404(
        Check.objects.select_related("owner", "organisation"), user, public_id=public_id
    )


def recent_checks(*, user: Any, limit: int = 5) -> list[Check]:
    return list(check_list(user=user)[:limit])
