"""Users, organisations and the roles people hold in them.

Who may see or change what is decided here and nowhere else: ``Role`` names what a membership
allows, ``User.has_role`` answers role questions for views, and each queryset's ``visible_to`` /
``editable_by`` scopes rows for a user.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from biaozhun.accounts import uscc as uscc_rules
from biaozhun.core.models import AccessQuerySet, ArchivableModel, ArchivableQuerySet, AuditedModel


class OrganisationKind(models.TextChoices):
    BUREAU = "bureau", _("Market supervision bureau")
    DEPARTMENT = "department", _("Government department")
    TOWN = "town", _("Town or street")
    ENTERPRISE = "enterprise", _("Enterprise")
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
    INSTITUTE = "institute", _("Institute")
    EVALUATION_BODY = "evaluation_body", _("Evaluation body")


GOVERNMENT_KINDS = (OrganisationKind.BUREAU, OrganisationKind.DEPARTMENT, OrganisationKind.TOWN)


class OrganisationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Rejected")


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("Bureau administrator")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    TOWN_OFFICER = "town_officer", _("Town officer")
    ENTERPRISE_ADMIN = "enterprise_admin", _("Enterprise administrator")
    ENTERPRISE_USER = "enterprise_user", _("Enterprise user")
    EXPERT = "expert", _("Expert")
    INSPECTOR = "inspector", _("Inspector")


OFFICIAL_ROLES = (Role.BUREAU_ADMIN, Role.DEPARTMENT_OFFICER, Role.TOWN_OFFICER)
ENTERPRISE_ROLES = (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_USER)

# Which roles a membership of each kind of organisation may carry.
ROLES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.BUREAU: (Role.BUREAU_ADMIN, Role.INSPECTOR, Role.EXPERT),
    OrganisationKind.DEPARTMENT: (Role.DEPARTMENT_OFFICER, Role.INSPECTOR),
    OrganisationKind.TOWN: (Role.TOWN_OFFICER, Role.INSPECTOR),
    OrganisationKind.ENTERPRISE: ENTERPRISE_ROLES,
    OrganisationKind.SOCIAL_ORGANISATION: (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_USER, Role.EXPERT),
    OrganisationKind.INSTITUTE: (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_USER, Role.EXPERT, Role.INSPECTOR),
    OrganisationKind.EVALUATION_BODY: (
        Role.ENTERPRISE_ADMIN,
        Role.ENTERPRISE_USER,
        Role.EXPERT,
        Role.INSPECTOR,
    ),
}


def validate_uscc(value: str) -> None:
    try:
        uscc_rules.parse(value)
    except uscc_rules.USCCError as exc:
        raise ValidationError(exc.message, code=exc.code) from exc


class OrganisationQuerySet(ArchivableQuerySet):
    def government(self) -> OrganisationQuerySet:
        return self.filter(kind__in=GOVERNMENT_KINDS)

    def visible_to(self, user: Any) -> OrganisationQuerySet:
        """Bureau admins see every organisation; officials see active ones; others their own and
        the government directory. Anonymous visitors see none."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        active = self.filter(status=OrganisationStatus.ACTIVE, archived_at__isnull=True)
        if user.is_official:
            return active
        return self.filter(Q(pk__in=user.organisation_ids) | Q(pk__in=active.government().values("pk")))

    def editable_by(self, user: Any) -> OrganisationQuerySet:
        """Bureau admins edit any organisation; an organisation's admin edits its own profile."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        return self.filter(
            pk__in=user.organisation_ids_with_role(Role.ENTERPRISE_ADMIN), archived_at__isnull=True
        )


class Organisation(ArchivableModel):
    """A body that acts on the platform: the bureau, a department, a town, an enterprise, ….

    Enterprises (and social organisations, institutes, evaluation bodies) are identified by their
    unified social credit code; government bodies may have one. Self-registered organisations wait
    for the bureau's approval (status pending) before their members hold any role.
    """

    audit_state_field = "status"

    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
        help_text=_("18 characters, as printed on the business licence."),
    )
    region_code = models.CharField(
        _("administrative division"),
        max_length=6,
        blank=True,
        help_text=_("GB/T 2260 code of the city or district, e.g. 442000."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    town = models.ForeignKey(
        "self",
        verbose_name=_("town or street"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": OrganisationKind.TOWN},
        related_name="organisations_in_town",
        help_text=_("Where an enterprise is: searches of declarations and spot-check plans filter by it."),
    )
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OrganisationStatus.choices, default=OrganisationStatus.ACTIVE
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=255, blank=True)

    objects = OrganisationQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=~Q(uscc=""), name="organisation_uscc_unique"),
            models.UniqueConstraint(
                fields=["kind", "name"],
                condition=Q(archived_at__isnull=True),
                name="organisation_kind_name_unique_active",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.uscc:
            self.uscc = uscc_rules.normalize(self.uscc)
        if self.kind == OrganisationKind.ENTERPRISE and not self.uscc:
            raise ValidationError({"uscc": _("An enterprise must give its unified social credit code.")})

    @property
    def is_government(self) -> bool:
        return self.kind in GOVERNMENT_KINDS

    @property
    def is_active(self) -> bool:
        return self.status == OrganisationStatus.ACTIVE and self.archived_at is None


class UserQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> UserQuerySet:
        """Bureau admins see everyone; an organisation's admin sees its members; others themselves."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        admin_of = user.organisation_ids_with_role(Role.ENTERPRISE_ADMIN)
        return self.filter(Q(pk=user.pk) | Q(memberships__organisation_id__in=admin_of)).distinct()

    def editable_by(self, user: Any) -> UserQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        return self.filter(pk=user.pk)


class BiaozhunUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser, AuditedModel):
    """A person who signs in. What they may do comes from their memberships, not from the user row."""

    audit_exclude: ClassVar[frozenset[str]] = frozenset(
        {"password", "last_login", "created_at", "updated_at"}
    )

    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=30, blank=True)

    objects = BiaozhunUserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def active_memberships(self) -> list[Membership]:
        if self.pk is None:
            return []
        return list(
            self.memberships.filter(
                is_active=True,
                organisation__status=OrganisationStatus.ACTIVE,
                organisation__archived_at__isnull=True,
            ).select_related("organisation")
        )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.active_memberships)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def organisation_ids(self) -> list[int]:
        return [m.organisation_id for m in self.memberships.filter(is_active=True)]

    def organisation_ids_with_role(self, *roles: str) -> list[int]:
        return [m.organisation_id for m in self.active_memberships if m.role in roles]

    @property
    def primary_organisation(self) -> Organisation | None:
        memberships = self.active_memberships
        if memberships:
            return memberships[0].organisation
        pending = self.memberships.filter(is_active=True).select_related("organisation").first()
        return pending.organisation if pending else None

    @property
    def audit_organisation_id(self) -> int | None:
        org = self.primary_organisation
        return org.pk if org else None

    @property
    def is_bureau_admin(self) -> bool:
        return self.has_role(Role.BUREAU_ADMIN)

    @property
    def is_official(self) -> bool:
        return self.has_role(*OFFICIAL_ROLES)

    @property
    def is_enterprise_member(self) -> bool:
        return self.has_role(*ENTERPRISE_ROLES)


class MembershipQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> MembershipQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        admin_of = user.organisation_ids_with_role(Role.ENTERPRISE_ADMIN)
        return self.filter(Q(user=user) | Q(organisation_id__in=admin_of))

    def editable_by(self, user: Any) -> MembershipQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        admin_of = user.organisation_ids_with_role(Role.ENTERPRISE_ADMIN)
        return self.filter(organisation_id__in=admin_of).exclude(user=user)


class Membership(AuditedModel):
    """A user's role in an organisation. Deactivated, never deleted, when someone leaves."""

    audit_state_field = "is_active"

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and self.role:
            allowed = ROLES_BY_KIND.get(self.organisation.kind, ())
            if self.role not in allowed:
                raise ValidationError(
                    {
                        "role": _("A %(kind)s cannot give the role %(role)s.")
                        % {
                            "kind": self.organisation.get_kind_display(),
                            "role": Role(self.role).label,
                        }
                    }
                )


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> InvitationQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        return self.filter(organisation_id__in=user.organisation_ids_with_role(Role.ENTERPRISE_ADMIN))

    def editable_by(self, user: Any) -> InvitationQuerySet:
        return self.visible_to(user).filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def usable(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(AuditedModel):
    """An invitation to join an organisation with a role, sent by email as a one-time link.

    Only a hash of the token is stored, so a leaked database does not let anyone accept.
    """

    audit_exclude: ClassVar[frozenset[str]] = frozenset({"token_hash", "created_at", "updated_at"})

    email = models.EmailField(_("email"))
    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User, verbose_name=_("invited by"), on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, verbose_name=_("accepted by"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @staticmethod
    def new_token() -> str:
        return _new_token()


class APITokenQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> APITokenQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def editable_by(self, user: Any) -> APITokenQuerySet:
        return self.visible_to(user).filter(revoked_at__isnull=True)

    def usable(self) -> APITokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class APIToken(AuditedModel):
    """A personal token for programs calling the API as this user.

    Shown once when created; only its SHA-256 is stored. The first eight characters are kept in
    clear (``prefix``) so the owner can tell tokens apart on the profile page.
    """

    audit_exclude: ClassVar[frozenset[str]] = frozenset(
        {"token_hash", "created_at", "updated_at", "last_used_at"}
    )
    PREFIX = "bzk_"

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=60, help_text=_("What the token is for, e.g. ERP sync."))
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = APITokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
