"""factory_boy factories for self-declarations: categories, declarations, versions, products, indicators.

``DeclarationFactory`` makes a draft declaration of a fresh enterprise; ``DeclarationVersionFactory``
a draft version 1 of a fresh declaration. For a published declaration use
``published_declaration(...)``, which sets both sides (version state and the declaration's
``current`` pointer) the way ``declaration_publish`` leaves them, without screening or checks, so
that tests of other parts (disclosure, screening, supervision) start from a realistic row.
"""

from __future__ import annotations

import decimal
from typing import Any

import factory
from django.utils import timezone

from biaozhun.accounts.tests.factories import OrganisationFactory, UserFactory
from biaozhun.declarations.models import (
    Comparison,
    Declaration,
    DeclarationStatus,
    DeclarationVersion,
    Indicator,
    Product,
    ProductCategory,
    StandardKind,
    VersionState,
)


class ProductCategoryFactory(factory.django.DjangoModelFactory[ProductCategory]):
    class Meta:
        model = ProductCategory
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试类别{n}")
    description = ""
    is_active = True


class DeclarationFactory(factory.django.DjangoModelFactory[Declaration]):
    """A draft declaration (no versions: use ``DeclarationVersionFactory`` or ``published_declaration``)."""

    class Meta:
        model = Declaration

    organisation = factory.SubFactory(OrganisationFactory)
    status = DeclarationStatus.DRAFT
    created_by = factory.SubFactory(UserFactory)


class DeclarationVersionFactory(factory.django.DjangoModelFactory[DeclarationVersion]):
    """A draft version of an enterprise standard ``Q/…`` (no file, no commitment)."""

    class Meta:
        model = DeclarationVersion

    declaration = factory.SubFactory(DeclarationFactory)
    number = factory.LazyAttribute(lambda v: v.declaration.versions.count() + 1)
    state = VersionState.DRAFT
    standard_kind = StandardKind.ENTERPRISE
    edition = None
    standard_number = factory.Sequence(lambda n: f"Q/SL {1000 + n}-2026")
    standard_title = factory.Sequence(lambda n: f"测试灯具{n}")


class ProductFactory(factory.django.DjangoModelFactory[Product]):
    class Meta:
        model = Product

    version = factory.SubFactory(DeclarationVersionFactory)
    name = factory.Sequence(lambda n: f"LED吸顶灯{n}")
    model = factory.Sequence(lambda n: f"XD-{100 + n}")
    category = factory.SubFactory(ProductCategoryFactory)
    specification = ""
    barcode = ""
    brand = ""
    generic_name = ""
    position = factory.Sequence(lambda n: n)


class IndicatorFactory(factory.django.DjangoModelFactory[Indicator]):
    class Meta:
        model = Indicator

    version = factory.SubFactory(DeclarationVersionFactory)
    name = factory.Sequence(lambda n: f"光效{n}")
    comparison = Comparison.AT_LEAST
    value = decimal.Decimal("90")
    value_max = None
    unit = "lm/W"
    test_method = "GB/T 9468-2008"
    below_recommended = False
    below_explanation = ""
    position = factory.Sequence(lambda n: n)


def published_declaration(
    *,
    organisation: Any = None,
    by: Any = None,
    edition: Any = None,
    products: int = 1,
    indicators: int = 0,
    **version_fields: Any,
) -> Declaration:
    """A published declaration with one published version (v1), ``products`` products and
    ``indicators`` indicators. With ``edition`` it declares that catalogue edition; without, an
    enterprise standard. Extra keyword arguments go to the version (``standard_number=...``)."""
    organisation = organisation or OrganisationFactory.create()
    by = by or UserFactory.create()
    now = timezone.now()
    declaration = DeclarationFactory.create(
        organisation=organisation, created_by=by, status=DeclarationStatus.PUBLISHED, first_published_at=now
    )
    if edition is not None:
        version_fields.setdefault("standard_kind", StandardKind.CATALOGUE)
        version_fields.setdefault("standard_number", edition.number)
        version_fields.setdefault("standard_title", edition.title_zh)
    version = DeclarationVersionFactory.create(
        declaration=declaration,
        number=1,
        state=VersionState.PUBLISHED,
        edition=edition,
        commitment_signed_at=now,
        commitment_signed_by=by,
        published_at=now,
        published_by=by,
        **version_fields,
    )
    for _ in range(products):
        ProductFactory.create(version=version)
    for _ in range(indicators):
        IndicatorFactory.create(version=version)
    declaration.current = version
    declaration.save()
    return declaration
