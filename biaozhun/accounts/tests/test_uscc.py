"""The unified social credit code rules of GB 32100-2015, table-driven and fuzzed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.accounts import uscc
from biaozhun.accounts.tests.factories import make_uscc

VALID = "91350100M000100Y43"


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


@pytest.mark.parametrize(
    "code",
    [
        VALID,
        "91110000802100433B",
        make_uscc(1),
        make_uscc(4_200_321),
        make_uscc(77, division="110105"),
    ],
)
def test_real_and_generated_codes_are_valid(code: str) -> None:
    assert uscc.parse(code).value == code
    assert uscc.is_valid(code)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("91350100m000100y43", VALID),
        (full_width(VALID), VALID),
        (" 9135 0100 M000 100Y43 ", VALID),
        ("913501-00M000-100Y43", VALID),
        (full_width("91350100m000100y43"), VALID),
        ("\t91110000802100433b\n", "91110000802100433B"),
    ],
)
def test_lowercase_full_width_and_spaced_input_is_normalised_and_accepted(raw: str, expected: str) -> None:
    assert uscc.parse(raw).value == expected


def test_parts_of_a_code_are_named() -> None:
    code = uscc.parse(VALID)
    assert (code.registration_authority, code.organisation_type) == ("9", "1")
    assert code.division_code == "350100"
    assert code.organisation_code == "M000100Y4"
    assert str(code) == VALID


def _with(code: str, position: int, char: str) -> str:
    return code[:position] + char + code[position + 1 :]


@pytest.mark.parametrize(
    ("raw", "error_code"),
    [
        (_with(VALID, 17, "4"), "check_character"),
        (_with("91110000802100433B", 17, "C"), "check_character"),
        (VALID[:17], "length"),
        (VALID + "0", "length"),
        ("", "length"),
        (_with(VALID, 10, "I"), "unused_letter"),
        (_with(VALID, 10, "O"), "unused_letter"),
        (_with(VALID, 10, "Z"), "unused_letter"),
        (_with(VALID, 10, "S"), "unused_letter"),
        (_with(VALID, 10, "V"), "unused_letter"),
        (_with(VALID, 5, "#"), "illegal_character"),
        (_with(VALID, 9, "中"), "illegal_character"),
        (_with(VALID, 3, "A"), "division"),
    ],
)
def test_each_broken_rule_is_reported_with_its_own_code(raw: str, error_code: str) -> None:
    with pytest.raises(uscc.USCCError) as caught:
        uscc.parse(raw)
    assert caught.value.code == error_code
    assert caught.value.message
    assert not uscc.is_valid(raw)


def test_every_failure_code_is_distinct_and_has_a_distinct_message() -> None:
    samples = {
        "length": VALID[:17],
        "unused_letter": _with(VALID, 10, "I"),
        "illegal_character": _with(VALID, 5, "#"),
        "division": _with(VALID, 3, "A"),
        "check_character": _with(VALID, 17, "4"),
    }
    messages = {}
    for expected, raw in samples.items():
        with pytest.raises(uscc.USCCError) as caught:
            uscc.parse(raw)
        assert caught.value.code == expected
        messages[expected] = caught.value.message
    assert len(set(messages.values())) == len(samples)


def test_the_check_character_message_names_the_expected_character() -> None:
    with pytest.raises(uscc.USCCError) as caught:
        uscc.parse(_with(VALID, 17, "4"))
    assert "3" in caught.value.message and "4" in caught.value.message


# --- properties -------------------------------------------------------------------------------

alphabet_char = st.sampled_from(uscc.ALPHABET)
digit = st.sampled_from("0123456789")

# Characters 3 to 8 are the GB/T 2260 division code, which must be digits; the other fifteen
# of the first seventeen may be any character of the alphabet.
first17 = st.tuples(
    st.text(alphabet=uscc.ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=uscc.ALPHABET, min_size=9, max_size=9),
).map("".join)


@given(first17)
def test_any_seventeen_characters_with_the_computed_check_character_are_valid(body: str) -> None:
    code = body + uscc.check_character(body)
    assert uscc.parse(code).value == code


@given(first17, st.integers(min_value=0, max_value=17), alphabet_char)
def test_changing_any_single_character_makes_a_valid_code_invalid(body: str, position: int, new: str) -> None:
    code = body + uscc.check_character(body)
    if code[position] == new:
        new = uscc.ALPHABET[(uscc.ALPHABET.index(new) + 1) % len(uscc.ALPHABET)]
    changed = _with(code, position, new)
    assert not uscc.is_valid(changed)


@given(st.text(max_size=40))
def test_random_text_never_raises_anything_but_a_uscc_error(raw: str) -> None:
    try:
        result = uscc.parse(raw)
    except uscc.USCCError as exc:
        assert exc.code in {"length", "unused_letter", "illegal_character", "division", "check_character"}
    else:
        assert len(result.value) == uscc.LENGTH


@given(st.text(alphabet=uscc.ALPHABET + "IOZSV abc-", min_size=15, max_size=21))
def test_is_valid_agrees_with_parse_on_near_miss_text(raw: str) -> None:
    try:
        uscc.parse(raw)
    except uscc.USCCError:
        assert not uscc.is_valid(raw)
    else:
        assert uscc.is_valid(raw)
