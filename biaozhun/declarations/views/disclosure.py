"""Public pages of self-declarations: the search, a declaration's page, its text, the open data.

Anyone may open them, signed in or not. What they show is what the law makes public and nothing
more (``selectors.disclosure`` decides): the pages never read who created, signed or published a
declaration, its screening findings or its drafts. A draft, or an id that does not exist, is a 404
for everyone, the owner included: the enterprise works on its drafts in its own pages.
"""

from __future__ import annotations

import csv
import mimetypes
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import segno
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from biaozhun.core.excel import XLSX_CONTENT_TYPE, safe_cell
from biaozhun.declarations.forms.disclosure import DisclosureSearchForm
from biaozhun.declarations.models import Declaration, DeclarationStatus, DeclarationVersion
from biaozhun.declarations.selectors import disclosure as selectors

# Types a browser would render or run: a downloaded text is never served as one of them.
_ACTIVE_TYPES = ("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml")


def _attachment(response: HttpResponse | StreamingHttpResponse | FileResponse, filename: str) -> None:
    ascii_name = "".join(ch if (ch.isascii() and ch.isalnum()) or ch in ".-_" else "_" for ch in filename)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name or 'download'}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["X-Content-Type-Options"] = "nosniff"


@require_GET
def public_search(request: HttpRequest) -> HttpResponse:
    form = DisclosureSearchForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    result = selectors.search_published(form.filters(), page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "declarations/public_search.html",
        {
            "form": form,
            "result": result,
            "page_obj": result.page,
            "count_cap": selectors.COUNT_CAP,
            "open_data_fields": selectors.OPEN_DATA_FIELDS,
        },
    )


@require_GET
def public_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    try:
        declaration = selectors.public_declaration(public_id)
    except (Declaration.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    versions = selectors.public_versions(declaration)
    if not versions:
        raise Http404
    url = request.build_absolute_uri(declaration.get_absolute_url())
    return render(
        request,
        "declarations/public_detail.html",
        {
            "declaration": declaration,
            "current": versions[0],
            "earlier": versions[1:],
            "withdrawn": declaration.status == DeclarationStatus.WITHDRAWN,
            "page_url": url,
            "qr_svg": mark_safe(segno.make(url).svg_inline(scale=3)),  # noqa: S308 - segno's own SVG
        },
    )


@require_GET
def public_text(request: HttpRequest, public_id: str, number: int) -> FileResponse:
    """The text of an enterprise's own standard, always as a download, never rendered inline."""
    try:
        version = selectors.downloadable_version(public_id, number, request.user)
    except (DeclarationVersion.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    filename = version.text_file_name or Path(version.text_file.name).name
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if content_type in _ACTIVE_TYPES or content_type.startswith("text/"):
        content_type = "application/octet-stream"
    try:
        handle = version.text_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=content_type)
    _attachment(response, filename)
    response["Content-Security-Policy"] = "sandbox"
    return response


def _open_data_headers() -> list[str]:
    return [str(label) for _key, label in selectors.OPEN_DATA_FIELDS]


def _file_stem() -> str:
    return f"{_('Self-declarations')}-{timezone.localdate():%Y%m%d}"


class _Echo:
    """A file-like object whose ``write`` returns the line, for ``csv.writer`` in a stream."""

    def write(self, value: str) -> str:
        return value


def _csv_lines() -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # the BOM, so that Excel opens the Chinese text as UTF-8
    yield writer.writerow(_open_data_headers())
    for row in selectors.open_data_rows():
        yield writer.writerow(["" if v is None else safe_cell(v) for v in row])


@require_GET
def open_data_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Every published declaration, one row per product, streamed: memory stays flat at 100,000."""
    response = StreamingHttpResponse(_csv_lines(), content_type="text/csv; charset=utf-8")
    _attachment(response, f"{_file_stem()}.csv")
    return response


@require_GET
def open_data_xlsx(request: HttpRequest) -> FileResponse:
    """The same rows as the CSV in a workbook written row by row (openpyxl's write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet: Any = workbook.create_sheet(_("Self-declarations")[:31])
    bold = Font(bold=True)
    header = []
    for label in _open_data_headers():
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        header.append(cell)
    sheet.freeze_panes = "A2"
    sheet.append(header)
    for row in selectors.open_data_rows():
        sheet.append([safe_cell(v) for v in row])
    handle: Any = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook.save(handle)
    handle.seek(0)
    response = FileResponse(handle, content_type=XLSX_CONTENT_TYPE)
    _attachment(response, f"{_file_stem()}.xlsx")
    return response
