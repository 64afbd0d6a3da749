"""The PDF report (查新报告) of a kept check: drawn at once for a short list, in the background for a long one.

WeasyPrint lays out a table of a thousand numbers in about ten seconds, and one of ten thousand in
minutes: too long for a request. A check's results never change, so the report of a long check is
drawn once by a background task and kept in storage (one file per check and language); the page
says it is being prepared and reloads until it is there.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from django_tasks import task

from biaozhun.checking import outputs
from biaozhun.checking.models import Check
from biaozhun.checking.results import distinct_results

INLINE_LIMIT = 300  # distinct numbers a report is drawn for within the request (a few seconds)
PENDING_SECONDS = 15 * 60  # how long a queued report is not queued again


def report_path(check: Check, language: str) -> str:
    return f"checks/reports/{check.public_id}-{language}.pdf"


def _draw_and_keep(check: Check, language: str) -> bytes:
    with translation.override(language):
        data = outputs.report_pdf(check)
    path = report_path(check, language)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(data))
    return data


@task()
def check_report_draw(*, check_id: int, language: str) -> int:
    """Draw and keep the report of a long check; the report page serves it from then on."""
    check = Check.objects.select_related("owner", "organisation").get(pk=check_id)
    try:
        return len(_draw_and_keep(check, language))
    finally:
        cache.delete(_pending_key(check, language))


def _pending_key(check: Check, language: str) -> str:
    return f"checking:report-pending:{check.public_id}:{language}"


def report_for(check: Check, *, language: str | None = None) -> bytes | None:
    """The report of ``check`` in ``language`` (the active one by default), or ``None`` while a
    background task draws it (it is queued on the first call)."""
    language = language or translation.get_language() or "zh-hans"
    path = report_path(check, language)
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as stored:
            return bytes(stored.read())
    if len(distinct_results(check.results)) <= INLINE_LIMIT:
        return _draw_and_keep(check, language)
    if cache.add(_pending_key(check, language), 1, timeout=PENDING_SECONDS):
        check_report_draw.enqueue(check_id=check.pk, language=language)
        if default_storage.exists(path):  # drawn already: the immediate backend of tests and small sites
            with default_storage.open(path, "rb") as stored:
                return bytes(stored.read())
    return None


__all__: list[Any] = ["INLINE_LIMIT", "check_report_draw", "report_for", "report_path"]
