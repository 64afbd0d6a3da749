"""The public pages show what the law makes public, and nothing else."""

from __future__ import annotations

import csv
import io
from typing import Any
from typing import cast as cast_any_typing

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from biaozhun.declarations.models import DeclarationStatus, ScreeningFinding, Severity, VersionState
from biaozhun.declarations.tests.factories import (
    DeclarationVersionFactory,
    IndicatorFactory,
    ProductFactory,
    published_declaration,
)
from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def _detail(client: Any, declaration: Any) -> Any:
    return client.get(reverse("declarations:public_detail", kwargs={"public_id": declaration.public_id}))


def test_detail_shows_the_public_fields_and_hides_users_and_findings(client: Any, personas: Any) -> None:
    signer = personas["enterprise_a"]
    declaration = published_declaration(by=signer, standard_number="Q/SL 7-2026", standard_title="灯具")
    IndicatorFactory.create(
        version=declaration.current,
        name="显色指数",
        test_method="GB/T 5702-2019",
        below_recommended=True,
        below_explanation="用于装饰照明",
    )
    ScreeningFinding.objects.create(
        version=cast_any_typing(Any, declaration.current),
        rule="x.secret",
        severity=Severity.WARNING,
        message="内部审查意见",
    )
    body = _detail(client, declaration).content.decode()
    assert declaration.organisation.name in body and declaration.organisation.uscc in body
    assert "Q/SL 7-2026" in body and "显色指数" in body and "GB/T 5702-2019" in body
    assert "用于装饰照明" in body and "<svg" in body
    assert signer.username not in body and signer.full_name not in body
    assert "内部审查意见" not in body


def test_catalogue_standard_links_to_the_catalogue_page(client: Any) -> None:
    edition = EditionFactory.create(number="GB/T 12771-2019", title_zh="流体输送用不锈钢焊接钢管")
    declaration = published_declaration(edition=edition)
    body = _detail(client, declaration).content.decode()
    assert reverse("standards:detail", kwargs={"number": edition.number}) in body


def test_earlier_versions_are_shown_with_dates_and_change_notes(client: Any) -> None:
    declaration = published_declaration(standard_number="Q/SL 1-2025")
    old: Any = declaration.current
    old.state = VersionState.SUPERSEDED
    old.save()
    new = DeclarationVersionFactory.create(
        declaration=declaration,
        number=2,
        state=VersionState.PUBLISHED,
        standard_number="Q/SL 1-2026",
        published_at=timezone.now(),
        change_note="改为新版企业标准",
    )
    ProductFactory.create(version=new)
    declaration.current = new
    declaration.save()
    body = _detail(client, declaration).content.decode()
    assert "Q/SL 1-2025" in body and "Q/SL 1-2026" in body and "改为新版企业标准" in body


def test_withdrawn_declaration_shows_the_reason_and_leaves_the_search(client: Any) -> None:
    declaration = published_declaration()
    declaration.status = DeclarationStatus.WITHDRAWN
    declaration.withdrawn_at = timezone.now()
    declaration.withdrawal_reason = "产品停产"
    declaration.save()
    assert "产品停产" in _detail(client, declaration).content.decode()
    search = client.get(reverse("declarations:public_search"))
    assert declaration.organisation.name not in search.content.decode()


def test_draft_of_enterprise_a_is_404_even_for_enterprise_a(
    client_for: Any, orgs: Any, personas: Any
) -> None:
    version = DeclarationVersionFactory.create(declaration__organisation=orgs["enterprise_a"])
    for persona in ("anonymous", "enterprise_a", "bureau_admin"):
        assert _detail(client_for(persona), version.declaration).status_code == 404


def test_text_is_an_attachment_with_nosniff_never_inline_html(client: Any) -> None:
    declaration = published_declaration()
    version: Any = declaration.current
    version.text_file.save("x.html", ContentFile(b"<script>alert(1)</script>"), save=False)
    version.text_file_name = "标准.html"
    version.save()
    response = client.get(
        reverse("declarations:public_text", kwargs={"public_id": declaration.public_id, "number": 1})
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "html" not in response["Content-Type"]


def test_search_filters_by_standard_number_spelled_any_way(client: Any) -> None:
    declaration = published_declaration(standard_number="GB/T 12771-2019")
    other = published_declaration(standard_number="GB/T 5702-2019")
    body = client.get(reverse("declarations:public_search"), {"standard": "gbt 12771"}).content.decode()
    assert declaration.organisation.name in body and other.organisation.name not in body


def test_search_reports_a_date_range_the_wrong_way_round(client: Any) -> None:
    response = client.get(
        reverse("declarations:public_search"), {"published_from": "2025-02-01", "published_to": "2025-01-01"}
    )
    assert response.status_code == 200 and "error-summary" in response.content.decode()


def test_open_data_csv_is_utf8_with_bom_one_row_per_product(client: Any) -> None:
    declaration = published_declaration(products=2)
    response = client.get(reverse("declarations:open_data_csv"))
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3 and rows[1][2] == declaration.organisation.uscc


def test_open_data_xlsx_holds_the_same_rows(client: Any) -> None:
    published_declaration(products=3)
    response = client.get(reverse("declarations:open_data_xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert len(list(workbook.worksheets[0].iter_rows())) == 4
