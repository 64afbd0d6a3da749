"""After the draw: inspection, rectification notice, answer, re-inspection, reminders, publication."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from biaozhun.core.models import Notification
from biaozhun.supervision.models import Assignment, AssignmentState, Conclusion, PlanState
from biaozhun.supervision.services import inspections as services
from biaozhun.supervision.services import plans as plan_services
from biaozhun.supervision.tests import factories as f

pytestmark = pytest.mark.django_db

PASSING = {
    "format_completeness": "pass",
    "indicators_baselines": "pass",
    "references_valid": "pass",
    "product_matches": "pass",
    "conclusion": Conclusion.COMPLIANT,
}
FAILING = PASSING | {"indicators_baselines": "fail", "conclusion": Conclusion.NON_COMPLIANT}


@pytest.fixture
def drawn(cast: Any) -> dict[str, Any]:
    declaration = f.published_declaration(cast.orgs["enterprise_a"])
    inspectors = [f.inspector(), f.inspector()]
    plan = f.drawn_plan(by=cast.users["bureau_admin"], declarations=[declaration], inspectors=inspectors)
    assignment = Assignment.objects.get(plan=plan)
    drawn_users = [link.inspector for link in assignment.inspectors.all()]
    return {"plan": plan, "assignment": assignment, "inspectors": drawn_users}


def test_a_compliant_inspection_closes_the_object_and_starts_the_plan(cast: Any, drawn: Any) -> None:
    services.inspection_record(assignment=drawn["assignment"], by=drawn["inspectors"][0], **PASSING)
    drawn["assignment"].refresh_from_db()
    drawn["plan"].refresh_from_db()
    assert drawn["assignment"].state == AssignmentState.CLOSED
    assert drawn["plan"].state == PlanState.IN_PROGRESS


def test_only_the_drawn_inspectors_may_inspect(cast: Any, drawn: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.inspection_record(assignment=drawn["assignment"], by=f.inspector(), **PASSING)
    with pytest.raises(PermissionDenied):
        services.inspection_record(assignment=drawn["assignment"], by=cast.users["bureau_admin"], **PASSING)


def test_a_failed_item_cannot_be_concluded_compliant(cast: Any, drawn: Any) -> None:
    with pytest.raises(ValidationError):
        services.inspection_record(
            assignment=drawn["assignment"],
            by=drawn["inspectors"][0],
            **(FAILING | {"conclusion": "compliant"}),
        )


def test_a_non_compliant_object_goes_through_notice_answer_and_reinspection(cast: Any, drawn: Any) -> None:
    inspector = drawn["inspectors"][0]
    with pytest.raises(ValidationError):
        services.inspection_record(assignment=drawn["assignment"], by=inspector, **FAILING)
    services.inspection_record(
        assignment=drawn["assignment"], by=inspector, findings=["光效低于强制性国家标准限值"], **FAILING
    )
    notice = services.notice_send(
        assignment=drawn["assignment"],
        by=inspector,
        requirements="修订企业标准第5.2条",
        deadline=timezone.localdate() + dt.timedelta(days=30),
    )
    enterprise_user = cast.users["enterprise_a"]
    assert Notification.objects.filter(recipient=enterprise_user, kind="supervision.notice").exists()
    with pytest.raises(PermissionDenied):
        services.notice_answer(notice=notice, by=cast.users["enterprise_b"], evidence_note="x")
    services.notice_answer(notice=notice, by=enterprise_user, evidence_note="已修订并重新公开")
    services.reinspection_record(notice=notice, by=drawn["inspectors"][1], rectified=True)
    drawn["assignment"].refresh_from_db()
    notice.refresh_from_db()
    assert drawn["assignment"].state == AssignmentState.CLOSED
    assert notice.rectified_at is not None


def test_reminders_go_once_before_the_deadline_and_once_after_it(cast: Any, drawn: Any) -> None:
    inspector = drawn["inspectors"][0]
    services.inspection_record(assignment=drawn["assignment"], by=inspector, findings=["问题"], **FAILING)
    today = timezone.localdate()
    notice = services.notice_send(
        assignment=drawn["assignment"],
        by=inspector,
        requirements="整改",
        deadline=today + dt.timedelta(days=10),
    )
    assert services.notice_reminders_send(today) == 0
    assert services.notice_reminders_send(notice.deadline - dt.timedelta(days=2)) == 1
    assert services.notice_reminders_send(notice.deadline - dt.timedelta(days=1)) == 0
    assert services.notice_reminders_send(notice.deadline + dt.timedelta(days=1)) == 1
    assert services.notice_reminders_send(notice.deadline + dt.timedelta(days=2)) == 0
    kinds = set(
        Notification.objects.filter(recipient=cast.users["enterprise_a"]).values_list("kind", flat=True)
    )
    assert {"supervision.notice_due", "supervision.notice_overdue"} <= kinds


def test_results_are_published_only_when_every_object_is_closed(cast: Any, drawn: Any) -> None:
    admin = cast.users["bureau_admin"]
    with pytest.raises(ValidationError, match="1"):
        plan_services.plan_publish_results(plan=drawn["plan"], by=admin)
    services.inspection_record(assignment=drawn["assignment"], by=drawn["inspectors"][0], **PASSING)
    plan = plan_services.plan_publish_results(plan=drawn["plan"], by=admin)
    assert plan.results_published_at is not None
    assert plan.state == PlanState.CLOSED


def test_inspectors_are_told_of_their_assignments_after_the_commit(
    cast: Any, django_capture_on_commit_callbacks: Any
) -> None:
    declaration = f.published_declaration(cast.orgs["enterprise_a"])
    with django_capture_on_commit_callbacks(execute=True):
        plan = f.drawn_plan(
            by=cast.users["bureau_admin"], declarations=[declaration], inspectors=[f.inspector()]
        )
    for link in Assignment.objects.get(plan=plan).inspectors.all():
        assert Notification.objects.filter(recipient=link.inspector, kind="supervision.assigned").exists()
