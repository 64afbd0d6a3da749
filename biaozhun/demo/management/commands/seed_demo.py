"""Load the demo organisations and accounts (``make demo`` runs this); refuses in production."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from biaozhun.demo.services import DemoSeedRefusedError, demo_seed


class Command(BaseCommand):
    help = (
        "Create the Zhongshan government units, fictional demo enterprises and one account per persona. "
        "Safe to run again; never runs when BIAOZHUN_ENV=production."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = demo_seed()
        except DemoSeedRefusedError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(report.summary())
        self.stdout.write("")
        self.stdout.write("Demo accounts (all share one password):")
        self.stdout.write(report.accounts_table())
