"""Status follows the calendar: the rules the daily task and every import apply."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from biaozhun.core.audit import to_jsonable
from biaozhun.standards.models import Edition, ImportRun, Replacement, Status
from biaozhun.standards.services import bulk
from biaozhun.standards.services.editions import change_rows


def reindex_on_commit(ids: set[int]) -> None:
    from biaozhun.standards import search

    frozen = sorted(ids)
    transaction.on_commit(lambda: search.index_editions(frozen))


@transaction.atomic
def editions_apply_dates(
    *,
    today: dt.date | None = None,
    run: ImportRun | None = None,
    reindex: bool = True,
    new_ids: set[int] | frozenset[int] = frozenset(),
) -> set[int]:
    """Make statuses agree with the dates; returns the ids of the editions it changed.

    An upcoming edition becomes current on its implementation date; an edition wholly replaced by
    one in force becomes replaced (withdrawn on the replacing edition's implementation date when no
    source gave a date) — including one a source lists as 废止, since openstd shows every replaced
    edition that way. A partial replacement leaves the older edition in force. Each change is
    written to the edition's history with the kind "dates", except for ``new_ids`` (editions the
    calling import has just created, whose first status this is, not a change).
    """
    today = today or timezone.localdate()
    now = timezone.now()
    # edition id -> [status, withdrawn_on], as it will be saved
    changed: dict[int, list[Any]] = {}
    history = []
    due = Edition.objects.filter(status=Status.UPCOMING, implemented_on__lte=today)
    for pk, withdrawn_on in due.values_list("pk", "withdrawn_on").iterator(chunk_size=5000):
        if pk not in new_ids:
            history.append((pk, run, now, "dates", {"status": [Status.UPCOMING, Status.CURRENT]}))
        changed[pk] = [Status.CURRENT, withdrawn_on]
    in_force = Q(successor__status__in=[Status.CURRENT, Status.REPLACED, Status.WITHDRAWN]) | Q(
        successor_id__in=list(changed)
    )
    links = (
        Replacement.objects.filter(partial=False)
        .exclude(predecessor__status=Status.REPLACED)
        .filter(in_force)
        .filter(Q(successor__implemented_on__lte=today) | Q(successor__implemented_on__isnull=True))
        .values_list(
            "predecessor_id", "predecessor__status", "predecessor__withdrawn_on", "successor__implemented_on"
        )
    )
    for pk, status, withdrawn_on, successor_implemented_on in links.iterator(chunk_size=5000):
        state = changed.get(pk) or [status, withdrawn_on]
        if state[0] == Status.REPLACED:
            continue
        diff: dict[str, list[Any]] = {"status": [state[0], Status.REPLACED]}
        state[0] = Status.REPLACED
        if state[1] is None and successor_implemented_on is not None:
            diff["withdrawn_on"] = [None, to_jsonable(successor_implemented_on)]
            state[1] = successor_implemented_on
        if pk not in new_ids:
            history.append((pk, run, now, "dates", diff))
        changed[pk] = state
    bulk.update(
        Edition, ("status", "withdrawn_on", "updated_at"), ((s, w, now, pk) for pk, (s, w) in changed.items())
    )
    change_rows(history)
    if changed and reindex:  # an import indexes everything it touched once, at its end
        reindex_on_commit(set(changed))
    return set(changed)
