"""``manage.py load_topics``: upsert by slug, bad rows reported by line, the shipped file's codes are real."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from biaozhun.standards.management.commands.load_topics import default_file
from biaozhun.standards.models import Topic, TopicEntry
from biaozhun.standards.tests.factories import EditionFactory

pytestmark = pytest.mark.django_db
NINE = {
    "lighting",
    "home-appliances",
    "gas-appliances",
    "furniture",
    "hardware-locks",
    "textiles-apparel",
    "cosmetics",
    "wind-power",
    "food",
}

HEADER = "slug,name_zh,name_en,order,levels,ccs_prefixes,ics_prefixes,keywords,description,is_published\n"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_topics", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_shipped_file_loads_nine_databases_and_a_second_run_changes_nothing() -> None:
    EditionFactory.create(number="GB 7000.1-2015", title_zh="灯具 第1部分：一般要求与试验", ccs_codes="K70")

    first, errors = run()
    second, _ = run()

    assert set(Topic.objects.values_list("slug", flat=True)) == NINE
    assert errors == ""
    assert "9 created, 0 updated, 0 unchanged, 0 rejected" in first
    assert "0 created, 0 updated, 9 unchanged, 0 rejected" in second
    assert TopicEntry.objects.filter(topic__slug="lighting", edition__number="GB 7000.1-2015").exists()
    assert "lighting: 灯饰照明 (1 standards)" in first


def test_every_code_of_the_shipped_file_is_in_the_reference_code_lists() -> None:
    call_command("load_reference_data", "--only", "ccs,ics", stdout=StringIO())

    out, errors = run("--no-refresh")

    assert errors == ""
    assert "0 rejected" in out
    assert Topic.objects.get(slug="lighting").ccs_prefixes.split() == ["K70", "K71", "K72", "K73", "K74"]


def test_bad_rows_are_reported_with_their_line_and_good_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "topics.csv"
    path.write_text(
        HEADER
        + "lighting,灯饰照明,Lighting,10,,K70-K74,29.140,灯具,,yes\n"
        + "bad-ccs,坏的,,20,,K7X,,,,yes\n"
        + ",无短名,,30,,,,灯具,,yes\n"
        + "bad-level,坏级别,,40,provincial,,,灯具,,yes\n"
        + "draft,草稿,,50,,,,燃气灶,,no\n",
        encoding="utf-8",
    )

    out, errors = run(str(path))

    assert set(Topic.objects.values_list("slug", flat=True)) == {"lighting", "draft"}
    assert Topic.objects.get(slug="draft").is_published is False
    assert "line 3:" in errors and "K7X" in errors
    assert "line 4:" in errors and "line 5:" in errors
    assert "2 created, 0 updated, 0 unchanged, 3 rejected" in out


def test_a_changed_row_updates_the_database_by_slug(tmp_path: Path) -> None:
    path = tmp_path / "topics.csv"
    path.write_text(HEADER + "lighting,灯饰照明,,10,,K70,,,,yes\n", encoding="utf-8")
    run(str(path))
    path.write_text(HEADER + "lighting,灯饰照明（更新）,,10,,K70;K74,,,,yes\n", encoding="utf-8")

    out, _ = run(str(path))

    topic = Topic.objects.get(slug="lighting")
    assert "0 created, 1 updated" in out
    assert topic.name_zh == "灯饰照明（更新）"
    assert topic.ccs_prefixes == "K70\nK74"


def test_a_missing_file_or_column_stops_the_command(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "nope.csv"))
    path = tmp_path / "topics.csv"
    path.write_text("name\nx\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing columns"):
        run(str(path))


def test_the_default_file_is_the_zhongshan_fixture() -> None:
    assert default_file().parts[-2:] == ("zhongshan", "topics.csv")
