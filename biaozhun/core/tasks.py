"""Background work of core: the daily digest e-mail of everyone's unread-by-mail notifications."""

from __future__ import annotations

from django_tasks import task

from biaozhun.core.audit import audit_context
from biaozhun.core.notifications import digest_send


@task()
def send_notification_digest() -> int:
    """One e-mail per user gathering what they have not been e-mailed yet (a daily job)."""
    with audit_context(actor=None):
        return digest_send()
