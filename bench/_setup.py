"""Shared set-up for benchmarks: a throw-away database, migrated and loaded, outside the test runner."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_with_fresh_database(name: str) -> Path:
    """Point Django at a new database (SQLite in a temp dir unless BENCH_DATABASE_URL is set) and migrate."""
    sys.path.insert(0, str(ROOT))
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["BIAOZHUN_ENV"] = "development"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"
    )
    os.environ["BIAOZHUN_VAR_DIR"] = str(workdir)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return workdir


def django_with_database(database_url: str, var_dir: Path, *, env: str = "test") -> None:
    """Point Django at a given database and var directory (search index, media) and set it up.

    For benchmarks whose database outlives one script (the catalogue import leaves one that the
    search benchmark reads); the caller migrates when the database is new. ``BIAOZHUN_ENV=test``
    gives immediate tasks and no e-mail; ``DEBUG`` stays off so that no query log grows.
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["BIAOZHUN_ENV"] = env
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["DATABASE_URL"] = database_url
    os.environ["BIAOZHUN_VAR_DIR"] = str(var_dir)
    import django

    django.setup()


def import_now(*modules: str) -> None:
    """Import modules a long run would otherwise import lazily, half-way through.

    The source tree is edited while benchmarks run; a module first imported after an hour could
    come from a newer version than the ones loaded at the start. Loading everything up front makes
    the run one consistent snapshot.
    """
    import importlib

    for module in modules:
        importlib.import_module(module)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock milliseconds of ``repeat`` calls, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    return f"median {statistics.median(ordered):7.1f} ms  p95 {p95(ordered):7.1f} ms  (n={len(ordered)})"


def disk_size(path: Path) -> int:
    """Bytes of a file, or of every file under a directory."""
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def megabytes(size: float) -> str:
    return f"{size / 1024 / 1024:,.1f} MiB"


def _git_head() -> str:
    """The checked-out commit, read from .git without running git."""
    git = ROOT / ".git"
    try:
        ref = (git / "HEAD").read_text().strip()
        if not ref.startswith("ref: "):
            return ref[:7]
        name = ref[5:]
        if (git / name).is_file():
            return (git / name).read_text().strip()[:7]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + name):
                return line[:7]
    except OSError:
        pass
    return "unknown"


def source_stamp(package: str = "biaozhun/standards") -> str:
    """Which code was measured: the commit, and a digest of the package's sources as they are on disk.

    Benchmarks run while the code is being changed; two runs with the same digest ran the same code.
    """
    import hashlib

    head = _git_head()
    digest = hashlib.sha1()  # noqa: S324 - a fingerprint, not a secret
    for path in sorted((ROOT / package).rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return f"commit {head}, {package} sources {digest.hexdigest()[:10]}"


def machine() -> str:
    cpus = os.cpu_count()
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB memory"
    except OSError:
        pass
    return f"{cpus} cores{mem}, Python {sys.version.split()[0]}"
