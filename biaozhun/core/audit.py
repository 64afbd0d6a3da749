"""Recording audit events.

Who did something is taken from the audit context: the middleware opens one per request (the
signed-in user and the client address), management commands and tasks open their own with
``audit_context(actor=...)``. Field-level changes of ``AuditedModel`` subclasses are recorded by
the listeners in ``core.signals``; services call ``audit_record`` for events that are not a
model save (login, export).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from biaozhun.core.models import AuditAction, AuditedModel, AuditEvent


@dataclass(frozen=True)
class AuditContext:
    actor: Any = None
    ip_address: str | None = None
    request: Any = None

    def resolve_actor(self) -> Any:
        if self.actor is not None:
            return self.actor
        user = getattr(self.request, "user", None)
        if user is not None and getattr(user, "is_authenticated", False):
            return user
        return None


_EMPTY = AuditContext()
_current: ContextVar[AuditContext] = ContextVar("biaozhun_audit_context", default=_EMPTY)


@contextlib.contextmanager
def audit_context(*, actor: Any = None, ip_address: str | None = None, request: Any = None) -> Iterator[None]:
    """Attribute every event recorded inside the block to ``actor`` (and ``ip_address``)."""
    token = _current.set(AuditContext(actor=actor, ip_address=ip_address, request=request))
    try:
        yield
    finally:
        _current.reset(token)


def current_context() -> AuditContext:
    return _current.get()


def to_jsonable(value: Any) -> Any:
    """A value as it can be stored in JSON and shown back to a person."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return str(value)


def audited_fields(instance: AuditedModel) -> list[models.Field]:
    exclude = type(instance).audit_exclude
    return [f for f in instance._meta.concrete_fields if f.name not in exclude and not f.primary_key]


def snapshot(instance: AuditedModel) -> dict[str, Any]:
    """The audited field values of ``instance``, keyed by field name, in JSON form."""
    return {f.name: to_jsonable(getattr(instance, f.attname)) for f in audited_fields(instance)}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def audit_record(
    *,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, list[Any]] | None = None,
    note: str = "",
    actor: Any = None,
) -> AuditEvent:
    """Write one audit event, attributed through the current audit context."""
    ctx = current_context()
    who = actor if actor is not None else ctx.resolve_actor()
    ip = ctx.ip_address
    event = AuditEvent(
        action=action,
        actor=who,
        actor_label=(who.get_username() if who is not None else "")[:150],
        organisation_id=getattr(who, "audit_organisation_id", None) if who is not None else None,
        changes=changes or {},
        ip_address=ip,
        note=note[:255],
    )
    if obj is not None:
        event.content_type = ContentType.objects.get_for_model(obj.__class__, for_concrete_model=True)
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:255]
    event.save()
    return event


def classify(instance: AuditedModel, changes: dict[str, list[Any]]) -> str:
    """Name the kind of change: archive, restore, state change or plain update."""
    if "archived_at" in changes:
        before, after = changes["archived_at"]
        if before is None and after is not None:
            return AuditAction.ARCHIVE
        if before is not None and after is None:
            return AuditAction.RESTORE
    state = type(instance).audit_state_field
    if state and state in changes:
        return AuditAction.STATE_CHANGE
    return AuditAction.UPDATE
