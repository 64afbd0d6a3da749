"""Marking what matched: the query's characters, words and numbers in a title or number, as HTML.

Independent of the backend, so the page looks the same on SQLite and PostgreSQL, and computed from
the same tokenisation as the index: a bigram of the query marks both its characters wherever they
stand together, a one-character query marks that character, a word marks the same word (not a word
that merely contains it), and a number query marks the number up to where a part of it ends
(``4706`` marks ``4706`` in ``GB 4706.1-2005``, ``gbt1.1`` marks ``GB/T 1.1`` in ``GB/T 1.1-2020``).
The text is escaped first: titles come from outside sources.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from biaozhun.standards.search import tokenize
from biaozhun.standards.search.plan import number_keys_of_query

_PIECE = re.compile(f"([{tokenize.CJK_CHARS}]+)|((?:(?![{tokenize.CJK_CHARS}])[^\\W_])+)")
_DROPPED_IN_NUMBERS = re.compile(r"[\s/]")


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, with the index in ``text`` of every folded character."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = tokenize.fold(ch).translate(tokenize.DASHES)
        out.append(folded)
        where.extend([i] * len(folded))
    return "".join(out), where


def _mark_terms(folded: str, where: list[int], query: str, marks: list[bool]) -> None:
    terms = set(tokenize.query_terms(query))
    if not terms:
        return
    for match in _PIECE.finditer(folded):
        if match.group(1):
            run, start = match.group(1), match.start(1)
            for j, ch in enumerate(run):
                if ch in terms:
                    marks[where[start + j]] = True
            for j in range(len(run) - 1):
                if run[j : j + 2] in terms:
                    marks[where[start + j]] = marks[where[start + j + 1]] = True
        elif match.group(2) in terms:
            for j in range(match.start(2), match.end(2)):
                marks[where[j]] = True


def _mark_numbers(folded: str, where: list[int], query: str, marks: list[bool]) -> None:
    _exact, keys = number_keys_of_query(query)
    if not keys:
        return
    kept = [(ch, where[i]) for i, ch in enumerate(folded) if not _DROPPED_IN_NUMBERS.match(ch)]
    squeezed = "".join(ch for ch, _ in kept)
    for key in keys:
        start = squeezed.find(key)
        while start >= 0:
            end = start + len(key)
            before = squeezed[start - 1] if start else ""
            after = squeezed[end] if end < len(squeezed) else ""
            # A key ends where a part of the number ends, and starts after the code or a separator.
            left = not before.isalnum() or (before.isalpha() and key[0].isdigit())
            if left and not after.isalnum():
                for i in range(kept[start][1], kept[end - 1][1] + 1):
                    marks[i] = True
            start = squeezed.find(key, start + 1)


def highlight(text: str, query: str) -> SafeString:
    """``text``, HTML-escaped, with what ``query`` matches in it wrapped in ``<mark>``."""
    if not text:
        return mark_safe("")
    if not query or not query.strip():
        return escape(text)
    folded, where = _folded(text)
    marks = [False] * len(text)
    _mark_terms(folded, where, query, marks)
    _mark_numbers(folded, where, query, marks)
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and marks[j] == marks[i]:
            j += 1
        piece = escape(text[i:j])
        out.append(f"<mark>{piece}</mark>" if marks[i] else piece)
        i = j
    return mark_safe("".join(out))  # noqa: S308 - every piece of text is escaped above
