"""An enterprise writes, publishes, revises and withdraws its self-declaration (企业标准自我声明公开).

Every function is keyword-only and atomic, and saves with ``save()`` so the audit trail records
each change. A declaration is prepared as a draft version, step by step (the executed standard, the
text of an enterprise's own standard, products, indicators, the self-commitment), and published
only when every step is complete: ``declaration_publish`` lists every missing thing at once, so
the enterprise fixes them in one pass. A revision is a new draft copying the published version; the
published one stays public until the revision replaces it (every published version is kept).

What the law asks, and where it is enforced here:
- Standardization Law Art. 27: the number and name of the executed standard, and for an
  enterprise's own standard its functional and performance indicators (``_publish_problems``).
- 企业标准化促进办法 (2024): the matching test method of each indicator, an explicit statement and
  explanation when an indicator is below the recommended standard (``_indicator_fields``), and an
  update when the executed standard changes (``declarations_flag_needing_update``).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from biaozhun.accounts.models import ENTERPRISE_ROLES, Membership, Organisation
from biaozhun.core.notifications import notify
from biaozhun.core.uploads import upload_matches
from biaozhun.declarations.gtin import is_valid as gtin_is_valid
from biaozhun.declarations.gtin import normalise as gtin_normalise
from biaozhun.declarations.models import (
    Comparison,
    Declaration,
    DeclarationStatus,
    DeclarationVersion,
    Indicator,
    Product,
    ProductCategory,
    StandardKind,
    VersionState,
)
from biaozhun.standards import numbers
from biaozhun.standards.models import Edition, Level, Status

TEXT_EXTENSIONS = frozenset({".pdf", ".docx"})
MAX_REASON = 500
NEEDS_UPDATE_KIND = "declaration_needs_update"
OUTDATED = (Status.REPLACED, Status.WITHDRAWN)


# --- who may -------------------------------------------------------------------------------------


def _require_member(by: Any, organisation: Organisation | int) -> None:
    """Only the enterprise's own members declare for it (officials and other enterprises never)."""
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    if not getattr(by, "is_authenticated", False) or organisation_id not in by.organisation_ids_with_role(
        *ENTERPRISE_ROLES
    ):
        raise PermissionDenied(_("Only the enterprise's own members may change its declarations."))


def _editable_draft(version: DeclarationVersion, by: Any) -> DeclarationVersion:
    """The draft, locked for this transaction; refused when it is no longer a draft."""
    _require_member(by, version.declaration.organisation_id)
    locked = DeclarationVersion.objects.select_for_update().select_related("declaration").get(pk=version.pk)
    if locked.state != VersionState.DRAFT:
        raise ValidationError(_("This version is no longer a draft: it cannot be changed."))
    if locked.declaration.status == DeclarationStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn declaration cannot be changed."))
    return locked


def _text(value: Any, field: str, label: str, *, required: bool, limit: int) -> str:
    value = " ".join(str(value or "").split())
    if required and not value:
        raise ValidationError({field: _("Enter the %(label)s.") % {"label": label}})
    if len(value) > limit:
        raise ValidationError(
            {field: _("%(label)s can be at most %(max)s characters.") % {"label": label, "max": limit}}
        )
    return value


