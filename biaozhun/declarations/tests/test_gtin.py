"""GTIN check digits, table-driven: real barcodes of each length pass, a wrong digit fails."""

from __future__ import annotations

import pytest

from biaozhun.declarations import gtin


@pytest.mark.parametrize(
    "code",
    ["96385074", "036000291452", "6901234567892", "4006381333931", "10614141000415", "6901-2345 67892"],
)
def test_a_real_gtin_of_each_length_is_valid(code: str) -> None:
    assert gtin.is_valid(code)


@pytest.mark.parametrize(
    "code",
    ["96385075", "036000291453", "6901234567893", "123", "690123456789X", "", "６９０１２３４５６７８９２"],
)
def test_a_wrong_check_digit_length_or_character_is_invalid(code: str) -> None:
    assert not gtin.is_valid(code)


def test_the_check_digit_follows_the_gs1_weights() -> None:
    assert gtin.check_digit("690123456789") == 2
    assert gtin.check_digit("400638133393") == 1
