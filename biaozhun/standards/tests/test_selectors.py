"""Reading the catalogue: replacement chains, an edition by any spelling, history, browsing counts, facets."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.http import Http404
from django.utils import translation

from biaozhun.reference.models import CCSCode, ICSCode, ccs_sort_key
from biaozhun.standards import selectors
from biaozhun.standards.models import Edition, ImportFormat, ImportRun, Status
from biaozhun.standards.search import FacetValue, SearchResult
from biaozhun.standards.tests.factories import EditionChangeFactory, EditionFactory, ReplacementFactory

pytestmark = pytest.mark.django_db


def _numbers(links: list[selectors.ChainLink]) -> list[str]:
    return [link.edition.number for link in links]


@pytest.fixture
def chain_of_four(db: Any) -> list[Edition]:
    """GB/T 100-1990 → 2000 → 2010 (partly) → 2020: each replaces the one before."""
    editions = [
        EditionFactory.create(number=f"GB/T 100-{year}", status=status)
        for year, status in [
            (1990, Status.REPLACED),
            (2000, Status.REPLACED),
            (2010, Status.CURRENT),
            (2020, Status.CURRENT),
        ]
    ]
    ReplacementFactory.create(predecessor=editions[0], successor=editions[1])
    ReplacementFactory.create(predecessor=editions[1], successor=editions[2])
    ReplacementFactory.create(predecessor=editions[2], successor=editions[3], partial=True)
    return editions


def test_the_chain_of_a_middle_edition_runs_back_to_the_first_and_on_to_the_last(
    chain_of_four: list[Edition],
) -> None:
    chain = selectors.replacement_chain(chain_of_four[1])

    assert _numbers(chain.predecessors) == ["GB/T 100-1990"]
    assert _numbers(chain.successors) == ["GB/T 100-2010", "GB/T 100-2020"]
    assert [link.depth for link in chain.successors] == [1, 2]
    assert not chain.cycle and not chain.truncated


def test_predecessors_are_listed_oldest_first_and_the_partial_link_is_marked(
    chain_of_four: list[Edition],
) -> None:
    chain = selectors.replacement_chain(chain_of_four[3])

    assert _numbers(chain.predecessors) == ["GB/T 100-1990", "GB/T 100-2000", "GB/T 100-2010"]
    assert [link.partial for link in chain.predecessors] == [False, False, True]
    assert _numbers(chain.replaces) == ["GB/T 100-2010"]
    assert chain.predecessors[-1].via == chain_of_four[3]
    assert chain.successors == []


def test_a_cycle_in_the_links_is_reported_and_not_followed(db: Any) -> None:
    a, b, c = (EditionFactory.create(number=f"GB/T 200-{year}") for year in (2001, 2002, 2003))
    ReplacementFactory.create(predecessor=a, successor=b)
    ReplacementFactory.create(predecessor=b, successor=c)
    ReplacementFactory.create(predecessor=c, successor=a)  # only a hand-edited row can do this

    chain = selectors.replacement_chain(b)

    assert chain.cycle
    assert _numbers(chain.successors) == ["GB/T 200-2003"]
    assert _numbers(chain.predecessors) == ["GB/T 200-2001"]
    everyone = [link.edition.pk for link in [*chain.predecessors, *chain.successors]]
    assert len(everyone) == len(set(everyone)) and b.pk not in everyone


def test_a_chain_longer_than_the_bound_is_cut_and_says_so(db: Any) -> None:
    editions = [EditionFactory.create(number=f"GB/T 300-{1950 + i}") for i in range(6)]
    for older, newer in itertools.pairwise(editions):
        ReplacementFactory.create(predecessor=older, successor=newer)

    chain = selectors.replacement_chain(editions[0], max_depth=3)

    assert _numbers(chain.successors) == ["GB/T 300-1951", "GB/T 300-1952", "GB/T 300-1953"]
    assert chain.truncated
    assert not selectors.replacement_chain(editions[2], max_depth=3).truncated  # ends exactly at the bound


def test_a_split_edition_lists_both_successors_at_the_same_depth(db: Any) -> None:
    old = EditionFactory.create(number="GB 400-2000", status=Status.REPLACED)
    first = EditionFactory.create(number="GB 400.1-2010")
    second = EditionFactory.create(number="GB 400.2-2010")
    ReplacementFactory.create(predecessor=old, successor=first)
    ReplacementFactory.create(predecessor=old, successor=second)

    chain = selectors.replacement_chain(old)

    assert _numbers(chain.replaced_by) == ["GB 400.1-2010", "GB 400.2-2010"]


def test_an_edition_is_found_by_a_non_canonical_spelling_of_its_number(db: Any) -> None:
    edition = EditionFactory.create(number="GB/T 12771-2019")

    assert selectors.edition_detail("GB/T 12771-2019") == edition
    assert selectors.edition_detail("gbt 12771-2019") == edition
    assert selectors.edition_detail("GB/T12771—2019") == edition


def test_a_number_without_its_year_finds_the_edition_in_force(db: Any) -> None:
    EditionFactory.create(number="GB/T 12771-2008", status=Status.REPLACED)
    current = EditionFactory.create(number="GB/T 12771-2019", status=Status.CURRENT)

    assert selectors.edition_detail("GB/T 12771") == current


@pytest.mark.parametrize("number", ["GB/T 99999-2019", "not a number", "", "\x00", "GB/T 1-2019" * 50])
def test_an_unknown_or_unreadable_number_is_a_404(db: Any, number: str) -> None:
    EditionFactory.create(number="GB/T 1-2019")

    with pytest.raises(Http404):
        selectors.edition_detail(number)


def test_the_timeline_lists_every_edition_of_the_work_oldest_first(chain_of_four: list[Edition]) -> None:
    EditionFactory.create(number="GB/T 101-2015")  # another work

    timeline = selectors.edition_timeline(chain_of_four[2])

    assert [e.number for e in timeline] == [e.number for e in chain_of_four]
    assert timeline[0].status == Status.REPLACED


def test_the_history_is_newest_first_with_labels_and_the_import_file(db: Any) -> None:
    edition = EditionFactory.create(number="GB/T 500-2020")
    run = ImportRun.objects.create(file_name="catalogue-2024.csv", format=ImportFormat.FLAT)
    EditionChangeFactory.create(
        edition=edition,
        run=run,
        kind="updated",
        changed_at=dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
        changes={"title_zh": ["旧名称", "新名称"]},
    )
    EditionChangeFactory.create(
        edition=edition,
        kind="dates",
        changed_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        changes={"status": ["upcoming", "current"]},
    )

    with translation.override("en"):
        history = selectors.edition_history(edition)

    assert [entry.kind for entry in history] == ["dates", "updated"]
    assert history[0].fields[0].before == "To be implemented"
    assert history[0].fields[0].after == "Current"
    assert history[0].file_name == ""
    assert history[1].file_name == "catalogue-2024.csv"
    assert history[1].fields[0].label == "Chinese title"
    assert (history[1].fields[0].before, history[1].fields[0].after) == ("旧名称", "新名称")


def test_the_status_banner_names_the_replacing_edition(chain_of_four: list[Edition]) -> None:
    edition = chain_of_four[1]

    banner = selectors.status_banner(edition, selectors.replacement_chain(edition))

    assert banner.kind == "replaced"
    assert [link.edition.number for link in banner.links] == ["GB/T 100-2010"]


def test_the_status_banner_of_an_upcoming_edition_gives_its_date(db: Any) -> None:
    edition = EditionFactory.create(
        number="GB/T 600-2025", status=Status.UPCOMING, implemented_on=dt.date(2026, 3, 1)
    )

    banner = selectors.status_banner(edition, selectors.replacement_chain(edition))

    assert (banner.kind, banner.date) == ("upcoming", dt.date(2026, 3, 1))


def test_a_current_edition_partly_replaced_stays_in_force(chain_of_four: list[Edition]) -> None:
    edition = chain_of_four[2]

    banner = selectors.status_banner(edition, selectors.replacement_chain(edition))

    assert banner.kind == "partly_replaced"
    assert banner.tone == "ok"


@pytest.fixture
def classified(db: Any) -> None:
    k = CCSCode.objects.create(code="K", level=1, name_zh="电工", sort_key=ccs_sort_key("K", 1))
    k22 = CCSCode.objects.create(
        code="K22", level=3, name_zh="电机", sort_key=ccs_sort_key("K22", 3), parent=k
    )
    field = ICSCode.objects.create(code="29", level=1, field_code="29", title_en="Electrical engineering")
    sub = ICSCode.objects.create(code="29.160.30", level=3, field_code="29", title_en="Motors", parent=field)
    for i in range(3):
        EditionFactory.create(
            number=f"GB/T 700.{i + 1}-2020", ccs=k22, ccs_codes="K22", ccs_class="K", ics=sub, ics_field="29"
        )
    EditionFactory.create(number="GB/T 701-2020", ccs_codes="K99", ccs_class="K")  # not in the list
    EditionFactory.create(number="GB/T 702-2020", ccs_codes="Y10", ccs_class="Y")
    EditionFactory.create(number="GB/T 703-2020")  # unclassified


def test_ccs_counts_group_editions_by_class_and_category(classified: None) -> None:
    tree = selectors.ccs_tree_counts()

    assert [(c.code, c.label, c.count) for c in tree.classes] == [("K", "电工", 4), ("Y", "", 1)]
    k = tree.classes[0]
    assert [(cat.code, cat.label, cat.count) for cat in k.categories] == [("K22", "电机", 3)]
    assert k.other == 1
    assert (tree.unclassified, tree.total) == (1, 6)


def test_ccs_counts_for_one_class_leave_the_others_out(classified: None) -> None:
    assert [c.code for c in selectors.ccs_tree_counts(only="y").classes] == ["Y"]
    assert selectors.ccs_tree_counts(only="Q").classes == []


def test_ics_counts_group_editions_by_field_and_code(classified: None) -> None:
    tree = selectors.ics_tree_counts()

    assert [(f.code, f.label, f.count) for f in tree.classes] == [("29", "Electrical engineering", 3)]
    assert [(c.code, c.count) for c in tree.classes[0].categories] == [("29.160.30", 3)]
    assert tree.unclassified == 3


def test_facet_labels_name_classes_fields_and_choices(classified: None) -> None:
    with translation.override("en"):
        labels = selectors.facet_labels(
            {
                "ccs_class": [FacetValue("K", 4), FacetValue("Y", 1)],
                "ics_field": [FacetValue("29", 3)],
                "status": [FacetValue("current", 5)],
                "year": [FacetValue("2020", 6)],
            }
        )

    assert labels["ccs_class"] == {"K": "K 电工", "Y": "Y"}
    assert labels["ics_field"] == {"29": "29 Electrical engineering"}
    assert labels["status"] == {"current": "Current"}
    assert labels["year"] == {"2020": "2020"}


def test_bad_filter_values_are_dropped_and_good_ones_kept() -> None:
    filters = selectors.clean_filters(
        {
            "status": ["current", "planet", "current"],
            "level": ["national"],
            "ccs_class": ["k", "KK", ""],
            "ics_field": ["29", "2a"],
            "year": ["2020", "99999", "1800"],
            "colour": ["blue"],
        }
    )

    assert filters == {
        "status": ("current",),
        "level": ("national",),
        "ccs_class": ("K",),
        "ics_field": ("29",),
        "year": ("2020",),
    }


def test_a_query_is_built_from_any_input_without_error() -> None:
    query = selectors.build_query(text="  灯具\x00 ", sort="sideways", page="many", per_page=10_000)

    assert (query.text, query.sort, query.page) == ("灯具", "relevance", 1)
    assert query.per_page == selectors.EXPORT_BATCH
    assert selectors.build_query(page="999999").page == selectors.MAX_PAGE


def test_a_ticked_value_the_search_no_longer_counts_is_still_listed() -> None:
    result = SearchResult(
        total=1, hits=[], facets={"status": [FacetValue("current", 1)]}, backend="test", took_ms=0.0
    )

    groups = selectors.facet_groups(result, {"status": ("current", "withdrawn")})

    status = next(group for group in groups if group.key == "status")
    assert [(o.value, o.count, o.selected) for o in status.options] == [
        ("current", 1, True),
        ("withdrawn", 0, True),
    ]
