"""The bureau's migration of existing declarations: upload a file, read the report, take the
rejected rows away in Excel.

Bureau administrators only. The import runs in the request (the city's 13,000 rows take well under
a minute; larger files go through ``manage.py import_declarations``). The report is not stored as a
record: its rejected rows are kept in the session so that the Excel link of the page just shown
returns them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from biaozhun.core.access import role_required
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.declarations.forms.disclosure import MigrationUploadForm
from biaozhun.declarations.services.migration import declarations_import

BUREAU_ADMIN = "bureau_admin"
SESSION_KEY = "declarations_migration_rejected"
SESSION_LIMIT = 20_000  # rejected rows kept for the Excel link; a worse file is fixed at the source


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def migration(request: HttpRequest) -> HttpResponse:
    form = MigrationUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = declarations_import(
            data=upload.read(), file_name=upload.name, by=request.user, dry_run=form.cleaned_data["dry_run"]
        )
        request.session[SESSION_KEY] = {
            "file_name": report.file_name,
            "rows": [r.as_list() for r in report.rejected[:SESSION_LIMIT]],
        }
        return render(
            request,
            "declarations/migration_report.html",
            {
                "report": report,
                "rejected": report.rejected[:500],
                "more": max(0, report.rejected_count - 500),
            },
        )
    return render(request, "declarations/migration_upload.html", {"form": form})


@role_required(BUREAU_ADMIN)
@require_GET
def migration_rejections(request: HttpRequest) -> HttpResponse:
    """The rejected rows of the last report this user saw (an empty sheet if none)."""
    kept = request.session.get(SESSION_KEY) or {"file_name": "", "rows": []}
    audit_record(
        action=AuditAction.EXPORT,
        note=f"rejected declaration rows of {kept['file_name']}: {len(kept['rows'])}",
    )
    return xlsx_response(
        f"{_('Rows not imported')} {kept['file_name']}",
        _("Rows not imported"),
        [_("Line"), _("Enterprise name"), _("Unified social credit code"), _("Standard number"), _("Reason")],
        kept["rows"],
    )
