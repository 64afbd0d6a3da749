"""``manage.py load_topics [FILE]``: create or update thematic databases from a CSV file, by slug.

Without FILE it loads ``fixtures/zhongshan/topics.csv`` (Zhongshan's key industries). Idempotent:
a second run reports every row unchanged. Bad rows are printed with their line and skipped, the
good rows kept; the exit status is 0 unless the file cannot be read at all. The loaded databases'
members are recomputed at the end (``--no-refresh`` leaves that to the next catalogue update).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.core.audit import audit_context
from biaozhun.standards.services import topics


def default_file() -> Path:
    return Path(settings.BASE_DIR) / "fixtures" / "zhongshan" / "topics.csv"


class Command(BaseCommand):
    help = "Create or update thematic standards databases from a CSV file (upsert by slug), then refresh their members."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, default=None)
        parser.add_argument("--no-refresh", action="store_true", help="do not recompute the members now")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"] or default_file()
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with audit_context(actor=None):
            try:
                report = topics.topics_load(path=path, refresh=not options["no_refresh"])
            except (ValueError, UnicodeDecodeError) as exc:
                raise CommandError(str(exc)) from exc
        for line, reason in report.problems:
            self.stderr.write(f"line {line}: {reason}")
        for topic in report.topics:
            count = f"{topic.member_count} standards" if not options["no_refresh"] else "not refreshed"
            self.stdout.write(f"  {topic.slug}: {topic.name_zh} ({count})")
        summary = (
            f"{path.name}: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len(report.problems)} rejected"
        )
        self.stdout.write(self.style.WARNING(summary) if report.problems else self.style.SUCCESS(summary))
