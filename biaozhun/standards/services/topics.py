"""Thematic standards databases (专题标准数据库): from a database's rules to its members.

A ``Topic`` says which editions belong to it by rules (CCS and ICS code prefixes, title keywords,
levels) plus manual inclusions and exclusions (``TopicOverride``). The members are materialised in
``TopicEntry`` so the public pages are plain indexed reads; this module keeps them current.

``topics_refresh`` works set-based, one topic at a time: one ``DELETE`` of the entries that no
longer qualify (a join of the topic's entries with their editions), one ``INSERT … SELECT`` of the
editions that qualify and are not yet members (a scan of the catalogue the database does, not
Python), and two small ``UPDATE``s of the "included by hand" flag. Only the difference is written,
so a refresh that changes nothing writes nothing. The same SQL runs on SQLite and PostgreSQL.

How a rule matches (see ``TopicRules.q``): the importers store an edition's codes joined by ``;``
(``"K70;K74"``, ``"29.140.40;29.140.99"``). A CCS prefix matches the start of any code
(``K7`` matches ``K70`` … ``K79``); an ICS prefix matches whole segments (``29.140`` matches
``29.140`` and ``29.140.40``, never ``29.1401``); a keyword matches anywhere in the Chinese title or,
ignoring case, the English one. An edition matches when any prefix or keyword matches and, if
levels are given, its level is one of them. An exclusion beats the rules; an inclusion beats both.

Changes come from three places: ``catalogue_changed`` (after every import and the daily dates run:
every topic is refreshed by a background task, enqueued on commit), ``topic_save`` (a topic whose
rules changed is refreshed by the same task) and the override services (which recompute the one
edition concerned at once, so the bureau sees the effect of its click).
"""

from __future__ import annotations

import contextlib
import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import EmptyResultSet, PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from biaozhun.core.audit import audit_context, audit_record, current_context
from biaozhun.core.models import AuditAction
from biaozhun.standards.models import Edition, Level, Topic, TopicEntry, TopicOverride

# Rule fields hold one item per line; commas, 、 and semicolons (ASCII or full-width) separate too.
_SEPARATORS = re.compile(r"[\r\n,，、;；]+")
_CCS_PREFIX = re.compile(r"^[A-Z]\d{0,2}$")
_CCS_RANGE = re.compile(r"^([A-Z])(\d{2})\s*[-–—~～]\s*([A-Z])?(\d{2})$")
_ICS_PREFIX = re.compile(r"^\d{2}(?:\.\d{3}(?:\.\d{2})?)?$")
MAX_KEYWORD_LENGTH = 50
RULE_FIELDS = ("ccs_prefixes", "ics_prefixes", "keywords", "levels")


class RuleError(ValueError):
    """A rule item that is not a CCS prefix, an ICS prefix, a keyword or a level; ``item`` names it."""

    def __init__(self, message: str, item: str) -> None:
        super().__init__(message)
        self.item = item


def split_items(text: str) -> list[str]:
    """The items of a rule field, stripped, empty ones dropped, duplicates removed (first kept)."""
    seen: dict[str, None] = {}
    for item in _SEPARATORS.split(text or ""):
        item = item.strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)


def parse_ccs_prefixes(text: str) -> list[str]:
    """CCS prefixes: a class letter, a letter and one or two digits, or a range such as ``K70-K74``.

    Ranges are expanded (``K70-K74`` → ``K70 K71 K72 K73 K74``) so stored rules are plain prefixes.
    """
    prefixes: dict[str, None] = {}
    for item in split_items(text):
        item = item.upper().replace(" ", "")
        ranged = _CCS_RANGE.match(item)
        if ranged:
            letter, start, other, end = ranged.groups()
            if (other and other != letter) or int(end) < int(start):
                raise RuleError(_("“%(item)s” is not a range of CCS codes.") % {"item": item}, item)
            for n in range(int(start), int(end) + 1):
                prefixes.setdefault(f"{letter}{n:02d}", None)
        elif _CCS_PREFIX.match(item):
            prefixes.setdefault(item, None)
        else:
            raise RuleError(
                _(
                    "“%(item)s” is not a CCS code or prefix (a letter and up to two digits, such as K7 or K70)."
                )
                % {"item": item},
                item,
            )
    return list(prefixes)


