"""Writes for accounts: registration and review, organisations, invitations, memberships, profile, tokens.

Every function is keyword-only and atomic, checks the caller's right to act (views check too, but
commands and the API call these directly), changes rows through ``save()`` so the audit trail
records them, and sends its emails only after the transaction commits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from biaozhun.accounts import selectors
from biaozhun.accounts import uscc as uscc_rules
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
from biaozhun.accounts.tasks import send_notification_email
from biaozhun.core.audit import audit_context, current_context

INVITATION_VALID_DAYS = 7
API_TOKEN_PREFIX_LENGTH = 12

# Fields an organisation's own admin may change; the bureau may also change the kind and USCC.
# The status is never edited directly: it moves only through review (approve / reject).
ORGANISATION_PROFILE_FIELDS = (
    "name",
    "short_name",
    "region_code",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
)
ORGANISATION_BUREAU_FIELDS = ("kind", "uscc")


class InvitationUnusable(Exception):
    """The invitation was accepted, revoked or has expired; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@contextlib.contextmanager
def _acting(by: Any) -> Iterator[None]:
    """Attribute audit events to ``by`` while keeping the request's address, if there is one."""
    ctx = current_context()
    with audit_context(actor=by, ip_address=ctx.ip_address, request=ctx.request):
        yield


def _send_later(*, template: str, subject: str, recipients: list[str], context: dict[str, Any]) -> None:
    """Render an email now (in the current language) and hand it to the queue after commit."""
    unique = sorted({r.strip() for r in recipients if r and r.strip()})
    if not unique:
        return
    body = render_to_string(
        f"accounts/email/{template}.txt",
        {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context},
    )
    transaction.on_commit(
        lambda: send_notification_email.enqueue(subject=subject, body=body, recipients=unique)
    )


def _applicant_emails(organisation: Organisation) -> list[str]:
    admins = organisation.memberships.filter(is_active=True, role=Role.ENTERPRISE_ADMIN).select_related(
        "user"
    )
    return [organisation.contact_email, *(m.user.email for m in admins)]


def _require_bureau_admin(by: Any) -> None:
    if not getattr(by, "is_authenticated", False) or not by.is_bureau_admin:
        raise PermissionDenied(_("Only a bureau administrator may do this."))


def duplicate_uscc_message() -> str:
    return _(
        "An organisation with this unified social credit code is already registered; "
        "ask its administrator to invite you."
    )


# --- registration and review ----------------------------------------------------------------


@transaction.atomic
def enterprise_register(
    *,
    name: str,
    uscc: str,
    region_code: str,
    address: str,
    contact_name: str,
    contact_phone: str,
    contact_email: str,
    username: str,
    password: str,
) -> Membership:
    """Register an enterprise and its first administrator, pending the bureau's approval.

    The new user can sign in at once but holds no role until the organisation is approved,
    because their membership only counts for an active organisation.
    """
    code = uscc_rules.normalize(uscc)
    errors: dict[str, list[str]] = {}
    if selectors.uscc_taken(code):
        errors.setdefault("uscc", []).append(duplicate_uscc_message())
    if selectors.username_taken(username):
        errors.setdefault("username", []).append(_("This username is taken; choose another."))
    if errors:
        raise ValidationError(errors)

    user = User(username=username, email=contact_email, full_name=contact_name, phone=contact_phone)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    with _acting(user):
        organisation = Organisation(
            kind=OrganisationKind.ENTERPRISE,
            status=OrganisationStatus.PENDING,
            name=name.strip(),
            uscc=code,
            region_code=region_code,
            address=address,
            contact_name=contact_name,
            contact_phone=contact_phone,
            contact_email=contact_email,
        )
        organisation.full_clean()
        organisation.save()
        membership = Membership(user=user, organisation=organisation, role=Role.ENTERPRISE_ADMIN)
        membership.full_clean()
        membership.save()
    _send_later(
        template="registration_received",
        subject=_("We received the registration of %(name)s") % {"name": organisation.name},
        recipients=[contact_email],
        context={"organisation": organisation, "user": user},
    )
    return membership


@transaction.atomic
def organisation_approve(*, organisation: Organisation, by: Any) -> Organisation:
    """Approve a registration: its members' roles take effect and the applicant is told by email.

    A rejected registration may be approved later when the bureau changes its mind.
    """
    _require_bureau_admin(by)
    if organisation.archived_at is not None or organisation.status == OrganisationStatus.ACTIVE:
        raise ValidationError(_("Only a registration awaiting review or rejected can be approved."))
    with _acting(by):
        organisation.status = OrganisationStatus.ACTIVE
        organisation.reviewed_by = by
        organisation.reviewed_at = timezone.now()
        organisation.review_note = ""
        organisation.save()
    _send_later(
        template="registration_approved",
        subject=_("The registration of %(name)s was approved") % {"name": organisation.name},
        recipients=_applicant_emails(organisation),
        context={"organisation": organisation},
    )
    return organisation


