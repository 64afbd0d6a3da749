"""Template helpers shared by every app's pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with ``changes`` applied, for pagination and sort links."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        from django.http import QueryDict

        params = QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return params.urlencode()


@register.simple_tag
def elided_pages(page_obj: Page) -> list[Any]:
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))


@register.simple_tag(takes_context=True)
def sort_link(context: dict[str, Any], field: str) -> str:
    """Query string that sorts by ``field``, flipping direction when it is already the sort key."""
    request = context.get("request")
    current = request.GET.get("sort", "") if request is not None else ""
    new = f"-{field}" if current == field else field
    return query_replace(context, sort=new, page=None)
