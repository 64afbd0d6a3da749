"""Inspectors' and enterprises' pages: the objects an inspector was drawn for and their inspection,
rectification notices and their answers, re-inspection.

An inspector sees only the assignments they were drawn for; an enterprise only the checks of its
own declarations. Objects are fetched through ``visible_to`` / ``editable_by``: another's id is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form, ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from biaozhun.accounts.models import ENTERPRISE_ROLES, Role
from biaozhun.core.access import get_editable_or_404, get_visible_or_404, role_required
from biaozhun.core.pagination import paginate
from biaozhun.supervision.forms.plans import InspectionForm, NoticeAnswerForm, NoticeForm, ReinspectionForm
from biaozhun.supervision.models import Assignment, AssignmentState, RectificationNotice, is_inspector
from biaozhun.supervision.selectors import checks as selectors
from biaozhun.supervision.services import inspections as services

inspectors_only = role_required(Role.INSPECTOR, Role.EXPERT)


def _add_errors(form: Form | ModelForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _may_follow_up(user: Any, assignment: Assignment) -> bool:
    """The bureau, or one of the object's inspectors, sends notices and re-inspects."""
    return (
        bool(user.is_bureau_admin) or Assignment.objects.editable_by(user).filter(pk=assignment.pk).exists()
    )


@inspectors_only
@require_GET
def inspector_assignments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "supervision/inspector_assignments.html",
        {"page_obj": paginate(request, selectors.assignments_for_inspector(request.user))},
    )


@role_required(*ENTERPRISE_ROLES)
@require_GET
def enterprise_checks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "supervision/enterprise_checks.html",
        {"page_obj": paginate(request, selectors.checks_for_enterprise(request.user))},
    )


@login_required
@require_GET
def assignment_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    assignment = get_visible_or_404(
        Assignment.objects.select_related("plan", "declaration__organisation", "declaration__current"),
        request.user,
        public_id=public_id,
    )
    return render(
        request,
        "supervision/assignment_detail.html",
        {
            "assignment": assignment,
            "inspectors": [i.inspector for i in assignment.inspectors.select_related("inspector")],
            "inspections": assignment.inspections.prefetch_related("findings").select_related("inspected_by"),
            "notices": assignment.notices.prefetch_related("reinspections"),
            "may_inspect": assignment.state == AssignmentState.ASSIGNED
            and Assignment.objects.editable_by(request.user).filter(pk=assignment.pk).exists(),
            "may_follow_up": _may_follow_up(request.user, assignment),
        },
    )


@inspectors_only
@require_http_methods(["GET", "POST"])
def inspection_new(request: HttpRequest, public_id: str) -> HttpResponse:
    assignment = get_editable_or_404(Assignment, request.user, public_id=public_id)
    form = InspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        checklist = {name: form.cleaned_data[name] for name in InspectionForm.Meta.fields}
        try:
            services.inspection_record(
                assignment=assignment, by=request.user, findings=form.finding_lines(), **checklist
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The inspection is recorded."))
            return redirect("supervision:assignment_detail", public_id=assignment.public_id)
    return render(request, "supervision/inspection_form.html", {"form": form, "assignment": assignment})


@login_required
@require_http_methods(["GET", "POST"])
def notice_new(request: HttpRequest, public_id: str) -> HttpResponse:
    assignment = get_visible_or_404(Assignment, request.user, public_id=public_id)
    if not _may_follow_up(request.user, assignment):
        raise PermissionDenied
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_send(assignment=assignment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The rectification notice is sent to the enterprise."))
            return redirect("supervision:notice_detail", public_id=notice.public_id)
    return render(request, "supervision/notice_form.html", {"form": form, "assignment": assignment})


@login_required
@require_GET
def notice_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    notice = get_visible_or_404(
        RectificationNotice.objects.select_related(
            "assignment__declaration__organisation", "assignment__plan"
        ),
        request.user,
        public_id=public_id,
    )
    return render(
        request,
        "supervision/notice_detail.html",
        {
            "notice": notice,
            "reinspections": notice.reinspections.select_related("inspected_by"),
            "may_answer": RectificationNotice.objects.editable_by(request.user).filter(pk=notice.pk).exists(),
            "may_reinspect": not notice.closed_at and _may_follow_up(request.user, notice.assignment),
        },
    )


@role_required(*ENTERPRISE_ROLES)
@require_http_methods(["GET", "POST"])
def notice_answer(request: HttpRequest, public_id: str) -> HttpResponse:
    notice = get_editable_or_404(RectificationNotice, request.user, public_id=public_id)
    form = NoticeAnswerForm(request.POST or None, initial={"evidence_note": notice.evidence_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_answer(notice=notice, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your answer is sent; the inspectors will check the correction."))
            return redirect("supervision:notice_detail", public_id=notice.public_id)
    return render(request, "supervision/notice_answer.html", {"form": form, "notice": notice})


@login_required
@require_http_methods(["GET", "POST"])
def reinspection_new(request: HttpRequest, public_id: str) -> HttpResponse:
    notice = get_visible_or_404(
        RectificationNotice.objects.select_related("assignment"), request.user, public_id=public_id
    )
    if not _may_follow_up(request.user, notice.assignment):
        if not (is_inspector(request.user) or getattr(request.user, "is_bureau_admin", False)):
            raise PermissionDenied
        raise Http404
    form = ReinspectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reinspection_record(notice=notice, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The re-inspection is recorded and the check is closed."))
            return redirect("supervision:assignment_detail", public_id=notice.assignment.public_id)
    return render(request, "supervision/reinspection_form.html", {"form": form, "notice": notice})
