"""Standard age (标龄): how long the standards in force have been in force, and which local ones are due for review.

Public, like the rest of the catalogue: the figures are computed from published catalogue data and
name no enterprise. The page is meant to be printed by officials, so it states the day it was
computed for and how ages are counted, and its print layout drops the menus and forms.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate
from biaozhun.standards.selectors import age

MAX_BODY_LENGTH = 300


@require_GET
def age_page(request: HttpRequest) -> HttpResponse:
    """Age distributions by level, thematic database and issuing body; local standards due for review."""
    today = timezone.localdate()
    cutoffs = age.Cutoffs.on(today)
    page = paginate(request, age.review_list(today=today))
    body = request.GET.get("body", "").strip()[:MAX_BODY_LENGTH]
    context = {
        **age.age_figures(today=today, body=body),
        "today": today,
        "cutoffs": cutoffs,
        "body": body,
        "top_bodies": age.TOP_BODIES,
        "buckets": age.BUCKETS,
        "short_buckets": age.SHORT_LABELS,
        "review_age": age.REVIEW_AGE_YEARS,
        "page_obj": page,
        "review_rows": [(e, cutoffs.age_years(e.implemented_on)) for e in page if e.implemented_on],
    }
    return render(request, "standards/age.html", context)


@require_GET
def age_export(request: HttpRequest) -> HttpResponse:
    """The local standards due for review as Excel (all of them); recorded in the audit trail."""
    today = timezone.localdate()
    cutoffs = age.Cutoffs.on(today)
    editions = age.review_list(today=today)
    audit_record(
        action=AuditAction.EXPORT, note=f"standard age: local standards for review: {editions.count()}"
    )
    return xlsx_response(
        f"{_('Local standards due for review')} {today:%Y-%m-%d}",
        _("Due for review"),
        age.review_headers(),
        (age.review_row(edition, cutoffs) for edition in editions.iterator(chunk_size=2000)),
    )
