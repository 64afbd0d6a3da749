"""Benchmark: a spot-check draw of 2,000 objects, 2 inspectors each, from 100,000 declarations and
a pool of 500 inspectors (Zhongshan has 13,424 declarations; we design for 100,000).

Times ``sampling.draw`` alone, then ``manage.py spotcheck_draw --input`` end to end (a new process:
Django start-up, reading the JSON, drawing, printing) on a generated plan file. Target: ≤ 2 s.

    .venv/bin/python bench/spotcheck_draw.py [--population 100000] [--sample 2000] [--inspectors 500]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from biaozhun.supervision import sampling  # noqa: E402  (pure: no Django needed)

TOWNS = 23  # Zhongshan's towns and streets


def generate(population: int, sample: int, inspectors: int) -> dict[str, object]:
    """A deterministic plan: enterprises with ~3 declarations each spread over the towns, inspectors
    from their own bodies in the towns, one in ten with two declared conflicts."""
    objects = [
        {
            "id": f"{n:08d}-0000-4000-8000-{n:012d}",
            "org": str(100000 + n // 3),
            "town": str(1 + (n * 7) % TOWNS),
        }
        for n in range(population)
    ]
    pool = [
        {
            "id": str(1 + n),
            "org": str(900000 + n // 5),
            "town": str(1 + n % TOWNS),
            "conflicts": [str(100000 + n * 11), objects[(n * 97) % population]["id"]] if n % 10 == 0 else [],
        }
        for n in range(inspectors)
    ]
    return {
        "seed": "bench-2026-12-02",
        "sample_size": sample,
        "inspectors_per_object": 2,
        "avoid_same_town": True,
        "population": objects,
        "inspectors": pool,
    }


def _child_run(command: list[str], env: dict[str, str], keep: bool = False) -> Any:
    """(wall seconds, CPU seconds of the child) — and the completed process when ``keep``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, check=True, env=env, cwd=ROOT)  # noqa: S603  (our own manage.py)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return ((wall, cpu), completed) if keep else (wall, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--population", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--inspectors", type=int, default=500)
    args = parser.parse_args()
    data = generate(args.population, args.sample, args.inspectors)
    plan = sampling.plan_from_json(data)

    runs, cpu_runs = [], []
    for _ in range(3):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = sampling.draw(plan)
        runs.append(time.perf_counter() - started)
        cpu_runs.append(time.process_time() - cpu_started)
    print(f"population {args.population:,}, sample {args.sample:,} × 2 inspectors, pool {args.inspectors}")
    print(
        f"sampling.draw alone: best {min(runs):.3f} s wall ({min(cpu_runs):.3f} s CPU), "
        f"worst {max(runs):.3f} s wall (3 runs)"
    )
    print(f"fingerprint {result.population_fingerprint}")

    with tempfile.TemporaryDirectory() as folder:
        plan_file = Path(folder) / "plan.json"
        plan_file.write_text(json.dumps(data), encoding="utf-8")
        command = [sys.executable, str(ROOT / "manage.py"), "spotcheck_draw", "--input", str(plan_file)]
        env = os.environ | {"BIAOZHUN_ENV": os.environ.get("BIAOZHUN_ENV", "development")}
        baseline = _child_run([sys.executable, str(ROOT / "manage.py"), "help", "spotcheck_draw"], env)
        (elapsed, cpu), completed = _child_run(command, env, keep=True)
        printed = json.loads(completed.stdout)
        size_mb = plan_file.stat().st_size / 1e6
    assert printed == result.as_json(), "the command and the library disagree"
    print(
        f"manage.py spotcheck_draw end to end: {elapsed:.3f} s wall, {cpu:.3f} s CPU (plan file {size_mb:.1f} MB) — target ≤ 2 s"
    )
    print(
        f"  of which Django start-up (manage.py help spotcheck_draw): {baseline[0]:.3f} s wall, {baseline[1]:.3f} s CPU"
    )
    print(
        f"  load average now: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (wall times grow with the load)"
    )
    print("command: " + " ".join(["python", "manage.py", "spotcheck_draw", "--input", "plan.json"]))


if __name__ == "__main__":
    main()
