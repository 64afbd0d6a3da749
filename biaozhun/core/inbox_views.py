"""The signed-in user's inbox: list, open one (which marks it read), mark everything read.

A notification is its recipient's alone (``Notification.objects.visible_to``): another user's id,
or a made-up one, is a 404, and not even the bureau reads someone else's inbox.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, Case, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from biaozhun.core.access import get_visible_or_404
from biaozhun.core.models import Notification
from biaozhun.core.pagination import paginate

SHOW = ("all", "unread")


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Unread first, newest first within each; ``?show=unread`` leaves the read ones out."""
    show = request.GET.get("show")
    if show not in SHOW:
        show = "all"
    notes = Notification.objects.visible_to(request.user)
    unread = notes.unread().count()
    if show == "unread":
        notes = notes.unread().order_by("-created_at", "-id")
    else:
        # "Is read" as a value rather than ordering by read_at: NULLs sort first descending on
        # PostgreSQL but last on SQLite.
        notes = notes.annotate(
            is_read=Case(
                When(read_at__isnull=True, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        ).order_by("is_read", "-created_at", "-id")
    return render(
        request,
        "core/inbox.html",
        {"page_obj": paginate(request, notes), "show": show, "unread": unread},
    )


@login_required
@require_GET
def inbox_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    note = get_visible_or_404(Notification, request.user, public_id=public_id)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return render(request, "core/inbox_detail.html", {"note": note})


@login_required
@require_POST
def inbox_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = Notification.objects.visible_to(request.user).unread().update(read_at=timezone.now())
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("core:inbox")
