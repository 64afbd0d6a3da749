"""An enterprise's own declaration pages: its list, and the transaction that prepares a declaration
(task list, one question per page, check answers, confirmation), revision and withdrawal.

Only enterprise members get in (``role_required``); each declaration is fetched through
``Declaration.objects.editable_by`` and each product or indicator through its draft's own related
manager (``selectors.declaring``), so another enterprise's ids are 404s. The views are thin: a
form reads the input, one service decides, ``apply_errors`` shows its reasons.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from biaozhun.accounts.models import ENTERPRISE_ROLES, Organisation
from biaozhun.core.access import role_required
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import xlsx_response
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate
from biaozhun.declarations.forms.declaring import (
    CommitmentForm,
    IndicatorForm,
    ProductForm,
    StandardForm,
    TextForm,
    WithdrawForm,
    apply_errors,
)
from biaozhun.declarations.models import DeclarationStatus, StandardKind
from biaozhun.declarations.selectors import declaring as selectors
from biaozhun.declarations.services import declaring as services

MEMBERS = ENTERPRISE_ROLES


def _task_list(public_id: Any) -> HttpResponse:
    return redirect("declarations:task_list", public_id=public_id)


def _public_url(declaration: Any) -> str:
    try:
        return str(declaration.get_absolute_url())
    except NoReverseMatch:  # the public pages are another part's; until they exist there is no link
        return ""


@role_required(*MEMBERS)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    needs_update = request.GET.get("needs_update") == "1"
    declarations = selectors.my_declarations(request.user, needs_update=needs_update)
    return render(
        request,
        "declarations/declare_mine.html",
        {"page_obj": paginate(request, declarations), "needs_update": needs_update},
    )


@role_required(*MEMBERS)
@require_GET
def mine_export(request: HttpRequest) -> HttpResponse:
    declarations = selectors.my_declarations(
        request.user, needs_update=request.GET.get("needs_update") == "1"
    )
    audit_record(action=AuditAction.EXPORT, obj=None, note=f"own declarations: {declarations.count()}")

    def rows() -> Any:
        for d in declarations.iterator(chunk_size=500):
            version = d.current or d.draft
            yield [
                version.standard_number if version else "",
                version.standard_title if version else "",
                d.get_status_display(),
                version.number if version else "",
                d.first_published_at,
                _("Yes") if d.draft_id else _("No"),
                d.needs_update_reason if d.needs_update else "",
                d.withdrawal_reason,
            ]

    return xlsx_response(
        _("My declarations"),
        _("Declarations"),
        [
            _("Standard number"),
            _("Standard title"),
            _("Status"),
            _("Version"),
            _("First published"),
            _("Draft in progress"),
            _("Needs updating"),
            _("Reason for withdrawal"),
        ],
        rows(),
    )


@role_required(*MEMBERS)
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    organisation_ids = request.user.organisation_ids_with_role(*MEMBERS)  # type: ignore[union-attr]
    organisation = Organisation.objects.filter(pk__in=organisation_ids).order_by("pk").first()
    if organisation is None:
        raise Http404
    declaration = services.declaration_start(by=request.user, organisation=organisation)
    return _task_list(declaration.public_id)


@role_required(*MEMBERS)
@require_GET
def task_list(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    return render(
        request,
        "declarations/declare_task_list.html",
        {"declaration": declaration, "draft": draft, "steps": selectors.draft_steps(draft)},
    )


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def step_standard(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    initial = {"kind": draft.standard_kind or StandardKind.CATALOGUE, "number": draft.standard_number}
    if draft.standard_kind == StandardKind.ENTERPRISE:
        initial["title"] = draft.standard_title
    form = StandardForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.draft_set_standard(
                version=draft,
                by=request.user,
                kind=form.cleaned_data["kind"],
                number=form.cleaned_data["number"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if draft.standard_kind == StandardKind.ENTERPRISE and not draft.text_file:
                return redirect("declarations:step_text", public_id=public_id)
            return _task_list(public_id)
    return render(
        request,
        "declarations/declare_standard.html",
        {"declaration": declaration, "draft": draft, "form": form},
    )


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def step_text(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    if draft.standard_kind != StandardKind.ENTERPRISE:
        return redirect("declarations:step_standard", public_id=public_id)
    form = TextForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_set_text(version=draft, by=request.user, text_file=form.cleaned_data["text_file"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _task_list(public_id)
    return render(
        request,
        "declarations/declare_text.html",
        {
            "declaration": declaration,
            "draft": draft,
            "form": form,
            "limit_mb": settings.BIAOZHUN_DECLARATION_FILE_MAX_MB,
        },
    )


@role_required(*MEMBERS)
@require_GET
def step_products(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    products = draft.products.select_related("category")
    return render(
        request,
        "declarations/declare_products.html",
        {"declaration": declaration, "draft": draft, "page_obj": paginate(request, products, per_page=50)},
    )


def _product_form_page(request: HttpRequest, public_id: Any, product_id: int | None) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    product = selectors.product_of_draft_or_404(draft, product_id) if product_id is not None else None
    initial = {}
    if product is not None:
        initial = {
            f: getattr(product, f)
            for f in ("name", "model", "specification", "barcode", "brand", "generic_name")
        }
        initial["category"] = product.category_id
    form = ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if product is None:
                services.draft_add_product(version=draft, by=request.user, **form.cleaned_data)
            else:
                services.draft_update_product(product=product, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if product is None and "add_another" in request.POST:
                messages.success(request, _("Product added. Add the next one."))
                return redirect("declarations:product_add", public_id=public_id)
            return redirect("declarations:step_products", public_id=public_id)
    return render(
        request,
        "declarations/declare_product_form.html",
        {"declaration": declaration, "draft": draft, "form": form, "product": product},
    )


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def product_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _product_form_page(request, public_id, None)


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, public_id: Any, product_id: int) -> HttpResponse:
    return _product_form_page(request, public_id, product_id)


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def product_remove(request: HttpRequest, public_id: Any, product_id: int) -> HttpResponse:
    _declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    product = selectors.product_of_draft_or_404(draft, product_id)
    if request.method == "POST":
        services.draft_remove_product(product=product, by=request.user)
        messages.success(request, _("Product removed."))
        return redirect("declarations:step_products", public_id=public_id)
    return render(
        request,
        "components/confirm.html",
        {
            "confirm_title": _("Remove this product?"),
            "confirm_text": _("%(name)s %(model)s will no longer be part of this declaration.")
            % {"name": product.name, "model": product.model},
            "confirm_button": _("Remove"),
            "confirm_danger": True,
            "cancel_url": reverse("declarations:step_products", kwargs={"public_id": public_id}),
        },
    )


@role_required(*MEMBERS)
@require_GET
def step_indicators(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    if draft.standard_kind != StandardKind.ENTERPRISE:
        return redirect("declarations:step_standard", public_id=public_id)
    return render(
        request,
        "declarations/declare_indicators.html",
        {
            "declaration": declaration,
            "draft": draft,
            "page_obj": paginate(request, draft.indicators.all(), per_page=50),
        },
    )


def _indicator_form_page(request: HttpRequest, public_id: Any, indicator_id: int | None) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    indicator = selectors.indicator_of_draft_or_404(draft, indicator_id) if indicator_id is not None else None
    if draft.standard_kind != StandardKind.ENTERPRISE:
        return redirect("declarations:step_standard", public_id=public_id)
    initial: dict[str, Any] = {}
    if indicator is not None:
        initial = {
            f: getattr(indicator, f)
            for f in ("name", "comparison", "unit", "test_method", "below_recommended", "below_explanation")
        }
        initial["value"] = indicator.value.normalize()
        initial["value_max"] = indicator.value_max.normalize() if indicator.value_max is not None else ""
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if indicator is None:
                services.draft_add_indicator(version=draft, by=request.user, **form.service_data())
            else:
                services.draft_update_indicator(indicator=indicator, by=request.user, **form.service_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if indicator is None and "add_another" in request.POST:
                messages.success(request, _("Indicator added. Add the next one."))
                return redirect("declarations:indicator_add", public_id=public_id)
            return redirect("declarations:step_indicators", public_id=public_id)
    return render(
        request,
        "declarations/declare_indicator_form.html",
        {"declaration": declaration, "draft": draft, "form": form, "indicator": indicator},
    )


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def indicator_add(request: HttpRequest, public_id: Any) -> HttpResponse:
    return _indicator_form_page(request, public_id, None)


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, public_id: Any, indicator_id: int) -> HttpResponse:
    return _indicator_form_page(request, public_id, indicator_id)


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def indicator_remove(request: HttpRequest, public_id: Any, indicator_id: int) -> HttpResponse:
    _declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    indicator = selectors.indicator_of_draft_or_404(draft, indicator_id)
    if request.method == "POST":
        services.draft_remove_indicator(indicator=indicator, by=request.user)
        messages.success(request, _("Indicator removed."))
        return redirect("declarations:step_indicators", public_id=public_id)
    return render(
        request,
        "components/confirm.html",
        {
            "confirm_title": _("Remove this indicator?"),
            "confirm_text": str(indicator),
            "confirm_button": _("Remove"),
            "confirm_danger": True,
            "cancel_url": reverse("declarations:step_indicators", kwargs={"public_id": public_id}),
        },
    )


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def step_commitment(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    form = CommitmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.draft_sign_commitment(version=draft, by=request.user)
        return _task_list(public_id)
    return render(
        request,
        "declarations/declare_commitment.html",
        {"declaration": declaration, "draft": draft, "form": form},
    )


def _check_answers_context(declaration: Any, draft: Any, problems: list[str]) -> dict[str, Any]:
    return {
        "declaration": declaration,
        "draft": draft,
        "products": draft.products.select_related("category"),
        "indicators": draft.indicators.all(),
        "problems": problems,
        "own": draft.standard_kind == StandardKind.ENTERPRISE,
    }


@role_required(*MEMBERS)
@require_GET
def check_answers(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    return render(
        request,
        "declarations/declare_check_answers.html",
        _check_answers_context(declaration, draft, services.publish_problems(draft)),
    )


@role_required(*MEMBERS)
@require_POST
def publish(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    try:
        services.declaration_publish(declaration=declaration, by=request.user)
    except ValidationError as exc:
        return render(
            request,
            "declarations/declare_check_answers.html",
            _check_answers_context(declaration, draft, exc.messages),
            status=400,
        )
    return redirect("declarations:confirmation", public_id=public_id)


@role_required(*MEMBERS)
@require_GET
def confirmation(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration = selectors.declaration_for_member_or_404(request.user, public_id)
    if declaration.status != DeclarationStatus.PUBLISHED or declaration.current is None:
        raise Http404
    return render(
        request,
        "declarations/declare_confirmation.html",
        {"declaration": declaration, "version": declaration.current, "public_url": _public_url(declaration)},
    )


@role_required(*MEMBERS)
@require_POST
def revise(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration = selectors.declaration_for_member_or_404(request.user, public_id)
    try:
        services.declaration_revise(declaration=declaration, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("declarations:mine")
    return _task_list(public_id)


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration = selectors.declaration_for_member_or_404(request.user, public_id)
    if declaration.status != DeclarationStatus.PUBLISHED:
        raise Http404
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_withdraw(
                declaration=declaration, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The declaration has been withdrawn."))
            return redirect("declarations:mine")
    version = declaration.current
    return render(
        request,
        "components/confirm.html",
        {
            "form": form,
            "confirm_title": _("Withdraw this declaration?"),
            "confirm_text": _(
                "%(number)s will be shown to the public as withdrawn, with your reason. Its products will no "
                "longer count as declared. This cannot be undone: to declare again, start a new declaration."
            )
            % {"number": version.standard_number if version else ""},
            "confirm_button": _("Withdraw the declaration"),
            "confirm_danger": True,
            "cancel_url": reverse("declarations:mine"),
        },
    )


@role_required(*MEMBERS)
@require_http_methods(["GET", "POST"])
def discard(request: HttpRequest, public_id: Any) -> HttpResponse:
    declaration, draft = selectors.draft_for_member_or_404(request.user, public_id)
    if request.method == "POST":
        services.draft_discard(version=draft, by=request.user)
        messages.success(request, _("The draft has been discarded."))
        return redirect("declarations:mine")
    if declaration.current is not None:
        text = _("Your changes in this draft will be lost. The published version stays as it is.")
    else:
        text = _("This declaration has never been published: everything entered in it will be lost.")
    return render(
        request,
        "components/confirm.html",
        {
            "confirm_title": _("Discard this draft?"),
            "confirm_text": text,
            "confirm_button": _("Discard the draft"),
            "confirm_danger": True,
            "cancel_url": reverse("declarations:task_list", kwargs={"public_id": public_id}),
        },
    )
