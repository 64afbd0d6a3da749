"""factory_boy factories for the catalogue: works, editions, replacements and change history.

``EditionFactory`` derives everything a number implies (work, code, year, level) from ``number``
without going through ``standards.numbers``, so tests of the pages do not depend on the number
grammar; pass a canonical number (``GB/T 12771-2019``) and the fields agree with it. Editions of one
work share their ``Work`` row: ``EditionFactory.create(number="GB/T 1-2019")`` and
``EditionFactory.create(number="GB/T 1-2020")`` are two editions of ``GB/T 1``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import factory
from django.utils import timezone

from biaozhun.standards.models import (
    Edition,
    EditionChange,
    Level,
    Nature,
    Replacement,
    Status,
    Work,
)

_YEAR = re.compile(r"^(?P<work>.+?)-(?P<year>\d{4})$")
_CODE = re.compile(r"^(?P<code>[A-Z]+[0-9]*(?:/[A-Z]+)?)")


def split_number(number: str) -> tuple[str, int | None]:
    """``("GB/T 12771", 2019)`` for ``"GB/T 12771-2019"``; ``(number, None)`` when it has no year."""
    match = _YEAR.match(number)
    if match is None:
        return number, None
    return match["work"], int(match["year"])


def code_of(number: str) -> str:
    """The issuing code a number starts with: ``GB/T``, ``QB/T``, ``DB44/T``, ``T/CAS`` …"""
    match = _CODE.match(number)
    return match["code"] if match else number.split(" ", 1)[0]


def nature_of(code: str) -> str:
    if code.endswith("/T"):
        return Nature.RECOMMENDED
    if code.endswith("/Z"):
        return Nature.GUIDANCE
    return Nature.MANDATORY


class WorkFactory(factory.django.DjangoModelFactory[Work]):
    class Meta:
        model = Work
        django_get_or_create = ("key",)

    key = factory.Sequence(lambda n: f"GB/T {90000 + n}")
    level = Level.NATIONAL
    code = factory.LazyAttribute(lambda w: code_of(w.key))


class EditionFactory(factory.django.DjangoModelFactory[Edition]):
    """A current national standard with both titles, dates, and a work derived from its number."""

    class Meta:
        model = Edition
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: f"GB/T {90000 + n}-2020")
    work = factory.LazyAttribute(lambda e: WorkFactory.create(key=split_number(e.number)[0], level=e.level))
    level = Level.NATIONAL
    code = factory.LazyAttribute(lambda e: code_of(e.number))
    nature = factory.LazyAttribute(lambda e: nature_of(e.code))
    year = factory.LazyAttribute(lambda e: split_number(e.number)[1])
    title_zh = factory.Sequence(lambda n: f"测试产品{n}通用技术条件")
    title_en = factory.Sequence(lambda n: f"General specification for test product {n}")
    status = Status.CURRENT
    source_status = "现行"
    issued_on = factory.LazyAttribute(lambda e: dt.date(e.year or 2020, 3, 1))
    implemented_on = factory.LazyAttribute(lambda e: dt.date(e.year or 2020, 10, 1))
    source = "flat"
    last_seen_at = factory.LazyFunction(timezone.now)


class ReplacementFactory(factory.django.DjangoModelFactory[Replacement]):
    """``successor`` replaces ``predecessor`` (wholly unless ``partial=True``)."""

    class Meta:
        model = Replacement

    predecessor = factory.SubFactory(EditionFactory, status=Status.REPLACED, source_status="被代替")
    successor = factory.SubFactory(EditionFactory)
    partial = False
    source = "import"


class EditionChangeFactory(factory.django.DjangoModelFactory[EditionChange]):
    class Meta:
        model = EditionChange

    edition = factory.SubFactory(EditionFactory)
    run = None
    kind = "updated"
    changes: Any = factory.LazyFunction(lambda: {"status": ["upcoming", "current"]})
