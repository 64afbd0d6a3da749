"""Background work of the checking app: alerts to watchers, and the yearly controlled-list reminder.

Thin: each task opens a system audit context and calls one service.
"""

from __future__ import annotations

from django_tasks import task

from biaozhun.core.audit import audit_context


@task()
def send_watch_alerts() -> int:
    """Notify watchers of the catalogue's changes since the last run (after every import and dates run)."""
    from biaozhun.checking.services.watches import watch_alerts_send

    with audit_context(actor=None):
        return watch_alerts_send()


@task()
def send_controlled_list_reminders() -> int:
    """Remind organisations whose controlled-standards list is a year old (a daily job)."""
    from biaozhun.checking.services.controlled_lists import controlled_list_reminders

    with audit_context(actor=None):
        return controlled_list_reminders()
