"""Every URL of the project, and the status code each persona must get from it.

Adding a URL without a row here fails ``test_every_url_has_an_access_rule``. A row gives how to
build the URL for the cast (``conftest.cast``), the method, and the expected status per persona.
Pages for a single object are checked with another enterprise's object too (see the ``*_other``
rows), so a guessed id is a 404, never a leak.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS

LOGIN = 302  # anonymous visitors are sent to the sign-in page


def expect(default: int, **overrides: int) -> dict[str, int]:
    table = dict.fromkeys(PERSONAS, default)
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
    url: Callable[[Any], str]
    status: dict[str, int]
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


def named(name: str, **kwargs: Any) -> Callable[[Any], str]:
    return lambda cast: reverse(name, kwargs=kwargs)


# name -> list of cases (a URL with an object id usually has two: own object and another's)
ACCESS: dict[str, list[Case]] = {
    "core:home": [Case(named("core:home"), PUBLIC)],
    "core:dashboard": [Case(named("core:dashboard"), SIGNED_IN)],
    "healthz": [Case(named("healthz"), PUBLIC)],
    "set_language": [Case(named("set_language"), expect(302), method="post", data={"language": "en"})],
    "api-1.0.0:openapi-json": [Case(named("api-1.0.0:openapi-json"), PUBLIC)],
    "api-1.0.0:openapi-view": [Case(named("api-1.0.0:openapi-view"), PUBLIC)],
    "api-1.0.0:me": [Case(named("api-1.0.0:me"), API_SIGNED_IN)],
}

# Django's own admin: only staff get in; none of the personas is staff, so everyone is sent to its login.
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
    assert missing == [], f"URLs without a row in ACCESS: {missing}"


def test_every_access_rule_names_a_real_url() -> None:
    stale = sorted(set(ACCESS) - all_url_names())
    assert stale == [], f"rows in ACCESS for URLs that no longer exist: {stale}"


CASES = [(name, i, persona) for name, cases in ACCESS.items() for i in range(len(cases)) for persona in PERSONAS]


@pytest.mark.parametrize(("name", "index", "persona"), CASES, ids=[f"{n}[{i}]-{p}" for n, i, p in CASES])
def test_persona_gets_expected_status(name: str, index: int, persona: str, cast: Any, client_for: Any) -> None:
    case = ACCESS[name][index]
    client = client_for(persona)
    url = case.url(cast)
    response = getattr(client, case.method)(url, data=case.data)
    assert response.status_code == case.status[persona], (
        f"{persona} {case.method.upper()} {url}: got {response.status_code}, expected {case.status[persona]}"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_django_admin_is_closed_to_every_persona(persona: str, cast: Any, client_for: Any) -> None:
    response = client_for(persona).get(ADMIN_CASE.url(cast))
    assert response.status_code == ADMIN_CASE.status[persona]
    assert "/django-admin/login/" in response["Location"]
