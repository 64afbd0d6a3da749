"""Reads of the audit trail for the bureau's browsing pages and its Excel export.

Events store field *names* and raw JSON values so that they stay valid when a model changes;
these selectors turn them back into what a person reads: the field's verbose name (when the model
still has the field), choice labels, local times and, on the detail page, the related object
behind a foreign-key id.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from biaozhun.core.models import AuditEvent

EXPORT_CAP = 50_000
RECENT_LIMIT = 5


@dataclass(frozen=True)
class FieldChange:
    """One changed field of one event, ready to show."""

    name: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class EventRow:
    """An event with the readable names of the fields it changed, for list pages."""

    event: AuditEvent
    changed: list[str]


def _model_for(content_type_id: int | None) -> type[models.Model] | None:
    if content_type_id is None:
        return None
    try:
        return ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        return None


@lru_cache(maxsize=1024)
def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(content_type_id: int | None, name: str) -> str:
    """The field's verbose name if its model still has it, else the stored field name."""
    field = _field(_model_for(content_type_id), name)
    return str(capfirst(field.verbose_name)) if field is not None else name


def _resolve_related(field: models.Field, value: Any) -> str:
    related = field.related_model
    if related is None or isinstance(related, str):
        return str(value)
    try:
        obj = related._base_manager.filter(pk=value).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    return f"{value} ({obj})" if obj is not None else str(value)


def display_value(field: models.Field | None, value: Any, *, resolve_related: bool = False) -> str:
    """A stored JSON value as a person reads it.

    Foreign keys are resolved to the related object's text only when asked (the detail page),
    because the export may hold 50,000 rows and must not query once per value.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if field is not None:
        if field.many_to_one or field.one_to_one:
            return _resolve_related(field, value) if resolve_related else str(value)
        if field.choices:
            label = dict(field.flatchoices).get(value)
            if label is not None:
                return str(label)
        if isinstance(field, models.DateTimeField) and isinstance(value, str):
            parsed = parse_datetime(value)
            if parsed is not None:
                if timezone.is_aware(parsed):
                    parsed = timezone.localtime(parsed)
                return parsed.strftime("%Y-%m-%d %H:%M:%S")
    return str(value)


def audit_event_changes(event: AuditEvent, *, resolve_related: bool = True) -> list[FieldChange]:
    """Every field change of ``event`` in stored order: label, before and after."""
    model = _model_for(event.content_type_id)
    rows = []
    for name, pair in (event.changes or {}).items():
        before, after = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        field = _field(model, name)
        rows.append(
            FieldChange(
                name=name,
                label=str(capfirst(field.verbose_name)) if field is not None else name,
                before=display_value(field, before, resolve_related=resolve_related),
                after=display_value(field, after, resolve_related=resolve_related),
            )
        )
    return rows


def audit_event_rows(events: Iterable[AuditEvent]) -> list[EventRow]:
    """Events with the readable names of their changed fields, for the list and history pages."""
    return [
        EventRow(event=e, changed=[field_label(e.content_type_id, name) for name in (e.changes or {})])
        for e in events
    ]


def audit_events(*, user: Any, filters: Mapping[str, Any]) -> QuerySet[AuditEvent]:
    """The events ``user`` may read, narrowed by the cleaned data of the filter form.

    Dates are whole local days: ``date_to`` includes everything up to the end of that day.
    """
    qs = AuditEvent.objects.visible_to(user).select_related("organisation", "content_type")
    if actor := filters.get("actor"):
        qs = qs.filter(Q(actor_label__icontains=actor) | Q(actor__username__icontains=actor))
    if organisation := filters.get("organisation"):
        qs = qs.filter(organisation=organisation)
    if action := filters.get("action"):
        qs = qs.filter(action=action)
    if object_type := filters.get("object_type"):
        qs = qs.filter(content_type_id=object_type)
    if object_id := filters.get("object_id"):
        qs = qs.filter(object_id=object_id)
    if date_from := filters.get("date_from"):
        qs = qs.filter(created_at__gte=_start_of_day(date_from))
    if date_to := filters.get("date_to"):
        qs = qs.filter(created_at__lt=_start_of_day(date_to + dt.timedelta(days=1)))
    if text := filters.get("q"):
        qs = qs.filter(Q(object_repr__icontains=text) | Q(note__icontains=text))
    return qs


def _start_of_day(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_object_type_choices() -> list[tuple[int, str]]:
    """The kinds of record that appear in the trail, by their verbose name, for the filter."""
    ids = AuditEvent.objects.exclude(content_type=None).values("content_type").distinct()
    choices = [(ct.pk, str(capfirst(ct.name))) for ct in ContentType.objects.filter(pk__in=ids)]
    return sorted(choices, key=lambda choice: choice[1])


def audit_organisations() -> QuerySet[Any]:
    """Organisations whose members appear in the trail, for the filter."""
    organisation_model = AuditEvent._meta.get_field("organisation").related_model
    ids = AuditEvent.objects.exclude(organisation=None).values("organisation").distinct()
    return organisation_model._default_manager.filter(pk__in=ids).order_by("name")  # type: ignore[union-attr]


def audit_object_events(*, user: Any, content_type: ContentType, object_id: str) -> QuerySet[AuditEvent]:
    """The history of one record, newest first."""
    return (
        AuditEvent.objects.visible_to(user)
        .filter(content_type=content_type, object_id=object_id)
        .select_related("organisation", "content_type")
    )


def audit_object_label(*, content_type: ContentType, object_id: str) -> tuple[models.Model | None, str]:
    """The record an object history is about (None when it no longer exists) and its name.

    A record that is gone is named by its last text in the trail, then by its id.
    """
    current = None
    model = content_type.model_class()
    if model is not None:
        try:
            current = model._base_manager.filter(pk=object_id).first()
        except (ValueError, TypeError, ValidationError):
            current = None
    if current is not None:
        return current, str(current)
    last_known = (
        AuditEvent.objects.filter(content_type=content_type, object_id=object_id)
        .exclude(object_repr="")
        .values_list("object_repr", flat=True)
        .first()
    )
    return None, last_known or object_id


def audit_export_headers() -> list[str]:
    return [
        _("Time"),
        _("Actor"),
        _("Organisation"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("Object"),
        _("Changes"),
        _("IP address"),
        _("Note"),
    ]


def _changes_text(event: AuditEvent) -> str:
    return "; ".join(
        f"{c.label}: {c.before} → {c.after}" for c in audit_event_changes(event, resolve_related=False)
    )


def audit_export_rows(events: QuerySet[AuditEvent], *, limit: int = EXPORT_CAP) -> Iterator[list[Any]]:
    """One row per event for the Excel export, at most ``limit`` rows, streamed from the database."""
    for event in events[:limit].iterator(chunk_size=2000):
        yield [
            event.created_at,
            event.actor_label,
            str(event.organisation) if event.organisation_id else "",
            event.get_action_display(),
            str(capfirst(event.content_type.name)) if event.content_type is not None else "",
            event.object_id,
            event.object_repr,
            _changes_text(event),
            event.ip_address or "",
            event.note,
        ]


def audit_recent_events(*, user: Any, limit: int = RECENT_LIMIT) -> list[AuditEvent]:
    """The latest events for the bureau dashboard."""
    return list(AuditEvent.objects.visible_to(user).select_related("content_type")[:limit])
