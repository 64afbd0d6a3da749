"""Running a validity check (查新) for a user and keeping it as a ``Check``.

The engine (``services.validity``) judges numbers; this module is where a check becomes a record:
one result per entry in the user's order, with where the entry came from (its line or sheet row,
and for a document its section, page and context), the counts per verdict and the catalogue's
as-of time, so the page, the Excel file and the PDF report all show what was found on the day
even after the catalogue changes. An uploaded file is kept so the user's own workbook can be given
back with the results beside each row.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from biaozhun.accounts.models import GOVERNMENT_KINDS, Organisation
from biaozhun.checking import inputs
from biaozhun.checking.models import Check, CheckKind
from biaozhun.checking.services.validity import validity_check

MAX_ENTRIES = 10_000  # one check; larger lists are split (the page and the API say so)
DOCUMENT_SUFFIXES = (".docx", ".pdf")


def upload_suffixes() -> tuple[str, ...]:
    """The file types a check accepts: whatever ``inputs.read_file`` reads (documents join when
    their readers are added there)."""
    return tuple(dict.fromkeys((*inputs.SUFFIXES, *DOCUMENT_SUFFIXES)))


def read_upload(
    name: str, data: bytes, *, column: int | None = None, sheet: str | None = None
) -> inputs.NumberList:
    """The numbers of an uploaded file, read by its suffix with ``inputs.read_file`` (the one
    reader every entry point shares). ``column`` is 0-based. Raises ``inputs.InputError``."""
    suffix = PurePath(name).suffix.lower()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        return inputs.read_file(path, column=column, sheet=sheet or None)


def default_organisation(user: Any) -> Organisation | None:
    """The organisation a user's check belongs to when none is named: their enterprise (or other
    non-government body), so colleagues see it. An official's checks stay their own: a
    department's members should not all read one officer's working lists."""
    organisation = getattr(user, "primary_organisation", None)
    if organisation is None or organisation.kind in GOVERNMENT_KINDS:
        return None
    return organisation


def storable(text: str) -> str:
    """``text`` without what no database column can hold: NUL characters (PostgreSQL refuses them)
    and lone surrogates (not UTF-8), each of which an API client can send in a JSON string."""
    if text.isascii() and "\x00" not in text:
        return text
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def check_create(
    *,
    by: Any,
    organisation: Organisation | None = None,
    listed: inputs.NumberList,
    file_name: str = "",
    data: bytes | None = None,
    title: str = "",
    kind: str = CheckKind.LIST,
    extra: Sequence[dict[str, Any]] | None = None,
    today: dt.date | None = None,
) -> Check:
    """Check ``listed`` against the catalogue and store the check, owned by ``by``.

    ``extra`` (one dict per entry, same order) is merged into each stored result: the documents
    reader adds ``section``, ``page``, ``paragraph`` and ``context``. ``data`` is the uploaded file
    as it came, kept for the Excel output. The save is audited through ``AuditedModel``.
    """
    if not getattr(by, "is_authenticated", False):
        raise ValueError("A validity check needs a signed-in user.")
    if extra is not None and len(extra) != len(listed.entries):
        raise ValueError("extra must give one dict per entry.")
    listed = inputs.NumberList(
        [inputs.Entry(storable(entry.text), entry.row) for entry in listed.entries],
        column=listed.column,
        header_row=listed.header_row,
        sheet=listed.sheet,
    )
    title, file_name = storable(title), storable(file_name)
    report = validity_check([entry.text for entry in listed.entries], today=today)
    results: list[dict[str, Any]] = []
    for index, (entry, result) in enumerate(zip(listed.entries, report.entries, strict=True)):
        row = result.as_json()
        row["row"] = entry.row
        if extra is not None:
            row.update({k: storable(v) if isinstance(v, str) else v for k, v in extra[index].items()})
        results.append(row)
    check = Check(
        kind=kind,
        owner=by,
        organisation=organisation if organisation is not None else default_organisation(by),
        title=title[:200],
        file_name=file_name[:255],
        column=listed.column,
        sheet=listed.sheet or "",
        header_row=listed.header_row,
        as_of=report.as_of,
        checked_at=report.checked_at,
        entry_count=len(results),
        counts=dict(report.counts),
        results=results,
    )
    with transaction.atomic():
        if data is not None:
            name = PurePath(file_name).name or "upload"
            check.file.save(name, ContentFile(data), save=False)
        check.save()
    return check


def check_rerun(*, check: Check, by: Any, column: int | None, sheet: str | None = None) -> Check:
    """Check the file of ``check`` again, read from another ``column`` (0-based) or ``sheet``: for
    when the guessed column was not the number column. A new check is kept; the old one stays as
    it was. Raises ``inputs.InputError`` when the file cannot be read that way, ``ValueError``
    when the check kept no file."""
    if not check.file:
        raise ValueError("This check kept no file to read again.")
    with check.file.open("rb") as stored:
        data = stored.read()
    listed = read_upload(check.file_name or check.file.name, data, column=column, sheet=sheet)
    return check_create(
        by=by,
        organisation=check.organisation,
        listed=listed,
        file_name=check.file_name,
        data=data,
        title=check.title,
        kind=check.kind,
    )
