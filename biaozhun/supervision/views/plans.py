"""The bureau's pages for spot-check plans: list, new, edit while draft, publish the seed, draw,
the drawn objects (and their Excel export), publish the results. Bureau administrators only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from biaozhun.accounts.models import Role
from biaozhun.core.access import get_editable_or_404, role_required
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate
from biaozhun.supervision.forms.plans import PlanForm
from biaozhun.supervision.models import SpotCheckPlan
from biaozhun.supervision.selectors import checks as selectors
from biaozhun.supervision.services import plans as services

bureau = role_required(Role.BUREAU_ADMIN)


def _add_errors(form: PlanForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@bureau
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = SpotCheckPlan.objects.editable_by(request.user).select_related("draw")
    return render(request, "supervision/plan_list.html", {"page_obj": paginate(request, plans)})


@bureau
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            plan = services.plan_create(by=request.user, **fields)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The plan was created as a draft."))
            return redirect("supervision:plan_detail", public_id=plan.public_id)
    return render(request, "supervision/plan_form.html", {"form": form, "plan": None})


@bureau
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    plan = get_editable_or_404(SpotCheckPlan, request.user, public_id=public_id)
    if not plan.is_draft:
        messages.error(
            request, _("Only a draft plan can be changed: once its seed is published it is fixed.")
        )
        return redirect("supervision:plan_detail", public_id=plan.public_id)
    form = PlanForm(request.POST or None, instance=SpotCheckPlan.objects.get(pk=plan.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.plan_update(plan=plan, by=request.user, **fields)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The plan was saved."))
            return redirect("supervision:plan_detail", public_id=plan.public_id)
    return render(request, "supervision/plan_form.html", {"form": form, "plan": plan})


@bureau
@require_GET
def plan_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    plan = get_editable_or_404(
        SpotCheckPlan.objects.select_related("category", "town"), request.user, public_id=public_id
    )
    draw = getattr(plan, "draw", None) if plan.is_drawn else None
    page = paginate(request, selectors.assignments_of_plan(plan)) if draw else None
    return render(request, "supervision/plan_detail.html", {"plan": plan, "draw": draw, "page_obj": page})


@bureau
@require_http_methods(["GET", "POST"])
def plan_publish_seed(request: HttpRequest, public_id: str) -> HttpResponse:
    """GET asks for confirmation; POST publishes the seed and fixes the plan."""
    plan = get_editable_or_404(SpotCheckPlan, request.user, public_id=public_id)
    if request.method == "POST":
        try:
            services.plan_publish_seed(plan=plan, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The seed is published; the plan can now be drawn."))
        return redirect("supervision:plan_detail", public_id=plan.public_id)
    return render(
        request,
        "supervision/confirm.html",
        {
            "confirm_title": _("Publish the seed?"),
            "confirm_text": _(
                "The seed and the plan's filters and sizes are published and can no longer be changed. "
                "Anyone will be able to check the draw against them."
            ),
            "confirm_button": _("Publish the seed"),
            "cancel_url": reverse("supervision:plan_detail", kwargs={"public_id": plan.public_id}),
        },
    )


@bureau
@require_http_methods(["GET", "POST"])
def plan_draw(request: HttpRequest, public_id: str) -> HttpResponse:
    """GET asks for confirmation; POST makes the one draw. A plan that cannot be drawn shows why,
    naming the object that cannot be staffed."""
    plan = get_editable_or_404(SpotCheckPlan, request.user, public_id=public_id)
    error_text = ""
    if request.method == "POST":
        try:
            services.plan_draw(plan=plan, by=request.user)
        except ValidationError as error:
            error_text = " ".join(error.messages)
        else:
            messages.success(request, _("The draw is made and published."))
            return redirect("supervision:plan_detail", public_id=plan.public_id)
    return render(
        request,
        "supervision/confirm.html",
        {
            "confirm_title": _("Draw the objects and inspectors?"),
            "confirm_text": _(
                "The draw is made once, from the published seed, and cannot be repeated or changed. "
                "Its record is published for anyone to verify."
            ),
            "confirm_button": _("Draw"),
            "confirm_error": error_text,
            "cancel_url": reverse("supervision:plan_detail", kwargs={"public_id": plan.public_id}),
        },
        status=400 if error_text else 200,
    )


@bureau
@require_GET
def plan_assignments_export(request: HttpRequest, public_id: str) -> HttpResponse:
    plan = get_editable_or_404(SpotCheckPlan, request.user, public_id=public_id)
    assignments = selectors.assignments_of_plan(plan)
    audit_record(action=AuditAction.EXPORT, obj=plan, note=f"spot-check assignments: {assignments.count()}")
    return xlsx_response(
        _("Spot-check objects"),
        _("Spot-check objects"),
        selectors.assignment_export_headers(),
        (selectors.assignment_export_row(a) for a in assignments),
    )


@bureau
@require_http_methods(["GET", "POST"])
def plan_publish_results(request: HttpRequest, public_id: str) -> HttpResponse:
    plan = get_editable_or_404(SpotCheckPlan, request.user, public_id=public_id)
    if request.method == "POST":
        try:
            services.plan_publish_results(plan=plan, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The results are published."))
        return redirect("supervision:plan_detail", public_id=plan.public_id)
    return render(
        request,
        "supervision/confirm.html",
        {
            "confirm_title": _("Publish the results?"),
            "confirm_text": _("Every checked enterprise, standard and conclusion is shown to the public."),
            "confirm_button": _("Publish the results"),
            "cancel_url": reverse("supervision:plan_detail", kwargs={"public_id": plan.public_id}),
        },
    )
