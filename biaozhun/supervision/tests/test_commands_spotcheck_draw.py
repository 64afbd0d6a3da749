"""``manage.py spotcheck_draw --input PLAN.json``: the contract other checks rely on."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

PLAN: dict[str, Any] = {
    "seed": "中山市2026年第4批",
    "sample_size": 3,
    "inspectors_per_object": 2,
    "population": [
        {"id": f"decl-{i}", "org": f"企业{i % 4}", "town": ["小榄镇", "古镇镇", "东区"][i % 3]}
        for i in range(12)
    ],
    "inspectors": [
        {
            "id": f"insp-{i}",
            "org": f"企业{i}" if i < 2 else "市场监管局",
            "town": ["小榄镇", "古镇镇", "东区", "石岐"][i % 4],
            "conflicts": [],
        }
        for i in range(6)
    ],
    "avoid_same_town": True,
}


def run(tmp_path: Path, plan: dict[str, Any]) -> dict[str, Any]:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    out = StringIO()
    call_command("spotcheck_draw", "--input", str(path), stdout=out)
    return json.loads(out.getvalue())


def test_the_draw_prints_the_algorithm_the_fingerprint_and_the_selection(tmp_path: Path) -> None:
    result = run(tmp_path, PLAN)
    assert set(result) == {"algorithm", "population_fingerprint", "selection"}
    assert result["algorithm"] == "biaozhun-draw/1"
    assert result["population_fingerprint"].startswith("sha256:")
    assert len(result["selection"]) == 3
    assert all(len(item["inspectors"]) == 2 for item in result["selection"])


def test_the_same_input_prints_the_same_output(tmp_path: Path) -> None:
    assert run(tmp_path, PLAN) == run(tmp_path, PLAN)


def test_another_seed_changes_the_selection(tmp_path: Path) -> None:
    other = {**PLAN, "seed": "中山市2026年第5批"}
    assert run(tmp_path, PLAN)["selection"] != run(tmp_path, other)["selection"]


def test_the_draw_respects_avoidance(tmp_path: Path) -> None:
    objects = {o["id"]: o for o in PLAN["population"]}
    inspectors = {i["id"]: i for i in PLAN["inspectors"]}
    for item in run(tmp_path, PLAN)["selection"]:
        for inspector in item["inspectors"]:
            assert inspectors[inspector]["org"] != objects[item["id"]]["org"]
            assert inspectors[inspector]["town"] != objects[item["id"]]["town"]


def test_an_impossible_plan_exits_non_zero_naming_the_object(tmp_path: Path) -> None:
    plan = {**PLAN, "sample_size": 12, "inspectors_per_object": 5}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match=r"decl-\d+.*cannot be staffed"):
        call_command("spotcheck_draw", "--input", str(path))


def test_a_file_that_is_not_json_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("{seed:", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("spotcheck_draw", "--input", str(path))
