"""Catalogue search through the public API, on whichever backend the database selects.

On SQLite this exercises the tantivy backend, on PostgreSQL the postgres backend: the same
expectations hold for both. The tests marked ``postgres`` also compare the two engines directly.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from biaozhun.standards import search
from biaozhun.standards.models import Edition, Level, Nature, Status, Work
from biaozhun.standards.search import FacetValue, SearchQuery, SearchResult
from biaozhun.standards.search.backends import tantivy as tantivy_module
from biaozhun.standards.search.backends.tantivy import IndexBusyError, TantivyBackend, writer_lock

pytestmark = pytest.mark.django_db

# number, Chinese title, English title, status, issued, CCS, ICS, extra fields
EDITIONS: list[tuple[str, str, str, str, dt.date | None, str, str, dict[str, Any]]] = [
    (
        "GB 4706.1-2005",
        "家用和类似用途电器的安全 第1部分：通用要求",
        "Household and similar electrical appliances—Safety—Part 1: General requirements",
        Status.CURRENT,
        dt.date(2005, 8, 26),
        "K09",
        "13.120",
        {"drafting_organisations": "中国家用电器研究院；测试电器有限公司"},
    ),
    (
        "GB 4706.1-1998",
        "家用和类似用途电器的安全 第1部分：通用要求",
        "Safety of household and similar electrical appliances—Part 1: General requirements",
        Status.REPLACED,
        dt.date(1998, 7, 1),
        "K09",
        "13.120",
        {},
    ),
    (
        "GB 4706.2-2007",
        "家用和类似用途电器的安全 第2部分：电熨斗的特殊要求",
        "Household and similar electrical appliances—Safety—Part 2: Particular requirements for electric irons",
        Status.CURRENT,
        dt.date(2007, 4, 30),
        "K09",
        "97.060",
        {},
    ),
    (
        "GB 4706.10-2008",
        "家用和类似用途电器的安全 按摩器具的特殊要求",
        "",
        Status.CURRENT,
        dt.date(2008, 9, 19),
        "K09",
        "",
        {},
    ),
    ("GB 47061-2020", "边界测试产品规范", "", Status.CURRENT, dt.date(2020, 1, 2), "", "", {}),
    (
        "GB/T 1.1-2020",
        "标准化工作导则 第1部分：标准化文件的结构和起草规则",
        "Directives for standardization—Part 1: Rules for the structure and drafting of standardizing documents",
        Status.CURRENT,
        dt.date(2020, 3, 31),
        "A00",
        "01.120",
        {"keywords": "起草规则；结构"},
    ),
    (
        "GB/T 1.1-2009",
        "标准化工作导则 第1部分：标准的结构和编写",
        "Directives for standardization—Part 1: Structure and drafting of standards",
        Status.REPLACED,
        dt.date(2009, 6, 17),
        "A00",
        "01.120",
        {},
    ),
    (
        "GB/T 1.2-2020",
        "标准化工作导则 第2部分：以ISO/IEC标准化文件为基础的标准化文件起草规则",
        "",
        Status.CURRENT,
        dt.date(2020, 11, 19),
        "A00",
        "01.120",
        {},
    ),
    (
        "GB/T 12771-2019",
        "流体输送用不锈钢焊接钢管",
        "Welded stainless steel pipes for fluid transport",
        Status.CURRENT,
        dt.date(2019, 6, 4),
        "H48",
        "77.140.75",
        {},
    ),
    (
        "GB/T 12771-2008",
        "流体输送用不锈钢焊接钢管",
        "Welded stainless steel pipes for fluid transport",
        Status.REPLACED,
        dt.date(2008, 2, 1),
        "H48",
        "77.140.75",
        {},
    ),
    (
        "GB/T 7000.1-2015",
        "灯具 第1部分：一般要求与试验",
        "Luminaires—Part 1: General requirements and tests",
        Status.CURRENT,
        dt.date(2015, 12, 10),
        "K70",
        "29.140.40",
        {},
    ),
    (
        "GB 7000.201-2008",
        "灯具 第2-1部分：特殊要求 固定式通用灯具",
        "Luminaires—Part 2-1: Particular requirements—Fixed general purpose luminaires",
        Status.CURRENT,
        dt.date(2008, 6, 30),
        "K70",
        "29.140.40",
        {},
    ),
    (
        "QB/T 1234-2010",
        "台灯",
        "Table lamps",
        Status.WITHDRAWN,
        None,
        "Y",
        "",
        {"level": Level.INDUSTRY},
    ),
    (
        "QB/T 2000-2015",
        "GB 4706 系列标准配套用开关",
        "",
        Status.CURRENT,
        dt.date(2015, 7, 14),
        "",
        "",
        {"level": Level.INDUSTRY},
    ),
    (
        "DB44/T 123-2019",
        "LED路灯技术规范",
        "Technical specification for LED street lights",
        Status.CURRENT,
        dt.date(2019, 5, 5),
        "K70",
        "29.140",
        {"level": Level.LOCAL},
    ),
    (
        "T/CAS 100-2021",
        "智能电器通用要求",
        "",
        Status.UPCOMING,
        dt.date(2021, 12, 1),
        "",
        "",
        {"level": Level.GROUP, "nature": Nature.UNKNOWN},
    ),
    (
        "ISO 9001:2015",
        "质量管理体系 要求",
        "Quality management systems — Requirements",
        Status.CURRENT,
        dt.date(2015, 9, 15),
        "A00",
        "03.120.10",
        {"level": Level.INTERNATIONAL, "nature": Nature.UNKNOWN, "work": "ISO 9001", "code": "ISO"},
    ),
    *[
        (
            f"FZ/T {1000 + i}-{2010 + i % 10}",
            f"纺织品 色牢度试验 第{i}部分",
            f"Textiles—Tests for colour fastness—Part {i}",
            Status.CURRENT if i % 3 else Status.WITHDRAWN,
            dt.date(2010 + i % 10, 1 + i % 12, 1),
            "W04",
            "59.080.01",
            {"level": Level.INDUSTRY},
        )
        for i in range(1, 21)
    ],
]


def _code_and_work(number: str) -> tuple[str, str]:
    code, rest = number.rsplit(" ", 1)
    return code, f"{code} {rest.rsplit('-', 1)[0]}"


def edition_row(
    number: str,
    title_zh: str,
    title_en: str = "",
    status: str = Status.CURRENT,
    issued_on: dt.date | None = None,
    ccs: str = "",
    ics: str = "",
    extra: dict[str, Any] | None = None,
    *,
    works: dict[str, Work] | None = None,
) -> Edition:
    """An unsaved edition; the code, work and year are read off ``number``. Its work is taken from
    ``works`` (unsaved, for a bulk insert) or got or created."""
    extra = dict(extra or {})
    code, work_key = _code_and_work(number)
    code = extra.pop("code", code)
    work_key = extra.pop("work", work_key)
    level = extra.pop("level", Level.NATIONAL)
    nature = extra.pop("nature", Nature.RECOMMENDED if code.endswith("/T") else Nature.MANDATORY)
    if works is None:
        work, _created = Work.objects.get_or_create(key=work_key, defaults={"level": level, "code": code})
    else:
        work = works.setdefault(work_key, Work(key=work_key, level=level, code=code))
    return Edition(
        number=number,
        work=work,
        level=level,
        nature=nature,
        code=code,
        year=int(number.replace(":", "-").rsplit("-", 1)[1]),
        title_zh=title_zh,
        title_en=title_en,
        status=status,
        issued_on=issued_on,
        ccs_codes=ccs,
        ics_codes=ics,
        ccs_class=ccs[:1],
        ics_field=ics[:2],
        **extra,
    )


def make_edition(*args: Any, **kwargs: Any) -> Edition:
    edition = edition_row(*args, **kwargs)
    edition.save()
    return edition


@pytest.fixture
def catalogue() -> dict[str, Edition]:
    works: dict[str, Work] = {}
    rows = [edition_row(*row, works=works) for row in EDITIONS]
    Work.objects.bulk_create(works.values())
    editions = {e.number: e for e in Edition.objects.bulk_create(rows)}
    assert search.rebuild() == len(editions)
    return editions


def run(text: str = "", **options: Any) -> SearchResult:
    return search.search(SearchQuery(text=text, per_page=options.pop("per_page", 100), **options))


def numbers_of(result: SearchResult) -> list[str]:
    by_id = dict(Edition.objects.values_list("pk", "number"))
    return [by_id[hit.edition_id] for hit in result.hits]


def matching(predicate: Any) -> set[str]:
    return {e.number for e in Edition.objects.all() if predicate(e)}


def facet_dict(values: Iterable[FacetValue]) -> dict[str, int]:
    return {v.value: v.count for v in values}


# --- words --------------------------------------------------------------------------------------


def test_a_one_character_query_finds_every_title_with_that_character(catalogue):
    result = run("灯")
    assert set(numbers_of(result)) == matching(lambda e: "灯" in e.title_zh)
    assert result.total == 4


def test_a_two_character_query_finds_titles_with_those_characters_together(catalogue):
    result = run("电器")
    assert set(numbers_of(result)) == matching(lambda e: "电器" in e.title_zh)
    assert result.total == 5


def test_a_longer_query_needs_all_its_characters_in_order(catalogue):
    assert set(numbers_of(run("电熨斗"))) == {"GB 4706.2-2007"}
    assert run("电器灯具").total == 0


def test_words_separated_by_spaces_are_all_required(catalogue):
    assert set(numbers_of(run("电器 按摩"))) == {"GB 4706.10-2008"}


def test_english_title_words_are_found_whatever_their_case(catalogue):
    assert set(numbers_of(run("LUMINAIRES"))) == {"GB/T 7000.1-2015", "GB 7000.201-2008"}


def test_keywords_and_drafting_organisations_are_searched(catalogue):
    assert "GB/T 1.1-2020" in numbers_of(run("起草规则"))
    assert numbers_of(run("研究院")) == ["GB 4706.1-2005"]


def test_a_query_of_punctuation_only_finds_nothing(catalogue):
    result = run("《》——")
    assert result.total == 0
    assert result.hits == []


def test_an_empty_query_lists_every_edition(catalogue):
    assert run("").total == len(catalogue)


def test_equal_text_matches_are_ordered_newest_year_first(catalogue):
    assert numbers_of(run("不锈钢焊接钢管")) == ["GB/T 12771-2019", "GB/T 12771-2008"]


def test_equal_matches_stay_newest_first_across_pages(catalogue):
    years = [2003, 2011, 2007, 2019, 2015]
    Work.objects.create(key="QB/T 9999", level=Level.INDUSTRY, code="QB/T")
    for year in years:
        make_edition(f"QB/T 9999-{year}", "同名试验产品")
    search.rebuild()
    pages = [numbers_of(run("同名试验产品", page=page, per_page=2)) for page in (1, 2, 3)]
    assert pages == [
        ["QB/T 9999-2019", "QB/T 9999-2015"],
        ["QB/T 9999-2011", "QB/T 9999-2007"],
        ["QB/T 9999-2003"],
    ]


# --- numbers ------------------------------------------------------------------------------------


def test_a_number_prefix_finds_the_parts_of_that_number_first(catalogue):
    result = run("4706")
    found = numbers_of(result)
    parts = ["GB 4706.10-2008", "GB 4706.2-2007", "GB 4706.1-2005", "GB 4706.1-1998"]
    assert found[:4] == parts  # newest year first among equal matches
    assert found[4:] == ["QB/T 2000-2015"]  # a title naming the number comes after the numbers
    assert "GB 47061-2020" not in found  # 4706 is a prefix of 4706.1, not of 47061


def test_a_work_number_finds_its_editions_newest_first(catalogue):
    assert numbers_of(run("GB/T 1.1")) == ["GB/T 1.1-2020", "GB/T 1.1-2009"]


def test_a_number_typed_without_space_or_slash_finds_the_work(catalogue):
    assert numbers_of(run("gbt12771")) == ["GB/T 12771-2019", "GB/T 12771-2008"]


def test_an_exact_number_ranks_before_the_other_editions_of_its_work(catalogue):
    assert numbers_of(run("GB/T 1.1-2009")) == ["GB/T 1.1-2009", "GB/T 1.1-2020"]


def test_a_number_typed_in_full_width_characters_is_found(catalogue):
    assert numbers_of(run("ＧＢ／Ｔ　１２７７１－２０１９"))[0] == "GB/T 12771-2019"


def test_an_international_number_is_found_by_its_number(catalogue):
    assert numbers_of(run("ISO 9001:2015")) == ["ISO 9001:2015"]
    assert numbers_of(run("9001")) == ["ISO 9001:2015"]


def test_a_number_and_words_together_find_the_edition_with_both(catalogue):
    assert numbers_of(run("GB 4706 电熨斗")) == ["GB 4706.2-2007"]


def test_a_classification_code_finds_its_editions(catalogue):
    assert set(numbers_of(run("K70"))) == matching(lambda e: "K70" in e.ccs_codes)
    assert set(numbers_of(run("29.140.40"))) == {"GB/T 7000.1-2015", "GB 7000.201-2008"}


# --- filters, facets, sorting, pages ------------------------------------------------------------


def test_filter_values_are_ored_within_a_key_and_anded_across_keys(catalogue):
    result = run(filters={"level": ["industry", "local"], "status": ["current"]})
    assert set(numbers_of(result)) == matching(
        lambda e: e.level in ("industry", "local") and e.status == "current"
    )
    assert result.total == len(set(numbers_of(result)))


def test_filters_apply_to_a_text_search(catalogue):
    assert set(numbers_of(run("电器", filters={"status": ["replaced"]}))) == {"GB 4706.1-1998"}


def test_the_year_filter_takes_years_as_text(catalogue):
    assert set(numbers_of(run(filters={"year": ["2020", "2021"]}))) == matching(
        lambda e: e.year in (2020, 2021)
    )
    assert run(filters={"year": ["last year"]}).total == 0


def test_facets_count_every_matching_edition_by_each_key(catalogue):
    result = run("电器", per_page=1)
    editions = [e for e in Edition.objects.all() if "电器" in e.title_zh]
    assert set(result.facets) == {"level", "status", "nature", "ccs_class", "ics_field", "year"}
    assert facet_dict(result.facets["status"]) == Counter(e.status for e in editions)
    assert facet_dict(result.facets["level"]) == Counter(e.level for e in editions)
    assert facet_dict(result.facets["year"]) == Counter(str(e.year) for e in editions)
    # Blank values (no CCS class) are not a facet value.
    assert facet_dict(result.facets["ccs_class"]) == Counter(e.ccs_class for e in editions if e.ccs_class)


def test_facet_values_come_most_frequent_first(catalogue):
    counts = [v.count for v in run("").facets["level"]]
    assert counts == sorted(counts, reverse=True)


def test_facets_are_counted_over_the_filtered_results(catalogue):
    result = run("", filters={"level": ["industry"]})
    assert facet_dict(result.facets["level"]) == {"industry": result.total}


def test_facets_can_be_left_out(catalogue):
    result = run("电器", facets=False)
    assert result.facets == {}
    assert result.total == 5


def test_newest_issued_first_puts_undated_editions_last(catalogue):
    found = numbers_of(run("", sort="-date"))
    dated = Edition.objects.exclude(issued_on=None).order_by("-issued_on")
    assert found[: dated.count()] == [e.number for e in dated]
    assert found[-1] == "QB/T 1234-2010"  # no issue date


def test_oldest_issued_first_also_puts_undated_editions_last(catalogue):
    found = numbers_of(run("", sort="date"))
    assert found[0] == "GB 4706.1-1998"
    assert found[-1] == "QB/T 1234-2010"


def test_sorting_by_number_orders_numbers_naturally(catalogue):
    found = numbers_of(run("GB/T 1", sort="number"))
    assert found == ["GB/T 1.1-2009", "GB/T 1.1-2020", "GB/T 1.2-2020"]
    found = numbers_of(run("", sort="number", filters={"level": ["industry"]}))
    fz = [n for n in found if n.startswith("FZ")]
    assert fz == sorted(fz, key=lambda n: int(n.split(" ")[1].split("-")[0]))


def test_pages_follow_each_other_without_overlap(catalogue):
    seen: list[int] = []
    for page in range(1, 5):
        result = search.search(SearchQuery(text="", page=page, per_page=10, sort="number"))
        assert result.total == len(catalogue)
        seen.extend(hit.edition_id for hit in result.hits)
    assert len(seen) == len(set(seen)) == len(catalogue)


def test_a_page_past_the_end_is_empty_but_keeps_the_total(catalogue):
    result = search.search(SearchQuery(text="电器", page=3, per_page=10))
    assert result.hits == []
    assert result.total == 5


def test_the_result_names_its_backend_and_time(catalogue):
    result = run("电器")
    assert result.backend == search.backend_name()
    assert result.took_ms >= 0


def test_relevance_scores_are_highest_first(catalogue):
    scores = [hit.score for hit in run("电器").hits]
    assert scores == sorted(scores, reverse=True)
    assert all(hit.score == 0 for hit in run("电器", sort="-date").hits)


@pytest.mark.parametrize(
    "bad",
    [{"sort": "title"}, {"page": 0}, {"per_page": 0}, {"filters": {"colour": ["red"]}}],
)
def test_a_malformed_query_is_refused(bad):
    with pytest.raises(ValueError):
        SearchQuery(**bad)


def test_a_single_string_filter_value_is_one_value_not_characters():
    assert SearchQuery(filters={"level": "national"}).filters == {"level": ("national",)}


# --- keeping the index in step ------------------------------------------------------------------


def test_searching_before_any_rebuild_finds_nothing():
    assert run("电器").total == 0
    assert search.document_count() == 0


def test_index_editions_picks_up_a_changed_title(catalogue):
    edition = catalogue["GB/T 12771-2019"]
    edition.title_zh = "流体输送用钛合金焊接钢管"
    edition.save()
    assert "GB/T 12771-2019" not in numbers_of(run("钛合金"))
    search.index_editions([edition.pk])
    assert numbers_of(run("钛合金")) == ["GB/T 12771-2019"]
    assert numbers_of(run("不锈钢")) == ["GB/T 12771-2008"]


def test_index_editions_drops_an_edition_that_no_longer_exists(catalogue):
    edition = catalogue["QB/T 1234-2010"]
    pk = edition.pk
    edition.delete()
    search.index_editions([pk])
    assert "QB/T 1234-2010" not in {n for n in numbers_of(run("灯"))}
    assert run("灯").total == 3
    assert search.document_count() == len(catalogue) - 1


def test_index_editions_adds_a_new_edition(catalogue):
    edition = make_edition("GB 7000.1-2024", "灯具 第1部分：一般要求与试验", status=Status.UPCOMING)
    search.index_editions([edition.pk])
    assert numbers_of(run("GB 7000.1-2024")) == ["GB 7000.1-2024"]
    assert search.document_count() == len(catalogue) + 1


def test_index_editions_of_nothing_changes_nothing(catalogue):
    search.index_editions([])
    assert search.document_count() == len(catalogue)


def test_rebuild_reports_progress_and_counts_the_editions(catalogue):
    calls: list[tuple[int, int]] = []
    assert search.rebuild(progress=lambda done, total: calls.append((done, total))) == len(catalogue)
    assert calls[-1] == (len(catalogue), len(catalogue))
    assert search.document_count() == len(catalogue)


def test_the_backend_follows_the_database(settings):
    expected = "postgres" if connection.vendor == "postgresql" else "tantivy"
    assert search.backend_name() == expected
    settings.SEARCH_BACKEND = "tantivy"
    assert search.backend_name() == "tantivy"


# --- the tantivy index directory ----------------------------------------------------------------


@pytest.fixture
def tantivy_backend(settings: Any) -> TantivyBackend:
    """The tantivy backend whatever the database (ask for it before ``catalogue``, which rebuilds),
    and a second engine object standing for another process reading the same directory."""
    settings.SEARCH_BACKEND = "tantivy"
    return TantivyBackend()


def test_a_commit_by_another_process_is_seen_at_the_next_search(tantivy_backend, catalogue, settings):
    other = tantivy_backend
    assert other.document_count() == len(catalogue)
    edition = make_edition("GB 7000.1-2024", "灯具 第1部分：一般要求与试验")
    search.index_editions([edition.pk])
    assert other.document_count() == len(catalogue) + 1


def test_a_rebuild_switches_generation_and_removes_the_old_one(tantivy_backend, catalogue, settings):
    root = Path(settings.SEARCH_INDEX_DIR)
    assert tantivy_backend.document_count() == len(catalogue)  # reading the first generation
    first = sorted(p.name for p in root.glob("gen-*"))
    search.rebuild()
    second = sorted(p.name for p in root.glob("gen-*"))
    assert len(first) == len(second) == 1
    assert first != second
    assert tantivy_backend.document_count() == len(catalogue)  # and now the second


def test_a_rebuild_with_helper_processes_finds_what_a_rebuild_in_one_process_finds(
    tantivy_backend, catalogue, monkeypatch
):
    queries = ["灯", "电器", "4706", "GB/T 1.1", "", "lamp"]

    def answers() -> list[tuple[int, list[str], dict[str, dict[str, int]]]]:
        results = [run(q) for q in queries]
        return [(r.total, numbers_of(r), {k: facet_dict(v) for k, v in r.facets.items()}) for r in results]

    in_one_process = answers()
    monkeypatch.setattr(tantivy_module, "PARALLEL_REBUILD_FROM", 1)
    monkeypatch.setattr(tantivy_module.os, "cpu_count", lambda: 2)

    assert search.rebuild() == len(catalogue)
    assert answers() == in_one_process


def test_indexing_most_of_the_catalogue_at_once_rebuilds_instead(
    tantivy_backend, catalogue, settings, monkeypatch
):
    monkeypatch.setattr(tantivy_module, "LARGE_UPDATE", 10)
    root = Path(settings.SEARCH_INDEX_DIR)
    before = sorted(p.name for p in root.glob("gen-*"))
    gone = catalogue["QB/T 1234-2010"]
    gone_pk = gone.pk
    gone.delete()
    search.index_editions([e.pk for e in catalogue.values()])
    assert sorted(p.name for p in root.glob("gen-*")) != before  # a new generation
    assert search.document_count() == len(catalogue) - 1
    assert gone_pk not in {hit.edition_id for hit in run("").hits}


def test_searching_while_the_first_rebuild_runs_finds_nothing_without_waiting(tantivy_backend, settings):
    with writer_lock(Path(settings.SEARCH_INDEX_DIR)):  # another process building the first index
        assert run("电器").total == 0
        assert tantivy_backend.document_count() == 0


def test_an_index_with_an_older_schema_is_ignored_until_it_is_rebuilt(tantivy_backend, catalogue, settings):
    current = Path(settings.SEARCH_INDEX_DIR) / "CURRENT"
    live = json.loads(current.read_text())
    current.write_text(json.dumps({**live, "schema": live["schema"] - 1}))
    search.reset()
    assert run("电器").total == 0
    search.rebuild()
    assert run("电器").total == 5


def test_a_second_writer_waits_for_the_first_and_gives_up_after_the_timeout(settings):
    root = Path(settings.SEARCH_INDEX_DIR)
    with writer_lock(root), pytest.raises(IndexBusyError), writer_lock(root, timeout=0.1):
        pass  # pragma: no cover - the inner lock is never acquired


# --- both engines -------------------------------------------------------------------------------

COMPARED_QUERIES = [
    SearchQuery(text="灯"),
    SearchQuery(text="电器"),
    SearchQuery(text="电器", filters={"status": ["current", "upcoming"]}),
    SearchQuery(text="4706"),
    SearchQuery(text="GB/T 1.1"),
    SearchQuery(text="gbt12771"),
    SearchQuery(text="GB 4706 电熨斗"),
    SearchQuery(text="K70"),
    SearchQuery(text="", filters={"level": ["industry"], "year": ["2015", "2016"]}, sort="date"),
    SearchQuery(text="", filters={"level": ["local", "group", "international"]}),
    SearchQuery(text="", sort="number", per_page=7, page=2),
    SearchQuery(text="", sort="-date", per_page=50),
    SearchQuery(text="纺织品", sort="date", per_page=50),
    SearchQuery(text="《》"),
]


TEXT_RANKED = ("灯", "电器", "K70")


@pytest.mark.postgres
def test_postgres_and_tantivy_find_the_same_editions_in_the_same_order(catalogue, settings):
    results: dict[str, list[SearchResult]] = {}
    for backend in ("postgres", "tantivy"):
        settings.SEARCH_BACKEND = backend
        search.rebuild()
        results[backend] = [search.search(query) for query in COMPARED_QUERIES]
    for query, pg, tv in zip(COMPARED_QUERIES, results["postgres"], results["tantivy"], strict=True):
        assert (pg.backend, tv.backend) == ("postgres", "tantivy")
        assert pg.total == tv.total, query
        assert pg.facets == tv.facets, query
        if query.text in TEXT_RANKED:
            # bm25 and ts_rank weigh terms differently: the same editions, in each engine's order.
            assert set(numbers_of(pg)) == set(numbers_of(tv)), query
        else:
            # Orders fixed by the number tiers, distinct years, dates or numbers.
            assert numbers_of(pg) == numbers_of(tv), query


@pytest.mark.postgres
def test_the_postgres_search_table_has_its_gin_index():
    from biaozhun.standards.search.pg_models import GIN_INDEX_NAME, EditionSearchDocument

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
            [EditionSearchDocument._meta.db_table, GIN_INDEX_NAME],
        )
        row = cursor.fetchone()
    assert row is not None
    assert "gin" in row[0].lower()
