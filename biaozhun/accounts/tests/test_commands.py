"""manage.py create_bureau_admin: the first way into a fresh installation."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from biaozhun.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from biaozhun.core.models import AuditEvent

pytestmark = pytest.mark.django_db
ARGS = ("--bureau", "中山市市场监督管理局", "--username", "admin", "--email", "admin@example.cn")


def run(monkeypatch: Any, password: str = "a-Long-and-unusual-pass-2026") -> str:
    monkeypatch.setenv("BIAOZHUN_ADMIN_PASSWORD", password)
    out = StringIO()
    call_command("create_bureau_admin", *ARGS, stdout=out)
    return out.getvalue()


def test_it_creates_the_bureau_and_an_administrator_who_can_sign_in(monkeypatch: Any) -> None:
    output = run(monkeypatch)
    user = User.objects.get(username="admin")
    assert "admin is the administrator of 中山市市场监督管理局" in output
    assert user.check_password("a-Long-and-unusual-pass-2026")
    assert user.is_bureau_admin
    assert Organisation.objects.get(kind=OrganisationKind.BUREAU).region_code == "442000"
    assert AuditEvent.objects.filter(object_repr="中山市市场监督管理局", action="create").exists()


def test_running_it_again_changes_nothing_and_says_so(monkeypatch: Any) -> None:
    run(monkeypatch)
    output = run(monkeypatch)
    assert "Nothing to do" in output
    assert Organisation.objects.filter(kind=OrganisationKind.BUREAU).count() == 1
    assert Membership.objects.filter(role=Role.BUREAU_ADMIN).count() == 1


def test_a_weak_password_is_refused_with_the_validators_reason(monkeypatch: Any) -> None:
    with pytest.raises(CommandError, match=r"too short|too common"):
        run(monkeypatch, password="123")
    assert not User.objects.exists()
    assert not Organisation.objects.exists()


def test_without_a_terminal_or_variable_it_explains_how_to_give_the_password(monkeypatch: Any) -> None:
    monkeypatch.delenv("BIAOZHUN_ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("os.isatty", lambda fd: False)
    with pytest.raises(CommandError, match="BIAOZHUN_ADMIN_PASSWORD"):
        call_command("create_bureau_admin", *ARGS)
