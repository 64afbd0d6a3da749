"""The public code-list pages: search in Chinese and by code, filters, detail pages, htmx partials."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation

from biaozhun.core.navigation import navigation_for
from biaozhun.core.stats import public_statistics
from biaozhun.reference.models import HSCode, HSSection, ICSCode, IndustryStandardCode

pytestmark = pytest.mark.django_db


def _codes(response: Any) -> list[str]:
    return [row.code for row in response.context["page_obj"]]


@pytest.fixture
def hs_rows(db: Any) -> None:
    section = HSSection.objects.create(numeral="XVI", number=16, name_en="Machinery and electrical equipment")
    root = HSCode.objects.create(code="TOTAL", description_en="Total of all HS2022 commodities", level=5)
    chapter = HSCode.objects.create(
        code="85", description_en="Electrical machinery", level=2, chapter="85", parent=root, section=section
    )
    heading = HSCode.objects.create(
        code="8516",
        description_en="Electric water heaters",
        level=4,
        chapter="85",
        parent=chapter,
        section=section,
    )
    HSCode.objects.create(
        code="851610", description_en="Water heaters", level=6, chapter="85", parent=heading, section=section
    )
    HSCode.objects.create(code="94", description_en="Furniture; lamps", level=2, chapter="94", parent=root)


@pytest.fixture
def ics_rows(db: Any) -> None:
    field = ICSCode.objects.create(code="29", level=1, field_code="29", title_en="Electrical engineering")
    group = ICSCode.objects.create(
        code="29.140", level=2, field_code="29", title_en="Lamps and related equipment", parent=field
    )
    ICSCode.objects.create(
        code="29.140.40",
        level=3,
        field_code="29",
        title_en="Luminaires",
        parent=group,
        notes=[{"text": "Road lighting, see {ics-code}", "ics-code": "93.080.40"}],
    )


def test_the_index_lists_every_code_list_with_its_size(client: Client, small_lists: None) -> None:
    response = client.get("/reference/")

    assert response.status_code == 200
    sizes = {item.key: item.count for item in response.context["lists"]}
    assert sizes["ccs"] == 24 + 225 + 1608
    assert sizes["industry_codes"] == 71
    assert sizes["divisions"] == 380
    assert sizes["hs"] == 0
    assert "NB, RB, SF, SW, XF, YJ" in response.content.decode()


def test_searching_ccs_for_a_chinese_word_finds_matching_names_first(
    client: Client, small_lists: None
) -> None:
    response = client.get("/reference/ccs/", {"q": "灯"})

    codes = _codes(response)
    assert {"K72", "K73", "K74"} <= set(codes)
    assert codes.index("K72") < codes.index("C46")  # C46 mentions lamps only in its notes
    assert "一般灯具" in response.content.decode()


def test_searching_ccs_for_a_class_name_puts_the_exact_match_first(client: Client, small_lists: None) -> None:
    codes = _codes(client.get("/reference/ccs/", {"q": "电工"}))

    assert codes[0] == "K"
    assert {"K00/09", "K05", "H53"} <= set(codes)


def test_searching_ccs_by_code_prefix_returns_only_that_branch(client: Client, small_lists: None) -> None:
    codes = _codes(client.get("/reference/ccs/", {"q": "K2"}))

    assert codes == ["K20/29", *(f"K2{i}" for i in range(7))]


def test_the_ccs_class_and_level_filters_narrow_the_list(client: Client, small_lists: None) -> None:
    response = client.get("/reference/ccs/", {"ccs_class": "Y", "level": "2"})

    assert response.context["page_obj"].paginator.count == 13
    assert all(code.startswith("Y") and "/" in code for code in _codes(response))


def test_an_invalid_filter_is_shown_as_an_error_and_ignored(client: Client, small_lists: None) -> None:
    response = client.get("/reference/ccs/", {"level": "9", "q": "x" * 500})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"level", "q"}
    assert response.context["page_obj"].paginator.count == 1857


def test_a_search_without_matches_shows_the_empty_state(client: Client, small_lists: None) -> None:
    response = client.get("/reference/ccs/", {"q": "不存在的类目"})

    assert response.status_code == 200
    assert "No codes match your search" in response.content.decode()


def test_an_unloaded_list_says_so(client: Client, db: Any) -> None:
    response = client.get("/reference/hs/")

    assert "This list has not been loaded yet" in response.content.decode()


def test_pages_of_a_long_list_are_numbered(client: Client, small_lists: None) -> None:
    response = client.get("/reference/ccs/", {"page": "2"})

    assert response.context["page_obj"].number == 2
    assert client.get("/reference/ccs/", {"page": "many"}).context["page_obj"].number == 1


@pytest.mark.parametrize(
    "url",
    [
        "/reference/ccs/",
        "/reference/ics/",
        "/reference/hs/",
        "/reference/industry-codes/",
        "/reference/divisions/",
    ],
)
@pytest.mark.parametrize("sort", ["code", "-code", "name", "-name"])
def test_every_list_sorts_by_its_code_and_name_columns_both_ways(
    client: Client, small_lists: None, url: str, sort: str
) -> None:
    response = client.get(url, {"sort": sort})

    assert response.status_code == 200
    assert response.context["sort"] == sort


def test_industry_codes_sorted_by_name_follow_their_chinese_name(client: Client, small_lists: None) -> None:
    response = client.get("/reference/industry-codes/", {"sort": "-name"})

    expected = IndustryStandardCode.objects.order_by("-name_zh", "pk").values_list("code", flat=True)
    assert _codes(response) == list(expected[: len(_codes(response))])


def test_a_search_sent_by_htmx_gets_only_the_results_table(client: Client, small_lists: None) -> None:
    response = client.get("/reference/ccs/", {"q": "灯"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "<table" in body
    assert "K72" in body
    assert "HX-Request" in response["Vary"]


def test_the_full_page_carries_the_htmx_search_and_works_without_it(
    client: Client, small_lists: None
) -> None:
    body = client.get("/reference/ccs/").content.decode()

    assert "<html" in body
    assert 'hx-get="/reference/ccs/"' in body
    assert 'hx-target="#results"' in body
    assert '<form method="get" action="/reference/ccs/"' in body


def test_an_htmx_history_restore_gets_the_full_page(client: Client, small_lists: None) -> None:
    response = client.get(
        "/reference/ccs/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


def test_a_category_page_shows_its_parent_chain(client: Client, small_lists: None) -> None:
    response = client.get("/reference/ccs/A00/")

    assert response.status_code == 200
    assert [link.code for link in response.context["ancestors"]] == ["A", "A00/09"]
    assert response.context["children"] == []
    assert "标准化、质量管理" in response.content.decode()


def test_a_group_page_with_a_slash_in_its_code_lists_its_categories(
    client: Client, small_lists: None
) -> None:
    response = client.get("/reference/ccs/K20/29/")

    assert response.status_code == 200
    assert [link.code for link in response.context["children"]] == [f"K2{i}" for i in range(7)]


@pytest.mark.parametrize("path", ["/reference/ccs/ZZ9/", "/reference/ccs/K%00/", "/reference/ccs/%E7%81%AF/"])
def test_an_unknown_code_is_a_404(client: Client, small_lists: None, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_division_page_shows_the_local_standard_prefix_and_province(
    client: Client, small_lists: None
) -> None:
    response = client.get("/reference/divisions/442000/")

    body = response.content.decode()
    assert "DB4420" in body
    assert [link.code for link in response.context["ancestors"]] == ["440000"]


def test_searching_divisions_by_name_and_filtering_by_province(client: Client, small_lists: None) -> None:
    assert _codes(client.get("/reference/divisions/", {"q": "中山"})) == ["442000"]
    assert _codes(client.get("/reference/divisions/", {"q": "DB4420"})) == ["442000"]
    guangdong = client.get("/reference/divisions/", {"province": "44", "level": "2"})
    assert guangdong.context["page_obj"].paginator.count == 21


def test_an_industry_code_page_marks_the_old_administering_body_as_historical(
    client: Client, small_lists: None
) -> None:
    body = client.get("/reference/industry-codes/QB/").content.decode()

    assert "轻工" in body
    assert "historical" in body


def test_industry_codes_still_to_verify_can_be_listed(client: Client, small_lists: None) -> None:
    response = client.get("/reference/industry-codes/", {"needs_verification": "yes"})

    assert sorted(_codes(response)) == ["NB", "RB", "SF", "SW", "XF", "YJ"]


def test_hs_search_accepts_a_dotted_code_and_chapter_filter(client: Client, hs_rows: None) -> None:
    assert _codes(client.get("/reference/hs/", {"q": "8516.10"})) == ["851610"]
    assert _codes(client.get("/reference/hs/", {"q": "heater"})) == ["8516", "851610"]
    assert _codes(client.get("/reference/hs/", {"chapter": "85", "level": "4"})) == ["8516"]
    assert _codes(client.get("/reference/hs/", {"section": "XVI"})) == ["85", "8516", "851610"]


def test_an_hs_page_shows_its_chain_up_to_the_chapter(client: Client, hs_rows: None) -> None:
    response = client.get("/reference/hs/851610/")

    assert [link.code for link in response.context["ancestors"]] == ["TOTAL", "85", "8516"]
    assert "XVI" in response.content.decode()


def test_ics_search_by_code_prefix_and_english_title(client: Client, ics_rows: None) -> None:
    assert _codes(client.get("/reference/ics/", {"q": "29.14"})) == ["29.140", "29.140.40"]
    assert _codes(client.get("/reference/ics/", {"q": "lamps"})) == ["29.140"]


def test_an_ics_page_links_the_codes_its_notes_refer_to(client: Client, ics_rows: None) -> None:
    response = client.get("/reference/ics/29.140.40/")

    body = response.content.decode()
    assert [link.code for link in response.context["ancestors"]] == ["29", "29.140"]
    assert 'href="/reference/ics/93.080.40/"' in body


def test_code_lists_are_in_everyones_navigation(db: Any) -> None:
    assert "reference:index" in [entry.url_name for entry in navigation_for(AnonymousUser())]


def test_the_home_page_statistics_count_ccs_categories(small_lists: None) -> None:
    with translation.override("en"):
        assert ("CCS categories", 1608) in public_statistics()
