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


@dataclass(frozen=True)
class ObjectAction:
    """A link another app offers on one kind of object's page ("watch this standard" on an edition),
    so the page's app does not import the app that offers it. ``build(user, obj)`` returns the
    link, or None when it does not apply to that user."""

    key: str
    build: Callable[[Any, Any], NavEntry | None]
    order: int = 100


_actions: dict[str, list[ObjectAction]] = {}


def register_object_action(model_label: str, action: ObjectAction) -> None:
    """Offer ``action`` on the pages of ``model_label`` objects (``"standards.edition"``)."""
    known = _actions.setdefault(model_label, [])
    if all(existing.key != action.key for existing in known):
        known.append(action)


def object_actions(model_label: str, user: Any, obj: Any) -> list[NavEntry]:
    """The links the apps offer ``user`` on ``obj``'s page, in their order."""
    built = (a.build(user, obj) for a in sorted(_actions.get(model_label, []), key=lambda a: a.order))
    return [entry for entry in built if entry is not None]
