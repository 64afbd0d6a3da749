"""``manage.py load_reference_data``: load or refresh the shipped code lists (safe to run any time)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.reference.services import LIST_KEYS, ReferenceDataError, default_fixtures_path, reference_load


class Command(BaseCommand):
    help = (
        "Load the code lists (CCS, ICS, HS 2022, industry-standard codes, GB/T 2260 divisions) from "
        "fixtures/reference/. Idempotent: rows are matched by code, and a second run changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--only",
            default="",
            help=f"comma-separated lists to load, from: {','.join(LIST_KEYS)} (default: all)",
        )
        parser.add_argument(
            "--path",
            type=Path,
            default=None,
            help="a directory laid out like fixtures/reference/ (default: the shipped fixtures)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        only = [key.strip() for key in options["only"].split(",") if key.strip()]
        path = options["path"] or default_fixtures_path()
        started = time.monotonic()
        try:
            report = reference_load(path=path, only=only or None)
        except (ReferenceDataError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines()[:-1]:
            self.stdout.write(line)
        style = self.style.SUCCESS if report.changed else self.style.NOTICE
        self.stdout.write(style(f"{report.summary()} — {time.monotonic() - started:.1f} s"))
