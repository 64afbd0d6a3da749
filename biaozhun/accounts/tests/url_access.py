"""Access rows for accounts' URLs (merged by biaozhun/tests/test_url_access.py).

Object pages are requested twice: with enterprise A's object and with enterprise B's, so each
enterprise is shown to get 404 for the other's ids. Objects the cast does not hold (a pending
registration, an invitation, a colleague's membership, an API token) are made in the URL callable.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from biaozhun.accounts import services
from biaozhun.accounts.models import Membership, OrganisationStatus, Role
from biaozhun.accounts.tests.factories import MembershipFactory, OrganisationFactory
from biaozhun.core.testing import (
    API_SIGNED_IN,
    BUREAU_ONLY,
    LOGIN,
    PUBLIC,
    SIGNED_IN,
    Case,
    expect,
    named,
)


def _own(enterprise: str) -> dict[str, int]:
    """Only the bureau and the enterprise's own admin get in; everyone else gets 404."""
    return expect(404, anonymous=LOGIN, bureau_admin=200, **{enterprise: 200})


def _visible(enterprise: str) -> dict[str, int]:
    """Officials and the bureau see an active enterprise; other enterprises and experts get 404."""
    return expect(
        404,
        anonymous=LOGIN,
        department=200,
        other_department=200,
        town=200,
        bureau_admin=200,
        **{enterprise: 200},
    )


def org_url(name: str, enterprise: str) -> Any:
    return lambda cast: reverse(name, kwargs={"pk": cast.orgs[enterprise].pk})


def pending_url(name: str) -> Any:
    def build(cast: Any) -> str:
        org = OrganisationFactory.create(status=OrganisationStatus.PENDING)
        return reverse(name, kwargs={"pk": org.pk})

    return build


def invitation_url(enterprise: str) -> Any:
    def build(cast: Any) -> str:
        invitation, _token = services.invitation_create(
            organisation=cast.orgs[enterprise],
            email=f"invitee-{enterprise}@example.test",
            role=Role.ENTERPRISE_USER,
            by=cast.users[enterprise],
        )
        return reverse("accounts:invitation_revoke", kwargs={"pk": invitation.pk})

    return build


def accept_url(*, revoked: bool = False) -> Any:
    def build(cast: Any) -> str:
        invitation, token = services.invitation_create(
            organisation=cast.orgs["enterprise_a"],
            email="invitee@example.test",
            role=Role.ENTERPRISE_USER,
            by=cast.users["enterprise_a"],
        )
        if revoked:
            services.invitation_revoke(invitation=invitation, by=cast.users["enterprise_a"])
        return reverse("accounts:invitation_accept", kwargs={"token": token})

    return build


def membership_url(enterprise: str) -> Any:
    def build(cast: Any) -> str:
        membership = MembershipFactory.create(organisation=cast.orgs[enterprise], role=Role.ENTERPRISE_USER)
        return reverse("accounts:membership_deactivate", kwargs={"pk": membership.pk})

    return build


def own_membership_url(persona: str) -> Any:
    return lambda cast: reverse(
        "accounts:membership_deactivate", kwargs={"pk": Membership.objects.get(user=cast.users[persona]).pk}
    )


def token_url(persona: str) -> Any:
    def build(cast: Any) -> str:
        token, _raw = services.api_token_create(user=cast.users[persona], name="ERP", expires_in_days=None)
        return reverse("accounts:api_token_revoke", kwargs={"pk": token.pk})

    return build


NOT_PENDING_REVIEW = expect(403, anonymous=LOGIN, bureau_admin=404)

