"""The standard-number grammar: table-driven over real and messy numbers, and fuzzed with generated ones.

No database: ``numbers.py`` is pure. Years are checked against a fixed ``TODAY`` so that the tables do
not age.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import FrozenInstanceError, dataclass
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.standards import number_codes, numbers
from biaozhun.standards.numbers import InvalidNumber, Level, Nature, StandardNumber, parse, try_parse

TODAY = date(2025, 6, 30)

N, IND, L, G, E, INTL, F = (
    Level.NATIONAL,
    Level.INDUSTRY,
    Level.LOCAL,
    Level.GROUP,
    Level.ENTERPRISE,
    Level.INTERNATIONAL,
    Level.FOREIGN,
)
M, R, GD, U = Nature.MANDATORY, Nature.RECOMMENDED, Nature.GUIDANCE, Nature.UNKNOWN


def full_width(text: str) -> str:
    """Text as a Chinese input method in full-width mode types it (ASCII → U+FF01…, space → U+3000)."""
    return "".join(
        "\u3000" if ch == " " else chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text
    )


def read(text: str) -> StandardNumber:
    return parse(text, today=TODAY)


# --- canonical numbers and their parts --------------------------------------------------------------

# (number, level, nature, code, number, part, year): every example of DOMAIN.md "Standard numbers",
# the forms of the brief, and numbers observed on the official platforms.
PARTS = [
    ("GB 4706.1-2005", N, M, "GB", "4706.1", "1", 2005),
    ("GB/T 1.1-2020", N, R, "GB/T", "1.1", "1", 2020),
    ("GB/Z 43082-2023", N, GD, "GB/Z", "43082", None, 2023),
    ("QB/T 1234-2019", IND, R, "QB/T", "1234", None, 2019),
    ("JT/T 795-2023", IND, R, "JT/T", "795", None, 2023),
    ("DB44/T 1234-2020", L, R, "DB44/T", "1234", None, 2020),
    ("DB4420/T 23-2022", L, R, "DB4420/T", "23", None, 2022),
    ("T/CAS 290-2017", G, U, "T/CAS", "290", None, 2017),
    ("ISO 9001:2015", INTL, U, "ISO", "9001", None, 2015),
    ("IEC 60335-1:2020", INTL, U, "IEC", "60335-1", "1", 2020),
    ("GB 2760-1986", N, M, "GB", "2760", None, 1986),
    ("GB/T 12771", N, R, "GB/T", "12771", None, None),
    ("GB 3100-1993", N, M, "GB", "3100", None, 1993),
    ("GB 30000.3-2013", N, M, "GB", "30000.3", "3", 2013),
    ("GB/T 5606.1-2004", N, R, "GB/T", "5606.1", "1", 2004),
    ("CY/T 154-2017", IND, R, "CY/T", "154", None, 2017),
    ("YY 0505-2012", IND, M, "YY", "0505", None, 2012),
    ("HG/Z 1-2010", IND, GD, "HG/Z", "1", None, 2010),
    ("DB/T 1-2008", IND, R, "DB/T", "1", None, 2008),
    ("DB 1234-2008", IND, M, "DB", "1234", None, 2008),  # the seismic industry, not a local code
    ("DB44/Z 1-2020", L, GD, "DB44/Z", "1", None, 2020),
    ("DB6106/T 209-2023", L, R, "DB6106/T", "209", None, 2023),
    ("DB44/ 123-2010", L, M, "DB44", "123", None, 2010),
    ("DB11/T 1234-2024", L, R, "DB11/T", "1234", None, 2024),
    ("GBZ 2.1-2019", N, M, "GBZ", "2.1", "1", 2019),
    ("GBZ/T 229.1-2010", N, R, "GBZ/T", "229.1", "1", 2010),
    ("GBJ 16-1987", N, M, "GBJ", "16", None, 1987),
    ("GJB 150A-2009", N, M, "GJB", "150A", None, 2009),
    ("T/ZS-ABC 12-2021", G, U, "T/ZS-ABC", "12", None, 2021),
    ("Q/ZSDQ 001-2023", E, U, "Q/ZSDQ", "001", None, 2023),
    ("Q/320585 XYZ 01-2020", E, U, "Q/320585 XYZ", "01", None, 2020),
    ("Q/HBJ 0001S-2016", E, U, "Q/HBJ", "0001S", None, 2016),
    ("ISO 690:2021", INTL, U, "ISO", "690", None, 2021),
    ("ISO/IEC 27001:2022", INTL, U, "ISO/IEC", "27001", None, 2022),
    ("ISO/TS 16949:2009", INTL, U, "ISO/TS", "16949", None, 2009),
    ("IEC TR 62471-2:2009", INTL, U, "IEC TR", "62471-2", "2", 2009),
    ("IEC 60335-2-24:2020", INTL, U, "IEC", "60335-2-24", "2-24", 2020),
    ("ISO/IEC Guide 2:2004", INTL, U, "ISO/IEC Guide", "2", None, 2004),
    ("ITU-T X.509", INTL, U, "ITU-T", "X.509", None, None),
    ("EN 60335-1:2012", F, U, "EN", "60335-1", "1", 2012),
    ("EN ISO 13849-1:2015", F, U, "EN ISO", "13849-1", "1", 2015),
    ("DIN EN ISO 9001:2015", F, U, "DIN EN ISO", "9001", None, 2015),
    ("BS EN 60335-1:2012", F, U, "BS EN", "60335-1", "1", 2012),
    ("ASTM D638-14", F, U, "ASTM", "D638", None, 2014),
    ("ASTM E84-21a", F, U, "ASTM", "E84", None, 2021),
    ("ASTM D638-99", F, U, "ASTM", "D638", None, 1999),
    ("JIS C 8105-1:2010", F, U, "JIS", "C 8105-1", "1", 2010),
    ("IEEE 802.3-2018", F, U, "IEEE", "802.3", None, 2018),
    ("UL 94", F, U, "UL", "94", None, None),
    ("ANSI/UL 1598", F, U, "ANSI/UL", "1598", None, None),
    ("NF C 15-100", F, U, "NF", "C 15-100", "100", None),
]


@pytest.mark.parametrize(("text", "level", "nature", "code", "number", "part", "year"), PARTS)
def test_every_example_number_is_read_with_its_level_nature_code_number_part_and_year(
    text: str, level: Level, nature: Nature, code: str, number: str, part: str | None, year: int | None
) -> None:
    parsed = read(text)
    assert parsed.canonical == text
    assert (parsed.level, parsed.nature, parsed.code) == (level, nature, code)
    assert (parsed.number, parsed.part, parsed.year) == (number, part, year)
    assert parsed.input == text
    assert str(parsed) == text


@pytest.mark.parametrize("text", [row[0] for row in PARTS])
def test_every_canonical_number_starts_with_its_work_key(text: str) -> None:
    parsed = read(text)
    assert text.startswith(parsed.work_key)
    assert parsed.work_key.strip() == parsed.work_key
    assert parsed.is_dated == (parsed.year is not None)


# --- messy input ------------------------------------------------------------------------------------

MESSY = [
    ("ＧＢ／Ｔ　１２３４—２０１９", "GB/T 1234-2019"),
    (full_width("GB/T 1.1-2020"), "GB/T 1.1-2020"),
    ("GB/T 12771—2019", "GB/T 12771-2019"),
    ("GB/T 12771–2019", "GB/T 12771-2019"),
    ("GB/T 12771－2019", "GB/T 12771-2019"),
    ("GB/T 12771_2019", "GB/T 12771-2019"),
    ("GB/T 12771一2019", "GB/T 12771-2019"),
    ("GB/T 12771 - 2019", "GB/T 12771-2019"),
    ("GBT 12771", "GB/T 12771"),
    ("GB T 12771", "GB/T 12771"),
    ("GB / T 12771", "GB/T 12771"),
    ("GB_T_12771-2019", "GB/T 12771-2019"),
    ("gbt12771", "GB/T 12771"),
    ("GB/T12771-2019", "GB/T 12771-2019"),
    ("GB2760—2014", "GB 2760-2014"),
    ("gb/t 1.1-2020", "GB/T 1.1-2020"),
    ("  GB/T 1.1-2020\t", "GB/T 1.1-2020"),
    ("《GB/T 1.1-2020》", "GB/T 1.1-2020"),
    ("【GB/T 1.1-2020】", "GB/T 1.1-2020"),
    ("[GB/T 1.1-2020]", "GB/T 1.1-2020"),
    ("（GB/T 1.1-2020）", "GB/T 1.1-2020"),
    ("“GB/T 1.1-2020”。", "GB/T 1.1-2020"),
    ("GB/T\u200b 1.1-2020", "GB/T 1.1-2020"),
    ("GB 2760-86", "GB 2760-1986"),
    ("GBZ 2.1-2019", "GBZ 2.1-2019"),
    ("GB Z 43082-2023", "GB/Z 43082-2023"),
    ("QBT 1234-2019", "QB/T 1234-2019"),
    ("jt/t795-2023", "JT/T 795-2023"),
    ("DB4420T 23-2022", "DB4420/T 23-2022"),
    ("db4420/t23—2022", "DB4420/T 23-2022"),
    ("DB44 T 1234-2020", "DB44/T 1234-2020"),
    ("DB44/123-2010", "DB44/ 123-2010"),
    ("DB44 123-2010", "DB44/ 123-2010"),
    ("DB 4420/T 23-2022", "DB4420/T 23-2022"),
    ("DB 44 T 1234-2020", "DB44/T 1234-2020"),
    ("GB/T 1.1-2020/", "GB/T 1.1-2020"),
    ("t/cas 290-2017", "T/CAS 290-2017"),
    ("T/CAS290-2017", "T/CAS 290-2017"),
    ("Ｑ／ＺＳＤＱ　００１－２０２３", "Q/ZSDQ 001-2023"),
    ("q/320585 xyz 01-2020", "Q/320585 XYZ 01-2020"),
    ("iso 9001:2015", "ISO 9001:2015"),
    ("ISO9001：2015", "ISO 9001:2015"),
    ("ISO 9001 : 2015", "ISO 9001:2015"),
    ("ISO 9001-2015", "ISO 9001:2015"),
    ("ISO 9001:2015(E)", "ISO 9001:2015"),
    ("ISO/IEC 27001：2022", "ISO/IEC 27001:2022"),
    ("IEC 60335—1:2020", "IEC 60335-1:2020"),
    ("ASTM D 638-14", "ASTM D638-14"),
    ("astm e84-21a", "ASTM E84-21a"),
    ("JIS C8105-1:2010", "JIS C 8105-1:2010"),
    ("IEEE Std 802.11-2020", "IEEE 802.11-2020"),
    ("GB/T 19001-2016/ISO 9001:2015", "GB/T 19001-2016/ISO 9001:2015"),
    ("GB/T 19001-2016 idt ISO 9001:2015", "GB/T 19001-2016/ISO 9001:2015"),
    ("GB/T 19001—2016/ISO 9001：2015", "GB/T 19001-2016/ISO 9001:2015"),
    ("GB/T 19001-2016 (ISO 9001:2015, IDT)", "GB/T 19001-2016/ISO 9001:2015"),
    ("GB/T 19001-2016（ISO 9001:2015，IDT）", "GB/T 19001-2016/ISO 9001:2015"),
    ("GB 4706.1-2005/XG1-2006", "GB 4706.1-2005/XG1-2006"),
    ("GB 4706.1-2005 XG1-2006", "GB 4706.1-2005/XG1-2006"),
    ("GB 4706.1-2005/xg1", "GB 4706.1-2005/XG1"),
    ("ISO 9001:2015/Amd 1:2024", "ISO 9001:2015/Amd 1:2024"),
    ("ISO 9001:2015/AMD1:2024", "ISO 9001:2015/Amd 1:2024"),
]


@pytest.mark.parametrize(("text", "canonical"), MESSY)
def test_messy_input_is_read_as_its_canonical_form(text: str, canonical: str) -> None:
    parsed = read(text)
    assert parsed.canonical == canonical
    assert parsed.input == text
    assert read(canonical).canonical == canonical


@pytest.mark.parametrize(
    ("text", "work_key"),
    [
        ("GB 4706.1-2005", "GB 4706.1"),
        ("GB 4706.1-2005/XG1-2006", "GB 4706.1"),
        ("GB/T 1.1-2020", "GB/T 1.1"),
        ("GB/T 1.1-2009", "GB/T 1.1"),
        ("GB/T 19001-2016/ISO 9001:2015", "GB/T 19001"),
        ("ISO 9001:2015", "ISO 9001"),
        ("ISO 9001:2015/Amd 1:2024", "ISO 9001"),
        ("IEC 60335-1:2020", "IEC 60335-1"),
        ("ASTM D638-14", "ASTM D638"),
        ("DB44/ 123-2010", "DB44/ 123"),
        ("DB4420/T 23-2022", "DB4420/T 23"),
        ("Q/320585 XYZ 01-2020", "Q/320585 XYZ 01"),
        ("GB/T 12771", "GB/T 12771"),
    ],
)
def test_the_work_key_groups_all_editions_of_one_work(text: str, work_key: str) -> None:
    assert read(text).work_key == work_key


def test_editions_of_one_work_share_a_work_key_however_they_are_typed() -> None:
    keys = {
        read(text).work_key for text in ("GB/T 12771-2019", "gbt 12771—2008", "GB T 12771", "GB/T12771-2000")
    }
    assert keys == {"GB/T 12771"}


def test_an_adopted_international_number_is_kept_apart_in_canonical_form() -> None:
    parsed = read("GB/T 19001-2016 idt iso 9001：2015")
    assert parsed.adopted == "ISO 9001:2015"
    assert (parsed.code, parsed.number, parsed.year) == ("GB/T", "19001", 2016)
    assert read("GB/T 4706.1-2005/IEC 60335-1:2004").adopted == "IEC 60335-1:2004"
    assert read("GB/T 20000.1-2014/ISO/IEC Guide 2:2004").adopted == "ISO/IEC Guide 2:2004"


def test_an_amendment_is_kept_apart_and_printed_last() -> None:
    parsed = read("GB 4706.1-2005/XG1-2006")
    assert (parsed.amendment, parsed.year, parsed.adopted) == ("XG1-2006", 2005, None)
    assert read("ISO 9001:2015/Amd 1:2024").amendment == "Amd 1:2024"
    assert read("GB 4706.1-2005").amendment is None


def test_a_two_digit_chinese_year_is_read_as_19xx_with_a_warning() -> None:
    parsed = read("GB 2760-86")
    assert (parsed.canonical, parsed.year) == ("GB 2760-1986", 1986)
    assert len(parsed.warnings) == 1
    assert "86" in parsed.warnings[0] and "1986" in parsed.warnings[0]


def test_astm_keeps_its_own_two_digit_year_without_a_warning() -> None:
    parsed = read("ASTM D638-14")
    assert (parsed.canonical, parsed.year, parsed.warnings) == ("ASTM D638-14", 2014, ())


def test_a_year_after_a_hyphen_in_an_iso_number_is_read_with_a_warning() -> None:
    parsed = read("ISO 9001-2015")
    assert (parsed.canonical, parsed.part) == ("ISO 9001:2015", None)
    assert parsed.warnings


def test_a_clean_number_has_no_warnings() -> None:
    assert read("GB/T 1.1-2020").warnings == ()


def test_an_undated_reference_has_no_year_and_is_not_dated() -> None:
    parsed = read("GB/T 12771")
    assert parsed.year is None
    assert not parsed.is_dated
    assert read("GB/T 12771-2019").is_dated


def test_a_parsed_number_cannot_be_changed() -> None:
    parsed = read("GB/T 1.1-2020")
    with pytest.raises(FrozenInstanceError):
        parsed.year = 2021  # type: ignore[misc]


def test_normalise_returns_the_canonical_form() -> None:
    assert numbers.normalise("gbt12771—2019") == "GB/T 12771-2019"


# --- invalid numbers --------------------------------------------------------------------------------

INVALID = [
    ("", "empty"),
    ("   ", "empty"),
    ("《》", "empty"),
    ("XX/T 1234-2019", "unknown_industry_code"),
    ("XX 1234-2019", "unknown_industry_code"),
    ("XXT 1234-2019", "unknown_industry_code"),
    ("JGJ 3-2010", "unknown_prefix"),
    ("ABCD 123", "unknown_prefix"),
    ("DB99/T 1-2020", "unknown_province"),
    ("DB4499/T 1-2020", "unknown_province"),
    ("DB1101/T 1-2020", "unknown_province"),  # 110100 is 北京 市辖区, not a prefecture
    ("DB4400/T 1-2020", "unknown_province"),
    ("DB441/T 1-2020", "malformed"),
    ("DB44123-2010", "malformed"),
    ("GB/T 1234-2099", "future_year"),
    ("GB/T 1234-2026", "future_year"),
    ("ISO 9001:2030", "future_year"),
    ("GB/T 19001-2016/ISO 9001:2030", "future_year"),
    ("GB 4706.1-2005/XG1-2030", "future_year"),
    ("GB/T 1234-1948", "bad_year"),
    ("GB/T 12771-19", "bad_year"),  # 1919: a two-digit year after 1999 cannot be told apart
    ("GB/T 12771-201", "bad_year"),
    ("GB/T 12771-20190", "bad_year"),
    ("ISO 9001:1899", "bad_year"),
    ("GB 4706.1-2005/XG1-2003", "bad_year"),
    ("GB/T", "missing_number"),
    ("GB/T -", "missing_number"),
    ("DB44/T", "missing_number"),
    ("DB4420", "missing_number"),
    ("T/CAS", "missing_number"),
    ("ISO", "missing_number"),
    ("ISO/IEC", "missing_number"),
    ("T/", "missing_code"),
    ("Q/", "missing_code"),
    ("4706.1-2005", "missing_code"),
    ("GB/T 1.1-2020 标准化工作导则", "illegal_character"),
    ("GB/T 1.1#2020", "illegal_character"),
    ("GB/T 1.1-2020?", "illegal_character"),
    ("GBT/T 1234", "malformed"),
    ("GB/T 1.1.-2020", "malformed"),
    ("GB/T ABC", "malformed"),
    ("ISO ABCD", "malformed"),
    ("ISO 9001A", "malformed"),
    ("T/CAS 290-17", "bad_year"),
    ("GB/T " + "1" * 200, "too_long"),
]


@pytest.mark.parametrize(("text", "error_code"), INVALID)
def test_each_broken_rule_is_reported_with_its_own_error_code(text: str, error_code: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        read(text)
    assert caught.value.code == error_code
    assert caught.value.code in numbers.ERROR_CODES
    assert caught.value.message
    assert str(caught.value) == caught.value.message
    assert caught.value.input == text


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("XX/T 1234-2019", "XX"),
        ("DB99/T 1-2020", "99"),
        ("DB4499/T 1-2020", "4499"),
        ("GB/T 1234-2099", "2099"),
        ("GB/T 1234-1948", "1948"),
        ("JGJ 3-2010", "JGJ"),
        ("GB/T 1.1#2020", "#"),
        ("T/CAS", "T/CAS"),
    ],
)
def test_the_message_in_chinese_names_what_is_wrong(text: str, named: str) -> None:
    with translation.override("zh-hans"), pytest.raises(InvalidNumber) as caught:
        read(text)
    assert named in caught.value.message


def test_try_parse_returns_the_error_instead_of_raising_it() -> None:
    error = try_parse("XX/T 1234-2019", today=TODAY)
    assert isinstance(error, InvalidNumber)
    assert error.code == "unknown_industry_code"
    parsed = try_parse("GB/T 1.1-2020", today=TODAY)
    assert isinstance(parsed, StandardNumber)


def test_the_future_is_measured_from_the_given_date() -> None:
    assert parse("GB/T 1234-2025", today=date(2025, 1, 1)).year == 2025
    with pytest.raises(InvalidNumber, match="2025"):
        parse("GB/T 1234-2025", today=date(2024, 12, 31))


def test_without_a_date_the_future_is_measured_from_today() -> None:
    next_year = date.today().year + 1
    assert parse(f"GB/T 1234-{date.today().year}").year == date.today().year
    assert isinstance(try_parse(f"GB/T 1234-{next_year}"), InvalidNumber)


# --- code lists -------------------------------------------------------------------------------------


def test_industry_codes_come_from_the_shipped_list() -> None:
    codes = numbers.industry_codes()
    assert {"QB", "JT", "CY", "YY", "DB", "NB", "RB"} <= codes
    assert "GB" not in codes
    assert len(codes) >= 70


@pytest.mark.parametrize(
    ("digits", "exists"),
    [
        ("44", True),
        ("11", True),
        ("4420", True),
        ("6106", True),
        ("1301", True),
        ("99", False),
        ("4499", False),
        ("1101", False),
        ("4400", False),
        ("4290", False),
    ],
)
def test_local_codes_are_provinces_and_prefectures_of_gb_t_2260(digits: str, exists: bool) -> None:
    assert numbers.local_code_exists(digits) is exists


@pytest.fixture
def fresh_code_lists() -> Iterator[None]:
    numbers.industry_codes.cache_clear()
    yield
    numbers.industry_codes.cache_clear()


def test_the_industry_code_column_is_found_by_its_header_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_code_lists: None
) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("\ufeffindustry_zh, Code ,source\n轻工,QB,x\n测试,ZZ,y\n", encoding="utf-8")
    monkeypatch.setattr(numbers, "INDUSTRY_CODES_FILE", path)
    assert numbers.industry_codes() == {"QB", "ZZ"}
    assert read("ZZ/T 1-2020").code == "ZZ/T"


def test_a_code_list_without_the_code_column_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_code_lists: None
) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("industry_zh,source\n轻工,x\n", encoding="utf-8")
    monkeypatch.setattr(numbers, "INDUSTRY_CODES_FILE", path)
    with pytest.raises(LookupError, match="code"):
        numbers.industry_codes()


# --- looks_like_number ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "4706",
        "4706.1",
        "1.1",
        "12771-2019",
        "GB",
        "gb/t",
        "GB/T 1.1",
        "gbt12771",
        "GB T 12771",
        "QB/T",
        "QBT 1",
        "QB 1234",
        "DB44",
        "DB4420",
        "db4420/t 23",
        "DB44/ 123",
        "T/",
        "T/CAS",
        "t/cas 290",
        "Q/ZSDQ",
        "ISO",
        "iso 9001",
        "IEC 60335-1",
        "ISO/IEC 27001",
        "EN 60335",
        "UL 94",
        "ASTM D638",
        "ＧＢ／Ｔ　１２３４",
        "《GB/T 1.1-2020》",
        "GB/T 19001-2016/ISO 9001:2015",
    ],
)
def test_a_query_that_is_or_starts_a_number_looks_like_one(text: str) -> None:
    assert numbers.looks_like_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "12",
        "灯具",
        "led 灯具",
        "LED",
        "lamp",
        "QB",
        "TB",
        "T",
        "EN",
        "standard",
        "GB 灯具",
        "Q",
        "ABC 123",
    ],
)
def test_words_and_short_numbers_do_not_look_like_a_number(text: str) -> None:
    assert not numbers.looks_like_number(text)


# --- properties -------------------------------------------------------------------------------------

LOCAL_DIVISIONS = [
    code
    for code in [f"{n:02d}" for n in range(100)] + [f"{n:04d}" for n in range(10000)]
    if numbers.local_code_exists(code)
]
# Words an organisation code must not be in generated numbers: they would start an adopted number.
HEAD_WORDS = {*number_codes.INTERNATIONAL_HEADS, *number_codes.FOREIGN_HEADS, *number_codes.ADOPTION_DEGREES}
DASHES = st.sampled_from(["-", "—", "–", "－", "_", " - ", "‐"])
COLONS = st.sampled_from([":", "：", " : ", ": "])


@dataclass(frozen=True)
class Generated:
    """A valid number as generated: its canonical spelling, its parts, and a messy way to type it."""

    canonical: str
    messy: str
    level: Level
    nature: Nature
    code: str
    number: str
    year: int | None


def chinese_numbers() -> st.SearchStrategy[str]:
    base = st.text("0123456789", min_size=1, max_size=5)
    return st.tuples(base, st.one_of(st.just(""), st.integers(1, 30).map(lambda n: f".{n}"))).map("".join)


def org_codes(*, allow_digits: bool) -> st.SearchStrategy[str]:
    word = st.text("ABCDEFGHJKLMNPQRSTWXYZ", min_size=2, max_size=6).filter(
        lambda w: w not in HEAD_WORDS and not w.startswith("XG")
    )
    if not allow_digits:
        return st.one_of(word, st.tuples(word, word).map("-".join))
    return st.one_of(word, st.tuples(st.text("0123456789", min_size=6, max_size=6), word).map(" ".join))


@st.composite
def chinese_year(draw: st.DrawFn) -> tuple[int | None, str]:
    """A year and how it is typed: four digits, or two for 1949–1999, or none."""
    year = draw(st.one_of(st.none(), st.integers(1949, TODAY.year)))
    if year is None:
        return None, ""
    digits = str(year)[2:] if year < 2000 and draw(st.booleans()) else str(year)
    return year, draw(DASHES) + digits


def messy_case_and_width(draw: st.DrawFn, text: str) -> str:
    if draw(st.booleans()):
        text = text.lower()
    if draw(st.booleans()):
        text = full_width(text)
    before, after = draw(st.sampled_from([("", ""), ("《", "》"), (" ", "  "), ("(", ")"), ("【", "】")]))
    return before + text + after


@st.composite
def national_or_industry(draw: st.DrawFn) -> Generated:
    industry = draw(st.booleans())
    if industry:
        base = draw(st.sampled_from(sorted(numbers.industry_codes())))
    else:
        base = draw(st.sampled_from(["GB", "GB", "GB", "GBZ", "GBJ", "GSB", "GJB"]))  # mostly GB
    suffix = draw(st.sampled_from(["", "T", "Z"]))
    number = draw(chinese_numbers())
    year, typed_year = draw(chinese_year())
    code = base + (f"/{suffix}" if suffix else "")
    if suffix and (base + suffix) not in numbers.industry_codes() | number_codes.NATIONAL_CODES:
        typed_code = draw(st.sampled_from([code, base + suffix, f"{base} {suffix}", f"{base} / {suffix}"]))
    else:
        typed_code = code  # GB and Z glued is GBZ, another code
    # The seismic industry's bare DB glued to its number would read as a local code (DB1234).
    gap = draw(st.sampled_from([" ", "", "  "])) if base != "DB" or typed_code != base else " "
    adopted = draw(
        st.one_of(st.none(), st.sampled_from(["ISO 9001:2015", "IEC 60335-1:2010", "ISO/IEC 27001"]))
    )
    amendment = draw(st.one_of(st.none(), st.just("XG1")))
    canonical = f"{code} {number}" + (f"-{year}" if year else "")
    messy = f"{typed_code}{gap}{number}{typed_year}"
    if adopted:
        canonical += f"/{adopted}"
        messy += draw(st.sampled_from(["/", " IDT ", "/"])) + adopted.replace(":", draw(COLONS))
    if amendment:
        canonical += f"/{amendment}"
        messy += draw(st.sampled_from(["/", " "])) + amendment
    nature = {"": M, "T": R, "Z": GD}[suffix]
    level = IND if industry else N
    return Generated(canonical, messy_case_and_width(draw, messy), level, nature, code, number, year)


@st.composite
def local(draw: st.DrawFn) -> Generated:
    division = draw(st.sampled_from(LOCAL_DIVISIONS))
    recommended = draw(st.booleans())
    number = draw(st.text("0123456789", min_size=1, max_size=4))
    year, typed_year = draw(chinese_year())
    if recommended:
        code, display = f"DB{division}/T", f"DB{division}/T "
        typed = draw(
            st.sampled_from([f"DB{division}/T ", f"DB{division}/T", f"DB{division}T", f"DB{division} T "])
        )
    else:
        code, display = f"DB{division}", f"DB{division}/ "
        typed = draw(st.sampled_from([f"DB{division}/ ", f"DB{division}/", f"DB{division} "]))
    canonical = display + number + (f"-{year}" if year else "")
    messy = messy_case_and_width(draw, typed + number + typed_year)
    return Generated(canonical, messy, L, R if recommended else M, code, number, year)


@st.composite
def group_or_enterprise(draw: st.DrawFn) -> Generated:
    group = draw(st.booleans())
    org = draw(org_codes(allow_digits=not group))
    letter = "T" if group else "Q"
    number = draw(st.text("0123456789", min_size=1, max_size=5))
    year = draw(st.one_of(st.none(), st.integers(2000, TODAY.year)))
    gap = draw(st.sampled_from([" ", "  ", ""])) if org.isalpha() or "-" in org else " "
    canonical = f"{letter}/{org} {number}" + (f"-{year}" if year else "")
    messy = f"{letter}/{org}{gap}{number}" + (draw(DASHES) + str(year) if year else "")
    return Generated(
        canonical, messy_case_and_width(draw, messy), G if group else E, U, f"{letter}/{org}", number, year
    )


@st.composite
def international_or_foreign(draw: st.DrawFn) -> Generated:
    year = draw(st.one_of(st.none(), st.integers(1950, TODAY.year)))
    kind = draw(
        st.sampled_from(
            ["ISO", "IEC", "ISO/IEC", "ISO/TS", "EN", "EN ISO", "DIN EN ISO", "BS EN", "JIS", "ASTM", "IEEE"]
        )
    )
    base = draw(st.integers(1, 99999).map(str))
    parts = draw(st.lists(st.integers(1, 99).map(str), max_size=2)) if kind not in ("ASTM", "IEEE") else []
    number = base + "".join(f"-{p}" for p in parts)
    typed_number = base + "".join(draw(DASHES) + p for p in parts)
    gap = draw(st.sampled_from([" ", "", "  "]))
    if kind == "JIS":
        series = draw(st.sampled_from("ABCDEFGHKLMPQRSTWXZ"))  # the JIS divisions
        number, typed_number, gap = (
            f"{series} {number}",
            f"{series}{draw(st.sampled_from([' ', '']))}{typed_number}",
            " ",
        )
    if kind == "ASTM":
        series = draw(st.sampled_from("ABCDEFG"))
        number, typed_number, gap = (
            f"{series}{number}",
            f"{series}{draw(st.sampled_from([' ', '']))}{typed_number}",
            " ",
        )
        year = year if year is None else draw(st.integers(TODAY.year - 98, TODAY.year))
    if year is None:
        dated = typed = ""
    elif kind == "ASTM":
        dated = typed = f"-{str(year)[2:]}"
    elif kind == "IEEE":
        dated, typed = f"-{year}", draw(DASHES) + str(year)
    else:
        dated, typed = f":{year}", draw(COLONS) + str(year)
    canonical = f"{kind} {number}{dated}"
    messy = messy_case_and_width(draw, f"{kind}{gap}{typed_number}{typed}")
    level = INTL if kind.startswith("I") and kind != "IEEE" else F
    return Generated(canonical, messy, level, U, kind, number, year)


GENERATED = st.one_of(national_or_industry(), local(), group_or_enterprise(), international_or_foreign())


@given(GENERATED)
def test_any_messy_spelling_of_a_valid_number_is_read_as_its_canonical_form(example: Generated) -> None:
    parsed = parse(example.messy, today=TODAY)
    assert parsed.canonical == example.canonical
    assert (parsed.level, parsed.nature, parsed.code) == (example.level, example.nature, example.code)
    assert (parsed.number, parsed.year) == (example.number, example.year)


@given(GENERATED)
def test_normalising_twice_gives_the_same_as_normalising_once(example: Generated) -> None:
    once = numbers.normalise(example.messy)
    assert numbers.normalise(once) == once


@given(GENERATED)
def test_a_canonical_form_reads_back_as_itself_with_the_same_parts(example: Generated) -> None:
    first = parse(example.messy, today=TODAY)
    again = parse(first.canonical, today=TODAY)
    assert again.canonical == first.canonical
    assert (again.level, again.nature, again.code) == (first.level, first.nature, first.code)
    assert (again.number, again.part, again.year) == (first.number, first.part, first.year)
    assert (again.work_key, again.adopted, again.amendment) == (
        first.work_key,
        first.adopted,
        first.amendment,
    )


@given(GENERATED)
def test_every_valid_number_looks_like_a_number_to_search(example: Generated) -> None:
    assert numbers.looks_like_number(example.messy)
    assert numbers.looks_like_number(example.canonical)


@given(st.text(max_size=60))
def test_any_text_is_either_a_number_or_an_invalid_number_never_another_error(text: str) -> None:
    result = try_parse(text, today=TODAY)
    if isinstance(result, InvalidNumber):
        assert result.code in numbers.ERROR_CODES
        assert result.message
    else:
        assert parse(result.canonical, today=TODAY).canonical == result.canonical
    numbers.looks_like_number(text)  # never raises either


@given(st.text(alphabet="GBTQDISOEC/ -.:0123456789", max_size=30))
def test_near_miss_text_never_raises_anything_but_invalid_number(text: str) -> None:
    result = try_parse(text, today=TODAY)
    if not isinstance(result, InvalidNumber):
        assert numbers.normalise(result.canonical) == result.canonical


_PLAIN_CODES = sorted(number_codes.NATIONAL_CODES | numbers.industry_codes() | {"DB", "T", "Q"})


@given(
    code=st.sampled_from(_PLAIN_CODES),
    suffix=st.sampled_from(["", "/T", "/Z"]),
    number=st.from_regex(r"[0-9]{1,5}(\.[0-9]{1,2}){0,2}", fullmatch=True),
    year=st.integers(min_value=1940, max_value=2030),
)
def test_the_one_step_reading_of_a_plain_number_gives_what_the_full_grammar_gives(
    code: str, suffix: str, number: str, year: int
) -> None:
    text = f"{code}{suffix} {number}-{year}"
    quick = numbers._Reader(text, TODAY)
    slow = numbers._Reader(text, TODAY)
    try:
        expected: object = slow.chinese(text)
    except numbers.InvalidNumber as error:
        expected = error.code
    try:
        got: object = quick.read()
    except numbers.InvalidNumber as error:
        got = error.code
    assert got == expected
