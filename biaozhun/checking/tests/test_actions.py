"""The links checking puts on a standard's page, for whom."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def detail(client_for: Any, persona: str) -> str:
    edition = EditionFactory.create(number="GB/T 12771-2019", title_zh="流体输送用不锈钢焊接钢管")
    response = client_for(persona).get(reverse("standards:detail", kwargs={"number": edition.number}))
    assert response.status_code == 200
    return response.content.decode()


def test_an_enterprise_user_is_offered_to_watch_the_standard_and_to_ask_for_its_text(client_for: Any) -> None:
    page = detail(client_for, "enterprise_a")
    assert reverse("checking:watch_new") + "?kind=work&amp;target=GB%2FT+12771" in page
    assert reverse("checking:text_request_new") + "?number=GB%2FT+12771-2019" in page


def test_an_official_may_watch_the_standard_but_asks_for_no_text(client_for: Any) -> None:
    page = detail(client_for, "department")
    assert reverse("checking:watch_new") in page
    assert reverse("checking:text_request_new") not in page


def test_an_anonymous_visitor_is_offered_neither(client_for: Any) -> None:
    page = detail(client_for, "anonymous")
    assert reverse("checking:watch_new") not in page
    assert reverse("checking:text_request_new") not in page
