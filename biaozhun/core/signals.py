"""Audit listeners: field-level events for every ``AuditedModel`` save.

A snapshot is taken when an instance is loaded (post_init) and after each save; the next save is
compared with it, so the event holds exactly the fields that changed with their before and after.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from biaozhun.core import audit
from biaozhun.core.models import AuditAction, AuditedModel

_SNAPSHOT = "_audit_snapshot"


@receiver(post_init)
def _remember_loaded_values(sender: type, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, AuditedModel):
        setattr(instance, _SNAPSHOT, audit.snapshot(instance) if instance.pk is not None else {})


@receiver(post_save)
def _record_change(sender: type, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if raw or not isinstance(instance, AuditedModel):
        return
    after = audit.snapshot(instance)
    if created:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "", [], {})}
        audit.audit_record(action=AuditAction.CREATE, obj=instance, changes=changes)
    else:
        changes = audit.diff(getattr(instance, _SNAPSHOT, {}), after)
        if changes:
            audit.audit_record(action=audit.classify(instance, changes), obj=instance, changes=changes)
    setattr(instance, _SNAPSHOT, after)


@receiver(user_logged_in)
def _record_login(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    audit.audit_record(action=AuditAction.LOGIN, obj=user, actor=user)


@receiver(user_logged_out)
def _record_logout(sender: type, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.audit_record(action=AuditAction.LOGOUT, obj=user, actor=user)


@receiver(user_login_failed)
def _record_login_failure(
    sender: type, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:100]
    audit.audit_record(action=AuditAction.LOGIN_FAILED, note=username)
