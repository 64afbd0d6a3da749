"""The public catalogue pages: search, facets, htmx partials, Excel export, an edition's page, browsing."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from biaozhun.core.models import AuditAction, AuditEvent
from biaozhun.core.navigation import navigation_for
from biaozhun.core.stats import public_statistics
from biaozhun.reference.models import CCSCode, ICSCode, ccs_sort_key
from biaozhun.standards import search
from biaozhun.standards.models import Edition, Level, Nature, Status
from biaozhun.standards.tests.factories import EditionChangeFactory, EditionFactory, ReplacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    """A visitor reading the English interface, so text assertions do not depend on the zh_Hans catalogue."""
    return Client(headers={"Accept-Language": "en"})


def _numbers(response: Any) -> list[str]:
    return [row.edition.number for row in response.context["rows"]]


def _url(number: str) -> str:
    return f"/standards/{quote(number)}/"


@pytest.fixture
def catalogue(db: Any) -> dict[str, Edition]:
    """A few editions of lamps and pipes, indexed: what the search tests look for."""
    k = CCSCode.objects.create(code="K", level=1, name_zh="电工", sort_key=ccs_sort_key("K", 1))
    k70 = CCSCode.objects.create(
        code="K70", level=3, name_zh="灯具综合", sort_key=ccs_sort_key("K70", 3), parent=k
    )
    h = CCSCode.objects.create(code="H", level=1, name_zh="冶金", sort_key=ccs_sort_key("H", 1))
    ICSCode.objects.create(code="29", level=1, field_code="29", title_en="Electrical engineering")
    editions = {
        "lamp": EditionFactory.create(
            number="GB 7000.1-2015",
            title_zh="灯具 第1部分：一般要求与试验",
            title_en="Luminaires—Part 1: General requirements and tests",
            ccs=k70,
            ccs_codes="K70",
            ccs_class="K",
            ics_codes="29.140.40",
            ics_field="29",
            issued_on=dt.date(2015, 12, 31),
            implemented_on=dt.date(2017, 1, 1),
        ),
        "road": EditionFactory.create(
            number="GB/T 7000.203-2013",
            title_zh="灯具 第2-3部分：特殊要求 道路与街路照明灯具",
            title_en="Luminaires—Part 2-3: Particular requirements—Luminaires for road and street lighting",
            ccs=k70,
            ccs_codes="K70",
            ccs_class="K",
            ics_field="29",
            issued_on=dt.date(2013, 12, 17),
            implemented_on=dt.date(2015, 7, 1),
        ),
        "pipe_old": EditionFactory.create(
            number="GB/T 12771-2008",
            title_zh="流体输送用不锈钢焊接钢管",
            title_en="Welded stainless steel pipes for fluid transport",
            status=Status.REPLACED,
            source_status="被代替",
            ccs_codes="H48",
            ccs_class="H",
            issued_on=dt.date(2008, 5, 13),
            implemented_on=dt.date(2008, 11, 1),
            withdrawn_on=dt.date(2020, 5, 1),
        ),
        "pipe": EditionFactory.create(
            number="GB/T 12771-2019",
            title_zh="流体输送用不锈钢焊接钢管",
            title_en="Welded stainless steel pipes for fluid transport",
            ccs_codes="H48",
            ccs_class="H",
            issued_on=dt.date(2019, 10, 18),
            implemented_on=dt.date(2020, 5, 1),
        ),
        "pipe_next": EditionFactory.create(
            number="GB/T 12771-2025",
            title_zh="流体输送用不锈钢焊接钢管",
            status=Status.UPCOMING,
            source_status="即将实施",
            issued_on=dt.date(2025, 6, 1),
            implemented_on=dt.date(2099, 1, 1),
        ),
        "industry": EditionFactory.create(
            number="QB/T 1-2020",
            level=Level.INDUSTRY,
            nature=Nature.RECOMMENDED,
            title_zh="灯饰用电线",
            ccs_class="K",
            ccs_codes="K13",
        ),
    }
    assert h.code == "H"
    ReplacementFactory.create(predecessor=editions["pipe_old"], successor=editions["pipe"])
    ReplacementFactory.create(predecessor=editions["pipe"], successor=editions["pipe_next"], partial=True)
    search.rebuild()
    return editions


# --- search ----------------------------------------------------------------------------------------


def test_a_one_character_chinese_query_finds_the_titles_that_contain_it(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    response = client.get("/standards/", {"q": "灯"})

    assert response.status_code == 200
    assert set(_numbers(response)) == {"GB 7000.1-2015", "GB/T 7000.203-2013", "QB/T 1-2020"}
    assert "<mark>灯</mark>" in response.content.decode()


def test_a_two_character_chinese_query_finds_the_titles_with_that_word(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    response = client.get("/standards/", {"q": "钢管"})

    assert set(_numbers(response)) == {"GB/T 12771-2008", "GB/T 12771-2019", "GB/T 12771-2025"}
    assert "<mark>钢管</mark>" in response.content.decode()


def test_a_number_query_ranks_the_exact_edition_first(client: Client, catalogue: dict[str, Edition]) -> None:
    numbers = _numbers(client.get("/standards/", {"q": "gbt 12771-2019"}))

    assert numbers[0] == "GB/T 12771-2019"


def test_the_facets_are_shown_with_their_counts(client: Client, catalogue: dict[str, Edition]) -> None:
    response = client.get("/standards/", {"q": "钢管"})

    groups = {group.key: group for group in response.context["facets"]}
    status = {option.value: option.count for option in groups["status"].options}
    assert status == {"current": 1, "replaced": 1, "upcoming": 1}
    body = response.content.decode()
    assert 'name="status" value="replaced"' in body
    assert "H" in {option.value for option in groups["ccs_class"].options}


def test_ticking_two_values_of_a_facet_shows_editions_with_either(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    response = client.get("/standards/", {"q": "钢管", "status": ["current", "upcoming"]})

    assert set(_numbers(response)) == {"GB/T 12771-2019", "GB/T 12771-2025"}
    groups = {group.key: group for group in response.context["facets"]}
    assert {o.value for o in groups["status"].options if o.selected} == {"current", "upcoming"}


def test_filters_of_different_facets_narrow_each_other(client: Client, catalogue: dict[str, Edition]) -> None:
    response = client.get("/standards/", {"ccs_class": "K", "level": "industry"})

    assert _numbers(response) == ["QB/T 1-2020"]


def test_the_class_facet_is_labelled_from_the_ccs_list(client: Client, catalogue: dict[str, Edition]) -> None:
    response = client.get("/standards/", {"q": "灯"})

    groups = {group.key: group for group in response.context["facets"]}
    assert {o.label for o in groups["ccs_class"].options} == {"K 电工"}


def test_sorting_by_number_and_by_date_both_ways(client: Client, catalogue: dict[str, Edition]) -> None:
    by_number = _numbers(client.get("/standards/", {"q": "钢管", "sort": "number"}))
    newest = _numbers(client.get("/standards/", {"q": "钢管", "sort": "-date"}))
    oldest = _numbers(client.get("/standards/", {"q": "钢管", "sort": "date"}))

    assert by_number == sorted(by_number)
    assert newest == ["GB/T 12771-2025", "GB/T 12771-2019", "GB/T 12771-2008"]
    assert oldest == list(reversed(newest))


def test_a_search_sent_by_htmx_gets_only_the_results(client: Client, catalogue: dict[str, Edition]) -> None:
    response = client.get("/standards/", {"q": "灯"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "GB 7000.1-2015" in body
    assert 'name="status"' in body  # the facets come with the results
    assert "HX-Request" in response["Vary"]


def test_the_full_page_carries_the_htmx_search_and_works_without_it(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    body = client.get("/standards/").content.decode()

    assert "<html" in body
    assert 'hx-get="/standards/"' in body
    assert 'hx-target="#results"' in body
    assert '<form id="search-form" method="get" action="/standards/"' in body


def test_an_htmx_history_restore_gets_the_full_page(client: Client, catalogue: dict[str, Edition]) -> None:
    response = client.get("/standards/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})

    assert "<html" in response.content.decode()


def test_a_search_without_matches_suggests_checking_the_number(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    response = client.get("/standards/", {"q": "不存在的词语"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "No standards match your search" in body
    assert "Check the standard number" in body


def test_an_overlong_query_is_refused_with_a_clear_message(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    response = client.get("/standards/", {"q": "灯" * 101})

    body = response.content.decode()
    assert response.status_code == 200
    assert "at most 100 characters" in body
    assert response.context["rows"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "planet"},
        {"level": ["national", "x" * 300]},
        {"year": "20x0"},
        {"ccs_class": "KK"},
        {"ics_field": "\x00"},
        {"sort": "sideways"},
        {"page": "-3"},
        {"page": "99999999999999999999"},
        {"q": "\x00灯"},
    ],
)
def test_bad_parameters_are_ignored_never_a_server_error(
    client: Client, catalogue: dict[str, Edition], params: dict[str, Any]
) -> None:
    response = client.get("/standards/", params)

    assert response.status_code == 200


def test_a_page_past_the_end_shows_the_last_page(client: Client, catalogue: dict[str, Edition]) -> None:
    response = client.get("/standards/", {"q": "钢管", "page": "40"})

    assert response.context["page_obj"].number == 1
    assert len(_numbers(response)) == 3


def test_results_are_paged_twenty_at_a_time(client: Client, db: Any) -> None:
    for i in range(25):
        EditionFactory.create(number=f"GB/T {800 + i}-2020", title_zh=f"电线电缆 第{i}部分")
    search.rebuild()

    first = client.get("/standards/", {"q": "电缆"})
    second = client.get("/standards/", {"q": "电缆", "page": "2"})

    assert len(_numbers(first)) == 20
    assert len(_numbers(second)) == 5
    assert first.context["page_obj"].paginator.count == 25
    assert "Showing 1–20 of 25" in first.content.decode()


def test_the_empty_catalogue_says_how_it_gets_filled(client: Client, db: Any) -> None:
    search.rebuild()

    assert "The catalogue is empty" in client.get("/standards/").content.decode()


# --- export ----------------------------------------------------------------------------------------


def test_the_export_is_a_real_workbook_of_the_search_with_its_replacements(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    response = client.get("/standards/export.xlsx", {"q": "钢管", "sort": "-date"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Standard number", "Chinese title", "English title", "Status")
    assert "Replaced by" in rows[0] and "Replaces" in rows[0]
    by_number = {row[0]: row for row in rows[1:]}
    assert list(by_number) == ["GB/T 12771-2025", "GB/T 12771-2019", "GB/T 12771-2008"]
    current = dict(zip(rows[0], by_number["GB/T 12771-2019"], strict=True))
    assert current["Replaces"] == "GB/T 12771-2008"
    assert current["Replaced by"] == "GB/T 12771-2025 (partial)"
    assert current["Implemented on"] == dt.datetime(2020, 5, 1)


def test_exporting_is_recorded_in_the_audit_trail_with_the_query(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    client.get("/standards/export.xlsx", {"q": "钢管", "page": "2"})

    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.note.startswith("standards: 3;")
    assert "page" not in event.note


def test_an_export_with_an_overlong_query_goes_back_to_the_search_page(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    response = client.get("/standards/export.xlsx", {"q": "灯" * 101})

    assert response.status_code == 302
    assert response["Location"].startswith("/standards/?q=")
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_search_page_links_to_the_export_with_the_same_query(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    body = client.get("/standards/", {"q": "钢管", "status": "current"}).content.decode()

    assert "/standards/export.xlsx?q=%E9%92%A2%E7%AE%A1&amp;status=current" in body


# --- an edition's page -----------------------------------------------------------------------------


@pytest.fixture
def chain_of_three(db: Any) -> list[Edition]:
    """GB/T 3091-2001 → GB/T 3091-2008 → GB/T 3091-2015: each wholly replaces the one before."""
    old = EditionFactory.create(
        number="GB/T 3091-2001", status=Status.REPLACED, withdrawn_on=dt.date(2008, 11, 1)
    )
    middle = EditionFactory.create(
        number="GB/T 3091-2008", status=Status.REPLACED, withdrawn_on=dt.date(2016, 3, 1)
    )
    new = EditionFactory.create(
        number="GB/T 3091-2015",
        title_zh="低压流体输送用焊接钢管",
        status=Status.CURRENT,
        implemented_on=dt.date(2016, 3, 1),
    )
    ReplacementFactory.create(predecessor=old, successor=middle)
    ReplacementFactory.create(predecessor=middle, successor=new)
    return [old, middle, new]


def test_an_editions_page_shows_the_replacement_chain_both_ways(
    client: Client, chain_of_three: list[Edition]
) -> None:
    response = client.get(_url("GB/T 3091-2008"))

    assert response.status_code == 200
    chain = response.context["chain"]
    assert [link.edition.number for link in chain.predecessors] == ["GB/T 3091-2001"]
    assert [link.edition.number for link in chain.successors] == ["GB/T 3091-2015"]
    body = response.content.decode()
    assert body.index("GB/T 3091-2001") < body.index("(this edition)") < body.rindex("GB/T 3091-2015")
    assert 'href="/standards/GB/T%203091-2001/"' in body


def test_a_replaced_editions_banner_names_and_links_its_replacement(
    client: Client, chain_of_three: list[Edition]
) -> None:
    body = client.get(_url("GB/T 3091-2008")).content.decode()

    assert 'Replaced by <a href="/standards/GB/T%203091-2015/">GB/T 3091-2015</a>' in body
    assert "No longer in force since 2016-03-01" in body


def test_the_banner_is_in_chinese_for_a_chinese_reader(chain_of_three: list[Edition]) -> None:
    body = Client(headers={"Accept-Language": "zh-hans"}).get(_url("GB/T 3091-2008")).content.decode()

    # Until the catalogue is filled the English text shows: either way the link is there.
    assert '<a href="/standards/GB/T%203091-2015/">GB/T 3091-2015</a>' in body


def test_an_upcoming_editions_banner_gives_its_implementation_date(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    body = client.get(_url("GB/T 12771-2025")).content.decode()

    assert "To be implemented on 2099-01-01" in body
    assert "partly replaced by GB/T 12771-2025" in body  # the 2019 edition, in the chain


def test_an_edition_to_be_partly_replaced_says_when_and_by_which(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    body = client.get(_url("GB/T 12771-2019")).content.decode()

    assert (
        'In force; to be partly replaced by <a href="/standards/GB/T%2012771-2025/">GB/T 12771-2025</a> '
        "on 2099-01-01" in body
    )
    assert "replaces GB/T 12771-2019 in part" in body


def test_the_newest_editions_page_shows_its_predecessors_back_to_the_first(
    client: Client, chain_of_three: list[Edition]
) -> None:
    response = client.get(_url("GB/T 3091-2015"))

    chain = response.context["chain"]
    assert [link.edition.number for link in chain.predecessors] == ["GB/T 3091-2001", "GB/T 3091-2008"]
    assert "In force since 2016-03-01" in response.content.decode()
    assert [e.number for e in response.context["timeline"]] == [
        "GB/T 3091-2001",
        "GB/T 3091-2008",
        "GB/T 3091-2015",
    ]


def test_a_non_canonical_spelling_redirects_to_the_canonical_page(
    client: Client, chain_of_three: list[Edition]
) -> None:
    response = client.get("/standards/gbt%203091-2008/")

    assert response.status_code in (301, 302)
    assert response["Location"] == "/standards/GB/T%203091-2008/"


def test_a_number_without_its_year_redirects_to_the_edition_in_force(
    client: Client, chain_of_three: list[Edition]
) -> None:
    response = client.get("/standards/GB/T%203091/")

    assert response.status_code == 302
    assert response["Location"] == "/standards/GB/T%203091-2015/"


@pytest.mark.parametrize("path", ["/standards/GB/T%2099999-2019/", "/standards/nonsense/", "/standards/%00/"])
def test_an_unknown_number_is_the_projects_404_page(client: Client, db: Any, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_editions_page_shows_its_metadata_codes_and_official_link(client: Client, db: Any) -> None:
    k = CCSCode.objects.create(code="K", level=1, name_zh="电工", sort_key=ccs_sort_key("K", 1))
    CCSCode.objects.create(code="K70", level=3, name_zh="灯具综合", sort_key=ccs_sort_key("K70", 3), parent=k)
    ICSCode.objects.create(code="29", level=1, field_code="29", title_en="Electrical engineering")
    EditionFactory.create(
        number="GB 7000.1-2015",
        title_zh="灯具 第1部分：一般要求与试验",
        source_status="现行",
        ccs_codes="K70",
        ics_codes="29;29.140.40",
        responsible_body="国家标准化管理委员会",
        technical_committee="全国照明电器标准化技术委员会",
        issuing_body="国家质量监督检验检疫总局",
        drafting_organisations="中国电器科学研究院；广东省中山市质量计量监督检测所",
        adoption="IDT",
        adopted_number="IEC 60598-1:2014",
        source_url="https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno=ABC",
    )

    body = client.get(_url("GB 7000.1-2015")).content.decode()

    assert 'href="/reference/ccs/K70/"' in body
    assert 'href="/reference/ics/29/"' in body
    assert "<code>29.140.40</code>" in body  # not in the loaded list: shown, not linked
    assert "the source says “现行”" in body
    assert "全国照明电器标准化技术委员会" in body
    assert "广东省中山市质量计量监督检测所" in body
    assert "IEC 60598-1:2014" in body
    assert "Platform catalogue file (CSV or Excel)" in body
    assert 'href="https://openstd.samr.gov.cn/bzgk/gb/newGbInfo?hcno=ABC" target="_blank"' in body


def test_an_inferred_edition_says_it_is_known_only_from_another(client: Client, db: Any) -> None:
    EditionFactory.create(number="GB/T 4000-1990", is_inferred=True, title_zh="", status=Status.UNKNOWN)

    body = client.get(_url("GB/T 4000-1990")).content.decode()

    assert "known only because another edition names it" in body
    assert "Status unknown" in body


def test_an_editions_page_shows_its_change_history(client: Client, db: Any) -> None:
    edition = EditionFactory.create(number="GB/T 5000-2020")
    EditionChangeFactory.create(edition=edition, kind="dates", changes={"status": ["upcoming", "current"]})

    body = client.get(_url("GB/T 5000-2020")).content.decode()

    assert "Status changed with the calendar" in body
    assert "<del>To be implemented</del> → <ins>Current</ins>" in body


# --- browsing --------------------------------------------------------------------------------------


def test_the_ccs_browse_page_shows_classes_and_categories_with_counts(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    response = client.get("/standards/browse/ccs/")

    body = response.content.decode()
    classes = {c.code: c for c in response.context["tree"].classes}
    assert {code: c.count for code, c in classes.items()} == {"H": 2, "K": 3}
    assert [(cat.code, cat.count) for cat in classes["K"].categories] == [("K70", 2)]
    assert "灯具综合" in body
    assert 'href="/standards/?ccs_class=K"' in body


def test_the_ccs_browse_page_can_show_one_class(client: Client, catalogue: dict[str, Edition]) -> None:
    response = client.get("/standards/browse/ccs/", {"class": "k"})

    assert [c.code for c in response.context["tree"].classes] == ["K"]


def test_the_ics_browse_page_shows_fields_with_counts(client: Client, catalogue: dict[str, Edition]) -> None:
    response = client.get("/standards/browse/ics/")

    assert [(f.code, f.label, f.count) for f in response.context["tree"].classes] == [
        ("29", "Electrical engineering", 2)
    ]
    assert "Electrical engineering" in response.content.decode()


def test_a_category_link_of_the_browse_page_finds_its_editions(
    client: Client, catalogue: dict[str, Edition]
) -> None:
    tree = client.get("/standards/browse/ccs/").context["tree"]
    category = next(c for c in tree.classes if c.code == "K").categories[0]

    response = client.get(category.search_url)

    assert set(_numbers(response)) == {"GB 7000.1-2015", "GB/T 7000.203-2013"}


def test_the_browse_pages_of_an_empty_catalogue_say_so(client: Client, db: Any) -> None:
    assert "No classified standards yet" in client.get("/standards/browse/ccs/").content.decode()
    assert "No classified standards yet" in client.get("/standards/browse/ics/").content.decode()


# --- navigation and the home page -----------------------------------------------------------------


def test_the_catalogue_is_in_everyones_navigation(db: Any) -> None:
    assert "standards:search" in [entry.url_name for entry in navigation_for(AnonymousUser())]


def test_the_home_page_counts_the_editions_in_the_catalogue(catalogue: dict[str, Edition]) -> None:
    with translation.override("en"):
        assert ("Standards in the catalogue", 6) in public_statistics()
