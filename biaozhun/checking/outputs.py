"""The results of a check written back into the user's own workbook.

Enterprises keep their controlled-standards list (受控标准清单) as a workbook with columns of their
own, other sheets, widths and styles: they get the same workbook back, every sheet and column
where it was, with the result columns appended to the right of the checked sheet and a verdict on
every row that held a number.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Font

from biaozhun.checking.inputs import NumberList
from biaozhun.checking.services.validity import CheckReport
from biaozhun.checking.verdicts import Verdict
from biaozhun.standards.models import Status


def verdict_labels() -> dict[str, str]:
    """The verdicts as people read them, in the active language."""
    return {
        Verdict.CURRENT: _("Current"),
        Verdict.UPCOMING_REPLACEMENT: _("Current, replaced soon"),
        Verdict.REPLACED: _("Replaced"),
        Verdict.WITHDRAWN: _("Withdrawn"),
        Verdict.UNDATED: _("Undated: current edition"),
        Verdict.NOT_FOUND: _("Not in the catalogue"),
        Verdict.INVALID: _("Not a valid number"),
    }


def result_headers() -> list[str]:
    return [
        _("Checked number"),
        _("Verdict"),
        _("Status"),
        _("Title"),
        _("Use instead"),
        _("In force from"),
        _("Note"),
    ]


def workbook_with_results(data: bytes, listed: NumberList, report: CheckReport) -> bytes:
    """``data`` (the user's ``.xlsx``) with the results appended to the checked sheet's rows."""
    book = load_workbook(io.BytesIO(data))
    sheet = book[listed.sheet] if listed.sheet else book.worksheets[0]
    first = sheet.max_column + 1
    labels = verdict_labels()
    header_row = listed.header_row or None
    if header_row:
        for offset, title in enumerate(result_headers()):
            sheet.cell(row=header_row, column=first + offset, value=title).font = Font(bold=True)
    for entry, where in zip(report.entries, listed.entries, strict=True):
        finding = entry.finding
        note = finding.reason
        if finding.partial:
            note = "；".join(filter(None, [_("Partial replacement"), note]))
        if not entry.first:
            note = "；".join(filter(None, [_("Listed %(count)d times") % {"count": entry.count}, note]))
        values = [
            finding.canonical or "",
            labels[finding.verdict],
            str(Status(finding.status).label) if finding.status in Status.values else (finding.status or ""),
            finding.title,
            "、".join(e.number for e in finding.replacements),
            finding.effective_date,
            note,
        ]
        for offset, value in enumerate(values):
            cell = sheet.cell(row=where.row, column=first + offset, value=value)
            if offset == 5 and value is not None:
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
