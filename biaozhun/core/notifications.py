"""Notifications: the in-app inbox every app writes to, and the daily digest e-mail that gathers it.

Apps never create ``Notification`` rows themselves: they call ``notify`` (one) or ``notify_many``
(a batch), which are idempotent through the unique ``(recipient, dedupe_key)`` constraint, so a
job that is re-run after a crash, or that finds the same thing twice, never notifies twice.
``digest_send`` sends each user with an e-mail address one message a day listing what they have
not been e-mailed yet, and marks those notifications so the next digest does not repeat them.
Mail is written in the site's language (``LANGUAGE_CODE``), since it is read away from any request.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from biaozhun.core.models import Notification

SUBJECT_LIMIT = 255  # Notification.subject's length
DIGEST_LIMIT = 50  # items listed in one e-mail; the rest are counted and left to the inbox
_BATCH = 500


@dataclass(frozen=True)
class NewNotification:
    """One notification to write with ``notify_many``; the fields are those of ``notify``."""

    recipient_id: int
    kind: str
    subject: str
    dedupe_key: str
    body: str = ""
    url: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _subject(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= SUBJECT_LIMIT else text[: SUBJECT_LIMIT - 1] + "…"


def notify(
    *,
    recipient: Any,
    kind: str,
    subject: str,
    body: str = "",
    url: str = "",
    data: dict[str, Any] | None = None,
    dedupe_key: str,
) -> Notification | None:
    """Put a message in ``recipient``'s inbox, once: ``None`` when one with ``dedupe_key`` is there already.

    ``dedupe_key`` names what the message is about (``"watch:change:123"``): the same key for the
    same recipient is refused by the database, which is what makes re-running a job safe.
    """
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=recipient,
                kind=kind,
                subject=_subject(subject),
                body=body,
                url=url,
                data=data or {},
                dedupe_key=dedupe_key[:200],
            )
    except IntegrityError:
        return None


def notify_many(items: Iterable[NewNotification], *, now: dt.datetime | None = None) -> int:
    """Write many notifications at once, skipping those that exist; returns how many were new.

    For jobs that notify hundreds of people (an organisation's watch after a big import): a
    batched insert instead of one savepoint per message. Existing keys are read first so the
    count is exact; ``ignore_conflicts`` still covers a concurrent writer.
    """
    now = now or timezone.now()
    created = 0
    pending = list(items)
    for start in range(0, len(pending), _BATCH):
        chunk = pending[start : start + _BATCH]
        keys = {item.dedupe_key[:200] for item in chunk}
        existing = set(
            Notification.objects.filter(
                recipient_id__in={item.recipient_id for item in chunk}, dedupe_key__in=keys
            ).values_list("recipient_id", "dedupe_key")
        )
        rows: dict[tuple[int, str], Notification] = {}
        for item in chunk:
            key = (item.recipient_id, item.dedupe_key[:200])
            if key in existing or key in rows:
                continue
            rows[key] = Notification(
                recipient_id=item.recipient_id,
                kind=item.kind,
                subject=_subject(item.subject),
                body=item.body,
                url=item.url,
                data=item.data,
                dedupe_key=key[1],
                created_at=now,
            )
        Notification.objects.bulk_create(rows.values(), ignore_conflicts=True)
        created += len(rows)
    return created


def absolute_url(url: str) -> str:
    """A link as an e-mail needs it: site-relative paths get ``SITE_URL`` in front."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL + (url if url.startswith("/") else "/" + url)


def _digest_message(user: Any, notes: Sequence[Notification], total: int) -> tuple[str, str]:
    subject = ngettext(
        "%(site)s: %(count)d new notification",
        "%(site)s: %(count)d new notifications",
        total,
    ) % {"site": settings.SITE_NAME, "count": total}
    lines = [gettext("Hello %(name)s,") % {"name": user}, ""]
    lines.append(gettext("These are the notifications you have received since the last e-mail:"))
    lines.append("")
    for note in notes:
        lines.append(f"· {note.subject}")
        if note.url:
            lines.append(f"  {absolute_url(note.url)}")
    if total > len(notes):
        lines.append("")
        lines.append(gettext("… and %(count)d more in your inbox.") % {"count": total - len(notes)})
    lines.append("")
    lines.append(gettext("Your inbox: %(url)s") % {"url": absolute_url(reverse("core:inbox"))})
    lines.append("")
    lines.append(
        gettext("You receive this e-mail once a day when there is something new for you on %(site)s.")
        % {"site": settings.SITE_NAME}
    )
    return subject, "\n".join(lines)


def digest_send(*, now: dt.datetime | None = None) -> int:
    """E-mail each active user with an address the notifications they have not been e-mailed; returns
    the number of e-mails sent.

    Each user gets one message listing every such notification (subject and link; the first
    ``DIGEST_LIMIT``, then a count), and those notifications are marked ``emailed_at`` right after
    their message is handed to the mail backend, so a second run the same day sends nothing and
    a failed send is retried by the next digest.
    """
    now = now or timezone.now()
    users = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(is_active=True, notifications__emailed_at__isnull=True)
        .exclude(email="")
        .distinct()
    }
    if not users:
        return 0
    pending: dict[int, list[Notification]] = defaultdict(list)
    for note in (
        Notification.objects.not_emailed()
        .filter(recipient_id__in=list(users), created_at__lte=now)
        .order_by("created_at", "id")
        .iterator(chunk_size=2000)
    ):
        pending[note.recipient_id].append(note)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user_id, notes in pending.items():
            user = users[user_id]
            subject, body = _digest_message(user, notes[:DIGEST_LIMIT], len(notes))
            EmailMessage(subject=subject, body=body, to=[user.email]).send()
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
            sent += 1
    return sent
