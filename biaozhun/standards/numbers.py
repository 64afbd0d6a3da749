"""Standard numbers (标准号): read what people type, print it one way, and say what is wrong.

The same edition reaches the platform as ``GB/T 12771-2019``, ``GBT12771—2019``,
``ＧＢ／Ｔ １２７７１－２０１９`` or ``《gb/t 12771-2019》``. Catalogue look-ups, self-declarations
and watchlists must agree that these are one edition of one work, so every module goes through
``parse``: it folds the messy forms to one canonical string, names the parts (level, nature, code,
number, part, year, adopted international number, amendment) and gives a year-less ``work_key``
that groups the editions of a work. A number that cannot be read raises ``InvalidNumber`` with a
stable machine code and a message saying exactly what is wrong, so a form can show it and an
import can count the failures by kind.

Pure: no ORM and no I/O except reading two shipped code lists once (industry-standard codes and the
GB/T 2260 divisions behind local-standard codes, in ``fixtures/reference/``). Fixed tables are in
``number_codes.py``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from biaozhun.standards import number_codes as tables

__all__ = [
    "ERROR_CODES",
    "InvalidNumber",
    "Level",
    "Nature",
    "StandardNumber",
    "industry_codes",
    "local_code_exists",
    "looks_like_number",
    "normalise",
    "parse",
    "try_parse",
]

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "reference"
INDUSTRY_CODES_FILE = REFERENCE_DIR / "industry_codes" / "industry_codes_merged.csv"
DIVISIONS_FILE = REFERENCE_DIR / "admin_divisions" / "gb2260_prov_pref_latest.csv"
ERROR_CODES = tables.ERROR_CODES  # every InvalidNumber.code


class Level(StrEnum):
    """The five levels of the Standardization Law, plus international and foreign standards."""

    NATIONAL = "national"
    INDUSTRY = "industry"
    LOCAL = "local"
    GROUP = "group"
    ENTERPRISE = "enterprise"
    INTERNATIONAL = "international"
    FOREIGN = "foreign"


class Nature(StrEnum):
    """What the code says about obligation: bare GB is mandatory, /T recommended, /Z guidance."""

    MANDATORY = "mandatory"
    RECOMMENDED = "recommended"
    GUIDANCE = "guidance"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class StandardNumber:
    """A standard number that was read: its canonical spelling and its parts."""

    input: str
    canonical: str
    level: Level
    nature: Nature
    code: str
    number: str
    part: str | None
    year: int | None
    work_key: str
    adopted: str | None = None
    amendment: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def is_dated(self) -> bool:
        """Whether the number names one edition; an undated reference means the latest edition."""
        return self.year is not None

    def __str__(self) -> str:
        return self.canonical


class InvalidNumber(ValueError):
    """Why a text is not a standard number: ``code`` names the rule broken, ``message`` explains it."""

    def __init__(self, code: str, message: str, input: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.input = input


# --- shipped code lists, read once ---------------------------------------------------------------


def _read_columns(path: Path, *names: str) -> list[tuple[str, ...]]:
    """The named columns of a UTF-8 CSV file, found by header name so that reordering is harmless."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = [cell.strip().lower() for cell in next(reader, [])]
        missing = [name for name in names if name not in header]
        if missing:
            raise LookupError(f"{path}: no column named {', '.join(missing)}")
        indexes = [header.index(name) for name in names]
        return [tuple(row[i].strip() if i < len(row) else "" for i in indexes) for row in reader if row]


@cache
def industry_codes() -> frozenset[str]:
    """The industry-standard codes (QB, JT …) of ``industry_codes_merged.csv``."""
    return frozenset(code.upper() for (code,) in _read_columns(INDUSTRY_CODES_FILE, "code") if code)


@cache
def _division_prefixes() -> tuple[frozenset[str], frozenset[str]]:
    """Two-digit province and four-digit prefecture prefixes of GB/T 2260 (442000 → 44 and 4420)."""
    provinces: set[str] = set()
    prefectures: set[str] = set()
    for code, name, level in _read_columns(DIVISIONS_FILE, "code", "name_zh", "level"):
        if len(code) != 6 or not code.isdigit():
            continue
        if level == "1":
            provinces.add(code[:2])
        elif level == "2" and name not in tables.PLACEHOLDER_DIVISION_NAMES:
            prefectures.add(code[:4])
    return frozenset(provinces), frozenset(prefectures)


