"""Who sees and edits which organisation, user, membership, invitation and token: every persona."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from biaozhun.accounts import services
from biaozhun.accounts.models import (
    APIToken,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
    User,
)
from biaozhun.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from biaozhun.core.testing import PERSONAS

GOVERNMENT = {"bureau", "department", "other_department", "town"}
EVERY_ORG = {*GOVERNMENT, "enterprise_a", "enterprise_b", "institute"}

ORGANISATIONS_VISIBLE: dict[str, set[str]] = {
    "anonymous": set(),
    "enterprise_a": {*GOVERNMENT, "enterprise_a"},
    "enterprise_b": {*GOVERNMENT, "enterprise_b"},
    "department": EVERY_ORG,
    "other_department": EVERY_ORG,
    "town": EVERY_ORG,
    "bureau_admin": EVERY_ORG,
    "expert": {*GOVERNMENT, "institute"},
}

ORGANISATIONS_EDITABLE: dict[str, set[str]] = {
    "anonymous": set(),
    "enterprise_a": {"enterprise_a"},
    "enterprise_b": {"enterprise_b"},
    "department": set(),
    "other_department": set(),
    "town": set(),
    "bureau_admin": EVERY_ORG,
    "expert": set(),
}


def _user(cast: Any, persona: str) -> Any:
    from django.contrib.auth.models import AnonymousUser

    return cast.users[persona] or AnonymousUser()


def _org_keys(cast: Any, qs: Any) -> set[str]:
    names = {org.pk: key for key, org in cast.orgs.items()}
    return {names[pk] for pk in qs.values_list("pk", flat=True) if pk in names}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_exactly_the_organisations_the_rules_allow(cast: Any, persona: str) -> None:
    assert (
        _org_keys(cast, Organisation.objects.visible_to(_user(cast, persona)))
        == ORGANISATIONS_VISIBLE[persona]
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_edits_exactly_the_organisations_the_rules_allow(cast: Any, persona: str) -> None:
    assert (
        _org_keys(cast, Organisation.objects.editable_by(_user(cast, persona)))
        == ORGANISATIONS_EDITABLE[persona]
    )


def test_officials_do_not_see_pending_registrations_but_the_bureau_and_the_applicant_do(cast: Any) -> None:
    pending = OrganisationFactory.create(status=OrganisationStatus.PENDING)
    applicant = UserFactory.create()
    MembershipFactory.create(user=applicant, organisation=pending, role=Role.ENTERPRISE_ADMIN)
    assert Organisation.objects.visible_to(cast.users["bureau_admin"]).filter(pk=pending.pk).exists()
    assert Organisation.objects.visible_to(applicant).filter(pk=pending.pk).exists()
    for persona in ("department", "town", "enterprise_a", "expert"):
        assert not Organisation.objects.visible_to(cast.users[persona]).filter(pk=pending.pk).exists(), (
            persona
        )


def test_an_applicant_cannot_edit_their_organisation_before_approval(cast: Any) -> None:
    pending = OrganisationFactory.create(status=OrganisationStatus.PENDING)
    applicant = UserFactory.create()
    MembershipFactory.create(user=applicant, organisation=pending, role=Role.ENTERPRISE_ADMIN)
    assert applicant.roles == frozenset()
    assert not Organisation.objects.editable_by(applicant).exists()


def test_members_of_an_archived_organisation_lose_their_roles(cast: Any) -> None:
    user = cast.users["enterprise_a"]
    assert user.has_role(Role.ENTERPRISE_ADMIN)
    services.organisation_archive(organisation=cast.orgs["enterprise_a"], by=cast.users["bureau_admin"])
    fresh = User.objects.get(pk=user.pk)
    assert fresh.roles == frozenset()
    assert not Organisation.objects.editable_by(fresh).exists()


USERS_VISIBLE: dict[str, set[str]] = {
    "anonymous": set(),
    "enterprise_a": {"enterprise_a", "colleague_a"},
    "enterprise_b": {"enterprise_b"},
    "department": {"department"},
    "other_department": {"other_department"},
    "town": {"town"},
    "bureau_admin": {*PERSONAS[1:], "colleague_a"},
    "expert": {"expert"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_the_users_the_rules_allow(cast: Any, persona: str) -> None:
    colleague = UserFactory.create(username="colleague_a")
    MembershipFactory.create(
        user=colleague, organisation=cast.orgs["enterprise_a"], role=Role.ENTERPRISE_USER
    )
    by_pk = {u.pk: key for key, u in cast.users.items() if u is not None}
    by_pk[colleague.pk] = "colleague_a"
    seen = {by_pk[pk] for pk in User.objects.visible_to(_user(cast, persona)).values_list("pk", flat=True)}
    assert seen == USERS_VISIBLE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_users_may_edit_only_themselves_unless_bureau_admin(cast: Any, persona: str) -> None:
    editable = set(User.objects.editable_by(_user(cast, persona)).values_list("pk", flat=True))
    if persona == "anonymous":
        assert editable == set()
    elif persona == "bureau_admin":
        assert editable == set(User.objects.values_list("pk", flat=True))
    else:
        assert editable == {cast.users[persona].pk}


@pytest.mark.parametrize("persona", PERSONAS)
def test_memberships_of_a_colleague_are_visible_to_their_admin_and_the_bureau_only(
    cast: Any, persona: str
) -> None:
    membership = MembershipFactory.create(organisation=cast.orgs["enterprise_a"], role=Role.ENTERPRISE_USER)
    user = _user(cast, persona)
    visible = Membership.objects.visible_to(user).filter(pk=membership.pk).exists()
    editable = Membership.objects.editable_by(user).filter(pk=membership.pk).exists()
    assert visible == (persona in {"enterprise_a", "bureau_admin"})
    assert editable == (persona in {"enterprise_a", "bureau_admin"})


def test_an_enterprise_admin_cannot_edit_their_own_membership(cast: Any) -> None:
    user = cast.users["enterprise_a"]
    own = Membership.objects.get(user=user)
    assert Membership.objects.visible_to(user).filter(pk=own.pk).exists()
    assert not Membership.objects.editable_by(user).filter(pk=own.pk).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_invitations_are_visible_to_the_inviting_organisations_admin_and_the_bureau(
    cast: Any, persona: str
) -> None:
    invitation, _token = services.invitation_create(
        organisation=cast.orgs["enterprise_a"],
        email="new@example.test",
        role=Role.ENTERPRISE_USER,
        by=cast.users["enterprise_a"],
    )
    user = _user(cast, persona)
    allowed = persona in {"enterprise_a", "bureau_admin"}
    assert Invitation.objects.visible_to(user).filter(pk=invitation.pk).exists() == allowed
    assert Invitation.objects.editable_by(user).filter(pk=invitation.pk).exists() == allowed


def test_an_accepted_or_revoked_invitation_is_no_longer_editable_or_usable(cast: Any) -> None:
    admin = cast.users["enterprise_a"]
    invitation, _token = services.invitation_create(
        organisation=cast.orgs["enterprise_a"], email="x@example.test", role=Role.ENTERPRISE_USER, by=admin
    )
    services.invitation_revoke(invitation=invitation, by=admin)
    assert not Invitation.objects.editable_by(admin).filter(pk=invitation.pk).exists()
    assert not Invitation.objects.usable().filter(pk=invitation.pk).exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_tokens_are_visible_only_to_their_owner(cast: Any, persona: str) -> None:
    token, _raw = services.api_token_create(user=cast.users["enterprise_a"], name="ERP", expires_in_days=None)
    user = _user(cast, persona)
    assert APIToken.objects.visible_to(user).filter(pk=token.pk).exists() == (persona == "enterprise_a")
    assert APIToken.objects.editable_by(user).filter(pk=token.pk).exists() == (persona == "enterprise_a")


def test_expired_and_revoked_tokens_are_not_usable(cast: Any) -> None:
    user = cast.users["enterprise_a"]
    expired, _ = services.api_token_create(user=user, name="old", expires_in_days=1)
    expired.expires_at = timezone.now() - dt.timedelta(minutes=1)
    expired.save()
    revoked, _ = services.api_token_create(user=user, name="gone", expires_in_days=None)
    services.api_token_revoke(token=revoked, by=user)
    live, _ = services.api_token_create(user=user, name="live", expires_in_days=30)
    assert set(APIToken.objects.usable().values_list("pk", flat=True)) == {live.pk}
    assert not expired.is_usable and not revoked.is_usable and live.is_usable


# --- Membership.clean: which roles each kind of organisation may give ------------------------


@pytest.mark.parametrize(
    ("kind", "role", "allowed"),
    [
        (OrganisationKind.ENTERPRISE, Role.ENTERPRISE_ADMIN, True),
        (OrganisationKind.ENTERPRISE, Role.ENTERPRISE_USER, True),
        (OrganisationKind.ENTERPRISE, Role.DEPARTMENT_OFFICER, False),
        (OrganisationKind.ENTERPRISE, Role.BUREAU_ADMIN, False),
        (OrganisationKind.ENTERPRISE, Role.EXPERT, False),
        (OrganisationKind.BUREAU, Role.BUREAU_ADMIN, True),
        (OrganisationKind.BUREAU, Role.ENTERPRISE_ADMIN, False),
        (OrganisationKind.DEPARTMENT, Role.DEPARTMENT_OFFICER, True),
        (OrganisationKind.DEPARTMENT, Role.TOWN_OFFICER, False),
        (OrganisationKind.TOWN, Role.TOWN_OFFICER, True),
        (OrganisationKind.TOWN, Role.BUREAU_ADMIN, False),
        (OrganisationKind.INSTITUTE, Role.EXPERT, True),
        (OrganisationKind.EVALUATION_BODY, Role.INSPECTOR, True),
        (OrganisationKind.SOCIAL_ORGANISATION, Role.INSPECTOR, False),
    ],
)
@pytest.mark.django_db
def test_a_membership_may_only_carry_a_role_its_kind_of_organisation_gives(
    kind: str, role: str, allowed: bool
) -> None:
    organisation = OrganisationFactory.create(kind=kind)
    membership = Membership(user=UserFactory.create(), organisation=organisation, role=role)
    if allowed:
        membership.full_clean()
    else:
        with pytest.raises(ValidationError) as caught:
            membership.full_clean()
        assert "role" in caught.value.message_dict


@pytest.mark.django_db
def test_an_enterprise_must_give_its_uscc() -> None:
    organisation = Organisation(kind=OrganisationKind.ENTERPRISE, name="无代码企业")
    with pytest.raises(ValidationError) as caught:
        organisation.full_clean()
    assert "uscc" in caught.value.message_dict


@pytest.mark.django_db
def test_the_uscc_field_reports_the_broken_rule() -> None:
    organisation = Organisation(kind=OrganisationKind.ENTERPRISE, name="错码企业", uscc="91350100M000100Y44")
    with pytest.raises(ValidationError) as caught:
        organisation.full_clean()
    assert caught.value.error_dict["uscc"][0].code == "check_character"
