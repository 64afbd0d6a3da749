"""Read-only code lists other apps classify by: CCS, ICS, HS 2022, industry-standard codes, divisions.

The rows change only through ``services.reference_load`` (the ``load_reference_data`` command), which
upserts them from the files in ``fixtures/reference/``; nobody edits them through the site or the API,
so these are plain models rather than audited ones. Each list is keyed by its public code, which is
what URLs, the API and other apps use.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biaozhun.core.models import AccessQuerySet


class ReferenceQuerySet(AccessQuerySet):
    """Public lists: every visitor may read every row, and nobody may edit one through the site."""

    def visible_to(self, user: Any) -> ReferenceQuerySet:
        return self.all()

    def editable_by(self, user: Any) -> ReferenceQuerySet:
        return self.none()


class CodeListEntry(models.Model):
    """What every code list shares: rows keyed by a public code, readable by all, named in one language.

    Subclasses declare their own ``code`` field (the lengths differ), the URL name of their detail
    page and the fields their name is read from, best language first.
    """

    code: str
    detail_url_name: ClassVar[str]
    label_fields: ClassVar[tuple[str, ...]]

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, kwargs={"code": self.code})

    @property
    def label(self) -> str:
        """The row's name: Chinese where the list has one, else English."""
        for attr in self.label_fields:
            value = getattr(self, attr)
            if value:
                return str(value)
        return ""

    @property
    def display_code(self) -> str:
        """The code as people print it (only HS formats it differently)."""
        return self.code


def parent_field(verbose_name: Any) -> models.ForeignKey[Any, Any]:
    """The link to the row one level up in a hierarchical list (the root rows have none)."""
    return models.ForeignKey(
        "self",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )


class CCSLevel(models.IntegerChoices):
    CLASS = 1, _("Class")
    GROUP = 2, _("Group")
    CATEGORY = 3, _("Category")


def ccs_sort_key(code: str, level: int) -> str:
    """A key that lists each group just before its own categories.

    Codes sort as A, A00/09, A00, A01 … A10/19, A10 …: plain code order would put "A00/09" after "A00".
    """
    if level == CCSLevel.CLASS:
        return code
    if level == CCSLevel.GROUP:
        return f"{code[:3]}0"
    return f"{code}1"


