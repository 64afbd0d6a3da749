"""What the checking app keeps: validity checks and their results, watchlists, controlled-standards
lists, and the ledger of standard texts given to enterprises.

Ownership is the same everywhere: a record belongs to the user who made it and, when made for an
organisation, to that organisation, whose members all see it. Nobody else does, except that bureau
staff see text requests and the ledger, which they keep. Views fetch through ``visible_to`` so a
guessed id is a 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biaozhun.core.models import AccessQuerySet, ArchivableModel, ArchivableQuerySet, AuditedModel


def _owned_by(user: Any) -> Q:
    """Rows the user made, or made for one of the user's organisations."""
    return Q(owner=user) | Q(organisation_id__in=user.organisation_ids)


class OwnedQuerySet(AccessQuerySet):
    """Rows that are their owner's and their organisation's alone (the bureau included, it does not
    read them): checks and controlled-standards lists."""

    def visible_to(self, user: Any) -> OwnedQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(_owned_by(user))

    def editable_by(self, user: Any) -> OwnedQuerySet:
        return self.visible_to(user)


class CheckKind(models.TextChoices):
    LIST = "list", _("List of standard numbers")
    DOCUMENT = "document", _("References in a document")


class CheckQuerySet(OwnedQuerySet):
    """A check is its owner's and its organisation's; the bureau does not read enterprises' lists."""


