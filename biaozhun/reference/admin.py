"""Read-only admin views of the code lists: they change only through load_reference_data."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from biaozhun.reference.models import (
    AdministrativeDivision,
    CCSCode,
    HSCode,
    HSSection,
    ICSCode,
    IndustryStandardCode,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search only: edits would be overwritten by the next load, so none are allowed."""

    list_per_page = 50
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CCSCode)
class CCSCodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_zh", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "notes")
    list_select_related = ("parent",)


@admin.register(ICSCode)
class ICSCodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "title_en", "title_zh", "level")
    list_filter = ("level",)
    search_fields = ("code", "title_en", "title_zh")


@admin.register(HSSection)
class HSSectionAdmin(ReadOnlyAdmin):
    list_display = ("numeral", "number", "name_en")


@admin.register(HSCode)
class HSCodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "description_en", "level", "section")
    list_filter = ("level", "section")
    search_fields = ("code", "description_en")
    list_select_related = ("section",)


@admin.register(IndustryStandardCode)
class IndustryStandardCodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_zh", "name_en", "needs_verification")
    list_filter = ("needs_verification",)
    search_fields = ("code", "name_zh", "name_en")


@admin.register(AdministrativeDivision)
class AdministrativeDivisionAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_zh", "level", "local_standard_code")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "local_standard_code")
