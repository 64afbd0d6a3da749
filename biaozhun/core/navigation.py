"""Role-aware navigation and dashboard panels, contributed by each app.

Apps register their menu entries and dashboard panels in their ``AppConfig.ready()``; core only
renders what the current user is allowed to see, so core never imports a domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise

Predicate = Callable[[Any], bool]


def everyone(user: Any) -> bool:
    return True


def signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    order: int = 100
    visible: Predicate = everyone


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url: str
    url_name: str


_items: list[NavItem] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in _items):
        _items.append(item)


def navigation_for(user: Any) -> list[NavEntry]:
    return [
        NavEntry(label=i.label, url=reverse(i.url_name), url_name=i.url_name)
        for i in sorted(_items, key=lambda i: i.order)
        if i.visible(user)
    ]


@dataclass
class PanelContent:
    """What one dashboard panel shows: a count, a list of links and the link to the full list."""

    title: str | Promise
    count: int | None = None
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    more_url: str | None = None
    empty_text: str | Promise = ""


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    build: Callable[[Any], PanelContent | None]  # returns None when the panel does not apply
    order: int = 100


_panels: list[DashboardPanel] = []


def register_panel(panel: DashboardPanel) -> None:
    if all(existing.key != panel.key for existing in _panels):
        _panels.append(panel)


def dashboard_for(user: Any) -> list[PanelContent]:
    built = (p.build(user) for p in sorted(_panels, key=lambda p: p.order))
    return [content for content in built if content is not None]