class Check(AuditedModel):
    """One validity check (查新) as it was run: the input, the catalogue's as-of time, and a result per entry.

    ``results`` holds ``EntryResult.as_json()`` for every entry in the user's order (for a document,
    with ``section``, ``location`` and ``context`` added), so the page, the Excel file and the PDF
    report all show what was found on the day, even after the catalogue has changed. An uploaded
    spreadsheet is kept (``file``) so the Excel output can give the user's own workbook back.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=10, choices=CheckKind.choices, default=CheckKind.LIST)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="validity_checks",
    )
    title = models.CharField(_("name"), max_length=200, blank=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file = models.FileField(_("uploaded file"), upload_to="checks/%Y/%m/", blank=True)
    column = models.PositiveSmallIntegerField(_("column"), null=True, blank=True)  # 0-based
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    header_row = models.PositiveIntegerField(_("header row"), null=True, blank=True)
    as_of = models.DateTimeField(_("catalogue as of"), null=True, blank=True)
    checked_at = models.DateTimeField(_("checked at"), default=timezone.now)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    counts = models.JSONField(_("distinct numbers per verdict"), default=dict, blank=True)
    results = models.JSONField(_("results"), default=list, blank=True)

    audit_exclude = AuditedModel.audit_exclude | {"results"}

    objects = CheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("validity check")
        verbose_name_plural = _("validity checks")
        ordering = ["-checked_at", "-id"]

    def __str__(self) -> str:
        return self.title or self.file_name or str(self.public_id)

    def get_absolute_url(self) -> str:
        return reverse("checking:check_detail", kwargs={"public_id": self.public_id})


class WatchKind(models.TextChoices):
    EDITION = "edition", _("One edition")
    WORK = "work", _("A standard, all editions")
    SEARCH = "search", _("A saved search")
    CCS = "ccs", _("A CCS class")
    ICS = "ics", _("An ICS class")
    TOPIC = "topic", _("A thematic database")


class WatchQuerySet(ArchivableQuerySet):
    def visible_to(self, user: Any) -> WatchQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(_owned_by(user))

    def editable_by(self, user: Any) -> WatchQuerySet:
        return self.visible_to(user).filter(archived_at__isnull=True)


class Watch(ArchivableModel):
    """Something a user or an organisation wants to hear about when the catalogue changes.

    ``target`` is, by ``kind``: an edition's number, a work key (``GB/T 1.1``), a search query
    string (``q=灯具&level=national``), a CCS or ICS code prefix, or a thematic database's slug.
    A watch for an organisation (``organisation`` set) notifies every active member.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="watches",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=WatchKind.choices)
    target = models.CharField(_("what is watched"), max_length=500)
    label = models.CharField(_("name"), max_length=200, blank=True)
    controlled_list = models.ForeignKey(
        "ControlledList",
        verbose_name=_("from controlled-standards list"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="watches",
    )

    objects = WatchQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("watch")
        verbose_name_plural = _("watches")
        ordering = ["kind", "target", "id"]
        indexes = [models.Index(fields=["kind", "target"], name="watch_kind_target_idx")]

    def __str__(self) -> str:
        return self.label or f"{self.get_kind_display()}: {self.target}"


class ControlledListQuerySet(OwnedQuerySet):
    """An organisation's controlled-standards lists are its own."""


class ControlledList(AuditedModel):
    """An organisation's controlled-standards list (受控标准清单) as uploaded: checked, and every entry watched.

    The latest list of an organisation is the one the yearly reminder looks at (``reminded_at``
    records when the last reminder went out, so each goes out once a year).
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="controlled_lists",
    )
    validity_check = models.OneToOneField(
        Check, verbose_name=_("validity check"), on_delete=models.PROTECT, related_name="controlled_list"
    )
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)

    objects = ControlledListQuerySet.as_manager()

    class Meta:
        verbose_name = _("controlled-standards list")
        verbose_name_plural = _("controlled-standards lists")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.validity_check)


class TextRequestState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    FULFILLED = "fulfilled", _("Provided")
    DECLINED = "declined", _("Declined")


class TextChannel(models.TextChoices):
    VIEWER = "viewer", _("Link to the official free viewer")
    FILE = "file", _("File the city may share")
    REMOTE_PRINT = "remote_print", _("Remote print")


class TextRequestQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> TextRequestQuerySet:
        """An enterprise sees its own requests; bureau staff, who fulfil them, see all."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        return self.filter(_owned_by(user))

    def editable_by(self, user: Any) -> TextRequestQuerySet:
        return self.visible_to(user)


class TextRequest(AuditedModel):
    """An enterprise's request for the text of a standard (标准文本), and how it was answered."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="text_requests",
    )
    edition = models.ForeignKey(
        "standards.Edition", verbose_name=_("standard"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("what it is for"), max_length=300, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=TextRequestState.choices, default=TextRequestState.REQUESTED
    )
    decline_reason = models.CharField(_("reason for declining"), max_length=300, blank=True)

    audit_state_field = "state"

    objects = TextRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard text request")
        verbose_name_plural = _("standard text requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            # The service says so in words; this keeps two simultaneous requests from both landing.
            models.UniqueConstraint(
                fields=["organisation", "edition"],
                condition=Q(state="requested"),
                name="text_request_one_open_per_enterprise",
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.get_state_display()}"


class TextProvisionQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> TextProvisionQuerySet:
        """The ledger is the bureau's; an enterprise sees the provisions made to it."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        return self.filter(organisation_id__in=user.organisation_ids)

    def editable_by(self, user: Any) -> TextProvisionQuerySet:
        if getattr(user, "is_bureau_admin", False):
            return self.all()
        return self.none()

    def in_year(self, year: int) -> TextProvisionQuerySet:
        return self.filter(provided_on__year=year)


class TextProvision(AuditedModel):
    """One standard text given to one enterprise (the ledger of 标准文本 provision): standard,
    enterprise, channel, date and the officer who gave it. Counted per year against the target."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    request = models.OneToOneField(
        TextRequest,
        verbose_name=_("request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provision",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="text_provisions",
    )
    edition = models.ForeignKey(
        "standards.Edition", verbose_name=_("standard"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=TextChannel.choices)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="texts/%Y/%m/", blank=True)
    provided_on = models.DateField(_("provided on"), default=timezone.localdate, db_index=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = TextProvisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard text provided")
        verbose_name_plural = _("standard texts provided")
        ordering = ["-provided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.provided_on} {self.edition_id} {self.get_channel_display()}"


class ChangeCursor(models.Model):
    """How far through the catalogue's change history (``EditionChange`` ids) alerts have been sent.

    The alert job reads the changes after ``last_change_id``, notifies, then moves the cursor;
    notifications are also deduplicated per recipient and change, so a crash between the two
    never sends one twice.
    """

    key = models.CharField(_("key"), max_length=40, unique=True)
    last_change_id = models.BigIntegerField(_("last change handled"), default=0)
    last_edition_id = models.BigIntegerField(_("last new edition handled"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("change cursor")
        verbose_name_plural = _("change cursors")

    def __str__(self) -> str:
        return f"{self.key}: {self.last_change_id}"