def local_code_exists(digits: str) -> bool:
    """Whether ``digits`` (the 44 of DB44, the 4420 of DB4420) is a province or prefecture code."""
    provinces, prefectures = _division_prefixes()
    return digits in (provinces if len(digits) == 2 else prefectures)


def _is_chinese_code(letters: str) -> bool:
    return letters in tables.NATIONAL_CODES or letters in industry_codes()


_NATURE_BY_SUFFIX = {None: Nature.MANDATORY, "T": Nature.RECOMMENDED, "Z": Nature.GUIDANCE}


_UNDERSCORE = str.maketrans("_", "-")


def _clean(text: str) -> str:
    """Fold full-width forms and dash look-alikes, upper-case, and drop wrapping marks and spacing.

    Most inputs are ASCII numbers already close to canonical (an import reads a million): for them
    the Unicode folding is skipped, and each rewrite runs only where its pattern can match.
    """
    if text.isascii():
        folded = text.translate(_UNDERSCORE).upper()  # the one ASCII character in CHARACTER_MAP
    else:
        folded = unicodedata.normalize("NFKC", text).translate(tables.CHARACTER_MAP).upper()
        folded = tables.CJK_DASH.sub("-", folded)
    folded = " ".join(folded.split()).strip(tables.WRAPPERS)
    if " " in folded:
        folded = tables.SPACE_BEFORE_MARK.sub("", tables.SPACE_AFTER_MARK.sub("", folded))
    if folded.endswith("/"):
        folded = tables.TRAILING_SLASH.sub("", folded)
    if "--" in folded:
        folded = _DASH_RUN.sub("-", folded)
    return folded


_DASH_RUN = re.compile(r"-{2,}")
# A cleaned national or industry number with its year and nothing else: most of what is checked.
_PLAIN_CHINESE = re.compile(
    r"(?P<letters>[A-Z]+)(?:/(?P<suffix>[TZ]))? (?P<number>\d+(?:\.\d+)*)-(?P<year>\d{4})"
)
_NOT_PLAIN = frozenset({"T", "Q", "DB"})  # group, enterprise and local heads have their own rules


class _Head(NamedTuple):
    """A Chinese number split after its code; ``display`` is the code as printed before the number."""

    level: Level
    nature: Nature
    code: str
    display: str
    rest: str
    pattern: re.Pattern[str]


