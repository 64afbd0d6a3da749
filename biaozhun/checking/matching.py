"""Which watches an edition concerns: pure predicates on an edition's search document, no ORM, no I/O.

The alert job (``services.watches``) loads the editions that changed or are new as search
documents (``standards.search.documents.document``, the same terms and keys the index holds) and
asks, per watch kind:

- ``code_matches``: a CCS or ICS watch is a code of the shipped code lists — a CCS class (``K``),
  group (``K20/29``) or category (``K61``), an ICS field (``29``), group (``29.140``) or sub-group —
  and an edition matches when one of its codes lies under it.
- ``plan_matches``: a saved search is matched by evaluating the search's ``Plan`` (what the engine
  would be asked) against the one document, instead of running the search over the whole catalogue
  and intersecting: every term in a text field (or a word of the number), or a number / code key,
  within the filters. The result agrees with the engines' matching rule (``search.plan``), without
  their ranking, which alerts do not need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from biaozhun.standards.search import documents
from biaozhun.standards.search.plan import Plan

_CODE_SPLIT = re.compile(r"[;,；，、\s]+")
_CCS_GROUP = re.compile(r"^([A-Z])(\d{2})/(\d{2})$")
_TEXT_FIELDS = ("title_zh", "title_en", "keywords", "organisations")


def split_codes(codes: str) -> list[str]:
    """A source's list of codes (``K61;K62``, ``29.140.01, 29.140.99``) as a list."""
    return [code for code in _CODE_SPLIT.split(codes or "") if code]


def ccs_matches(watched: str, codes: Iterable[str]) -> bool:
    """Does any CCS code lie under ``watched`` (a class letter, a group range or a category)?"""
    watched = watched.strip().upper()
    group = _CCS_GROUP.match(watched)
    for code in codes:
        code = code.strip().upper()
        if group:
            letter, low, high = group.groups()
            digits = code[1:3]
            if code[:1] == letter and digits.isdigit() and low <= digits <= high:
                return True
        elif code.startswith(watched):
            return True
    return False


def ics_matches(watched: str, codes: Iterable[str]) -> bool:
    """Does any ICS code equal ``watched`` or lie under it (``29.140`` covers ``29.140.01``)?"""
    watched = watched.strip()
    return any(code == watched or code.startswith(watched + ".") for code in (c.strip() for c in codes))


def code_matches(kind: str, watched: str, *, ccs_codes: str, ics_codes: str) -> bool:
    """``kind`` is ``"ccs"`` or ``"ics"``; the edition's codes as stored (separated lists)."""
    if kind == "ccs":
        return ccs_matches(watched, split_codes(ccs_codes))
    return ics_matches(watched, split_codes(ics_codes))


def _keys(doc: Mapping[str, Any]) -> tuple[set[str], set[str], set[str], set[str]]:
    """The document's exact, prefix, code and number-word keys, without their marks."""
    exact: set[str] = set()
    prefix: set[str] = set()
    codes: set[str] = set()
    words: set[str] = set()
    for key in str(doc.get("keys", "")).split():
        mark = key[0]
        if mark == documents.EXACT:
            exact.add(key[1:])
        elif mark == documents.CODE:
            codes.add(key[1:])
        elif mark == documents.WORD:
            words.add(key[1:])
        else:
            prefix.add(key)
    return exact, prefix, codes, words


def plan_matches(plan: Plan, doc: Mapping[str, Any]) -> bool:
    """Would a search with ``plan`` find the edition whose search document is ``doc``?"""
    if plan.match_none:
        return False
    for facet, values in plan.filters.items():
        if str(doc.get(facet, "")) not in values:
            return False
    if plan.years is not None and doc.get("year") not in plan.years:
        return False
    if plan.match_all:
        return True
    exact, prefix, codes, words = _keys(doc)
    if plan.exact_keys and (exact.intersection(plan.exact_keys) or codes.intersection(plan.exact_keys)):
        return True
    if plan.prefix_keys and (exact | prefix).intersection(plan.prefix_keys):
        return True
    if not plan.terms:
        return False
    text_terms: set[str] = set()
    for name in _TEXT_FIELDS:
        text_terms.update(str(doc.get(name, "")).split())
    for term in plan.terms:
        if term in text_terms:
            continue
        if plan.words_in_numbers and term.isascii() and term in words:
            continue
        return False
    return True
