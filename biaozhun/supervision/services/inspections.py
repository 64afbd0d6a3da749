"""After the draw: inspections, rectification notices, the enterprise's answer, re-inspection, reminders.

An assignment is *assigned* until inspected; a compliant inspection closes it; a non-compliant one
puts it *under rectification* until a notice is answered and re-inspected (rectified or not), which
closes it. Enterprises are told through ``core.notifications.notify`` when a notice is sent, a few
days before its deadline and when it is overdue (the daily reminder job).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from biaozhun.accounts.models import ENTERPRISE_ROLES, Membership
from biaozhun.core.notifications import notify
from biaozhun.supervision.models import (
    Assignment,
    AssignmentState,
    Conclusion,
    Inspection,
    InspectionFinding,
    PlanState,
    RectificationNotice,
    Reinspection,
)

REMIND_DAYS_BEFORE = 3


def _must_be_assigned(assignment: Assignment, by: Any) -> None:
    if not Assignment.objects.editable_by(by).filter(pk=assignment.pk).exists():
        raise PermissionDenied


def _enterprise_members(assignment: Assignment) -> list[Any]:
    memberships = Membership.objects.filter(
        organisation_id=assignment.declaration.organisation_id, role__in=ENTERPRISE_ROLES, is_active=True
    ).select_related("user")
    return [m.user for m in memberships if m.user.is_active]


@transaction.atomic
def inspection_record(
    *, assignment: Assignment, by: Any, findings: Sequence[str] = (), **checklist: Any
) -> Inspection:
    """Record the inspection of an assignment by one of its inspectors: a compliant object is closed,
    a non-compliant one waits for a rectification notice. ``checklist`` holds the ``Inspection``
    checklist fields, ``conclusion`` and ``summary``."""
    assignment = Assignment.objects.select_for_update().select_related("plan").get(pk=assignment.pk)
    _must_be_assigned(assignment, by)
    if assignment.state != AssignmentState.ASSIGNED:
        raise ValidationError(gettext("This object has been inspected already."))
    inspection = Inspection(assignment=assignment, inspected_by=by, inspected_at=timezone.now(), **checklist)
    inspection.full_clean()
    if inspection.conclusion == Conclusion.NON_COMPLIANT and not [f for f in findings if f.strip()]:
        raise ValidationError({"findings": gettext("Describe at least one problem found.")})
    inspection.save()
    InspectionFinding.objects.bulk_create(
        InspectionFinding(inspection=inspection, description=text.strip()[:500], position=n)
        for n, text in enumerate(findings)
        if text.strip()
    )
    assignment.conclusion = inspection.conclusion
    if inspection.conclusion == Conclusion.COMPLIANT:
        assignment.state = AssignmentState.CLOSED
        assignment.closed_at = inspection.inspected_at
    else:
        assignment.state = AssignmentState.RECTIFYING
    assignment.save()
    plan = assignment.plan
    if plan.state == PlanState.DRAWN:
        plan.state = PlanState.IN_PROGRESS
        plan.save()
    return inspection


@transaction.atomic
def notice_send(
    *, assignment: Assignment, by: Any, requirements: str, deadline: dt.date
) -> RectificationNotice:
    """Send a rectification notice for a non-compliant object (by one of its inspectors or the bureau)."""
    assignment = Assignment.objects.select_for_update().select_related("declaration").get(pk=assignment.pk)
    if not getattr(by, "is_bureau_admin", False):
        _must_be_assigned(assignment, by)
    if assignment.state != AssignmentState.RECTIFYING:
        raise ValidationError(
            gettext("A rectification notice is sent only for an object found not compliant.")
        )
    if assignment.notices.open().exists():
        raise ValidationError(gettext("This object already has an open rectification notice."))
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": gettext("The deadline must be in the future.")})
    if not requirements.strip():
        raise ValidationError({"requirements": gettext("Say what must be corrected.")})
    notice = RectificationNotice.objects.create(
        assignment=assignment,
        requirements=requirements.strip(),
        deadline=deadline,
        sent_at=timezone.now(),
        sent_by=by,
    )
    url = reverse("supervision:notice_detail", kwargs={"public_id": notice.public_id})
    for user in _enterprise_members(assignment):
        notify(
            recipient=user,
            kind="supervision.notice",
            subject=gettext("Rectification notice: correct %(declaration)s by %(deadline)s")
            % {"declaration": assignment.declaration, "deadline": deadline.isoformat()},
            body=notice.requirements,
            url=url,
            dedupe_key=f"supervision:notice:{notice.pk}",
        )
    return notice


@transaction.atomic
def notice_answer(*, notice: RectificationNotice, by: Any, evidence_note: str) -> RectificationNotice:
    """The enterprise says what it corrected; a re-inspection follows."""
    notice = RectificationNotice.objects.select_for_update().get(pk=notice.pk)
    if not RectificationNotice.objects.editable_by(by).filter(pk=notice.pk).exists():
        raise PermissionDenied
    if not evidence_note.strip():
        raise ValidationError({"evidence_note": gettext("Say what was corrected.")})
    notice.evidence_note = evidence_note.strip()
    notice.answered_at = timezone.now()
    notice.answered_by = by
    notice.save()
    return notice


@transaction.atomic
def reinspection_record(
    *, notice: RectificationNotice, by: Any, rectified: bool, notes: str = ""
) -> Reinspection:
    """Re-inspect after the answer (or after the deadline): either way the object's check closes."""
    notice = RectificationNotice.objects.select_for_update().select_related("assignment").get(pk=notice.pk)
    assignment = notice.assignment
    if not getattr(by, "is_bureau_admin", False):
        _must_be_assigned(assignment, by)
    if notice.closed_at:
        raise ValidationError(gettext("This notice is closed already."))
    if not notice.answered_at and notice.deadline >= timezone.localdate():
        raise ValidationError(gettext("Wait for the enterprise's answer or for the deadline to pass."))
    now = timezone.now()
    reinspection = Reinspection.objects.create(
        notice=notice, rectified=rectified, notes=notes.strip(), inspected_at=now, inspected_by=by
    )
    notice.closed_at = now
    if rectified:
        notice.rectified_at = now
    notice.save()
    assignment.state = AssignmentState.CLOSED
    assignment.closed_at = now
    assignment.save()
    return reinspection


