"""Writing the catalogue: imports, replacement links and the status rules that follow the calendar.

``imports`` reads a file and drives the rest; ``editions`` upserts batches (merge, never blank);
``replacements`` stores links both ways without cycles; ``dates`` applies the status rules;
``bulk`` is the plain-SQL write layer that makes a million-row import take minutes.
"""

from biaozhun.standards.services.dates import editions_apply_dates
from biaozhun.standards.services.imports import BATCH_SIZE, ImportReport, import_file, import_run_create
from biaozhun.standards.services.replacements import replacements_link

__all__ = [
    "BATCH_SIZE",
    "ImportReport",
    "editions_apply_dates",
    "import_file",
    "import_run_create",
    "replacements_link",
]
