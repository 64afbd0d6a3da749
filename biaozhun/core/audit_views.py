"""Browsing the audit trail: only bureau administrators read who changed what.

Every page goes through ``role_required("bureau_admin")`` and ``AuditEvent.objects.visible_to``,
so a second line of defence holds even if the decorator were removed by mistake.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from biaozhun.core import audit_selectors as selectors
from biaozhun.core.access import get_visible_or_404, role_required
from biaozhun.core.audit import audit_record
from biaozhun.core.audit_forms import AuditEventFilterForm
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction, AuditEvent
from biaozhun.core.pagination import paginate, sort_queryset

PER_PAGE = 50
SORTS = {"time": "created_at", "actor": "actor_label", "action": "action"}
BUREAU_ADMIN = "bureau_admin"


@role_required(BUREAU_ADMIN)
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditEventFilterForm(request.GET or None)
    events, sort = sort_queryset(
        request, selectors.audit_events(user=request.user, filters=form.filters()), SORTS, "-time"
    )
    page = paginate(request, events, per_page=PER_PAGE)
    return render(
        request,
        "core/audit_event_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": selectors.audit_event_rows(page.object_list),
            "sort": sort,
            "export_cap": selectors.EXPORT_CAP,
            "over_cap": page.paginator.count > selectors.EXPORT_CAP,
        },
    )


@role_required(BUREAU_ADMIN)
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_visible_or_404(
        AuditEvent.objects.select_related("organisation", "content_type"), request.user, pk=pk
    )
    return render(
        request,
        "core/audit_event_detail.html",
        {"event": event, "changes": selectors.audit_event_changes(event)},
    )


@role_required(BUREAU_ADMIN)
@require_GET
def event_export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as Excel. Exporting is itself recorded, with the filters used."""
    form = AuditEventFilterForm(request.GET or None)
    events, _sort = sort_queryset(
        request, selectors.audit_events(user=request.user, filters=form.filters()), SORTS, "-time"
    )
    total = events.count()
    exported = min(total, selectors.EXPORT_CAP)
    if total > selectors.EXPORT_CAP:
        messages.warning(
            request,
            _("Only the first %(cap)s of %(total)s events were exported; narrow the filters to get the rest.")
            % {"cap": f"{selectors.EXPORT_CAP:,}", "total": f"{total:,}"},
        )
    query = request.GET.copy()
    query.pop("page", None)
    audit_record(action=AuditAction.EXPORT, note=f"audit events: {exported}; {query.urlencode()}")
    return xlsx_response(
        f"{_('Audit trail')} {timezone.localdate():%Y-%m-%d}",
        _("Audit trail"),
        selectors.audit_export_headers(),
        selectors.audit_export_rows(events, limit=selectors.EXPORT_CAP),
    )


@role_required(BUREAU_ADMIN)
@require_GET
def object_history(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    events = selectors.audit_object_events(user=request.user, content_type=content_type, object_id=object_id)
    page = paginate(request, events, per_page=PER_PAGE)
    current, label = selectors.audit_object_label(content_type=content_type, object_id=object_id)
    return render(
        request,
        "core/audit_object_history.html",
        {
            "content_type": content_type,
            "object_id": object_id,
            "current": current,
            "object_label": label,
            "page_obj": page,
            "rows": selectors.audit_event_rows(page.object_list),
        },
    )
