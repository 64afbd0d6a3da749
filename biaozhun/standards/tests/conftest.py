"""Search fixtures: every test gets its own, empty search index.

Autouse and cheap: it only points ``SEARCH_INDEX_DIR`` at the test's ``tmp_path`` and drops the
cached reader, so no test sees another's index; nothing is created until a test searches or indexes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def search_index_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    from biaozhun.standards import search

    settings.SEARCH_INDEX_DIR = tmp_path / "search"
    search.reset()
    yield settings.SEARCH_INDEX_DIR
    search.reset()
