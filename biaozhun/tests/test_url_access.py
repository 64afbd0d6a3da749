"""Every URL of the project, and the status code each persona must get from it.

The rows live beside each app (``biaozhun/<app>/tests/url_access.py``) and are merged here into
one table. Adding a URL without a row fails ``test_every_url_has_an_access_rule``. Pages for one
object are also requested with another enterprise's object, so a guessed id is a 404, never a leak.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import biaozhun
from biaozhun.core.testing import PERSONAS, Case, expect, named


def _collect() -> dict[str, list[Case]]:
    table: dict[str, list[Case]] = {}
    for app in pkgutil.iter_modules(biaozhun.__path__):
        try:
            module = importlib.import_module(f"biaozhun.{app.name}.tests.url_access")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(f"biaozhun.{app.name}.tests"):
                continue
            raise
        for name, cases in module.ACCESS.items():
            assert name not in table, f"{name} has rows in two apps"
            table[name] = cases
    return table


ACCESS = _collect()

# Django's own admin: only staff get in; none of the personas is staff, so all are sent to its login.
ADMIN_NAMESPACE = "admin"
ADMIN_CASE = Case(named("admin:index"), expect(302))


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = namespace
                if p.namespace:
                    ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_has_an_access_rule() -> None:
    missing = sorted(
        n for n in all_url_names() if n not in ACCESS and not n.startswith(f"{ADMIN_NAMESPACE}:")
    )
    assert missing == [], f"URLs without a row in any url_access.py: {missing}"


def test_every_access_rule_names_a_real_url() -> None:
    stale = sorted(set(ACCESS) - all_url_names())
    assert stale == [], f"rows for URLs that no longer exist: {stale}"


CASES = [
    (name, i, persona) for name, cases in ACCESS.items() for i in range(len(cases)) for persona in PERSONAS
]


@pytest.mark.parametrize(("name", "index", "persona"), CASES, ids=[f"{n}[{i}]-{p}" for n, i, p in CASES])
def test_persona_gets_expected_status(
    name: str, index: int, persona: str, cast: Any, client_for: Any
) -> None:
    case = ACCESS[name][index]
    client = client_for(persona)
    url = case.url(cast)
    data = case.data(cast) if callable(case.data) else case.data
    response = getattr(client, case.method)(url, data=data)
    assert response.status_code == case.status[persona], (
        f"{persona} {case.method.upper()} {url}: got {response.status_code}, expected {case.status[persona]}"
        + (f" ({case.note})" if case.note else "")
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_django_admin_is_closed_to_every_persona(persona: str, cast: Any, client_for: Any) -> None:
    response = client_for(persona).get(ADMIN_CASE.url(cast))
    assert response.status_code == ADMIN_CASE.status[persona]
    assert "/django-admin/login/" in response["Location"]
