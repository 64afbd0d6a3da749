"""The fixed cast of personas every access rule is tested against.

``personas`` gives one user per persona (``None`` for the anonymous visitor) and ``orgs`` their
organisations; ``client_for(name)`` returns a test client signed in as that persona.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

os.environ.setdefault("BIAOZHUN_ENV", "test")

from biaozhun.core.testing import PERSONAS  # noqa: F401  (re-exported for tests)

SHARED_DIR = Path(__file__).resolve().parent.parent / "shared"


@dataclass
class Cast:
    users: dict[str, Any]
    orgs: dict[str, Any]


@pytest.fixture
def cast(db: Any) -> Cast:
    from biaozhun.accounts.models import Membership, OrganisationKind, Role
    from biaozhun.accounts.tests.factories import OrganisationFactory, UserFactory

    orgs = {
        "bureau": OrganisationFactory.create(
            kind=OrganisationKind.BUREAU, name="测试市市场监督管理局", uscc=""
        ),
        "department": OrganisationFactory.create(
            kind=OrganisationKind.DEPARTMENT, name="测试市工业和信息化局", uscc=""
        ),
        "other_department": OrganisationFactory.create(
            kind=OrganisationKind.DEPARTMENT, name="测试市商务局", uscc=""
        ),
        "town": OrganisationFactory.create(kind=OrganisationKind.TOWN, name="测试镇人民政府", uscc=""),
        "enterprise_a": OrganisationFactory.create(name="甲示例灯饰有限公司"),
        "enterprise_b": OrganisationFactory.create(name="乙示例电器有限公司"),
        "institute": OrganisationFactory.create(kind=OrganisationKind.INSTITUTE, name="测试标准化研究院"),
    }
    plan = {
        "enterprise_a": ("enterprise_a", Role.ENTERPRISE_ADMIN),
        "enterprise_b": ("enterprise_b", Role.ENTERPRISE_ADMIN),
        "department": ("department", Role.DEPARTMENT_OFFICER),
        "other_department": ("other_department", Role.DEPARTMENT_OFFICER),
        "town": ("town", Role.TOWN_OFFICER),
        "bureau_admin": ("bureau", Role.BUREAU_ADMIN),
        "expert": ("institute", Role.EXPERT),
    }
    users: dict[str, Any] = {"anonymous": None}
    for persona, (org_key, role) in plan.items():
        user = UserFactory.create(username=f"persona_{persona}")
        Membership.objects.create(user=user, organisation=orgs[org_key], role=role)
        users[persona] = user
    return Cast(users=users, orgs=orgs)


@pytest.fixture
def personas(cast: Cast) -> dict[str, Any]:
    return cast.users


@pytest.fixture
def orgs(cast: Cast) -> dict[str, Any]:
    return cast.orgs


@pytest.fixture
def client_for(cast: Cast) -> Callable[[str], Client]:
    def make(persona: str) -> Client:
        client = Client()
        user = cast.users[persona]
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def search_index_dir(settings: Any, tmp_path: Path) -> Any:
    """Every test gets its own, empty search index and media folder, so none writes to var/ or sees another's.

    Cheap: it only points ``SEARCH_INDEX_DIR`` at the test's ``tmp_path`` and drops the cached
    reader; nothing is created until a test searches or indexes.
    """
    from django.core.cache import cache

    from biaozhun.standards import search
    from biaozhun.standards.selectors import searching

    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads (import files) too stay out of var/
    search.reset()
    searching.forget_class_names()  # each test loads its own reference data
    cache.clear()  # cached figures (standard age …) are keyed by ids a rolled-back test may reuse
    yield settings.SEARCH_INDEX_DIR
    search.reset()


@pytest.fixture
def shared_dir() -> Path:
    """The ../shared folder beside the checkout; tests that need it skip clearly when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared data folder not found at {SHARED_DIR}")
    return SHARED_DIR


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """Skip PostgreSQL-only tests, with the reason, when the suite runs on SQLite.

    `make test-postgres` sets BIAOZHUN_REQUIRE_POSTGRES=1, and then running on anything else is an error.
    """
    from django.conf import settings

    vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    if os.environ.get("BIAOZHUN_REQUIRE_POSTGRES") == "1" and vendor != "postgresql":
        raise pytest.UsageError("BIAOZHUN_REQUIRE_POSTGRES=1 but DATABASE_URL is not PostgreSQL")
    if vendor == "postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL: run `make test-postgres` (DATABASE_URL=postgres://…); CI runs it"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
