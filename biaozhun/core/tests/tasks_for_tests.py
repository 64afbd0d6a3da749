"""Tasks the worker test enqueues; a real module so the worker can import them by path."""

from __future__ import annotations

from django_tasks import task


@task()
def add(a: int, b: int) -> int:
    """Return the sum, so the test can read the result the worker stored."""
    return a + b
