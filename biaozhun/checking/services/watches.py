"""Watchlists (标准跟踪) and the alerts sent when the catalogue changes.

A ``Watch`` names something a user or an organisation wants to hear about: one edition, a standard
with all its editions (a work), a CCS or ICS class, a thematic database or a saved search.
``watch_create`` checks and canonicalises the target, so matching is a plain comparison later.

``watch_alerts_send`` runs after every import and daily dates run (``signals``, ``tasks``). It reads
the catalogue's change history (``EditionChange``) and the editions created since ``ChangeCursor``
(new editions have no "created" history row, so they are found by id), matches them against the
active watches and writes notifications, then moves the cursor. What notifies whom:

- a watched edition or work: every change that a reader cares about (status, dates, replacement
  links, titles, codes…; bookkeeping fields such as the source's record id are left out), and
  every new edition of the work;
- a watched class, thematic database or search: new editions in it, and changes of status or of
  replacement links of editions in it (not every edit, which would bury the inbox after each import).

Each watcher gets exactly one notification per change, however many of their watches (their own
and their organisations') match it: the key is the change (the history rows of one edition from one
run, described together) and the recipient, and ``core.notifications`` refuses a key twice, so a
re-run after a crash sends nothing again. An organisation's watch notifies each active member.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from biaozhun.accounts.models import Membership, Organisation
from biaozhun.checking import matching
from biaozhun.checking.models import ChangeCursor, Watch, WatchKind
from biaozhun.core.notifications import NewNotification, notify_many
from biaozhun.reference.models import CCSCode, ICSCode
from biaozhun.standards import numbers
from biaozhun.standards.models import Edition, EditionChange, Status, Topic
from biaozhun.standards.search import documents
from biaozhun.standards.search.plan import Plan, plan
from biaozhun.standards.selectors import searching

CURSOR_KEY = "watch_alerts"
NOTIFICATION_KIND = "watch"
WINDOW = 5000  # history rows or editions read at a time
BROAD_KINDS = frozenset({WatchKind.CCS, WatchKind.ICS, WatchKind.TOPIC, WatchKind.SEARCH})
# Fields of the change history nobody watching a standard needs to hear about.
IGNORED_FIELDS = frozenset(
    {
        "source",
        "source_id",
        "source_url",
        "source_status",
        "ccs_id",
        "ics_id",
        "ccs_class",
        "ics_field",
        "is_inferred",
    }
)
# Changes that concern broad watches too.
STATUS_FIELDS = frozenset({"status", "replaced_by", "replaces"})
# Long texts: saying that they changed is enough.
LONG_FIELDS = frozenset({"drafting_organisations", "keywords", "notes"})
_ROW = (*documents.COLUMNS, "implemented_on", "is_inferred")


# --- creating and archiving ------------------------------------------------------------------------


def _search_target(raw: str) -> str:
    """A search query string, cleaned as the search page cleans it and written in one order."""
    raw = raw.strip()
    if "?" in raw:
        raw = raw.split("?", 1)[1]
    params = QueryDict(raw) if "=" in raw else QueryDict(urlencode({"q": raw}))
    query = searching.build_query(
        text=params.get("q", ""), filters={facet: params.getlist(facet) for facet in searching.FACETS}
    )
    if not query.text and not query.filters:
        raise ValidationError(gettext("A saved search needs words, a number or at least one filter."))
    pairs = [("q", query.text)] if query.text else []
    pairs += [(facet, value) for facet in searching.FACETS for value in query.filters.get(facet, ())]
    return urlencode(pairs)


def search_plan(target: str) -> Plan:
    """What the search engine would be asked for a saved search's query string."""
    params = QueryDict(target)
    return plan(
        searching.build_query(
            text=params.get("q", ""), filters={facet: params.getlist(facet) for facet in searching.FACETS}
        )
    )


