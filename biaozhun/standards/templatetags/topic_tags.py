"""``{% edition_topics edition as topics %}``: the thematic databases an edition belongs to, for its page."""

from __future__ import annotations

from typing import Any

from django import template

from biaozhun.standards.models import Edition, Topic
from biaozhun.standards.selectors.topics import edition_topics as _edition_topics

register = template.Library()


@register.simple_tag(takes_context=True)
def edition_topics(context: dict[str, Any], edition: Edition) -> list[Topic]:
    request = context.get("request")
    return _edition_topics(edition, user=getattr(request, "user", None))