def parse_ics_prefixes(text: str) -> list[str]:
    """ICS prefixes: a field (``29``), a group (``29.140``) or a sub-group (``29.140.40``)."""
    prefixes = []
    for item in split_items(text):
        item = item.replace(" ", "")
        if not _ICS_PREFIX.match(item):
            raise RuleError(
                _("“%(item)s” is not an ICS code (such as 29, 29.140 or 29.140.40).") % {"item": item}, item
            )
        prefixes.append(item)
    return prefixes


def parse_keywords(text: str) -> list[str]:
    keywords = split_items(text)
    for keyword in keywords:
        if len(keyword) > MAX_KEYWORD_LENGTH:
            raise RuleError(
                _("“%(item)s” is too long for a keyword (at most %(limit)d characters).")
                % {"item": keyword[:20] + "…", "limit": MAX_KEYWORD_LENGTH},
                keyword,
            )
    return keywords


def parse_levels(text: str) -> list[str]:
    """Levels by their stored value (``national``, ``local`` …)."""
    levels = [item.lower() for item in split_items(text)]
    for level in levels:
        if level not in Level.values:
            raise RuleError(_("“%(item)s” is not a level of standard.") % {"item": level}, level)
    return levels


@dataclass(frozen=True)
class TopicRules:
    """A topic's rules, parsed; ``q()`` turns them into a condition on editions."""

    ccs: tuple[str, ...] = ()
    ics: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()

    @classmethod
    def of(cls, topic: Topic) -> TopicRules:
        """The rules of ``topic``; an item that no longer parses is skipped, never fatal to a refresh."""
        return cls(
            ccs=tuple(_lenient(parse_ccs_prefixes, topic.ccs_prefixes)),
            ics=tuple(_lenient(parse_ics_prefixes, topic.ics_prefixes)),
            keywords=tuple(_lenient(parse_keywords, topic.keywords)),
            levels=tuple(_lenient(parse_levels, topic.levels)),
        )

    @property
    def is_empty(self) -> bool:
        """No prefix and no keyword: the rules match nothing (levels alone select no edition)."""
        return not (self.ccs or self.ics or self.keywords)

    def q(self, prefix: str = "") -> Q:
        """The condition an edition meets when the rules match it; ``prefix`` reaches it through a relation."""
        if self.is_empty:
            return Q(**{f"{prefix}pk__in": []})
        ccs_codes, ics_codes = f"{prefix}ccs_codes", f"{prefix}ics_codes"
        match = Q()
        for code in self.ccs:
            match |= Q(**{f"{ccs_codes}__startswith": code}) | Q(**{f"{ccs_codes}__contains": ";" + code})
        for code in self.ics:
            match |= (
                Q(**{ics_codes: code})
                | Q(**{f"{ics_codes}__startswith": code + ";"})
                | Q(**{f"{ics_codes}__startswith": code + "."})
                | Q(**{f"{ics_codes}__contains": ";" + code + ";"})
                | Q(**{f"{ics_codes}__contains": ";" + code + "."})
                | Q(**{f"{ics_codes}__endswith": ";" + code})
            )
        for word in self.keywords:
            match |= Q(**{f"{prefix}title_zh__contains": word}) | Q(**{f"{prefix}title_en__icontains": word})
        if self.levels:
            match &= Q(**{f"{prefix}level__in": list(self.levels)})
        return match


def _lenient(parse: Any, text: str) -> Iterator[str]:
    for item in split_items(text):
        with contextlib.suppress(RuleError):
            yield from parse(item)


def normalise_rules(*, ccs_prefixes: str, ics_prefixes: str, keywords: str, levels: str) -> dict[str, str]:
    """The rule fields as stored: one item per line, ranges expanded. Raises ``RuleError``."""
    return {
        "ccs_prefixes": "\n".join(parse_ccs_prefixes(ccs_prefixes)),
        "ics_prefixes": "\n".join(parse_ics_prefixes(ics_prefixes)),
        "keywords": "\n".join(parse_keywords(keywords)),
        "levels": ",".join(parse_levels(levels)),
    }


