"""Reads for accounts pages: organisation search, review queues, members, invitations, dashboard panels.

Access scoping always starts from the models' ``visible_to`` / ``editable_by`` so a page can never
show more than the rules in ``accounts.models`` allow.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biaozhun.accounts.models import (
    ENTERPRISE_ROLES,
    ROLES_BY_KIND,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
    User,
)
from biaozhun.core.navigation import PanelContent

# The status filter of the organisation list also offers "archived", which is not a status but
# what officials ask for in the same breath.
ARCHIVED = "archived"

ORGANISATION_SORTS = {
    "name": "name",
    "kind": "kind",
    "status": "status",
    "uscc": "uscc",
    "created": "created_at",
}


def organisation_search(
    *, user: Any, kind: str = "", status: str = "", q: str = ""
) -> QuerySet[Organisation]:
    """Organisations ``user`` may see, filtered by kind, status (or archived) and a name/USCC search.

    Archived organisations are left out unless the status filter asks for them, so the default
    list is the working register.
    """
    qs = Organisation.objects.visible_to(user)
    if kind in OrganisationKind.values:
        qs = qs.filter(kind=kind)
    if status == ARCHIVED:
        qs = qs.filter(archived_at__isnull=False)
    else:
        qs = qs.filter(archived_at__isnull=True)
        if status in OrganisationStatus.values:
            qs = qs.filter(status=status)
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(uscc__icontains=q.upper()))
    return qs.annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))


def pending_registrations(*, user: Any) -> QuerySet[Organisation]:
    """Self-registered organisations waiting for review, newest first, as ``user`` may see them."""
    return (
        Organisation.objects.visible_to(user)
        .filter(status=OrganisationStatus.PENDING, archived_at__isnull=True)
        .order_by("-created_at", "-pk")
    )


def organisation_members(*, organisation: Organisation, user: Any) -> QuerySet[Membership]:
    """Active memberships of ``organisation`` that ``user`` may see (admins and the bureau see all)."""
    return (
        Membership.objects.visible_to(user)
        .filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("role", "user__username")
    )


def organisation_open_invitations(*, organisation: Organisation, user: Any) -> QuerySet[Invitation]:
    """Invitations to ``organisation`` still waiting for an answer, as ``user`` may see them."""
    return (
        Invitation.objects.visible_to(user)
        .usable()
        .filter(organisation=organisation)
        .select_related("invited_by")
    )


def invitation_roles_for(*, organisation: Organisation, user: Any) -> tuple[str, ...]:
    """The roles ``user`` may hand out by invitation into ``organisation``.

    The bureau invites to any role the kind of organisation allows; an organisation's own admin
    only to the enterprise roles, so nobody can make themselves an official.
    """
    if not getattr(user, "is_authenticated", False) or organisation.archived_at is not None:
        return ()
    allowed = ROLES_BY_KIND.get(organisation.kind, ())
    if user.is_bureau_admin:
        return tuple(allowed)
    if organisation.pk in user.organisation_ids_with_role(Role.ENTERPRISE_ADMIN):
        return tuple(role for role in allowed if role in ENTERPRISE_ROLES)
    return ()


def invitation_by_token(raw: str) -> Invitation | None:
    """The invitation whose link carries ``raw``, whatever its state, or None."""
    if not raw:
        return None
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=Invitation.hash_token(raw))
        .first()
    )


def registration_of(user: Any) -> Organisation | None:
    """The organisation a signed-in user registered (or was placed in) that is not active yet.

    Only users who hold no role at all have one: as soon as any membership counts, they are
    past the review stage.
    """
    if not getattr(user, "is_authenticated", False) or user.roles:
        return None
    membership = (
        user.memberships.filter(is_active=True, organisation__archived_at__isnull=True)
        .exclude(organisation__status=OrganisationStatus.ACTIVE)
        .select_related("organisation")
        .order_by("-organisation__created_at")
        .first()
    )
    return membership.organisation if membership else None


# --- dashboard panels -----------------------------------------------------------------------


def registrations_panel(user: Any) -> PanelContent | None:
    """Bureau admins: how many registrations wait for review, with the newest few."""
    if not getattr(user, "is_authenticated", False) or not user.is_bureau_admin:
        return None
    pending = pending_registrations(user=user)
    return PanelContent(
        title=_("Registrations awaiting review"),
        count=pending.count(),
        items=[
            (org.name, reverse("accounts:organisation_detail", kwargs={"pk": org.pk})) for org in pending[:5]
        ],
        more_url=reverse("accounts:registration_list"),
        empty_text=_("No registration is waiting for review."),
    )


def my_organisation_panel(user: Any) -> PanelContent | None:
    """Enterprise members: their organisation's status, members and open invitations."""
    if not getattr(user, "is_authenticated", False) or not user.is_enterprise_member:
        return None
    membership = next((m for m in user.active_memberships if m.role in ENTERPRISE_ROLES), None)
    if membership is None:
        return None
    org = membership.organisation
    url = reverse("accounts:organisation_detail", kwargs={"pk": org.pk})
    members = org.memberships.filter(is_active=True).count()
    invitations = org.invitations.usable().count()
    return PanelContent(
        title=_("My organisation"),
        items=[
            (org.name, url),
            (_("Status: %(status)s") % {"status": org.get_status_display()}, url),
            (ngettext("%(count)d member", "%(count)d members", members) % {"count": members}, url),
            (
                ngettext("%(count)d pending invitation", "%(count)d pending invitations", invitations)
                % {"count": invitations},
                url,
            ),
        ],
        more_url=url,
    )


def registration_status_panel(user: Any) -> PanelContent | None:
    """Applicants without a role yet: say plainly that their registration waits for review."""
    org = registration_of(user)
    if org is None:
        return None
    url = reverse("accounts:organisation_detail", kwargs={"pk": org.pk})
    if org.status == OrganisationStatus.REJECTED:
        text = _("The registration of %(name)s was not approved.") % {"name": org.name}
        if org.review_note:
            text += " " + _("Reason: %(note)s") % {"note": org.review_note}
        return PanelContent(title=_("Registration not approved"), items=[(text, url)], more_url=url)
    return PanelContent(
        title=_("Registration awaiting review"),
        items=[
            (
                _(
                    "The registration of %(name)s is awaiting review by the bureau. "
                    "You will get an email when it has been decided."
                )
                % {"name": org.name},
                url,
            )
        ],
        more_url=url,
    )


def invitation_problem(invitation: Invitation) -> str | None:
    """Why an invitation link can no longer be used ("accepted", "revoked", "expired", "closed"), or None."""
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.revoked_at is not None:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    if invitation.organisation.archived_at is not None:
        return "closed"
    return None


def uscc_taken(code: str) -> bool:
    """Whether an organisation (archived or not) already holds the normalised code ``code``."""
    return bool(code) and Organisation.objects.filter(uscc=code).exists()


def username_taken(username: str) -> bool:
    """Usernames are compared without case so that two people cannot be told apart by capitals only."""
    return User.objects.filter(username__iexact=username).exists()
