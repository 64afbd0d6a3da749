"""The code-list API: search, filters, paging, detail by code, and no server error on odd input."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biaozhun.reference.models import HSCode, HSSection, ICSCode

pytestmark = pytest.mark.django_db

LISTS = ["ccs", "ics", "hs", "industry-codes", "divisions"]


def _codes(response: Any) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


def test_ccs_search_by_chinese_name_is_paged(client: Client, small_lists: None) -> None:
    response = client.get("/api/reference/ccs", {"q": "灯", "page_size": "3"})

    body = response.json()
    assert response.status_code == 200
    assert [item["code"] for item in body["items"]] == ["K72", "K73", "K74"]
    assert body["count"] > 3
    assert body["items"][0] == {
        "code": "K72",
        "level": 3,
        "name_zh": "一般灯具",
        "notes": "吊灯、台灯、壁灯、路灯、投光灯、体育场灯等用的灯具。",
        "parent_code": "K70/79",
    }
    assert _codes(client.get("/api/reference/ccs", {"q": "灯", "page_size": "3", "page": "2"}))[0] == "K95"


def test_ccs_filters_by_class_and_level(client: Client, small_lists: None) -> None:
    response = client.get("/api/reference/ccs", {"ccs_class": "k", "level": "2", "page_size": "100"})

    assert response.json()["count"] == 10
    assert all(code.startswith("K") and "/" in code for code in _codes(response))


def test_a_ccs_group_detail_has_its_class_and_categories(client: Client, small_lists: None) -> None:
    response = client.get("/api/reference/ccs/K20/29")

    body = response.json()
    assert response.status_code == 200
    assert body["name_zh"] == "旋转电机"
    assert body["ancestors"] == [{"code": "K", "label": "电工", "url": "/reference/ccs/K/"}]
    assert [child["code"] for child in body["children"]] == [f"K2{i}" for i in range(7)]


@pytest.mark.parametrize(
    "path",
    [
        "/api/reference/ccs/ZZ9",
        "/api/reference/ccs/%E7%81%AF",
        "/api/reference/ics/99.999",
        "/api/reference/hs/000000",
        "/api/reference/industry-codes/ZZ",
        "/api/reference/divisions/999999",
        "/api/reference/divisions/44%0A",
    ],
)
def test_an_unknown_code_is_a_json_404(client: Client, small_lists: None, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_industry_codes_to_verify_can_be_listed(client: Client, small_lists: None) -> None:
    response = client.get("/api/reference/industry-codes", {"needs_verification": "true"})

    assert sorted(_codes(response)) == ["NB", "RB", "SF", "SW", "XF", "YJ"]


def test_an_industry_code_names_its_administering_body_as_pre_2018(client: Client, small_lists: None) -> None:
    body = client.get("/api/reference/industry-codes/QB").json()

    assert body["name_zh"] == "轻工"
    assert "administering_body_pre2018" in body
    assert "current_administering_body" not in body


def test_divisions_by_name_province_and_prefix(client: Client, small_lists: None) -> None:
    assert _codes(client.get("/api/reference/divisions", {"q": "中山"})) == ["442000"]
    assert client.get("/api/reference/divisions", {"province": "440000", "level": "2"}).json()["count"] == 21
    detail = client.get("/api/reference/divisions/442000").json()
    assert detail["local_standard_code"] == "DB4420"
    assert [a["code"] for a in detail["ancestors"]] == ["440000"]


def test_hs_search_detail_and_section(client: Client) -> None:
    section = HSSection.objects.create(numeral="XVI", number=16, name_en="Machinery")
    chapter = HSCode.objects.create(
        code="85", description_en="Electrical machinery", level=2, chapter="85", section=section
    )
    HSCode.objects.create(
        code="8516", description_en="Water heaters", level=4, chapter="85", parent=chapter, section=section
    )

    assert _codes(client.get("/api/reference/hs", {"q": "85.16"})) == ["8516"]
    assert _codes(client.get("/api/reference/hs", {"section": "xvi", "level": "2"})) == ["85"]
    detail = client.get("/api/reference/hs/8516").json()
    assert detail["section"] == "XVI"
    assert detail["parent_code"] == "85"


def test_ics_search_and_notes(client: Client) -> None:
    field = ICSCode.objects.create(code="29", level=1, field_code="29", title_en="Electrical engineering")
    ICSCode.objects.create(
        code="29.140",
        level=2,
        field_code="29",
        title_en="Lamps",
        parent=field,
        notes=[{"text": "Road lighting, see {ics-code}", "ics-code": "93.080.40"}],
    )

    assert _codes(client.get("/api/reference/ics", {"field": "29", "level": "2"})) == ["29.140"]
    detail = client.get("/api/reference/ics/29.140").json()
    assert detail["notes"] == ["Road lighting, see 93.080.40"]
    assert detail["title_zh"] is None
    assert [a["code"] for a in detail["ancestors"]] == ["29"]


@pytest.mark.parametrize(
    "query",
    [{"level": "9"}, {"page": str(10**30)}, {"page_size": "0"}, {"q": "x" * 101}, {"ccs_class": "KK"}],
)
def test_out_of_bounds_parameters_are_a_422_not_an_error(client: Client, query: dict[str, str]) -> None:
    assert client.get("/api/reference/ccs", query).status_code == 422


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=st.sampled_from(LISTS), q=st.text(max_size=120))
def test_any_search_text_gets_an_answer_never_a_server_error(client: Client, endpoint: str, q: str) -> None:
    response = client.get(f"/api/reference/{endpoint}", {"q": q})

    assert response.status_code in (200, 422)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(endpoint=st.sampled_from(LISTS), code=st.text(min_size=1, max_size=40))
def test_any_code_gets_a_json_answer_never_a_server_error(client: Client, endpoint: str, code: str) -> None:
    response = client.get(f"/api/reference/{endpoint}/{quote(code, safe='')}")

    assert response.status_code in (200, 404)
    assert response["Content-Type"].startswith("application/json")
