"""``manage.py check_validity FILE [--json] [--column N] [--sheet NAME]``: the validity check (查新) of a list.

    manage.py check_validity executed_standards.txt --json
    manage.py check_validity 受控标准清单.xlsx --column 3

A plain text file holds one number per line; a CSV or XLSX sheet is read from the chosen column
(1-based) or the guessed one. ``--json`` prints a JSON array with one object per entry, in the
file's order (see ``EntryResult.as_json``); without it, a table for people.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.checking import inputs
from biaozhun.checking.services.validity import validity_check


class Command(BaseCommand):
    help = "Check a list of standard numbers against the catalogue (查新)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print a JSON array, one object per entry")
        parser.add_argument(
            "--column", type=int, help="the sheet's number column, 1-based (default: guessed)"
        )
        parser.add_argument("--sheet", help="the workbook's sheet (default: the first)")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        column = options["column"] - 1 if options["column"] else None
        try:
            listed = inputs.read_file(path, column=column, sheet=options["sheet"])
        except inputs.InputError as error:
            raise CommandError(str(error)) from error
        report = validity_check([entry.text for entry in listed.entries])
        if options["json"]:
            self.stdout.write(json.dumps([e.as_json() for e in report.entries], ensure_ascii=False, indent=1))
            return
        for entry, where in zip(report.entries, listed.entries, strict=True):
            row = entry.as_json()
            use = f" → {row['replacement']}" if row["replacement"] else ""
            self.stdout.write(
                f"{where.row:>6}  {entry.input:<32} {row['verdict']:<22}{use}  {row['title'] or ''}"
            )
        as_of = report.as_of.isoformat(timespec="minutes") if report.as_of else "—"
        summary = ", ".join(f"{verdict} {count}" for verdict, count in sorted(report.counts.items()))
        self.stdout.write(
            f"{len(report.entries)} entries, {len(report.distinct)} distinct: {summary}; catalogue as of {as_of}"
        )