def notice_reminders_send(today: dt.date | None = None) -> int:
    """Remind enterprises of open notices due within ``REMIND_DAYS_BEFORE`` days, and tell them once
    when a deadline has passed; returns how many notices were reminded (a daily job, safe to re-run)."""
    today = today or timezone.localdate()
    now = timezone.now()
    count = 0
    due_soon = RectificationNotice.objects.open().filter(
        answered_at__isnull=True,
        reminded_at__isnull=True,
        deadline__gte=today,
        deadline__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    )
    overdue = RectificationNotice.objects.open().filter(
        answered_at__isnull=True, overdue_notified_at__isnull=True, deadline__lt=today
    )
    for notice, kind in [(n, "due") for n in due_soon.select_related("assignment__declaration")] + [
        (n, "overdue") for n in overdue.select_related("assignment__declaration")
    ]:
        url = reverse("supervision:notice_detail", kwargs={"public_id": notice.public_id})
        declaration = notice.assignment.declaration
        if kind == "due":
            subject = gettext("Reminder: the rectification of %(declaration)s is due on %(deadline)s") % {
                "declaration": declaration,
                "deadline": notice.deadline.isoformat(),
            }
        else:
            subject = gettext("Overdue: the rectification of %(declaration)s was due on %(deadline)s") % {
                "declaration": declaration,
                "deadline": notice.deadline.isoformat(),
            }
        for user in _enterprise_members(notice.assignment):
            notify(
                recipient=user,
                kind=f"supervision.notice_{kind}",
                subject=subject,
                url=url,
                dedupe_key=f"supervision:notice_{kind}:{notice.pk}",
            )
        if kind == "due":
            notice.reminded_at = now
        else:
            notice.overdue_notified_at = now
        notice.save()
        count += 1
    return count
