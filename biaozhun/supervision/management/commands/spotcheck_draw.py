"""``manage.py spotcheck_draw --input PLAN.json``: draw a spot check from a plan, as anyone can.

The plan is ``{"seed", "sample_size", "inspectors_per_object", "population": [{"id", "org", "town"}],
"inspectors": [{"id", "org", "town", "conflicts": [...]}], "avoid_same_town"}``; the output is
``{"algorithm", "population_fingerprint", "selection": [{"id", "inspectors": [...]}]}`` (see
``supervision.sampling`` for the algorithm). The same input always prints the same output; a plan
that cannot be drawn exits non-zero with the reason, naming the object that cannot be staffed.
``--input -`` reads the plan from standard input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from biaozhun.supervision import sampling


class Command(BaseCommand):
    help = "Draw the objects and inspectors of a random spot check from a JSON plan (reproducible)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="the plan as JSON (a file, or - for stdin)")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["input"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"{source}: {error.strerror or error}") from error
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"{source}: not valid JSON ({error.msg}, line {error.lineno})") from error
        try:
            result = sampling.draw(sampling.plan_from_json(data))
        except sampling.DrawError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
