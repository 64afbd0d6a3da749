"""Fixed tables behind the standard-number grammar of ``numbers.py``: codes, messages, patterns.

Kept apart so that ``numbers.py`` reads as rules, not lists. Only codes that are not in a shipped code
list belong here: industry codes come from ``fixtures/reference/industry_codes/`` and division codes
from ``fixtures/reference/admin_divisions/``, both read by ``numbers.py``.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_noop

# National codes. GB, GB/T and GB/Z are the national standards proper; GBZ (occupational health),
# GBJ (old construction standards), GSB (national reference materials) and GJB (military standards)
# are issued as national documents too, mandatory unless followed by /T (or /Z for guidance).
NATIONAL_CODES = frozenset({"GB", "GBZ", "GBJ", "GSB", "GJB"})

# Earliest year accepted: the People's Republic's standards start in 1949; ISO and IEC numbers
# older than 1900 do not exist.
CHINESE_EARLIEST_YEAR = 1949
OTHER_EARLIEST_YEAR = 1900

# First word of an international or foreign number, longest first so that ITU-T wins over ITU.
INTERNATIONAL_HEADS = ("ITU-T", "ITU-R", "ISO", "IEC", "ITU")
FOREIGN_HEADS = ("IEEE", "ASTM", "ANSI", "DIN", "JIS", "EN", "UL", "BS", "NF")

# Words that may follow the head inside the code: co-publishers (ISO/IEC, ANSI/UL), adoptions
# (DIN EN ISO, BS EN) and deliverable types (ISO/TS, IEC TR, ISO/IEC Guide).
CODE_WORDS = (
    "ISO",
    "IEC",
    "IEEE",
    "ASTM",
    "ASHRAE",
    "ASME",
    "NFPA",
    "ISA",
    "VDE",
    "EN",
    "UL",
    "TS",
    "TR",
    "PAS",
    "GUIDE",
)
# How a code word is printed when it is not all capitals.
CODE_WORD_SPELLING = {"GUIDE": "Guide"}

# Codes whose own convention puts the year after a hyphen: ASTM D638-14, IEEE 802.3-2018,
# ANSI Z535.1-2017. Every other international or foreign number uses a colon.
HYPHEN_YEAR_HEADS = frozenset({"ASTM", "IEEE", "ANSI"})
# Codes whose series letter is followed by a space: JIS C 8105-1, NF C 15-100.
SPACED_SERIES_HEADS = frozenset({"JIS", "NF"})

# Degrees of adoption written between a Chinese number and the one it adopts (GB/T 20000.1 等同采用 …).
ADOPTION_DEGREES = ("IDT", "MOD", "NEQ", "EQV")

# Rows of GB/T 2260 at prefecture level that are groupings, not prefectures, and so have no DBxxxx code.
PLACEHOLDER_DIVISION_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})

# Characters typed in place of a hyphen (after NFKC, which already folds the full-width ones),
# and zero-width characters pasted from web pages.
HYPHEN_LIKE = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2500\u2e3a\u2e3b_"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
CHARACTER_MAP = {**{ord(ch): "-" for ch in HYPHEN_LIKE}, **{ord(ch): None for ch in INVISIBLE}}

# What may wrap a number in running text: book-title marks, brackets, quotes and punctuation.
WRAPPERS = " 《》〈〉<>「」『』【】〔〕[]()\"'“”‘’,.;:、。"

# The longest text read as a number: real ones, with an adopted number and an amendment, stay under 80.
MAX_LENGTH = 120

# Everything a cleaned standard number may contain.
ALLOWED_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /.-:(),")

# What ``numbers.py`` says, by message key. English msgids (the Chinese comes from the catalogue);
# gettext_noop marks them for extraction and ``numbers.py`` translates them when it raises.
# The error code is the key up to the first dot: "bad_year.two_digits" is reported as "bad_year".
MESSAGES = {
    "empty": gettext_noop("Enter a standard number."),
    "too_long": gettext_noop(
        "A standard number is at most %(limit)d characters long; this text has %(length)d."
    ),
    "illegal_character": gettext_noop("A standard number cannot contain %(chars)s."),
    "missing_code": gettext_noop(
        "A standard number starts with its code (such as GB/T, QB/T, DB44/T, T/… or ISO); "
        "“%(text)s” does not."
    ),
    "missing_code.organisation": gettext_noop(
        "“%(prefix)s/” must be followed by the code of the organisation that issued the standard."
    ),
    "unknown_prefix": gettext_noop("“%(prefix)s” is not the code of any kind of standard."),
    "unknown_industry_code": gettext_noop("Industry standard code “%(code)s” does not exist."),
    "unknown_province": gettext_noop(
        "The administrative division code “%(digits)s” in the local standard code does not exist."
    ),
    "missing_number": gettext_noop("The code “%(code)s” must be followed by the number of the standard."),
    "malformed": gettext_noop(
        "“%(text)s” after the code “%(code)s” is not a number with an optional year, such as 1234-2019."
    ),
    "malformed.code": gettext_noop("“%(text)s” is not a standard code."),
    "malformed.local": gettext_noop(
        "A local standard code is DB followed by a two-digit province code or a four-digit city code; "
        "“%(digits)s” is neither."
    ),
    "malformed.organisation": gettext_noop("“%(text)s” is not an organisation code followed by a number."),
    "malformed.international": gettext_noop(
        "“%(text)s” is not an international or foreign standard number of a known form, "
        "such as ISO 9001:2015."
    ),
    "bad_year": gettext_noop("“%(digits)s” is not a year: write it with four digits."),
    "bad_year.two_digits": gettext_noop(
        "The two-digit year “%(digits)s” cannot be read: only Chinese standards from 1949 to 1999 have "
        "two-digit years. Write the year in full."
    ),
    "bad_year.before_1949": gettext_noop("Year %(year)d is too early: Chinese standards date from 1949 on."),
    "bad_year.too_early": gettext_noop("Year %(year)d is too early for a standard."),
    "bad_year.amendment": gettext_noop(
        "The amendment year %(amendment)d is before the year of the standard, %(year)d."
    ),
    "future_year": gettext_noop("Year %(year)d is later than this year."),
}
ERROR_CODES = frozenset(key.split(".")[0] for key in MESSAGES)

WARNINGS = {
    "two_digit_year": gettext_noop("Two-digit year “%(digits)s” read as %(year)d."),
    "spaced_year": gettext_noop("Read “%(digits)s” after a space as the year."),
    "hyphen_year": gettext_noop("Read “-%(digits)s” as the year: %(code)s numbers put it after a colon."),
}

# --- the grammar, applied to cleaned text: NFKC, upper case, single spaces, none around / - : . , ( ) ---

_HEADS = "|".join(INTERNATIONAL_HEADS + FOREIGN_HEADS)
_DEGREES = "|".join(ADOPTION_DEGREES)
_WORDS = "|".join(CODE_WORDS)
_ORG = r"[A-Z0-9]+(?:-[A-Z0-9]+)*"
_INTL_CODE = rf"(?P<head>{_HEADS})(?![A-Z])(?:[/ ](?:{_WORDS})(?![A-Z]))*"

# A space beside a separator is dropped (GB / T 1.1 - 2020); two patterns with empty replacements,
# as a template replacement (``\\1``) costs a Python call for every separator of every number.
SPACE_BEFORE_MARK = re.compile(r" (?=[/\-:.,()])")
SPACE_AFTER_MARK = re.compile(r"(?<=[/\-:.,()]) ")
CJK_DASH = re.compile(r"(?<=\d)[一ー](?=\d)")  # an IME's "one" or long-vowel mark typed as a hyphen
LETTERS = re.compile(r"[A-Z]+")
TRAILING_SLASH = re.compile(r"(?<=\d)/+$")  # GB/T 1.1-2020/ pasted from a list
INTL_HEAD = re.compile(rf"(?:{_HEADS})(?![A-Z])")

# Chinese numbers: an amendment (修改单) and an adopted number follow the year.
CN_AMENDMENT = re.compile(r"(?<=\d)[/ ]?XG(?P<n>\d+)(?:-(?P<year>\d+))?$")
ADOPTION = re.compile(
    rf"(?<=\d)[/( ](?:(?:{_DEGREES})[ ,]*)?(?P<adopted>(?:{_HEADS})(?![A-Z]).*?)(?:,? ?(?:{_DEGREES}))?\)?$"
)
CN_SUFFIX = re.compile(r"(?:[/\-](?P<slash>[TZ])?| (?P<spaced>[TZ])(?=[ \-]?\d|$))?[ \-]?")
# DB 4420/T 23 typed with a space after DB; the seismic industry's DB 1234 has no /T after the digits.
SPACED_LOCAL = re.compile(r" \d{2}(?:\d{2})?(?:/| ?[TZ](?=[ \-]?\d))")
LOCAL = re.compile(r"DB(?P<division>\d+)(?:/(?P<slash>[TZ])?| ?(?P<spaced>[TZ])(?=[ \-]?\d|$))?[ \-]?")
CN_NUMBER = re.compile(r"(?P<number>\d+(?:\.\d+)*[A-Z]?)(?:-(?P<year>\d+)| (?P<spaced_year>\d{4}))?")
ORG_SPACED = re.compile(rf"(?P<org>{_ORG}(?: {_ORG})*?) (?P<rest>\d.*)")
ORG_GLUED = re.compile(r"(?P<org>[A-Z]+(?:-[A-Z]+)*)(?P<rest>\d.*)")
ORG_ONLY = re.compile(rf"{_ORG}(?: {_ORG})*")
ORG_NUMBER = re.compile(r"(?P<number>\d+(?:\.\d+)*[A-Z]?)(?:-(?P<year>\d+)| (?P<spaced_year>\d{4}))?")

# International and foreign numbers: code words, an optional series letter (JIS C, ASTM D, ITU-T X.),
# the number with its parts, then a year after ":" (or after "-", sorted out by numbers.py).
INTL = re.compile(
    rf"(?P<code>{_INTL_CODE})(?: ?STD)?[ \-]?(?P<series>[A-Z]{{1,3}}(?:\.| ?))?"
    r"(?P<number>\d+(?:\.\d+)*)(?P<parts>(?:-\d+)*)"
    r"(?::(?P<year>\d+)| (?P<spaced_year>\d{4}))?(?P<rev>[A-Z]\d?)?"
)
INTL_CODE_ONLY = re.compile(rf"{_INTL_CODE}(?: ?STD)?")
INTL_LANGUAGE = re.compile(r"\((?:E|F|R|EN|FR|RU)\)?$")  # ISO 9001:2015(E): the language of a copy
INTL_AMENDMENT = re.compile(r"/(?P<kind>AMD|COR) ?(?P<n>\d+)(?::(?P<year>\d+))?$")

# looks_like_number: lenient shapes of a number being typed.
LOOKS_DIGITS = re.compile(r"\d+(?:[.\-]\d*)*")
LOOKS_TAIL = re.compile(r"(?:[/\- ]?[TZ](?![A-Z]))?[/\- ]?(?:\d[0-9A-Z./\-:() ]*)?")
LOOKS_LOCAL = re.compile(r"\d{1,4}(?:[/ ]?[TZ]?[/ ]?(?:\d[0-9./\-: ]*)?)?")
