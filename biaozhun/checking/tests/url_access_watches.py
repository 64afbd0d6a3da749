"""Access rows for watchlists and controlled-standards lists (merged by ``url_access``).

Every page is for signed-in users. A watch of enterprise A's is requested by everyone: only A's
members reach it; for the others it does not exist (404).
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from biaozhun.core.testing import LOGIN, SIGNED_IN, Case, expect, named

ONLY_ENTERPRISE_A = expect(404, anonymous=LOGIN, enterprise_a=200)
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _watch_of_enterprise_a(cast: Any) -> str:
    from biaozhun.checking.models import Watch, WatchKind

    watch, _ = Watch.objects.get_or_create(
        owner=cast.users["enterprise_a"],
        organisation=cast.orgs["enterprise_a"],
        kind=WatchKind.WORK,
        target="GB/T 12771",
    )
    return reverse("checking:watch_archive", kwargs={"public_id": watch.public_id})


def _list_upload(cast: Any) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("list.txt", b"GB/T 12771-2019\n")}


ACCESS: dict[str, list[Case]] = {
    "checking:watch_list": [
        Case(named("checking:watch_list"), SIGNED_IN),
        Case(lambda cast: reverse("checking:watch_list") + "?kind=work", SIGNED_IN, note="filtered"),
    ],
    "checking:watch_export": [Case(named("checking:watch_export"), SIGNED_IN)],
    "checking:watch_new": [
        Case(lambda cast: reverse("checking:watch_new") + "?kind=work&target=GB/T 12771", SIGNED_IN),
        Case(
            named("checking:watch_new"),
            SIGNED_IN,
            method="post",
            data={"kind": "edition", "target": "no"},
            note="invalid: the form again",
        ),
    ],
    "checking:watch_archive": [
        Case(_watch_of_enterprise_a, ONLY_ENTERPRISE_A, note="confirmation page of A's watch"),
        Case(
            _watch_of_enterprise_a,
            expect(404, anonymous=LOGIN, enterprise_a=302),
            method="post",
            note="archiving A's watch",
        ),
        Case(
            named("checking:watch_archive", public_id=UNKNOWN), expect(404, anonymous=LOGIN), note="unknown"
        ),
    ],
    "checking:controlled_list_list": [Case(named("checking:controlled_list_list"), SIGNED_IN)],
    "checking:controlled_list_new": [
        Case(named("checking:controlled_list_new"), SIGNED_IN),
        Case(
            named("checking:controlled_list_new"),
            SIGNED_IN,
            method="post",
            data=_list_upload,
            note="a .txt file: the form again with the error",
        ),
    ],
}
