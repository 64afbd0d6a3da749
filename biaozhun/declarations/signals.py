"""Listeners of the declarations app: the catalogue changed, so declarations may need updating.

Connected in ``DeclarationsConfig.ready()``. The receiver only enqueues the task once the current
transaction commits; the task looks at the editions' statuses themselves, so a missed signal is
caught up by the next one.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction


def enqueue_needs_update(sender: Any = None, **kwargs: Any) -> None:
    """``standards.signals.catalogue_changed`` receiver: flag declarations in the background."""
    from biaozhun.declarations import tasks

    transaction.on_commit(lambda: tasks.flag_declarations_needing_update.enqueue())


def connect() -> None:
    from biaozhun.standards.signals import catalogue_changed

    catalogue_changed.connect(enqueue_needs_update, dispatch_uid="declarations.needs_update")
