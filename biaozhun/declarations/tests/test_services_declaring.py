"""Declaring through the services: each step's rules, publication with every reason at once,
revision, discard, withdrawal and the duplicate rule."""

from __future__ import annotations

import decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from biaozhun.declarations.models import DeclarationStatus, StandardKind, VersionState
from biaozhun.declarations.services import declaring as s
from biaozhun.declarations.tests.factories import ProductCategoryFactory
from biaozhun.standards.models import Status
from biaozhun.standards.tests.factories import EditionFactory, ReplacementFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%test\n"


def pdf(name: str = "标准.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def docx() -> SimpleUploadedFile:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("标准.docx", buffer.getvalue())


def messages_of(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


@pytest.fixture
def draft(personas: Any, orgs: Any) -> Any:
    declaration = s.declaration_start(by=personas["enterprise_a"], organisation=orgs["enterprise_a"])
    return declaration.draft


def own_standard_ready(draft: Any, user: Any, *, model: str = "XD-1") -> None:
    s.draft_set_standard(
        version=draft, by=user, kind="enterprise", number="Q/ZSJS 001-2026", title="LED吸顶灯"
    )
    s.draft_set_text(version=draft, by=user, text_file=pdf())
    s.draft_add_product(
        version=draft, by=user, name="LED吸顶灯", model=model, category=ProductCategoryFactory.create()
    )
    s.draft_add_indicator(
        version=draft,
        by=user,
        name="光效",
        comparison="ge",
        value="90",
        unit="lm/W",
        test_method="GB/T 9468-2008",
    )
    s.draft_sign_commitment(version=draft, by=user)


def test_starting_a_declaration_makes_a_draft_with_version_one(draft: Any, orgs: Any) -> None:
    assert draft.number == 1 and draft.state == VersionState.DRAFT
    assert draft.declaration.status == DeclarationStatus.DRAFT
    assert draft.declaration.organisation == orgs["enterprise_a"]


@pytest.mark.parametrize("persona", ["enterprise_b", "department", "bureau_admin", "expert"])
def test_only_the_enterprises_own_members_may_start_or_change_its_declaration(
    persona: str, personas: Any, orgs: Any, draft: Any
) -> None:
    with pytest.raises(PermissionDenied):
        s.declaration_start(by=personas[persona], organisation=orgs["enterprise_a"])
    with pytest.raises(PermissionDenied):
        s.draft_sign_commitment(version=draft, by=personas[persona])


def test_a_catalogue_standard_in_force_is_taken_with_its_title(draft: Any, personas: Any) -> None:
    edition = EditionFactory.create(number="GB/T 12771-2019", title_zh="流体输送用不锈钢焊接钢管")
    version = s.draft_set_standard(
        version=draft, by=personas["enterprise_a"], kind="catalogue", number="gb/t 12771-2019"
    )
    assert version.edition == edition
    assert version.standard_title == "流体输送用不锈钢焊接钢管"


def test_a_replaced_catalogue_standard_is_refused_naming_its_replacement(draft: Any, personas: Any) -> None:
    old = EditionFactory.create(number="GB/T 12771-2008", status=Status.REPLACED)
    ReplacementFactory.create(predecessor=old, successor=EditionFactory.create(number="GB/T 12771-2019"))
    with pytest.raises(ValidationError) as exc:
        s.draft_set_standard(
            version=draft, by=personas["enterprise_a"], kind="catalogue", number="GB/T 12771-2008"
        )
    assert "GB/T 12771-2019" in messages_of(exc)


def test_an_unknown_or_unreadable_catalogue_number_is_refused(draft: Any, personas: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        s.draft_set_standard(
            version=draft, by=personas["enterprise_a"], kind="catalogue", number="GB/T 99999-2020"
        )
    assert "GB/T 99999-2020" in messages_of(exc)
    with pytest.raises(ValidationError):
        s.draft_set_standard(version=draft, by=personas["enterprise_a"], kind="catalogue", number="hello")


def test_an_enterprise_standard_needs_a_q_number_and_a_title(draft: Any, personas: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        s.draft_set_standard(
            version=draft, by=personas["enterprise_a"], kind="enterprise", number="T/CAS 1-2020"
        )
    assert set(exc.value.message_dict) == {"number", "title"}


def test_the_text_must_really_be_a_pdf_or_docx(draft: Any, personas: Any) -> None:
    user = personas["enterprise_a"]
    s.draft_set_standard(version=draft, by=user, kind="enterprise", number="Q/ZSJS 001-2026", title="灯")
    with pytest.raises(ValidationError):
        s.draft_set_text(version=draft, by=user, text_file=pdf("x.pdf", b"<html>not a pdf</html>"))
    with pytest.raises(ValidationError):
        s.draft_set_text(version=draft, by=user, text_file=pdf("x.exe", PDF))
    with pytest.raises(ValidationError):
        s.draft_set_text(version=draft, by=user, text_file=SimpleUploadedFile("x.docx", PDF))
    assert s.draft_set_text(version=draft, by=user, text_file=docx()).text_file_name == "标准.docx"


def test_a_text_over_the_size_limit_is_refused(draft: Any, personas: Any, settings: Any) -> None:
    settings.BIAOZHUN_DECLARATION_FILE_MAX_MB = 1
    user = personas["enterprise_a"]
    s.draft_set_standard(version=draft, by=user, kind="enterprise", number="Q/ZSJS 001-2026", title="灯")
    with pytest.raises(ValidationError) as exc:
        s.draft_set_text(version=draft, by=user, text_file=pdf(data=PDF + b"0" * (1024 * 1024)))
    assert "1 MB" in messages_of(exc)


def test_a_product_reports_every_missing_field_and_a_wrong_barcode_at_once(draft: Any, personas: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        s.draft_add_product(
            version=draft, by=personas["enterprise_a"], name="", model="", barcode="6901234567893"
        )
    assert set(exc.value.message_dict) == {"name", "model", "category", "barcode"}


def test_an_indicator_below_the_recommended_standard_needs_an_explanation_and_a_range_its_upper_value(
    draft: Any, personas: Any
) -> None:
    user = personas["enterprise_a"]
    s.draft_set_standard(version=draft, by=user, kind="enterprise", number="Q/ZSJS 001-2026", title="灯")
    with pytest.raises(ValidationError) as exc:
        s.draft_add_indicator(
            version=draft,
            by=user,
            name="色温",
            comparison="range",
            value="3000",
            value_max="2700",
            unit="K",
            test_method="GB/T 7922",
            below_recommended=True,
        )
    assert set(exc.value.message_dict) == {"value_max", "below_explanation"}
    indicator = s.draft_add_indicator(
        version=draft,
        by=user,
        name="色温",
        comparison="range",
        value="2700",
        value_max="6500",
        unit="K",
        test_method="GB/T 7922",
    )
    assert indicator.value_max == decimal.Decimal("6500")


def test_indicators_are_only_for_the_enterprises_own_standard(draft: Any, personas: Any) -> None:
    EditionFactory.create(number="GB/T 12771-2019")
    user = personas["enterprise_a"]
    s.draft_set_standard(version=draft, by=user, kind="catalogue", number="GB/T 12771-2019")
    with pytest.raises(ValidationError):
        s.draft_add_indicator(
            version=draft, by=user, name="光效", comparison="ge", value="1", unit="x", test_method="y"
        )


def test_publishing_an_empty_draft_lists_every_reason_at_once(draft: Any, personas: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        s.declaration_publish(declaration=draft.declaration, by=personas["enterprise_a"])
    assert len(exc.value.messages) == 3  # standard, products, commitment


def test_an_own_standard_without_text_or_indicators_is_not_published(draft: Any, personas: Any) -> None:
    user = personas["enterprise_a"]
    s.draft_set_standard(version=draft, by=user, kind="enterprise", number="Q/ZSJS 001-2026", title="灯")
    s.draft_add_product(
        version=draft, by=user, name="灯", model="1", category=ProductCategoryFactory.create()
    )
    s.draft_sign_commitment(version=draft, by=user)
    with pytest.raises(ValidationError) as exc:
        s.declaration_publish(declaration=draft.declaration, by=user)
    assert len(exc.value.messages) == 2


def test_publishing_then_revising_supersedes_the_first_version(
    draft: Any, personas: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = personas["enterprise_a"]
    own_standard_ready(draft, user)
    with django_capture_on_commit_callbacks(execute=True):
        first = s.declaration_publish(declaration=draft.declaration, by=user)
    declaration = first.declaration
    declaration.refresh_from_db()
    assert declaration.status == DeclarationStatus.PUBLISHED and declaration.current == first
    assert declaration.first_published_at is not None and declaration.draft is None

    second = s.declaration_revise(declaration=declaration, by=user)
    assert second.number == 2 and second.commitment_signed_at is None
    assert second.products.count() == 1 and second.indicators.count() == 1 and second.text_file
    s.draft_sign_commitment(version=second, by=user)
    s.declaration_publish(declaration=declaration, by=user)
    first.refresh_from_db()
    declaration.refresh_from_db()
    assert first.state == VersionState.SUPERSEDED
    assert declaration.current == second
    assert declaration.first_published_at is not None


def test_the_same_product_under_the_same_standard_cannot_be_published_twice(personas: Any, orgs: Any) -> None:
    user = personas["enterprise_a"]
    for expected_ok in (True, False):
        draft: Any = s.declaration_start(by=user, organisation=orgs["enterprise_a"]).draft
        own_standard_ready(draft, user)
        if expected_ok:
            s.declaration_publish(declaration=draft.declaration, by=user)
        else:
            with pytest.raises(ValidationError) as exc:
                s.declaration_publish(declaration=draft.declaration, by=user)
            assert "XD-1" in messages_of(exc)


def test_discarding_a_first_draft_leaves_nothing_and_withdrawing_keeps_the_reason(
    draft: Any, personas: Any
) -> None:
    user = personas["enterprise_a"]
    declaration = s.draft_discard(version=draft, by=user)
    assert declaration.draft is None
    draft.refresh_from_db()
    assert draft.state == VersionState.DISCARDED

    other: Any = s.declaration_start(by=user, organisation=declaration.organisation).draft
    own_standard_ready(other, user)
    s.declaration_publish(declaration=other.declaration, by=user)
    with pytest.raises(ValidationError):
        s.declaration_withdraw(declaration=other.declaration, by=user, reason=" ")
    withdrawn = s.declaration_withdraw(declaration=other.declaration, by=user, reason="产品停产")
    assert withdrawn.status == DeclarationStatus.WITHDRAWN and withdrawn.withdrawal_reason == "产品停产"
    assert withdrawn.current is not None  # the public page goes on showing what was declared


def test_choosing_a_catalogue_standard_drops_the_own_standards_indicators(draft: Any, personas: Any) -> None:
    user = personas["enterprise_a"]
    own_standard_ready(draft, user)
    EditionFactory.create(number="GB/T 12771-2019")
    version = s.draft_set_standard(version=draft, by=user, kind="catalogue", number="GB/T 12771-2019")
    assert version.standard_kind == StandardKind.CATALOGUE
    assert not version.indicators.exists() and not version.text_file