def clean_target(kind: str, target: str) -> str:
    """``target`` in the form watches are matched by, or a ``ValidationError`` saying what is wrong."""
    target = (target or "").strip()
    if not target:
        raise ValidationError(gettext("Say what to watch."))
    if kind in (WatchKind.EDITION, WatchKind.WORK):
        parsed = numbers.try_parse(target)
        if isinstance(parsed, numbers.InvalidNumber):
            raise ValidationError(
                gettext("“%(number)s” is not a standard number: %(reason)s")
                % {"number": target, "reason": parsed.message}
            )
        if kind == WatchKind.WORK:
            return parsed.work_key
        if not parsed.is_dated:
            raise ValidationError(
                gettext("“%(number)s” has no year: watch the standard with all its editions instead.")
                % {"number": target}
            )
        return parsed.canonical
    if kind == WatchKind.CCS:
        code = target.upper()
        if not CCSCode.objects.filter(code=code).exists():
            raise ValidationError(gettext("“%(code)s” is not a CCS code.") % {"code": target})
        return code
    if kind == WatchKind.ICS:
        if not ICSCode.objects.filter(code=target).exists():
            raise ValidationError(gettext("“%(code)s” is not an ICS code.") % {"code": target})
        return target
    if kind == WatchKind.TOPIC:
        if not Topic.objects.filter(slug=target, is_published=True).exists():
            raise ValidationError(gettext("There is no thematic database “%(slug)s”.") % {"slug": target})
        return target
    if kind == WatchKind.SEARCH:
        return _search_target(target)[:500]
    raise ValidationError(gettext("Choose what kind of thing to watch."))


def _same_scope(*, by: Any, organisation: Organisation | None) -> Any:
    if organisation is not None:
        return Watch.objects.active().filter(organisation=organisation)
    return Watch.objects.active().filter(owner=by, organisation__isnull=True)


@transaction.atomic
def watch_create(
    *,
    by: Any,
    kind: str,
    target: str,
    label: str = "",
    organisation: Organisation | None = None,
    controlled_list: Any = None,
) -> Watch:
    """Watch ``target`` for ``by`` alone or, with ``organisation`` (one of theirs), for all its members.

    The target is checked per kind (``clean_target``); watching what is watched already, in the
    same scope, is refused with a message, not silently doubled.
    """
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied
    if organisation is not None and organisation.pk not in by.organisation_ids:
        raise PermissionDenied
    if kind not in WatchKind.values:
        raise ValidationError({"kind": gettext("Choose what kind of thing to watch.")})
    try:
        target = clean_target(kind, target)
    except ValidationError as error:
        raise ValidationError({"target": error.messages}) from error
    if _same_scope(by=by, organisation=organisation).filter(kind=kind, target=target).exists():
        message = (
            gettext("Your organisation already watches this.")
            if organisation is not None
            else gettext("You already watch this.")
        )
        raise ValidationError({"target": message})
    watch = Watch(
        owner=by,
        organisation=organisation,
        kind=kind,
        target=target,
        label=label.strip()[:200],
        controlled_list=controlled_list,
    )
    watch.save()
    return watch


def watch_archive(*, watch: Watch, by: Any) -> Watch:
    """Stop watching: the watch is archived (kept, with who stopped it and when), never deleted."""
    if not Watch.objects.editable_by(by).filter(pk=watch.pk).exists():
        raise PermissionDenied
    watch.archived_at = timezone.now()
    watch.archived_by = by
    watch.save()
    return watch


# --- who is told -----------------------------------------------------------------------------------


