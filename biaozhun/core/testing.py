"""Building blocks for the per-URL persona access test (``biaozhun/tests/test_url_access.py``).

Each app lists its URLs in ``biaozhun/<app>/tests/url_access.py`` as ``ACCESS = {name: [Case, …]}``;
the central test merges them and fails when any URL of the project has no row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

PERSONAS = (
    "anonymous",
    "enterprise_a",
    "enterprise_b",
    "department",
    "other_department",
    "town",
    "bureau_admin",
    "expert",
)

LOGIN = 302  # anonymous visitors are sent to the sign-in page


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Expected status for every persona: ``default`` unless overridden by name."""
    table = dict.fromkeys(PERSONAS, default)
    unknown = set(overrides) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas: {sorted(unknown)}")
    table.update(overrides)
    return table


PUBLIC = expect(200)
SIGNED_IN = expect(200, anonymous=LOGIN)
BUREAU_ONLY = expect(403, anonymous=LOGIN, bureau_admin=200)
OFFICIALS = expect(200, anonymous=LOGIN, enterprise_a=403, enterprise_b=403, expert=403)
API_PUBLIC = expect(200)
API_SIGNED_IN = expect(200, anonymous=401)


@dataclass
class Case:
    """How to call one URL and what each persona must get.

    ``url`` receives the test cast (``conftest.Cast``: ``.users`` and ``.orgs`` by persona) and
    returns the path; ``data`` may be a dict or a callable taking the cast.
    """

    url: Callable[[Any], str]
    status: dict[str, int]
    method: str = "get"
    data: dict[str, Any] | Callable[[Any], dict[str, Any]] = field(default_factory=dict)
    note: str = ""


def named(name: str, **kwargs: Any) -> Callable[[Any], str]:
    """A URL by name with fixed kwargs."""
    return lambda cast: reverse(name, kwargs=kwargs or None)