class _Reader:
    """One reading of one input: the raw text, the date years are checked against, the warnings."""

    def __init__(self, raw: str, today: date) -> None:
        self.raw = raw
        self.today = today
        self.warnings: list[str] = []

    def fail(self, key: str, **params: object) -> InvalidNumber:
        """The error for message ``key`` of ``number_codes.MESSAGES``, translated now."""
        return InvalidNumber(key.split(".")[0], _(tables.MESSAGES[key]) % params, self.raw)

    def warn(self, key: str, **params: object) -> None:
        self.warnings.append(_(tables.WARNINGS[key]) % params)

    def read(self) -> StandardNumber:
        text = _clean(self.raw)
        if not text:
            raise self.fail("empty")
        if len(text) > tables.MAX_LENGTH:
            raise self.fail("too_long", limit=tables.MAX_LENGTH, length=len(text))
        if not tables.ALLOWED_CHARACTERS.issuperset(text):
            illegal = [ch for ch in dict.fromkeys(text) if ch not in tables.ALLOWED_CHARACTERS]
            raise self.fail("illegal_character", chars="、".join(f"“{ch}”" for ch in illegal))
        if plain := _PLAIN_CHINESE.fullmatch(text):
            found = self.plain_chinese(plain)
            if found is not None:
                return found
        return self.international(text) if tables.INTL_HEAD.match(text) else self.chinese(text)

    def plain_chinese(self, match: re.Match[str]) -> StandardNumber | None:
        """The most common shape, ``GB/T 12771-2019`` once cleaned, read in one step.

        Gives exactly what ``chinese`` gives for it (the grammar tests run both ways); ``None``
        sends anything unusual (a group or local code, DB the seismic code) the long way.
        """
        letters, suffix, number = match["letters"], match["suffix"], match["number"]
        if letters in _NOT_PLAIN or not _is_chinese_code(letters):
            return None
        year = self.year(match["year"], chinese=True)
        code = f"{letters}/{suffix}" if suffix else letters
        work_key = f"{code} {number}"
        return StandardNumber(
            input=self.raw,
            canonical=f"{work_key}-{year}",
            level=Level.NATIONAL if letters in tables.NATIONAL_CODES else Level.INDUSTRY,
            nature=_NATURE_BY_SUFFIX[suffix],
            code=code,
            number=number,
            part=number.split(".", 1)[1] if "." in number else None,
            year=year,
            work_key=work_key,
        )

    def year(self, digits: str, *, chinese: bool, warn: bool = True) -> int:
        """The year written as ``digits``, checked against 1949 (or 1900) and against this year."""
        if len(digits) == 2:
            value = int(digits)
            if chinese:
                year = 1900 + value
                if year < tables.CHINESE_EARLIEST_YEAR:
                    raise self.fail("bad_year.two_digits", digits=digits)
            else:
                year = (2000 if value <= self.today.year % 100 else 1900) + value
            if warn:
                self.warn("two_digit_year", digits=digits, year=year)
        elif len(digits) == 4:
            year = int(digits)
        else:
            raise self.fail("bad_year", digits=digits)
        if chinese and year < tables.CHINESE_EARLIEST_YEAR:
            raise self.fail("bad_year.before_1949", year=year)
        if year < tables.OTHER_EARLIEST_YEAR:
            raise self.fail("bad_year.too_early", year=year)
        if year > self.today.year:
            raise self.fail("future_year", year=year)
        return year

    # Chinese numbers: national, industry, local, group and enterprise.

    def chinese(self, text: str) -> StandardNumber:
        amendment, amendment_year = None, None
        if found := tables.CN_AMENDMENT.search(text):
            amendment = f"XG{found['n']}"
            if found["year"]:
                amendment_year = self.year(found["year"], chinese=True)
                amendment += f"-{amendment_year}"
            text = text[: found.start()]
        adopted = None
        if found := tables.ADOPTION.search(text):
            adopted = self.international(found["adopted"]).canonical
            text = text[: found.start()]
        head = self.chinese_head(text)
        if not head.rest:
            raise self.fail("missing_number", code=head.code)
        match = head.pattern.fullmatch(head.rest)
        if match is None:
            raise self.fail("malformed", text=head.rest, code=head.code)
        number, year = match["number"], None
        if match["spaced_year"]:
            self.warn("spaced_year", digits=match["spaced_year"])
        if digits := match["year"] or match["spaced_year"]:
            year = self.year(digits, chinese=True)
        if amendment_year is not None and year is not None and amendment_year < year:
            raise self.fail("bad_year.amendment", amendment=amendment_year, year=year)
        work_key = head.display + number
        canonical = work_key + (f"-{year}" if year else "") + (f"/{adopted}" if adopted else "")
        return StandardNumber(
            input=self.raw,
            canonical=canonical + (f"/{amendment}" if amendment else ""),
            level=head.level,
            nature=head.nature,
            code=head.code,
            number=number,
            part=number.split(".", 1)[1] if "." in number else None,
            year=year,
            work_key=work_key,
            adopted=adopted,
            amendment=amendment,
            warnings=tuple(self.warnings),
        )

    def chinese_head(self, text: str) -> _Head:
        letters_match = tables.LETTERS.match(text)
        if letters_match is None:
            raise self.fail("missing_code", text=text)
        letters, rest = letters_match.group(), text[letters_match.end() :]
        if letters in ("T", "Q") and rest.startswith("/"):
            return self.organisation_head(letters, rest[1:])
        if letters == "DB" and (rest[:1].isdigit() or tables.SPACED_LOCAL.match(rest)):
            return self.local_head("DB" + rest.lstrip())  # DB 4420/T 23: a space typed after DB
        base, glued = letters, None
        if not _is_chinese_code(letters) and letters[-1] in "TZ" and _is_chinese_code(letters[:-1]):
            base, glued = letters[:-1], letters[-1]  # GBT 12771, QBT 1234: the slash was left out
        if not _is_chinese_code(base):
            if len(base) == 2 or (len(base) == 3 and base[-1] in "TZ"):
                raise self.fail("unknown_industry_code", code=base[:2])
            raise self.fail("unknown_prefix", prefix=base)
        match = tables.CN_SUFFIX.match(rest)
        assert match is not None  # every part of the pattern is optional
        written = match["slash"] or match["spaced"]
        if glued and written:
            raise self.fail("malformed.code", text=text[: letters_match.end() + 2])
        suffix = glued or written
        level = Level.NATIONAL if base in tables.NATIONAL_CODES else Level.INDUSTRY
        code = base + (f"/{suffix}" if suffix else "")
        return _Head(
            level, _NATURE_BY_SUFFIX[suffix], code, f"{code} ", rest[match.end() :], tables.CN_NUMBER
        )

    def local_head(self, text: str) -> _Head:
        match = tables.LOCAL.match(text)
        assert match is not None  # chinese_head checked for DB and a digit
        division = match["division"]
        if len(division) not in (2, 4):
            raise self.fail("malformed.local", digits=division)
        if not local_code_exists(division):
            raise self.fail("unknown_province", digits=division)
        suffix = match["slash"] or match["spaced"]
        code = f"DB{division}" + (f"/{suffix}" if suffix else "")
        display = f"{code} " if suffix else f"DB{division}/ "  # the old mandatory form: DB44/ 123-2010
        return _Head(
            Level.LOCAL, _NATURE_BY_SUFFIX[suffix], code, display, text[match.end() :], tables.CN_NUMBER
        )

    def organisation_head(self, letter: str, rest: str) -> _Head:
        level = Level.GROUP if letter == "T" else Level.ENTERPRISE
        if not rest:
            raise self.fail("missing_code.organisation", prefix=letter)
        match = tables.ORG_SPACED.fullmatch(rest) or tables.ORG_GLUED.fullmatch(rest)
        if match is None:
            if tables.ORG_ONLY.fullmatch(rest):
                return _Head(level, Nature.UNKNOWN, f"{letter}/{rest}", "", "", tables.ORG_NUMBER)
            raise self.fail("malformed.organisation", text=rest)
        code = f"{letter}/{match['org']}"
        return _Head(level, Nature.UNKNOWN, code, f"{code} ", match["rest"], tables.ORG_NUMBER)

    # International and foreign numbers.

    def international(self, text: str) -> StandardNumber:
        amendment = None
        if found := tables.INTL_AMENDMENT.search(text):
            amendment = ("Amd" if found["kind"] == "AMD" else "Cor") + f" {found['n']}"
            if found["year"]:
                amendment += f":{self.year(found['year'], chinese=False)}"
            text = text[: found.start()]
        match = tables.INTL.fullmatch(tables.INTL_LANGUAGE.sub("", text))
        if match is None:
            if tables.INTL_CODE_ONLY.fullmatch(text):
                raise self.fail("missing_number", code=text)
            raise self.fail("malformed.international", text=text)
        head, rev = match["head"], match["rev"]
        code = re.sub(r"[A-Z]+", lambda word: tables.CODE_WORD_SPELLING.get(word[0], word[0]), match["code"])
        series = match["series"] or ""
        letters = series.strip(" .")
        if letters:
            letters += "." if "." in series else " " if head in tables.SPACED_SERIES_HEADS else ""
        parts = match["parts"].split("-")[1:]
        digits = match["year"] or match["spaced_year"]
        if match["spaced_year"]:
            self.warn("spaced_year", digits=digits)
        if digits is None and parts:
            last = parts[-1]
            if (head == "ASTM" and len(last) in (2, 4)) or (
                head in tables.HYPHEN_YEAR_HEADS and len(last) == 4
            ):
                digits = parts.pop()
            elif len(last) == 4 and last[:2] in ("19", "20"):
                digits = parts.pop()
                self.warn("hyphen_year", digits=digits, code=head)
        if rev and not (head == "ASTM" and digits):
            raise self.fail("malformed.international", text=text)
        year = self.year(digits, chinese=False, warn=head != "ASTM") if digits else None
        number = letters + match["number"] + "".join(f"-{part}" for part in parts)
        work_key = f"{code} {number}"
        if year is None:
            dated = ""
        elif head == "ASTM":
            dated = f"-{digits}{(rev or '').lower()}"  # ASTM's own two-digit year and revision letter
        else:
            dated = f"-{year}" if head in tables.HYPHEN_YEAR_HEADS else f":{year}"
        return StandardNumber(
            input=self.raw,
            canonical=work_key + dated + (f"/{amendment}" if amendment else ""),
            level=Level.INTERNATIONAL if head in tables.INTERNATIONAL_HEADS else Level.FOREIGN,
            nature=Nature.UNKNOWN,
            code=code,
            number=number,
            part="-".join(parts) or None,
            year=year,
            work_key=work_key,
            amendment=amendment,
            warnings=tuple(self.warnings),
        )


