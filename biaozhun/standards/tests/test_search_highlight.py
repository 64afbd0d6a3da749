"""Highlighting what a query matched, the same on every backend."""

from __future__ import annotations

import pytest
from django.utils.safestring import SafeString

from biaozhun.standards.search import highlight


@pytest.mark.parametrize(
    ("text", "query", "html"),
    [
        ("家用电器的安全", "电器", "家用<mark>电器</mark>的安全"),
        ("台灯与路灯", "灯", "台<mark>灯</mark>与路<mark>灯</mark>"),
        ("家用电器的安全", "电器 安全", "家用<mark>电器</mark>的<mark>安全</mark>"),
        ("电 器", "电器", "电 器"),  # the two characters apart are not the query's bigram
        ("LED Lamps", "led", "<mark>LED</mark> Lamps"),
        ("Lamps for LEDs", "led", "Lamps for LEDs"),  # a word, not part of one
        ("ＬＥＤ路灯", "led", "<mark>ＬＥＤ</mark>路灯"),
        ("GB/T 1.1-2020", "gbt1.1", "<mark>GB/T 1.1</mark>-2020"),
        ("GB 4706.1-2005", "4706", "GB <mark>4706</mark>.1-2005"),
        ("GB 47061-2020", "4706", "GB 47061-2020"),
        ("家用电器", "", "家用电器"),
    ],
)
def test_the_matched_characters_words_and_numbers_are_marked(text, query, html):
    assert highlight(text, query) == html


def test_the_text_is_escaped_before_it_is_marked():
    result = highlight('<script>alert("电器")</script> & 电器', "电器")
    assert isinstance(result, SafeString)
    assert (
        result == "&lt;script&gt;alert(&quot;<mark>电器</mark>&quot;)&lt;/script&gt; &amp; <mark>电器</mark>"
    )


def test_a_query_that_looks_like_markup_is_only_text():
    assert highlight("a <b> c", "<b>") == "a &lt;<mark>b</mark>&gt; c"


def test_empty_text_gives_an_empty_safe_string():
    assert highlight("", "电器") == ""
    assert isinstance(highlight("", "电器"), SafeString)
