"""Validity checks (查新) of lists: run one, read its results, take them away as Excel or PDF.

Every page is for signed-in users; a check is fetched through ``Check.objects.visible_to`` (its
owner and its organisation), so anyone else, the bureau included, gets a 404 for a guessed id.
The results shown are those kept on the check, as they were on the day it ran.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from biaozhun.checking import inputs, outputs, reports, results
from biaozhun.checking.forms.checks import CheckForm, RerunForm
from biaozhun.checking.models import Check, CheckKind
from biaozhun.checking.selectors import checks as selectors
from biaozhun.checking.services import checks as services
from biaozhun.checking.verdicts import Verdict
from biaozhun.core.audit import audit_record
from biaozhun.core.excel import XLSX_CONTENT_TYPE
from biaozhun.core.models import AuditAction
from biaozhun.core.pagination import paginate

RESULTS_PER_PAGE = 50
SHEET_SUFFIXES = (".csv", ".xlsx")


def _attachment(response: HttpResponse, filename: str, fallback: str) -> HttpResponse:
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def _edition_url(number: str | None) -> str:
    if not number:
        return ""
    try:
        return reverse("standards:detail", kwargs={"number": number})
    except NoReverseMatch:
        return ""


def _decorate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a row of the result table needs besides the stored result: the verdict's label and
    colour, and links to the catalogue's pages."""
    labels = outputs.verdict_labels()
    for row in rows:
        verdict = str(row.get("verdict") or "")
        row["label"] = labels.get(verdict, verdict)
        row["tone"] = outputs.verdict_tone(verdict)
        row["edition_url"] = _edition_url(row.get("edition"))
        row["use_instead"] = [
            {"number": number, "url": _edition_url(number)} for number in row.get("replacements") or []
        ]
        row["section_label"] = outputs.section_label(row.get("section"))
    return rows


def _sheet_names(check: Check) -> list[str]:
    if not check.file or not check.file_name.lower().endswith(".xlsx"):
        return []
    from openpyxl import load_workbook

    try:
        with check.file.open("rb") as stored:
            book = load_workbook(stored, read_only=True)
            names = list(book.sheetnames)
            book.close()
    except Exception:  # a kept file that no longer opens: offer no sheet choice
        return []
    return names


def _can_rerun(check: Check) -> bool:
    return (
        bool(check.file) and check.kind == CheckKind.LIST and check.file_name.lower().endswith(SHEET_SUFFIXES)
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_new(request: HttpRequest) -> HttpResponse:
    form = CheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        check = services.check_create(
            by=request.user,
            listed=form.listed,
            file_name=form.file_name,
            data=form.upload_data,
            title=form.cleaned_data["title"],
        )
        return redirect(check)
    return render(
        request,
        "checking/check_new.html",
        {
            "form": form,
            "explanations": _explanations(),
            "recent": selectors.recent_checks(user=request.user),
            "max_entries": services.MAX_ENTRIES,
        },
    )


def _explanations() -> list[tuple[str, str, str, str]]:
    labels, texts = outputs.verdict_labels(), outputs.verdict_explanations()
    return [(v, labels[v], texts[v], outputs.verdict_tone(v)) for v in results.VERDICT_ORDER]


@login_required
@require_GET
def check_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.check_list(user=request.user))
    for check in page.object_list:
        check.summary = results.summarise(check.counts, check.entry_count)
    return render(request, "checking/check_list.html", {"page_obj": page})


@login_required
@require_GET
def check_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    check = selectors.check_get(user=request.user, public_id=public_id)
    verdict = request.GET.get("verdict", "")
    if verdict not in {str(v) for v in Verdict}:
        verdict = ""
    section = request.GET.get("section", "")
    if section not in ("", results.NORMATIVE, "elsewhere"):
        section = ""
    text = request.GET.get("q", "")[:100]
    distinct = request.GET.get("once") == "1"
    rows = results.filter_results(
        check.results, verdict=verdict, text=text, distinct=distinct, section=section
    )
    page = paginate(request, rows, per_page=RESULTS_PER_PAGE)
    page.object_list = _decorate(list(page.object_list))
    labels = outputs.verdict_labels()
    summary = results.summarise(check.counts, check.entry_count)
    context = {
        "check": check,
        "page_obj": page,
        "summary": summary,
        "cards": [(v, labels.get(v, v), n, outputs.verdict_tone(v)) for v, n in summary.counts],
        "filters": {"verdict": verdict, "q": text, "once": distinct, "section": section},
        "filtered": bool(verdict or text or distinct or section),
        "is_document": check.kind == CheckKind.DOCUMENT,
        "own_workbook": outputs.gives_own_workbook(check),
        "column_letter": results.column_letter(check.column),
        "column_number": check.column + 1 if check.column is not None else None,
        "explanations": _explanations(),
        "rerun_form": RerunForm(
            initial={"column": (check.column or 0) + 1, "sheet": check.sheet},
            sheets=_sheet_names(check),
        )
        if _can_rerun(check)
        else None,
    }
    return render(request, "checking/check_detail.html", context)


@login_required
@require_POST
def check_rerun(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Read the kept sheet again from the column (and sheet) the user names: a new check."""
    check = selectors.check_get(user=request.user, public_id=public_id)
    if not _can_rerun(check):
        raise Http404
    form = RerunForm(request.POST, sheets=_sheet_names(check))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(check)
    try:
        again = services.check_rerun(
            check=check,
            by=request.user,
            column=form.cleaned_data["column"] - 1,
            sheet=form.cleaned_data.get("sheet") or None,
        )
    except inputs.InputError as error:
        messages.error(request, str(error))
        return redirect(check)
    messages.success(request, _("The file was checked again from the column you chose."))
    return redirect(again)


def _download_name(check: Check, what: str, suffix: str) -> str:
    name = check.title or (check.file_name.rsplit(".", 1)[0] if check.file_name else "")
    stamp = check.checked_at.strftime("%Y%m%d")
    return f"{what} {name} {stamp}{suffix}".replace("  ", " ")


@login_required
@require_GET
def check_excel(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The user's own workbook with the results appended, or a new workbook for any other input."""
    check = selectors.check_get(user=request.user, public_id=public_id)
    content = outputs.check_workbook(check)
    audit_record(
        action=AuditAction.EXPORT, obj=check, note=f"validity check results: {check.entry_count} entries"
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, _download_name(check, _("Validity check results"), ".xlsx"), "results.xlsx")


@login_required
@require_GET
def check_report(request: HttpRequest, public_id: Any) -> HttpResponse:
    """The validity check report (查新报告) as a PDF; for a long list, a page saying it is being
    prepared (202) until the background task has drawn it."""
    check = selectors.check_get(user=request.user, public_id=public_id)
    content = reports.report_for(check)
    if content is None:  # a long list: drawn in the background, this page reloads until it is there
        return render(request, "checking/check_report_pending.html", {"check": check}, status=202)
    audit_record(action=AuditAction.EXPORT, obj=check, note="validity check report (PDF)")
    response = HttpResponse(content, content_type="application/pdf")
    return _attachment(response, _download_name(check, _("Validity check report"), ".pdf"), "report.pdf")
