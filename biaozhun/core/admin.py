"""Django admin for core: the audit trail is read-only here as everywhere else."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from biaozhun.core.models import AuditEvent, WorkerHeartbeat


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Viewable by staff with the view permission; nobody adds, edits or deletes events."""

    list_display = (
        "created_at",
        "actor_label",
        "organisation",
        "action",
        "content_type",
        "object_id",
        "object_repr",
    )
    list_filter = ("action", "content_type")
    search_fields = ("actor_label", "object_repr", "object_id", "note")
    date_hierarchy = "created_at"
    list_select_related = ("organisation", "content_type")
    readonly_fields = tuple(f.name for f in AuditEvent._meta.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """Heartbeats are written by the workers; the admin only shows them (and lets staff remove
    the row of a worker that has been retired, which is not a record that needs keeping)."""

    list_display = ("worker_id", "hostname", "started_at", "last_seen")
    ordering = ("-last_seen",)
    readonly_fields = ("worker_id", "hostname", "started_at", "last_seen")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
