"""Access rows for screening (merged through ``declarations/tests/url_access.py``).

Every page is the bureau's: everyone else signed in gets a 403, the anonymous visitor the sign-in
page. Pages for one object use a finding on enterprise_a's declaration, a baseline or a category;
a guessed id is a 404 for the bureau (and still a 403 for everyone else).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.urls import reverse

from biaozhun.core.testing import BUREAU_ONLY, LOGIN, Case, expect, named
from biaozhun.declarations.models import MandatoryBaseline, ProductCategory, ScreeningFinding, Severity
from biaozhun.declarations.tests.factories import ProductCategoryFactory, published_declaration

BUREAU_POST = expect(403, anonymous=LOGIN, bureau_admin=302)
BUREAU_GUESS = expect(403, anonymous=LOGIN, bureau_admin=404)
GUESS = 987654


def finding_of_a(cast: Any) -> ScreeningFinding:
    declaration = published_declaration(
        organisation=cast.orgs["enterprise_a"], by=cast.users["enterprise_a"], standard_number="Q/SL 1-2026"
    )
    assert declaration.current is not None
    return ScreeningFinding.objects.create(
        version=declaration.current,
        rule="executed.replaced",
        severity=Severity.ERROR,
        message="GB/T 12771-2008 已被 GB/T 12771-2019 代替。",
    )


def category(cast: Any) -> ProductCategory:
    return ProductCategoryFactory.create(name="灯具")


def baseline(cast: Any) -> MandatoryBaseline:
    return MandatoryBaseline.objects.create(
        category=category(cast),
        indicator="光效",
        direction="ge",
        limit=Decimal("80"),
        unit="lm/W",
        source_standard="GB 30255-2019",
    )


def url_of(name: str, make: Callable[[Any], Any]) -> Callable[[Any], str]:
    return lambda cast: reverse(name, kwargs={"pk": make(cast).pk})


def guessed(name: str) -> Callable[[Any], str]:
    return lambda cast: reverse(name, kwargs={"pk": GUESS})


def queue_with_a_finding(cast: Any) -> str:
    finding_of_a(cast)
    return reverse("declarations:screening_queue") + "?severity=error&rule=executed.replaced"


def baselines_with_one(cast: Any) -> str:
    baseline(cast)
    return reverse("declarations:baseline_list") + "?inactive=1"


def _baseline_data(cast: Any) -> dict[str, Any]:
    return {
        "category": category(cast).pk,
        "indicator": "待机功率",
        "direction": "le",
        "limit": "0.5",
        "unit": "W",
        "source_standard": "GB 24849-2017",
        "note": "",
    }


ACCESS: dict[str, list[Case]] = {
    "declarations:screening_queue": [
        Case(named("declarations:screening_queue"), BUREAU_ONLY),
        Case(queue_with_a_finding, BUREAU_ONLY, note="filtered, with a finding listed"),
    ],
    "declarations:screening_export": [Case(named("declarations:screening_export"), BUREAU_ONLY)],
    "declarations:finding_detail": [
        Case(
            url_of("declarations:finding_detail", finding_of_a),
            BUREAU_ONLY,
            note="a finding on enterprise_a's declaration",
        ),
        Case(guessed("declarations:finding_detail"), BUREAU_GUESS, note="a guessed id"),
    ],
    "declarations:finding_resolve": [
        Case(url_of("declarations:finding_resolve", finding_of_a), BUREAU_ONLY, note="the confirmation page"),
        Case(
            url_of("declarations:finding_resolve", finding_of_a),
            BUREAU_POST,
            method="post",
            data={"reason": "企业已改为现行标准"},
        ),
        Case(guessed("declarations:finding_resolve"), BUREAU_GUESS, method="post", data={"reason": "x"}),
    ],
    "declarations:finding_dismiss": [
        Case(url_of("declarations:finding_dismiss", finding_of_a), BUREAU_ONLY, note="the confirmation page"),
        Case(
            url_of("declarations:finding_dismiss", finding_of_a),
            BUREAU_POST,
            method="post",
            data={"reason": "不属于问题"},
        ),
        Case(guessed("declarations:finding_dismiss"), BUREAU_GUESS, note="a guessed id"),
    ],
    "declarations:baseline_list": [
        Case(named("declarations:baseline_list"), BUREAU_ONLY),
        Case(baselines_with_one, BUREAU_ONLY, note="with one baseline listed"),
    ],
    "declarations:baseline_new": [
        Case(named("declarations:baseline_new"), BUREAU_ONLY),
        Case(named("declarations:baseline_new"), BUREAU_POST, method="post", data=_baseline_data),
    ],
    "declarations:baseline_edit": [
        Case(url_of("declarations:baseline_edit", baseline), BUREAU_ONLY),
        Case(guessed("declarations:baseline_edit"), BUREAU_GUESS, note="a guessed id"),
    ],
    "declarations:baseline_archive": [
        Case(url_of("declarations:baseline_archive", baseline), BUREAU_ONLY, note="the confirmation page"),
        Case(url_of("declarations:baseline_archive", baseline), BUREAU_POST, method="post"),
        Case(guessed("declarations:baseline_archive"), BUREAU_GUESS, method="post", note="a guessed id"),
    ],
    "declarations:category_list": [Case(named("declarations:category_list"), BUREAU_ONLY)],
    "declarations:category_new": [
        Case(named("declarations:category_new"), BUREAU_ONLY),
        Case(
            named("declarations:category_new"),
            BUREAU_POST,
            method="post",
            data={"name": "家用电器", "description": "", "is_active": "on"},
        ),
    ],
    "declarations:category_edit": [
        Case(url_of("declarations:category_edit", category), BUREAU_ONLY),
        Case(guessed("declarations:category_edit"), BUREAU_GUESS, note="a guessed id"),
    ],
}
