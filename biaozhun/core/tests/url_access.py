"""Access rows for core's URLs (merged by biaozhun/tests/test_url_access.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from biaozhun.core.testing import BUREAU_ONLY, PUBLIC, SIGNED_IN, Case, expect, named


def _organisation_event_id(persona: str) -> Any:
    """The creation event of a persona's organisation (the cast's factories write it)."""

    def url(cast: Any) -> str:
        from django.contrib.contenttypes.models import ContentType

        from biaozhun.core.models import AuditAction, AuditEvent

        org = cast.orgs[persona]
        event = AuditEvent.objects.get(
            content_type=ContentType.objects.get_for_model(org),
            object_id=str(org.pk),
            action=AuditAction.CREATE,
        )
        return reverse("audit:event_detail", args=[event.pk])

    return url


def _organisation_history(persona: str) -> Any:
    def url(cast: Any) -> str:
        from django.contrib.contenttypes.models import ContentType

        org = cast.orgs[persona]
        return reverse("audit:object_history", args=[ContentType.objects.get_for_model(org).pk, org.pk])

    return url


ACCESS = {
    "core:home": [Case(named("core:home"), PUBLIC)],
    "core:dashboard": [Case(named("core:dashboard"), SIGNED_IN)],
    "healthz": [Case(named("healthz"), PUBLIC)],
    "set_language": [Case(named("set_language"), expect(302), method="post", data={"language": "en"})],
    "api-1.0.0:api-root": [Case(named("api-1.0.0:api-root"), expect(404))],
    "api-1.0.0:openapi-json": [Case(named("api-1.0.0:openapi-json"), PUBLIC)],
    "api-1.0.0:openapi-view": [Case(named("api-1.0.0:openapi-view"), PUBLIC)],
    "audit:event_list": [
        Case(named("audit:event_list"), BUREAU_ONLY),
        Case(
            lambda cast: reverse("audit:event_list") + "?action=create&q=示例", BUREAU_ONLY, note="filtered"
        ),
    ],
    "audit:event_export": [Case(named("audit:event_export"), BUREAU_ONLY)],
    "audit:event_detail": [
        Case(_organisation_event_id("enterprise_a"), BUREAU_ONLY),
        Case(_organisation_event_id("enterprise_b"), BUREAU_ONLY, note="another enterprise's event"),
    ],
    "audit:object_history": [
        Case(_organisation_history("enterprise_a"), BUREAU_ONLY),
        Case(_organisation_history("enterprise_b"), BUREAU_ONLY, note="another enterprise's history"),
    ],
}
