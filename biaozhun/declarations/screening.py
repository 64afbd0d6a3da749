"""The rules of automated screening of self-declarations, as pure functions: no ORM and no I/O.

``services.screening`` gathers, for a whole batch of versions at once, what the rules need (the
validity check of every executed and referenced number, the products, indicators and baselines,
what was extracted from the texts) and calls these functions version by version; each returns
``Problem``\\ s. A problem has a stable ``rule`` id, a ``key`` telling apart two problems of one
rule in one version (two indicators, two references), a severity and an explanation in the
user's language. The service turns them into ``ScreeningFinding`` rows (upsert by version, rule
and key), so a rule's wording can change without a finding being found twice.

The rules, and why each matters:

- ``executed.*``: the catalogue standard a product executes must exist and be in force
  (Standardization Law Art. 27: an enterprise discloses the standard it executes; a withdrawn or
  replaced one is no basis for a product). ``not_found`` is a warning, not an error: the catalogue
  not knowing a number (a group standard it has not imported) says nothing about its status.
- ``number.*``: an enterprise standard is numbered ``Q/…``, a group standard ``T/…`` (GB/T 1.1,
  the group standards rules); a number the grammar cannot read cannot be checked or found.
- ``references.*``: the normative references of an enterprise standard's text must be current:
  a withdrawn or replaced reference makes the standard's requirements rest on nothing.
- ``text.missing_parts``: a product standard has the parts GB/T 1.1 and the 2024 measures expect.
- ``indicator.below_baseline``: an enterprise standard may not be weaker than a mandatory
  standard (Art. 21); the bureau keeps the limits per product category (``MandatoryBaseline``).
- ``indicator.below_recommended``: for information, the indicators the enterprise itself flagged
  as below the recommended standard (they must carry an explanation: a database constraint).
- ``declaration.duplicate``: the same enterprise declaring the same standard for the same product
  twice confuses the public record.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from biaozhun.checking.verdicts import Finding, Verdict
from biaozhun.standards import numbers

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}

# Every rule id with its severity: the review queue filters on these, tests go through them all.
RULES: dict[str, str] = {
    "executed.not_found": WARNING,
    "executed.replaced": ERROR,
    "executed.withdrawn": ERROR,
    "executed.upcoming_replacement": INFO,
    "number.enterprise_format": ERROR,
    "number.group_format": ERROR,
    "references.withdrawn": WARNING,
    "references.replaced": WARNING,
    "references.not_found": WARNING,
    "text.missing_parts": WARNING,
    "text.unreadable": WARNING,
    "indicator.below_baseline": ERROR,
    "indicator.below_recommended": INFO,
    "declaration.duplicate": WARNING,
}

CATALOGUE, ENTERPRISE = "catalogue", "enterprise"


@dataclass(frozen=True)
class Problem:
    """One thing a rule found: ``data`` holds the facts behind the message (JSON-ready)."""

    rule: str
    key: str
    message: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def severity(self) -> str:
        return RULES[self.rule]


@dataclass(frozen=True)
class IndicatorFact:
    name: str
    comparison: str  # ge, le, eq, range
    value: Decimal
    value_max: Decimal | None = None
    unit: str = ""
    below_recommended: bool = False
    below_explanation: str = ""


@dataclass(frozen=True)
class BaselineFact:
    id: int
    category: str  # the category's name, for the message
    indicator: str
    direction: str  # ge or le
    limit: Decimal
    unit: str
    source_standard: str


# --- executed standard and numbers -----------------------------------------------------------------


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def executed_problems(number: str, finding: Finding) -> list[Problem]:
    """What the validity check of the executed catalogue standard says, as problems."""
    verdict = finding.verdict
    if verdict in (Verdict.NOT_FOUND, Verdict.INVALID):
        message = _("The catalogue does not hold the executed standard %(number)s.") % {"number": number}
        if verdict == Verdict.INVALID and finding.reason:
            message = _("The executed standard %(number)s cannot be read: %(reason)s") % {
                "number": number,
                "reason": finding.reason,
            }
        return [Problem("executed.not_found", "", message, {"number": number})]
    if verdict == Verdict.WITHDRAWN:
        edition = finding.edition
        return [
            Problem(
                "executed.withdrawn",
                "",
                _("The executed standard %(number)s has been withdrawn and nothing replaces it.")
                % {"number": number},
                {"number": number, "withdrawn_on": _date(edition.withdrawn_on) if edition else None},
            )
        ]
    if verdict in (Verdict.REPLACED, Verdict.UPCOMING_REPLACEMENT) and finding.replacement is not None:
        replacement = finding.replacement.number
        effective = _date(finding.effective_date)
        data = {
            "number": number,
            "replacement": replacement,
            "replacements": [e.number for e in finding.replacements],
            "effective_date": effective,
            "partial": finding.partial,
        }
        values = {"number": number, "replacement": replacement, "date": effective or _("a date not known")}
        if verdict == Verdict.REPLACED:
            message = _(
                "The executed standard %(number)s has been replaced by %(replacement)s (in force from %(date)s)."
            )
            return [Problem("executed.replaced", "", message % values, data)]
        message = _("The executed standard %(number)s will be replaced by %(replacement)s from %(date)s.")
        return [Problem("executed.upcoming_replacement", "", message % values, data)]
    return []


def _looks_like(prefix: str, text: str) -> bool:
    return "".join(unicodedata.normalize("NFKC", text).split()).upper().startswith(prefix)


def number_problems(
    kind: str, number: str, parsed: numbers.StandardNumber | numbers.InvalidNumber
) -> list[Problem]:
    """An enterprise standard must read as ``Q/…``; anything written ``T/…`` must read as a group standard."""
    reason = parsed.message if isinstance(parsed, numbers.InvalidNumber) else ""
    if kind == ENTERPRISE:
        if isinstance(parsed, numbers.StandardNumber) and parsed.level == numbers.Level.ENTERPRISE:
            return []
        if isinstance(parsed, numbers.StandardNumber):
            message = _(
                "%(number)s is not an enterprise standard number: an enterprise's own standard is numbered Q/…."
            ) % {"number": number}
        else:
            message = _(
                "The enterprise standard number %(number)s does not follow the Q/… form: %(reason)s"
            ) % {
                "number": number,
                "reason": reason,
            }
        return [Problem("number.enterprise_format", "", message, {"number": number})]
    if _looks_like("T/", number) and not (
        isinstance(parsed, numbers.StandardNumber) and parsed.level == numbers.Level.GROUP
    ):
        message = _("The group standard number %(number)s does not follow the T/… form: %(reason)s") % {
            "number": number,
            "reason": reason or _("it is not read as a group standard"),
        }
        return [Problem("number.group_format", "", message, {"number": number})]
    return []


# --- normative references ---------------------------------------------------------------------------


def reference_problems(checked: Iterable[tuple[str, Finding]]) -> list[Problem]:
    """Normative references that are withdrawn, replaced or unknown to the catalogue (one problem
    per distinct number, keyed by its canonical form)."""
    problems: dict[str, Problem] = {}
    for text, finding in checked:
        key = (finding.canonical or text)[:200]
        if key in problems:
            continue
        values = {"number": text}
        if finding.verdict == Verdict.WITHDRAWN:
            problems[key] = Problem(
                "references.withdrawn",
                key,
                _("The normative reference %(number)s has been withdrawn.") % values,
                {"number": text},
            )
        elif finding.verdict == Verdict.REPLACED and finding.replacement is not None:
            values["replacement"] = finding.replacement.number
            problems[key] = Problem(
                "references.replaced",
                key,
                _("The normative reference %(number)s has been replaced by %(replacement)s.") % values,
                {"number": text, "replacement": finding.replacement.number},
            )
        elif finding.verdict == Verdict.NOT_FOUND:
            problems[key] = Problem(
                "references.not_found",
                key,
                _("The catalogue does not hold the normative reference %(number)s.") % values,
                {"number": text},
            )
    return list(problems.values())


# --- parts of a product standard --------------------------------------------------------------------

# The parts a product standard has (GB/T 1.1, GB/T 20001.10), each with the spellings seen in
# enterprise standards; headings are compared after dropping numbering, spaces and punctuation.
REQUIRED_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("范围", ("范围",)),
    ("规范性引用文件", ("规范性引用文件", "规范性引用标准", "引用标准")),
    ("技术要求", ("技术要求", "要求")),
    ("试验方法", ("试验方法", "检验方法", "检测方法")),
    ("检验规则", ("检验规则",)),
    (
        "标志、包装、运输和贮存",
        ("标志包装运输和贮存", "标志包装运输贮存", "标志包装运输及贮存", "标识包装运输和贮存"),
    ),
)
_HEADING_NUMBER = re.compile(r"^(?:第?\s*\d{1,2}(?:\s*[.．、章])?|[一二三四五六七八九十]+\s*[、.．])\s*")
_NOT_LETTERS = re.compile(r"[^\w]|_", re.UNICODE)
MAX_HEADING = 30  # characters: a longer block is body text, not a heading


def heading_key(text: str) -> str:
    """A block's text as headings are compared: NFKC, numbering and every space or punctuation dropped."""
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = _HEADING_NUMBER.sub("", folded)
    return _NOT_LETTERS.sub("", folded).casefold()