@transaction.atomic
def organisation_reject(*, organisation: Organisation, by: Any, note: str) -> Organisation:
    """Reject a registration with a reason the applicant reads in the email and on their dashboard."""
    _require_bureau_admin(by)
    note = note.strip()
    if not note:
        raise ValidationError(
            {"note": _("Say why the registration is rejected; the applicant will read it.")}
        )
    if organisation.archived_at is not None or organisation.status != OrganisationStatus.PENDING:
        raise ValidationError(_("Only a registration awaiting review can be rejected."))
    with _acting(by):
        organisation.status = OrganisationStatus.REJECTED
        organisation.reviewed_by = by
        organisation.reviewed_at = timezone.now()
        organisation.review_note = note[:255]
        organisation.save()
    _send_later(
        template="registration_rejected",
        subject=_("The registration of %(name)s was not approved") % {"name": organisation.name},
        recipients=_applicant_emails(organisation),
        context={"organisation": organisation},
    )
    return organisation


# --- organisations --------------------------------------------------------------------------


@transaction.atomic
def organisation_create(
    *,
    by: Any,
    kind: str,
    name: str,
    short_name: str = "",
    uscc: str = "",
    region_code: str = "",
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
) -> Organisation:
    """The bureau adds an organisation (a department, town, institute, …); it is active at once."""
    _require_bureau_admin(by)
    code = uscc_rules.normalize(uscc) if uscc else ""
    if selectors.uscc_taken(code):
        raise ValidationError({"uscc": duplicate_uscc_message()})
    with _acting(by):
        organisation = Organisation(
            kind=kind,
            name=name.strip(),
            short_name=short_name,
            uscc=code,
            region_code=region_code,
            address=address,
            contact_name=contact_name,
            contact_phone=contact_phone,
            contact_email=contact_email,
            status=OrganisationStatus.ACTIVE,
        )
        organisation.full_clean()
        organisation.save()
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: Any, changes: Mapping[str, Any]) -> Organisation:
    """Change an organisation's profile. Its own admin may not touch the kind, USCC or status."""
    if not Organisation.objects.editable_by(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You may not change this organisation."))
    allowed = set(ORGANISATION_PROFILE_FIELDS)
    if by.is_bureau_admin:
        allowed |= set(ORGANISATION_BUREAU_FIELDS)
    refused = sorted(set(changes) - allowed)
    if refused:
        raise PermissionDenied(_("You may not change: %(fields)s.") % {"fields": ", ".join(refused)})
    if changes.get("uscc"):
        code = uscc_rules.normalize(changes["uscc"])
        if Organisation.objects.filter(uscc=code).exclude(pk=organisation.pk).exists():
            raise ValidationError({"uscc": duplicate_uscc_message()})
        changes = {**changes, "uscc": code}
    with _acting(by):
        for field, value in changes.items():
            setattr(organisation, field, value)
        organisation.full_clean()
        organisation.save()
    return organisation


@transaction.atomic
def organisation_archive(*, organisation: Organisation, by: Any) -> Organisation:
    """Archive an organisation: its members lose their roles and open invitations are withdrawn.

    Nothing is deleted, so the history of what the organisation did stays readable. The bureau
    cannot archive its own organisation, which would lock every administrator out.
    """
    _require_bureau_admin(by)
    if organisation.archived_at is not None:
        raise ValidationError(_("This organisation is already archived."))
    if organisation.pk in by.organisation_ids:
        raise ValidationError(_("You cannot archive your own organisation."))
    now = timezone.now()
    with _acting(by):
        organisation.archived_at = now
        organisation.archived_by = by
        organisation.save()
        for invitation in organisation.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True):
            invitation.revoked_at = now
            invitation.save()
    return organisation