def _collect(checks: Iterable[tuple[str, Any]]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Run each field check, keeping every error, so a form shows them all at once."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, check in checks:
        try:
            values[name] = check()
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    return values, errors


# --- starting -------------------------------------------------------------------------------------


@transaction.atomic
def declaration_start(*, by: Any, organisation: Organisation) -> Declaration:
    """A new draft declaration for ``organisation`` with its first draft version."""
    _require_member(by, organisation)
    declaration = Declaration(organisation=organisation, created_by=by, status=DeclarationStatus.DRAFT)
    declaration.save()
    version = DeclarationVersion(declaration=declaration, number=1, state=VersionState.DRAFT)
    version.save()
    declaration.draft = version
    declaration.save()
    return declaration


# --- the standard and its text -------------------------------------------------------------------


def file_size_limit() -> int:
    """The largest standard text accepted, in bytes (``BIAOZHUN_DECLARATION_FILE_MAX_MB``)."""
    return int(settings.BIAOZHUN_DECLARATION_FILE_MAX_MB) * 1024 * 1024


def check_text_file(upload: Any) -> None:
    """Refuse anything but a PDF or DOCX within the size limit, by extension *and* first bytes.

    The text is shown to the public, so a renamed executable or HTML page must never get in; a
    DOCX must also be a zip holding a Word document, not any zip."""
    name = getattr(upload, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in TEXT_EXTENSIONS:
        raise ValidationError({"text_file": _("Give the text of the standard as a PDF or DOCX file.")})
    if upload.size > file_size_limit():
        raise ValidationError(
            {
                "text_file": _("The file is larger than %(limit)s MB.")
                % {"limit": settings.BIAOZHUN_DECLARATION_FILE_MAX_MB}
            }
        )
    if not upload_matches(upload, suffix):
        raise ValidationError(
            {
                "text_file": _(
                    "The file's content is not a PDF or Word (DOCX) document, whatever its name says."
                )
            }
        )


def _replacement_hint(number: str) -> str:
    """“use GB/T 12771-2019 (in force from 2020-09-01)” for a replaced edition, or ""."""
    from biaozhun.checking.services.validity import validity_check

    finding = validity_check([number]).entries[0].finding
    if finding.replacement is None:
        return ""
    if finding.effective_date:
        return _("%(number)s (in force from %(date)s)") % {
            "number": finding.replacement.number,
            "date": finding.effective_date.isoformat(),
        }
    return finding.replacement.number


def _catalogue_edition(number: str) -> Edition:
    parsed = numbers.try_parse(number)
    if isinstance(parsed, numbers.InvalidNumber):
        raise ValidationError({"number": parsed.message})
    if parsed.level == Level.ENTERPRISE:
        raise ValidationError(
            {"number": _("A Q/ number is an enterprise standard: choose “the enterprise's own standard”.")}
        )
    if parsed.year is None:
        raise ValidationError({"number": _("Give the standard's year too, as in GB/T 12771-2019.")})
    edition = Edition.objects.filter(number=parsed.canonical).first()
    if edition is None:
        raise ValidationError(
            {
                "number": _(
                    "%(number)s is not in the catalogue. Check the number; if it is right, tell the bureau."
                )
                % {"number": parsed.canonical}
            }
        )
    if edition.status in OUTDATED:
        hint = _replacement_hint(edition.number)
        if hint:
            message = _("%(number)s has been replaced: declare the standard that replaces it, %(hint)s.") % {
                "number": edition.number,
                "hint": hint,
            }
        else:
            message = _("%(number)s has been withdrawn: a declaration must name a standard in force.") % {
                "number": edition.number
            }
        raise ValidationError({"number": message})
    return edition


def _enterprise_number(number: str) -> str:
    parsed = numbers.try_parse(number)
    if isinstance(parsed, numbers.InvalidNumber):
        raise ValidationError({"number": parsed.message})
    if parsed.level != Level.ENTERPRISE:
        raise ValidationError(
            {
                "number": _(
                    "%(number)s is not an enterprise standard number: an enterprise standard's number "
                    "starts with Q/, as in Q/ZSXX 001-2026."
                )
                % {"number": parsed.canonical}
            }
        )
    return parsed.canonical


@transaction.atomic
def draft_set_standard(
    *, version: DeclarationVersion, by: Any, kind: str, number: str, title: str = "", text_file: Any = None
) -> DeclarationVersion:
    """Set the executed standard: a catalogue edition in force, or the enterprise's own ``Q/`` standard
    with its title (and, optionally here, its text; the text has its own step too).

    Choosing a catalogue standard drops the enterprise standard's text and indicators: they are
    disclosed only for an enterprise's own standard."""
    version = _editable_draft(version, by)
    number = (number or "").strip()
    if kind not in StandardKind.values:
        raise ValidationError({"kind": _("Choose which kind of standard the products execute.")})
    if not number:
        raise ValidationError({"number": _("Enter the standard number.")})
    if kind == StandardKind.CATALOGUE:
        edition = _catalogue_edition(number)
        version.standard_kind = StandardKind.CATALOGUE
        version.edition = edition
        version.standard_number = edition.number
        version.standard_title = edition.title_zh
        version.text_file = ""
        version.text_file_name = ""
        version.save()
        version.indicators.all().delete()
        return version
    values, errors = _collect(
        [
            ("number", lambda: _enterprise_number(number)),
            ("title", lambda: _text(title, "title", _("standard title"), required=True, limit=500)),
        ]
    )
    if text_file is not None:
        try:
            check_text_file(text_file)
        except ValidationError as exc:
            errors.setdefault("text_file", []).extend(exc.message_dict["text_file"])
    if errors:
        raise ValidationError(errors)
    version.standard_kind = StandardKind.ENTERPRISE
    version.edition = None
    version.standard_number = values["number"]
    version.standard_title = values["title"]
    if text_file is not None:
        version.text_file.save(text_file.name, text_file, save=False)
        version.text_file_name = PurePath(text_file.name).name[:255]
    version.save()
    return version


@transaction.atomic
def draft_set_text(*, version: DeclarationVersion, by: Any, text_file: Any) -> DeclarationVersion:
    """Attach the text of the enterprise's own standard (PDF or DOCX), replacing any earlier one."""
    version = _editable_draft(version, by)
    if version.standard_kind != StandardKind.ENTERPRISE:
        raise ValidationError(
            _("Only the enterprise's own standard needs its text: choose the standard first.")
        )
    if text_file is None:
        raise ValidationError({"text_file": _("Choose the file with the text of the standard.")})
    check_text_file(text_file)
    version.text_file.save(text_file.name, text_file, save=False)
    version.text_file_name = PurePath(text_file.name).name[:255]
    version.save()
    return version


# --- products ---------------------------------------------------------------------------------------


def _product_fields(
    version: DeclarationVersion, data: dict[str, Any], *, exclude: int | None = None
) -> dict[str, Any]:
    def category() -> ProductCategory:
        value = data.get("category")
        if isinstance(value, ProductCategory):
            value = value.pk
        found = ProductCategory.objects.filter(pk=value, is_active=True).first() if value else None
        if found is None:
            raise ValidationError({"category": _("Choose the product's category.")})
        return found

    def barcode() -> str:
        value = gtin_normalise(str(data.get("barcode") or ""))
        if value and not gtin_is_valid(value):
            raise ValidationError(
                {
                    "barcode": _(
                        "The barcode is not a valid GTIN: it has 8, 12, 13 or 14 digits and its last digit "
                        "is a check digit. Copy it from the package, or leave it empty."
                    )
                }
            )
        return value

    values, errors = _collect(
        [
            ("name", lambda: _text(data.get("name"), "name", _("product name"), required=True, limit=200)),
            ("model", lambda: _text(data.get("model"), "model", _("model"), required=True, limit=200)),
            ("category", category),
            (
                "specification",
                lambda: _text(
                    data.get("specification"), "specification", _("specification"), required=False, limit=300
                ),
            ),
            ("barcode", barcode),
            ("brand", lambda: _text(data.get("brand"), "brand", _("brand"), required=False, limit=100)),
            (
                "generic_name",
                lambda: _text(
                    data.get("generic_name"), "generic_name", _("generic name"), required=False, limit=200
                ),
            ),
        ]
    )
    if "name" in values and "model" in values:
        twins = version.products.filter(name=values["name"], model=values["model"])
        if exclude is not None:
            twins = twins.exclude(pk=exclude)
        if twins.exists():
            errors.setdefault("model", []).append(
                _("This declaration already lists %(name)s %(model)s.") % values
            )
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def draft_add_product(*, version: DeclarationVersion, by: Any, **data: Any) -> Product:
    """Add a product: name, model and category required; specification, barcode (a valid GTIN),
    brand and generic name optional."""
    version = _editable_draft(version, by)
    values = _product_fields(version, data)
    position = (version.products.aggregate(top=Max("position"))["top"] or 0) + 1
    product = Product(version=version, position=position, **values)
    product.save()
    return product


@transaction.atomic
def draft_update_product(*, product: Product, by: Any, **data: Any) -> Product:
    version = _editable_draft(product.version, by)
    values = _product_fields(version, data, exclude=product.pk)
    for field, value in values.items():
        setattr(product, field, value)
    product.save()
    return product


@transaction.atomic
def draft_remove_product(*, product: Product, by: Any) -> None:
    _editable_draft(product.version, by)
    product.delete()


# --- indicators --------------------------------------------------------------------------------------


def _decimal(value: Any, field: str, label: str, *, required: bool) -> decimal.Decimal | None:
    if value is None or str(value).strip() == "":
        if required:
            raise ValidationError({field: _("Enter the %(label)s.") % {"label": label}})
        return None
    try:
        number = decimal.Decimal(str(value).strip())
    except decimal.InvalidOperation as exc:
        raise ValidationError({field: _("The %(label)s must be a number.") % {"label": label}}) from exc
    if not number.is_finite() or abs(number) >= 10**12:
        raise ValidationError({field: _("The %(label)s must be a number.") % {"label": label}})
    return number.quantize(decimal.Decimal("0.000001"))


def _indicator_fields(data: dict[str, Any]) -> dict[str, Any]:
    comparison = str(data.get("comparison") or "")

    def check_comparison() -> str:
        if comparison not in Comparison.values:
            raise ValidationError({"comparison": _("Choose how the value is compared (≥, ≤, = or a range).")})
        return comparison

    below = bool(data.get("below_recommended"))
    values, errors = _collect(
        [
            ("name", lambda: _text(data.get("name"), "name", _("indicator"), required=True, limit=200)),
            ("comparison", check_comparison),
            ("value", lambda: _decimal(data.get("value"), "value", _("value"), required=True)),
            (
                "value_max",
                lambda: _decimal(
                    data.get("value_max"),
                    "value_max",
                    _("upper value"),
                    required=comparison == Comparison.RANGE,
                ),
            ),
            ("unit", lambda: _text(data.get("unit"), "unit", _("unit"), required=True, limit=40)),
            (
                "test_method",
                lambda: _text(
                    data.get("test_method"), "test_method", _("test method"), required=True, limit=300
                ),
            ),
            (
                "below_explanation",
                lambda: _text(
                    data.get("below_explanation"),
                    "below_explanation",
                    _("explanation"),
                    required=below,
                    limit=500,
                ),
            ),
        ]
    )
    if comparison != Comparison.RANGE:
        values["value_max"] = None
    elif (
        values.get("value") is not None
        and values.get("value_max") is not None
        and values["value_max"] <= values["value"]
    ):
        errors.setdefault("value_max", []).append(_("The upper value must be greater than the value."))
    if not below:
        values["below_explanation"] = ""
    values["below_recommended"] = below
    if errors:
        raise ValidationError(errors)
    return values


def _require_own_standard(version: DeclarationVersion) -> None:
    if version.standard_kind != StandardKind.ENTERPRISE:
        raise ValidationError(
            _(
                "Indicators are disclosed only for the enterprise's own standard (Q/…): choose that standard first."
            )
        )


@transaction.atomic
def draft_add_indicator(*, version: DeclarationVersion, by: Any, **data: Any) -> Indicator:
    """Add a functional or performance indicator of the enterprise's own standard, with its test
    method; an indicator below the recommended standard must say so and explain why."""
    version = _editable_draft(version, by)
    _require_own_standard(version)
    values = _indicator_fields(data)
    position = (version.indicators.aggregate(top=Max("position"))["top"] or 0) + 1
    indicator = Indicator(version=version, position=position, **values)
    indicator.save()
    return indicator


@transaction.atomic
def draft_update_indicator(*, indicator: Indicator, by: Any, **data: Any) -> Indicator:
    version = _editable_draft(indicator.version, by)
    _require_own_standard(version)
    for field, value in _indicator_fields(data).items():
        setattr(indicator, field, value)
    indicator.save()
    return indicator


@transaction.atomic
def draft_remove_indicator(*, indicator: Indicator, by: Any) -> None:
    _editable_draft(indicator.version, by)
    indicator.delete()


# --- commitment, publication ---------------------------------------------------------------------------


@transaction.atomic
def draft_sign_commitment(*, version: DeclarationVersion, by: Any) -> DeclarationVersion:
    """``by`` signs the self-commitment: the products meet the standard declared, and the
    enterprise answers for what it discloses."""
    version = _editable_draft(version, by)
    version.commitment_signed_at = timezone.now()
    version.commitment_signed_by = by
    version.save()
    return version


def duplicate_products(version: DeclarationVersion) -> list[tuple[str, str, Declaration]]:
    """Products of ``version`` that another published declaration of the same enterprise already
    declares under the same standard: ``(name, model, that declaration)``."""
    if not version.standard_number:
        return []
    declaration = version.declaration
    others = (
        Product.objects.filter(
            version__declaration__organisation_id=declaration.organisation_id,
            version__declaration__status=DeclarationStatus.PUBLISHED,
            version__state=VersionState.PUBLISHED,
            version__standard_number=version.standard_number,
        )
        .exclude(version__declaration_id=declaration.pk)
        .select_related("version__declaration")
    )
    mine = {(p.name, p.model) for p in version.products.all()}
    return [(p.name, p.model, p.version.declaration) for p in others if (p.name, p.model) in mine]


def publish_problems(version: DeclarationVersion) -> list[str]:
    """Everything that stops ``version`` from being published, in the order of the task list."""
    problems: list[str] = []
    own = version.standard_kind == StandardKind.ENTERPRISE
    if not version.standard_kind or not version.standard_number:
        problems.append(_("Say which standard the products execute."))
    elif version.standard_kind == StandardKind.CATALOGUE:
        if version.edition is None:
            problems.append(_("Say which standard the products execute."))
        elif version.edition.status in OUTDATED:
            problems.append(
                _("%(number)s is no longer in force: choose the standard that replaces it.")
                % {"number": version.edition.number}
            )
    if own and not version.text_file:
        problems.append(_("Upload the text of your enterprise standard (PDF or DOCX)."))
    if not version.products.exists():
        problems.append(_("Add at least one product."))
    if own and not version.indicators.exists():
        problems.append(_("Add at least one functional or performance indicator of your standard."))
    if version.commitment_signed_at is None:
        problems.append(_("Sign the self-commitment."))
    for name, model, _other in duplicate_products(version):
        problems.append(
            _(
                "%(name)s %(model)s is already declared under %(number)s in another published declaration "
                "of your enterprise: revise that declaration instead of publishing it twice."
            )
            % {"name": name, "model": model, "number": version.standard_number}
        )
    return problems


def _enqueue_screening(version_id: int) -> None:
    """Screen the published version in the background, through the screening part's task when the
    app has it (``tasks.screen_version``)."""
    from biaozhun.declarations import tasks

    screen = getattr(tasks, "screen_version", None)
    if screen is not None:
        screen.enqueue(version_id=version_id)


@transaction.atomic
def declaration_publish(*, declaration: Declaration, by: Any) -> DeclarationVersion:
    """Publish the declaration's draft: refused, with every reason at once, when anything is
    missing. The previously published version is superseded (and stays public as history)."""
    _require_member(by, declaration.organisation_id)
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.status == DeclarationStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn declaration cannot be published again: start a new one."))
    if declaration.draft_id is None:
        raise ValidationError(_("There is no draft to publish."))
    version = _editable_draft(declaration.draft, by)  # type: ignore[arg-type]
    problems = publish_problems(version)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    previous = declaration.current
    if previous is not None and previous.pk != version.pk:
        previous.state = VersionState.SUPERSEDED
        previous.save()
    version.state = VersionState.PUBLISHED
    version.published_at = now
    version.published_by = by
    version.save()
    declaration.current = version
    declaration.draft = None
    declaration.status = DeclarationStatus.PUBLISHED
    if declaration.first_published_at is None:
        declaration.first_published_at = now
    declaration.needs_update = False
    declaration.needs_update_reason = ""
    declaration.save()
    version_id = version.pk
    transaction.on_commit(lambda: _enqueue_screening(version_id))
    return version


@transaction.atomic
def declaration_revise(*, declaration: Declaration, by: Any) -> DeclarationVersion:
    """A new draft copying the published version's standard, text, products and indicators; the
    self-commitment must be signed again. An open draft is returned as it is."""
    _require_member(by, declaration.organisation_id)
    declaration = (
        Declaration.objects.select_for_update(of=("self",))
        .select_related("current", "draft")
        .get(pk=declaration.pk)
    )
    if declaration.draft is not None and declaration.draft.state == VersionState.DRAFT:
        return declaration.draft
    if declaration.status != DeclarationStatus.PUBLISHED or declaration.current is None:
        raise ValidationError(_("Only a published declaration can be revised."))
    source = declaration.current
    top = declaration.versions.aggregate(top=Max("number"))["top"] or 0
    draft = DeclarationVersion(
        declaration=declaration,
        number=top + 1,
        state=VersionState.DRAFT,
        standard_kind=source.standard_kind,
        edition=source.edition,
        standard_number=source.standard_number,
        standard_title=source.standard_title,
        text_file=source.text_file.name if source.text_file else "",
        text_file_name=source.text_file_name,
    )
    draft.save()
    Product.objects.bulk_create(
        Product(
            version=draft,
            name=p.name,
            model=p.model,
            category_id=p.category_id,
            specification=p.specification,
            barcode=p.barcode,
            brand=p.brand,
            generic_name=p.generic_name,
            position=p.position,
        )
        for p in source.products.all()
    )
    Indicator.objects.bulk_create(
        Indicator(
            version=draft,
            name=i.name,
            comparison=i.comparison,
            value=i.value,
            value_max=i.value_max,
            unit=i.unit,
            test_method=i.test_method,
            below_recommended=i.below_recommended,
            below_explanation=i.below_explanation,
            position=i.position,
        )
        for i in source.indicators.all()
    )
    declaration.draft = draft
    declaration.save()
    return draft


@transaction.atomic
def draft_discard(*, version: DeclarationVersion, by: Any) -> Declaration:
    """Throw the draft away (kept as a discarded version for the record). A declaration never
    published has nothing left afterwards and no longer appears in the enterprise's list."""
    version = _editable_draft(version, by)
    declaration = Declaration.objects.select_for_update().get(pk=version.declaration_id)
    version.state = VersionState.DISCARDED
    version.save()
    if declaration.draft_id == version.pk:
        declaration.draft = None
        declaration.save()
    return declaration


@transaction.atomic
def declaration_withdraw(*, declaration: Declaration, by: Any, reason: str) -> Declaration:
    """Withdraw a published declaration, with the reason the public page goes on showing. An open
    draft of it is discarded."""
    _require_member(by, declaration.organisation_id)
    reason = _text(reason, "reason", _("reason for withdrawal"), required=True, limit=MAX_REASON)
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.status != DeclarationStatus.PUBLISHED:
        raise ValidationError(_("Only a published declaration can be withdrawn."))
    if declaration.draft is not None and declaration.draft.state == VersionState.DRAFT:
        draft = declaration.draft
        draft.state = VersionState.DISCARDED
        draft.save()
        declaration.draft = None
    declaration.status = DeclarationStatus.WITHDRAWN
    declaration.withdrawn_at = timezone.now()
    declaration.withdrawal_reason = reason
    declaration.save()
    return declaration


# --- needs update ------------------------------------------------------------------------------------


def _needs_update_reason(edition: Edition, finding: Any) -> str:
    if edition.status == Status.REPLACED and finding is not None and finding.replacement is not None:
        date: dt.date | None = finding.effective_date
        if date:
            return _(
                "The executed standard %(number)s has been replaced by %(replacement)s (in force from "
                "%(date)s): revise the declaration."
            ) % {
                "number": edition.number,
                "replacement": finding.replacement.number,
                "date": date.isoformat(),
            }
        return _(
            "The executed standard %(number)s has been replaced by %(replacement)s: revise the declaration."
        ) % {
            "number": edition.number,
            "replacement": finding.replacement.number,
        }
    if edition.status == Status.REPLACED:
        return _("The executed standard %(number)s has been replaced: revise the declaration.") % {
            "number": edition.number
        }
    return _("The executed standard %(number)s has been withdrawn: revise the declaration.") % {
        "number": edition.number
    }


def declarations_flag_needing_update() -> int:
    """Flag published declarations whose current version's edition is now replaced or withdrawn,
    with a reason naming the replacement, and tell every active member of the enterprise once per
    declaration, edition and status. Returns how many declarations were newly flagged.

    One validity check covers all the outdated editions at once, so the cost follows the number of
    outdated editions, not of declarations."""
    from biaozhun.checking.services.validity import validity_check

    flagged = list(
        Declaration.objects.filter(
            status=DeclarationStatus.PUBLISHED, current__edition__status__in=OUTDATED
        ).select_related("current__edition", "organisation")
    )
    if not flagged:
        return 0
    editions = {d.current.edition.number: d.current.edition for d in flagged}
    with translation.override(settings.LANGUAGE_CODE):
        report = validity_check(list(editions))
        findings = {entry.input: entry.finding for entry in report.entries}
        members: dict[int, list[int]] = {}
        for org_id, user_id in Membership.objects.filter(
            organisation_id__in={d.organisation_id for d in flagged},
            role__in=ENTERPRISE_ROLES,
            is_active=True,
            user__is_active=True,
        ).values_list("organisation_id", "user_id"):
            members.setdefault(org_id, []).append(user_id)
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.in_bulk({u for ids in members.values() for u in ids})
        newly = 0
        for declaration in flagged:
            edition = declaration.current.edition
            assert edition is not None
            reason = _needs_update_reason(edition, findings.get(edition.number))[:500]
            if not declaration.needs_update or declaration.needs_update_reason != reason:
                newly += not declaration.needs_update
                declaration.needs_update = True
                declaration.needs_update_reason = reason
                declaration.save()
            url = reverse("declarations:mine") + "?needs_update=1"
            for user_id in members.get(declaration.organisation_id, []):
                notify(
                    recipient=users[user_id],
                    kind=NEEDS_UPDATE_KIND,
                    subject=_("Your declaration of %(number)s needs updating") % {"number": edition.number},
                    body=reason,
                    url=url,
                    data={"declaration": str(declaration.public_id), "edition": edition.number},
                    dedupe_key=f"declaration:needs_update:{declaration.pk}:{edition.pk}:{edition.status}",
                )
    return newly
