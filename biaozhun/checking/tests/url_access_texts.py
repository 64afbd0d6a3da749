"""Access rows for standard texts (merged through ``checking/tests/url_access.py``).

Pages for one object are requested for enterprise_a's request or file: enterprise_a and the bureau
get it, everyone else a 404 (not a 403: a guessed id must not reveal that the object exists).
A random id is a 404 for every signed-in persona, the bureau included.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse

from biaozhun.checking.models import TextChannel, TextProvision, TextRequest
from biaozhun.core.testing import BUREAU_ONLY, LOGIN, OFFICIALS, Case, expect, named
from biaozhun.standards.models import Level, Status
from biaozhun.standards.tests.factories import EditionFactory

NATIONAL_NUMBER = "GB/T 12771-2019"
LOCAL_NUMBER = "DB4420/T 1-2021"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

ENTERPRISES = expect(403, anonymous=LOGIN, enterprise_a=200, enterprise_b=200)
ENTERPRISES_POST = expect(403, anonymous=LOGIN, enterprise_a=302, enterprise_b=302)
A_AND_BUREAU = expect(404, anonymous=LOGIN, enterprise_a=200, bureau_admin=200)
NOBODY = expect(404, anonymous=LOGIN)
BUREAU_POST = expect(403, anonymous=LOGIN, bureau_admin=302)
BUREAU_GUESS = expect(403, anonymous=LOGIN, bureau_admin=404)


def _national() -> Any:
    return EditionFactory.create(
        number=NATIONAL_NUMBER,
        title_zh="流体输送用不锈钢焊接钢管",
        source_url="https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno=0D7B4F4E3A2C1B0A9F8E7D6C5B4A3F2E",
    )


def _local() -> Any:
    return EditionFactory.create(
        number=LOCAL_NUMBER, level=Level.LOCAL, code="DB4420/T", status=Status.CURRENT
    )


def request_of_a(cast: Any) -> TextRequest:
    return TextRequest.objects.create(
        owner=cast.users["enterprise_a"], organisation=cast.orgs["enterprise_a"], edition=_national()
    )


def file_given_to_a(cast: Any) -> TextProvision:
    provision = TextProvision(
        organisation=cast.orgs["enterprise_a"],
        edition=_local(),
        channel=TextChannel.FILE,
        officer=cast.users["bureau_admin"],
    )
    provision.file.save(f"{provision.public_id}.pdf", ContentFile(PDF), save=False)
    provision.save()
    return provision


def for_request_of_a(name: str) -> Callable[[Any], str]:
    return lambda cast: reverse(name, kwargs={"public_id": request_of_a(cast).public_id})


def guessed(name: str) -> Callable[[Any], str]:
    return lambda cast: reverse(name, kwargs={"public_id": uuid.uuid4()})


def _new_request_data(cast: Any) -> dict[str, Any]:
    _national()
    return {"number": "gb/t 12771-2019", "purpose": "产品设计"}


def _walk_in_data(cast: Any) -> dict[str, Any]:
    _national()
    return {
        "enterprise": cast.orgs["enterprise_a"].uscc,
        "number": NATIONAL_NUMBER,
        "channel": TextChannel.VIEWER,
    }


ACCESS: dict[str, list[Case]] = {
    "checking:text_request_list": [
        Case(named("checking:text_request_list"), ENTERPRISES),
        Case(lambda cast: reverse("checking:text_request_list") + "?view=provided", ENTERPRISES),
    ],
    "checking:text_request_new": [
        Case(lambda cast: reverse("checking:text_request_new") + "?number=GB/T%2012771-2019", ENTERPRISES),
        Case(named("checking:text_request_new"), ENTERPRISES_POST, method="post", data=_new_request_data),
    ],
    "checking:text_request_detail": [
        Case(for_request_of_a("checking:text_request_detail"), A_AND_BUREAU, note="enterprise_a's request"),
        Case(guessed("checking:text_request_detail"), NOBODY, note="a guessed id"),
    ],
    "checking:text_request_fulfil": [
        Case(
            for_request_of_a("checking:text_request_fulfil"),
            BUREAU_POST,
            method="post",
            data={"channel": TextChannel.VIEWER},
            note="enterprise_a's request, answered with the official page",
        ),
        Case(
            for_request_of_a("checking:text_request_fulfil"),
            expect(403, anonymous=LOGIN, bureau_admin=405),
            note="GET is refused: answering is a POST",
        ),
        Case(
            guessed("checking:text_request_fulfil"),
            BUREAU_GUESS,
            method="post",
            data={"channel": TextChannel.VIEWER},
            note="a guessed id",
        ),
    ],
    "checking:text_request_decline": [
        Case(for_request_of_a("checking:text_request_decline"), BUREAU_ONLY, note="the confirmation page"),
        Case(
            for_request_of_a("checking:text_request_decline"),
            BUREAU_POST,
            method="post",
            data={"reason": "尚未发布", "confirmed": "1"},
        ),
        Case(guessed("checking:text_request_decline"), BUREAU_GUESS, note="a guessed id"),
    ],
    "checking:text_queue": [Case(named("checking:text_queue"), BUREAU_ONLY)],
    "checking:text_ledger": [
        Case(
            named("checking:text_ledger"),
            BUREAU_ONLY,
            data={"year": "2026", "channel": "viewer", "sort": "-date"},
        )
    ],
    "checking:text_ledger_export": [
        Case(named("checking:text_ledger_export"), BUREAU_ONLY, data={"number": "GB"})
    ],
    "checking:text_provision_new": [
        Case(named("checking:text_provision_new"), BUREAU_ONLY),
        Case(named("checking:text_provision_new"), BUREAU_POST, method="post", data=_walk_in_data),
    ],
    "checking:text_target": [Case(named("checking:text_target"), OFFICIALS)],
    "checking:text_provision_file": [
        Case(
            lambda cast: reverse(
                "checking:text_provision_file", kwargs={"public_id": file_given_to_a(cast).public_id}
            ),
            A_AND_BUREAU,
            note="the PDF given to enterprise_a",
        ),
        Case(guessed("checking:text_provision_file"), NOBODY, note="a guessed id"),
    ],
}
