"""Watchlists and controlled-standards lists: what a user and their organisation watch, and the lists
that set an organisation's watches.

Every page is for signed-in users. Watches and lists are fetched through their ``visible_to`` /
``editable_by`` (the owner's and the organisation's), so another enterprise's id is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from biaozhun.checking.forms.watches import ControlledListForm, WatchForm
from biaozhun.checking.models import ControlledList, Watch, WatchKind
from biaozhun.checking.selectors import watches as selectors
from biaozhun.checking.services import controlled_lists as list_services
from biaozhun.checking.services import watches as services
from biaozhun.checking.services.checks import default_organisation
from biaozhun.core.access import get_editable_or_404
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate


@login_required
@require_GET
def watch_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    watches = selectors.watches_for(request.user, kind=kind if kind in WatchKind.values else "")
    return render(
        request,
        "checking/watch_list.html",
        {"page_obj": paginate(request, watches), "kind": kind, "kinds": WatchKind.choices},
    )


@login_required
@require_GET
def watch_export(request: HttpRequest) -> HttpResponse:
    watches = selectors.watches_for(request.user)
    audit_record(action=AuditAction.EXPORT, obj=None, note=f"watches: {watches.count()}")
    return xlsx_response(
        _("Watchlist"),
        _("Watchlist"),
        selectors.export_headers(),
        (selectors.export_row(watch) for watch in watches.iterator()),
    )


@login_required
@require_http_methods(["GET", "POST"])
def watch_new(request: HttpRequest) -> HttpResponse:
    """The form; ``?kind=&target=`` fills it in, so a standard's page can link straight to it."""
    organisation = default_organisation(request.user)
    initial = {}
    if request.GET.get("kind") in WatchKind.values:
        initial["kind"] = request.GET["kind"]
    if request.GET.get("target"):
        initial["target"] = request.GET["target"][:500]
    form = WatchForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            watch = services.watch_create(
                by=request.user,
                kind=form.cleaned_data["kind"],
                target=form.cleaned_data["target"],
                label=form.cleaned_data.get("label") or "",
                organisation=form.chosen_organisation,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("You now watch %(watch)s.") % {"watch": watch})
            return redirect("checking:watch_list")
    return render(request, "checking/watch_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def watch_archive(request: HttpRequest, public_id: str) -> HttpResponse:
    """GET asks for confirmation; POST stops the watch (archived, kept in the trail)."""
    watch = get_editable_or_404(Watch, request.user, public_id=public_id)
    if request.method == "POST":
        services.watch_archive(watch=watch, by=request.user)
        messages.success(request, _("You no longer watch %(watch)s.") % {"watch": watch})
        return redirect("checking:watch_list")
    return render(
        request,
        "checking/watch_archive.html",
        {
            "confirm_title": _("Stop watching?"),
            "confirm_text": (
                _(
                    "%(watch)s will no longer be watched for %(organisation)s: nobody in it will be told of changes."
                )
                if watch.organisation_id
                else _("%(watch)s will no longer be watched: you will not be told of changes.")
            )
            % {"watch": watch, "organisation": watch.organisation},
            "confirm_button": _("Stop watching"),
            "confirm_danger": True,
            "cancel_url": reverse("checking:watch_list"),
        },
    )


@login_required
@require_GET
def controlled_list_list(request: HttpRequest) -> HttpResponse:
    lists = (
        ControlledList.objects.visible_to(request.user)
        .select_related("validity_check", "owner", "organisation")
        .annotate(watch_count=Count("watches", filter=Q(watches__archived_at__isnull=True)))
        .order_by("-created_at", "-id")
    )
    return render(request, "checking/controlled_list_list.html", {"page_obj": paginate(request, lists)})


@login_required
@require_http_methods(["GET", "POST"])
def controlled_list_new(request: HttpRequest) -> HttpResponse:
    form = ControlledListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        column = form.cleaned_data.get("column")
        controlled = list_services.controlled_list_upload(
            by=request.user,
            organisation=default_organisation(request.user),
            data=form.content,
            file_name=form.file_name,
            column=column - 1 if column else None,
            sheet=form.cleaned_data.get("sheet") or None,
        )
        watched = controlled.watches.filter(archived_at__isnull=True).count()
        messages.success(
            request,
            _("The list was checked and its %(count)d standards are now watched.") % {"count": watched},
        )
        return redirect(controlled.validity_check.get_absolute_url())
    return render(request, "checking/controlled_list_new.html", {"form": form})