def parts_present(blocks: Iterable[str]) -> list[str]:
    """The required parts whose heading is among ``blocks`` (texts of paragraphs or lines)."""
    keys = {heading_key(text) for text in blocks if len(text.strip()) <= MAX_HEADING}
    return [name for name, spellings in REQUIRED_PARTS if any(heading_key(s) in keys for s in spellings)]


def text_problems(present: Sequence[str]) -> list[Problem]:
    missing = [name for name, _spellings in REQUIRED_PARTS if name not in present]
    if not missing:
        return []
    return [
        Problem(
            "text.missing_parts",
            "",
            _("The text of the standard has no heading for: %(parts)s.") % {"parts": "、".join(missing)},
            {"missing": missing},
        )
    ]


def unreadable_problem(file_name: str, reason: str) -> Problem:
    return Problem(
        "text.unreadable",
        "",
        _("The text %(file)s could not be read: %(reason)s") % {"file": file_name, "reason": reason},
        {"file": file_name},
    )


# --- indicators ---------------------------------------------------------------------------------------


def indicator_key(name: str) -> str:
    """An indicator's name as baselines match it: NFKC, no spaces or punctuation, case folded."""
    return _NOT_LETTERS.sub("", unicodedata.normalize("NFKC", name)).casefold()


def unit_key(unit: str) -> str:
    return "".join(unicodedata.normalize("NFKC", unit).split()).casefold()


