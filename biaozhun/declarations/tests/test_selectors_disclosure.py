"""The public search: filters, the grammar-read standard number, the capped count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from biaozhun.accounts.models import OrganisationKind
from biaozhun.accounts.tests.factories import OrganisationFactory
from biaozhun.declarations.selectors import disclosure
from biaozhun.declarations.selectors.disclosure import DisclosureFilters, search_published
from biaozhun.declarations.tests.factories import DeclarationFactory, ProductFactory, published_declaration

pytestmark = pytest.mark.django_db


def _found(**filters: Any) -> list[Any]:
    return list(search_published(DisclosureFilters(**filters)).page.object_list)


def test_search_lists_only_published_declarations() -> None:
    published = published_declaration(standard_number="Q/SL 1-2026")
    DeclarationFactory.create()
    assert _found() == [published]


def test_standard_number_typed_any_way_matches_the_canonical_number() -> None:
    dated = published_declaration(standard_number="GB/T 12771-2019")
    older = published_declaration(standard_number="GB/T 12771-2008")
    adopted = published_declaration(standard_number="GB/T 12771-2019/XG1-2021")
    published_declaration(standard_number="GB/T 127710-2019")
    assert set(_found(standard="gbt12771—2019")) == {dated, adopted}
    assert set(_found(standard="ＧＢ／Ｔ １２７７１")) == {dated, older, adopted}


def test_unreadable_standard_text_falls_back_to_containing_it() -> None:
    found = published_declaration(standard_number="Q/SL 4706-2026")
    result = search_published(DisclosureFilters(standard="4706"))
    assert list(result.page.object_list) == [found]
    assert result.standard is not None and not result.standard.read


def test_enterprise_uscc_town_and_product_filters_narrow_the_list() -> None:
    town = OrganisationFactory.create(kind=OrganisationKind.TOWN, name="小榄镇", uscc="")
    firm = OrganisationFactory.create(name="中山市明亮灯饰有限公司", town=town)
    lamp = published_declaration(organisation=firm, products=0)
    ProductFactory.create(version=lamp.current, name="LED筒灯", model="TD-9")
    other = published_declaration()
    assert _found(enterprise="明亮") == [lamp]
    assert _found(uscc=" " + firm.uscc.lower()) == [lamp]
    assert _found(town_id=town.pk) == [lamp]
    assert _found(product="筒灯") == [lamp]
    assert _found(model="td-9") == [lamp]
    assert other in _found()


def test_publication_date_range_and_sort() -> None:
    first = published_declaration()
    second = published_declaration()
    first.first_published_at = timezone.make_aware(dt.datetime(2025, 1, 10, 9))
    second.first_published_at = timezone.make_aware(dt.datetime(2025, 3, 10, 9))
    first.save()
    second.save()
    assert _found() == [second, first]
    assert _found(sort="published") == [first, second]
    assert _found(published_from=dt.date(2025, 1, 10), published_to=dt.date(2025, 1, 10)) == [first]


def test_count_stops_at_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(disclosure, "COUNT_CAP", 2)
    for _ in range(3):
        published_declaration()
    paginator = disclosure.CappedPaginator(disclosure.published_declarations(), 25, cap=2)
    assert paginator.count == 3 and paginator.capped


def test_open_data_has_one_row_per_product_of_the_current_version() -> None:
    declaration = published_declaration(products=2)
    published_declaration(products=1)
    DeclarationFactory.create()
    rows = list(disclosure.open_data_rows())
    assert len(rows) == 3
    mine = [r for r in rows if r[0] == str(declaration.public_id)]
    assert len(mine) == 2 and mine[0][2] == declaration.organisation.uscc
