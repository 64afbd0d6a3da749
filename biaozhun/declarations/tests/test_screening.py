"""The screening rules on their own (no database): one table per rule, each row a case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from biaozhun.checking.verdicts import EditionFact, Finding, Verdict
from biaozhun.declarations import screening as rules
from biaozhun.standards import numbers

TODAY = dt.date(2026, 12, 2)


def edition(number: str, status: str = "current", implemented_on: dt.date | None = None) -> EditionFact:
    return EditionFact(
        id=abs(hash(number)) % 10_000,
        number=number,
        status=status,
        title="",
        work_key=number.rsplit("-", 1)[0],
        year=int(number.rsplit("-", 1)[1]),
        implemented_on=implemented_on,
    )


OLD, NEW = "GB/T 12771-2008", "GB/T 12771-2019"
EXECUTED = [
    ("current", Finding(Verdict.CURRENT, OLD, edition(OLD)), []),
    ("undated resolves", Finding(Verdict.UNDATED, "GB/T 12771", edition(NEW)), []),
    ("not found", Finding(Verdict.NOT_FOUND, OLD), ["executed.not_found"]),
    ("not a number", Finding(Verdict.INVALID, None, reason="不是标准号"), ["executed.not_found"]),
    ("withdrawn", Finding(Verdict.WITHDRAWN, OLD, edition(OLD, "withdrawn")), ["executed.withdrawn"]),
    (
        "replaced",
        Finding(
            Verdict.REPLACED,
            OLD,
            edition(OLD, "replaced"),
            replacement=edition(NEW, implemented_on=dt.date(2020, 9, 1)),
        ),
        ["executed.replaced"],
    ),
    (
        "replacement coming",
        Finding(
            Verdict.UPCOMING_REPLACEMENT,
            OLD,
            edition(OLD),
            replacement=edition(NEW, "upcoming", implemented_on=dt.date(2027, 3, 1)),
        ),
        ["executed.upcoming_replacement"],
    ),
]


@pytest.mark.parametrize(("case", "finding", "expected"), EXECUTED, ids=[row[0] for row in EXECUTED])
def test_the_executed_standard_rules_follow_the_validity_verdict(case, finding, expected):
    assert [p.rule for p in rules.executed_problems(OLD, finding)] == expected


def test_a_replaced_executed_standard_names_its_replacement_and_date():
    finding = Finding(
        Verdict.REPLACED,
        OLD,
        edition(OLD, "replaced"),
        replacement=edition(NEW, implemented_on=dt.date(2020, 9, 1)),
    )
    (problem,) = rules.executed_problems(OLD, finding)
    assert problem.severity == "error"
    assert problem.data["replacement"] == NEW
    assert problem.data["effective_date"] == "2020-09-01"
    assert NEW in problem.message and "2020-09-01" in problem.message


NUMBERS = [
    ("enterprise Q/ number", "enterprise", "Q/SL 1001-2026", []),
    ("enterprise number written loosely", "enterprise", "Q/SL1001—2026", []),
    ("enterprise kind with a GB number", "enterprise", "GB/T 12771-2019", ["number.enterprise_format"]),
    ("enterprise kind with a group number", "enterprise", "T/CAS 115-2020", ["number.enterprise_format"]),
    ("enterprise number without slash", "enterprise", "QSL 1-2020", ["number.enterprise_format"]),
    ("group number", "catalogue", "T/CAS 115-2020", []),
    ("group number without its code", "catalogue", "T/ 1-2020", ["number.group_format"]),
    ("group number in full width", "catalogue", "Ｔ/ 1-2020", ["number.group_format"]),
    ("national number", "catalogue", "GB/T 12771-2019", []),
]


@pytest.mark.parametrize(("case", "kind", "number", "expected"), NUMBERS, ids=[row[0] for row in NUMBERS])
def test_enterprise_and_group_numbers_follow_the_grammar(case, kind, number, expected):
    parsed = numbers.reader(today=TODAY)(number)
    assert [p.rule for p in rules.number_problems(kind, number, parsed)] == expected


REFERENCES = [
    ("current", Finding(Verdict.CURRENT, NEW, edition(NEW)), []),
    ("undated", Finding(Verdict.UNDATED, "GB/T 12771", edition(NEW)), []),
    ("withdrawn", Finding(Verdict.WITHDRAWN, OLD, edition(OLD, "withdrawn")), ["references.withdrawn"]),
    (
        "replaced",
        Finding(Verdict.REPLACED, OLD, edition(OLD, "replaced"), replacement=edition(NEW)),
        ["references.replaced"],
    ),
    ("not found", Finding(Verdict.NOT_FOUND, "GB/T 99999-2020"), ["references.not_found"]),
    (
        "upcoming replacement is not a problem yet",
        Finding(Verdict.UPCOMING_REPLACEMENT, NEW, edition(NEW)),
        [],
    ),
]


@pytest.mark.parametrize(("case", "finding", "expected"), REFERENCES, ids=[row[0] for row in REFERENCES])
def test_normative_references_must_be_current(case, finding, expected):
    problems = rules.reference_problems([(finding.canonical or "x", finding)])
    assert [p.rule for p in problems] == expected
    assert all(p.severity == "warning" for p in problems)


def test_a_reference_cited_twice_is_one_problem_keyed_by_its_number():
    finding = Finding(Verdict.WITHDRAWN, OLD, edition(OLD, "withdrawn"))
    problems = rules.reference_problems([(OLD, finding), ("GB/T12771-2008", finding)])
    assert [(p.rule, p.key) for p in problems] == [("references.withdrawn", OLD)]


ALL_PARTS = [
    "1 范围",
    "2 规范性引用文件",
    "3 术语和定义",
    "4 技术要求",
    "5 试验方法",
    "6 检验规则",
    "7 标志、包装、运输和贮存",
]
PARTS = [
    ("all parts, numbered", ALL_PARTS, []),
    (
        "numbering with dots and full-width spaces",
        [
            "1.　范　围",
            "2、规范性引用文件",
            "第4章 技术要求",
            "5．试验方法",
            "6 检验规则",
            "7 标志，包装，运输和贮存",
        ],
        [],
    ),
    (
        "unnumbered, automatic numbering",
        ["范围", "规范性引用文件", "要求", "检验方法", "检验规则", "标志、包装、运输、贮存"],
        [],
    ),
    (
        "no test methods or marking",
        ["1 范围", "2 规范性引用文件", "4 技术要求", "6 检验规则"],
        ["试验方法", "标志、包装、运输和贮存"],
    ),
    (
        "a long sentence mentioning a part is not a heading",
        [
            "本文件规定了产品的技术要求、试验方法、检验规则以及标志、包装、运输和贮存等内容，适用于灯具。",
            "1 范围",
        ],
        ["规范性引用文件", "技术要求", "试验方法", "检验规则", "标志、包装、运输和贮存"],
    ),
]


@pytest.mark.parametrize(("case", "blocks", "missing"), PARTS, ids=[row[0] for row in PARTS])
def test_a_product_standard_has_its_required_parts(case, blocks, missing):
    problems = rules.text_problems(rules.parts_present(blocks))
    if not missing:
        assert problems == []
        return
    (problem,) = problems
    assert problem.rule == "text.missing_parts"
    assert problem.data["missing"] == missing
    for part in missing:
        assert part in problem.message


def ind(
    comparison: str, value: str, value_max: str | None = None, *, name: str = "光效", unit: str = "lm/W"
) -> rules.IndicatorFact:
    return rules.IndicatorFact(
        name=name,
        comparison=comparison,
        value=Decimal(value),
        value_max=Decimal(value_max) if value_max else None,
        unit=unit,
    )


AT_LEAST_80 = rules.BaselineFact(1, "灯具", "光效", "ge", Decimal("80"), "lm/W", "GB 30255-2019")
AT_MOST_5 = rules.BaselineFact(2, "灯具", "待机功率", "le", Decimal("0.5"), "W", "GB 24849-2017")
BASELINES = [
    ("ge: above the limit", ind("ge", "90"), AT_LEAST_80, False),
    ("ge: at the limit", ind("ge", "80"), AT_LEAST_80, False),
    ("ge: below the limit", ind("ge", "70"), AT_LEAST_80, True),
    ("ge: an exact value below", ind("eq", "79.9"), AT_LEAST_80, True),
    ("ge: a range uses its lower end", ind("range", "75", "95"), AT_LEAST_80, True),
    ("ge: a range above", ind("range", "85", "95"), AT_LEAST_80, False),
    ("ge: an upper bound sets no lower limit", ind("le", "100"), AT_LEAST_80, True),
    ("ge: another unit is not compared", ind("ge", "1", unit="%"), AT_LEAST_80, False),
    ("ge: name matched after normalising", ind("ge", "70", name=" 光 效 "), AT_LEAST_80, True),
    ("ge: unit in full width", ind("ge", "70", unit="ｌｍ／Ｗ"), AT_LEAST_80, True),
    ("ge: another indicator", ind("ge", "1", name="显色指数"), AT_LEAST_80, False),
    ("le: below the limit", ind("le", "0.3", name="待机功率", unit="W"), AT_MOST_5, False),
    ("le: above the limit", ind("le", "0.8", name="待机功率", unit="W"), AT_MOST_5, True),
    (
        "le: a range uses its upper end",
        ind("range", "0.1", "0.6", name="待机功率", unit="W"),
        AT_MOST_5,
        True,
    ),
    ("le: a lower bound sets no upper limit", ind("ge", "0.1", name="待机功率", unit="W"), AT_MOST_5, True),
]


@pytest.mark.parametrize(
    ("case", "indicator", "baseline", "weaker"), BASELINES, ids=[row[0] for row in BASELINES]
)
def test_an_indicator_weaker_than_a_mandatory_baseline_is_an_error(case, indicator, baseline, weaker):
    problems = rules.baseline_problems([indicator], [baseline])
    assert [p.rule for p in problems] == (["indicator.below_baseline"] if weaker else [])
    if weaker:
        assert problems[0].severity == "error"
        assert baseline.source_standard in problems[0].message
        assert problems[0].data["baseline"] == baseline.id


def test_below_recommended_indicators_are_listed_for_information():
    flagged = rules.IndicatorFact(
        "显色指数", "ge", Decimal("70"), below_recommended=True, below_explanation="出口型号"
    )
    problems = rules.below_recommended_problems([ind("ge", "90"), flagged])
    assert [(p.rule, p.severity) for p in problems] == [("indicator.below_recommended", "info")]
    assert problems[0].data["indicators"] == [{"name": "显色指数", "explanation": "出口型号"}]
    assert rules.below_recommended_problems([ind("ge", "90")]) == []


DUPLICATES = [
    ("same product elsewhere", [("LED吸顶灯", "XD-1")], {("LED吸顶灯", "XD-1"): ["p1"]}, ["LED吸顶灯|XD-1"]),
    (
        "spacing does not matter",
        [("LED 吸顶灯 ", "XD-1")],
        {("LED 吸顶灯", "XD-1"): ["p1"]},
        ["LED 吸顶灯|XD-1"],
    ),
    ("another model is another product", [("LED吸顶灯", "XD-2")], {("LED吸顶灯", "XD-1"): ["p1"]}, []),
    ("nothing else", [("LED吸顶灯", "XD-1")], {}, []),
]


@pytest.mark.parametrize(
    ("case", "products", "others", "keys"), DUPLICATES, ids=[row[0] for row in DUPLICATES]
)
def test_the_same_product_declared_twice_with_the_same_standard_is_a_warning(case, products, others, keys):
    problems = rules.duplicate_problems(products, others)
    assert [p.key for p in problems] == keys
    assert all(p.rule == "declaration.duplicate" and p.severity == "warning" for p in problems)


def test_every_rule_has_a_known_severity():
    assert set(rules.RULES.values()) <= {"error", "warning", "info"}
    assert {"executed.replaced", "references.withdrawn", "indicator.below_baseline"} <= set(rules.RULES)