def watch_recipients(watches: Iterable[Watch]) -> dict[int, set[int]]:
    """The user ids each watch notifies: its owner's, or every active member's of its organisation."""
    watches = list(watches)
    org_ids = {w.organisation_id for w in watches if w.organisation_id}
    members: dict[int, set[int]] = defaultdict(set)
    for org_id, user_id in Membership.objects.filter(
        organisation_id__in=org_ids, is_active=True, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        members[org_id].add(user_id)
    from django.contrib.auth import get_user_model

    active_owners = set(
        get_user_model()
        .objects.filter(pk__in={w.owner_id for w in watches if not w.organisation_id}, is_active=True)
        .values_list("pk", flat=True)
    )
    return {
        w.pk: (members.get(w.organisation_id, set()) if w.organisation_id else {w.owner_id} & active_owners)
        for w in watches
    }


# --- matching --------------------------------------------------------------------------------------


@dataclass
class _Index:
    """The active watches, arranged so that each edition is matched by lookups, not by a scan."""

    by_edition: dict[str, list[Watch]] = field(default_factory=lambda: defaultdict(list))
    by_work: dict[str, list[Watch]] = field(default_factory=lambda: defaultdict(list))
    codes: list[Watch] = field(default_factory=list)
    by_topic: dict[int, list[Watch]] = field(default_factory=lambda: defaultdict(list))
    searches: list[tuple[Watch, Plan]] = field(default_factory=list)

    @classmethod
    def of(cls, watches: Sequence[Watch]) -> _Index:
        index = cls()
        topics = dict(
            Topic.objects.filter(
                slug__in={w.target for w in watches if w.kind == WatchKind.TOPIC}
            ).values_list("slug", "pk")
        )
        for watch in watches:
            if watch.kind == WatchKind.EDITION:
                index.by_edition[watch.target].append(watch)
            elif watch.kind == WatchKind.WORK:
                index.by_work[watch.target].append(watch)
            elif watch.kind in (WatchKind.CCS, WatchKind.ICS):
                index.codes.append(watch)
            elif watch.kind == WatchKind.TOPIC and watch.target in topics:
                index.by_topic[topics[watch.target]].append(watch)
            elif watch.kind == WatchKind.SEARCH:
                index.searches.append((watch, search_plan(watch.target)))
        return index

    @property
    def has_broad(self) -> bool:
        return bool(self.codes or self.by_topic or self.searches)

    def narrow(self, row: _EditionRow) -> list[Watch]:
        return [*self.by_edition.get(row.number, ()), *self.by_work.get(row.work_key, ())]

    def broad(self, row: _EditionRow, topic_ids: set[int]) -> list[Watch]:
        found = [
            w
            for w in self.codes
            if matching.code_matches(w.kind, w.target, ccs_codes=row.ccs_codes, ics_codes=row.ics_codes)
        ]
        for topic_id in topic_ids:
            found += self.by_topic.get(topic_id, ())
        if self.searches:
            doc = documents.document(row.columns)
            found += [w for w, p in self.searches if matching.plan_matches(p, doc)]
        return found


@dataclass(frozen=True)
class _EditionRow:
    columns: tuple[Any, ...]  # documents.COLUMNS, for the search document
    implemented_on: dt.date | None
    is_inferred: bool

    @property
    def pk(self) -> int:
        return int(self.columns[0])

    @property
    def number(self) -> str:
        return str(self.columns[1])

    @property
    def work_key(self) -> str:
        return str(self.columns[3] or "")

    @property
    def title(self) -> str:
        return str(self.columns[5] or self.columns[6] or "")

    @property
    def ccs_codes(self) -> str:
        return str(self.columns[9] or "")

    @property
    def ics_codes(self) -> str:
        return str(self.columns[10] or "")

    @property
    def status(self) -> str:
        return str(self.columns[12] or "")


def _editions(ids: Iterable[int]) -> dict[int, _EditionRow]:
    rows: dict[int, _EditionRow] = {}
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), 900):
        for values in Edition.objects.filter(pk__in=wanted[start : start + 900]).values_list(*_ROW):
            n = len(documents.COLUMNS)
            rows[values[0]] = _EditionRow(
                columns=values[:n], implemented_on=values[n], is_inferred=values[n + 1]
            )
    return rows


def _topics_of(ids: Iterable[int], index: _Index) -> dict[int, set[int]]:
    """The watched thematic databases each edition belongs to, by the databases' own rules.

    Asked of the rules (``topics.member_condition``: rules, exclusions and inclusions) rather than
    of ``TopicEntry``, because the entries are refreshed by another background task after the same
    import, which may run after this one: a new edition would be missed.
    """
    if not index.by_topic:
        return {}
    from biaozhun.standards.services.topics import member_condition

    wanted = sorted(set(ids))
    found: dict[int, set[int]] = defaultdict(set)
    for topic in Topic.objects.filter(pk__in=list(index.by_topic)):
        condition = member_condition(topic)
        for start in range(0, len(wanted), 900):
            chunk = Edition.objects.filter(pk__in=wanted[start : start + 900]).filter(condition)
            for pk in chunk.values_list("pk", flat=True):
                found[pk].add(topic.pk)
    return found


# --- describing ------------------------------------------------------------------------------------


def _status_label(value: Any) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return str(value or "—")


