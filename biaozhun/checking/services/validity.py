"""The validity check (查新) of a list of standard numbers.

``validity_check`` takes the entries in the user's order and returns one ``EntryResult`` per entry,
in the same order, so that a spreadsheet can be given back with a verdict on every row; the
distinct numbers (duplicates counted once, with how often they appear) are what a report lists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from biaozhun.checking.selectors import catalogue as selectors
from biaozhun.checking.verdicts import Finding, Verdict, judge
from biaozhun.standards import numbers


@dataclass(frozen=True)
class EntryResult:
    """One entry of the list: what the user gave, the key duplicates share, and the finding."""

    position: int  # 0-based, in the user's order
    input: str
    key: str  # the canonical number, or the trimmed input when it cannot be read
    finding: Finding
    count: int  # how many entries of the list share ``key``
    first: bool  # whether this is the first of them

    def as_json(self) -> dict[str, Any]:
        """The object of ``manage.py check_validity --json`` and of the API."""
        f = self.finding
        return {
            "input": self.input,
            "canonical": f.canonical,
            "verdict": str(f.verdict),
            "status": f.status,
            "title": f.title or None,
            "edition": f.edition.number if f.edition else None,
            "replacement": f.replacement.number if f.replacement else None,
            "replacements": [e.number for e in f.replacements],
            "partial": f.partial,
            "effective_date": f.effective_date.isoformat() if f.effective_date else None,
            "reason": f.reason or None,
            "count": self.count,
            "duplicate": not self.first,
        }


@dataclass
class CheckReport:
    entries: list[EntryResult]
    as_of: dt.datetime | None  # when the catalogue was last brought up to date
    checked_at: dt.datetime
    counts: Counter[str] = field(default_factory=Counter)  # distinct numbers per verdict

    @property
    def distinct(self) -> list[EntryResult]:
        """Each number once, in the order it first appears."""
        return [entry for entry in self.entries if entry.first]


def validity_check(entries: Sequence[str], *, today: dt.date | None = None) -> CheckReport:
    """Check every entry against the catalogue: parse all, read the catalogue for all at once,
    then judge each (see ``verdicts``). Every entry is judged, a blank one as invalid: the
    readers of ``inputs`` leave blank lines and cells out."""
    today = today or timezone.localdate()
    read = numbers.reader(today=today)
    parsed = [read(text.strip()) for text in entries]
    facts = selectors.catalogue_facts(
        numbers=(p.canonical for p in parsed if isinstance(p, numbers.StandardNumber) and p.year is not None),
        works=(p.work_key for p in parsed if isinstance(p, numbers.StandardNumber) and p.year is None),
    )
    keys = [
        p.canonical if isinstance(p, numbers.StandardNumber) else text.strip()
        for p, text in zip(parsed, entries, strict=True)
    ]
    occurrences = Counter(keys)
    findings: dict[str, Finding] = {}
    results = []
    for position, (text, key, one) in enumerate(zip(entries, keys, parsed, strict=True)):
        first = key not in findings
        if first:
            findings[key] = judge(one, facts)
        results.append(
            EntryResult(
                position=position,
                input=text,
                key=key,
                finding=findings[key],
                count=occurrences[key],
                first=first,
            )
        )
    report = CheckReport(entries=results, as_of=selectors.catalogue_as_of(), checked_at=timezone.now())
    report.counts.update(str(entry.finding.verdict) for entry in report.distinct)
    return report


__all__ = ["CheckReport", "EntryResult", "Verdict", "validity_check"]
