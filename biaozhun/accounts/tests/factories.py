"""factory_boy factories for organisations, users and memberships.

The factories are generic in their model, so ``UserFactory.create()`` is typed as a ``User``.
"""

from __future__ import annotations

from typing import Any, cast

import factory

from biaozhun.accounts import uscc
from biaozhun.accounts.models import Membership, Organisation, OrganisationKind, Role, User


def make_uscc(n: int, *, division: str = "442000") -> str:
    """A valid unified social credit code for a fictional enterprise number ``n``."""
    body = f"91{division}"
    digits = f"{n:08d}"
    first17 = body + "MA" + digits[-7:]
    return first17 + uscc.check_character(first17)


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    kind = OrganisationKind.ENTERPRISE
    name = factory.Sequence(lambda n: f"示例企业{n}有限公司")
    uscc: Any = factory.Sequence(lambda n: make_uscc(n + 1))
    region_code = "442000"


class GovernmentOrganisationFactory(OrganisationFactory):
    kind = OrganisationKind.DEPARTMENT
    name = factory.Sequence(lambda n: f"测试部门{n}")
    uscc = ""


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")

    @factory.post_generation
    def password(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        user = cast(User, self)  # post-generation hooks receive the built model instance
        user.set_password(extracted or "correct-horse-battery")
        if create:
            user.save()


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ENTERPRISE_USER
