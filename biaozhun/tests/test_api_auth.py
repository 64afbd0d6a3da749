"""API authentication: tokens, sessions and anonymous callers, as ``accounts.api_auth`` promises."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from biaozhun.accounts.models import APIToken

ME = "/api/accounts/me"


def make_token(user: Any, raw: str = "bzk_test-token-0123456789abcdef", **fields: Any) -> str:
    APIToken.objects.create(
        user=user, name="ERP", prefix=raw[:12], token_hash=APIToken.hash_token(raw), **fields
    )
    return raw


def test_a_valid_token_identifies_its_owner(personas: dict[str, Any]) -> None:
    raw = make_token(personas["enterprise_a"])
    response = Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "persona_enterprise_a"
    assert body["roles"] == ["enterprise_admin"]


def test_a_token_records_when_it_was_last_used(personas: dict[str, Any]) -> None:
    raw = make_token(personas["enterprise_a"])
    Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert APIToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "header",
    [
        "Bearer bzk_unknown",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-biaozhun-token",
        "bzk_without_scheme",
    ],
)
def test_bad_credentials_get_401_even_on_public_endpoints(header: str, personas: dict[str, Any]) -> None:
    assert Client().get(ME, HTTP_AUTHORIZATION=header).status_code == 401
    assert Client().get("/api/openapi.json").status_code == 200


def test_a_revoked_token_is_refused(personas: dict[str, Any]) -> None:
    raw = make_token(personas["enterprise_a"], revoked_at=timezone.now())
    assert Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_an_expired_token_is_refused(personas: dict[str, Any]) -> None:
    raw = make_token(personas["enterprise_a"], expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(personas: dict[str, Any]) -> None:
    user = personas["enterprise_a"]
    raw = make_token(user)
    user.is_active = False
    user.save()
    assert Client().get(ME, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_browser_session_also_authenticates(client_for: Any) -> None:
    response = client_for("bureau_admin").get(ME)
    assert response.status_code == 200
    assert response.json()["roles"] == ["bureau_admin"]


def test_anonymous_callers_get_401_from_endpoints_that_need_a_user(db: Any) -> None:
    assert Client().get(ME).status_code == 401


def test_the_schema_documents_bearer_authentication(db: Any) -> None:
    schema = Client().get("/api/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
