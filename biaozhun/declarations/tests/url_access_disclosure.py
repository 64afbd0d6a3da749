"""Access rows for the public disclosure pages, the open data and the migration (merged through
``declarations/tests/url_access.py``).

The public pages are open to everyone. A draft of enterprise_a is a 404 on the public page for
everyone, enterprise_a and the bureau included (the owner uses its own pages), and so is an unknown
id. The text of an enterprise standard is public for a published version; a draft's text only the
bureau may download. The migration is the bureau's.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from biaozhun.core.testing import BUREAU_ONLY, LOGIN, PUBLIC, Case, expect, named
from biaozhun.declarations.tests.factories import (
    DeclarationFactory,
    DeclarationVersionFactory,
    published_declaration,
)

NOT_FOUND = expect(404)
BUREAU_ONLY_FOUND = expect(404, bureau_admin=200)
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def _published_of_a(cast: Any) -> Any:
    declaration = published_declaration(
        organisation=cast.orgs["enterprise_a"], by=cast.users["enterprise_a"], indicators=1
    )
    version: Any = declaration.current
    version.text_file.save("q-sl.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    version.text_file_name = "企业标准.pdf"
    version.save()
    return declaration


def _draft_of_a(cast: Any) -> Any:
    declaration = DeclarationFactory.create(
        organisation=cast.orgs["enterprise_a"], created_by=cast.users["enterprise_a"]
    )
    version = DeclarationVersionFactory.create(declaration=declaration)
    version.text_file.save("draft.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    version.save()
    declaration.draft = version
    declaration.save()
    return declaration


def detail_of(factory: Any) -> Any:
    return lambda cast: reverse("declarations:public_detail", kwargs={"public_id": factory(cast).public_id})


def text_of(factory: Any) -> Any:
    return lambda cast: reverse(
        "declarations:public_text", kwargs={"public_id": factory(cast).public_id, "number": 1}
    )


def _csv_upload(cast: Any) -> dict[str, Any]:
    content = "企业名称,统一社会信用代码,标准编号,标准名称,产品名称,公开日期\n示例,bad,GB/T 1-2020,x,灯,2021-01-01\n"
    return {"file": SimpleUploadedFile("old.csv", content.encode()), "dry_run": "on"}


ACCESS: dict[str, list[Case]] = {
    "declarations:public_search": [
        Case(named("declarations:public_search"), PUBLIC),
        Case(named("declarations:public_search"), PUBLIC, data={"standard": "gbt12771", "enterprise": "甲"}),
    ],
    "declarations:public_detail": [
        Case(detail_of(_published_of_a), PUBLIC, note="published declaration of enterprise_a"),
        Case(detail_of(_draft_of_a), NOT_FOUND, note="draft of enterprise_a: 404 even for its owner"),
        Case(named("declarations:public_detail", public_id=UNKNOWN), NOT_FOUND, note="unknown id"),
    ],
    "declarations:public_text": [
        Case(text_of(_published_of_a), PUBLIC, note="text of a published enterprise standard"),
        Case(text_of(_draft_of_a), BUREAU_ONLY_FOUND, note="a draft's text: the bureau only"),
        Case(
            lambda cast: reverse(
                "declarations:public_text", kwargs={"public_id": uuid.UUID(UNKNOWN), "number": 1}
            ),
            NOT_FOUND,
            note="unknown id",
        ),
    ],
    "declarations:open_data_csv": [Case(named("declarations:open_data_csv"), PUBLIC)],
    "declarations:open_data_xlsx": [Case(named("declarations:open_data_xlsx"), PUBLIC)],
    "declarations:migration": [
        Case(named("declarations:migration"), BUREAU_ONLY),
        Case(
            named("declarations:migration"),
            expect(403, anonymous=LOGIN, bureau_admin=200),
            method="post",
            data=_csv_upload,
            note="a dry run shows the report",
        ),
    ],
    "declarations:migration_rejections": [Case(named("declarations:migration_rejections"), BUREAU_ONLY)],
}
