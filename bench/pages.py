"""Server time of the pages people open most, on a database with demo data and 50,000 audit events.

Measures the whole Django request (middleware, queries, templates) through the test client, so
it excludes network and browser time. Command: .venv/bin/python bench/pages.py
"""

from __future__ import annotations

import functools
from pathlib import Path

from _setup import ROOT, django_with_fresh_database, machine, summary, timed

AUDIT_EVENTS = 50_000
REPEAT = 30


def main() -> None:
    django_with_fresh_database("pages")
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test import Client

    from biaozhun.accounts.models import Organisation, User
    from biaozhun.core.models import AuditEvent
    from biaozhun.demo.services import demo_seed
    from biaozhun.reference.services import reference_load

    reference_load(path=Path(ROOT) / "fixtures" / "reference", only=None)
    demo_seed()
    admin = User.objects.get(username="demo_admin")
    ct = ContentType.objects.get_for_model(Organisation)
    org = Organisation.objects.first()
    assert org is not None
    AuditEvent.objects.bulk_create(
        AuditEvent(
            action="update",
            actor=admin,
            actor_label=admin.username,
            content_type=ct,
            object_id=str(org.pk),
            object_repr=org.name,
            changes={"name": [f"旧名称{i}", f"新名称{i}"]},
        )
        for i in range(AUDIT_EVENTS)
    )
    anonymous = Client(headers={"Accept-Language": "zh-hans"})
    signed_in = Client(headers={"Accept-Language": "zh-hans"})
    signed_in.force_login(admin)
    pages = [
        ("home (anonymous)", anonymous, "/"),
        ("CCS search q=灯 (anonymous)", anonymous, "/reference/ccs/?q=灯"),
        ("HS search q=8516 (anonymous)", anonymous, "/reference/hs/?q=8516"),
        ("API CCS search q=电 (anonymous)", anonymous, "/api/reference/ccs?q=电"),
        ("dashboard (bureau admin)", signed_in, "/dashboard/"),
        ("organisations list (bureau admin)", signed_in, "/accounts/organisations/"),
        (f"audit list, {AUDIT_EVENTS} events (bureau admin)", signed_in, "/audit/"),
        ("audit list filtered by action (bureau admin)", signed_in, "/audit/?action=update&page=100"),
    ]
    print(f"bench/pages.py on {connection.vendor}; {machine()}")
    for label, client, url in pages:
        status = client.get(url).status_code
        assert status == 200, f"{url} answered {status}"
        print(f"  {label:48s} {summary(timed(functools.partial(client.get, url), REPEAT))}")
    print("command: .venv/bin/python bench/pages.py")


if __name__ == "__main__":
    main()
