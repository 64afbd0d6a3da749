"""The tokenisation shared by every search backend: pure functions, table-tested."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.standards.search import tokenize
from biaozhun.standards.search.tokenize import (
    boundary_prefixes,
    classification_keys,
    is_number_like,
    number_key,
    number_keys,
    number_sort_key,
    number_words,
    query_terms,
    tokens,
)


def test_chinese_text_gives_every_character_and_every_overlapping_pair():
    assert tokens("家用电器") == ["家", "用", "电", "器", "家用", "用电", "电器"]


def test_a_single_chinese_character_is_one_token():
    assert tokens("灯") == ["灯"]


def test_latin_and_digit_runs_become_lower_case_words():
    assert tokens("LED Lamps 220V") == ["led", "lamps", "220v"]


def test_mixed_text_splits_at_the_change_of_script_and_at_punctuation():
    # Characters, then pairs (none across the comma or the digit), then words.
    assert tokens("LED灯具，第2部分") == ["灯", "具", "第", "部", "分", "灯具", "部分", "led", "2"]


def test_full_width_letters_and_digits_are_folded_to_half_width():
    assert tokens("ＬＥＤ２２０") == ["led220"]


def test_repeated_terms_are_kept_for_term_frequency():
    assert tokens("灯 灯") == ["灯", "灯"]


def test_text_without_letters_gives_no_tokens():
    assert tokens(" ——《》、,.") == []


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("灯", ["灯"]),
        ("电器", ["电器"]),
        ("家用电器", ["家用", "用电", "电器"]),
        ("电器 电器", ["电器"]),
        ("灯 LED", ["灯", "led"]),
        ("GB/T 1.1", ["gb", "t", "1"]),
        ("《》", []),
    ],
)
def test_a_query_needs_the_bigrams_of_its_chinese_and_its_words(query, terms):
    assert query_terms(query) == terms


@given(st.text(max_size=40))
def test_every_text_contains_every_term_of_itself_as_a_query(text):
    assert set(query_terms(text)) <= set(tokens(text))


@given(st.text(max_size=40))
def test_tokens_never_contain_spaces(text):
    # The tantivy backend joins tokens with spaces and splits them again.
    assert not any(ch.isspace() for token in tokens(text) for ch in token)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("GB/T 1.1-2020", "gbt1.1-2020"),
        ("gbt 1.1—2020", "gbt1.1-2020"),
        ("ＧＢ／Ｔ　１．１－２０２０", "gbt1.1-2020"),
        ("ISO 9001:2015", "iso9001:2015"),
    ],
)
def test_numbers_are_compared_folded_without_spaces_or_slashes(typed, key):
    assert number_key(typed) == key


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("4706", True),
        ("gbt12771", True),
        ("1.1", True),
        ("k61", True),
        ("gbt", False),
        ("电器", False),
        ("", False),
    ],
)
def test_a_folded_query_with_a_digit_and_no_space_could_be_a_number(key, expected):
    assert is_number_like(key) is expected


def test_prefixes_end_where_a_part_of_the_number_ends():
    assert boundary_prefixes("gb4706.1-2005") == ["gb4706", "gb4706.1", "gb4706.1-2005"]
    assert "gb4706" not in boundary_prefixes("gb47061-2005")


def test_an_editions_exact_keys_are_its_number_its_work_and_both_without_the_code():
    exact, prefix = number_keys("GB/T 1.1-2020", "GB/T", "GB/T 1.1")
    assert exact == ["gbt1.1-2020", "gbt1.1", "1.1-2020", "1.1"]
    assert prefix == ["gbt1", "1"]  # the other prefixes; exact keys are not repeated


def test_an_undated_edition_has_its_work_as_its_number():
    exact, _prefix = number_keys("GB 4706.1", "GB", "GB 4706.1")
    assert exact == ["gb4706.1", "4706.1"]


def test_the_words_of_a_number_are_searchable_beside_other_words():
    assert number_words("GB 4706.1-2005") == ["gb", "4706", "1", "2005"]


def test_classification_codes_are_keys_with_their_ics_group():
    assert classification_keys("K70", "29.140.40;29.140.50") == ["k70", "29.140", "29.140.40", "29.140.50"]


def test_numbers_sort_naturally():
    numbers = ["GB/T 10-2000", "GB/T 2-2001", "GB/T 1.10-2000", "GB/T 1.2-2000", "GB 5-1999"]
    assert sorted(numbers, key=number_sort_key) == [
        "GB 5-1999",
        "GB/T 1.2-2000",
        "GB/T 1.10-2000",
        "GB/T 2-2001",
        "GB/T 10-2000",
    ]


def test_fold_turns_compatibility_forms_into_plain_lower_case():
    assert tokenize.fold("Ⅱ型ＡＢ") == "ii型ab"
