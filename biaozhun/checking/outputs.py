"""The results of a check as Excel: written back into the user's own workbook, or a new one.

Enterprises keep their controlled-standards list (受控标准清单) as a workbook with columns of their
own, other sheets, widths and styles: they get the same workbook back, every sheet and column
where it was, with the result columns appended to the right of the checked sheet and a verdict on
every row that held a number. A list that came as text (pasted, ``.txt``, a document) gets a new
workbook: the entry as given, then the same result columns.

Both work from the stored form of a result (``EntryResult.as_json()`` plus ``row``), so a kept
``Check`` gives the same file as the check had on the day; ``workbook_with_results`` converts a
fresh ``CheckReport`` to that form. Text from the user or the catalogue goes through
``core.excel.safe_cell``, so no cell can hold a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from biaozhun.checking import xlsx_xml
from biaozhun.checking.inputs import NumberList
from biaozhun.checking.services.validity import CheckReport
from biaozhun.checking.verdicts import Verdict
from biaozhun.core.excel import build_workbook, safe_cell
from biaozhun.standards.models import Status

DATE_COLUMN = 5  # "In force from", within the result columns


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


def verdict_explanations() -> dict[str, str]:
    """What each verdict means and what to do, in plain words, for the result page and the report."""
    return {
        Verdict.CURRENT: _("The edition you named is in force and no newer edition is on its way."),
        Verdict.UPCOMING_REPLACEMENT: _(
            "The edition is still in force, but a newer edition has been issued: switch to it by the "
            "date it comes into force."
        ),
        Verdict.REPLACED: _(
            "A newer edition replaces it: use the edition shown instead. When it was only partly "
            "replaced, the old edition may still apply in part."
        ),
        Verdict.WITHDRAWN: _("Withdrawn with nothing to use instead: it should no longer be cited."),
        Verdict.UNDATED: _(
            "Named without a year, which means its latest edition; the edition in force is shown."
        ),
        Verdict.NOT_FOUND: _(
            "The catalogue does not hold this number. That does not mean it was withdrawn: check the "
            "number, or ask the issuing body."
        ),
        Verdict.INVALID: _("This is not a standard number; the note says why."),
    }


def verdict_tone(verdict: str) -> str:
    """The tag colour of a verdict: green fine, yellow act soon, red act now, plain look again."""
    if verdict in (Verdict.CURRENT, Verdict.UNDATED):
        return "tag-active"
    if verdict == Verdict.UPCOMING_REPLACEMENT:
        return "tag-pending"
    if verdict in (Verdict.REPLACED, Verdict.WITHDRAWN):
        return "tag-rejected"
    return ""


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


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def status_labels() -> dict[str, str]:
    return {str(value): str(label) for value, label in Status.choices}


def result_values(
    result: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
    statuses: Mapping[str, str] | None = None,
) -> list[Any]:
    """The result columns for one stored result, in the order of ``result_headers``. ``labels``
    and ``statuses`` (``verdict_labels()``, ``status_labels()``) are passed in by callers that
    write many rows, so each is translated once."""
    labels = labels or verdict_labels()
    statuses = statuses or status_labels()
    status = result.get("status") or ""
    note = result.get("reason") or ""
    if result.get("partial"):
        note = "；".join(filter(None, [_("Partial replacement"), note]))
    if result.get("duplicate"):
        note = "；".join(
            filter(None, [_("Listed %(count)d times") % {"count": result.get("count", 0)}, note])
        )
    verdict = str(result.get("verdict") or "")
    return [
        safe_cell(result.get("canonical") or ""),
        labels.get(verdict, verdict),
        statuses.get(status, status),
        safe_cell(result.get("title") or ""),
        safe_cell("、".join(result.get("replacements") or [])),
        _date(result.get("effective_date")),
        safe_cell(note),
    ]


def workbook_with_stored_results(
    data: bytes, *, sheet: str | None, header_row: int | None, results: Sequence[Mapping[str, Any]]
) -> bytes:
    """``data`` (the user's ``.xlsx``) with the stored ``results`` appended to their rows (``row``).

    The result cells are added to the sheet's XML directly and every other part of the file is
    copied as it was: quicker than loading and saving the workbook with openpyxl (a 10,000-row
    list in well under a second instead of ten), and faithful to what openpyxl would drop
    (images, charts, comments). A workbook whose XML is not as Excel and openpyxl write it
    (cells without references) goes through openpyxl instead.
    """
    labels, statuses = verdict_labels(), status_labels()
    rows = {int(r["row"]): result_values(r, labels, statuses) for r in results}
    try:
        return xlsx_xml.append_columns(
            data, sheet=sheet, header_row=header_row, headers=result_headers(), rows=rows
        )
    except xlsx_xml.Unsupported:
        return _with_openpyxl(data, sheet=sheet, header_row=header_row, rows=rows)


def _with_openpyxl(
    data: bytes, *, sheet: str | None, header_row: int | None, rows: Mapping[int, list[Any]]
) -> bytes:
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet] if sheet and sheet in book.sheetnames else book.worksheets[0]
    first = ws.max_column + 1
    if header_row:
        for offset, title in enumerate(result_headers()):
            ws.cell(row=header_row, column=first + offset, value=title).font = Font(bold=True)
    for row, values in rows.items():
        for offset, value in enumerate(values):
            cell = ws.cell(row=row, column=first + offset, value=value)
            if offset == DATE_COLUMN and value is not None:
                cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_with_results(data: bytes, listed: NumberList, report: CheckReport) -> bytes:
    """``data`` (the user's ``.xlsx``) with the results appended to the checked sheet's rows."""
    results = [
        {**entry.as_json(), "row": where.row}
        for entry, where in zip(report.entries, listed.entries, strict=True)
    ]
    return workbook_with_stored_results(
        data, sheet=listed.sheet, header_row=listed.header_row, results=results
    )


def document_headers() -> list[str]:
    return [_("Part of the document"), _("Page"), _("Paragraph"), _("Context")]


def section_label(section: str | None) -> str:
    if not section:
        return ""
    return _("Normative references") if section == "normative" else _("Elsewhere in the text")


def results_workbook(results: Sequence[Mapping[str, Any]], *, document: bool = False) -> Workbook:
    """A new workbook: the line or row, the entry as given, the result columns (and for a document,
    where each reference was found)."""
    headers = [_("Line"), _("Entry as given"), *result_headers()]
    if document:
        headers += document_headers()
    labels, statuses = verdict_labels(), status_labels()

    def rows() -> Any:
        for result in results:
            row = [result.get("row"), result.get("input"), *result_values(result, labels, statuses)]
            if document:
                row += [
                    section_label(result.get("section")),
                    result.get("page"),
                    result.get("paragraph"),
                    result.get("context"),
                ]
            yield row

    return build_workbook(_("Validity check"), headers, rows())


def gives_own_workbook(check: Any) -> bool:
    """Whether the Excel file of ``check`` is the user's own workbook (an ``.xlsx`` list upload)."""
    from biaozhun.checking.models import CheckKind

    return bool(check.file) and check.kind == CheckKind.LIST and check.file_name.lower().endswith(".xlsx")


def check_workbook(check: Any) -> bytes:
    """The Excel file of a kept ``Check``: the user's own workbook with the results appended when
    the check came from an ``.xlsx`` upload, else a new workbook of the entries and results."""
    from biaozhun.checking.models import CheckKind

    if gives_own_workbook(check):
        with check.file.open("rb") as stored:
            data = stored.read()
        return workbook_with_stored_results(
            data, sheet=check.sheet or None, header_row=check.header_row, results=check.results
        )
    out = io.BytesIO()
    results_workbook(check.results, document=check.kind == CheckKind.DOCUMENT).save(out)
    return out.getvalue()


def report_pdf(check: Any, *, base_url: str | None = None) -> bytes:
    """The validity check report (查新报告) of a kept ``Check`` as PDF, from ``checking/report.html``.

    It lists each distinct number once with its verdict, and says that the verdicts are those of
    the catalogue on its as-of date: a report is evidence of what was known that day.
    """
    import weasyprint
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.utils import timezone

    from biaozhun.checking import results as stored
    from biaozhun.checking.models import CheckKind

    labels = verdict_labels()
    summary = stored.summarise(check.counts, check.entry_count)
    rows = []
    for index, result in enumerate(stored.distinct_results(check.results), start=1):
        verdict = str(result.get("verdict") or "")
        rows.append(
            {
                **result,
                "index": index,
                "label": labels.get(verdict, verdict),
                "needs_action": verdict in stored.NEEDS_ACTION,
                "section_label": section_label(result.get("section")),
            }
        )
    explanations = verdict_explanations()
    html = render_to_string(
        "checking/report.html",
        {
            "check": check,
            "site_name": settings.SITE_NAME,
            "summary": summary,
            "counts": [(labels.get(v, v), n) for v, n in summary.counts],
            "rows": rows,
            "is_document": check.kind == CheckKind.DOCUMENT,
            "explanations": [(labels[v], explanations[v]) for v in stored.VERDICT_ORDER if v in check.counts],
            "generated_at": timezone.now(),
        },
    )
    return bytes(weasyprint.HTML(string=html, base_url=base_url).write_pdf())
