"""Automated screening of declarations: run the rules of ``declarations.screening`` and keep the findings.

``screening_run(version=...)`` screens one version (on submission and publication, through the
task ``screen_version``); ``screening_run_all()`` screens the current version of every published
declaration (the nightly job), in batches: each batch is a handful of set-based reads (versions,
products, indicators, existing findings), one ``validity_check`` of every executed and referenced
number of the batch, and bulk writes. Both go through ``_screen_batch``, so a version screened
on submission and at night is judged by the same code.

Findings are upserted by (version, rule, key): a problem found again updates its finding (and
re-opens a resolved one: resolving says "it was corrected", and it was not); a dismissed finding
stays dismissed ("not a problem", decided by the bureau with a reason); an open finding whose
problem is no longer found is resolved automatically, by nobody, "No longer found".

Texts are read once per file, not every night: what the rules need from a text (its normative
references and which required parts have a heading) is kept as a small JSON beside the uploaded
file in the same storage, keyed by the file's name, size and the extractor's version
(``EXTRACT_VERSION``). A published version's file never changes (a revision is a new version
with its own file), so the key is safe; the references are still judged every night against
the catalogue of the day, which is what changes. The JSON lives in storage rather than in a
finding's data because a text with no problem has no finding to hold it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from biaozhun.checking import documents
from biaozhun.checking.services.validity import validity_check
from biaozhun.checking.verdicts import Finding
from biaozhun.core.audit import audit_context
from biaozhun.core.notifications import notify
from biaozhun.declarations import screening as rules
from biaozhun.declarations.models import (
    Declaration,
    DeclarationStatus,
    DeclarationVersion,
    FindingState,
    Indicator,
    MandatoryBaseline,
    Product,
    ProductCategory,
    ScreeningFinding,
    StandardKind,
)
from biaozhun.standards import numbers

logger = logging.getLogger(__name__)

EXTRACT_VERSION = 1  # raise when extraction changes: every text is read again once
EXTRACTS_DIR = "screening/extracts"
BATCH = 5000


# --- texts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextExtract:
    """What screening needs from a text: its normative references and the required parts present."""

    normative: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()
    error: str = ""  # why the file could not be read, in the user's language at the time


def extract_text(data: bytes, file_name: str, *, today: dt.date | None = None) -> TextExtract:
    """Read a text (``.docx``, ``.pdf`` with a text layer, ``.txt``) once for every text rule."""
    try:
        blocks = documents.extract_blocks(data, file_name)
    except documents.DocumentError as exc:
        return TextExtract(error=exc.message)
    seen: dict[str, None] = {}
    for reference in documents.find_references(blocks, today=today):
        if reference.section == documents.NORMATIVE:
            seen.setdefault(reference.text)
    return TextExtract(normative=tuple(seen), parts=tuple(rules.parts_present(b.text for b in blocks)))


def _storage() -> Any:
    return DeclarationVersion._meta.get_field("text_file").storage


def _extract_path(name: str, size: int) -> str:
    digest = hashlib.sha256(f"{EXTRACT_VERSION}|{name}|{size}".encode()).hexdigest()
    return f"{EXTRACTS_DIR}/{digest[:2]}/{digest}.json"


def text_extract_for(name: str, *, today: dt.date | None = None, refresh: bool = False) -> TextExtract:
    """The extract of the stored file ``name``: from its JSON if one exists for this name and
    size (unless ``refresh``), otherwise read now and kept."""
    storage = _storage()
    try:
        size = storage.size(name)
    except OSError:
        return TextExtract(error=_("the file is missing from storage"))
    path = _extract_path(name, size)
    if not refresh and storage.exists(path):
        try:
            with storage.open(path, "rb") as handle:
                kept = json.loads(handle.read().decode("utf-8"))
            return TextExtract(
                normative=tuple(kept["normative"]), parts=tuple(kept["parts"]), error=kept.get("error", "")
            )
        except (OSError, ValueError, KeyError):
            logger.warning("screening: unreadable text extract %s, reading the text again", path)
    with storage.open(name, "rb") as handle:
        data = handle.read()
    extract = extract_text(data, name.rsplit("/", 1)[-1], today=today)
    payload = json.dumps(
        {"normative": list(extract.normative), "parts": list(extract.parts), "error": extract.error},
        ensure_ascii=False,
    ).encode("utf-8")
    if storage.exists(path):
        storage.delete(path)
    storage.save(path, ContentFile(payload))
    return extract


# --- gathering a batch ---------------------------------------------------------------------------------


def _number_key(text: str, read: Any) -> str:
    parsed = read(text.strip())
    return parsed.canonical if isinstance(parsed, numbers.StandardNumber) else " ".join(text.split()).upper()


DuplicateIndex = dict[tuple[int, str, tuple[str, str]], list[tuple[int, str]]]


def duplicate_index(
    *, organisation_ids: Iterable[int] | None = None, today: dt.date | None = None
) -> DuplicateIndex:
    """(enterprise, standard, product) → the published declarations declaring it (id, public id):
    one read of the products of every current published version (of the given enterprises)."""
    read = numbers.reader(today=today)
    rows = Product.objects.filter(
        version__declaration__status=DeclarationStatus.PUBLISHED,
        version__declaration__current_id=F("version_id"),
    )
    if organisation_ids is not None:
        rows = rows.filter(version__declaration__organisation_id__in=list(organisation_ids))
    index: DuplicateIndex = defaultdict(list)
    keys: dict[str, str] = {}
    for org, declaration, public_id, number, name, model in rows.values_list(
        "version__declaration__organisation_id",
        "version__declaration_id",
        "version__declaration__public_id",
        "version__standard_number",
        "name",
        "model",
    ).iterator(chunk_size=10_000):
        if number not in keys:
            keys[number] = _number_key(number, read)
        entry = index[(org, keys[number], rules.product_key(name, model))]
        if not any(d == declaration for d, _p in entry):
            entry.append((declaration, str(public_id)))
    return index


def active_baselines() -> dict[int, list[rules.BaselineFact]]:
    """The active mandatory baselines by category id (a few hundred rows: read once per run)."""
    by_category: dict[int, list[rules.BaselineFact]] = defaultdict(list)
    for b in MandatoryBaseline.objects.filter(is_active=True).values(
        "id", "category_id", "category__name", "indicator", "direction", "limit", "unit", "source_standard"
    ):
        by_category[b["category_id"]].append(
            rules.BaselineFact(
                id=b["id"],
                category=b["category__name"],
                indicator=b["indicator"],
                direction=b["direction"],
                limit=b["limit"],
                unit=b["unit"],
                source_standard=b["source_standard"],
            )
        )
    return by_category


@dataclass
class Outcome:
    """Counts of one run, for the nightly job's log and the benchmark."""

    versions: int = 0
    created: int = 0
    updated: int = 0
    reopened: int = 0
    resolved: int = 0
    unchanged: int = 0
    by_rule: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, other: Outcome) -> None:
        for name in ("versions", "created", "updated", "reopened", "resolved", "unchanged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for rule, count in other.by_rule.items():
            self.by_rule[rule] += count

    def as_dict(self) -> dict[str, Any]:
        return {
            "versions": self.versions,
            "created": self.created,
            "updated": self.updated,
            "reopened": self.reopened,
            "resolved": self.resolved,
            "unchanged": self.unchanged,
            "found": dict(sorted(self.by_rule.items())),
        }


def _problems_for_batch(
    version_ids: Sequence[int],
    *,
    today: dt.date,
    baselines: dict[int, list[rules.BaselineFact]],
    duplicates: DuplicateIndex,
    refresh_texts: bool,
) -> dict[int, list[rules.Problem]]:
    versions = list(
        DeclarationVersion.objects.filter(pk__in=version_ids).values(
            "id",
            "declaration_id",
            "declaration__organisation_id",
            "standard_kind",
            "standard_number",
            "edition__number",
            "text_file",
        )
    )
    for v in versions:  # a version that names its edition but not the number (older rows) is checked by it
        v["standard_number"] = (v["standard_number"] or v["edition__number"] or "").strip()
    products: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
    for vid, name, model, category in Product.objects.filter(version_id__in=version_ids).values_list(
        "version_id", "name", "model", "category_id"
    ):
        products[vid].append((name, model, category))
    indicators: dict[int, list[rules.IndicatorFact]] = defaultdict(list)
    for vid, name, comparison, value, value_max, unit, below, explanation in Indicator.objects.filter(
        version_id__in=version_ids
    ).values_list(
        "version_id",
        "name",
        "comparison",
        "value",
        "value_max",
        "unit",
        "below_recommended",
        "below_explanation",
    ):
        indicators[vid].append(
            rules.IndicatorFact(name, comparison, value, value_max, unit, below, explanation)
        )
    texts: dict[int, TextExtract] = {}
    for v in versions:
        if v["standard_kind"] == StandardKind.ENTERPRISE and v["text_file"]:
            texts[v["id"]] = text_extract_for(v["text_file"], today=today, refresh=refresh_texts)

    # One validity check for the whole batch: executed catalogue numbers and every reference.
    entries = [v["standard_number"] for v in versions if v["standard_kind"] == StandardKind.CATALOGUE]
    entries += [number for extract in texts.values() for number in extract.normative]
    checked: dict[str, Finding] = {}
    if entries:
        for entry in validity_check(entries, today=today).entries:
            checked.setdefault(entry.input, entry.finding)

    read = numbers.reader(today=today)
    result: dict[int, list[rules.Problem]] = {}
    for v in versions:
        vid, kind, number = v["id"], v["standard_kind"], v["standard_number"]
        found: list[rules.Problem] = []
        if number:
            found += rules.number_problems(kind, number, read(number.strip()))
        if kind == StandardKind.CATALOGUE and number:
            found += rules.executed_problems(number, checked[number])
        extract = texts.get(vid)
        if extract is not None:
            if extract.error:
                found.append(rules.unreadable_problem(v["text_file"].rsplit("/", 1)[-1], extract.error))
            else:
                found += rules.reference_problems((n, checked[n]) for n in extract.normative)
                found += rules.text_problems(extract.parts)
        categories = {category for _n, _m, category in products[vid]}
        version_baselines = [b for category in sorted(categories) for b in baselines.get(category, [])]
        found += rules.baseline_problems(indicators[vid], version_baselines)
        found += rules.below_recommended_problems(indicators[vid])
        if number:
            standard = _number_key(number, read)
            org = v["declaration__organisation_id"]
            others = {}
            for name, model, _c in products[vid]:
                pkey = rules.product_key(name, model)
                ids = [p for d, p in duplicates.get((org, standard, pkey), []) if d != v["declaration_id"]]
                if ids:
                    others[pkey] = ids
            found += rules.duplicate_problems(((n, m) for n, m, _c in products[vid]), others)
        result[vid] = rules.sort_problems(found)
    return result


# --- storing findings ----------------------------------------------------------------------------------

UPDATED_FIELDS = [
    "severity",
    "message",
    "data",
    "state",
    "resolved_by",
    "resolved_at",
    "resolution",
    "last_seen_at",
    "updated_at",
]


def _store(problems: dict[int, list[rules.Problem]], *, now: dt.datetime) -> Outcome:
    """Upsert the findings of these versions (see the module docstring for what happens to each)."""
    outcome = Outcome(versions=len(problems))
    existing = {
        (f.version_id, f.rule, f.key): f
        # whole rows: a deferred field on an audited model is loaded again, row by row, by its snapshot
        for f in ScreeningFinding.objects.filter(version_id__in=list(problems))
    }
    create: list[ScreeningFinding] = []
    update: list[ScreeningFinding] = []
    seen: list[int] = []
    for vid, found in problems.items():
        for problem in found:
            outcome.by_rule[problem.rule] += 1
            finding = existing.pop((vid, problem.rule, problem.key), None)
            if finding is None:
                create.append(
                    ScreeningFinding(
                        version_id=vid,
                        rule=problem.rule,
                        key=problem.key,
                        severity=problem.severity,
                        message=problem.message,
                        data=problem.data,
                        last_seen_at=now,
                    )
                )
                continue
            changed = (finding.severity, finding.message, finding.data) != (
                problem.severity,
                problem.message,
                problem.data,
            )
            if finding.state == FindingState.RESOLVED:
                finding.state = FindingState.OPEN
                finding.resolved_by = None
                finding.resolved_at = None
                finding.resolution = ""
                outcome.reopened += 1
            elif changed:
                outcome.updated += 1
            else:
                outcome.unchanged += 1
                seen.append(finding.pk)
                continue
            finding.severity, finding.message, finding.data = problem.severity, problem.message, problem.data
            finding.last_seen_at = finding.updated_at = now
            update.append(finding)
    gone = [f.pk for f in existing.values() if f.state == FindingState.OPEN]
    with transaction.atomic():
        ScreeningFinding.objects.bulk_create(create, batch_size=1000)
        if update:
            ScreeningFinding.objects.bulk_update(update, UPDATED_FIELDS, batch_size=500)
        for start in range(0, len(seen), 5000):
            ScreeningFinding.objects.filter(pk__in=seen[start : start + 5000]).update(last_seen_at=now)
        for start in range(0, len(gone), 5000):
            ScreeningFinding.objects.filter(pk__in=gone[start : start + 5000]).update(
                state=FindingState.RESOLVED,
                resolved_by=None,
                resolved_at=now,
                resolution=_("No longer found"),
                updated_at=now,
            )
    outcome.created, outcome.resolved = len(create), len(gone)
    return outcome


# --- the public functions -------------------------------------------------------------------------------


def screening_run(*, version: DeclarationVersion, today: dt.date | None = None) -> list[ScreeningFinding]:
    """Screen one version now (on submission or publication): the text is read again (its extract
    refreshed), the rest judged as at night. Returns the findings that occur now (open or
    dismissed), most severe first."""
    today = today or timezone.localdate()
    organisation_id = version.declaration.organisation_id
    with translation.override(settings.LANGUAGE_CODE):  # messages are stored in the site's language
        problems = _problems_for_batch(
            [version.pk],
            today=today,
            baselines=active_baselines(),
            duplicates=duplicate_index(organisation_ids=[organisation_id], today=today),
            refresh_texts=True,
        )
        _store(problems, now=timezone.now())
    occurring = {(p.rule, p.key) for p in problems.get(version.pk, [])}
    findings = [f for f in ScreeningFinding.objects.filter(version=version) if (f.rule, f.key) in occurring]
    return sorted(findings, key=lambda f: (rules.SEVERITY_ORDER.get(f.severity, 9), f.rule, f.key))


def screening_run_all(*, today: dt.date | None = None, batch: int = BATCH) -> dict[str, Any]:
    """Screen the current version of every published declaration (the nightly job), ``batch``
    versions at a time; returns the counts of what changed and of what was found, by rule."""
    today = today or timezone.localdate()
    started = timezone.now()
    current = list(
        Declaration.objects.filter(status=DeclarationStatus.PUBLISHED, current__isnull=False)
        .order_by("current_id")
        .values_list("current_id", flat=True)
    )
    baselines = active_baselines()
    duplicates = duplicate_index(today=today)
    total = Outcome()
    for start in range(0, len(current), batch):
        ids = current[start : start + batch]
        with translation.override(settings.LANGUAGE_CODE):
            problems = _problems_for_batch(
                ids, today=today, baselines=baselines, duplicates=duplicates, refresh_texts=False
            )
            total.add(_store(problems, now=timezone.now()))
    result = total.as_dict()
    result["seconds"] = round((timezone.now() - started).total_seconds(), 1)
    logger.info("screening: %s", result)
    return result


SCREENING_KIND = "declaration_screening"


def findings_notify(*, version: DeclarationVersion, findings: Sequence[ScreeningFinding]) -> int:
    """Tell the enterprise's members what screening found that it should correct (open errors and
    warnings), once per version and set of findings; returns how many messages were new."""
    from biaozhun.accounts.models import ENTERPRISE_ROLES, Membership

    relevant = [f for f in findings if f.state == FindingState.OPEN and f.severity != rules.INFO]
    if not relevant:
        return 0
    declaration = version.declaration
    digest = hashlib.sha256(
        ",".join(str(f.pk) for f in sorted(relevant, key=lambda f: f.pk)).encode()
    ).hexdigest()
    members = Membership.objects.filter(
        organisation_id=declaration.organisation_id,
        role__in=ENTERPRISE_ROLES,
        is_active=True,
        user__is_active=True,
    ).select_related("user")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Screening found %(count)s things to check in your declaration of %(number)s") % {
            "count": len(relevant),
            "number": version.standard_number,
        }
        body = "\n".join(f"- {f.message}" for f in relevant)
        for user in {m.user for m in members}:
            sent += (
                notify(
                    recipient=user,
                    kind=SCREENING_KIND,
                    subject=subject,
                    body=body,
                    url=reverse("declarations:mine"),
                    data={"declaration": str(declaration.public_id), "version": version.number},
                    dedupe_key=f"declaration:screening:{version.pk}:{digest[:32]}",
                )
                is not None
            )
    return sent


