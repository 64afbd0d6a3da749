"""GTIN (商品条码) check digits: GTIN-8, GTIN-12 (UPC-A), GTIN-13 (EAN-13) and GTIN-14.

Pure: no ORM and no I/O. A product's barcode is optional in a declaration, but a wrong one would
send the public to another product, so a given barcode must have the right length and check digit.
The check digit is the GS1 mod-10 one: weights 3 and 1 alternate from the digit next to it.
"""

from __future__ import annotations

LENGTHS = frozenset({8, 12, 13, 14})


def check_digit(body: str) -> int:
    """The check digit of ``body`` (a GTIN without its last digit)."""
    if not body.isdigit() or not body.isascii():
        raise ValueError("a GTIN body is made of digits only")
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def normalise(text: str) -> str:
    """The barcode without spaces and hyphens people type between groups of digits."""
    return "".join(text.split()).replace("-", "")


def is_valid(text: str) -> bool:
    """Whether ``text`` is a GTIN-8/12/13/14 with the right check digit."""
    code = normalise(text)
    if len(code) not in LENGTHS or not code.isdigit() or not code.isascii():
        return False
    return check_digit(code[:-1]) == int(code[-1])