# --- public API -----------------------------------------------------------------------------------


def parse(text: str, *, today: date | None = None) -> StandardNumber:
    """Read ``text`` as a standard number, or raise ``InvalidNumber`` saying what is wrong.

    Years are checked against ``today`` (default: the system date): none may be later, and Chinese
    ones not before 1949. Two-digit Chinese years are read as 19xx, with a warning.
    """
    found = _read_cached(text, today or date.today(), get_language())
    if isinstance(found, InvalidNumber):
        raise InvalidNumber(found.code, found.message, found.input)
    return found


def try_parse(text: str, *, today: date | None = None) -> StandardNumber | InvalidNumber:
    """``parse``, returning the error instead of raising it: for batch imports that count failures."""
    try:
        return parse(text, today=today)
    except InvalidNumber as error:
        return error


def reader(*, today: date | None = None) -> Callable[[str], StandardNumber | InvalidNumber]:
    """``try_parse`` with the date and the active language fixed once, for imports that read millions:
    looking the language up costs as much as a cached reading."""
    day, language = today or date.today(), get_language()
    return lambda text: _read_cached(text, day, language)


@lru_cache(maxsize=65536)
def _read_cached(text: str, today: date, language: str | None) -> StandardNumber | InvalidNumber:
    """One reading per input, date and language: an import reads each replacement number again
    (once as a row, once in the row that names it), and results are immutable."""
    try:
        return _Reader(text, today).read()
    except InvalidNumber as error:
        return error


