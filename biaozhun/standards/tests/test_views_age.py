"""The standard age page: public figures, a printable layout, the review list and its Excel export."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from biaozhun.core.models import AuditAction, AuditEvent
from biaozhun.standards.models import Level
from biaozhun.standards.selectors.age import years_before
from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue() -> None:
    today = timezone.localdate()
    EditionFactory.create(
        number="DB4420/T 1-2012",
        level=Level.LOCAL,
        title_zh="灯饰产品通用要求",
        implemented_on=years_before(today, 12),
        issuing_body="中山市市场监督管理局",
    )
    EditionFactory.create(
        number="DB4420/T 9-2025",
        level=Level.LOCAL,
        title_zh="新的地方标准",
        implemented_on=years_before(today, 1),
        issuing_body="中山市市场监督管理局",
    )
    EditionFactory.create(
        number="GB 1-2000",
        title_zh="国家标准",
        implemented_on=dt.date(2000, 1, 1),
        issuing_body="国家市场监督管理总局",
    )


@pytest.mark.parametrize("persona", ["anonymous", "enterprise_a", "bureau_admin"])
def test_everyone_sees_the_age_figures_and_the_review_list(
    persona: str, client_for: Any, catalogue: None
) -> None:
    page = client_for(persona).get("/standards/age/").content.decode()

    assert timezone.localdate().strftime("%Y-%m-%d") in page  # the day the figures are for
    assert "DB4420/T 1-2012" in page  # twelve years old: due for review
    assert "DB4420/T 9-2025" not in page.split('id="review"')[1]
    assert "window.print()" in page and "@media print" in page


def test_a_chosen_issuing_body_limits_that_table(client_for: Any, catalogue: None) -> None:
    page = client_for("anonymous").get("/standards/age/", {"body": "国家市场监督管理总局"}).content.decode()
    table = page.split('id="bodies"')[1].split("</form>")[1].split('id="review"')[0]
    assert "国家市场监督管理总局" in table
    assert "中山市市场监督管理局" not in table  # offered in the chooser, not shown as a row


def test_the_review_list_exports_to_excel_and_the_export_is_audited(client_for: Any, catalogue: None) -> None:
    response = client_for("anonymous").get("/standards/age/export.xlsx")

    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["DB4420/T 1-2012"]
    assert rows[0][3] == pytest.approx(12.0, abs=0.05)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, note__startswith="standard age").exists()


def test_an_empty_catalogue_shows_empty_states(client_for: Any) -> None:
    response = client_for("anonymous").get("/standards/age/")
    assert response.status_code == 200
    assert "empty-state" in response.content.decode()