# --- invitations and memberships ------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: str, by: Any, full_name: str = ""
) -> tuple[Invitation, str]:
    """Invite someone by email to join ``organisation`` with ``role``; returns the invitation and its token.

    Only the hash of the token is stored; the token itself travels once, in the emailed link,
    which works for ``INVITATION_VALID_DAYS`` days.
    """
    allowed = selectors.invitation_roles_for(organisation=organisation, user=by)
    if not allowed:
        raise PermissionDenied(_("You may not invite people into this organisation."))
    if role not in allowed:
        raise ValidationError({"role": _("You may not give this role in this organisation.")})
    email = User.objects.normalize_email(email.strip())
    if organisation.invitations.usable().filter(email__iexact=email).exists():
        raise ValidationError(
            {
                "email": _(
                    "An invitation to this address is already waiting; revoke it first to send a new one."
                )
            }
        )
    token = Invitation.new_token()
    with _acting(by):
        invitation = Invitation(
            email=email,
            full_name=full_name.strip(),
            organisation=organisation,
            role=role,
            token_hash=Invitation.hash_token(token),
            invited_by=by,
            expires_at=timezone.now() + dt.timedelta(days=INVITATION_VALID_DAYS),
        )
        invitation.full_clean()
        invitation.save()
    link = settings.SITE_URL + reverse("accounts:invitation_accept", kwargs={"token": token})
    _send_later(
        template="invitation",
        subject=_("You are invited to join %(organisation)s") % {"organisation": organisation.name},
        recipients=[email],
        context={
            "invitation": invitation,
            "role": Role(role).label,
            "link": link,
            "inviter": str(by),
            "valid_days": INVITATION_VALID_DAYS,
        },
    )
    return invitation, token


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: Any = None,
    username: str = "",
    password: str = "",
    full_name: str = "",
) -> Membership:
    """Accept an invitation, either for a signed-in ``user`` or by creating a new account.

    The invitation is re-read under a lock so one link cannot be used twice at the same time.
    """
    invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    problem = selectors.invitation_problem(invitation)
    if problem:
        raise InvitationUnusable(problem)
    if user is None:
        if selectors.username_taken(username):
            raise ValidationError({"username": _("This username is taken; choose another.")})
        user = User(username=username, email=invitation.email, full_name=full_name or invitation.full_name)
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
    with _acting(user):
        membership = Membership.objects.filter(
            user=user, organisation=invitation.organisation, role=invitation.role
        ).first()
        if membership is None:
            membership = Membership(user=user, organisation=invitation.organisation, role=invitation.role)
            membership.full_clean()
            membership.save()
        elif not membership.is_active:
            membership.is_active = True
            membership.save()
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save()
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: Any) -> Invitation:
    """Withdraw an invitation that has not been accepted; its link stops working at once."""
    if not Invitation.objects.editable_by(by).filter(pk=invitation.pk).exists():
        raise PermissionDenied(_("You may not revoke this invitation."))
    with _acting(by):
        invitation.revoked_at = timezone.now()
        invitation.save()
    return invitation


@transaction.atomic
def membership_deactivate(*, membership: Membership, by: Any) -> Membership:
    """End someone's role in an organisation. Admins cannot remove themselves (and so lock everyone out)."""
    if membership.user_id == getattr(by, "pk", None):
        raise ValidationError(_("You cannot deactivate your own membership."))
    if not Membership.objects.editable_by(by).filter(pk=membership.pk).exists():
        raise PermissionDenied(_("You may not change this membership."))
    if not membership.is_active:
        raise ValidationError(_("This membership is already inactive."))
    with _acting(by):
        membership.is_active = False
        membership.save()
    return membership


# --- profile and API tokens -----------------------------------------------------------------


@transaction.atomic
def user_profile_update(*, user: User, full_name: str, email: str, phone: str) -> User:
    """A user changes their own name, email and phone number."""
    with _acting(user):
        user.full_name = full_name.strip()
        user.email = User.objects.normalize_email(email.strip())
        user.phone = phone.strip()
        user.full_clean()
        user.save()
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str, expires_in_days: int | None) -> tuple[APIToken, str]:
    """Create a personal API token and return it with its only clear-text copy.

    The raw token is ``bzk_`` plus 43 random URL-safe characters; only its SHA-256 and first
    twelve characters are stored, so it cannot be shown again.
    """
    if expires_in_days is not None and expires_in_days < 1:
        raise ValidationError({"expires_in_days": _("A token must be valid for at least one day.")})
    raw = APIToken.PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=expires_in_days) if expires_in_days else None
    with _acting(user):
        token = APIToken(
            user=user,
            name=name.strip(),
            prefix=raw[:API_TOKEN_PREFIX_LENGTH],
            token_hash=APIToken.hash_token(raw),
            expires_at=expires_at,
        )
        token.full_clean()
        token.save()
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: APIToken, by: Any) -> APIToken:
    """Revoke a token: programs using it get 401 from the next request on."""
    if not APIToken.objects.editable_by(by).filter(pk=token.pk).exists():
        raise PermissionDenied(_("You may not revoke this token."))
    with _acting(by):
        token.revoked_at = timezone.now()
        token.save()
    return token


@transaction.atomic
def bureau_admin_bootstrap(
    *, bureau_name: str, username: str, email: str, password: str, full_name: str = ""
) -> tuple[Organisation, User, bool]:
    """Create the deployment's bureau and its first administrator, for a fresh installation.

    Nobody can invite the first administrator, so this is the one way in besides the Django
    shell. Idempotent: an existing bureau of that name and an existing user are reused; the
    membership is added if missing. Returns the bureau, the user and whether anything was created.
    The password is checked against the configured validators.
    """
    created = False
    bureau = Organisation.objects.filter(
        kind=OrganisationKind.BUREAU, name=bureau_name, archived_at__isnull=True
    ).first()
    with audit_context(actor=None):
        if bureau is None:
            bureau = Organisation(
                kind=OrganisationKind.BUREAU,
                name=bureau_name,
                region_code=settings.REGION_CODE,
                status=OrganisationStatus.ACTIVE,
            )
            bureau.full_clean()
            bureau.save()
            created = True
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=email, full_name=full_name)
            validate_password(password, user)
            user.set_password(password)
            user.full_clean()
            user.save()
            created = True
        membership, made = Membership.objects.get_or_create(
            user=user, organisation=bureau, role=Role.BUREAU_ADMIN, defaults={"is_active": True}
        )
        if not membership.is_active:
            membership.is_active = True
            membership.save()
            made = True
        created = created or made
    return bureau, user, created
