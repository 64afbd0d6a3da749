"""Read-only queries for core pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from biaozhun.core.models import WorkerHeartbeat


def worker_status(*, stale_after: int) -> dict[str, Any]:
    """Whether a background worker has been seen recently, and what is waiting in the queue."""
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    latest = WorkerHeartbeat.objects.order_by("-last_seen").first()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    queue = {
        "ready": ready.count(),
        "oldest_ready_seconds": int((now - oldest).total_seconds()) if oldest else None,
        "failed_last_day": DBTaskResult.objects.failed()
        .filter(finished_at__gte=now - dt.timedelta(days=1))
        .count(),
    }
    if latest is None:
        return {"status": "absent", "last_seen": None, "queue": queue}
    age = (now - latest.last_seen).total_seconds()
    return {
        "status": "ok" if age <= stale_after else "stale",
        "last_seen": latest.last_seen.isoformat(),
        "seconds_since": int(age),
        "queue": queue,
    }


def home_statistics() -> list[tuple[str, int]]:
    """Figures the public home page shows; apps contribute through ``core.navigation`` later."""
    from biaozhun.core.stats import public_statistics

    return public_statistics()
