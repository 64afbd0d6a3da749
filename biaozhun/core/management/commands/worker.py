"""Run the background task queue, reporting a heartbeat that /healthz reads.

A thin wrapper around django-tasks-db's ``db_worker``: the same options, plus a heartbeat row
written every BIAOZHUN_WORKER_HEARTBEAT_SECONDS so operators can see that a worker is alive; on
each heartbeat the daily jobs that are due are enqueued (``core.schedule``).
"""

from __future__ import annotations

import logging
import socket
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from biaozhun.core.models import WorkerHeartbeat
from biaozhun.core.schedule import enqueue_due

logger = logging.getLogger(__name__)


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": timezone.now(), "hostname": socket.gethostname()[:255]},
    )


def _beat_forever(worker_id: str, stop: threading.Event, every: int) -> None:
    while not stop.wait(every):
        try:
            close_old_connections()
            beat(worker_id)
            enqueue_due()
        except Exception:  # a missed beat must never kill the worker; /healthz will show it stale
            logger.warning("worker heartbeat or daily jobs failed", exc_info=True)
        finally:
            connection.close()


class Command(DBWorkerCommand):
    help = "Run background tasks (imports, alerts, reports) and report a heartbeat for /healthz."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options.get("worker_id") or f"{socket.gethostname()}-{threading.get_native_id()}"
        options["worker_id"] = worker_id[:64]
        beat(options["worker_id"])
        stop = threading.Event()
        thread = threading.Thread(
            target=_beat_forever,
            args=(options["worker_id"], stop, settings.WORKER_HEARTBEAT_SECONDS),
            daemon=True,
            name="heartbeat",
        )
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
