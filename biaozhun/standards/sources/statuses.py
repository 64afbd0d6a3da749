"""The five statuses an edition can have, and every word the sources use for them.

Each catalogue has its own vocabulary: openstd says 现行 / 即将实施 / 废止, hbba and dbba say
有更新版 when a newer edition exists, exchange files written by hand say 作废, 被代替 or English
words. The parsers keep the source's own word (``SourceRecord.status_word``) so an operator can
see what the site said; the importer maps it here, in one table, so a new word is one line and an
unknown word is refused rather than guessed.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum


class Status(StrEnum):
    """Where an edition stands: in force, published but not yet in force, withdrawn, or replaced."""

    CURRENT = "current"
    UPCOMING = "upcoming"
    WITHDRAWN = "withdrawn"
    REPLACED = "replaced"
    UNKNOWN = "unknown"


_WORDS: dict[Status, tuple[str, ...]] = {
    Status.CURRENT: (
        "现行",
        "现行有效",
        "有效",
        "现行标准",
        # 部分代替: another standard replaces part of this one; the rest stays in force.
        "部分代替",
        "部分被代替",
        "current",
        "valid",
        "in force",
        "active",
        "published",  # openstd's own filter id for 现行 (PUBLISHED / WITHDRAWN)
    ),
    Status.UPCOMING: (
        "即将实施",
        "尚未实施",
        "未实施",
        "待实施",
        "upcoming",
        "forthcoming",
        "not yet in force",
    ),
    Status.WITHDRAWN: (
        "废止",
        "已废止",
        "作废",
        "已作废",
        "withdrawn",
        "abolished",
        "repealed",
        "obsolete",
    ),
    Status.REPLACED: (
        "被代替",
        "已被代替",
        "被替代",
        "已被替代",
        "有更新版",  # hbba / dbba: a newer edition exists
        "replaced",
        "superseded",
    ),
    Status.UNKNOWN: ("unknown", "未知"),
}


def _key(word: str) -> str:
    """The word as looked up: NFKC (full-width letters), no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", word).split()).lower()


_LOOKUP: dict[str, Status] = {_key(word): status for status, words in _WORDS.items() for word in words}
_LOOKUP.update({_key(status.value): status for status in Status})


def normalise_status(word: str) -> Status | None:
    """The status a source word stands for; ``Status.UNKNOWN`` for an empty cell, ``None`` if unknown.

    Case, spaces and full-width letters do not matter (``"Withdrawn"``, ``"现 行"``). ``None`` lets
    the importer reject the row with "unknown status word" instead of importing a guess.
    """
    key = _key(word)
    if not key:
        return Status.UNKNOWN
    return _LOOKUP.get(key)
