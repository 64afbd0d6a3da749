"""The bureau's catalogue imports: upload a file, watch its progress, read what it did and rejected.

Only bureau administrators import (``role_required``), and each run is fetched through
``ImportRun.objects.visible_to`` as a second line of defence. The file is stored outside the web
root and only ever read by the parsers, never served back.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from biaozhun.core.access import get_visible_or_404, role_required
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate, sort_queryset
from biaozhun.standards import services, tasks
from biaozhun.standards.import_forms import ImportUploadForm
from biaozhun.standards.models import ImportRun

BUREAU_ADMIN = "bureau_admin"
SORTS = {"time": "created_at", "file": "file_name", "state": "state"}


@role_required(BUREAU_ADMIN)
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    runs, sort = sort_queryset(
        request, ImportRun.objects.visible_to(request.user).select_related("started_by"), SORTS, "-time"
    )
    return render(request, "standards/import_list.html", {"page_obj": paginate(request, runs), "sort": sort})


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            run = services.import_run_create(
                file_name=upload.name, format=form.cleaned_data["format"], by=request.user, file=upload
            )
            transaction.on_commit(lambda: tasks.import_catalogue_file.enqueue(run_id=run.pk))
        return redirect(run)
    return render(request, "standards/import_upload.html", {"form": form})


@role_required(BUREAU_ADMIN)
@require_GET
def import_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """The run's report; while it runs, htmx polls the progress part of this page."""
    run = get_visible_or_404(
        ImportRun.objects.select_related("started_by"), request.user, public_id=public_id
    )
    context = {"run": run, "page_obj": paginate(request, run.rejections.all(), per_page=50)}
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request and request.GET.get("part") == "progress":
        return render(request, "standards/import_progress.html", context)
    return render(request, "standards/import_detail.html", context)


@role_required(BUREAU_ADMIN)
@require_GET
def import_rejections_export(request: HttpRequest, public_id: str) -> HttpResponse:
    run = get_visible_or_404(ImportRun, request.user, public_id=public_id)
    audit_record(action=AuditAction.EXPORT, obj=run, note=f"rejected rows: {run.rejections.count()}")
    return xlsx_response(
        f"{_('Rows not imported')} {run.file_name}",
        _("Rows not imported"),
        [_("Line"), _("Standard number as given"), _("Reason")],
        run.rejections.values_list("line", "number", "reason").iterator(),
    )
