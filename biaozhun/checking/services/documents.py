"""The validity check (查新) of the standards a document refers to.

An enterprise uploads its own standard (or a contract, a test report …); ``document_check`` reads
its text, finds every standard number in it with the section it is in (the normative references
or elsewhere) and where (page, paragraph or line, the text around it), and keeps it as an
ordinary ``Check`` of kind ``document`` through ``checks.check_create``, so the results page,
the Excel file and the PDF report are those of every other check, with these places beside
each result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from biaozhun.accounts.models import Organisation
from biaozhun.checking import documents, inputs
from biaozhun.checking.documents import DocumentError
from biaozhun.checking.models import Check, CheckKind
from biaozhun.checking.services.checks import MAX_ENTRIES, check_create

__all__ = ["DocumentError", "document_check", "document_references"]


def document_references(
    *, data: bytes, file_name: str, today: dt.date | None = None
) -> list[documents.Reference]:
    """The references of an uploaded document; raises ``DocumentError`` when it cannot be read or
    holds no standard number at all (then it is most likely the wrong file)."""
    references = documents.find_references(documents.extract_blocks(data, file_name), today=today)
    if not references:
        raise DocumentError("no_references", _("No standard numbers were found in the document."))
    if len(references) > MAX_ENTRIES:
        raise DocumentError(
            "too_many",
            _("The document mentions more than %(limit)s standard numbers; split it into parts.")
            % {"limit": f"{MAX_ENTRIES:,}"},
        )
    return references


def document_check(
    *,
    by: Any,
    organisation: Organisation | None = None,
    data: bytes,
    file_name: str,
    today: dt.date | None = None,
) -> Check:
    """Find the references of the document ``data`` (named ``file_name``) and check them.

    Each result keeps the reference as written, plus ``section`` (``normative`` or ``elsewhere``),
    ``page`` (PDF, 1-based, else ``None``), ``paragraph`` (the paragraph of a Word file, the line
    of a PDF page or of a text file) and ``context`` (the text around it). Every occurrence is
    an entry, in reading order; ``check_create`` counts repeated numbers once per verdict.
    Raises ``DocumentError`` with a message for the user before anything is stored.
    """
    references = document_references(data=data, file_name=file_name, today=today)
    listed = inputs.NumberList(entries=[inputs.Entry(ref.text, ref.paragraph or 0) for ref in references])
    extra = [
        {"section": ref.section, "page": ref.page, "paragraph": ref.paragraph, "context": ref.context}
        for ref in references
    ]
    return check_create(
        by=by,
        organisation=organisation,
        listed=listed,
        file_name=file_name,
        data=data,
        kind=CheckKind.DOCUMENT,
        extra=extra,
        today=today,
    )
