"""The validity-check API: check a list, read it back, list one's checks; signed-in callers only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from biaozhun.accounts.models import APIToken
from biaozhun.checking import inputs
from biaozhun.checking.models import Check
from biaozhun.checking.services.checks import check_create
from biaozhun.checking.tests.test_services_validity import STANDARDS_DATA, TODAY, import_csv

pytestmark = pytest.mark.django_db

CHECKS = "/api/checks"


@pytest.fixture
def real_records() -> None:
    import_csv(STANDARDS_DATA / "observed_status_records.csv")


def post(client: Client, body: Any, **headers: str) -> Any:
    return client.post(CHECKS, body, content_type="application/json", headers=headers)


def test_a_signed_in_caller_checks_numbers_and_gets_a_result_per_number(real_records, client_for, orgs):
    response = post(
        client_for("enterprise_a"),
        {"numbers": ["GB/T 12771-2008", "gbt 12771-2019", "GB/T 12771-2008"], "title": "接口"},
    )

    assert response.status_code == 201
    body = response.json()
    check = Check.objects.get()
    assert body["id"] == str(check.public_id)
    assert check.organisation == orgs["enterprise_a"]
    assert body["counts"] == {"replaced": 1, "current": 1}
    assert body["checked_at"]
    assert "as_of" in body
    assert [r["verdict"] for r in body["results"]] == ["replaced", "current", "replaced"]
    assert body["results"][0]["replacement"] == "GB/T 12771-2019"
    assert body["results"][0]["effective_date"] == "2020-09-01"
    assert body["results"][1]["canonical"] == "GB/T 12771-2019"
    assert [r["row"] for r in body["results"]] == [1, 2, 3]
    assert body["results"][2]["duplicate"] is True


def test_an_api_token_works_as_well_as_the_session(real_records, personas):
    raw = "bzk_checks-token-0123456789abcdefghij"
    APIToken.objects.create(
        user=personas["enterprise_b"], name="erp", prefix=raw[:12], token_hash=APIToken.hash_token(raw)
    )

    response = post(Client(), {"numbers": ["GB/T 1.1"]}, Authorization=f"Bearer {raw}")

    assert response.status_code == 201
    assert Check.objects.get().owner == personas["enterprise_b"]


@pytest.mark.parametrize(
    "body",
    [
        {"numbers": []},
        {"numbers": ["GB/T 1"] * 10_001},
        {"numbers": ["x" * 201]},
        {"numbers": "GB/T 1"},
        {"title": "no numbers"},
        {"numbers": ["GB/T 1"], "title": "x" * 201},
    ],
    ids=["empty", "too-many", "too-long", "not-a-list", "missing", "long-title"],
)
def test_a_body_that_does_not_fit_is_a_422_in_the_error_schema(client_for, body):
    response = post(client_for("enterprise_a"), body)

    assert response.status_code == 422
    assert isinstance(response.json()["detail"], list)
    assert Check.objects.count() == 0


def test_an_anonymous_caller_gets_a_401(client_for):
    assert post(client_for("anonymous"), {"numbers": ["GB/T 1"]}).status_code == 401
    assert client_for("anonymous").get(CHECKS).status_code == 401
    assert Check.objects.count() == 0


def test_a_check_is_read_back_by_its_owner_and_no_one_else(real_records, client_for, personas):
    check = check_create(
        by=personas["enterprise_a"], listed=inputs.from_text("GB/T 12771-2008\n"), today=TODAY
    )
    url = f"{CHECKS}/{check.public_id}"

    own = client_for("enterprise_a").get(url)
    assert own.status_code == 200
    assert own.json()["results"][0]["input"] == "GB/T 12771-2008"
    for persona in ("enterprise_b", "bureau_admin", "department"):
        response = client_for(persona).get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Unknown validity check."}
    assert client_for("enterprise_a").get(f"{CHECKS}/not-a-uuid").status_code == 422


def test_the_list_holds_only_the_callers_checks_newest_first_and_is_paginated(
    real_records, client_for, personas
):
    first = check_create(by=personas["enterprise_a"], listed=inputs.from_text("GB/T 1.1\n"), today=TODAY)
    second = check_create(
        by=personas["enterprise_a"], listed=inputs.from_text("GB/T 12771-2008\n"), today=TODAY
    )
    check_create(by=personas["enterprise_b"], listed=inputs.from_text("GB/T 1.1\n"), today=TODAY)

    body = client_for("enterprise_a").get(CHECKS, {"page_size": 1}).json()

    assert body["count"] == 2
    assert [item["id"] for item in body["items"]] == [str(second.public_id)]
    assert "results" not in body["items"][0]
    page_two = client_for("enterprise_a").get(CHECKS, {"page_size": 1, "page": 2}).json()
    assert [item["id"] for item in page_two["items"]] == [str(first.public_id)]