def _field_label(name: str) -> str:
    try:
        return str(getattr(Edition._meta.get_field(name), "verbose_name", name))
    except Exception:  # a field the history names that the model no longer has
        return name


def describe_changes(diff: dict[str, list[Any]], *, in_force_from: dict[str, dt.date | None]) -> list[str]:
    """The changes of one edition in words, in the site's language: "状态 现行 → 被代替" and so on.

    ``in_force_from`` gives the implementation dates of editions named as replacing, so the
    sentence can say from when the replacement applies.
    """
    parts: list[str] = []
    if diff.get("status", [None, None])[1] == Status.REPLACED and "replaced_by" in diff:
        # The withdrawal date the status rules set is the successor's date, said with it already.
        diff = {name: values for name, values in diff.items() if name != "withdrawn_on"}
    for name, (before, after) in diff.items():
        if name == "status":
            parts.append(
                gettext("status %(before)s → %(after)s")
                % {"before": _status_label(before), "after": _status_label(after)}
            )
        elif name == "replaced_by":
            date = in_force_from.get(str(after))
            if date:
                parts.append(
                    gettext("replaced by %(number)s (in force from %(date)s)")
                    % {"number": after, "date": date.isoformat()}
                )
            else:
                parts.append(gettext("replaced by %(number)s") % {"number": after})
        elif name == "replaces":
            parts.append(gettext("replaces %(number)s") % {"number": after})
        elif name in LONG_FIELDS:
            parts.append(gettext("%(field)s updated") % {"field": _field_label(name)})
        else:
            parts.append(
                gettext("%(field)s %(before)s → %(after)s")
                % {
                    "field": _field_label(name),
                    "before": "—" if before in (None, "") else before,
                    "after": "—" if after in (None, "") else after,
                }
            )
    return parts


def _why(watches: Sequence[Watch]) -> str:
    names = sorted({str(w) for w in watches})
    return gettext("You receive this because you watch: %(watches)s") % {"watches": gettext("; ").join(names)}


# --- the alert job ---------------------------------------------------------------------------------


@dataclass
class _Outbox:
    """Notifications being gathered: one per recipient and key, whatever number of watches matched."""

    items: dict[tuple[int, str], NewNotification] = field(default_factory=dict)

    def add(
        self, *, users: set[int], key: str, subject: str, body: str, url: str, data: dict[str, Any]
    ) -> None:
        for user_id in users:
            self.items.setdefault(
                (user_id, key),
                NewNotification(
                    recipient_id=user_id,
                    kind=NOTIFICATION_KIND,
                    subject=subject,
                    body=body,
                    url=url,
                    data=data,
                    dedupe_key=key,
                ),
            )


def _recipients_of(watches: Sequence[Watch], recipients: dict[int, set[int]]) -> set[int]:
    users: set[int] = set()
    for watch in watches:
        users |= recipients.get(watch.pk, set())
    return users


