"""Loading the code lists into the database: one idempotent upsert per list.

``reference_load`` reads every list (``parsers``) before writing it, then writes it in its own
transaction, matching rows by code: new codes are created, changed rows updated, equal rows left
alone, and rows no longer in the files are kept (other records may point at them) and counted.
Running it twice changes nothing the second time, and says so. The report lines are plain English
on purpose: operators compare and grep them across runs and machines.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction

from biaozhun.reference import parsers
from biaozhun.reference.models import (
    AdministrativeDivision,
    CCSCode,
    HSCode,
    HSSection,
    ICSCode,
    IndustryStandardCode,
)
from biaozhun.reference.parsers import Record, ReferenceDataError

__all__ = [
    "LIST_KEYS",
    "ListReport",
    "LoadReport",
    "ReferenceDataError",
    "default_fixtures_path",
    "reference_load",
]

LIST_KEYS = ("ccs", "ics", "hs", "industry", "divisions")
_BATCH = 500


def default_fixtures_path() -> Path:
    """Where the shipped lists live: ``fixtures/reference/`` in the checkout."""
    return Path(settings.BASE_DIR) / "fixtures" / "reference"


@dataclass
class ListReport:
    """What loading one list did."""

    key: str
    title: str
    contents: str  # e.g. "1608 categories, 225 groups, 24 classes"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # rows in the database that are no longer in the file

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def line(self) -> str:
        text = (
            f"{self.title}: {self.contents} — {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        if self.kept:
            text += f", {self.kept} no longer in the file (kept)"
        return text

    def add(self, counts: tuple[int, int, int, int]) -> None:
        self.created += counts[0]
        self.updated += counts[1]
        self.unchanged += counts[2]
        self.kept += counts[3]


@dataclass
class LoadReport:
    """What a whole load did, list by list, and the one-line verdict."""

    lists: list[ListReport] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(r.created for r in self.lists)

    @property
    def updated(self) -> int:
        return sum(r.updated for r in self.lists)

    @property
    def unchanged(self) -> int:
        return sum(r.unchanged for r in self.lists)

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.lists)

    def summary(self) -> str:
        if not self.changed:
            return f"Reference data: nothing changed ({self.unchanged} rows checked)"
        return f"Reference data loaded: {self.created} created, {self.updated} updated, {self.unchanged} unchanged"

    def lines(self) -> list[str]:
        return [r.line() for r in self.lists] + [self.summary()]


def reference_load(*, path: Path, only: Collection[str] | None = None) -> LoadReport:
    """Load the code lists found under ``path`` (a directory laid out like ``fixtures/reference/``).

    ``only`` names a subset of ``LIST_KEYS``. Each list is read in full, then written in one
    transaction, so a bad file leaves that list as it was; lists loaded before it stay loaded.
    Raises ``ReferenceDataError`` (file and line) for a bad file and ``ValueError`` for an unknown key.
    """
    wanted = list(LIST_KEYS) if not only else [k for k in LIST_KEYS if k in set(only)]
    unknown = set(only or ()) - set(LIST_KEYS)
    if unknown:
        raise ValueError(f"unknown list(s): {', '.join(sorted(unknown))}; choose from {', '.join(LIST_KEYS)}")
    path = Path(path)
    if not path.is_dir():
        raise ReferenceDataError("not a directory", file=path)
    report = LoadReport()
    for key in wanted:
        report.lists.append(_LOADERS[key](path))
    return report


# --- per-list loaders ------------------------------------------------------------------------------


def _load_ccs(path: Path) -> ListReport:
    parsed = parsers.parse_ccs(path)
    classes, groups, categories = (len(level) for level in parsed.levels)
    report = ListReport("ccs", "CCS", f"{categories} categories, {groups} groups, {classes} classes")
    with transaction.atomic():
        report.add(_upsert(CCSCode, parsed.levels))
    return report


def _load_ics(path: Path) -> ListReport:
    parsed = parsers.parse_ics(path)
    fields, groups, subgroups = (len(level) for level in parsed.levels)
    report = ListReport(
        "ics",
        "ICS",
        f"{fields + groups + subgroups} codes ({fields} fields, {groups} groups, {subgroups} sub-groups)",
    )
    with transaction.atomic():
        report.add(_upsert(ICSCode, parsed.levels))
    return report


def _load_hs(path: Path) -> ListReport:
    parsed = parsers.parse_hs(path)
    report = ListReport("hs", "HS 2022", f"{len(parsed.records)} codes, {len(parsed.sections)} sections")
    with transaction.atomic():
        report.add(_upsert(HSSection, [parsed.sections], key="numeral"))
        section_ids = dict(HSSection.objects.values_list("numeral", "pk"))
        levels = [
            [
                {
                    **{k: v for k, v in r.items() if k != "section"},
                    "section_id": section_ids.get(r["section"]),
                }
                for r in level
            ]
            for level in parsed.levels
        ]
        report.add(_upsert(HSCode, levels))
    return report


def _load_industry_codes(path: Path) -> ListReport:
    parsed = parsers.parse_industry_codes(path)
    unverified = sum(1 for r in parsed.records if r["needs_verification"])
    report = ListReport(
        "industry", "Industry-standard codes", f"{len(parsed.records)} codes ({unverified} to verify)"
    )
    with transaction.atomic():
        report.add(_upsert(IndustryStandardCode, parsed.levels))
    return report


def _load_divisions(path: Path) -> ListReport:
    parsed = parsers.parse_divisions(path)
    provinces, prefectures = (len(level) for level in parsed.levels)
    prefixes = sum(1 for r in parsed.records if r["local_standard_code"])
    report = ListReport(
        "divisions",
        "Administrative divisions",
        f"{provinces + prefectures} divisions ({provinces} provinces, {prefectures} prefectures, "
        f"{prefixes} local-standard prefixes)",
    )
    with transaction.atomic():
        report.add(_upsert(AdministrativeDivision, parsed.levels))
    return report


_LOADERS: dict[str, Callable[[Path], ListReport]] = {
    "ccs": _load_ccs,
    "ics": _load_ics,
    "hs": _load_hs,
    "industry": _load_industry_codes,
    "divisions": _load_divisions,
}


def _upsert(
    model: type[models.Model], levels: Iterable[list[Record]], key: str = "code"
) -> tuple[int, int, int, int]:
    """Create, update or leave each record, matching on ``key``; returns (created, updated, unchanged, kept).

    ``levels`` lists records parents-first; a record's ``parent`` is a code, turned into ``parent_id``
    from rows saved in this or an earlier level. Reads the whole table once: these lists are small.
    """
    manager = model._default_manager
    existing: dict[str, Any] = {getattr(obj, key): obj for obj in manager.all()}
    ids: dict[str, int] = {code: obj.pk for code, obj in existing.items()}
    created = updated = unchanged = 0
    in_file: set[str] = set()
    for level in levels:
        to_create: list[Any] = []
        to_update: list[Any] = []
        update_fields: set[str] = set()
        for record in level:
            values = dict(record)
            if "parent" in values:
                parent = values.pop("parent")
                values["parent_id"] = ids[parent] if parent else None
            in_file.add(values[key])
            obj = existing.get(values[key])
            if obj is None:
                to_create.append(model(**values))
                continue
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                update_fields.update(changed)
                to_update.append(obj)
            else:
                unchanged += 1
        if to_create:
            manager.bulk_create(to_create, batch_size=_BATCH)
            created += len(to_create)
            if any(obj.pk is None for obj in to_create):  # backends that do not return ids
                ids.update(
                    manager.filter(**{f"{key}__in": [getattr(o, key) for o in to_create]}).values_list(
                        key, "pk"
                    )
                )
            else:
                ids.update((getattr(obj, key), obj.pk) for obj in to_create)
        if to_update:
            manager.bulk_update(to_update, sorted(update_fields), batch_size=_BATCH)
            updated += len(to_update)
    kept = len(set(existing) - in_file)
    return created, updated, unchanged, kept
