"""Background work of the declarations app.

Thin: each task opens a system audit context and calls one service. Parts of the app add their
own tasks here (screening adds ``screen_version``).
"""

from __future__ import annotations

from django_tasks import task

from biaozhun.core.audit import audit_context


@task()
def flag_declarations_needing_update() -> int:
    """After a catalogue change: flag published declarations whose executed edition is now replaced
    or withdrawn, and tell the enterprises' members (see ``services.declaring``)."""
    from biaozhun.declarations.services.declaring import declarations_flag_needing_update

    with audit_context(actor=None):
        return declarations_flag_needing_update()


@task()
def screen_version(*, version_id: int) -> int:
    """Screen one version (after submission or publication); returns how many findings occur."""
    from biaozhun.declarations.models import DeclarationVersion
    from biaozhun.declarations.services.screening import findings_notify, screening_run

    version = DeclarationVersion.objects.filter(pk=version_id).select_related("declaration").first()
    if version is None:
        return 0  # a draft discarded before the worker got to it
    with audit_context(actor=None):
        findings = screening_run(version=version)
        findings_notify(version=version, findings=findings)
        return len(findings)


@task()
def screen_all_published() -> dict:
    """The nightly screening of every published declaration (a daily job)."""
    from biaozhun.declarations.services.screening import screening_run_all

    with audit_context(actor=None):
        return screening_run_all()
