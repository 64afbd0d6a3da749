"""Django admin for staff doing repairs. Everyday work happens on the platform's own pages.

Nothing here deletes: organisations are archived and memberships deactivated through the
services, so the audit trail stays whole.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from biaozhun.accounts.models import APIToken, Invitation, Membership, Organisation, User


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "is_active")
    raw_id_fields = ("user",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(NoDeleteAdmin):
    list_display = ("name", "kind", "status", "uscc", "region_code", "archived_at")
    list_filter = ("kind", "status")
    search_fields = ("name", "short_name", "uscc")
    readonly_fields = ("reviewed_by", "reviewed_at", "archived_at", "archived_by", "created_at", "updated_at")
    inlines = [MembershipInline]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "full_name", "email", "is_active", "is_staff", "last_login")
    search_fields = ("username", "full_name", "email", "phone")
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Contact"), {"fields": ("full_name", "phone")}),
    )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(NoDeleteAdmin):
    list_display = ("user", "organisation", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("user__username", "user__full_name", "organisation__name")
    raw_id_fields = ("user", "organisation")


@admin.register(Invitation)
class InvitationAdmin(NoDeleteAdmin):
    list_display = ("email", "organisation", "role", "expires_at", "accepted_at", "revoked_at")
    list_filter = ("role",)
    search_fields = ("email", "organisation__name")
    readonly_fields = ("token_hash", "invited_by", "accepted_by", "accepted_at")
    raw_id_fields = ("organisation",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from the organisation page, which emails the link


@admin.register(APIToken)
class APITokenAdmin(NoDeleteAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("user", "prefix", "token_hash", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is shown once to its owner, so only the owner creates it
