"""Access rows for the supervision app (merged by biaozhun/tests/test_url_access.py).

The persona cast has no inspector, but the expert is in the inspector pool (inspectors and experts
form it). Objects of enterprise_a are drawn with a pool of exactly the expert and one more
inspector, so the expert is one of its two inspectors; enterprise_b's object is drawn while the
expert has declared a conflict with enterprise_b, so the expert is not among its inspectors and
gets a 404, like every other persona who may not see it. A random id is a 404 for everyone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.urls import reverse
from django.utils import timezone

from biaozhun.core.testing import BUREAU_ONLY, LOGIN, OFFICIALS, PUBLIC, Case, expect, named
from biaozhun.supervision.models import Assignment, ConflictDeclaration, RectificationNotice, SpotCheckPlan
from biaozhun.supervision.services import inspections as inspection_services
from biaozhun.supervision.services import plans as plan_services
from biaozhun.supervision.tests import factories as f

BUREAU_POST = expect(403, anonymous=LOGIN, bureau_admin=302)
BUREAU_GUESS = expect(403, anonymous=LOGIN, bureau_admin=404)
INSPECTORS = expect(403, anonymous=LOGIN, expert=200)
INSPECTOR_GUESS = expect(403, anonymous=LOGIN, expert=404)
ENTERPRISES = expect(403, anonymous=LOGIN, enterprise_a=200, enterprise_b=200)
A_BUREAU_AND_ITS_INSPECTOR = expect(404, anonymous=LOGIN, enterprise_a=200, bureau_admin=200, expert=200)
FOLLOW_UP = expect(404, anonymous=LOGIN, enterprise_a=403, bureau_admin=200, expert=200)
B_AND_BUREAU = expect(404, anonymous=LOGIN, enterprise_b=200, bureau_admin=200)
SIGNED_IN_GUESS = expect(404, anonymous=LOGIN)
NOBODY = expect(404)
RANDOM = str(uuid.UUID(int=7))

PASSING = {
    "format_completeness": "pass",
    "indicators_baselines": "fail",
    "references_valid": "pass",
    "product_matches": "pass",
    "conclusion": "non_compliant",
}


def draft_plan(cast: Any) -> SpotCheckPlan:
    return f.plan(by=cast.users["bureau_admin"], publish_seed=False)


def ready_plan(cast: Any) -> SpotCheckPlan:
    """Seed published, a population of one declaration of enterprise_a and a pool of two."""
    f.published_declaration(cast.orgs["enterprise_a"])
    f.inspector()
    return f.plan(by=cast.users["bureau_admin"], sample_size=1)


def plan_of_a(cast: Any) -> SpotCheckPlan:
    declaration = f.published_declaration(cast.orgs["enterprise_a"])
    return f.drawn_plan(by=cast.users["bureau_admin"], declarations=[declaration], inspectors=[f.inspector()])


def assignment_of_a(cast: Any) -> Assignment:
    return Assignment.objects.get(plan=plan_of_a(cast))


def assignment_of_b(cast: Any) -> Assignment:
    ConflictDeclaration.objects.create(
        inspector=cast.users["expert"], organisation=cast.orgs["enterprise_b"], reason="曾为该企业提供咨询"
    )
    declaration = f.published_declaration(cast.orgs["enterprise_b"])
    plan = f.drawn_plan(
        by=cast.users["bureau_admin"], declarations=[declaration], inspectors=[f.inspector(), f.inspector()]
    )
    return Assignment.objects.get(plan=plan)


def notice_of_a(cast: Any) -> RectificationNotice:
    assignment = assignment_of_a(cast)
    expert = cast.users["expert"]
    inspection_services.inspection_record(
        assignment=assignment, by=expert, findings=["指标低于限值"], **PASSING
    )
    return inspection_services.notice_send(
        assignment=assignment,
        by=expert,
        requirements="修订",
        deadline=timezone.localdate() + dt.timedelta(days=20),
    )


def published_plan(cast: Any) -> SpotCheckPlan:
    assignment = assignment_of_a(cast)
    inspection_services.inspection_record(
        assignment=assignment,
        by=cast.users["expert"],
        **(PASSING | {"indicators_baselines": "pass", "conclusion": "compliant"}),
    )
    return plan_services.plan_publish_results(plan=assignment.plan, by=cast.users["bureau_admin"])


def plan_url(name: str, make: Any = plan_of_a) -> Any:
    return lambda cast: reverse(f"supervision:{name}", kwargs={"public_id": make(cast).public_id})


def random_url(name: str) -> Any:
    return lambda cast: reverse(f"supervision:{name}", kwargs={"public_id": RANDOM})


ACCESS: dict[str, list[Case]] = {
    "supervision:plan_list": [Case(named("supervision:plan_list"), BUREAU_ONLY)],
    "supervision:plan_new": [
        Case(named("supervision:plan_new"), BUREAU_ONLY),
        Case(
            named("supervision:plan_new"),
            BUREAU_POST,
            method="post",
            data={
                "title": "抽查",
                "year": 2026,
                "standard_kind": "any",
                "sample_size": 5,
                "inspectors_per_object": 2,
            },
        ),
    ],
    "supervision:plan_detail": [
        Case(plan_url("plan_detail"), BUREAU_ONLY),
        Case(plan_url("plan_detail", draft_plan), BUREAU_ONLY),
        Case(random_url("plan_detail"), BUREAU_GUESS),
    ],
    "supervision:plan_edit": [
        Case(plan_url("plan_edit", draft_plan), BUREAU_ONLY),
        Case(plan_url("plan_edit"), BUREAU_POST, note="a drawn plan sends the officer back to it"),
        Case(random_url("plan_edit"), BUREAU_GUESS),
    ],
    "supervision:plan_publish_seed": [
        Case(plan_url("plan_publish_seed", draft_plan), BUREAU_ONLY),
        Case(plan_url("plan_publish_seed", draft_plan), BUREAU_POST, method="post"),
    ],
    "supervision:plan_draw": [
        Case(plan_url("plan_draw", ready_plan), BUREAU_ONLY),
        Case(plan_url("plan_draw", ready_plan), BUREAU_POST, method="post"),
        Case(
            plan_url("plan_draw", draft_plan),
            expect(403, anonymous=LOGIN, bureau_admin=400),
            method="post",
            note="no seed published: refused with the reason",
        ),
    ],
    "supervision:plan_assignments_export": [Case(plan_url("plan_assignments_export"), BUREAU_ONLY)],
    "supervision:plan_publish_results": [
        Case(plan_url("plan_publish_results"), BUREAU_ONLY),
        Case(plan_url("plan_publish_results"), BUREAU_POST, method="post"),
    ],
    "supervision:inspector_assignments": [Case(named("supervision:inspector_assignments"), INSPECTORS)],
    "supervision:enterprise_checks": [Case(named("supervision:enterprise_checks"), ENTERPRISES)],
    "supervision:assignment_detail": [
        Case(plan_url("assignment_detail", assignment_of_a), A_BUREAU_AND_ITS_INSPECTOR),
        Case(
            plan_url("assignment_detail", assignment_of_b),
            B_AND_BUREAU,
            note="the expert is not drawn for it",
        ),
        Case(random_url("assignment_detail"), SIGNED_IN_GUESS),
    ],
    "supervision:inspection_new": [
        Case(plan_url("inspection_new", assignment_of_a), INSPECTORS),
        Case(plan_url("inspection_new", assignment_of_b), INSPECTOR_GUESS),
    ],
    "supervision:notice_new": [
        Case(plan_url("notice_new", assignment_of_a), FOLLOW_UP),
        Case(random_url("notice_new"), SIGNED_IN_GUESS),
    ],
    "supervision:notice_detail": [
        Case(plan_url("notice_detail", notice_of_a), A_BUREAU_AND_ITS_INSPECTOR),
        Case(random_url("notice_detail"), SIGNED_IN_GUESS),
    ],
    "supervision:notice_answer": [
        Case(
            plan_url("notice_answer", notice_of_a),
            expect(403, anonymous=LOGIN, enterprise_a=200, enterprise_b=404),
        ),
        Case(
            plan_url("notice_answer", notice_of_a),
            expect(403, anonymous=LOGIN, enterprise_a=302, enterprise_b=404),
            method="post",
            data={"evidence_note": "已修订"},
        ),
    ],
    "supervision:reinspection_new": [
        Case(plan_url("reinspection_new", notice_of_a), FOLLOW_UP),
        Case(random_url("reinspection_new"), SIGNED_IN_GUESS),
    ],
    "supervision:public_results": [Case(named("supervision:public_results"), PUBLIC)],
    "supervision:public_result_detail": [
        Case(plan_url("public_result_detail", published_plan), PUBLIC),
        Case(plan_url("public_result_detail"), NOBODY, note="drawn but results not published"),
    ],
    "supervision:public_draws": [Case(named("supervision:public_draws"), PUBLIC)],
    "supervision:draw_record": [
        Case(plan_url("draw_record"), PUBLIC),
        Case(plan_url("draw_record", draft_plan), NOBODY, note="not drawn: no record"),
    ],
    "supervision:plan_record_json": [
        Case(plan_url("plan_record_json"), PUBLIC),
        Case(random_url("plan_record_json"), NOBODY),
    ],
    "supervision:stats": [Case(named("supervision:stats"), OFFICIALS)],
    "supervision:stats_export": [Case(named("supervision:stats_export"), OFFICIALS)],
}
