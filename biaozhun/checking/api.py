"""Validity checks (查新) over the API, mounted at /api/checks.

``POST /api/checks`` checks a list of numbers and keeps the check, as the page does;
``GET /api/checks`` lists the caller's checks (their own and their organisation's, as on the
page) and ``GET /api/checks/{id}`` gives one with every result. Signed-in callers only (session
or API token); a check the caller may not see is a 404, like one that does not exist.

No ``from __future__ import annotations`` here: django-ninja reads the annotations at import time.
"""

import datetime as dt
import uuid
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import StringConstraints

from biaozhun.accounts.api_auth import signed_in
from biaozhun.checking import inputs
from biaozhun.checking.models import Check
from biaozhun.checking.selectors import checks as selectors
from biaozhun.checking.services import checks as services

router = Router(tags=["checks"])

NumberText = Annotated[str, StringConstraints(max_length=200)]


class Message(Schema):
    detail: str


class ValidationErrorOut(Schema):
    """ninja's answer to a body or parameter that does not fit the schema (status 422)."""

    detail: list[dict[str, Any]]


class CheckIn(Schema):
    numbers: list[NumberText] = Field(
        ...,
        min_length=1,
        max_length=services.MAX_ENTRIES,
        description="The standard numbers to check, in your order (at most 10,000; any common spelling).",
    )
    title: str = Field("", max_length=200, description="A name for the check, e.g. the list's name.")


class ResultOut(Schema):
    row: int = Field(
        description="1-based position in the list sent (or the line or row of an uploaded file)."
    )
    input: str
    canonical: str | None = Field(
        description="The number as the catalogue writes it; null when it cannot be read."
    )
    verdict: str = Field(
        description="current, upcoming_replacement, replaced, withdrawn, undated, not_found or invalid."
    )
    status: str | None = Field(description="The catalogue status of the edition found.")
    title: str | None
    edition: str | None = Field(description="The edition found (for an undated number, the one in force).")
    replacement: str | None = Field(description="The edition to use instead, when there is exactly one.")
    replacements: list[str]
    partial: bool = Field(description="Whether a replacement on the way was partial (部分代替).")
    effective_date: dt.date | None = Field(description="When the edition to use comes (or came) into force.")
    reason: str | None = Field(description="Why an entry is not a valid number.")
    count: int = Field(description="How many entries of the list share this number.")
    duplicate: bool = Field(description="Whether an earlier entry already had this number.")
    section: str | None = Field(None, description="Documents only: normative or elsewhere.")
    page: int | None = Field(None, description="Documents only.")
    paragraph: int | None = Field(None, description="Documents only.")
    context: str | None = Field(None, description="Documents only: the text around the reference.")


class CheckSummaryOut(Schema):
    id: uuid.UUID
    title: str
    kind: str
    file_name: str
    as_of: dt.datetime | None = Field(description="When the catalogue was last brought up to date.")
    checked_at: dt.datetime
    entry_count: int
    counts: dict[str, int] = Field(description="Distinct numbers per verdict.")
    url: str

    @staticmethod
    def resolve_id(obj: Check) -> uuid.UUID:
        return obj.public_id

    @staticmethod
    def resolve_url(obj: Check) -> str:
        return obj.get_absolute_url()


class CheckOut(CheckSummaryOut):
    results: list[ResultOut]


@router.post(
    "/checks",
    response={201: CheckOut, 422: ValidationErrorOut},
    auth=signed_in,
    url_name="checks",
    summary="Check a list of standard numbers (查新)",
    description="Every number is checked against the catalogue and the check is kept, as on the "
    "validity check page; the answer has one result per number, in the order sent.",
)
def check_create(request: HttpRequest, payload: CheckIn) -> tuple[int, Check]:
    listed = inputs.NumberList([inputs.Entry(text, row) for row, text in enumerate(payload.numbers, start=1)])
    check = services.check_create(by=request.auth, listed=listed, title=payload.title)  # type: ignore[attr-defined]
    return 201, check


@router.get(
    "/checks",
    response=list[CheckSummaryOut],
    auth=signed_in,
    url_name="checks",
    summary="The caller's validity checks, newest first",
    description="The checks the caller and their organisation ran, without their results.",
)
@paginate
def check_list(request: HttpRequest) -> QuerySet[Check]:
    return selectors.check_list(user=request.auth)  # type: ignore[attr-defined]


@router.get(
    "/checks/{public_id}",
    response={200: CheckOut, 404: Message},
    auth=signed_in,
    url_name="checks_detail",
    summary="One validity check with every result",
)
def check_detail(request: HttpRequest, public_id: uuid.UUID) -> Check:
    try:
        return selectors.check_get(user=request.auth, public_id=public_id)  # type: ignore[attr-defined]
    except Http404 as exc:
        raise HttpError(404, "Unknown validity check.") from exc
