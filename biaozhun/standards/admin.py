"""Staff views of the catalogue: editions are read-only here (imports write them); a wrong
replacement link can be removed, which Django records in its admin log."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from biaozhun.reference.admin import ReadOnlyAdmin
from biaozhun.standards.models import Edition, ImportRun, Replacement, Topic, TopicOverride


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ("number", "title_zh", "status", "level", "implemented_on")
    list_filter = ("status", "level", "nature")
    search_fields = ("number",)
    raw_id_fields = ("work", "ccs", "ics")


@admin.register(Replacement)
class ReplacementAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "partial", "source")
    search_fields = ("predecessor__number", "successor__number")
    raw_id_fields = ("predecessor", "successor")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = (
        "file_name",
        "format",
        "state",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "created_at",
    )
    list_filter = ("state", "format")


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    """Thematic databases are edited on the bureau's pages (which refresh their members); staff read here."""

    list_display = ("slug", "name_zh", "is_published", "order", "member_count", "refreshed_at")
    list_filter = ("is_published",)
    search_fields = ("slug", "name_zh", "name_en")


@admin.register(TopicOverride)
class TopicOverrideAdmin(ReadOnlyAdmin):
    list_display = ("topic", "edition", "include", "note", "updated_at")
    list_filter = ("topic", "include")
    search_fields = ("edition__number",)
    raw_id_fields = ("topic", "edition")
