"""Memory habits of the long batch jobs (imports, index rebuilds)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """The cyclic garbage collector paused while a batch job makes millions of short-lived objects.

    None of them is part of a cycle (reference counting frees them), but their number keeps
    triggering full collections, each scanning everything the job holds: pausing it was measured
    to save about a third of an index rebuild, and of reading a catalogue file (bench/RESULTS.md).
    Collection resumes, and catches up, when the block ends.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
