"""Base models shared by every app, and the audit trail.

Records that matter are archived, never deleted: ``ArchivableModel.delete()`` refuses, and the
archive/restore services write an audit event like any other change. Subclasses of
``AuditedModel`` get field-level audit events on every create, update, archive and state change
through the listeners in ``core.signals``.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ArchiveInsteadError(Exception):
    """Raised when code tries to delete a record that must be archived instead."""


class TimeStampedModel(models.Model):
    """Creation and last-change times on every record."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AccessQuerySet(models.QuerySet):
    """A queryset that knows who may see and edit its rows.

    Every user-facing model's queryset subclasses this and implements both methods; views fetch
    objects only through them (``core.access.get_visible_or_404``) so a guessed id yields 404.
    """

    def visible_to(self, user: Any) -> AccessQuerySet:
        raise NotImplementedError(f"{self.model.__name__} must define visible_to()")

    def editable_by(self, user: Any) -> AccessQuerySet:
        raise NotImplementedError(f"{self.model.__name__} must define editable_by()")


class ArchivableQuerySet(AccessQuerySet):
    def active(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> ArchivableQuerySet:
        return self.filter(archived_at__isnull=False)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ArchiveInsteadError(f"{self.model.__name__} rows are archived, not deleted.")


class AuditedModel(TimeStampedModel):
    """A record whose every create, update and state change is written to the audit trail.

    ``audit_exclude`` names fields never copied into an event (secrets, timestamps);
    ``audit_state_field`` names the field whose change is a state change (e.g. ``status``).
    Changes made with ``QuerySet.update()`` bypass the trail: services use ``save()``.
    """

    audit_exclude: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at", "password"})
    audit_state_field: ClassVar[str | None] = None

    class Meta:
        abstract = True


class ArchivableModel(AuditedModel):
    """A record that is archived instead of deleted."""

    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("archived by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ArchivableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ArchiveInsteadError(f"{type(self).__name__} is archived, not deleted; use archive().")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    ARCHIVE = "archive", _("Archive")
    RESTORE = "restore", _("Restore")
    STATE_CHANGE = "state_change", _("State change")
    LOGIN = "login", _("Sign in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Sign out")
    EXPORT = "export", _("Export")


class AuditEventQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> AuditEventQuerySet:
        """Only bureau administrators read the audit trail."""
        if getattr(user, "is_bureau_admin", False):
            return self.all()
        return self.none()

    def editable_by(self, user: Any) -> AuditEventQuerySet:
        return self.none()  # the trail is append-only


class AuditEvent(models.Model):
    """One change to one record: who, from which organisation and address, what, before and after.

    Append-only. ``changes`` maps a field name to ``[before, after]`` in JSON-friendly form; the
    object is kept by content type and primary key plus its text at the time, so the event stays
    readable after the object is renamed or archived.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    actor_label = models.CharField(_("actor name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("actor's organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), on_delete=models.PROTECT, null=True, blank=True
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ArchiveInsteadError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ArchiveInsteadError("Audit events are append-only.")


class WorkerHeartbeat(models.Model):
    """The last sign of life of each background worker, read by /healthz."""

    worker_id = models.CharField(_("worker"), max_length=100, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    last_seen = models.DateTimeField(_("last heartbeat"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("background worker")
        verbose_name_plural = _("background workers")

    def __str__(self) -> str:
        return self.worker_id


class ScheduledRun(models.Model):
    """That a daily job was enqueued on a given day (so it is enqueued once, by one worker)."""

    key = models.CharField(_("job"), max_length=100)
    day = models.DateField(_("day"))
    enqueued_at = models.DateTimeField(_("enqueued at"), default=timezone.now)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["-day", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="scheduled_run_once_a_day")]

    def __str__(self) -> str:
        return f"{self.key} {self.day}"


class NotificationQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> NotificationQuerySet:
        """A notification is its recipient's alone: not even the bureau reads another's inbox."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(recipient=user)

    def editable_by(self, user: Any) -> NotificationQuerySet:
        return self.visible_to(user)  # marking as read is the only edit

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def not_emailed(self) -> NotificationQuerySet:
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    """One message in a user's in-app inbox, later gathered into the daily digest e-mail.

    Apps write notifications through ``core.notifications``; ``dedupe_key`` (unique per recipient)
    makes writing one idempotent, so re-running the job that found a change never notifies twice.
    ``emailed_at`` is set when the digest carrying it was sent, so a digest sends each one once.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], name="notification_once_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return self.subject
