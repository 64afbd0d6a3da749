"""The declaring pages as an enterprise member uses them: from the task list to the confirmation,
and what another enterprise, an official or an anonymous visitor gets."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from biaozhun.declarations.models import Declaration, DeclarationStatus, VersionState
from biaozhun.declarations.tests.factories import ProductCategoryFactory, published_declaration

pytestmark = pytest.mark.django_db


def url(name: str, declaration: Any, **kwargs: Any) -> str:
    return reverse(name, kwargs={"public_id": declaration.public_id, **kwargs})


def test_enterprise_a_declares_its_own_standard_with_indicators_and_products_and_publishes_it(
    client_for: Any, orgs: Any
) -> None:
    category = ProductCategoryFactory.create(name="灯具")
    client = client_for("enterprise_a")
    response = client.post(reverse("declarations:start"))
    declaration = Declaration.objects.get(organisation=orgs["enterprise_a"])
    assert response.status_code == 302 and response["Location"] == url("declarations:task_list", declaration)
    page = client.get(url("declarations:task_list", declaration)).content.decode()
    assert url("declarations:step_standard", declaration) in page
    assert url("declarations:check_answers", declaration) not in page  # cannot start yet

    response = client.post(
        url("declarations:step_standard", declaration),
        {"kind": "enterprise", "number": "Q/ZSJS 001-2026", "title": "LED吸顶灯"},
    )
    assert response["Location"] == url("declarations:step_text", declaration)
    text = SimpleUploadedFile("Q-ZSJS-001.pdf", b"%PDF-1.7\n", content_type="application/pdf")
    assert client.post(url("declarations:step_text", declaration), {"text_file": text}).status_code == 302

    for model in ("XD-1", "XD-2"):
        response = client.post(
            url("declarations:product_add", declaration),
            {"name": "LED吸顶灯", "model": model, "category": category.pk, "barcode": "6901234567892"},
        )
        assert response.status_code == 302, response.content.decode()
    response = client.post(
        url("declarations:indicator_add", declaration),
        {"name": "光效", "comparison": "ge", "value": "90", "unit": "lm/W", "test_method": "GB/T 9468-2008"},
    )
    assert response.status_code == 302
    page = client.get(url("declarations:check_answers", declaration)).content.decode()
    assert "disabled" in page  # the commitment is not signed yet
    assert client.post(url("declarations:step_commitment", declaration), {"confirm": "on"}).status_code == 302

    page = client.get(url("declarations:check_answers", declaration)).content.decode()
    assert "Q/ZSJS 001-2026" in page and "XD-2" in page and "GB/T 9468-2008" in page
    response = client.post(url("declarations:publish", declaration))
    assert response["Location"] == url("declarations:confirmation", declaration)
    assert client.get(response["Location"]).status_code == 200

    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.PUBLISHED
    assert declaration.first_published_at is not None
    assert [v.state for v in declaration.versions.all()] == [VersionState.PUBLISHED]
    current: Any = declaration.current
    assert current.products.count() == 2 and current.indicators.count() == 1


def test_a_step_shows_every_problem_at_once(client_for: Any, orgs: Any) -> None:
    client = client_for("enterprise_a")
    client.post(reverse("declarations:start"))
    declaration = Declaration.objects.get(organisation=orgs["enterprise_a"])
    page = client.post(url("declarations:product_add", declaration), {"barcode": "123"}).content.decode()
    assert page.count('class="error-message"') >= 3


def test_publishing_an_incomplete_draft_lists_the_reasons_and_publishes_nothing(
    client_for: Any, orgs: Any
) -> None:
    client = client_for("enterprise_a")
    client.post(reverse("declarations:start"))
    declaration = Declaration.objects.get(organisation=orgs["enterprise_a"])
    response = client.post(url("declarations:publish", declaration))
    assert response.status_code == 400
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.DRAFT


def test_another_enterprise_cannot_open_withdraw_or_revise_enterprise_as_declaration(
    client_for: Any, orgs: Any, personas: Any
) -> None:
    declaration = published_declaration(organisation=orgs["enterprise_a"], by=personas["enterprise_a"])
    client = client_for("enterprise_b")
    assert client.post(url("declarations:withdraw", declaration), {"reason": "x"}).status_code == 404
    assert client.post(url("declarations:revise", declaration)).status_code == 404
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.PUBLISHED and declaration.draft is None


@pytest.mark.parametrize("persona", ["department", "town", "bureau_admin", "expert"])
def test_officials_and_experts_cannot_declare(client_for: Any, persona: str) -> None:
    assert client_for(persona).post(reverse("declarations:start")).status_code == 403
    assert not Declaration.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client_for: Any) -> None:
    response = client_for("anonymous").post(reverse("declarations:start"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_list_shows_the_needs_update_flag_and_exports_to_excel(
    client_for: Any, orgs: Any, personas: Any
) -> None:
    declaration = published_declaration(organisation=orgs["enterprise_a"], by=personas["enterprise_a"])
    declaration.needs_update = True
    declaration.needs_update_reason = "执行标准已被代替"
    declaration.save()
    client = client_for("enterprise_a")
    assert "执行标准已被代替" in client.get(reverse("declarations:mine") + "?needs_update=1").content.decode()
    response = client.get(reverse("declarations:mine_export"))
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    assert (
        "执行标准已被代替"
        not in client_for("enterprise_b").get(reverse("declarations:mine")).content.decode()
    )
