"""The catalogue API: search with filters and facets, an edition by number, and 404/422 on odd input."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client

from biaozhun.reference.models import CCSCode, ccs_sort_key
from biaozhun.standards import search
from biaozhun.standards.models import Edition, ImportFormat, ImportRun, Status
from biaozhun.standards.tests.factories import EditionChangeFactory, EditionFactory, ReplacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pipes(db: Any) -> list[Edition]:
    """GB/T 12771-2008 → 2019 → (partly) 2025, and one lamp standard."""
    k = CCSCode.objects.create(code="K", level=1, name_zh="电工", sort_key=ccs_sort_key("K", 1))
    assert k.pk
    old = EditionFactory.create(
        number="GB/T 12771-2008", title_zh="流体输送用不锈钢焊接钢管", status=Status.REPLACED, ccs_class="H"
    )
    current = EditionFactory.create(
        number="GB/T 12771-2019",
        title_zh="流体输送用不锈钢焊接钢管",
        title_en="Welded stainless steel pipes for fluid transport",
        ccs_codes="H48",
        ccs_class="H",
        drafting_organisations="甲单位；乙单位",
        implemented_on=dt.date(2020, 5, 1),
    )
    upcoming = EditionFactory.create(
        number="GB/T 12771-2025", title_zh="流体输送用不锈钢焊接钢管", status=Status.UPCOMING
    )
    EditionFactory.create(number="GB 7000.1-2015", title_zh="灯具 第1部分：一般要求与试验", ccs_class="K")
    ReplacementFactory.create(predecessor=old, successor=current)
    ReplacementFactory.create(predecessor=current, successor=upcoming, partial=True)
    run = ImportRun.objects.create(file_name="gb-2024.csv", format=ImportFormat.FLAT)
    EditionChangeFactory.create(edition=current, run=run, changes={"title_en": ["", current.title_en]})
    search.rebuild()
    return [old, current, upcoming]


def _numbers(response: Any) -> list[str]:
    return [item["number"] for item in response.json()["items"]]


def test_search_finds_editions_by_chinese_words_with_facets(client: Client, pipes: list[Edition]) -> None:
    response = client.get("/api/standards/search", {"q": "钢管"})

    body = response.json()
    assert response.status_code == 200
    assert body["total"] == 3
    assert set(_numbers(response)) == {"GB/T 12771-2008", "GB/T 12771-2019", "GB/T 12771-2025"}
    status = {facet["value"]: facet["count"] for facet in body["facets"]["status"]}
    assert status == {"current": 1, "replaced": 1, "upcoming": 1}
    item = next(item for item in body["items"] if item["number"] == "GB/T 12771-2019")
    assert item["url"] == "/standards/GB/T%2012771-2019/"
    assert item["implemented_on"] == "2020-05-01"
    assert item["status"] == "current"


def test_search_ranks_the_exact_number_first(client: Client, pipes: list[Edition]) -> None:
    assert _numbers(client.get("/api/standards/search", {"q": "GB/T 12771-2019"}))[0] == "GB/T 12771-2019"


def test_repeated_filter_values_are_ored_and_facets_labelled(client: Client, pipes: list[Edition]) -> None:
    response = client.get("/api/standards/search", {"status": ["current", "upcoming"], "sort": "number"})

    assert _numbers(response) == ["GB 7000.1-2015", "GB/T 12771-2019", "GB/T 12771-2025"]
    classes = {facet["value"]: facet["label"] for facet in response.json()["facets"]["ccs_class"]}
    assert classes["K"] == "K 电工"


def test_search_pages_are_bounded_by_per_page(client: Client, pipes: list[Edition]) -> None:
    response = client.get("/api/standards/search", {"q": "钢管", "per_page": "2", "page": "2"})

    body = response.json()
    assert (body["page"], body["per_page"], body["total"]) == (2, 2, 3)
    assert len(body["items"]) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"q": "灯" * 101},
        {"status": "planet"},
        {"ccs_class": "KK"},
        {"ics_field": "2a"},
        {"year": "1800"},
        {"sort": "sideways"},
        {"page": "0"},
        {"page": "99999999999"},
        {"per_page": "101"},
    ],
)
def test_out_of_bounds_parameters_get_a_422(client: Client, db: Any, params: dict[str, str]) -> None:
    response = client.get("/api/standards/search", params)

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")


def test_an_edition_by_number_has_its_replacements_editions_and_history(
    client: Client, pipes: list[Edition]
) -> None:
    response = client.get("/api/standards/editions/GB/T%2012771-2019")

    body = response.json()
    assert response.status_code == 200
    assert body["number"] == "GB/T 12771-2019"
    assert body["ccs_codes"] == ["H48"]
    assert body["drafting_organisations"] == ["甲单位", "乙单位"]
    assert [(r["number"], r["partial"]) for r in body["replaces"]] == [("GB/T 12771-2008", False)]
    assert [(r["number"], r["partial"]) for r in body["replaced_by"]] == [("GB/T 12771-2025", True)]
    assert [e["number"] for e in body["editions"]] == [
        "GB/T 12771-2008",
        "GB/T 12771-2019",
        "GB/T 12771-2025",
    ]
    assert body["history"][0]["file_name"] == "gb-2024.csv"
    assert body["history"][0]["changes"] == [
        {"field": "title_en", "before": "", "after": "Welded stainless steel pipes for fluid transport"}
    ]


def test_an_edition_is_found_by_a_non_canonical_spelling(client: Client, pipes: list[Edition]) -> None:
    response = client.get(f"/api/standards/editions/{quote('gbt12771-2019')}")

    assert response.status_code == 200
    assert response.json()["number"] == "GB/T 12771-2019"


@pytest.mark.parametrize(
    "path",
    [
        "/api/standards/editions/GB/T%2099999-2019",
        "/api/standards/editions/%E7%81%AF",
        "/api/standards/editions/GB%0A",
        "/api/standards/editions/" + "9" * 500,
    ],
)
def test_an_unknown_number_is_a_json_404(client: Client, db: Any, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_the_endpoints_are_documented_in_the_schema(client: Client, db: Any) -> None:
    schema = client.get("/api/openapi.json").json()

    search_op = schema["paths"]["/api/standards/search"]["get"]
    assert search_op["summary"] == "Search the standards catalogue"
    assert search_op["tags"] == ["standards"]
    assert "/api/standards/editions/{number}" in schema["paths"]
