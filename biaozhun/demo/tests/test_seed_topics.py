"""``manage.py seed_demo`` loads Zhongshan's nine thematic databases, and none of them is empty."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from biaozhun.standards.models import Topic, TopicEntry

NINE = (
    "lighting",
    "home-appliances",
    "gas-appliances",
    "furniture",
    "hardware-locks",
    "textiles-apparel",
    "cosmetics",
    "wind-power",
    "food",
)


@pytest.mark.django_db
def test_after_seeding_every_one_of_the_nine_thematic_databases_has_members() -> None:
    call_command("seed_demo", stdout=StringIO())

    counts = dict(Topic.objects.values_list("slug", "member_count"))
    assert set(counts) == set(NINE)
    assert all(counts[slug] > 0 for slug in NINE), counts
    for slug in NINE:
        assert TopicEntry.objects.filter(topic__slug=slug).count() == counts[slug]
    assert TopicEntry.objects.filter(topic__slug="gas-appliances", edition__number="GB 16410-2020").exists()
    assert TopicEntry.objects.filter(topic__slug="food", edition__number="GB 2760-2024").exists()
