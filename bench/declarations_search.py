"""Server time of the public search of self-declarations with 100,000 published declarations.

Builds a scratch SQLite database (``_setup.django_with_fresh_database``) with 20,000 enterprises in
20 towns and 100,000 published declarations (one current version each, 1-3 products), written with
``bulk_create``, then times ``/declarations/public/`` through Django's test client (middleware,
queries, template) for the typical filters. Target: p95 ≤ 100 ms.

Command: .venv/bin/python bench/declarations_search.py [--declarations 100000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import random
import time

from _setup import django_with_fresh_database, machine, p95, source_stamp, summary, timed

STANDARDS = ["GB/T 12771-2019", "GB 7000.1-2015", "GB/T 7000.201-2008", "QB/T 1234-2019", "DB4420/T 23-2022"]
PRODUCTS = ["LED吸顶灯", "筒灯", "射灯", "电饭锅", "电风扇", "插座", "吊灯", "台灯", "面板灯", "路灯"]


def build(total: int, rng: random.Random) -> None:
    from django.db import transaction
    from django.utils import timezone

    from biaozhun.accounts.models import Organisation, OrganisationKind, User
    from biaozhun.accounts.tests.factories import make_uscc
    from biaozhun.declarations.models import Declaration, DeclarationVersion, Product, ProductCategory

    user = User.objects.create(username="bench")
    towns = Organisation.objects.bulk_create(
        Organisation(kind=OrganisationKind.TOWN, name=f"测试镇{i}") for i in range(20)
    )
    enterprises = Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.ENTERPRISE,
            name=f"中山市示例{i}灯饰电器有限公司",
            uscc=make_uscc(i + 1),
            town=towns[i % 20],
        )
        for i in range(total // 5)
    )
    categories = ProductCategory.objects.bulk_create(ProductCategory(name=f"类别{i}") for i in range(30))
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, total, 10_000):
            ids = range(start + 1, min(total, start + 10_000) + 1)
            Declaration.objects.bulk_create(
                Declaration(
                    id=i,
                    organisation=enterprises[i % len(enterprises)],
                    status="published",
                    current_id=i,
                    created_by=user,
                    first_published_at=now - dt.timedelta(minutes=i),
                )
                for i in ids
            )
            DeclarationVersion.objects.bulk_create(
                DeclarationVersion(
                    id=i,
                    declaration_id=i,
                    number=1,
                    state="published",
                    standard_kind="enterprise" if i % 3 == 0 else "catalogue",
                    standard_number=f"Q/ZS{i % 997} {i}-2024" if i % 3 == 0 else rng.choice(STANDARDS),
                    standard_title="灯具通用安全要求",
                    published_at=now - dt.timedelta(minutes=i),
                )
                for i in ids
            )
            Product.objects.bulk_create(
                Product(
                    version_id=i,
                    name=f"{rng.choice(PRODUCTS)}{i % 50}",
                    model=f"M-{i}-{k}",
                    category=categories[i % 30],
                    position=k,
                )
                for i in ids
                for k in range(1 + i % 3)
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--declarations", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    django_with_fresh_database("declarations")
    from django.db import connection
    from django.test import Client

    from biaozhun.accounts.models import Organisation

    started = time.perf_counter()
    build(args.declarations, random.Random(5))  # noqa: S311 - repeatable data, not secrets
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    town = Organisation.objects.filter(kind="town").first()
    assert town is not None
    uscc = Organisation.objects.filter(kind="enterprise").values_list("uscc", flat=True)[123]
    client = Client(headers={"Accept-Language": "zh-hans"})
    base = "/declarations/public/"
    pages = [
        ("no filter", base),
        ("no filter, page 40", base + "?page=40"),
        ("sorted by enterprise", base + "?sort=enterprise"),
        ("enterprise name contains 示例123", base + "?enterprise=示例123"),
        ("enterprise name, no match", base + "?enterprise=不存在的公司"),
        ("USCC", base + f"?uscc={uscc.lower()}"),
        ("standard gbt12771 (undated)", base + "?standard=gbt12771"),
        ("standard GB 7000.1-2015 (dated)", base + "?standard=GB%207000.1-2015"),
        ("product 筒灯", base + "?product=筒灯"),
        ("product, no match", base + "?product=不存在"),
        ("town", base + f"?town={town.pk}"),
        (
            "town + standard + date range",
            base + f"?town={town.pk}&standard=GB/T%2012771&published_from=2020-01-01",
        ),
    ]
    print(f"bench/declarations_search.py on {connection.vendor}; {machine()}")
    print(
        f"  {args.declarations:,} published declarations built in {built:.0f} s; {source_stamp('biaozhun/declarations')}"
    )
    worst = 0.0
    for label, url in pages:
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        samples = timed(functools.partial(client.get, url), args.repeat)
        worst = max(worst, p95(samples))
        print(f"  {label:40s} {summary(samples)}")
    print(f"  worst p95 {worst:.1f} ms (target 100 ms)")
    print("command: .venv/bin/python bench/declarations_search.py")


if __name__ == "__main__":
    main()
