"""The unified social credit code (统一社会信用代码) of GB 32100-2015.

Eighteen characters from a 31-character alphabet (digits and capital letters without I, O, Z, S
and V): registration authority (1), organisation type (1), GB/T 2260 division (6 digits),
organisation code (9) and a check character computed over the first seventeen with weights
3^(i-1) mod 31. Pure logic, no Django models, so it can be table-tested and fuzzed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
UNUSED_LETTERS = frozenset("IOZSV")
WEIGHTS = tuple(
    pow(3, i, 31) for i in range(17)
)  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
LENGTH = 18
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}


class USCCError(ValueError):
    """Why a code is not a valid unified social credit code; ``code`` names the rule broken."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def normalize(raw: str) -> str:
    """Upper-case, fold full-width characters and drop spaces and hyphens people type in."""
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in folded if not ch.isspace() and ch != "-").upper()


def check_character(first17: str) -> str:
    """The 18th character for the given first seventeen characters (all from ``ALPHABET``)."""
    total = sum(_VALUE[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


@dataclass(frozen=True)
class USCC:
    value: str

    @property
    def registration_authority(self) -> str:
        return self.value[0]

    @property
    def organisation_type(self) -> str:
        return self.value[1]

    @property
    def division_code(self) -> str:
        return self.value[2:8]

    @property
    def organisation_code(self) -> str:
        return self.value[8:17]

    def __str__(self) -> str:
        return self.value


def parse(raw: str) -> USCC:
    """Validate ``raw`` and return the normalised code, or raise ``USCCError`` naming the problem."""
    code = normalize(raw)
    if len(code) != LENGTH:
        raise USCCError(
            "length",
            _("A unified social credit code has 18 characters; this one has %(count)d.")
            % {"count": len(code)},
        )
    unused = sorted({ch for ch in code if ch in UNUSED_LETTERS})
    if unused:
        raise USCCError(
            "unused_letter",
            _(
                "The letters I, O, Z, S and V are never used in a unified social credit code; found: %(letters)s."
            )
            % {"letters": "、".join(unused)},
        )
    illegal = sorted({ch for ch in code if ch not in _VALUE})
    if illegal:
        raise USCCError(
            "illegal_character",
            _("Only digits and capital letters may appear in a unified social credit code; found: %(chars)s.")
            % {"chars": "、".join(illegal)},
        )
    if not code[2:8].isdigit():
        raise USCCError(
            "division",
            _("Characters 3 to 8 must be the six-digit administrative division code; found %(part)s.")
            % {"part": code[2:8]},
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise USCCError(
            "check_character",
            _(
                "The check character (the 18th) should be %(expected)s but is %(actual)s: please check the code."
            )
            % {"expected": expected, "actual": code[17]},
        )
    return USCC(code)


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except USCCError:
        return False
    return True
