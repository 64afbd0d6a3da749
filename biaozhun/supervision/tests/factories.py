"""Test data for spot checks: published declarations, inspectors, plans (no declarations factories exist yet)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from biaozhun.accounts.models import Membership, OrganisationKind, Role
from biaozhun.accounts.tests.factories import OrganisationFactory, UserFactory
from biaozhun.declarations.models import (
    Declaration,
    DeclarationStatus,
    DeclarationVersion,
    StandardKind,
    VersionState,
)
from biaozhun.supervision.models import SpotCheckPlan
from biaozhun.supervision.services import plans as plan_services

_counter = {"n": 0}


def town(name: str) -> Any:
    return OrganisationFactory.create(kind=OrganisationKind.TOWN, name=name, uscc="")


def enterprise(*, in_town: Any = None, name: str | None = None) -> Any:
    fields: dict[str, Any] = {"town": in_town}
    if name:
        fields["name"] = name
    return OrganisationFactory.create(**fields)


def published_declaration(
    organisation: Any,
    *,
    kind: str = StandardKind.ENTERPRISE,
    number: str | None = None,
    published_at: dt.datetime | None = None,
) -> Declaration:
    """A published declaration with one published version of ``kind`` (Q/ or a T/ group standard)."""
    _counter["n"] += 1
    creator = UserFactory._meta.model.objects.filter(username="sc_declarant").first() or UserFactory.create(
        username="sc_declarant"
    )  # one user for all: creating users (hashing passwords) is what makes these tests slow
    declaration = Declaration.objects.create(
        organisation=organisation, status=DeclarationStatus.PUBLISHED, created_by=creator
    )
    if number is None:
        number = (
            f"Q/TEST {_counter['n']:04d}-2026"
            if kind == StandardKind.ENTERPRISE
            else f"T/TEST {_counter['n']:04d}-2026"
        )
    when = published_at or timezone.now()
    version = DeclarationVersion.objects.create(
        declaration=declaration,
        number=1,
        state=VersionState.PUBLISHED,
        standard_kind=kind,
        standard_number=number,
        standard_title="测试标准",
        published_at=when,
    )
    declaration.current = version
    declaration.first_published_at = when
    declaration.save()
    return declaration


def inspector(*, organisation: Any = None, username: str | None = None, role: str = Role.INSPECTOR) -> Any:
    """A user holding the inspector role (the persona cast has none)."""
    organisation = organisation or OrganisationFactory.create(kind=OrganisationKind.INSTITUTE, uscc="")
    fields = {"username": username} if username else {}
    user = UserFactory.create(**fields)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def plan(*, by: Any, publish_seed: bool = True, **fields: Any) -> SpotCheckPlan:
    values: dict[str, Any] = {
        "title": "企业标准双随机抽查",
        "year": 2026,
        "sample_size": 2,
        "inspectors_per_object": 2,
        "avoid_same_town": False,
        "seed": "2026-12-01 福利彩票 03 17 22",
    }
    values.update(fields)
    result = plan_services.plan_create(by=by, **values)
    if publish_seed:
        result = plan_services.plan_publish_seed(plan=result, by=by)
    return result


def drawn_plan(
    *, by: Any, declarations: list[Declaration], inspectors: list[Any], **fields: Any
) -> SpotCheckPlan:
    """A plan drawn over exactly ``declarations`` (sample = all of them) with the given pool."""
    fields.setdefault("sample_size", len(declarations))
    result = plan(by=by, **fields)
    plan_services.plan_draw(plan=result, by=by)
    return SpotCheckPlan.objects.get(pk=result.pk)
