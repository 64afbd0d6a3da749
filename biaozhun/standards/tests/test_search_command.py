"""``manage.py search_index rebuild|status``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from biaozhun.standards import search
from biaozhun.standards.management.commands import search_index
from biaozhun.standards.models import Edition, Level, Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_editions() -> list[Edition]:
    work = Work.objects.create(key="GB/T 12771", level=Level.NATIONAL, code="GB/T")
    return Edition.objects.bulk_create(
        Edition(
            number=f"GB/T 12771-{year}",
            work=work,
            level=Level.NATIONAL,
            code="GB/T",
            year=year,
            title_zh="钢管",
        )
        for year in (2000, 2008, 2019)
    )


def command(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):  # the messages' English ids, whatever the catalogue says
        call_command("search_index", *args, stdout=out)
    return out.getvalue()


def test_rebuild_prints_the_count_and_the_time(three_editions):
    output = command("rebuild")
    assert "Indexed 3 editions in" in output
    assert search.backend_name() in output
    assert search.document_count() == 3


def test_rebuild_reports_progress_every_hundred_thousand_editions(three_editions, monkeypatch):
    monkeypatch.setattr(search_index, "PROGRESS_EVERY", 2)
    assert "… 3 of 3 editions indexed" in command("rebuild")


def test_status_compares_the_index_with_the_database(three_editions):
    command("rebuild")
    output = command("status")
    assert f"Search backend: {search.backend_name()}" in output
    assert "Documents in the index: 3" in output
    assert "Editions in the database: 3" in output
    assert "out of step" not in output


def test_status_says_when_the_index_is_out_of_step(three_editions):
    output = command("status")
    assert "Documents in the index: 0" in output
    assert "out of step with the database" in output


def test_the_command_needs_an_action():
    with pytest.raises(CommandError):
        command()
