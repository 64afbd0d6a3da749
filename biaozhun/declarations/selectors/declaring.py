"""Reads for the enterprise's own declaration pages: its list, the draft being prepared, the task list.

Every lookup starts from ``Declaration.objects.editable_by(user)`` (or ``visible_to`` for the list,
which also shows withdrawn ones), and a product or indicator is fetched only through its own
version's related manager, so a guessed id of another enterprise's row is a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from biaozhun.accounts.models import ENTERPRISE_ROLES
from biaozhun.declarations.models import (
    Declaration,
    DeclarationVersion,
    Indicator,
    Product,
    StandardKind,
    VersionState,
)
from biaozhun.standards.models import Status

NOT_STARTED, IN_PROGRESS, COMPLETED, CANNOT_START = "not_started", "in_progress", "completed", "cannot_start"
STEP_STATUS_LABELS: dict[str, Promise] = {
    NOT_STARTED: _("Not started"),
    IN_PROGRESS: _("In progress"),
    COMPLETED: _("Completed"),
    CANNOT_START: _("Cannot start yet"),
}


def my_declarations(user: Any, *, needs_update: bool = False) -> QuerySet[Declaration]:
    """The declarations of the enterprises ``user`` works for, newest first, with what the list shows;
    a declaration whose only draft was discarded (never published) has nothing to show and is left out."""
    organisations = user.organisation_ids_with_role(*ENTERPRISE_ROLES)
    qs = (
        Declaration.objects.filter(organisation_id__in=organisations)
        .exclude(current__isnull=True, draft__isnull=True)
        .select_related("current", "draft", "organisation")
        .order_by("-updated_at", "-pk")
    )
    if needs_update:
        qs = qs.filter(needs_update=True)
    return qs


def declaration_for_member_or_404(user: Any, public_id: Any) -> Declaration:
    """The declaration an enterprise member may change (not withdrawn), or 404."""
    try:
        return (
            Declaration.objects.editable_by(user)
            .select_related("organisation", "current", "draft", "draft__edition")
            .get(public_id=public_id)
        )
    except Declaration.DoesNotExist as exc:
        raise Http404 from exc


def draft_for_member_or_404(user: Any, public_id: Any) -> tuple[Declaration, DeclarationVersion]:
    """The declaration and its open draft, or 404 when there is no draft to work on."""
    declaration = declaration_for_member_or_404(user, public_id)
    draft = declaration.draft
    if draft is None or draft.state != VersionState.DRAFT:
        raise Http404
    return declaration, draft


def product_of_draft_or_404(draft: DeclarationVersion, product_id: int) -> Product:
    try:
        return draft.products.select_related("category").get(pk=product_id)
    except Product.DoesNotExist as exc:
        raise Http404 from exc


def indicator_of_draft_or_404(draft: DeclarationVersion, indicator_id: int) -> Indicator:
    try:
        return draft.indicators.get(pk=indicator_id)
    except Indicator.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Step:
    """One line of the task list: what to do, where, and how far it is."""

    key: str
    label: str | Promise
    url_name: str
    status: str

    @property
    def status_label(self) -> str | Promise:
        return STEP_STATUS_LABELS[self.status]


def draft_steps(draft: DeclarationVersion) -> list[Step]:
    """The task list of a draft: the standard, its text and indicators (own standard only), the
    products, the self-commitment, then checking the answers once everything else is complete."""
    own = draft.standard_kind == StandardKind.ENTERPRISE
    if not draft.standard_number:
        standard = NOT_STARTED
    elif draft.edition is not None and draft.edition.status in (Status.REPLACED, Status.WITHDRAWN):
        standard = IN_PROGRESS  # it was chosen, but is no longer in force: it must be changed
    else:
        standard = COMPLETED
    steps = [Step("standard", _("Executed standard"), "declarations:step_standard", standard)]
    if own:
        steps.append(
            Step(
                "text",
                _("Text of the standard"),
                "declarations:step_text",
                COMPLETED if draft.text_file else NOT_STARTED,
            )
        )
    steps.append(
        Step(
            "products",
            _("Products"),
            "declarations:step_products",
            COMPLETED if draft.products.exists() else NOT_STARTED,
        )
    )
    if own:
        steps.append(
            Step(
                "indicators",
                _("Indicators"),
                "declarations:step_indicators",
                COMPLETED if draft.indicators.exists() else NOT_STARTED,
            )
        )
    steps.append(
        Step(
            "commitment",
            _("Self-commitment"),
            "declarations:step_commitment",
            COMPLETED if draft.commitment_signed_at else NOT_STARTED,
        )
    )
    ready = all(step.status == COMPLETED for step in steps)
    steps.append(
        Step(
            "check",
            _("Check your answers and publish"),
            "declarations:check_answers",
            NOT_STARTED if ready else CANNOT_START,
        )
    )
    return steps
