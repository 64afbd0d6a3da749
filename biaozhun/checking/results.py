"""Reading a stored check's results: filtering, the distinct numbers, the summary.

A ``Check`` keeps one JSON object per entry (``EntryResult.as_json()`` plus ``row``, and for a
document ``section``, ``page``, ``paragraph`` and ``context``). The result page filters them, the
report lists the distinct numbers, the Excel file writes one row each; all of that is here, with
no ORM and no I/O, so it is the same everywhere and tested on plain lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from biaozhun.checking.verdicts import Verdict

# The order verdicts are shown in: what needs doing first.
VERDICT_ORDER: tuple[str, ...] = (
    Verdict.REPLACED,
    Verdict.WITHDRAWN,
    Verdict.UPCOMING_REPLACEMENT,
    Verdict.NOT_FOUND,
    Verdict.INVALID,
    Verdict.UNDATED,
    Verdict.CURRENT,
)
# Verdicts that ask the user to act: change the reference, or look at it again.
NEEDS_ACTION: frozenset[str] = frozenset(
    {Verdict.REPLACED, Verdict.WITHDRAWN, Verdict.UPCOMING_REPLACEMENT, Verdict.NOT_FOUND, Verdict.INVALID}
)
# Where a document's reference was found (the documents reader sets ``section``).
NORMATIVE = "normative"


@dataclass(frozen=True)
class Summary:
    """What the cards at the top of a result say."""

    entries: int
    distinct: int
    counts: list[tuple[str, int]]  # (verdict, distinct numbers), in ``VERDICT_ORDER``, zeros left out
    needs_action: int


def summarise(counts: Mapping[str, int], entry_count: int) -> Summary:
    ordered = [(v, int(counts.get(v, 0))) for v in VERDICT_ORDER if counts.get(v)]
    ordered += [(v, int(n)) for v, n in counts.items() if v not in VERDICT_ORDER and n]
    return Summary(
        entries=entry_count,
        distinct=sum(n for _, n in ordered),
        counts=ordered,
        needs_action=sum(n for v, n in ordered if v in NEEDS_ACTION),
    )


def _haystack(result: Mapping[str, Any]) -> str:
    parts = [
        result.get("input"),
        result.get("canonical"),
        result.get("title"),
        result.get("edition"),
        *(result.get("replacements") or []),
        result.get("context"),
    ]
    return " ".join(str(p) for p in parts if p).casefold()


def _squeeze(text: str) -> str:
    """Without spaces and slashes, so ``gbt12771`` and ``GB/T 12771`` meet."""
    return "".join(text.split()).replace("/", "")


def filter_results(
    results: Sequence[Mapping[str, Any]],
    *,
    verdict: str = "",
    text: str = "",
    distinct: bool = False,
    section: str = "",
) -> list[dict[str, Any]]:
    """The results matching every filter given, in the user's order, each with its ``position``
    (1-based, in the whole list) so a filtered page still says where an entry was.

    ``text`` matches the input, the number, the title, the replacements or a document's context,
    ignoring case, spaces and slashes (``gbt12771`` finds ``GB/T 12771-2008``). ``distinct`` keeps each
    number once (its first appearance).
    """
    needle = _squeeze(text.strip().casefold())
    out: list[dict[str, Any]] = []
    for position, result in enumerate(results, start=1):
        if verdict and result.get("verdict") != verdict:
            continue
        if distinct and result.get("duplicate"):
            continue
        if section and (result.get("section") == NORMATIVE) != (section == NORMATIVE):
            continue
        if needle and needle not in _squeeze(_haystack(result)):
            continue
        out.append({**result, "position": position})
    return out


def distinct_results(results: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Each number once, in the order it first appears (what a report lists)."""
    return [r for r in results if not r.get("duplicate")]


def by_verdict(results: Iterable[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """The distinct numbers grouped by verdict, the groups in ``VERDICT_ORDER``."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for result in distinct_results(results):
        groups.setdefault(str(result.get("verdict")), []).append(result)
    order = {v: i for i, v in enumerate(VERDICT_ORDER)}
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


def column_letter(column: int | None) -> str:
    """A 0-based column index as Excel names it (0 → A, 27 → AB)."""
    if column is None or column < 0:
        return ""
    letters = ""
    n = column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
