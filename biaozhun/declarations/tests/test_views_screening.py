"""The bureau's screening pages: the queue and its export, closing a finding, baselines and categories."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook

from biaozhun.declarations.models import (
    FindingState,
    MandatoryBaseline,
    ProductCategory,
    ScreeningFinding,
    Severity,
)
from biaozhun.declarations.tests.factories import ProductCategoryFactory, published_declaration

pytestmark = pytest.mark.django_db


def finding(
    organisation, rule="executed.replaced", severity=Severity.ERROR, message="已被代替"
) -> ScreeningFinding:
    declaration = published_declaration(organisation=organisation, standard_number="Q/SL 1-2026")
    assert declaration.current is not None
    return ScreeningFinding.objects.create(
        version=declaration.current, rule=rule, severity=severity, message=message
    )


def test_the_queue_lists_open_findings_and_filters_by_rule_severity_and_enterprise(client_for, orgs):
    replaced = finding(orgs["enterprise_a"], message="甲的代替问题")
    duplicate = finding(
        orgs["enterprise_b"], rule="declaration.duplicate", severity=Severity.WARNING, message="乙的重复"
    )
    closed = finding(
        orgs["enterprise_a"], rule="text.missing_parts", severity=Severity.WARNING, message="已关闭的"
    )
    closed.state = FindingState.DISMISSED
    closed.save()
    client = client_for("bureau_admin")
    url = reverse("declarations:screening_queue")

    page = client.get(url).content.decode()
    assert replaced.message in page and duplicate.message in page and closed.message not in page
    assert replaced.message not in client.get(url, {"rule": "declaration.duplicate"}).content.decode()
    assert duplicate.message not in client.get(url, {"severity": "error"}).content.decode()
    by_enterprise = client.get(url, {"enterprise": orgs["enterprise_b"].name[:2]}).content.decode()
    assert duplicate.message in by_enterprise and replaced.message not in by_enterprise
    assert closed.message in client.get(url, {"state": "dismissed"}).content.decode()


def test_an_empty_queue_says_so(client_for):
    response = client_for("bureau_admin").get(reverse("declarations:screening_queue"))
    assert response.status_code == 200
    assert "No findings" in response.content.decode() or "没有" in response.content.decode()


def test_the_queue_exports_the_filtered_findings_to_excel(client_for, orgs):
    finding(orgs["enterprise_a"], message="甲的代替问题")
    finding(orgs["enterprise_b"], rule="declaration.duplicate", severity=Severity.WARNING, message="乙的重复")
    response = client_for("bureau_admin").get(reverse("declarations:screening_export"), {"severity": "error"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2  # header and the one error
    assert rows[1][0] == orgs["enterprise_a"].name
    assert rows[1][4] == "executed.replaced"


def test_the_bureau_resolves_a_finding_with_a_reason(client_for, orgs, personas):
    item = finding(orgs["enterprise_a"])
    client = client_for("bureau_admin")
    detail = client.get(reverse("declarations:finding_detail", kwargs={"pk": item.pk})).content.decode()
    assert item.message in detail and 'name="reason"' in detail
    response = client.post(
        reverse("declarations:finding_resolve", kwargs={"pk": item.pk}), {"reason": "已改为现行标准"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.state, item.resolution, item.resolved_by) == (
        FindingState.RESOLVED,
        "已改为现行标准",
        personas["bureau_admin"],
    )


def test_dismissing_without_a_reason_shows_the_error_and_changes_nothing(client_for, orgs):
    item = finding(orgs["enterprise_a"])
    response = client_for("bureau_admin").post(
        reverse("declarations:finding_dismiss", kwargs={"pk": item.pk}), {"reason": "  "}
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    item.refresh_from_db()
    assert item.state == FindingState.OPEN


def test_an_enterprise_cannot_close_a_finding_even_on_its_own_declaration(client_for, orgs):
    item = finding(orgs["enterprise_a"])
    response = client_for("enterprise_a").post(
        reverse("declarations:finding_dismiss", kwargs={"pk": item.pk}), {"reason": "不是问题"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.state == FindingState.OPEN


def test_an_enterprise_cannot_see_another_enterprises_finding(client_for, orgs):
    item = finding(orgs["enterprise_a"])
    response = client_for("enterprise_b").get(reverse("declarations:finding_detail", kwargs={"pk": item.pk}))
    assert response.status_code == 403
    assert not ScreeningFinding.objects.visible_to(AnonymousUser()).exists()


def test_the_bureau_adds_edits_and_stops_using_a_baseline(client_for):
    category = ProductCategoryFactory.create(name="灯具")
    client = client_for("bureau_admin")
    data = {
        "category": category.pk,
        "indicator": "光效",
        "direction": "ge",
        "limit": "80",
        "unit": "lm/W",
        "source_standard": "GB 30255-2019",
        "note": "",
    }
    assert client.post(reverse("declarations:baseline_new"), data).status_code == 302
    baseline = MandatoryBaseline.objects.get()
    assert baseline.limit == Decimal("80")

    data["limit"] = "85"
    client.post(reverse("declarations:baseline_edit", kwargs={"pk": baseline.pk}), data)
    baseline.refresh_from_db()
    assert baseline.limit == Decimal("85")

    client.post(reverse("declarations:baseline_archive", kwargs={"pk": baseline.pk}))
    baseline.refresh_from_db()
    assert baseline.is_active is False
    assert "GB 30255-2019" not in client.get(reverse("declarations:baseline_list")).content.decode()
    listed = client.get(reverse("declarations:baseline_list"), {"inactive": "1"}).content.decode()
    assert "GB 30255-2019" in listed


def test_a_baseline_form_shows_every_error_at_once(client_for):
    response = client_for("bureau_admin").post(reverse("declarations:baseline_new"), {"direction": "xx"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="error-message"') >= 4  # category, indicator, direction, limit, source


def test_a_duplicate_baseline_of_one_source_is_refused(client_for):
    category = ProductCategoryFactory.create(name="灯具")
    MandatoryBaseline.objects.create(
        category=category,
        indicator="光效",
        direction="ge",
        limit=Decimal("80"),
        source_standard="GB 30255-2019",
    )
    data = {
        "category": category.pk,
        "indicator": "光效",
        "direction": "ge",
        "limit": "90",
        "source_standard": "GB 30255-2019",
    }
    response = client_for("bureau_admin").post(reverse("declarations:baseline_new"), data)
    assert response.status_code == 200
    assert MandatoryBaseline.objects.count() == 1


def test_the_baselines_export_to_excel(client_for):
    category = ProductCategoryFactory.create(name="灯具")
    MandatoryBaseline.objects.create(
        category=category,
        indicator="光效",
        direction="ge",
        limit=Decimal("80"),
        source_standard="GB 30255-2019",
    )
    response = client_for("bureau_admin").get(reverse("declarations:baseline_list"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "灯具" and rows[1][5] == "GB 30255-2019"


def test_the_bureau_adds_and_renames_a_category_and_takes_it_out_of_use(client_for):
    client = client_for("bureau_admin")
    client.post(
        reverse("declarations:category_new"), {"name": "家用电器", "description": "", "is_active": "on"}
    )
    category = ProductCategory.objects.get(name="家用电器")
    client.post(
        reverse("declarations:category_edit", kwargs={"pk": category.pk}),
        {"name": "家用电器类", "description": "小家电"},
    )
    category.refresh_from_db()
    assert (category.name, category.description, category.is_active) == ("家用电器类", "小家电", False)
    assert "家用电器类" in client.get(reverse("declarations:category_list")).content.decode()
