"""Signals the catalogue sends, for listeners in other apps (alerts to watchers, for one).

``catalogue_changed`` is sent after an import has finished or the daily status rules have run,
once the changes are committed. Listeners read what changed from the change history
(``EditionChange``) and the new editions themselves; the signal carries only what caused it, so a
listener that missed one catches up at the next.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

catalogue_changed = Signal()  # kwargs: cause ("import" or "dates"), run (ImportRun or None)


def send_catalogue_changed(*, cause: str, run: object = None) -> None:
    """Send ``catalogue_changed`` when the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: catalogue_changed.send(sender=None, cause=cause, run=run))
