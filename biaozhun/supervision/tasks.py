"""Background work of the supervision app: the daily reminder of rectification deadlines.

Thin: a system audit context around one service.
"""

from __future__ import annotations

from django_tasks import task

from biaozhun.core.audit import audit_context


@task()
def send_notice_reminders() -> int:
    """Remind enterprises of rectification deadlines that are near or passed (a daily job)."""
    from biaozhun.supervision.services.inspections import notice_reminders_send

    with audit_context(actor=None):
        return notice_reminders_send()