def guaranteed(indicator: IndicatorFact, direction: str) -> Decimal | None:
    """The value the indicator guarantees on the side the baseline limits: for a lower limit (ge)
    the least the product may have, for an upper limit (le) the most; ``None`` when it sets no
    bound on that side (an indicator ``≤ x`` against a lower limit). A range uses its weaker end."""
    low = indicator.value
    high = indicator.value_max if indicator.value_max is not None else indicator.value
    if indicator.comparison == "range":
        return min(low, high) if direction == "ge" else max(low, high)
    if indicator.comparison == "eq":
        return low
    if indicator.comparison == direction:
        return low
    return None


def _show(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def baseline_problems(
    indicators: Sequence[IndicatorFact], baselines: Sequence[BaselineFact]
) -> list[Problem]:
    """Indicators weaker than an active mandatory baseline of a category of the version's products:
    same name (normalised), same unit; indicators in another unit are not compared."""
    by_name: dict[str, list[BaselineFact]] = {}
    for baseline in baselines:
        by_name.setdefault(indicator_key(baseline.indicator), []).append(baseline)
    problems: dict[str, Problem] = {}
    for indicator in indicators:
        name = indicator_key(indicator.name)
        for baseline in by_name.get(name, []):
            if unit_key(baseline.unit) != unit_key(indicator.unit):
                continue
            value = guaranteed(indicator, baseline.direction)
            weaker = value is None or (
                value < baseline.limit if baseline.direction == "ge" else value > baseline.limit
            )
            if not weaker:
                continue
            key = f"{name}|{baseline.id}"[:200]
            sign = "≥" if baseline.direction == "ge" else "≤"
            values = {
                "indicator": indicator.name,
                "sign": sign,
                "limit": _show(baseline.limit),
                "unit": baseline.unit,
                "source": baseline.source_standard,
                "category": baseline.category,
            }
            if value is None:
                message = _(
                    "The indicator %(indicator)s sets no limit where %(source)s requires %(sign)s "
                    "%(limit)s%(unit)s for %(category)s."
                )
            else:
                values["value"] = _show(value)
                message = _(
                    "The indicator %(indicator)s (%(value)s%(unit)s) is weaker than %(source)s, which "
                    "requires %(sign)s %(limit)s%(unit)s for %(category)s."
                )
            problems[key] = Problem(
                "indicator.below_baseline",
                key,
                message % values,
                {
                    "indicator": indicator.name,
                    "value": _show(value) if value is not None else None,
                    "direction": baseline.direction,
                    "limit": _show(baseline.limit),
                    "unit": baseline.unit,
                    "source_standard": baseline.source_standard,
                    "baseline": baseline.id,
                },
            )
    return list(problems.values())


def below_recommended_problems(indicators: Sequence[IndicatorFact]) -> list[Problem]:
    flagged = [i for i in indicators if i.below_recommended]
    if not flagged:
        return []
    names = "、".join(i.name for i in flagged)
    return [
        Problem(
            "indicator.below_recommended",
            "",
            _(
                "Indicators the enterprise declares below the recommended standard, with its explanation: %(names)s."
            )
            % {"names": names},
            {"indicators": [{"name": i.name, "explanation": i.below_explanation} for i in flagged]},
        )
    ]


# --- duplicates ---------------------------------------------------------------------------------------


def product_key(name: str, model: str) -> tuple[str, str]:
    return (
        " ".join(unicodedata.normalize("NFKC", name).split()),
        " ".join(unicodedata.normalize("NFKC", model).split()),
    )


def duplicate_problems(
    products: Iterable[tuple[str, str]], others: Mapping[tuple[str, str], Sequence[str]]
) -> list[Problem]:
    """Products (name, model) that another published declaration of the same enterprise and the
    same standard also declares; ``others`` gives, per product key, those declarations' public ids."""
    problems: dict[str, Problem] = {}
    for name, model in products:
        pkey = product_key(name, model)
        ids = sorted(others.get(pkey, ()))
        if not ids:
            continue
        key = f"{pkey[0]}|{pkey[1]}"[:200]
        problems[key] = Problem(
            "declaration.duplicate",
            key,
            _(
                "%(name)s %(model)s is also declared, with the same standard, in another published declaration of the enterprise."
            )
            % {"name": pkey[0], "model": pkey[1]},
            {"product": pkey[0], "model": pkey[1], "declarations": ids},
        )
    return list(problems.values())


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (SEVERITY_ORDER[p.severity], p.rule, p.key))
