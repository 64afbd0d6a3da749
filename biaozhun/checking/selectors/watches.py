"""Reads for the watchlist pages: a user's watches (their own and their organisations'), and the export."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from biaozhun.checking.models import Watch


def watches_for(user: Any, *, kind: str = "") -> QuerySet[Watch]:
    """The active watches ``user`` sees: made by them alone, or for one of their organisations."""
    watches = (
        Watch.objects.visible_to(user)
        .active()
        .select_related("organisation", "owner", "controlled_list__validity_check")
        .order_by("kind", "target", "id")
    )
    return watches.filter(kind=kind) if kind else watches


def export_headers() -> list[str]:
    return [
        gettext("What to watch"),
        gettext("Watched"),
        gettext("Name"),
        gettext("For"),
        gettext("Created by"),
        gettext("Created at"),
        gettext("From controlled-standards list"),
    ]


def export_row(watch: Watch) -> list[Any]:
    return [
        watch.get_kind_display(),
        watch.target,
        watch.label,
        str(watch.organisation) if watch.organisation_id else gettext("Only me"),
        str(watch.owner),
        watch.created_at,
        str(watch.controlled_list) if watch.controlled_list_id else "",
    ]
