"""Thematic standards databases: the public list and pages, the Excel export, the bureau's editing.

The list and a database's page are public like the rest of the catalogue, but only published
databases: one being prepared is a 404 for everyone except bureau staff (``Topic.objects.visible_to``).
Creating and editing databases and including or excluding standards by hand are the bureau's
(``role_required``), and every write goes through ``services.topics``, which audits it.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from biaozhun.core.access import get_editable_or_404, get_visible_or_404, role_required
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate, sort_queryset
from biaozhun.standards.models import Edition, Level, Status, Topic, TopicOverride
from biaozhun.standards.selectors import topics as topic_selectors
from biaozhun.standards.services import topics as topic_services
from biaozhun.standards.topic_forms import TopicForm, TopicOverrideForm

BUREAU_ADMIN = "bureau_admin"


@require_GET
def topic_list(request: HttpRequest) -> HttpResponse:
    """Every published database with its number of standards."""
    return render(
        request,
        "standards/topic_list.html",
        {
            "topics": topic_selectors.published_topics(request.user),
            "can_edit": getattr(request.user, "is_bureau_admin", False),
        },
    )


def _members(request: HttpRequest, topic: Topic) -> tuple[QuerySet[Edition], str, dict[str, list[str]]]:
    filters = topic_selectors.clean_member_filters(request.GET)
    members, sort = sort_queryset(
        request,
        topic_selectors.topic_members(topic, filters=filters),
        topic_selectors.SORTS,
        topic_selectors.DEFAULT_SORT,
    )
    return members, sort, filters


@require_GET
def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A database's figures (by level, status and age) and its standards, filtered and sorted."""
    topic = get_visible_or_404(Topic, request.user, slug=slug)
    members, sort, filters = _members(request, topic)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "topic": topic,
        "stats": topic_selectors.topic_stats(topic, today=timezone.localdate()),
        "page_obj": paginate(request, members),
        "sort": sort,
        "sorts": topic_selectors.SORT_LABELS,
        "filters": filters,
        "levels": Level.choices,
        "statuses": Status.choices,
        "query": params.urlencode(),
        "can_edit": getattr(request.user, "is_bureau_admin", False),
        "rules": topic_services.TopicRules.of(topic),
    }
    return render(request, "standards/topic_detail.html", context)


@require_GET
def topic_export(request: HttpRequest, slug: str) -> HttpResponse:
    """The database's standards (with the page's filters and order) as Excel; recorded in the audit trail."""
    topic = get_visible_or_404(Topic, request.user, slug=slug)
    members, _sort, _filters = _members(request, topic)
    total = members.count()
    if total > topic_selectors.EXPORT_CAP:
        messages.warning(
            request,
            _("Only the first %(cap)s of %(total)s standards were exported; filter the list to get the rest.")
            % {"cap": f"{topic_selectors.EXPORT_CAP:,}", "total": f"{total:,}"},
        )
    audit_record(
        action=AuditAction.EXPORT,
        obj=topic,
        note=f"thematic database: {min(total, topic_selectors.EXPORT_CAP)}; {request.GET.urlencode()}",
    )
    return xlsx_response(
        f"{topic.name_zh} {timezone.localdate():%Y-%m-%d}",
        topic.name_zh,
        topic_selectors.export_headers(),
        (
            topic_selectors.export_row(e)
            for e in members[: topic_selectors.EXPORT_CAP].iterator(chunk_size=2000)
        ),
    )


def _edit(request: HttpRequest, topic: Topic) -> HttpResponse:
    creating = topic.pk is None
    form = TopicForm(request.POST or None, instance=topic)
    if request.method == "POST" and form.is_valid():
        topic = topic_services.topic_save(topic=form.save(commit=False), by=request.user)
        messages.success(
            request,
            _("The database “%(name)s” was saved; its standards are being brought up to date.")
            % {"name": topic.name_zh},
        )
        return redirect(topic)
    return render(request, "standards/topic_form.html", {"form": form, "topic": topic, "creating": creating})


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def topic_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, Topic())


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def topic_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, get_editable_or_404(Topic, request.user, slug=slug))


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def topic_overrides(request: HttpRequest, slug: str) -> HttpResponse:
    """The standards included or excluded by hand, and the form to add one."""
    topic = get_editable_or_404(Topic, request.user, slug=slug)
    form = TopicOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        edition = form.cleaned_data["number"]
        topic_services.topic_override_set(
            topic=topic,
            edition=edition,
            include=form.include,
            note=form.cleaned_data["note"],
            by=request.user,
        )
        message = (
            _("%(number)s is now included in this database.")
            if form.include
            else _("%(number)s is now excluded from this database.")
        )
        messages.success(request, message % {"number": edition.number})
        return redirect("standards:topic_overrides", slug=topic.slug)
    context = {
        "topic": topic,
        "form": form,
        "page_obj": paginate(request, topic_selectors.topic_overrides(topic)),
    }
    return render(request, "standards/topic_overrides.html", context)


@role_required(BUREAU_ADMIN)
@require_http_methods(["GET", "POST"])
def topic_override_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Confirm, then drop a manual inclusion or exclusion."""
    topic = get_editable_or_404(Topic, request.user, slug=slug)
    override = get_editable_or_404(
        TopicOverride.objects.filter(topic=topic).select_related("edition"), request.user, pk=pk
    )
    number = override.edition.number
    if request.method == "POST":
        with transaction.atomic():
            topic_services.topic_override_remove(override=override, by=request.user)
        messages.success(
            request, _("%(number)s now follows the database's rules again.") % {"number": number}
        )
        return redirect("standards:topic_overrides", slug=topic.slug)
    text = (
        _("%(number)s was included by hand (%(note)s). Without it, the rules decide whether it belongs here.")
        if override.include
        else _(
            "%(number)s was excluded by hand (%(note)s). Without it, the rules decide whether it belongs here."
        )
    ) % {"number": number, "note": override.note or _("no reason given")}
    return render(
        request,
        "components/confirm.html",
        {
            "confirm_title": _("Remove the manual choice for %(number)s?") % {"number": number},
            "confirm_text": text,
            "confirm_button": _("Remove"),
            "confirm_danger": True,
            "cancel_url": reverse("standards:topic_overrides", kwargs={"slug": topic.slug}),
        },
    )
