"""``manage.py seed_demo`` publishes the demo enterprises' declarations once, through the migration importer."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from biaozhun.declarations.models import Declaration, DeclarationStatus


@pytest.mark.django_db
def test_seeding_twice_publishes_the_ten_demo_declarations_once() -> None:
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())

    published = Declaration.objects.filter(status=DeclarationStatus.PUBLISHED)
    assert published.count() == 10
    assert published.filter(
        current__standard_number="GB 7000.1-2007"
    ).exists()  # the replaced one the demo shows
