"""The draw of a spot check: reproducible from the published seed, fair to the avoidance rules.

No database: ``sampling`` is pure.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biaozhun.supervision import sampling
from biaozhun.supervision.sampling import Candidate, DrawError, Inspector, Plan


def plan(**overrides: object) -> Plan:
    values: dict[str, object] = {
        "seed": "2026-12-01 公告 第1号",
        "sample_size": 5,
        "inspectors_per_object": 2,
        "population": tuple(Candidate(f"D{i:03}", f"org{i % 7}", f"town{i % 3}") for i in range(40)),
        "inspectors": tuple(Inspector(f"I{i:02}", f"org{i % 5}", f"town{i % 4}") for i in range(12)),
        "avoid_same_town": False,
    }
    values.update(overrides)
    return Plan(**values)  # type: ignore[arg-type]


def test_the_same_plan_always_gives_the_same_draw() -> None:
    assert sampling.draw(plan()) == sampling.draw(plan())


def test_the_order_the_population_is_listed_in_does_not_change_the_draw() -> None:
    forward = plan()
    backward = plan(population=tuple(reversed(forward.population)))
    assert sampling.draw(forward) == sampling.draw(backward)


def test_a_different_seed_draws_a_different_selection() -> None:
    first = sampling.draw(plan(seed="seed A"))
    second = sampling.draw(plan(seed="seed B"))
    assert [a.id for a in first.selection] != [a.id for a in second.selection]


def test_the_objects_drawn_are_those_with_the_smallest_published_scores() -> None:
    # What anyone can recompute with SHA-256 alone, from the module docstring's rule.
    p = plan()
    scores = sorted(
        (hashlib.sha256(f"biaozhun-draw/1|object|{p.seed}|{c.id}".encode()).hexdigest(), c.id)
        for c in p.population
    )
    assert [a.id for a in sampling.draw(p).selection] == [i for _, i in scores[: p.sample_size]]


def test_the_fingerprint_is_the_hash_of_the_canonical_population() -> None:
    p = plan(population=(Candidate("B", "乙公司", "小榄镇"), Candidate("A", "甲公司", "")))
    expected = hashlib.sha256("A\t甲公司\t\nB\t乙公司\t小榄镇\n".encode()).hexdigest()
    assert (
        sampling.draw(plan(population=p.population, sample_size=1)).population_fingerprint
        == f"sha256:{expected}"
    )


def test_the_fingerprint_changes_when_any_object_changes() -> None:
    p = plan()
    changed = (*p.population[:-1], Candidate(p.population[-1].id, "another org", p.population[-1].town))
    assert sampling.population_fingerprint(p.population) != sampling.population_fingerprint(changed)


def test_no_inspector_checks_an_object_of_their_own_organisation() -> None:
    p = plan(sample_size=40)
    orgs = {i.id: i.org for i in p.inspectors}
    objects = {c.id: c for c in p.population}
    for assignment in sampling.draw(p).selection:
        assert all(orgs[i] != objects[assignment.id].org for i in assignment.inspectors)


def test_no_inspector_checks_an_object_they_declared_a_conflict_with() -> None:
    inspectors = (
        Inspector("I1", conflicts=frozenset({"D1"})),
        Inspector("I2", conflicts=frozenset({"乙公司"})),
        Inspector("I3"),
        Inspector("I4"),
    )
    population = (Candidate("D1", "甲公司"), Candidate("D2", "乙公司"))
    result = sampling.draw(plan(population=population, inspectors=inspectors, sample_size=2))
    by_object = {a.id: set(a.inspectors) for a in result.selection}
    assert "I1" not in by_object["D1"]
    assert "I2" not in by_object["D2"]


def test_avoiding_the_same_town_keeps_inspectors_away_from_their_own_town() -> None:
    p = plan(sample_size=40, avoid_same_town=True)
    towns = {i.id: i.town for i in p.inspectors}
    objects = {c.id: c for c in p.population}
    for assignment in sampling.draw(p).selection:
        assert all(towns[i] != objects[assignment.id].town for i in assignment.inspectors)


def test_each_object_gets_distinct_inspectors_and_work_is_spread_evenly() -> None:
    population = tuple(Candidate(f"D{i}") for i in range(60))
    inspectors = tuple(Inspector(f"I{i}") for i in range(10))
    result = sampling.draw(plan(population=population, inspectors=inspectors, sample_size=60))
    for assignment in result.selection:
        assert len(set(assignment.inspectors)) == 2
    load = Counter(i for a in result.selection for i in a.inspectors)
    assert set(load.values()) == {12}  # 60 objects × 2 / 10 inspectors


def test_an_object_that_cannot_be_staffed_fails_the_draw_and_is_named() -> None:
    population = (Candidate("D-ok", "甲"), Candidate("D-stuck", "乙"))
    inspectors = (Inspector("I1", "乙"), Inspector("I2", "乙"), Inspector("I3", "丙"))
    with pytest.raises(DrawError, match="D-stuck") as caught:
        sampling.draw(plan(population=population, inspectors=inspectors, sample_size=2))
    assert caught.value.object_id == "D-stuck"


def test_a_sample_larger_than_the_population_fails() -> None:
    with pytest.raises(DrawError, match="larger than the population"):
        sampling.draw(plan(sample_size=41))


def test_a_repeated_object_id_fails() -> None:
    with pytest.raises(DrawError, match="more than once"):
        sampling.draw(plan(population=(Candidate("D1"), Candidate("D1"))))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "JSON object"),
        ({"sample_size": 1, "inspectors_per_object": 2, "population": [], "inspectors": []}, "'seed'"),
        (
            {"seed": "s", "sample_size": "1", "inspectors_per_object": 2, "population": [], "inspectors": []},
            "sample_size",
        ),
        (
            {
                "seed": "s",
                "sample_size": True,
                "inspectors_per_object": 2,
                "population": [],
                "inspectors": [],
            },
            "sample_size",
        ),
        (
            {
                "seed": "s",
                "sample_size": 1,
                "inspectors_per_object": 2,
                "population": [{"org": "x"}],
                "inspectors": [],
            },
            "population\\[0\\]",
        ),
        (
            {
                "seed": "s",
                "sample_size": 1,
                "inspectors_per_object": 2,
                "population": [],
                "inspectors": [{"id": "I", "conflicts": "D1"}],
            },
            "conflicts",
        ),
    ],
)
def test_a_malformed_plan_is_refused_with_the_field_named(document: object, message: str) -> None:
    with pytest.raises(DrawError, match=message):
        sampling.plan_from_json(document)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.text(min_size=1, max_size=20),
    size=st.integers(min_value=0, max_value=30),
    towns=st.booleans(),
)
def test_any_feasible_draw_respects_every_rule(seed: str, size: int, towns: bool) -> None:
    p = plan(seed=seed, sample_size=size, avoid_same_town=towns)
    result = sampling.draw(p)
    objects = {c.id: c for c in p.population}
    pool = {i.id: i for i in p.inspectors}
    assert len(result.selection) == size
    assert len({a.id for a in result.selection}) == size
    for assignment in result.selection:
        assert len(set(assignment.inspectors)) == p.inspectors_per_object
        for inspector in assignment.inspectors:
            assert sampling.eligible(pool[inspector], objects[assignment.id], avoid_same_town=towns)
