"""The random draw of a spot check (双随机): which objects are checked, and by which inspectors.

Pure: no ORM, no I/O, no clock, no Python ``random``. Everything follows from the plan and its seed,
which is published before the draw, so anyone can recompute the selection from the public record
with nothing but SHA-256 (in any language) and get the same answer. The algorithm is versioned
(``ALGORITHM``); a change to any rule below is a new version, and a recorded draw names the version it
used.

Algorithm ``biaozhun-draw/1``:

1. **Canonical population.** Objects are ordered by ``id`` (Unicode code points); ids must be unique.
   The population fingerprint is ``sha256:`` + the SHA-256 of the canonical population, one line per
   object, ``id``, ``org`` and ``town`` separated by TAB (``\\t``) and each line ending in LF, UTF-8.
2. **Objects.** Each object's score is SHA-256 of ``biaozhun-draw/1|object|<seed>|<id>`` (UTF-8),
   as a hexadecimal string. The ``sample_size`` objects with the smallest scores are drawn, in
   that order.
3. **Inspectors.** Each inspector's score is SHA-256 of ``biaozhun-draw/1|inspector|<seed>|<id>``;
   inspectors sorted by score form a ring. Going through the drawn objects in draw order, each takes
   the next ``inspectors_per_object`` eligible inspectors from where the previous object stopped,
   walking round the ring, so work is spread evenly. An inspector is not eligible for an object when
   they belong to the object's organisation, name the object's id or organisation among their
   declared conflicts, or (when ``avoid_same_town``) are in the object's town. Empty ``org`` and
   ``town`` values match nothing.
4. **Impossible plans** fail instead of drawing less: a sample larger than the population, or an
   object for which a whole turn of the ring finds fewer eligible inspectors than needed
   (the error names that object).
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

ALGORITHM = "biaozhun-draw/1"


class DrawError(ValueError):
    """A plan that cannot be drawn; the message says why (and names the object, when one is the cause)."""

    def __init__(self, message: str, *, object_id: str | None = None) -> None:
        super().__init__(message)
        self.object_id = object_id


@dataclass(frozen=True)
class Candidate:
    """One object of the population: a declaration, an enterprise or a group standard."""

    id: str
    org: str = ""
    town: str = ""


@dataclass(frozen=True)
class Inspector:
    id: str
    org: str = ""
    town: str = ""
    conflicts: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Plan:
    seed: str
    sample_size: int
    inspectors_per_object: int
    population: tuple[Candidate, ...]
    inspectors: tuple[Inspector, ...]
    avoid_same_town: bool = False


@dataclass(frozen=True)
class Assignment:
    id: str
    inspectors: tuple[str, ...]


@dataclass(frozen=True)
class Draw:
    algorithm: str
    population_fingerprint: str
    selection: tuple[Assignment, ...]

    def as_json(self) -> dict[str, Any]:
        """The record printed by ``manage.py spotcheck_draw`` and published with the results."""
        return {
            "algorithm": self.algorithm,
            "population_fingerprint": self.population_fingerprint,
            "selection": [{"id": a.id, "inspectors": list(a.inspectors)} for a in self.selection],
        }


def _score(kind: str, seed: str, identifier: str) -> str:
    return hashlib.sha256(f"{ALGORITHM}|{kind}|{seed}|{identifier}".encode()).hexdigest()


def canonical_population(population: Iterable[Candidate]) -> list[Candidate]:
    """The population in canonical order; raises ``DrawError`` on a repeated id."""
    ordered = sorted(population, key=lambda c: c.id)
    for before, after in itertools.pairwise(ordered):
        if before.id == after.id:
            raise DrawError(f"object id {after.id!r} appears more than once in the population")
    return ordered


def population_fingerprint(population: Iterable[Candidate]) -> str:
    """``sha256:<hex>`` of the canonical population (step 1): what the public record shows so that
    anyone can confirm the draw was made from the population it claims."""
    return _fingerprint(canonical_population(population))


def _fingerprint(ordered: Iterable[Candidate]) -> str:
    digest = hashlib.sha256()
    for candidate in ordered:
        for value in (candidate.id, candidate.org, candidate.town):
            if "\t" in value or "\n" in value:
                raise DrawError(
                    f"object {candidate.id!r}: ids, organisations and towns cannot hold tabs or newlines"
                )
        digest.update(f"{candidate.id}\t{candidate.org}\t{candidate.town}\n".encode())
    return f"sha256:{digest.hexdigest()}"


def eligible(inspector: Inspector, candidate: Candidate, *, avoid_same_town: bool) -> bool:
    """Whether ``inspector`` may check ``candidate`` under the avoidance rules (step 3)."""
    if candidate.org and inspector.org == candidate.org:
        return False
    if candidate.id in inspector.conflicts or (candidate.org and candidate.org in inspector.conflicts):
        return False
    return not (avoid_same_town and candidate.town and inspector.town == candidate.town)


def draw_objects(population: Sequence[Candidate], *, seed: str, sample_size: int) -> list[Candidate]:
    """The drawn objects in draw order (step 2)."""
    if sample_size < 0:
        raise DrawError("the sample size cannot be negative")
    if sample_size > len(population):
        raise DrawError(
            f"the sample size {sample_size} is larger than the population ({len(population)} objects)"
        )
    # heapq.nsmallest is documented as sorted(...)[:n]: the same objects in the same order, without
    # sorting the whole population.
    return heapq.nsmallest(sample_size, population, key=lambda c: (_score("object", seed, c.id), c.id))


def assign_inspectors(
    objects: Sequence[Candidate],
    inspectors: Sequence[Inspector],
    *,
    seed: str,
    per_object: int,
    avoid_same_town: bool,
) -> list[Assignment]:
    """Inspectors for each drawn object, walking the ring (step 3)."""
    if per_object < 1:
        raise DrawError("each object needs at least one inspector")
    ids = [i.id for i in inspectors]
    if len(set(ids)) != len(ids):
        raise DrawError("an inspector id appears more than once in the pool")
    ring = sorted(inspectors, key=lambda i: (_score("inspector", seed, i.id), i.id))
    position = 0
    assignments = []
    for candidate in objects:
        chosen: list[str] = []
        for step in range(len(ring)):
            inspector = ring[(position + step) % len(ring)]
            if eligible(inspector, candidate, avoid_same_town=avoid_same_town):
                chosen.append(inspector.id)
                if len(chosen) == per_object:
                    position = (position + step + 1) % len(ring)
                    break
        if len(chosen) < per_object:
            raise DrawError(
                f"object {candidate.id!r} cannot be staffed: {len(chosen)} eligible inspector(s), "
                f"{per_object} needed",
                object_id=candidate.id,
            )
        assignments.append(Assignment(candidate.id, tuple(chosen)))
    return assignments


def draw(plan: Plan) -> Draw:
    """The whole draw of ``plan``: the same plan always gives the same ``Draw``."""
    population = canonical_population(plan.population)
    fingerprint = _fingerprint(population)
    objects = draw_objects(population, seed=plan.seed, sample_size=plan.sample_size)
    selection = assign_inspectors(
        objects,
        plan.inspectors,
        seed=plan.seed,
        per_object=plan.inspectors_per_object,
        avoid_same_town=plan.avoid_same_town,
    )
    return Draw(ALGORITHM, fingerprint, tuple(selection))


def plan_from_json(data: Any) -> Plan:
    """A ``Plan`` from the JSON document ``spotcheck_draw --input`` reads; ``DrawError`` names the
    first field that is missing or of the wrong type."""
    if not isinstance(data, dict):
        raise DrawError("the plan must be a JSON object")

    def need(container: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
        if key not in container:
            raise DrawError(f"{where}: missing field {key!r}")
        value = container[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise DrawError(f"{where}: field {key!r} has the wrong type")
        return value

    def text(container: dict[str, Any], key: str, where: str) -> str:
        value = container.get(key, "")
        if value is None:
            return ""
        if not isinstance(value, str):
            raise DrawError(f"{where}: field {key!r} must be a string")
        return value

    population = []
    for index, item in enumerate(need(data, "population", list, "plan")):
        where = f"population[{index}]"
        if not isinstance(item, dict):
            raise DrawError(f"{where}: must be an object")
        population.append(
            Candidate(need(item, "id", str, where), text(item, "org", where), text(item, "town", where))
        )
    inspectors = []
    for index, item in enumerate(need(data, "inspectors", list, "plan")):
        where = f"inspectors[{index}]"
        if not isinstance(item, dict):
            raise DrawError(f"{where}: must be an object")
        conflicts = item.get("conflicts") or []
        if not isinstance(conflicts, list) or not all(isinstance(c, str) for c in conflicts):
            raise DrawError(f"{where}: field 'conflicts' must be a list of strings")
        inspectors.append(
            Inspector(
                need(item, "id", str, where),
                text(item, "org", where),
                text(item, "town", where),
                frozenset(conflicts),
            )
        )
    avoid = data.get("avoid_same_town", False)
    if not isinstance(avoid, bool):
        raise DrawError("plan: field 'avoid_same_town' must be true or false")
    return Plan(
        seed=need(data, "seed", str, "plan"),
        sample_size=need(data, "sample_size", int, "plan"),
        inspectors_per_object=need(data, "inspectors_per_object", int, "plan"),
        population=tuple(population),
        inspectors=tuple(inspectors),
        avoid_same_town=avoid,
    )
