"""Access rows for the declaring pages (merged by ``url_access.py``).

Only enterprise members declare: officials and experts get 403, anonymous visitors the sign-in
page. Every page of one declaration is made for enterprise_a's declaration, so enterprise_b gets
404 on each of them; a product or indicator id of enterprise_b's draft put in enterprise_a's URL is
a 404 even for enterprise_a (ids are looked up only through the draft's own products).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from biaozhun.core.testing import LOGIN, Case, expect, named
from biaozhun.declarations.tests.factories import (
    DeclarationFactory,
    DeclarationVersionFactory,
    IndicatorFactory,
    ProductFactory,
    published_declaration,
)

MEMBERS = expect(403, anonymous=LOGIN, enterprise_a=200, enterprise_b=200)
OWN = expect(403, anonymous=LOGIN, enterprise_a=200, enterprise_b=404)
GUESSED = expect(403, anonymous=LOGIN, enterprise_a=404, enterprise_b=404)


def _draft(cast: Any, org: str = "enterprise_a") -> Any:
    declaration = DeclarationFactory.create(organisation=cast.orgs[org], created_by=cast.users[org])
    draft = DeclarationVersionFactory.create(declaration=declaration, number=1)
    declaration.draft = draft
    declaration.save()
    return draft


def draft_url(name: str) -> Callable[[Any], str]:
    return lambda cast: reverse(name, kwargs={"public_id": _draft(cast).declaration.public_id})


def published_url(name: str) -> Callable[[Any], str]:
    def url(cast: Any) -> str:
        declaration = published_declaration(
            organisation=cast.orgs["enterprise_a"], by=cast.users["enterprise_a"]
        )
        return reverse(name, kwargs={"public_id": declaration.public_id})

    return url


def row_url(name: str, factory: Any, key: str, *, guessed: bool = False) -> Callable[[Any], str]:
    def url(cast: Any) -> str:
        draft = _draft(cast)
        row = factory.create(version=_draft(cast, "enterprise_b") if guessed else draft)
        return reverse(name, kwargs={"public_id": draft.declaration.public_id, key: row.pk})

    return url


def _row_cases(name: str, factory: Any, key: str) -> list[Case]:
    return [
        Case(row_url(name, factory, key), OWN),
        Case(row_url(name, factory, key, guessed=True), GUESSED, note="another enterprise's id"),
    ]


ACCESS: dict[str, list[Case]] = {
    "declarations:mine": [Case(named("declarations:mine"), MEMBERS)],
    "declarations:mine_export": [Case(named("declarations:mine_export"), MEMBERS)],
    "declarations:start": [
        Case(
            named("declarations:start"),
            expect(403, anonymous=LOGIN, enterprise_a=302, enterprise_b=302),
            "post",
        )
    ],
    "declarations:task_list": [Case(draft_url("declarations:task_list"), OWN)],
    "declarations:step_standard": [Case(draft_url("declarations:step_standard"), OWN)],
    # a draft without an own standard has no text step yet: the member is sent to the standard step
    "declarations:step_text": [Case(draft_url("declarations:step_text"), OWN)],
    "declarations:step_products": [Case(draft_url("declarations:step_products"), OWN)],
    "declarations:product_add": [Case(draft_url("declarations:product_add"), OWN)],
    "declarations:product_edit": _row_cases("declarations:product_edit", ProductFactory, "product_id"),
    "declarations:product_remove": _row_cases("declarations:product_remove", ProductFactory, "product_id"),
    "declarations:step_indicators": [Case(draft_url("declarations:step_indicators"), OWN)],
    "declarations:indicator_add": [Case(draft_url("declarations:indicator_add"), OWN)],
    "declarations:indicator_edit": _row_cases(
        "declarations:indicator_edit", IndicatorFactory, "indicator_id"
    ),
    "declarations:indicator_remove": _row_cases(
        "declarations:indicator_remove", IndicatorFactory, "indicator_id"
    ),
    "declarations:step_commitment": [Case(draft_url("declarations:step_commitment"), OWN)],
    "declarations:check_answers": [Case(draft_url("declarations:check_answers"), OWN)],
    "declarations:publish": [
        Case(draft_url("declarations:publish"), OWN | {"enterprise_a": 400}, "post", note="incomplete draft")
    ],
    "declarations:confirmation": [Case(published_url("declarations:confirmation"), OWN)],
    "declarations:revise": [Case(published_url("declarations:revise"), OWN | {"enterprise_a": 302}, "post")],
    "declarations:withdraw": [
        Case(published_url("declarations:withdraw"), OWN),
        Case(
            published_url("declarations:withdraw"),
            OWN | {"enterprise_a": 302},
            "post",
            data={"reason": "停产"},
        ),
    ],
    "declarations:discard": [
        Case(draft_url("declarations:discard"), OWN),
        Case(draft_url("declarations:discard"), OWN | {"enterprise_a": 302}, "post"),
    ],
}
