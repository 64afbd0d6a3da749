"""Standard texts for enterprises (标准文本): requests, how the bureau answers them, and the ledger.

Every text the bureau gives an enterprise becomes one ``TextProvision`` row: standard, enterprise,
channel, date and officer. That ledger is what the master plan's yearly target counts (at least
3000 free standard texts a year), so a provision is only written here, by a bureau administrator,
and every write is an audited ``save()`` (never ``update()``/``bulk_create()``).

Three channels, each with its own rule, because the city may not copy most texts:

- ``viewer``: an https link to the official free viewer (openstd.samr.gov.cn for national
  standards); the edition's official page is the default link.
- ``file``: a PDF the city may share (its local standards, texts it owns); never a national
  standard's text, which would be a mirror of the official viewer.
- ``remote_print``: the text was printed at a licensed terminal; the note says where and when.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from biaozhun.accounts.models import ENTERPRISE_ROLES, GOVERNMENT_KINDS, Organisation
from biaozhun.checking.models import TextChannel, TextProvision, TextRequest, TextRequestState
from biaozhun.core.notifications import notify
from biaozhun.core.uploads import upload_matches
from biaozhun.standards.models import Edition, Level

MAX_TEXT = 300  # the model's CharField length for purpose, reason and note
# National standards' texts are published by the official viewer; keeping copies would mirror it.
NO_FILE_LEVELS = frozenset({Level.NATIONAL})


def _require_bureau_admin(by: Any) -> None:
    if not getattr(by, "is_bureau_admin", False):
        raise PermissionDenied(_("Only a bureau administrator may do this."))


def _short(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise ValidationError(
            {field: _("%(label)s can be at most %(max)s characters.") % {"label": label, "max": MAX_TEXT}}
        )
    return value


def file_size_limit() -> int:
    """The largest text file accepted, in bytes (``BIAOZHUN_TEXT_FILE_MAX_MB``)."""
    return int(settings.BIAOZHUN_TEXT_FILE_MAX_MB) * 1024 * 1024


def check_pdf(upload: Any) -> None:
    """Refuse anything but a PDF within the size limit: by extension *and* by its first bytes.

    The file is later served to enterprises, so a renamed HTML or executable must never get in;
    the download also forces ``application/pdf`` and ``nosniff``.
    """
    name = getattr(upload, "name", "") or ""
    if PurePath(name).suffix.lower() != ".pdf":
        raise ValidationError({"file": _("Only PDF files can be given as a standard text.")})
    if upload.size > file_size_limit():
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s MB.")
                % {"limit": settings.BIAOZHUN_TEXT_FILE_MAX_MB}
            }
        )
    if not upload_matches(upload, ".pdf"):
        raise ValidationError({"file": _("The file is not a PDF document.")})


def _channel_fields(
    *, edition: Edition, channel: str, url: str, file: UploadedFile | None, note: str
) -> tuple[str, UploadedFile | None]:
    """The link and file a provision keeps for ``channel``, or a ValidationError per field."""
    url = (url or "").strip()
    if channel not in TextChannel.values:
        raise ValidationError({"channel": _("Choose how the text was given.")})
    if channel != TextChannel.FILE and file is not None:
        raise ValidationError(
            {"file": _("Only the “file” channel keeps a file; remove it or change the channel.")}
        )
    if channel == TextChannel.VIEWER:
        url = url or edition.source_url
        if not url:
            raise ValidationError(
                {
                    "url": _(
                        "Give the https link to the official free viewer: the catalogue has no official "
                        "page for this standard."
                    )
                }
            )
        try:
            URLValidator(schemes=["https"])(url)
        except ValidationError as exc:
            raise ValidationError({"url": _("The link must be a full https:// address.")}) from exc
        if len(url) > 500:
            raise ValidationError({"url": _("The link is too long.")})
        return url, None
    if url:
        raise ValidationError(
            {"url": _("Only the viewer channel keeps a link; remove it or change the channel.")}
        )
    if channel == TextChannel.FILE:
        if edition.level in NO_FILE_LEVELS:
            raise ValidationError(
                {
                    "channel": _(
                        "National standards are given as a link to the official free viewer or by remote "
                        "print; their texts are never kept here."
                    )
                }
            )
        if file is None:
            raise ValidationError({"file": _("Upload the PDF of the text.")})
        check_pdf(file)
        return "", file
    if not note:
        raise ValidationError({"note": _("Say where and when the text was printed.")})
    return "", None


def _provided_on(value: dt.date | None) -> dt.date:
    today = timezone.localdate()
    day = value or today
    if day > today:
        raise ValidationError({"provided_on": _("The date cannot be in the future.")})
    return day


def _notify(recipient: Any, *, kind: str, subject: str, body: str, url: str, key: str) -> None:
    """An inbox message for the requester, once (``dedupe_key``), after the transaction commits."""
    transaction.on_commit(
        lambda: notify(recipient=recipient, kind=kind, subject=subject, body=body, url=url, dedupe_key=key)
    )


def _enterprise_organisation_ids(user: Any) -> list[int]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(user.organisation_ids_with_role(*ENTERPRISE_ROLES))


def text_request_create(
    *, by: Any, organisation: Organisation, edition: Edition, purpose: str = ""
) -> TextRequest:
    """Ask the bureau for the text of ``edition`` on behalf of ``organisation``.

    Only a member of that enterprise may ask; one open request per enterprise and edition, so the
    bureau's queue holds each need once (the rows are locked so two clicks cannot make two).
    """
    if organisation.pk not in _enterprise_organisation_ids(by):
        raise PermissionDenied(_("Only members of the enterprise may request standard texts for it."))
    purpose = _short(purpose, "purpose", _("What it is for"))
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        if TextRequest.objects.filter(
            organisation=organisation, edition=edition, state=TextRequestState.REQUESTED
        ).exists():
            raise ValidationError(
                _(
                    "Your enterprise has already requested %(number)s and the request is still open: the "
                    "bureau will answer it."
                )
                % {"number": edition.number}
            )
        request = TextRequest(owner=by, organisation=organisation, edition=edition, purpose=purpose)
        request.save()
    return request


def _locked_open(request: TextRequest) -> TextRequest:
    locked = TextRequest.objects.select_for_update().select_related("edition").get(pk=request.pk)
    if locked.state != TextRequestState.REQUESTED:
        raise ValidationError(_("This request has already been answered."))
    return locked


def _provision_save(
    *,
    by: Any,
    organisation: Organisation,
    edition: Edition,
    channel: str,
    url: str,
    file: UploadedFile | None,
    provided_on: dt.date | None,
    note: str,
    request: TextRequest | None,
) -> TextProvision:
    note = _short(note, "note", _("Note"))
    url, file = _channel_fields(edition=edition, channel=channel, url=url, file=file, note=note)
    provision = TextProvision(
        request=request,
        organisation=organisation,
        edition=edition,
        channel=channel,
        url=url,
        provided_on=_provided_on(provided_on),
        officer=by,
        note=note,
    )
    if file is not None:
        # The stored name is the provision's id: an uploaded name may carry paths or odd characters.
        provision.file.save(f"{provision.public_id}.pdf", file, save=False)
    provision.save()
    return provision


def text_request_fulfil(
    *,
    request: TextRequest,
    by: Any,
    channel: str,
    url: str = "",
    file: UploadedFile | None = None,
    provided_on: dt.date | None = None,
    note: str = "",
) -> TextProvision:
    """Answer an open request with the text, through ``channel``, and record it in the ledger.

    The provision and the request's new state are saved together; the requester gets an inbox
    message once the transaction commits.
    """
    _require_bureau_admin(by)
    with transaction.atomic():
        locked = _locked_open(request)
        provision = _provision_save(
            by=by,
            organisation=locked.organisation,
            edition=locked.edition,
            channel=channel,
            url=url,
            file=file,
            provided_on=provided_on,
            note=note,
            request=locked,
        )
        locked.state = TextRequestState.FULFILLED
        locked.save()
        _notify(
            locked.owner,
            kind="text_provided",
            subject=_("The text of %(number)s is ready") % {"number": locked.edition.number},
            body=provision.get_channel_display(),
            url=_request_url(locked),
            key=f"text_provided:{locked.public_id}",
        )
    request.refresh_from_db()
    return provision


def text_request_decline(*, request: TextRequest, by: Any, reason: str) -> TextRequest:
    """Refuse an open request, saying why; the enterprise sees the reason on its request."""
    _require_bureau_admin(by)
    reason = _short(reason, "reason", _("Reason"))
    if not reason:
        raise ValidationError({"reason": _("Say why the request is declined.")})
    with transaction.atomic():
        locked = _locked_open(request)
        locked.state = TextRequestState.DECLINED
        locked.decline_reason = reason
        locked.save()
        _notify(
            locked.owner,
            kind="text_declined",
            subject=_("Your request for %(number)s was declined") % {"number": locked.edition.number},
            body=reason,
            url=_request_url(locked),
            key=f"text_declined:{locked.public_id}",
        )
    request.refresh_from_db()
    return locked


def text_provision_record(
    *,
    by: Any,
    organisation: Organisation,
    edition: Edition,
    channel: str,
    url: str = "",
    file: UploadedFile | None = None,
    provided_on: dt.date | None = None,
    note: str = "",
) -> TextProvision:
    """Record a text given without an online request (a visit to the desk, a phone call).

    The enterprise must be on the platform (the ledger names it). When it has an open online
    request for the same standard, that request is answered by this provision, so one need is
    counted once.
    """
    _require_bureau_admin(by)
    if organisation.kind in GOVERNMENT_KINDS or organisation.archived_at is not None:
        raise ValidationError({"enterprise": _("Standard texts are given to enterprises on the platform.")})
    with transaction.atomic():
        open_request = (
            TextRequest.objects.select_for_update()
            .filter(organisation=organisation, edition=edition, state=TextRequestState.REQUESTED)
            .order_by("created_at", "id")
            .first()
        )
        provision = _provision_save(
            by=by,
            organisation=organisation,
            edition=edition,
            channel=channel,
            url=url,
            file=file,
            provided_on=provided_on,
            note=note,
            request=open_request,
        )
        if open_request is not None:
            open_request.state = TextRequestState.FULFILLED
            open_request.save()
    return provision


def _request_url(request: TextRequest) -> str:
    return reverse("checking:text_request_detail", kwargs={"public_id": request.public_id})
