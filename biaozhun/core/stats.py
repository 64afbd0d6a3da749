"""Public figures on the home page, contributed by apps (like navigation and dashboard panels)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise

StatFn = Callable[[], tuple[str | Promise, int]]
_stats: list[tuple[int, str, StatFn]] = []


def register_stat(key: str, fn: StatFn, order: int = 100) -> None:
    if all(existing[1] != key for existing in _stats):
        _stats.append((order, key, fn))


def public_statistics() -> list[tuple[str, int]]:
    return [(str(label), value) for label, value in (fn() for _, _, fn in sorted(_stats, key=lambda s: s[0]))]