ACCESS = {
    # Sign-in and passwords.
    "accounts:login": [
        Case(named("accounts:login"), expect(302, anonymous=200), note="signed-in users go on")
    ],
    "accounts:logout": [Case(named("accounts:logout"), expect(302), method="post")],
    "accounts:password_change": [Case(named("accounts:password_change"), SIGNED_IN)],
    "accounts:password_change_done": [Case(named("accounts:password_change_done"), SIGNED_IN)],
    "accounts:password_reset": [Case(named("accounts:password_reset"), PUBLIC)],
    "accounts:password_reset_done": [Case(named("accounts:password_reset_done"), PUBLIC)],
    "accounts:password_reset_confirm": [
        Case(
            named("accounts:password_reset_confirm", uidb64="MQ", token="bogus-token"),
            PUBLIC,
            note="a bogus link shows the 'link does not work' page",
        )
    ],
    "accounts:password_reset_complete": [Case(named("accounts:password_reset_complete"), PUBLIC)],
    # Registration and review.
    "accounts:register": [Case(named("accounts:register"), PUBLIC)],
    "accounts:register_done": [Case(named("accounts:register_done"), PUBLIC)],
    "accounts:registration_list": [Case(named("accounts:registration_list"), BUREAU_ONLY)],
    "accounts:registration_approve": [
        Case(pending_url("accounts:registration_approve"), BUREAU_ONLY),
        Case(org_url("accounts:registration_approve", "enterprise_b"), NOT_PENDING_REVIEW),
    ],
    "accounts:registration_reject": [
        Case(pending_url("accounts:registration_reject"), BUREAU_ONLY),
        Case(org_url("accounts:registration_reject", "enterprise_b"), NOT_PENDING_REVIEW),
    ],
    # Organisations.
    "accounts:organisation_list": [Case(named("accounts:organisation_list"), BUREAU_ONLY)],
    "accounts:organisation_export": [Case(named("accounts:organisation_export"), BUREAU_ONLY)],
    "accounts:organisation_create": [Case(named("accounts:organisation_create"), BUREAU_ONLY)],
    "accounts:my_organisation": [
        Case(named("accounts:my_organisation"), expect(302), note="every persona has an organisation")
    ],
    "accounts:organisation_detail": [
        Case(org_url("accounts:organisation_detail", "enterprise_a"), _visible("enterprise_a")),
        Case(org_url("accounts:organisation_detail", "enterprise_b"), _visible("enterprise_b")),
        Case(
            pending_url("accounts:organisation_detail"),
            expect(404, anonymous=LOGIN, bureau_admin=200),
            note="a pending registration is seen by the bureau (and its applicant) only",
        ),
    ],
    "accounts:organisation_edit": [
        Case(org_url("accounts:organisation_edit", "enterprise_a"), _own("enterprise_a")),
        Case(org_url("accounts:organisation_edit", "enterprise_b"), _own("enterprise_b")),
    ],
    "accounts:organisation_archive": [
        Case(org_url("accounts:organisation_archive", "enterprise_a"), BUREAU_ONLY),
        Case(org_url("accounts:organisation_archive", "enterprise_b"), BUREAU_ONLY),
    ],
    # Invitations and memberships.
    "accounts:invitation_create": [
        Case(org_url("accounts:invitation_create", "enterprise_a"), _own("enterprise_a")),
        Case(org_url("accounts:invitation_create", "enterprise_b"), _own("enterprise_b")),
    ],
    "accounts:invitation_revoke": [
        Case(invitation_url("enterprise_a"), _own("enterprise_a")),
        Case(invitation_url("enterprise_b"), _own("enterprise_b")),
    ],
    "accounts:invitation_accept": [
        Case(named("accounts:invitation_accept", token="bogus-token"), expect(404), note="unknown token"),
        Case(accept_url(revoked=True), expect(410), note="a revoked invitation is gone"),
        Case(accept_url(), PUBLIC, note="anonymous: sign-up form; signed in: join with this account"),
    ],
    "accounts:membership_deactivate": [
        Case(membership_url("enterprise_a"), _own("enterprise_a")),
        Case(membership_url("enterprise_b"), _own("enterprise_b")),
        Case(
            own_membership_url("enterprise_a"),
            expect(404, anonymous=LOGIN, bureau_admin=200),
            note="an admin is never offered to remove themselves",
        ),
    ],
    # Profile and API tokens.
    "accounts:profile": [Case(named("accounts:profile"), SIGNED_IN)],
    "accounts:api_token_create": [Case(named("accounts:api_token_create"), SIGNED_IN)],
    "accounts:api_token_revoke": [
        Case(token_url("enterprise_a"), expect(404, anonymous=LOGIN, enterprise_a=200)),
        Case(token_url("enterprise_b"), expect(404, anonymous=LOGIN, enterprise_b=200)),
    ],
    # API.
    "api-1.0.0:me": [Case(named("api-1.0.0:me"), API_SIGNED_IN)],
    "api-1.0.0:accounts_organisations": [Case(named("api-1.0.0:accounts_organisations"), API_SIGNED_IN)],
}
