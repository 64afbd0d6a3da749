"""Accounts services: registration and review, organisations, invitations, memberships, tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from biaozhun.accounts import selectors, services
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
from biaozhun.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory, make_uscc
from biaozhun.core.models import AuditAction, AuditEvent

PASSWORD = "Zhongshan-lamps-2025"


def register(**overrides: Any) -> Membership:
    data = {
        "name": "丙示例五金制品有限公司",
        "uscc": make_uscc(9001, division="310000"),
        "region_code": "442000",
        "address": "中山市小榄镇示例路1号",
        "contact_name": "王小明",
        "contact_phone": "0760-22223333",
        "contact_email": "wang@example.test",
        "username": "wangxm",
        "password": PASSWORD,
    }
    data.update(overrides)
    return services.enterprise_register(**data)


# --- registration and review ----------------------------------------------------------------


@pytest.mark.django_db
def test_registering_creates_a_pending_enterprise_its_admin_and_no_roles_yet(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        membership = register(uscc="91350100m000100y43")
    org, user = membership.organisation, membership.user
    assert org.kind == OrganisationKind.ENTERPRISE
    assert org.status == OrganisationStatus.PENDING
    assert org.uscc == "91350100M000100Y43"
    assert membership.role == Role.ENTERPRISE_ADMIN and membership.is_active
    assert user.check_password(PASSWORD)
    assert user.email == "wang@example.test" and user.full_name == "王小明"
    assert User.objects.get(pk=user.pk).roles == frozenset()
    assert selectors.registration_of(User.objects.get(pk=user.pk)) == org
    assert [m.to for m in mail.outbox] == [["wang@example.test"]]
    created = AuditEvent.objects.get(action=AuditAction.CREATE, object_id=str(org.pk), object_repr=org.name)
    assert created.actor == user


@pytest.mark.django_db
def test_registering_a_uscc_twice_is_refused_with_a_clear_message() -> None:
    register()
    with pytest.raises(ValidationError) as caught:
        register(name="另一家公司", username="other", contact_email="other@example.test")
    assert caught.value.message_dict["uscc"] == [services.duplicate_uscc_message()]
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_registering_reports_a_taken_username_and_a_duplicate_uscc_together() -> None:
    register()
    with pytest.raises(ValidationError) as caught:
        register(name="另一家公司")
    assert set(caught.value.message_dict) == {"uscc", "username"}


@pytest.mark.django_db
def test_registering_with_a_weak_password_creates_nothing() -> None:
    with pytest.raises(ValidationError):
        register(password="12345678")
    assert not User.objects.filter(username="wangxm").exists()
    assert not Organisation.objects.exists()


def test_approving_a_registration_gives_the_applicant_their_role_and_an_email(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    membership = register()
    org = membership.organisation
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_approve(organisation=org, by=cast.users["bureau_admin"])
    org.refresh_from_db()
    assert org.status == OrganisationStatus.ACTIVE
    assert org.reviewed_by == cast.users["bureau_admin"] and org.reviewed_at is not None
    assert User.objects.get(pk=membership.user_id).has_role(Role.ENTERPRISE_ADMIN)
    [event] = AuditEvent.objects.filter(action=AuditAction.STATE_CHANGE, object_id=str(org.pk))
    assert event.changes["status"] == ["pending", "active"]
    assert event.actor == cast.users["bureau_admin"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["wang@example.test"]
    assert org.name in mail.outbox[0].subject


def test_only_a_bureau_admin_may_approve_or_reject(cast: Any) -> None:
    org = register().organisation
    for persona in ("enterprise_a", "department", "town", "expert"):
        with pytest.raises(PermissionDenied):
            services.organisation_approve(organisation=org, by=cast.users[persona])
        with pytest.raises(PermissionDenied):
            services.organisation_reject(organisation=org, by=cast.users[persona], note="no")
    org.refresh_from_db()
    assert org.status == OrganisationStatus.PENDING


def test_an_active_organisation_cannot_be_approved_again(cast: Any) -> None:
    with pytest.raises(ValidationError):
        services.organisation_approve(organisation=cast.orgs["enterprise_a"], by=cast.users["bureau_admin"])


def test_rejecting_needs_a_reason_and_tells_the_applicant(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    org = register().organisation
    with pytest.raises(ValidationError) as caught:
        services.organisation_reject(organisation=org, by=cast.users["bureau_admin"], note="   ")
    assert "note" in caught.value.message_dict
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_reject(
            organisation=org, by=cast.users["bureau_admin"], note="营业执照名称与代码不符"
        )
    org.refresh_from_db()
    assert org.status == OrganisationStatus.REJECTED
    assert org.review_note == "营业执照名称与代码不符"
    assert "营业执照名称与代码不符" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action=AuditAction.STATE_CHANGE, object_id=str(org.pk)).exists()


def test_a_rejected_registration_can_be_approved_later(cast: Any) -> None:
    org = register().organisation
    services.organisation_reject(organisation=org, by=cast.users["bureau_admin"], note="资料不全")
    services.organisation_approve(organisation=org, by=cast.users["bureau_admin"])
    org.refresh_from_db()
    assert org.status == OrganisationStatus.ACTIVE and org.review_note == ""


# --- organisations --------------------------------------------------------------------------


def test_the_bureau_creates_an_active_department(cast: Any) -> None:
    org = services.organisation_create(
        by=cast.users["bureau_admin"], kind=OrganisationKind.DEPARTMENT, name="测试市教育局"
    )
    assert org.status == OrganisationStatus.ACTIVE and org.kind == OrganisationKind.DEPARTMENT
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(org.pk)).exists()


def test_nobody_but_the_bureau_creates_organisations(cast: Any) -> None:
    for persona in ("enterprise_a", "department", "town", "expert"):
        with pytest.raises(PermissionDenied):
            services.organisation_create(by=cast.users[persona], kind=OrganisationKind.TOWN, name="某镇")


def test_an_enterprise_admin_updates_their_profile_but_not_the_uscc_or_kind(cast: Any) -> None:
    org, admin = cast.orgs["enterprise_a"], cast.users["enterprise_a"]
    services.organisation_update(organisation=org, by=admin, changes={"address": "中山市东区新地址"})
    org.refresh_from_db()
    assert org.address == "中山市东区新地址"
    for field, value in (
        ("uscc", make_uscc(555, division="310000")),
        ("kind", OrganisationKind.INSTITUTE),
        ("status", "rejected"),
    ):
        with pytest.raises(PermissionDenied):
            services.organisation_update(organisation=org, by=admin, changes={field: value})
    org.refresh_from_db()
    assert org.kind == OrganisationKind.ENTERPRISE and org.status == OrganisationStatus.ACTIVE


def test_an_enterprise_admin_cannot_update_another_enterprise(cast: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            organisation=cast.orgs["enterprise_b"], by=cast.users["enterprise_a"], changes={"address": "x"}
        )


def test_the_bureau_corrects_a_uscc_but_not_to_one_already_taken(cast: Any) -> None:
    org, bureau = cast.orgs["enterprise_a"], cast.users["bureau_admin"]
    services.organisation_update(
        organisation=org, by=bureau, changes={"uscc": make_uscc(777, division="310000").lower()}
    )
    org.refresh_from_db()
    assert org.uscc == make_uscc(777, division="310000")
    with pytest.raises(ValidationError):
        services.organisation_update(
            organisation=org, by=bureau, changes={"uscc": cast.orgs["enterprise_b"].uscc}
        )


def test_archiving_withdraws_open_invitations_and_is_audited(cast: Any) -> None:
    org = cast.orgs["enterprise_a"]
    invitation, _ = services.invitation_create(
        organisation=org, email="new@example.test", role=Role.ENTERPRISE_USER, by=cast.users["enterprise_a"]
    )
    services.organisation_archive(organisation=org, by=cast.users["bureau_admin"])
    org.refresh_from_db()
    invitation.refresh_from_db()
    assert org.archived_at is not None and org.archived_by == cast.users["bureau_admin"]
    assert invitation.revoked_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.ARCHIVE, object_id=str(org.pk)).exists()
    with pytest.raises(ValidationError):
        services.organisation_archive(organisation=org, by=cast.users["bureau_admin"])


def test_the_bureau_cannot_archive_its_own_organisation(cast: Any) -> None:
    with pytest.raises(ValidationError):
        services.organisation_archive(organisation=cast.orgs["bureau"], by=cast.users["bureau_admin"])


# --- invitations and memberships ------------------------------------------------------------


def test_an_invitation_stores_only_the_hash_and_emails_the_link(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            organisation=cast.orgs["enterprise_a"],
            email="Colleague@Example.TEST",
            role=Role.ENTERPRISE_USER,
            by=cast.users["enterprise_a"],
        )
    assert invitation.token_hash == Invitation.hash_token(token)
    assert token not in invitation.token_hash
    assert invitation.email == "Colleague@example.test"
    expected = timezone.now() + dt.timedelta(days=services.INVITATION_VALID_DAYS)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60
    assert mail.outbox[-1].to == ["Colleague@example.test"]
    assert f"/accounts/invitations/accept/{token}/" in mail.outbox[-1].body
    assert not any(token in str(e.changes) for e in AuditEvent.objects.all())


def test_an_enterprise_admin_invites_only_enterprise_roles_into_their_own_enterprise(cast: Any) -> None:
    admin = cast.users["enterprise_a"]
    assert selectors.invitation_roles_for(organisation=cast.orgs["enterprise_a"], user=admin) == (
        Role.ENTERPRISE_ADMIN,
        Role.ENTERPRISE_USER,
    )
    with pytest.raises(ValidationError):
        services.invitation_create(
            organisation=cast.orgs["enterprise_a"], email="a@example.test", role=Role.BUREAU_ADMIN, by=admin
        )
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            organisation=cast.orgs["enterprise_b"],
            email="a@example.test",
            role=Role.ENTERPRISE_USER,
            by=admin,
        )
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            organisation=cast.orgs["department"],
            email="a@example.test",
            role=Role.DEPARTMENT_OFFICER,
            by=admin,
        )


def test_the_bureau_invites_officials_with_roles_limited_by_kind(cast: Any) -> None:
    bureau = cast.users["bureau_admin"]
    invitation, _ = services.invitation_create(
        organisation=cast.orgs["department"],
        email="officer@example.test",
        role=Role.DEPARTMENT_OFFICER,
        by=bureau,
    )
    assert invitation.role == Role.DEPARTMENT_OFFICER
    with pytest.raises(ValidationError):
        services.invitation_create(
            organisation=cast.orgs["department"], email="x@example.test", role=Role.TOWN_OFFICER, by=bureau
        )


@pytest.mark.parametrize("persona", ["department", "town", "expert", "enterprise_b"])
def test_people_who_run_no_organisation_cannot_invite(cast: Any, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            organisation=cast.orgs["enterprise_a"],
            email="x@example.test",
            role=Role.ENTERPRISE_USER,
            by=cast.users[persona],
        )


def test_a_second_open_invitation_to_the_same_address_is_refused(cast: Any) -> None:
    admin = cast.users["enterprise_a"]
    kwargs = {"organisation": cast.orgs["enterprise_a"], "role": Role.ENTERPRISE_USER, "by": admin}
    services.invitation_create(email="same@example.test", **kwargs)
    with pytest.raises(ValidationError) as caught:
        services.invitation_create(email="SAME@example.test", **kwargs)
    assert "email" in caught.value.message_dict


def test_accepting_an_invitation_creates_the_account_and_the_membership_once(cast: Any) -> None:
    invitation, _ = services.invitation_create(
        organisation=cast.orgs["enterprise_a"],
        email="new@example.test",
        full_name="李四",
        role=Role.ENTERPRISE_USER,
        by=cast.users["enterprise_a"],
    )
    membership = services.invitation_accept(invitation=invitation, username="lisi", password=PASSWORD)
    user = User.objects.get(username="lisi")
    assert membership.user == user and user.email == "new@example.test" and user.full_name == "李四"
    assert user.has_role(Role.ENTERPRISE_USER)
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    with pytest.raises(services.InvitationUnusable) as caught:
        services.invitation_accept(invitation=invitation, username="lisi2", password=PASSWORD)
    assert caught.value.reason == "accepted"


def test_a_signed_in_user_accepting_gets_the_membership_on_their_own_account(cast: Any) -> None:
    other = cast.users["enterprise_b"]
    invitation, _ = services.invitation_create(
        organisation=cast.orgs["enterprise_a"],
        email=other.email,
        role=Role.ENTERPRISE_USER,
        by=cast.users["enterprise_a"],
    )
    services.invitation_accept(invitation=invitation, user=other)
    assert Membership.objects.filter(
        user=other, organisation=cast.orgs["enterprise_a"], role=Role.ENTERPRISE_USER, is_active=True
    ).exists()


def test_accepting_reactivates_a_former_membership(cast: Any) -> None:
    former = MembershipFactory.create(
        organisation=cast.orgs["enterprise_a"], role=Role.ENTERPRISE_USER, is_active=False
    )
    invitation, _ = services.invitation_create(
        organisation=cast.orgs["enterprise_a"],
        email="back@example.test",
        role=Role.ENTERPRISE_USER,
        by=cast.users["enterprise_a"],
    )
    services.invitation_accept(invitation=invitation, user=former.user)
    former.refresh_from_db()
    assert former.is_active
    assert Membership.objects.filter(user=former.user).count() == 1


@pytest.mark.parametrize("state", ["expired", "revoked"])
def test_expired_and_revoked_invitations_cannot_be_accepted(cast: Any, state: str) -> None:
    admin = cast.users["enterprise_a"]
    invitation, _ = services.invitation_create(
        organisation=cast.orgs["enterprise_a"], email="late@example.test", role=Role.ENTERPRISE_USER, by=admin
    )
    if state == "expired":
        invitation.expires_at = timezone.now() - dt.timedelta(seconds=1)
        invitation.save()
    else:
        services.invitation_revoke(invitation=invitation, by=admin)
    with pytest.raises(services.InvitationUnusable) as caught:
        services.invitation_accept(invitation=invitation, username="late", password=PASSWORD)
    assert caught.value.reason == state
    assert not User.objects.filter(username="late").exists()


def test_only_the_inviting_organisation_or_the_bureau_revokes_an_invitation(cast: Any) -> None:
    invitation, _ = services.invitation_create(
        organisation=cast.orgs["enterprise_a"],
        email="x@example.test",
        role=Role.ENTERPRISE_USER,
        by=cast.users["enterprise_a"],
    )
    with pytest.raises(PermissionDenied):
        services.invitation_revoke(invitation=invitation, by=cast.users["enterprise_b"])
    services.invitation_revoke(invitation=invitation, by=cast.users["bureau_admin"])
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_an_admin_deactivates_a_colleague_but_not_themselves(cast: Any) -> None:
    admin = cast.users["enterprise_a"]
    colleague = MembershipFactory.create(organisation=cast.orgs["enterprise_a"], role=Role.ENTERPRISE_USER)
    services.membership_deactivate(membership=colleague, by=admin)
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert AuditEvent.objects.filter(action=AuditAction.STATE_CHANGE, object_id=str(colleague.pk)).exists()
    with pytest.raises(ValidationError):
        services.membership_deactivate(membership=Membership.objects.get(user=admin), by=admin)
    bureau = cast.users["bureau_admin"]
    with pytest.raises(ValidationError):
        services.membership_deactivate(membership=Membership.objects.get(user=bureau), by=bureau)


def test_an_admin_cannot_deactivate_members_of_another_enterprise(cast: Any) -> None:
    other = MembershipFactory.create(organisation=cast.orgs["enterprise_b"], role=Role.ENTERPRISE_USER)
    with pytest.raises(PermissionDenied):
        services.membership_deactivate(membership=other, by=cast.users["enterprise_a"])


# --- profile and API tokens -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_user_updates_their_profile() -> None:
    user = UserFactory.create()
    services.user_profile_update(
        user=user, full_name=" 赵六 ", email="zhao@EXAMPLE.test", phone="13800138000"
    )
    user.refresh_from_db()
    assert (user.full_name, user.email, user.phone) == ("赵六", "zhao@example.test", "13800138000")


@pytest.mark.django_db
def test_a_new_api_token_is_returned_once_and_stored_as_a_hash() -> None:
    user = UserFactory.create()
    token, raw = services.api_token_create(user=user, name="ERP sync", expires_in_days=30)
    assert raw.startswith("bzk_") and len(raw) > 40
    assert token.prefix == raw[:12]
    assert token.token_hash == APIToken.hash_token(raw)
    assert not APIToken.objects.filter(token_hash=raw).exists()
    assert token.expires_at is not None
    assert abs((token.expires_at - timezone.now() - dt.timedelta(days=30)).total_seconds()) < 60
    _token2, raw2 = services.api_token_create(user=user, name="other", expires_in_days=None)
    assert raw2 != raw


@pytest.mark.django_db
def test_only_the_owner_revokes_a_token_and_only_once() -> None:
    owner, stranger = UserFactory.create(), UserFactory.create()
    token, _raw = services.api_token_create(user=owner, name="ERP", expires_in_days=None)
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=token, by=stranger)
    services.api_token_revoke(token=token, by=owner)
    assert token.revoked_at is not None
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(token=token, by=owner)


@pytest.mark.django_db
def test_the_organisation_search_filters_by_kind_status_and_text() -> None:
    bureau = OrganisationFactory.create(kind=OrganisationKind.BUREAU, name="局", uscc="")
    admin = UserFactory.create()
    MembershipFactory.create(user=admin, organisation=bureau, role=Role.BUREAU_ADMIN)
    lamp = OrganisationFactory.create(name="古镇灯饰有限公司")
    pending = OrganisationFactory.create(name="待审企业", status=OrganisationStatus.PENDING)
    archived = OrganisationFactory.create(name="已归档企业")
    services.organisation_archive(organisation=archived, by=admin)

    def names(**filters: str) -> set[str]:
        return set(selectors.organisation_search(user=admin, **filters).values_list("name", flat=True))

    assert names(q="灯饰") == {"古镇灯饰有限公司"}
    assert names(q=lamp.uscc[-6:].lower()) == {"古镇灯饰有限公司"}
    assert names(status="pending") == {"待审企业"}
    assert names(status="archived") == {"已归档企业"}
    assert "已归档企业" not in names()
    assert names(kind="bureau") == {"局"}
    assert pending.name in names(kind="nonsense")
