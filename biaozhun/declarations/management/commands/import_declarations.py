"""``manage.py import_declarations FILE [--dry-run] [--by USERNAME] [--json]``: migrate existing declarations.

    manage.py import_declarations 自我声明公开_2025.xlsx --dry-run
    manage.py import_declarations declarations.csv --by bureau_admin

Reads an .xlsx or .csv export of the old platform (see ``services.migration``), publishes each good
declaration as version 1 on its original disclosure date and prints the report: counts, then each
rejected row with its line and reason. Importing the same file again creates nothing. Exits with
an error when the file cannot be read at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.declarations.services.migration import declarations_import


class Command(BaseCommand):
    help = "Import existing self-declarations from an Excel or CSV file and publish them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check the file, save nothing")
        parser.add_argument("--by", help="username recorded as creator (default: the migration account)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        by = None
        if options["by"]:
            by = get_user_model().objects.filter(username=options["by"]).first()
            if by is None:
                raise CommandError(f"no user named {options['by']}")
        report = declarations_import(
            data=path.read_bytes(), file_name=path.name, by=by, dry_run=options["dry_run"]
        )
        if report.failure:
            raise CommandError(f"{path}: {report.failure}")
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
            return
        for row in report.rejected:
            self.stdout.write(f"line {row.line}: {row.enterprise} {row.uscc} {row.number}: {row.reason}")
        prefix = "dry run, nothing saved: " if report.dry_run else ""
        self.stdout.write(
            f"{prefix}{report.rows} rows, {report.created} declarations published, "
            f"{report.already_imported} already imported, {report.rejected_count} rows rejected, "
            f"{report.enterprises_created} enterprises and {report.categories_created} categories created"
        )