def member_condition(topic: Topic, prefix: str = "") -> Q:
    """Membership of ``topic`` as a condition on editions: (rules and not excluded) or included."""
    includes = TopicOverride.objects.filter(topic=topic, include=True).values("edition_id")
    excludes = TopicOverride.objects.filter(topic=topic, include=False).values("edition_id")
    return (TopicRules.of(topic).q(prefix) & ~Q(**{f"{prefix}pk__in": excludes})) | Q(
        **{f"{prefix}pk__in": includes}
    )


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column, f"{model.__name__}.{name} is not a column"
    return field.column


@dataclass
class RefreshCounts:
    added: int = 0
    removed: int = 0
    members: int = 0


def _refresh_topic(topic: Topic, *, only: list[int] | None = None) -> RefreshCounts:
    """Bring ``topic``'s entries in line with its rules and overrides (for ``only`` these editions)."""
    counts = RefreshCounts()
    includes = TopicOverride.objects.filter(topic=topic, include=True).values("edition_id")
    with transaction.atomic():
        entries = TopicEntry.objects.filter(topic=topic)
        if only is not None:
            entries = entries.filter(edition_id__in=only)
        # Entries whose edition no longer qualifies: a join of this topic's entries, not a catalogue scan.
        counts.removed, _ = entries.exclude(member_condition(topic, prefix="edition__")).delete()

        # Editions that qualify and are not members yet: INSERT … SELECT, the scan stays in the database.
        candidates = Edition.objects.filter(member_condition(topic)).filter(
            ~Exists(TopicEntry.objects.filter(topic=topic, edition=OuterRef("pk")))
        )
        if only is not None:
            candidates = candidates.filter(pk__in=only)
        try:
            select_sql, params = (
                candidates.order_by()
                .annotate(matched_id=F("pk"))
                .values("matched_id")
                .query.sql_with_params()
            )
        except EmptyResultSet:  # nothing could match (no rules, no inclusions)
            select_sql, params = "", ()
        quote = connection.ops.quote_name
        table = quote(TopicEntry._meta.db_table)
        columns = ", ".join(quote(_column(TopicEntry, name)) for name in ("topic", "edition", "manual"))
        if select_sql:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) SELECT %s, matched.matched_id, %s FROM ({select_sql}) matched",  # noqa: S608 (names from _meta)
                    (topic.pk, False, *params),
                )
                counts.added = max(cursor.rowcount, 0)

        # The "included by hand" flag follows the inclusions (a few rows at most).
        entries.filter(manual=False, edition_id__in=includes).update(manual=True)
        entries.filter(manual=True).exclude(edition_id__in=includes).update(manual=False)

        counts.members = TopicEntry.objects.filter(topic=topic).count()
        # Derived figures, not a change anyone made: update() keeps them out of the audit trail.
        fields: dict[str, Any] = {"member_count": counts.members}
        if only is None:
            fields["refreshed_at"] = timezone.now()
        Topic.objects.filter(pk=topic.pk).update(**fields)
        for name, value in fields.items():
            setattr(topic, name, value)
    return counts


def topics_refresh(*, topics: Iterable[Topic] | None = None) -> dict[str, int]:
    """Recompute the members of ``topics`` (every topic, published or not, when ``None``).

    Returns the totals: ``topics`` refreshed, entries ``added`` and ``removed``, and ``members``
    (the sum of the topics' member counts afterwards).
    """
    chosen = list(Topic.objects.all() if topics is None else topics)
    totals = {"topics": 0, "added": 0, "removed": 0, "members": 0}
    for topic in chosen:
        counts = _refresh_topic(topic)
        totals["topics"] += 1
        totals["added"] += counts.added
        totals["removed"] += counts.removed
        totals["members"] += counts.members
    return totals


def topics_refresh_later(*, slugs: list[str] | None = None) -> None:
    """Refresh ``slugs`` (every topic when ``None``) in a background task, once the transaction commits."""
    from biaozhun.standards import tasks

    transaction.on_commit(lambda: tasks.refresh_topics.enqueue(slugs=slugs))


