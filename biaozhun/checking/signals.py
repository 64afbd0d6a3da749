"""Listeners of the checking app: the catalogue changed, so watchers may need telling.

Connected in ``CheckingConfig.ready()``. The receiver only enqueues the alert task once the
current transaction commits; the task reads what changed from the history itself, so a signal
that was missed is caught up by the next one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def enqueue_watch_alerts(sender: Any = None, **kwargs: Any) -> None:
    """``standards.signals.catalogue_changed`` receiver: send alerts in the background."""
    from biaozhun.checking import tasks

    transaction.on_commit(lambda: tasks.send_watch_alerts.enqueue())


def connect() -> None:
    from biaozhun.standards.signals import catalogue_changed

    catalogue_changed.connect(enqueue_watch_alerts, dispatch_uid="checking.watch_alerts")
