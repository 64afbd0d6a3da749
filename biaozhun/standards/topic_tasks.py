"""Background work for thematic databases: refreshing their members after the catalogue changed.

Kept beside ``tasks.py`` rather than in it so the catalogue's import tasks stay as they are; the
worker finds tasks by their module path, so it needs no registration.
"""

from __future__ import annotations

from django_tasks import task

from biaozhun.core.audit import audit_context
from biaozhun.standards.models import Topic
from biaozhun.standards.services.topics import topics_refresh


@task()
def refresh_topics(*, slugs: list[str] | None = None) -> dict[str, int]:
    """Recompute the members of the topics named by ``slugs`` (all topics when ``None``)."""
    with audit_context(actor=None):
        topics = None if slugs is None else list(Topic.objects.filter(slug__in=slugs))
        return topics_refresh(topics=topics)
