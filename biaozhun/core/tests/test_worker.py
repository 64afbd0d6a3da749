"""The worker command runs queued tasks from the database and reports a heartbeat."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django_tasks import TaskResultStatus

from biaozhun.core.models import WorkerHeartbeat
from biaozhun.core.tests.tasks_for_tests import add

# Test settings use the immediate backend; the worker needs the database one. Overriding TASKS
# fires setting_changed, which django_tasks listens to and drops its cached backends.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The worker calls close_old_connections() like any long-running process; inside a test's wrapping
# transaction PostgreSQL's connection would count as obsolete and be closed, so these tests commit
# for real (transaction=True).


@pytest.fixture
def restore_signal_handlers() -> Iterator[None]:
    """The worker installs SIGINT/SIGTERM handlers; put pytest's back afterwards."""
    names = [s for s in ("SIGINT", "SIGTERM", "SIGQUIT") if hasattr(signal, s)]
    saved = {getattr(signal, s): signal.getsignal(getattr(signal, s)) for s in names}
    yield
    for number, handler in saved.items():
        signal.signal(number, handler)


def run_worker(*extra: str) -> str:
    out = StringIO()
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", *extra, stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_signal_handlers")
def test_worker_runs_an_enqueued_task_and_records_a_heartbeat() -> None:
    with override_settings(TASKS=DATABASE_TASKS):
        result = add.enqueue(2, 3)
        assert result.status == TaskResultStatus.READY

        run_worker("--worker-id", "test-worker")

        result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 5
    heartbeat = WorkerHeartbeat.objects.get()
    assert heartbeat.worker_id == "test-worker"
    assert heartbeat.hostname


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("restore_signal_handlers")
def test_worker_with_an_empty_queue_still_reports_that_it_is_alive() -> None:
    with override_settings(TASKS=DATABASE_TASKS):
        run_worker("--worker-id", "idle-worker")

    assert WorkerHeartbeat.objects.filter(worker_id="idle-worker").exists()


@pytest.mark.django_db
def test_worker_refuses_a_backend_that_is_not_the_database(settings: Any) -> None:
    with pytest.raises(CommandError, match="not a database backend"):
        run_worker()

    assert not WorkerHeartbeat.objects.exists()
