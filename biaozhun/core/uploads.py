"""Whether an uploaded file is what its name says: the one content check every upload shares.

Files are checked by extension *and* by their first bytes before anything reads or keeps them, so a
renamed executable or HTML page never gets in (some are later served to the public). The messages
stay with the callers: each form says in its own words which types it takes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
ZIP_SUFFIXES = frozenset({".xlsx", ".docx"})  # Office files are zip archives
TEXT_SUFFIXES = frozenset({".txt", ".csv"})
_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}


def content_matches(suffix: str, head: bytes) -> bool:
    """Whether the first bytes of a file are what ``suffix`` says: a workbook or Word file is a zip,
    a PDF starts with ``%PDF-`` (leading whitespace tolerated), a text or CSV file holds no NUL byte.
    Other suffixes never match."""
    if suffix in ZIP_SUFFIXES:
        return head.startswith(ZIP_MAGIC)
    if suffix == ".pdf":
        return head.lstrip()[:5] == PDF_MAGIC
    if suffix in TEXT_SUFFIXES:
        return b"\x00" not in head
    return False


def upload_matches(upload: Any, suffix: str) -> bool:
    """``content_matches`` for an uploaded file (read from its start, left rewound); an Office file
    must moreover be a zip holding its main part, not any zip."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not content_matches(suffix, head):
        return False
    if suffix in _MAIN_PART:
        try:
            with zipfile.ZipFile(upload) as archive:
                found = _MAIN_PART[suffix] in archive.namelist()
        except zipfile.BadZipFile:
            found = False
        upload.seek(0)
        return found
    return True


def clean_import_file(upload: Any, *, allowed: Iterable[str], types_label: str) -> bytes:
    """The checks of an import form's file field, in one place: the suffix is among ``allowed``, the
    size within ``BIAOZHUN_MAX_UPLOAD_MB``, a workbook is a zip and anything else holds no NUL byte.
    Returns the file's first 4 KiB (for format detection); raises ``forms.ValidationError``."""
    from django import forms
    from django.conf import settings
    from django.utils.translation import gettext

    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in allowed:
        raise forms.ValidationError(
            gettext("Only %(types)s files can be imported; this file is “%(suffix)s”.")
            % {"types": types_label, "suffix": suffix or gettext("without extension")}
        )
    if upload.size > settings.BIAOZHUN_MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(
            gettext("The file is larger than %(limit)s MB.") % {"limit": settings.BIAOZHUN_MAX_UPLOAD_MB}
        )
    head: bytes = upload.read(4096)
    upload.seek(0)
    if suffix == ".xlsx" and not head.startswith(ZIP_MAGIC):
        raise forms.ValidationError(gettext("The file is not an Excel workbook (.xlsx)."))
    if suffix != ".xlsx" and b"\x00" in head:
        raise forms.ValidationError(gettext("The file is not a text file."))
    return head
