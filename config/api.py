"""The one JSON API: django-ninja, OpenAPI schema at /api/openapi.json, docs at /api/docs.

Each app contributes a router from its ``api.py``; every endpoint accepts either the browser's
session (with CSRF on unsafe methods) or a personal API token (``Authorization: Bearer bzk_…``).
"""

from __future__ import annotations

from django.conf import settings
from ninja import NinjaAPI

from biaozhun.accounts.api import router as accounts_router
from biaozhun.accounts.api_auth import optional_auth
from biaozhun.reference.api import router as reference_router

api = NinjaAPI(
    title=f"{settings.SITE_NAME} API",
    version="1.0.0",
    description="Public reads and enterprise writes of the Biaozhun platform. "
    "Authenticate with the browser session or a personal API token (Bearer).",
    auth=optional_auth,
    urls_namespace="api-1.0.0",
)
api.add_router("/accounts/", accounts_router, tags=["accounts"])
api.add_router("/reference/", reference_router, tags=["reference"])
