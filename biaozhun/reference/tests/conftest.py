"""Fixtures for the reference tests: the shipped lists, loaded through the real service.

Only the small lists are loaded by default (CCS, industry codes, divisions: well under a second);
the tests that need the whole load (counts, idempotence) call the service themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from biaozhun.reference.services import reference_load

SHIPPED = Path(settings.BASE_DIR) / "fixtures" / "reference"


@pytest.fixture
def shipped() -> Path:
    return SHIPPED


@pytest.fixture
def small_lists(db: Any) -> None:
    """CCS, industry-standard codes and divisions from the shipped files."""
    reference_load(path=SHIPPED, only=["ccs", "industry", "divisions"])


@pytest.fixture
def client() -> Client:
    """A visitor reading the English interface, so text assertions do not depend on the zh_Hans catalogue."""
    return Client(headers={"Accept-Language": "en"})
