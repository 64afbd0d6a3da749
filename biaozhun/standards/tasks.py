"""Background work for the catalogue: imports of uploaded files, the daily status update, and
refreshing the thematic databases after the catalogue changed."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django_tasks import task

from biaozhun.core.audit import audit_context
from biaozhun.standards import services
from biaozhun.standards.models import ImportRun, ImportState
from biaozhun.standards.signals import send_catalogue_changed


@task()
def import_catalogue_file(*, run_id: int) -> dict[str, int]:
    """Run a queued import; the upload page polls its ``ImportRun`` for progress."""
    run = ImportRun.objects.select_related("started_by").get(pk=run_id)
    if run.state != ImportState.QUEUED:
        return {"skipped": 1}
    with audit_context(actor=run.started_by):
        report = services.import_file(run=run, path=Path(run.file.path))
    return {
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": report.rejected,
    }


@task()
def apply_catalogue_dates() -> int:
    """The daily run of the status rules: upcoming editions come into force, replaced ones step down."""
    with audit_context(actor=None):
        changed = services.editions_apply_dates(today=timezone.localdate())
    send_catalogue_changed(cause="dates")
    return len(changed)


@task()
def refresh_topics(*, slugs: list[str] | None = None) -> dict[str, int]:
    """Recompute the members of the topics named by ``slugs`` (all topics when ``None``)."""
    from biaozhun.standards.models import Topic
    from biaozhun.standards.services.topics import topics_refresh

    with audit_context(actor=None):
        topics = None if slugs is None else list(Topic.objects.filter(slug__in=slugs))
        return topics_refresh(topics=topics)