class CCSCode(CodeListEntry):
    """One entry of the Chinese Classification for Standards (中国标准文献分类法, CCS).

    Three levels: 24 classes (a letter, e.g. "K" 电工), their groups (a range, e.g. "K20/29") and the
    categories printed on every Chinese standard (e.g. "K22"). Titles are Chinese only.
    """

    code = models.CharField(_("code"), max_length=8, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=CCSLevel.choices, db_index=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    notes = models.TextField(_("notes"), blank=True)
    parent = parent_field(_("parent"))
    sort_key = models.CharField(_("sort key"), max_length=10, db_index=True, editable=False)

    detail_url_name = "reference:ccs_detail"
    label_fields = ("name_zh",)

    class Meta(CodeListEntry.Meta):
        verbose_name = _("CCS code")
        verbose_name_plural = _("CCS codes")
        ordering = ["sort_key"]

    @property
    def class_code(self) -> str:
        return self.code[:1]


class ICSLevel(models.IntegerChoices):
    FIELD = 1, _("Field")
    GROUP = 2, _("Group")
    SUBGROUP = 3, _("Sub-group")


class ICSCode(CodeListEntry):
    """One entry of the International Classification for Standards, 7th edition (ICS).

    Fields ("29"), groups ("29.160") and sub-groups ("29.160.30"). Titles are ISO's English ones; the
    shipped list has no Chinese titles, so ``title_zh`` stays empty until an authoritative source is loaded.
    ``notes`` keeps ISO's scope notes as a list of ``{"text": …, "ics-code": …}`` where ``{ics-code}`` in
    the text stands for a cross-reference.
    """

    code = models.CharField(_("code"), max_length=12, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=ICSLevel.choices, db_index=True)
    field_code = models.CharField(_("field"), max_length=2, db_index=True)
    title_en = models.CharField(_("English title"), max_length=255)
    full_title_en = models.CharField(_("full English title"), max_length=500, blank=True)
    title_zh = models.CharField(_("Chinese title"), max_length=255, null=True, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    parent = parent_field(_("parent"))

    detail_url_name = "reference:ics_detail"
    label_fields = ("title_zh", "title_en")

    class Meta(CodeListEntry.Meta):
        verbose_name = _("ICS code")
        verbose_name_plural = _("ICS codes")

    @property
    def note_parts(self) -> list[dict[str, str]]:
        """Notes split around their cross-reference, so a page can link the referenced code."""
        parts = []
        for note in self.notes if isinstance(self.notes, list) else []:
            text = str(note.get("text", "")) if isinstance(note, dict) else str(note)
            ref = str(note.get("ics-code", "")) if isinstance(note, dict) else ""
            before, marker, after = text.partition("{ics-code}")
            if not marker:
                before, after = text, ""
            parts.append({"before": before, "code": ref if marker else "", "after": after})
        return parts


class HSSection(models.Model):
    """One of the 21 sections of the Harmonized System (roman numerals I to XXI)."""

    numeral = models.CharField(_("section"), max_length=8, unique=True)
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    name_en = models.CharField(_("English name"), max_length=255)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("HS section")
        verbose_name_plural = _("HS sections")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.numeral} {self.name_en}"


class HSLevel(models.IntegerChoices):
    CHAPTER = 2, _("Chapter (2 digits)")
    HEADING = 4, _("Heading (4 digits)")
    TOTAL = 5, _("All commodities")
    SUBHEADING = 6, _("Subheading (6 digits)")


class HSCode(CodeListEntry):
    """One line of the Harmonized System 2022 nomenclature (English descriptions only).

    Chapters have two digits, headings four, subheadings six; the single level-5 row "TOTAL" is the
    root the chapters hang from, kept because the source file has it.
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    description_en = models.CharField(_("English description"), max_length=400)
    level = models.PositiveSmallIntegerField(_("level"), choices=HSLevel.choices, db_index=True)
    chapter = models.CharField(_("chapter"), max_length=2, blank=True, db_index=True)
    parent = parent_field(_("parent"))
    section = models.ForeignKey(
        HSSection,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="codes",
    )

    detail_url_name = "reference:hs_detail"
    label_fields = ("description_en",)

    class Meta(CodeListEntry.Meta):
        verbose_name = _("HS code")
        verbose_name_plural = _("HS codes")

    @property
    def display_code(self) -> str:
        """The code as customs forms print it: 8517.13 rather than 851713."""
        if self.level == HSLevel.SUBHEADING and len(self.code) == 6:
            return f"{self.code[:4]}.{self.code[4:]}"
        return self.code


class IndustryStandardCode(CodeListEntry):
    """The two-letter prefix of a Chinese industry (sector) standard, e.g. "QB" for light industry.

    ``administering_body_pre2018`` is the body named by the source before the 2018 reorganisation of
    the State Council; it is history, not the current administering department. Rows whose code the
    source could not confirm carry ``needs_verification``.
    """

    code = models.CharField(_("code"), max_length=4, unique=True)
    name_zh = models.CharField(_("Chinese industry name"), max_length=100)
    name_en = models.CharField(_("English industry name"), max_length=100, blank=True)
    administering_body_pre2018 = models.CharField(
        _("administering body before 2018"), max_length=100, blank=True
    )
    source = models.CharField(_("source"), max_length=255, blank=True)
    confidence = models.CharField(_("confidence"), max_length=100, blank=True)
    needs_verification = models.BooleanField(_("needs verification"), default=False)

    detail_url_name = "reference:industry_code_detail"
    label_fields = ("name_zh",)

    class Meta(CodeListEntry.Meta):
        verbose_name = _("industry-standard code")
        verbose_name_plural = _("industry-standard codes")


class DivisionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    PREFECTURE = 2, _("Prefecture")


class AdministrativeDivision(CodeListEntry):
    """A province or prefecture-level division of GB/T 2260, with its local-standard prefix.

    ``local_standard_code`` is the prefix a local standard from that division would carry: "DB" and
    the first two digits for a province (DB44), the first four for a prefecture-level city (DB4420,
    中山市). It is derived, not published: not every prefecture issues local standards. Grouping rows
    such as "市辖区" have no prefix.
    """

    code = models.CharField(_("code"), max_length=6, unique=True)
    name_zh = models.CharField(_("name"), max_length=50)
    level = models.PositiveSmallIntegerField(_("level"), choices=DivisionLevel.choices, db_index=True)
    parent = parent_field(_("province"))
    local_standard_code = models.CharField(
        _("local-standard prefix"), max_length=8, blank=True, db_index=True
    )

    detail_url_name = "reference:division_detail"
    label_fields = ("name_zh",)

    class Meta(CodeListEntry.Meta):
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
