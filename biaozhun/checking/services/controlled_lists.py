"""Controlled-standards lists (受控标准清单): an organisation's list of the standards it works to.

Uploading one does three things at once: the list is checked like any other (a ``Check``), kept as
the organisation's current ``ControlledList``, and every distinct readable entry is watched for the
organisation (a dated number as that edition, an undated one as the standard with all its
editions), so members hear when any of them changes. The newest list replaces the older ones: its
entries' watches are moved to it, and watches that came from an older list and are no longer on
the new one are archived. A list more than a year old earns its organisation a yearly reminder to
upload the current one (``controlled_list_reminders``, a daily job).
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from biaozhun.accounts.models import Membership, Organisation
from biaozhun.checking import inputs
from biaozhun.checking.models import ControlledList, Watch, WatchKind
from biaozhun.checking.services.checks import check_create
from biaozhun.core.notifications import NewNotification, notify_many
from biaozhun.standards import numbers

REMINDER_KIND = "controlled_list_reminder"
REMIND_AFTER = dt.timedelta(days=365)
SUFFIXES = (".xlsx", ".csv")


def read_list(
    *, data: bytes, file_name: str, column: int | None = None, sheet: str | None = None
) -> inputs.NumberList:
    """The numbers of an uploaded ``.xlsx`` or ``.csv``; ``inputs.InputError`` says what is wrong."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".xlsx":
        return inputs.read_xlsx(data, column=column, sheet=sheet or None)
    if suffix == ".csv":
        return inputs.read_csv(data, column=column)
    raise inputs.InputError(
        gettext("Files of type %(suffix)s cannot be checked; use %(suffixes)s.")
        % {"suffix": suffix or "?", "suffixes": "、".join(SUFFIXES)}
    )


def watch_targets(results: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """``(kind, target)`` for each distinct readable entry of a check's results, in list order."""
    targets: dict[tuple[str, str], None] = {}
    for result in results:
        canonical = result.get("canonical")
        if not canonical or result.get("verdict") == "invalid":
            continue
        parsed = numbers.try_parse(str(canonical))
        if isinstance(parsed, numbers.InvalidNumber):
            continue
        if parsed.is_dated:
            targets[(WatchKind.EDITION, parsed.canonical)] = None
        else:
            targets[(WatchKind.WORK, parsed.work_key)] = None
    return list(targets)


@transaction.atomic
def controlled_list_upload(
    *,
    by: Any,
    organisation: Organisation | None,
    data: bytes,
    file_name: str,
    column: int | None = None,
    sheet: str | None = None,
) -> ControlledList:
    """Check an uploaded list, keep it as ``organisation``'s controlled list and watch its entries.

    ``column`` is 0-based (``None``: the column is found by its header or guessed). Raises
    ``inputs.InputError`` when the file cannot be read.
    """
    listed = read_list(data=data, file_name=file_name, column=column, sheet=sheet)
    title = gettext("Controlled-standards list %(date)s") % {"date": timezone.localdate().isoformat()}
    check = check_create(
        by=by, organisation=organisation, listed=listed, file_name=file_name, data=data, title=title
    )
    # check_create may have chosen the organisation (the user's enterprise) when none was given.
    organisation = check.organisation
    controlled = ControlledList.objects.create(owner=by, organisation=organisation, validity_check=check)
    scope = (
        Watch.objects.active().filter(organisation=organisation)
        if organisation is not None
        else Watch.objects.active().filter(owner=by, organisation__isnull=True)
    )
    existing = {(w.kind, w.target): w for w in scope}
    wanted = watch_targets(check.results)
    for kind, target in wanted:
        watch = existing.get((kind, target))
        if watch is None:
            Watch(
                owner=by, organisation=organisation, kind=kind, target=target, controlled_list=controlled
            ).save()
        elif watch.controlled_list_id != controlled.pk:
            watch.controlled_list = controlled
            watch.save()
    kept = set(wanted)
    now = timezone.now()
    for key, watch in existing.items():
        if (
            watch.controlled_list_id is not None
            and watch.controlled_list_id != controlled.pk
            and key not in kept
        ):
            watch.archived_at = now
            watch.archived_by = by
            watch.save()
    return controlled


def _latest_lists() -> list[ControlledList]:
    """The newest list of each organisation, and of each user for lists kept without one."""
    latest: dict[tuple[str, int], ControlledList] = {}
    for item in ControlledList.objects.select_related("validity_check").order_by("-created_at", "-id"):
        key = ("org", item.organisation_id) if item.organisation_id else ("user", item.owner_id)
        latest.setdefault(key, item)
    return list(latest.values())


def controlled_list_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind the members of each organisation whose newest list is a year old or more, once a year;
    returns the number of lists reminded about.

    ``reminded_at`` on the list records the reminder, so the daily job sends it once; if a year
    passes again without a new list, it is sent again.
    """
    now = now or timezone.now()
    due = [
        item
        for item in _latest_lists()
        if item.created_at <= now - REMIND_AFTER
        and (item.reminded_at is None or item.reminded_at <= now - REMIND_AFTER)
    ]
    if not due:
        return 0
    members: dict[int, set[int]] = {}
    for org_id, user_id in Membership.objects.filter(
        organisation_id__in={i.organisation_id for i in due if i.organisation_id},
        is_active=True,
        user__is_active=True,
    ).values_list("organisation_id", "user_id"):
        members.setdefault(org_id, set()).add(user_id)
    url = reverse("checking:controlled_list_new")
    items: list[NewNotification] = []
    with translation.override(settings.LANGUAGE_CODE):
        for item in due:
            users = members.get(item.organisation_id, set()) if item.organisation_id else {item.owner_id}
            subject = gettext("Time to review your controlled-standards list")
            body = gettext(
                "Your controlled-standards list “%(name)s” was uploaded on %(date)s, a year ago or more. "
                "Upload the list you work to now: it is checked again and its standards are watched."
            ) % {"name": item, "date": timezone.localdate(item.created_at).isoformat()}
            items += [
                NewNotification(
                    recipient_id=user_id,
                    kind=REMINDER_KIND,
                    subject=subject,
                    body=body,
                    url=url,
                    data={"controlled_list": str(item.public_id)},
                    dedupe_key=f"controlled-list:{item.pk}:{now:%Y-%m-%d}",
                )
                for user_id in users
            ]
            item.reminded_at = now
            item.save()
    notify_many(items, now=now)
    return len(due)
