"""API authentication: a personal token (Bearer) or the browser session, else anonymous.

Public reads are open to anonymous callers, so the API's default auth never refuses a request
without credentials; it refuses a bad token (401) and a session write without a CSRF token (403).
Endpoints that need a signed-in caller use ``signed_in`` as their auth.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security.http import HttpAuthBase
from ninja.utils import check_csrf

from biaozhun.accounts.models import APIToken

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def user_from_token(raw: str) -> Any | None:
    """The active user owning the usable token ``raw``, recording that it was used."""
    if not raw.startswith(APIToken.PREFIX):
        return None
    token = (
        APIToken.objects.usable()
        .select_related("user")
        .filter(token_hash=APIToken.hash_token(raw), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)  # not an audited change
    return token.user


def _authenticate(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, credentials = header.partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise AuthenticationError()
        user = user_from_token(credentials.strip())
        if user is None:
            raise AuthenticationError()
        request.user = user
        return user
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if request.method not in _SAFE_METHODS and check_csrf(request) is not None:
            raise HttpError(403, "CSRF verification failed.")
        return user
    return AnonymousUser()


class OptionalAuth(HttpAuthBase):
    """Identify the caller if they sent credentials; let anonymous callers through."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        return _authenticate(request)


class SignedIn(HttpAuthBase):
    """Require a signed-in caller (token or session)."""

    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        user = _authenticate(request)
        if not user.is_authenticated:
            return None  # ninja answers 401
        return user


optional_auth = OptionalAuth()
signed_in = SignedIn()
