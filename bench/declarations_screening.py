"""How long the nightly screening of 100,000 published declarations takes (target: ≤ 10 minutes).

Builds a scratch SQLite database (``_setup.django_with_fresh_database``): a catalogue of a few
thousand editions (most current, some replaced by a newer edition, some withdrawn, some with a
replacement on its way), 20,000 enterprises, 20 product categories with two mandatory baselines
each, and 100,000 published declarations: 80% executing a catalogue standard (a few numbers the
catalogue does not hold, a few group standards written wrong), 20% enterprise standards with three
indicators each (some below a baseline, some flagged below the recommended standard), one or two
products per declaration, and some enterprises declaring the same product twice. No text files.

Then times ``services.screening.screening_run_all()`` twice: the first run creates every finding,
the second is a normal night (nothing changed: every finding is seen again, none created).

Command:
    .venv/bin/python bench/declarations_screening.py [--declarations 100000] [--batch 5000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from decimal import Decimal

from _setup import django_with_fresh_database, machine, source_stamp

TODAY = dt.date(2026, 12, 2)


def build(declarations: int, rng: random.Random) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from biaozhun.accounts.models import Organisation, OrganisationKind
    from biaozhun.accounts.tests.factories import UserFactory
    from biaozhun.declarations.models import (
        Declaration,
        DeclarationStatus,
        DeclarationVersion,
        Indicator,
        MandatoryBaseline,
        Product,
        ProductCategory,
        StandardKind,
        VersionState,
    )
    from biaozhun.standards.models import Edition, Level, Replacement, Status, Work

    now = timezone.now()
    with transaction.atomic():
        # The catalogue: 3,000 works; 600 have an old replaced edition, 150 are withdrawn, 100 have
        # an upcoming replacement.
        works = Work.objects.bulk_create(
            [Work(key=f"GB/T {10000 + i}", level=Level.NATIONAL, code="GB/T") for i in range(3000)]
        )
        editions: list[Edition] = []
        links: list[tuple[int, int]] = []  # indexes into editions: predecessor, successor
        current_numbers, replaced_numbers, withdrawn_numbers, upcoming_numbers = [], [], [], []
        for i, work in enumerate(works):

            def edition(year: int, status: str, implemented: dt.date, work: Work = work) -> int:
                editions.append(
                    Edition(
                        number=f"{work.key}-{year}",
                        work=work,
                        level=Level.NATIONAL,
                        code="GB/T",
                        year=year,
                        status=status,
                        title_zh=f"测试产品{work.key}",
                        implemented_on=implemented,
                    )
                )
                return len(editions) - 1

            if i < 600:
                old = edition(2010, Status.REPLACED, dt.date(2010, 6, 1))
                new = edition(2020, Status.CURRENT, dt.date(2020, 9, 1))
                links.append((old, new))
                replaced_numbers.append(editions[old].number)
                current_numbers.append(editions[new].number)
            elif i < 750:
                withdrawn_numbers.append(
                    editions[edition(2012, Status.WITHDRAWN, dt.date(2012, 6, 1))].number
                )
            elif i < 850:
                old = edition(2015, Status.CURRENT, dt.date(2015, 6, 1))
                new = edition(2026, Status.UPCOMING, dt.date(2027, 6, 1))
                links.append((old, new))
                upcoming_numbers.append(editions[old].number)
            else:
                current_numbers.append(editions[edition(2019, Status.CURRENT, dt.date(2019, 6, 1))].number)
        Edition.objects.bulk_create(editions, batch_size=2000)
        Replacement.objects.bulk_create(
            [Replacement(predecessor=editions[a], successor=editions[b]) for a, b in links], batch_size=2000
        )
        by_number = dict(Edition.objects.values_list("number", "id"))

        user = UserFactory.create(username="bench")
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    kind=OrganisationKind.ENTERPRISE, name=f"测试企业{i}有限公司", uscc=f"91440{i:013d}"
                )
                for i in range(20_000)
            ],
            batch_size=2000,
        )
        categories = ProductCategory.objects.bulk_create(
            [ProductCategory(name=f"类别{i}") for i in range(20)]
        )
        MandatoryBaseline.objects.bulk_create(
            [
                MandatoryBaseline(
                    category=c,
                    indicator=name,
                    direction=direction,
                    limit=Decimal(limit),
                    unit=unit,
                    source_standard=f"GB {30000 + j}-2019",
                )
                for j, c in enumerate(categories)
                for name, direction, limit, unit in (
                    ("光效", "ge", "80", "lm/W"),
                    ("待机功率", "le", "0.5", "W"),
                )
            ]
        )

        rows = Declaration.objects.bulk_create(
            [
                Declaration(
                    organisation=orgs[rng.randrange(len(orgs))],
                    status=DeclarationStatus.PUBLISHED,
                    created_by=user,
                    first_published_at=now,
                )
                for _ in range(declarations)
            ],
            batch_size=5000,
        )
        versions: list[DeclarationVersion] = []
        twins: set[int] = set()  # versions copying the one before: one enterprise declaring a product twice
        for d in rows:
            if versions and rng.random() < 0.01:
                before = versions[-1]
                d.organisation_id = before.declaration.organisation_id
                twins.add(len(versions))
                versions.append(
                    DeclarationVersion(
                        declaration=d,
                        number=1,
                        state=VersionState.PUBLISHED,
                        standard_kind=before.standard_kind,
                        edition_id=before.edition_id,
                        standard_number=before.standard_number,
                        standard_title="测试产品",
                        commitment_signed_at=now,
                        commitment_signed_by=user,
                        published_at=now,
                        published_by=user,
                    )
                )
                continue
            roll = rng.random()
            if roll < 0.8:
                pick = rng.random()
                if pick < 0.85:
                    number = rng.choice(current_numbers)
                elif pick < 0.93:
                    number = rng.choice(replaced_numbers)
                elif pick < 0.96:
                    number = rng.choice(withdrawn_numbers)
                elif pick < 0.98:
                    number = rng.choice(upcoming_numbers)
                elif pick < 0.99:
                    number = f"GB/T {rng.randint(60000, 69999)}-2018"  # not in the catalogue
                else:
                    number = f"T/ {rng.randint(1, 999)}-2021"  # a group number written wrong
                kind, edition_id = StandardKind.CATALOGUE, by_number.get(number)
            else:
                number, kind, edition_id = (
                    f"Q/QY{d.organisation_id} {rng.randint(1, 99)}-2025",
                    StandardKind.ENTERPRISE,
                    None,
                )
            versions.append(
                DeclarationVersion(
                    declaration=d,
                    number=1,
                    state=VersionState.PUBLISHED,
                    standard_kind=kind,
                    edition_id=edition_id,
                    standard_number=number,
                    standard_title="测试产品",
                    commitment_signed_at=now,
                    commitment_signed_by=user,
                    published_at=now,
                    published_by=user,
                )
            )
        Declaration.objects.bulk_update([rows[i] for i in twins], ["organisation"], batch_size=1000)
        DeclarationVersion.objects.bulk_create(versions, batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE declarations_declaration SET current_id = (SELECT v.id FROM declarations_declarationversion v"
                " WHERE v.declaration_id = declarations_declaration.id)"
            )
        products, indicators = [], []
        for i, v in enumerate(versions):
            if i in twins:
                model = f"M-{versions[i - 1].declaration_id}-0"
                products.append(Product(version=v, name="LED灯", model=model, category=categories[0]))
                continue
            for p in range(rng.choice((1, 1, 2))):
                model = f"M-{v.declaration_id}-{p}"
                products.append(
                    Product(version=v, name="LED灯", model=model, category=rng.choice(categories))
                )
            if v.standard_kind == StandardKind.ENTERPRISE:
                indicators += [
                    Indicator(
                        version=v,
                        name="光效",
                        comparison="ge",
                        value=Decimal(rng.choice(("70", "90", "100"))),
                        unit="lm/W",
                        test_method="GB/T 9468-2008",
                    ),
                    Indicator(
                        version=v,
                        name="待机功率",
                        comparison="le",
                        value=Decimal(rng.choice(("0.3", "0.4", "0.8"))),
                        unit="W",
                        test_method="GB/T 9468-2008",
                    ),
                    Indicator(
                        version=v,
                        name="显色指数",
                        comparison="ge",
                        value=Decimal("75"),
                        test_method="GB/T 9468-2008",
                        below_recommended=rng.random() < 0.1,
                        below_explanation="出口型号",
                    ),
                ]
        for v_indicator in indicators:
            if not v_indicator.below_recommended:
                v_indicator.below_explanation = ""
        Product.objects.bulk_create(products, batch_size=5000)
        Indicator.objects.bulk_create(indicators, batch_size=5000)
    print(
        f"built: {len(editions):,} editions, {len(orgs):,} enterprises, {declarations:,} published declarations, "
        f"{len(products):,} products, {len(indicators):,} indicators"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--declarations", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()
    workdir = django_with_fresh_database("declarations-screening")
    from biaozhun.declarations.services.screening import screening_run_all

    print(f"machine: {machine()}; {source_stamp('biaozhun/declarations')}; database in {workdir}")
    start = time.perf_counter()
    build(args.declarations, random.Random(20261202))  # noqa: S311 - reproducible data, no secret
    print(f"set-up: {time.perf_counter() - start:.0f} s")
    for label in ("first run (creates the findings)", "second run (a normal night)"):
        start = time.perf_counter()
        result = screening_run_all(today=TODAY, batch=args.batch)
        elapsed = time.perf_counter() - start
        print(f"{label}: {elapsed:.1f} s ({elapsed / 60:.1f} min) for {result['versions']:,} versions")
        print(
            f"  created {result['created']:,}, updated {result['updated']:,}, reopened {result['reopened']:,}, "
            f"resolved {result['resolved']:,}, unchanged {result['unchanged']:,}"
        )
        print(f"  found: {result['found']}")


if __name__ == "__main__":
    main()