def on_catalogue_changed(sender: Any = None, **kwargs: Any) -> None:
    """``catalogue_changed`` receiver: editions changed, so every topic is refreshed in the background."""
    topics_refresh_later(slugs=None)


# --- the bureau's changes ----------------------------------------------------------------------


@contextlib.contextmanager
def _acting(by: Any) -> Iterator[None]:
    """Attribute audit events to ``by`` (``None`` = the system) and keep the request's address."""
    if by is not None and not getattr(by, "is_bureau_admin", False):
        raise PermissionDenied(_("Only a bureau administrator may change thematic databases."))
    ctx = current_context()
    with audit_context(actor=by, ip_address=ctx.ip_address, request=ctx.request):
        yield


def _rules_of(topic: Topic) -> tuple[str, ...]:
    return tuple(str(getattr(topic, name)) for name in RULE_FIELDS)


def topic_save(*, topic: Topic, by: Any, refresh: bool = True) -> Topic:
    """Create or change a thematic database (an audited save), its rules normalised.

    When the rules changed (or the topic is new) its members are refreshed by a background task
    after commit; ``refresh=False`` leaves that to the caller (``load_topics`` refreshes at the end).
    Raises ``RuleError`` for a rule item that does not parse, ``PermissionDenied`` for anyone but
    the bureau (``by=None`` is the system: commands and the demo).
    """
    with _acting(by), transaction.atomic():
        before: tuple[str, ...] | None = None
        if topic.pk is not None:
            stored = Topic.objects.filter(pk=topic.pk).first()
            before = _rules_of(stored) if stored else None
        for name, value in normalise_rules(
            ccs_prefixes=topic.ccs_prefixes,
            ics_prefixes=topic.ics_prefixes,
            keywords=topic.keywords,
            levels=topic.levels,
        ).items():
            setattr(topic, name, value)
        topic.full_clean(exclude=["member_count", "refreshed_at"])
        topic.save()
        if refresh and before != _rules_of(topic):
            topics_refresh_later(slugs=[topic.slug])
    return topic


def topic_override_set(*, topic: Topic, edition: Edition, include: bool, note: str, by: Any) -> TopicOverride:
    """Include or exclude ``edition`` in ``topic`` by hand, with the reason; its membership follows at once."""
    with _acting(by), transaction.atomic():
        override = TopicOverride.objects.filter(topic=topic, edition=edition).first()
        if override is None:
            override = TopicOverride(topic=topic, edition=edition)
        override.include = include
        override.note = note.strip()[:300]
        override.save()
        _refresh_topic(topic, only=[edition.pk])
    return override


def topic_override_remove(*, override: TopicOverride, by: Any) -> None:
    """Drop a manual inclusion or exclusion; the edition's membership goes back to what the rules say.

    The override row is deleted (it carries nothing but its reason, which the audit event keeps):
    the event is recorded on the topic, naming the edition, the choice and the reason.
    """
    topic, edition = override.topic, override.edition
    with _acting(by), transaction.atomic():
        choice = "include" if override.include else "exclude"
        audit_record(
            action=AuditAction.UPDATE,
            obj=topic,
            changes={"override": [f"{choice} {edition.number}: {override.note}", None]},
            note=f"override removed: {choice} {edition.number}",
        )
        override.delete()
        _refresh_topic(topic, only=[edition.pk])


# --- checking codes against the reference lists, loading definitions from a file ----------------


def reference_problems(*, ccs: Iterable[str], ics: Iterable[str]) -> list[str]:
    """Prefixes that lead to no code of the loaded CCS / ICS lists (nothing is checked for a list not loaded).

    A CCS prefix must start at least one CCS code (``K7`` → ``K70``); an ICS prefix must be a code
    itself (``29.140``). A typo would otherwise match nothing, silently.
    """
    from biaozhun.reference.models import CCSCode, ICSCode

    problems = []
    ccs, ics = list(ccs), list(ics)
    if ccs and CCSCode.objects.exists():
        problems += [
            _("Not in the CCS code list: %(codes)s.") % {"codes": code}
            for code in ccs
            if not CCSCode.objects.filter(code__startswith=code).exists()
        ]
    if ics and ICSCode.objects.exists():
        known = set(ICSCode.objects.filter(code__in=ics).values_list("code", flat=True))
        problems += [
            _("Not in the ICS code list: %(codes)s.") % {"codes": code} for code in ics if code not in known
        ]
    return problems