def _require_bureau(by: Any) -> None:
    if not getattr(by, "is_bureau_admin", False):
        raise PermissionDenied


def _close(finding: ScreeningFinding, *, by: Any, reason: str, state: str) -> ScreeningFinding:
    _require_bureau(by)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    if finding.state != FindingState.OPEN:
        raise ValidationError(_("Only an open finding can be closed."))
    finding.state = state
    finding.resolved_by = by
    finding.resolved_at = timezone.now()
    finding.resolution = reason[:500]
    with audit_context(actor=by), transaction.atomic():
        finding.save(update_fields=["state", "resolved_by", "resolved_at", "resolution", "updated_at"])
    return finding


def finding_resolve(*, finding: ScreeningFinding, by: Any, reason: str) -> ScreeningFinding:
    """The bureau records that the problem was corrected (re-opened if screening finds it again)."""
    return _close(finding, by=by, reason=reason, state=FindingState.RESOLVED)


def finding_dismiss(*, finding: ScreeningFinding, by: Any, reason: str) -> ScreeningFinding:
    """The bureau decides the finding is not a problem: it stays dismissed however often it recurs."""
    return _close(finding, by=by, reason=reason, state=FindingState.DISMISSED)


# --- the tables staff keep ------------------------------------------------------------------------------


def _saved(instance: Any, by: Any) -> Any:
    _require_bureau(by)
    instance.full_clean()
    with audit_context(actor=by), transaction.atomic():
        instance.save()
    return instance


