"""Template helpers for accounts pages."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def whole_minutes(delta: dt.timedelta | None) -> int:
    """A waiting time in whole minutes, rounded up so "try again in N minutes" is never too early."""
    if not delta:
        return 0
    return max(1, math.ceil(delta.total_seconds() / 60))


@register.filter
def from_now(delta: dt.timedelta | None) -> dt.datetime | None:
    """The moment ``delta`` from now: when a lockout ends."""
    if not delta:
        return None
    return timezone.now() + delta


@register.inclusion_tag("accounts/_status_tag.html")
def organisation_status(organisation: Any) -> dict[str, Any]:
    """The organisation's state as a coloured tag; archived overrides the review status."""
    return {"organisation": organisation}
