"""Access rows for the validity checks of lists (merged by ``checking/tests/url_access.py``).

Every page is for signed-in users. A check is its owner's and its organisation's: each object URL
is requested for a check made on the fly for enterprise_a, which only enterprise_a gets; everyone
else, the bureau included, gets a 404, as they do for an id that does not exist.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse

from biaozhun.checking.models import Check
from biaozhun.core.testing import API_SIGNED_IN, LOGIN, SIGNED_IN, Case, expect, named

UNKNOWN_CHECK = "00000000-0000-4000-8000-000000000000"
OWNER_ONLY = expect(404, anonymous=LOGIN, enterprise_a=200)
NOBODY = expect(404, anonymous=LOGIN)
API_OWNER_ONLY = expect(404, anonymous=401, enterprise_a=200)
API_NOBODY = expect(404, anonymous=401)


def _sheet() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["标准号"])
    sheet.append(["GB/T 12771-2008"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check(cast: Any) -> Check:
    """A check of enterprise_a's, with its workbook kept (so it can be checked again)."""
    user = cast.users["enterprise_a"]
    check = Check.objects.filter(owner=user).first()
    if check is None:
        check = Check(
            owner=user,
            organisation=cast.orgs["enterprise_a"],
            file_name="受控标准清单.xlsx",
            column=0,
            header_row=1,
            sheet="Sheet",
            entry_count=1,
            counts={"not_found": 1},
            results=[
                {
                    "input": "GB/T 12771-2008",
                    "canonical": "GB/T 12771-2008",
                    "verdict": "not_found",
                    "status": None,
                    "title": None,
                    "edition": None,
                    "replacement": None,
                    "replacements": [],
                    "partial": False,
                    "effective_date": None,
                    "reason": None,
                    "count": 1,
                    "duplicate": False,
                    "row": 2,
                }
            ],
        )
        check.file.save("access.xlsx", ContentFile(_sheet()), save=False)
        check.save()
    return check


def of_check(name: str) -> Callable[[Any], str]:
    return lambda cast: reverse(name, kwargs={"public_id": _check(cast).public_id})


def object_cases(name: str, found: dict[str, int], missing: dict[str, int], **kwargs: Any) -> list[Case]:
    return [
        Case(of_check(name), found, **kwargs),
        Case(named(name, public_id=UNKNOWN_CHECK), missing, note="unknown check", **kwargs),
    ]


ACCESS: dict[str, list[Case]] = {
    "checking:check_list": [Case(named("checking:check_list"), SIGNED_IN)],
    "checking:check_new": [
        Case(named("checking:check_new"), SIGNED_IN),
        Case(named("checking:check_new"), SIGNED_IN, method="post", note="nothing given: the form again"),
    ],
    "checking:check_detail": object_cases("checking:check_detail", OWNER_ONLY, NOBODY),
    "checking:check_excel": object_cases("checking:check_excel", OWNER_ONLY, NOBODY),
    "checking:check_report": object_cases("checking:check_report", OWNER_ONLY, NOBODY),
    "checking:check_rerun": object_cases(
        "checking:check_rerun",
        expect(404, anonymous=LOGIN, enterprise_a=302),
        NOBODY,
        method="post",
        data={"column": 1},
    ),
}

ACCESS.update(
    {
        "api-1.0.0:checks": [
            Case(named("api-1.0.0:checks"), API_SIGNED_IN),
            Case(
                named("api-1.0.0:checks"),
                expect(400, anonymous=401),
                method="post",
                note="a form body, not JSON: cannot be parsed (test_api.py posts JSON)",
            ),
        ],
        "api-1.0.0:checks_detail": object_cases("api-1.0.0:checks_detail", API_OWNER_ONLY, API_NOBODY),
    }
)