def category_create(*, by: Any, name: str, description: str = "") -> ProductCategory:
    """A new product category (audited)."""
    return _saved(ProductCategory(name=name.strip(), description=description.strip()), by)


def category_update(*, category: ProductCategory, by: Any, **fields: Any) -> ProductCategory:
    """Rename, describe or take a category out of use (products keep it; new ones cannot pick it)."""
    for name, value in fields.items():
        setattr(category, name, value.strip() if isinstance(value, str) else value)
    return _saved(category, by)


def baseline_create(*, by: Any, **fields: Any) -> MandatoryBaseline:
    """A new mandatory baseline; the next screening (the nightly run) applies it."""
    return _saved(MandatoryBaseline(**fields), by)


def baseline_update(*, baseline: MandatoryBaseline, by: Any, **fields: Any) -> MandatoryBaseline:
    for name, value in fields.items():
        setattr(baseline, name, value.strip() if isinstance(value, str) else value)
    return _saved(baseline, by)


def baseline_set_active(*, baseline: MandatoryBaseline, by: Any, active: bool) -> MandatoryBaseline:
    """Take a baseline out of use (its mandatory standard was withdrawn) or back; never deleted, as
    findings name it. Findings it caused resolve themselves at the next run."""
    baseline.is_active = active
    return _saved(baseline, by)
