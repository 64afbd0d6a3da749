"""Public pages (一公开): published results, the draw record of every drawn plan and its
verification JSON; and the officials' statistics per year and town."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from biaozhun.accounts.models import OFFICIAL_ROLES
from biaozhun.core.access import get_visible_or_404, role_required
from biaozhun.core.excel import xlsx_response
from biaozhun.core.pagination import paginate
from biaozhun.supervision.models import SpotCheckPlan
from biaozhun.supervision.selectors import checks as selectors

officials = role_required(*OFFICIAL_ROLES)


def _published_plan(public_id: str) -> SpotCheckPlan:
    # Published results are for everyone, the bureau included: one rule, no user involved.
    return get_visible_or_404(SpotCheckPlan.objects.with_published_results(), None, public_id=public_id)


@require_GET
def public_results(request: HttpRequest) -> HttpResponse:
    plans = SpotCheckPlan.objects.with_published_results().order_by("-results_published_at")
    return render(request, "supervision/public_results.html", {"page_obj": paginate(request, plans)})


@require_GET
def public_result_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    plan = _published_plan(public_id)
    return render(
        request,
        "supervision/public_result_detail.html",
        {"plan": plan, "page_obj": paginate(request, selectors.assignments_of_plan(plan))},
    )


@require_GET
def public_draws(request: HttpRequest) -> HttpResponse:
    plans = SpotCheckPlan.objects.drawn().select_related("draw").order_by("-draw__drawn_at")
    return render(request, "supervision/public_draws.html", {"page_obj": paginate(request, plans)})


@require_GET
def draw_record(request: HttpRequest, public_id: str) -> HttpResponse:
    plan = get_visible_or_404(SpotCheckPlan.objects.select_related("draw"), None, public_id=public_id)
    draw = plan.draw
    return render(
        request,
        "supervision/draw_record.html",
        {"plan": plan, "draw": draw, "page_obj": paginate(request, draw.result["selection"])},
    )


@require_GET
def plan_record_json(request: HttpRequest, public_id: str) -> HttpResponse:
    """The exact input of ``manage.py spotcheck_draw --input``: run it to get the recorded selection."""
    plan = get_visible_or_404(SpotCheckPlan.objects.select_related("draw"), None, public_id=public_id)
    body = json.dumps(plan.draw.input_json(), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="spotcheck-{plan.public_id}.json"'
    return response


@officials
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    rows = selectors.stats_by_year_and_town()
    return render(request, "supervision/stats.html", {"rows": rows, "total": sum(r["drawn"] for r in rows)})


@officials
@require_GET
def stats_export(request: HttpRequest) -> HttpResponse:
    rows = selectors.stats_by_year_and_town()
    return xlsx_response(
        _("Spot-check statistics"),
        _("Spot-check statistics"),
        [_("Year"), _("Town or street"), _("Objects drawn"), _("Closed"), _("Not compliant")],
        ([r["year"], r["town"], r["drawn"], r["closed"], r["non_compliant"]] for r in rows),
    )
