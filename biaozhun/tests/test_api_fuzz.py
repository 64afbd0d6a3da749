"""Property-based requests against the whole OpenAPI schema: no input may produce a server error.

Schemathesis generates requests from /api/openapi.json and sends them through the WSGI app, as
an anonymous caller and as a signed-in bureau administrator. The same check against the running
demo server is `make fuzz-api` (see docs/operations.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

from biaozhun.accounts.models import APIToken
from biaozhun.reference.services import reference_load

TOKEN = "bzk_fuzzing-token-0123456789abcdefghij"


@pytest.fixture
def api_schema(cast: Any) -> Iterator[Any]:
    # Requests go through the real WSGI handler, whose request_started/finished signals close
    # "obsolete" connections; on PostgreSQL that would close the test's transaction. Django's own
    # test client disconnects these listeners in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    reference_load(
        path=Path(settings.BASE_DIR) / "fixtures" / "reference", only=["ccs", "industry", "divisions"]
    )
    APIToken.objects.create(
        user=cast.users["bureau_admin"], name="fuzz", prefix=TOKEN[:12], token_hash=APIToken.hash_token(TOKEN)
    )
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


FUZZ = hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


@schema.parametrize()
@FUZZ
def test_no_anonymous_request_gets_a_server_error(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@schema.parametrize()
@FUZZ
def test_no_request_with_a_token_gets_a_server_error(case: Any) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"}, checks=[not_a_server_error])
