"""How catalogue text becomes search terms: one tokenisation for every backend and the benchmark.

Chinese has no spaces, and the catalogue's users search with one or two characters as often as
with whole words (灯, 电器, 家用电器), so CJK text is indexed as overlapping **bigrams plus
unigrams** rather than through a dictionary segmenter: no dictionary to ship or keep current, no
word a segmenter splits differently from the user, and a two-character query is a single term
lookup. A query of n ≥ 2 characters needs all its bigrams (which approximates the phrase); a
one-character query needs its unigram. Latin letters and digits form lower-case words.

Standard numbers are matched as whole **keys**, not words: ``GB/T 1.1-2020`` is folded to
``gbt1.1-2020`` (full-width folded, lower case, spaces and slashes removed, dashes unified), and
every prefix ending at a separator (``gbt1``, ``gbt1.1``) is a key too, so ``4706`` finds
``GB 4706.1`` without finding ``GB 47061`` and without a prefix scan. The keys are computed from
the stored, canonical fields of an edition (number, code, work), so indexing never needs the number
grammar; the grammar (``standards.numbers``) is used on the query side only, to recognise numbers
typed loosely.

Everything here is pure: no Django, no I/O, so it is table-tested and shared with bench/.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

# Scripts written without spaces: kana, CJK ideographs (with extensions A to G and compatibility
# ideographs) and Hangul syllables. Runs of these become unigrams and bigrams.
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003134f"
_CJK_SPLIT = re.compile(f"([{CJK_CHARS}]+)")
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any other script
_CJK_CHAR = re.compile(f"[{CJK_CHARS}]")
_CJK_BIGRAM = re.compile(f"(?=([{CJK_CHARS}]{{2}}))")  # overlapping: a lookahead consumes nothing
_OTHER_WORD = re.compile(f"[^\\W_{CJK_CHARS}]+")  # word characters that are not CJK
_NUMBER_DROP = re.compile(r"[\s/]+")
_NUMBER_LIKE = re.compile(r"[0-9a-z][0-9a-z.\-:_]*")
_SEPARATORS = frozenset(".-:")
_DIGIT = re.compile(r"\d")
_CODE_SPLIT = re.compile(r"[;,；，、\s]+")
_DIGIT_RUN = re.compile(r"(\d+)")

# Dashes people and sources put between number and year (GB/T 1.1—2020): all become "-".
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"))

MAX_NUMBER_KEY = 80  # longer "numbers" are sentences; Edition.number itself stops at 120 characters


def fold(text: str) -> str:
    """Full-width to half-width and compatibility forms to plain ones (NFKC), then lower case."""
    if text.isascii():  # NFKC leaves ASCII alone; most numbers and codes are ASCII
        return text.lower()
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """The index terms of ``text``: its CJK characters, then every pair of CJK characters standing
    together, then its other words lower-cased; repeats kept, as term frequency is part of
    relevance (bm25, ts_rank).

    Three regular-expression scans and no Python loop: this is the inner loop of a rebuild (a
    million titles), and the order of the terms does not matter to either index.
    """
    folded = fold(text)
    return _CJK_CHAR.findall(folded) + _CJK_BIGRAM.findall(folded) + _OTHER_WORD.findall(folded)


def query_terms(text: str) -> list[str]:
    """The terms a query needs, all of them: bigrams of each CJK run (its unigram when it is one
    character long) and lower-cased words, without repeats, in the order typed."""
    out: list[str] = []
    for i, part in enumerate(_CJK_SPLIT.split(fold(text))):
        if i % 2:
            out.extend(part if len(part) == 1 else [part[j : j + 2] for j in range(len(part) - 1)])
        elif part:
            out.extend(_WORD.findall(part))
    return list(dict.fromkeys(out))


def number_key(text: str) -> str:
    """``GB/T 1.1—2020`` → ``gbt1.1-2020``: the form numbers are compared in, typed or stored."""
    if text.isascii():  # the stored, canonical numbers: split() drops every kind of ASCII space
        return "".join(text.lower().replace("/", " ").split())
    return _NUMBER_DROP.sub("", fold(text).translate(DASHES))


def is_number_like(key: str) -> bool:
    """Whether a folded query (``number_key``) could be a standard number or a prefix of one.

    Letters, digits and the separators ``.-:_``, at least one digit: ``4706``, ``gbt12771``,
    ``iso9001:2015``. Such a query is looked up among number keys (and classification codes).
    """
    return (
        0 < len(key) <= MAX_NUMBER_KEY
        and _NUMBER_LIKE.fullmatch(key) is not None
        and any(ch.isdigit() for ch in key)
    )


def boundary_prefixes(key: str) -> list[str]:
    """``gbt4706.1-2005`` → ``gbt4706``, ``gbt4706.1``, ``gbt4706.1-2005``: the prefixes that end
    where a part of the number ends, each with a digit (``itu`` of ``itu-tx.509`` is no number)."""
    first_digit = _DIGIT.search(key)
    if first_digit is None:
        return []
    after = first_digit.start()
    out = [key[:i] for i, ch in enumerate(key) if ch in _SEPARATORS and i > after]
    out.append(key)
    return out


@functools.lru_cache(maxsize=1024)
def _code_key(code: str) -> str:
    return number_key(code)


def number_keys(number: str, code: str = "", work_key: str = "") -> tuple[list[str], list[str]]:
    """The exact keys and the other prefix keys of one edition's number, from its canonical fields.

    Exact: the number (``gbt1.1-2020``), its work (``gbt1.1``) and both without the issuing code
    (``1.1-2020``, ``1.1``). Prefix: the other boundary prefixes of the number with and without its
    code (``gbt1``, ``1``). A prefix query matches either kind; the two lists never overlap, because
    each key is indexed once (unique keys are most of an index's build time).
    """
    full = number_key(number)
    if not full:
        return [], []
    work = number_key(work_key) if work_key else full
    code_key = _code_key(code) if code else ""
    n = len(code_key)
    exact = dict.fromkeys((full, work))
    prefix = boundary_prefixes(full)
    if n and full.startswith(code_key) and len(full) > n:
        exact[full[n:]] = None
        if work.startswith(code_key) and len(work) > n:
            exact[work[n:]] = None
        # Without the code, the number has the same boundaries, shifted.
        prefix += [p[n:] for p in prefix if len(p) > n]
    if len(full) > MAX_NUMBER_KEY:  # not a number anyone types: keep what is short enough
        exact = {k: None for k in exact if len(k) <= MAX_NUMBER_KEY}
        prefix = [k for k in prefix if len(k) <= MAX_NUMBER_KEY]
    return list(exact), [k for k in dict.fromkeys(prefix) if k not in exact]


def number_words(number: str) -> list[str]:
    """The words of a number (``gb``, ``t``, ``4706``, ``1``, ``2005``), so that a query mixing a
    number and words (``GB 4706 电器``) can match; a number alone is matched by its keys instead."""
    return _WORD.findall(fold(number))


def classification_keys(*code_lists: str) -> list[str]:
    """CCS and ICS codes as keys: ``K61``, ``29.140.01`` and its group ``29.140`` (the field, ``29``,
    is a facet already). Lists are split on the separators sources use (``;``, ``；``, ``,``)."""
    return list(_classification_keys(code_lists))


@functools.lru_cache(maxsize=1 << 17)
def _classification_keys(code_lists: tuple[str, ...]) -> tuple[str, ...]:
    """Cached: a catalogue has some ten thousand distinct pairs of code lists for a million editions."""
    out: dict[str, None] = {}
    for codes in code_lists:
        for code in _CODE_SPLIT.split(codes) if codes else ():
            key = number_key(code)
            if key and len(key) <= MAX_NUMBER_KEY:
                out.update(dict.fromkeys(p for p in boundary_prefixes(key) if "." in p or p == key))
    return tuple(out)


def number_sort_key(number: str) -> str:
    """A key that sorts numbers naturally (``GB/T 2`` before ``GB/T 10``), compared code point by
    code point: digit runs are zero-padded to 10 places. PostgreSQL compares it with ``COLLATE "C"``,
    which gives the same order as Python's ``str`` comparison."""
    parts = _DIGIT_RUN.split(fold(number))  # text, digits, text, digits, …, text
    parts[1::2] = [digits.rjust(10, "0") for digits in parts[1::2]]
    return "".join(parts)[:400]


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
