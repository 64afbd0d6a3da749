"""Screening against a small real catalogue (imported from CSV) and real Word texts built with zipfile."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from biaozhun.core.models import AuditEvent
from biaozhun.declarations.models import (
    Comparison,
    Declaration,
    DeclarationVersion,
    FindingState,
    MandatoryBaseline,
    ScreeningFinding,
    StandardKind,
    VersionState,
)
from biaozhun.declarations.selectors.screening import findings_for
from biaozhun.declarations.services import screening as services
from biaozhun.declarations.tests.factories import (
    DeclarationVersionFactory,
    IndicatorFactory,
    ProductCategoryFactory,
    ProductFactory,
    published_declaration,
)
from biaozhun.standards import services as standards_services
from biaozhun.standards.models import Edition

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)
HEADER = "std_code,name_cn,name_en,status,ccs,ics,issue_date,act_date,withdrawn_date,replaces,replaced_by\n"
CATALOGUE = (
    "GB/T 12771-2008,流体输送用不锈钢焊接钢管,,被代替,,,2008-01-01,2008-06-01,,,GB/T 12771-2019\n"
    "GB/T 12771-2019,流体输送用不锈钢焊接钢管,,现行,,,2019-03-01,2020-09-01,,GB/T 12771-2008,\n"
    "GB/T 9400-2010,旧的方法标准,,废止,,,2010-01-01,2010-06-01,2018-01-01,,\n"
    "GB/T 2828.1-2012,计数抽样检验程序,,现行,,,2012-11-05,2013-02-15,,,\n"
    "GB 7000.1-2015,灯具 第1部分：一般要求与试验,,现行,,,2015-12-31,2017-01-01,,,\n"
)


@pytest.fixture
def catalogue(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.csv"
    path.write_text(HEADER + CATALOGUE, encoding="utf-8")
    run = standards_services.import_run_create(file_name=path.name, format="flat")
    standards_services.import_file(run=run, path=path, today=TODAY)


# --- a Word file, as checking/tests/test_documents.py builds them -----------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def docx(*paragraphs: str) -> bytes:
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>' for text in paragraphs
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


PRODUCT_STANDARD = (
    "Q/SL 1001-2026 LED吸顶灯",
    "前言",
    "本文件按照GB/T 1.1-2020的规定起草。",
    "1 范围",
    "本文件规定了LED吸顶灯的技术要求。",
    "2 规范性引用文件",
    "下列文件中的内容通过文中的规范性引用而构成本文件必不可少的条款。",
    "GB/T 2828.1-2012 计数抽样检验程序",
    "GB/T 9400-2010 旧的方法标准",
    "3 术语和定义",
    "4 技术要求",
    "5 试验方法",
    "6 检验规则",
    "7 标志、包装、运输和贮存",
)


def current(declaration: Declaration) -> DeclarationVersion:
    assert declaration.current is not None
    return declaration.current


def attach_text(version: DeclarationVersion, data: bytes, name: str = "Q_SL_1001-2026.docx") -> None:
    version.text_file.save(name, ContentFile(data), save=False)
    version.text_file_name = name
    version.save()


def rules_of(findings) -> list[str]:
    return sorted(f.rule for f in findings)


# --- the acceptance cases ---------------------------------------------------------------------------------


def test_a_declaration_executing_a_replaced_standard_is_flagged_with_its_replacement(catalogue):
    declaration = published_declaration(edition=Edition.objects.get(number="GB/T 12771-2008"))
    findings = services.screening_run(version=current(declaration), today=TODAY)
    assert rules_of(findings) == ["executed.replaced"]
    (finding,) = findings
    assert finding.severity == "error"
    assert finding.state == FindingState.OPEN
    assert finding.data["replacement"] == "GB/T 12771-2019"
    assert finding.data["effective_date"] == "2020-09-01"
    assert "GB/T 12771-2019" in finding.message


def test_a_text_whose_normative_references_include_a_withdrawn_standard_is_flagged(catalogue):
    declaration = published_declaration(standard_number="Q/SL 1001-2026")
    attach_text(current(declaration), docx(*PRODUCT_STANDARD))
    findings = services.screening_run(version=current(declaration), today=TODAY)
    assert rules_of(findings) == ["references.withdrawn"]
    (finding,) = findings
    assert finding.key == "GB/T 9400-2010"
    assert finding.severity == "warning"
    # GB/T 1.1-2020 in the foreword is a mention, not a normative reference: not checked here


def test_an_indicator_weaker_than_a_mandatory_baseline_is_an_error_naming_its_source(catalogue):
    category = ProductCategoryFactory.create(name="灯具")
    declaration = published_declaration(standard_number="Q/SL 1002-2026", products=0)
    version = current(declaration)
    ProductFactory.create(version=version, category=category)
    IndicatorFactory.create(
        version=version, name="光效", comparison=Comparison.AT_LEAST, value=Decimal("70"), unit="lm/W"
    )
    IndicatorFactory.create(
        version=version, name="显色指数", comparison=Comparison.AT_LEAST, value=Decimal("80"), unit=""
    )
    MandatoryBaseline.objects.create(
        category=category,
        indicator="光效",
        direction="ge",
        limit=Decimal("80"),
        unit="lm/W",
        source_standard="GB 30255-2019",
    )
    findings = services.screening_run(version=version, today=TODAY)
    assert rules_of(findings) == ["indicator.below_baseline"]
    assert "GB 30255-2019" in findings[0].message
    assert findings[0].data["limit"] == "80"


# --- more rules against the database ----------------------------------------------------------------------


def test_a_text_missing_required_parts_names_them(catalogue):
    declaration = published_declaration(standard_number="Q/SL 1003-2026")
    attach_text(
        current(declaration),
        docx("1 范围", "2 规范性引用文件", "GB/T 2828.1-2012 计数抽样检验程序", "3 技术要求"),
    )
    findings = services.screening_run(version=current(declaration), today=TODAY)
    assert rules_of(findings) == ["text.missing_parts"]
    assert findings[0].data["missing"] == ["试验方法", "检验规则", "标志、包装、运输和贮存"]


def test_a_file_that_is_not_a_document_is_reported_unreadable(catalogue):
    declaration = published_declaration(standard_number="Q/SL 1004-2026")
    attach_text(current(declaration), b"not a zip at all", name="broken.docx")
    assert rules_of(services.screening_run(version=current(declaration), today=TODAY)) == ["text.unreadable"]


def test_an_enterprise_standard_must_be_numbered_q(catalogue):
    declaration = published_declaration(
        standard_number="GB/T 2828.1-2012", standard_kind=StandardKind.ENTERPRISE
    )
    assert rules_of(services.screening_run(version=current(declaration), today=TODAY)) == [
        "number.enterprise_format"
    ]


def test_the_same_product_declared_twice_by_one_enterprise_is_a_duplicate(catalogue):
    edition = Edition.objects.get(number="GB 7000.1-2015")
    first = published_declaration(edition=edition, products=0)
    ProductFactory.create(version=current(first), name="LED吸顶灯", model="XD-1")
    second = published_declaration(organisation=first.organisation, edition=edition, products=0)
    ProductFactory.create(version=current(second), name="LED吸顶灯 ", model="XD-1")
    other = published_declaration(edition=edition, products=0)  # another enterprise: not a duplicate
    ProductFactory.create(version=current(other), name="LED吸顶灯", model="XD-1")

    findings = services.screening_run(version=current(second), today=TODAY)
    assert rules_of(findings) == ["declaration.duplicate"]
    assert findings[0].data["declarations"] == [str(first.public_id)]
    assert services.screening_run(version=current(other), today=TODAY) == []


def test_a_draft_is_screened_on_submission_against_the_published_ones(catalogue):
    edition = Edition.objects.get(number="GB 7000.1-2015")
    published = published_declaration(edition=edition, products=0)
    ProductFactory.create(version=current(published), name="台灯", model="T-1")
    draft = DeclarationVersionFactory.create(
        declaration__organisation=published.organisation,
        standard_kind=StandardKind.CATALOGUE,
        standard_number="GB 7000.1-2015",
        edition=edition,
    )
    ProductFactory.create(version=draft, name="台灯", model="T-1")
    assert draft.state == VersionState.DRAFT
    assert rules_of(services.screening_run(version=draft, today=TODAY)) == ["declaration.duplicate"]


# --- upserting findings -----------------------------------------------------------------------------------


def test_screening_again_updates_rather_than_repeats(catalogue):
    declaration = published_declaration(edition=Edition.objects.get(number="GB/T 12771-2008"))
    first = services.screening_run(version=current(declaration), today=TODAY)
    second = services.screening_run(version=current(declaration), today=TODAY)
    assert [f.pk for f in first] == [f.pk for f in second]
    assert ScreeningFinding.objects.count() == 1


def test_a_finding_no_longer_found_is_resolved_by_nobody(catalogue):
    declaration = published_declaration(edition=Edition.objects.get(number="GB/T 12771-2008"))
    version = current(declaration)
    (finding,) = services.screening_run(version=version, today=TODAY)
    version.edition = Edition.objects.get(number="GB/T 12771-2019")
    version.standard_number = "GB/T 12771-2019"
    version.save()
    assert services.screening_run(version=version, today=TODAY) == []
    finding.refresh_from_db()
    assert finding.state == FindingState.RESOLVED
    assert finding.resolved_by is None
    assert finding.resolution == "已不再发现"  # stored in the site language


def test_a_dismissed_finding_stays_dismissed_and_a_resolved_one_reopens(catalogue, personas):
    bureau = personas["bureau_admin"]
    withdrawn = published_declaration(standard_number="Q/SL 1001-2026")
    attach_text(current(withdrawn), docx(*PRODUCT_STANDARD))
    (dismissed,) = services.screening_run(version=current(withdrawn), today=TODAY)
    services.finding_dismiss(finding=dismissed, by=bureau, reason="该引用仅用于历史比对")

    replaced = published_declaration(edition=Edition.objects.get(number="GB/T 12771-2008"))
    (resolved,) = services.screening_run(version=current(replaced), today=TODAY)
    services.finding_resolve(finding=resolved, by=bureau, reason="企业已说明将更新")

    services.screening_run_all(today=TODAY)
    dismissed.refresh_from_db()
    resolved.refresh_from_db()
    assert dismissed.state == FindingState.DISMISSED
    assert dismissed.resolution == "该引用仅用于历史比对"
    assert resolved.state == FindingState.OPEN  # still executes the replaced edition
    assert resolved.resolved_by is None and resolved.resolution == ""


def test_closing_a_finding_needs_the_bureau_and_a_reason_and_is_audited(catalogue, personas):
    declaration = published_declaration(edition=Edition.objects.get(number="GB/T 12771-2008"))
    (finding,) = services.screening_run(version=current(declaration), today=TODAY)
    with pytest.raises(PermissionDenied):
        services.finding_dismiss(finding=finding, by=personas["enterprise_a"], reason="不是问题")
    with pytest.raises(ValidationError):
        services.finding_resolve(finding=finding, by=personas["bureau_admin"], reason="  ")
    services.finding_resolve(finding=finding, by=personas["bureau_admin"], reason="已更新为新版")
    finding.refresh_from_db()
    assert (finding.state, finding.resolved_by) == (FindingState.RESOLVED, personas["bureau_admin"])
    event = AuditEvent.objects.filter(object_id=str(finding.pk), actor=personas["bureau_admin"]).latest("pk")
    assert event.changes["state"] == ["open", "resolved"]
    with pytest.raises(ValidationError):
        services.finding_dismiss(finding=finding, by=personas["bureau_admin"], reason="再关一次")


# --- the nightly run --------------------------------------------------------------------------------------


def test_the_nightly_run_screens_published_declarations_in_batches(catalogue):
    replaced = [
        published_declaration(edition=Edition.objects.get(number="GB/T 12771-2008")) for _ in range(3)
    ]
    fine = published_declaration(edition=Edition.objects.get(number="GB/T 12771-2019"))
    draft = DeclarationVersionFactory.create(
        standard_number="GB/T 12771-2008", standard_kind=StandardKind.CATALOGUE
    )
    result = services.screening_run_all(today=TODAY, batch=2)
    assert result["versions"] == 4
    assert result["created"] == 3
    assert result["found"] == {"executed.replaced": 3}
    assert set(ScreeningFinding.objects.values_list("version_id", flat=True)) == {
        d.current_id for d in replaced
    }
    assert not ScreeningFinding.objects.filter(version__in=[fine.current_id, draft.pk]).exists()
    again = services.screening_run_all(today=TODAY, batch=2)
    assert (again["created"], again["unchanged"], again["resolved"]) == (0, 3, 0)


def test_the_nightly_run_does_not_read_a_text_again(catalogue, monkeypatch):
    declaration = published_declaration(standard_number="Q/SL 1001-2026")
    attach_text(current(declaration), docx(*PRODUCT_STANDARD))
    services.screening_run(version=current(declaration), today=TODAY)  # on publication: read and kept

    def refuse(*args, **kwargs):
        raise AssertionError("the text was read again")

    monkeypatch.setattr(services.documents, "extract_blocks", refuse)
    result = services.screening_run_all(today=TODAY)
    assert result["found"] == {"references.withdrawn": 1}


def test_findings_for_shows_the_enterprise_its_open_findings_first_by_severity(catalogue):
    category = ProductCategoryFactory.create(name="灯具")
    declaration = published_declaration(edition=Edition.objects.get(number="GB/T 12771-2008"), products=0)
    ProductFactory.create(version=current(declaration), category=category)
    IndicatorFactory.create(
        version=current(declaration), below_recommended=True, below_explanation="出口型号", name="显色指数"
    )
    services.screening_run(version=current(declaration), today=TODAY)
    assert [f.rule for f in findings_for(current(declaration))] == [
        "executed.replaced",
        "indicator.below_recommended",
    ]


def test_screening_a_published_version_tells_the_enterprise_once(catalogue, orgs, personas):
    from biaozhun.core.models import Notification
    from biaozhun.declarations import tasks

    declaration = published_declaration(
        organisation=orgs["enterprise_a"], edition=Edition.objects.get(number="GB/T 12771-2008")
    )
    assert tasks.screen_version.call(version_id=current(declaration).pk) == 1
    tasks.screen_version.call(version_id=current(declaration).pk)  # the same findings: no second message
    notes = Notification.objects.filter(recipient=personas["enterprise_a"], kind=services.SCREENING_KIND)
    assert notes.count() == 1
    assert "GB/T 12771-2019" in notes.get().body
    assert not Notification.objects.filter(recipient=personas["enterprise_b"]).exists()
    assert tasks.screen_version.call(version_id=987654) == 0  # a discarded draft
