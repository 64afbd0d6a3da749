"""Access rows for the declarations app (merged by biaozhun/tests/test_url_access.py).

Each part keeps its rows in its own module; they are merged here.
"""

from __future__ import annotations

import importlib

from biaozhun.core.testing import Case

ACCESS: dict[str, list[Case]] = {}

for _part in ("declaring", "disclosure", "screening"):
    try:
        _module = importlib.import_module(f"biaozhun.declarations.tests.url_access_{_part}")
    except ModuleNotFoundError as exc:
        if exc.name != f"biaozhun.declarations.tests.url_access_{_part}":
            raise
        continue
    for _name, _cases in _module.ACCESS.items():
        assert _name not in ACCESS, f"{_name} has rows in two parts"
        ACCESS[_name] = _cases
