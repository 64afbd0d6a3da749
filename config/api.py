"""The one JSON API: django-ninja, OpenAPI schema at /api/openapi.json, docs at /api/docs.

Each app contributes a router from its ``api.py``; every endpoint accepts either the browser's
session (with CSRF on unsafe methods) or a personal API token (``Authorization: Bearer bzk_…``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from ninja import NinjaAPI

from biaozhun.accounts.api import router as accounts_router
from biaozhun.accounts.api_auth import optional_auth
from biaozhun.checking.api import router as checking_router
from biaozhun.reference.api import router as reference_router
from biaozhun.standards.api import router as standards_router

_UNSAFE = {"post", "put", "patch", "delete"}


class BiaozhunAPI(NinjaAPI):
    """NinjaAPI whose schema tells the whole truth about authentication.

    Public reads accept anonymous callers, so their security requirement lists the empty
    alternative ``{}`` next to the bearer token; every operation that reads credentials documents
    the 401 a bad token gets, and unsafe methods the 403 a session without CSRF token gets.
    """

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                security = operation.get("security")
                if not security:
                    continue
                if any("OptionalAuth" in requirement for requirement in security) and {} not in security:
                    security.append({})
                responses = operation.setdefault("responses", {})
                responses.setdefault(401, {"description": "Missing, invalid, expired or revoked credentials"})
                if method in _UNSAFE:
                    responses.setdefault(403, {"description": "CSRF check failed (session authentication)"})
        return schema


api = BiaozhunAPI(
    title=f"{settings.SITE_NAME} API",
    version="1.0.0",
    description="Public reads and enterprise writes of the Biaozhun platform. "
    "Authenticate with the browser session or a personal API token (Bearer).",
    auth=optional_auth,
    urls_namespace="api-1.0.0",
)
api.add_router("/accounts/", accounts_router, tags=["accounts"])
api.add_router("/reference/", reference_router, tags=["reference"])
api.add_router("/standards/", standards_router, tags=["standards"])
api.add_router("/", checking_router)