def _alert_changes(
    lo: int, hi: int, *, index: _Index, recipients: dict[int, set[int]], outbox: _Outbox
) -> None:
    changes = EditionChange.objects.filter(pk__gt=lo, pk__lte=hi)
    if not index.has_broad:
        # Only watched editions and works can match: let the database pick their history rows.
        changes = changes.filter(edition__number__in=list(index.by_edition)) | changes.filter(
            edition__work__key__in=list(index.by_work)
        )
    groups: dict[tuple[int, int | None], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for pk, edition_id, run_id, diff in changes.order_by("pk").values_list(
        "pk", "edition_id", "run_id", "changes"
    ):
        groups[(edition_id, run_id)].append((pk, diff if isinstance(diff, dict) else {}))
    if not groups:
        return
    rows = _editions(edition_id for edition_id, _run in groups)
    topics = _topics_of(rows, index)
    successors = {
        str(diff["replaced_by"][1])
        for group in groups.values()
        for _pk, diff in group
        if isinstance(diff.get("replaced_by"), list) and len(diff["replaced_by"]) == 2
    }
    in_force_from = dict(
        Edition.objects.filter(number__in=successors).values_list("number", "implemented_on")
    )
    for (edition_id, _run), group in groups.items():
        row = rows.get(edition_id)
        if row is None:
            continue
        merged: dict[str, list[Any]] = {}
        for _pk, diff in group:
            for name, values in diff.items():
                if name in IGNORED_FIELDS or not isinstance(values, list) or len(values) != 2:
                    continue
                if name in merged:  # two rows for one field: from the first before to the last after
                    merged[name] = [merged[name][0], values[1]]
                else:
                    merged[name] = list(values)
        merged = {name: values for name, values in merged.items() if values[0] != values[1]}
        if not merged:
            continue
        watches = index.narrow(row)
        if index.has_broad and STATUS_FIELDS.intersection(merged):
            watches += index.broad(row, topics.get(edition_id, set()))
        users = _recipients_of(watches, recipients)
        if not users:
            continue
        parts = describe_changes(merged, in_force_from=in_force_from)
        text = gettext("; ").join(parts)
        url = reverse("standards:detail", kwargs={"number": row.number})
        outbox.add(
            users=users,
            key=f"watch:change:{group[0][0]}",
            subject=gettext("%(number)s: %(changes)s") % {"number": row.number, "changes": text},
            body="\n".join([f"{row.number} {row.title}".strip(), *parts, "", _why(watches)]),
            url=url,
            data={"edition": row.number, "changes": [pk for pk, _diff in group], "diff": merged},
        )


def _alert_new_editions(
    lo: int, hi: int, *, index: _Index, recipients: dict[int, set[int]], outbox: _Outbox
) -> None:
    new = Edition.objects.filter(pk__gt=lo, pk__lte=hi, is_inferred=False)
    if not index.has_broad:
        new = new.filter(number__in=list(index.by_edition)) | new.filter(work__key__in=list(index.by_work))
    ids = list(new.values_list("pk", flat=True))
    if not ids:
        return
    rows = _editions(ids)
    topics = _topics_of(rows, index)
    for edition_id, row in sorted(rows.items()):
        watches = index.narrow(row) + (
            index.broad(row, topics.get(edition_id, set())) if index.has_broad else []
        )
        users = _recipients_of(watches, recipients)
        if not users:
            continue
        facts = [gettext("status %(status)s") % {"status": _status_label(row.status)}]
        if row.implemented_on:
            facts.append(gettext("in force from %(date)s") % {"date": row.implemented_on.isoformat()})
        outbox.add(
            users=users,
            key=f"watch:new:{edition_id}",
            subject=gettext("New standard: %(number)s %(title)s")
            % {"number": row.number, "title": row.title},
            body="\n".join(
                [f"{row.number} {row.title}".strip(), gettext("; ").join(facts), "", _why(watches)]
            ),
            url=reverse("standards:detail", kwargs={"number": row.number}),
            data={"edition": row.number, "new": True},
        )


def watch_alerts_send(*, now: dt.datetime | None = None) -> int:
    """Notify watchers of what changed in the catalogue since the last run; returns the number of
    notifications written.

    The first run ever only sets the cursor at the present: watches hear about changes from then
    on, not about the catalogue's whole past. The cursor row is locked for the run, so two runs
    (two imports ending together) take turns instead of both sending.
    """
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        high_change = EditionChange.objects.aggregate(m=Max("pk"))["m"] or 0
        high_edition = Edition.objects.aggregate(m=Max("pk"))["m"] or 0
        cursor, created = ChangeCursor.objects.select_for_update().get_or_create(
            key=CURSOR_KEY, defaults={"last_change_id": high_change, "last_edition_id": high_edition}
        )
        if created:
            return 0
        watches = list(Watch.objects.active())
        written = 0
        if watches:
            index = _Index.of(watches)
            recipients = watch_recipients(watches)
            for lo in range(cursor.last_change_id, high_change, WINDOW):
                outbox = _Outbox()
                _alert_changes(
                    lo, min(lo + WINDOW, high_change), index=index, recipients=recipients, outbox=outbox
                )
                written += notify_many(outbox.items.values(), now=now)
            for lo in range(cursor.last_edition_id, high_edition, WINDOW):
                outbox = _Outbox()
                _alert_new_editions(
                    lo, min(lo + WINDOW, high_edition), index=index, recipients=recipients, outbox=outbox
                )
                written += notify_many(outbox.items.values(), now=now)
        cursor.last_change_id = max(cursor.last_change_id, high_change)
        cursor.last_edition_id = max(cursor.last_edition_id, high_edition)
        cursor.save()
    return written
