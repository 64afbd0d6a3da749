"""``manage.py stdno``: read standard numbers and print their canonical form, level and nature.

    manage.py stdno "GBT 12771—2019" "gb 2760-86"
    manage.py stdno --json < executed_standards.txt

For officials cleaning a spreadsheet of executed standards and for scripts: ``--json`` prints one JSON
object per input. A number that cannot be read is reported on its line, not fatal, so the exit status
is 0 whenever there was input, and 2 when there was none.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.standards.numbers import InvalidNumber, StandardNumber, try_parse

NO_INPUT_STATUS = 2


def as_row(raw: str, result: StandardNumber | InvalidNumber) -> dict[str, Any]:
    """The JSON object for one input: every key present, ``None`` where it does not apply."""
    if isinstance(result, InvalidNumber):
        return {
            "input": raw,
            "ok": False,
            "canonical": None,
            "level": None,
            "nature": None,
            "code": None,
            "number": None,
            "part": None,
            "year": None,
            "work_key": None,
            "adopted": None,
            "amendment": None,
            "warnings": [],
            "error": result.message,
            "error_code": result.code,
        }
    return {
        "input": raw,
        "ok": True,
        "canonical": result.canonical,
        "level": str(result.level),
        "nature": str(result.nature),
        "code": result.code,
        "number": result.number,
        "part": result.part,
        "year": result.year,
        "work_key": result.work_key,
        "adopted": result.adopted,
        "amendment": result.amendment,
        "warnings": list(result.warnings),
        "error": None,
        "error_code": None,
    }


def _lines(stream: TextIO) -> Iterable[str]:
    """Non-blank lines of ``stream`` without their line endings (and without a leading byte-order mark)."""
    for index, line in enumerate(stream):
        text = line.rstrip("\r\n")
        if index == 0:
            text = text.removeprefix("\ufeff")
        if text.strip():
            yield text


class Command(BaseCommand):
    help = (
        "Read standard numbers (arguments, or one per line on standard input) and print each one's "
        "canonical form, level and nature, or why it cannot be read."
    )
    # call_command("stdno", stdin=StringIO(...)) in tests; from the shell it is sys.stdin.
    stealth_options = ("stdin",)
    requires_system_checks: list[str] = []  # pure: reads no models, so it works on any database state

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "numbers", nargs="*", metavar="NUMBER", help="standard numbers (default: read standard input)"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object per input")

    def handle(self, *args: Any, **options: Any) -> None:
        numbers: list[str] = list(options["numbers"]) or list(_lines(options.get("stdin") or sys.stdin))
        if not numbers:
            raise CommandError(
                "No standard numbers given: pass them as arguments or one per line on standard input.",
                returncode=NO_INPUT_STATUS,
            )
        for raw in numbers:
            result = try_parse(raw)
            if options["json"]:
                self.stdout.write(json.dumps(as_row(raw, result), ensure_ascii=False))
            elif isinstance(result, InvalidNumber):
                self.stdout.write(self.style.ERROR(f"{raw}\t✗ {result.code}\t{result.message}"))
            else:
                cells = [raw, result.canonical, str(result.level), str(result.nature), *result.warnings]
                self.stdout.write("\t".join(cells))
