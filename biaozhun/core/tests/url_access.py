"""Access rows for core's URLs (merged by biaozhun/tests/test_url_access.py)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from biaozhun.core.testing import BUREAU_ONLY, LOGIN, PUBLIC, SIGNED_IN, Case, expect, named


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


def _notification_of(persona: str) -> Any:
    """A notification in ``persona``'s inbox: only they may open it (everyone else: 404)."""

    def url(cast: Any) -> str:
        from biaozhun.core.notifications import notify

        user = cast.users[persona]
        note = notify(recipient=user, kind="test", subject="测试通知", dedupe_key="access") or (
            user.notifications.get(dedupe_key="access")
        )
        return reverse("core:inbox_detail", kwargs={"public_id": note.public_id})

    return url


ONLY_ENTERPRISE_A = expect(404, anonymous=LOGIN, enterprise_a=200)
SIGNED_IN_NOT_FOUND = expect(404, anonymous=LOGIN)

ACCESS.update(
    {
        "core:inbox": [
            Case(named("core:inbox"), SIGNED_IN),
            Case(lambda cast: reverse("core:inbox") + "?show=unread&page=2", SIGNED_IN, note="filtered"),
        ],
        "core:inbox_detail": [
            Case(_notification_of("enterprise_a"), ONLY_ENTERPRISE_A, note="enterprise A's notification"),
            Case(
                named("core:inbox_detail", public_id="00000000-0000-4000-8000-000000000000"),
                SIGNED_IN_NOT_FOUND,
                note="unknown notification",
            ),
        ],
        "core:inbox_mark_all_read": [
            Case(named("core:inbox_mark_all_read"), expect(302), method="post"),
            Case(named("core:inbox_mark_all_read"), expect(405, anonymous=LOGIN), note="GET is refused"),
        ],
    }
)
