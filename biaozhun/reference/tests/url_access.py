"""Access rows for the code lists (merged by biaozhun/tests/test_url_access.py).

Every page and endpoint is public: the lists are published classifications. A detail URL is
requested once for a code that exists (created on the fly, as the access test loads no fixtures)
and once for an unknown code, which must be a 404 for everyone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from biaozhun.core.testing import API_PUBLIC, PUBLIC, Case, expect, named
from biaozhun.reference.models import (
    AdministrativeDivision,
    CCSCode,
    HSCode,
    ICSCode,
    IndustryStandardCode,
    ccs_sort_key,
)

NOT_FOUND = expect(404)


def _ccs() -> str:
    obj, _ = CCSCode.objects.get_or_create(
        code="K", defaults={"level": 1, "name_zh": "电工", "sort_key": ccs_sort_key("K", 1)}
    )
    return obj.code


def _ics() -> str:
    obj, _ = ICSCode.objects.get_or_create(
        code="29", defaults={"level": 1, "field_code": "29", "title_en": "Electrical engineering"}
    )
    return obj.code


def _hs() -> str:
    obj, _ = HSCode.objects.get_or_create(
        code="85", defaults={"level": 2, "chapter": "85", "description_en": "Electrical machinery"}
    )
    return obj.code


def _industry() -> str:
    obj, _ = IndustryStandardCode.objects.get_or_create(code="QB", defaults={"name_zh": "轻工"})
    return obj.code


def _division() -> str:
    obj, _ = AdministrativeDivision.objects.get_or_create(
        code="440000", defaults={"name_zh": "广东省", "level": 1, "local_standard_code": "DB44"}
    )
    return obj.code


def existing(name: str, make: Callable[[], str]) -> Callable[[Any], str]:
    """The URL ``name`` for a code that exists in the database."""
    return lambda cast: reverse(name, kwargs={"code": make()})


def detail_cases(name: str, make: Callable[[], str], unknown: str, status: dict[str, int]) -> list[Case]:
    return [
        Case(existing(name, make), status),
        Case(named(name, code=unknown), NOT_FOUND, note="unknown code"),
    ]


ACCESS = {
    "reference:index": [Case(named("reference:index"), PUBLIC)],
    "reference:ccs_list": [Case(named("reference:ccs_list"), PUBLIC, data={"q": "电工"})],
    "reference:ccs_detail": detail_cases("reference:ccs_detail", _ccs, "ZZ9", PUBLIC),
    "reference:ics_list": [Case(named("reference:ics_list"), PUBLIC, data={"q": "29"})],
    "reference:ics_detail": detail_cases("reference:ics_detail", _ics, "99.999", PUBLIC),
    "reference:hs_list": [Case(named("reference:hs_list"), PUBLIC, data={"q": "85"})],
    "reference:hs_detail": detail_cases("reference:hs_detail", _hs, "000000", PUBLIC),
    "reference:industry_code_list": [Case(named("reference:industry_code_list"), PUBLIC)],
    "reference:industry_code_detail": detail_cases("reference:industry_code_detail", _industry, "ZZ", PUBLIC),
    "reference:division_list": [Case(named("reference:division_list"), PUBLIC, data={"province": "44"})],
    "reference:division_detail": detail_cases("reference:division_detail", _division, "999999", PUBLIC),
    "api-1.0.0:reference_ccs_list": [
        Case(named("api-1.0.0:reference_ccs_list"), API_PUBLIC, data={"q": "灯"})
    ],
    "api-1.0.0:reference_ccs_detail": detail_cases("api-1.0.0:reference_ccs_detail", _ccs, "ZZ9", API_PUBLIC),
    "api-1.0.0:reference_ics_list": [Case(named("api-1.0.0:reference_ics_list"), API_PUBLIC)],
    "api-1.0.0:reference_ics_detail": detail_cases(
        "api-1.0.0:reference_ics_detail", _ics, "99.999", API_PUBLIC
    ),
    "api-1.0.0:reference_hs_list": [Case(named("api-1.0.0:reference_hs_list"), API_PUBLIC)],
    "api-1.0.0:reference_hs_detail": detail_cases("api-1.0.0:reference_hs_detail", _hs, "000000", API_PUBLIC),
    "api-1.0.0:reference_industry_code_list": [
        Case(named("api-1.0.0:reference_industry_code_list"), API_PUBLIC)
    ],
    "api-1.0.0:reference_industry_code_detail": detail_cases(
        "api-1.0.0:reference_industry_code_detail", _industry, "ZZ", API_PUBLIC
    ),
    "api-1.0.0:reference_division_list": [Case(named("api-1.0.0:reference_division_list"), API_PUBLIC)],
    "api-1.0.0:reference_division_detail": detail_cases(
        "api-1.0.0:reference_division_detail", _division, "999999", API_PUBLIC
    ),
}