LOAD_COLUMNS = ("slug", "name_zh")  # required; the others may be absent
_TRUE = frozenset({"1", "true", "yes", "y", "是"})
_FALSE = frozenset({"0", "false", "no", "n", "否"})


@dataclass
class TopicLoadReport:
    """What ``topics_load`` did: counts, the rows it refused (line, reason) and the topics it kept."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)


def _topic_from_row(row: dict[str, str]) -> tuple[Topic, bool]:
    """The topic a row describes (loaded by slug, or new) with the row's values set; raises ValueError."""
    slug = (row.get("slug") or "").strip().lower()
    name_zh = (row.get("name_zh") or "").strip()
    if not slug or not name_zh:
        raise ValueError(_("A database needs a short name (slug) and a Chinese name."))
    topic = Topic.objects.filter(slug=slug).first() or Topic(slug=slug)
    before = {name: getattr(topic, name) for name in _LOADED_FIELDS}
    topic.name_zh = name_zh
    for name in ("name_en", "description"):
        if name in row:
            setattr(topic, name, (row.get(name) or "").strip())
    rules = normalise_rules(
        ccs_prefixes=row.get("ccs_prefixes") or "",
        ics_prefixes=row.get("ics_prefixes") or "",
        keywords=row.get("keywords") or "",
        levels=row.get("levels") or "",
    )
    problems = reference_problems(
        ccs=split_items(rules["ccs_prefixes"]), ics=split_items(rules["ics_prefixes"])
    )
    if problems:
        raise ValueError(" ".join(problems))
    for name, value in rules.items():
        setattr(topic, name, value)
    if (row.get("order") or "").strip():
        try:
            topic.order = int(str(row["order"]).strip())
        except ValueError as exc:
            raise ValueError(_("The order must be a whole number.")) from exc
    published = (row.get("is_published") or "").strip().lower()
    if published:
        if published not in _TRUE | _FALSE:
            raise ValueError(_("“published” must be yes or no."))
        topic.is_published = published in _TRUE
    changed = topic.pk is None or before != {name: getattr(topic, name) for name in _LOADED_FIELDS}
    return topic, changed


_LOADED_FIELDS = (
    "name_zh",
    "name_en",
    "description",
    "ccs_prefixes",
    "ics_prefixes",
    "keywords",
    "levels",
    "order",
    "is_published",
)


def topics_load(*, path: Path, by: Any = None, refresh: bool = True) -> TopicLoadReport:
    """Create or update thematic databases from a CSV file, by slug (running it twice changes nothing).

    Columns: ``slug``, ``name_zh`` (required), ``name_en``, ``description``, ``ccs_prefixes``,
    ``ics_prefixes``, ``keywords``, ``levels``, ``order``, ``is_published``; items within a cell are
    separated by ``;`` (or newlines, commas, 、). A bad row is reported with its line and skipped;
    the good rows are kept. With ``refresh`` the loaded databases' members are recomputed at once.
    Raises ``ValueError`` for a file without the required columns.
    """
    report = TopicLoadReport()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in LOAD_COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name}: missing columns: {', '.join(missing)}")
        for row in reader:
            line = reader.line_num
            if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
                continue
            try:
                with transaction.atomic():
                    topic, changed = _topic_from_row(row)
                    created = topic.pk is None
                    if changed:
                        topic_save(topic=topic, by=by, refresh=False)
            except (ValueError, ValidationError) as exc:
                report.problems.append((line, _problem_text(exc)))
                continue
            if created:
                report.created += 1
            elif changed:
                report.updated += 1
            else:
                report.unchanged += 1
            report.topics.append(topic)
    if refresh and report.topics:
        topics_refresh(topics=report.topics)
    return report


def _problem_text(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{name}: {' '.join(errors)}" for name, errors in exc.message_dict.items())
    return str(exc)
