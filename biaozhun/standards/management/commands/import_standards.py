"""``manage.py import_standards FILE``: import a catalogue file, printing progress and every rejected row.

The same service as the bureau's upload page (``services.import_file``); for files too large to
upload. Exit status 0 when the import ran (even with rejected rows, which are listed), 1 when the
file could not be read at all.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.core.audit import audit_context
from biaozhun.standards import services
from biaozhun.standards.models import ImportFormat, ImportRun, ImportState
from biaozhun.standards.sources import detect_format


class Command(BaseCommand):
    help = (
        "Import standards into the catalogue from the platform's flat CSV/XLSX, openstd HTML, std.samr JSON, "
        "hbba/dbba JSON or ttbz JSON. Rows are upserted by canonical number; bad rows are listed and skipped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=[c for c, _ in ImportFormat.choices], default=None)
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, default=None, help="date the status rules use"
        )
        parser.add_argument("--batch-size", type=int, default=services.BATCH_SIZE)
        parser.add_argument(
            "--show", type=int, default=50, help="how many rejected rows to print (default 50)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        fmt = options["format"]
        if fmt is None:
            with path.open("rb") as handle:
                head = handle.read(4096)
            try:
                fmt = detect_format(path.name, head)
            except ValueError as exc:
                raise CommandError(f"{path}: {exc} (give --format)") from exc
        started = time.monotonic()
        last = [started]

        def progress(run: ImportRun) -> None:
            if time.monotonic() - last[0] >= 5:
                last[0] = time.monotonic()
                self.stdout.write(f"  … {run.processed} rows read")

        with audit_context(actor=None):
            run = services.import_run_create(file_name=path.name, format=fmt)
            report = services.import_file(
                run=run,
                path=path,
                today=options["today"],
                batch_size=options["batch_size"],
                progress=progress,
            )
        if run.state == ImportState.FAILED:
            raise CommandError(f"{path}: {run.failure}")
        for rejection in run.rejections.all()[: options["show"]]:
            self.stdout.write(f"line {rejection.line}: {rejection.number} — {rejection.reason}")
        if run.rejected > options["show"]:
            self.stdout.write(
                f"… and {run.rejected - options['show']} more rejected rows (see the import's page)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name} ({fmt}): {report.created} created, {report.updated} updated, "
                f"{report.unchanged} unchanged, {report.rejected} rejected — "
                f"{time.monotonic() - started:.1f} s (import {run.public_id})"
            )
        )