def normalise(text: str) -> str:
    """The canonical spelling of ``text`` (``gbt12771—2019`` → ``GB/T 12771-2019``).

    Raises ``InvalidNumber``; years are checked against the system date.
    """
    return parse(text).canonical


def looks_like_number(text: str) -> bool:
    """Whether a search query looks like a standard number or the start of one.

    ``4706``, ``GB/T 1.1``, ``gbt12771`` and ``DB4420`` do; ``灯具``, ``LED`` and ``12`` do not.
    Cheap and lenient: no year or division check, so that search can route a query to number
    look-up while the user is still typing.
    """
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > tables.MAX_LENGTH or not set(cleaned) <= tables.ALLOWED_CHARACTERS:
        return False
    if cleaned[0].isdigit():
        digit_count = sum(ch.isdigit() for ch in cleaned)
        return bool(tables.LOOKS_DIGITS.fullmatch(cleaned)) and (digit_count >= 3 or "." in cleaned)
    if head := tables.INTL_HEAD.match(cleaned):
        return head.group() in tables.INTERNATIONAL_HEADS or any(ch.isdigit() for ch in cleaned)
    letters_match = tables.LETTERS.match(cleaned)
    if letters_match is None:
        return False
    letters, rest = letters_match.group(), cleaned[letters_match.end() :]
    if letters in ("T", "Q"):
        return rest.startswith("/")
    if letters == "DB" and rest[:1].isdigit():
        return bool(tables.LOOKS_LOCAL.fullmatch(rest))
    if _is_chinese_code(letters):
        base = letters
    elif letters[-1] in "TZ" and _is_chinese_code(letters[:-1]):
        base = letters[:-1]
    else:
        return False
    if not tables.LOOKS_TAIL.fullmatch(rest):
        return False
    # A bare industry code (QB, JT) is too short to tell from a word; GB alone is not.
    return base in tables.NATIONAL_CODES or base != letters or bool(rest)
