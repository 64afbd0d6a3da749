"""``manage.py search_index rebuild|status``: rebuild the catalogue's search index, or compare it with the DB.

The index is a copy of the database (``standards.search``), so rebuilding is always safe: after a
restore, a move of ``SEARCH_INDEX_DIR``, an engine upgrade, or when ``status`` shows the counts apart.
Searches go on being answered from the old index while the new one is built.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from biaozhun.standards import search
from biaozhun.standards.models import Edition

PROGRESS_EVERY = 100_000


class Command(BaseCommand):
    help = "Rebuild the catalogue search index from the database, or show how it compares with the database."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,status}")
        actions.add_parser("rebuild", help="rebuild the whole index from the database")
        actions.add_parser(
            "status", help="show the backend and the documents in the index against the editions"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            self.rebuild()
        else:
            self.status()

    def rebuild(self) -> None:
        started = time.monotonic()
        reported = [0]

        def progress(done: int, total: int) -> None:
            if done // PROGRESS_EVERY > reported[0]:
                reported[0] = done // PROGRESS_EVERY
                self.stdout.write(
                    _("… %(done)s of %(total)s editions indexed") % {"done": done, "total": total}
                )

        count = search.rebuild(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                _("Indexed %(count)s editions in %(seconds).1f s (%(backend)s).")
                % {"count": count, "seconds": time.monotonic() - started, "backend": search.backend_name()}
            )
        )

    def status(self) -> None:
        documents = search.document_count()
        editions = Edition.objects.count()
        self.stdout.write(_("Search backend: %(backend)s") % {"backend": search.backend_name()})
        self.stdout.write(_("Documents in the index: %(count)s") % {"count": documents})
        self.stdout.write(_("Editions in the database: %(count)s") % {"count": editions})
        if documents != editions:
            self.stdout.write(
                self.style.WARNING(
                    _("The index is out of step with the database: run “manage.py search_index rebuild”.")
                )
            )
