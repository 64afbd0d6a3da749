"""Enterprise self-declarations (企业标准自我声明公开): which standard each product or service executes.

A ``Declaration`` is one enterprise's statement for one set of products; what it says lives in
``DeclarationVersion`` rows, so that every published version is kept and shown (the law asks for
disclosure, and a revision must not erase what was public before). The declaration points at its
current published version and at the draft being prepared, if any. Products and indicators belong
to a version. Screening findings (``ScreeningFinding``) are attached to the version they were
found in; mandatory baselines (``MandatoryBaseline``) are kept by bureau staff per product category.

Who sees what: the public sees published declarations and, of them, only what the law requires to
be disclosed (the disclosure page decides that, not the model); the enterprise's members see their
own drafts; bureau staff see everything. Views fetch through ``visible_to`` so a guessed id is a 404.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biaozhun.core.models import AccessQuerySet, AuditedModel


class StandardKind(models.TextChoices):
    CATALOGUE = "catalogue", _("A standard of the catalogue (national, industry, local or group)")
    ENTERPRISE = "enterprise", _("The enterprise's own standard (Q/…)")


class DeclarationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VersionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Replaced by a revision")
    DISCARDED = "discarded", _("Discarded draft")


class Comparison(models.TextChoices):
    AT_LEAST = "ge", "≥"
    AT_MOST = "le", "≤"
    EQUAL = "eq", "="
    RANGE = "range", _("range")


class ProductCategory(AuditedModel):
    """A category of products (灯具, 家用电器 …): products must name one, and mandatory baselines are
    kept per category. Kept by bureau staff."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeclarationQuerySet(AccessQuerySet):
    def published(self) -> DeclarationQuerySet:
        return self.filter(status=DeclarationStatus.PUBLISHED)

    def visible_to(self, user: Any) -> DeclarationQuerySet:
        """Published declarations are public; an enterprise's members also see its drafts and
        withdrawn ones; bureau staff see all."""
        public = Q(status=DeclarationStatus.PUBLISHED)
        if not getattr(user, "is_authenticated", False):
            return self.filter(public)
        if user.is_bureau_admin:
            return self.all()
        return self.filter(public | Q(organisation_id__in=user.organisation_ids))

    def editable_by(self, user: Any) -> DeclarationQuerySet:
        """An enterprise's members edit its declarations (not withdrawn ones); nobody else does."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        organisations = user.organisation_ids_with_role("enterprise_admin", "enterprise_user")
        return self.filter(organisation_id__in=organisations).exclude(status=DeclarationStatus.WITHDRAWN)


class Declaration(AuditedModel):
    """One enterprise's self-declaration of the standard some of its products or services execute."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT
    )
    current = models.ForeignKey(
        "DeclarationVersion",
        verbose_name=_("published version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    draft = models.ForeignKey(
        "DeclarationVersion",
        verbose_name=_("draft being prepared"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    first_published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)
    needs_update = models.BooleanField(_("needs updating"), default=False, db_index=True)
    needs_update_reason = models.CharField(_("why it needs updating"), max_length=500, blank=True)
    source_key = models.CharField(
        _("key in the source it was migrated from"),
        max_length=200,
        blank=True,
        help_text=_(
            "Set by the migration of existing declarations, so that importing again changes nothing."
        ),
    )

    audit_state_field = "status"

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("self-declaration")
        verbose_name_plural = _("self-declarations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~Q(source_key=""), name="declaration_source_key_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "first_published_at"], name="declaration_status_date_idx")]

    def __str__(self) -> str:
        version = self.current or self.draft
        return f"{self.organisation} · {version.standard_number if version else self.public_id}"

    def get_absolute_url(self) -> str:
        return reverse("declarations:public_detail", kwargs={"public_id": self.public_id})


class DeclarationVersionQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> DeclarationVersionQuerySet:
        """Published and superseded versions are public (every version is shown); drafts are the
        enterprise's and the bureau's."""
        public = Q(state__in=[VersionState.PUBLISHED, VersionState.SUPERSEDED])
        if not getattr(user, "is_authenticated", False):
            return self.filter(public)
        if user.is_bureau_admin:
            return self.all()
        return self.filter(public | Q(declaration__organisation_id__in=user.organisation_ids))

    def editable_by(self, user: Any) -> DeclarationVersionQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        organisations = user.organisation_ids_with_role("enterprise_admin", "enterprise_user")
        return self.filter(declaration__organisation_id__in=organisations, state=VersionState.DRAFT)


class DeclarationVersion(AuditedModel):
    """What one version of a declaration says: the executed standard, the enterprise standard's text
    and indicators when it is the enterprise's own, the products, and the signed self-commitment."""

    declaration = models.ForeignKey(
        Declaration, verbose_name=_("declaration"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=12, choices=VersionState.choices, default=VersionState.DRAFT
    )
    standard_kind = models.CharField(
        _("kind of standard"), max_length=12, choices=StandardKind.choices, blank=True
    )
    edition = models.ForeignKey(
        "standards.Edition",
        verbose_name=_("executed standard"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="declaration_versions",
    )
    standard_number = models.CharField(_("standard number"), max_length=120, blank=True, db_index=True)
    standard_title = models.CharField(_("standard title"), max_length=500, blank=True)
    text_file = models.FileField(_("text of the standard"), upload_to="declarations/%Y/%m/", blank=True)
    text_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    commitment_signed_at = models.DateTimeField(_("self-commitment signed at"), null=True, blank=True)
    commitment_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("self-commitment signed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)

    audit_state_field = "state"

    objects = DeclarationVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("declaration version")
        verbose_name_plural = _("declaration versions")
        ordering = ["declaration", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "number"], name="declaration_version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard_number or '—'} v{self.number}"


class Product(models.Model):
    """A product (or service) a version declares: name, model and category are required."""

    version = models.ForeignKey(
        DeclarationVersion,
        verbose_name=_("declaration version"),
        on_delete=models.CASCADE,
        related_name="products",
    )
    name = models.CharField(_("product name"), max_length=200)
    model = models.CharField(_("model"), max_length=200)
    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    specification = models.CharField(_("specification"), max_length=300, blank=True)
    barcode = models.CharField(_("barcode (GTIN)"), max_length=14, blank=True, db_index=True)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    generic_name = models.CharField(_("generic name"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["version", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.model}"


class Indicator(models.Model):
    """A functional or performance indicator of an enterprise's own standard (Standardization Law
    Art. 27), with its test method (2024 measures) and, when it is below the recommended standard,
    the explicit flag and explanation the measures require."""

    version = models.ForeignKey(
        DeclarationVersion,
        verbose_name=_("declaration version"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=200)
    comparison = models.CharField(_("comparison"), max_length=5, choices=Comparison.choices)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=6)
    value_max = models.DecimalField(
        _("upper value (range)"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    test_method = models.CharField(_("test method"), max_length=300)
    below_recommended = models.BooleanField(_("below the recommended standard"), default=False)
    below_explanation = models.CharField(_("explanation"), max_length=500, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["version", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(below_recommended=False) | ~Q(below_explanation=""),
                name="indicator_below_needs_explanation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.get_comparison_display()} {self.value}{self.unit}"


class MandatoryBaseline(AuditedModel):
    """A mandatory limit for one indicator of one product category (e.g. from a GB standard): an
    enterprise standard may not be weaker (Standardization Law Art. 21). Kept by bureau staff."""

    category = models.ForeignKey(
        ProductCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="baselines"
    )
    indicator = models.CharField(_("indicator"), max_length=200)
    direction = models.CharField(
        _("direction"),
        max_length=2,
        choices=[("ge", _("at least (≥)")), ("le", _("at most (≤)"))],
    )
    limit = models.DecimalField(_("limit"), max_digits=18, decimal_places=6)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    source_standard = models.CharField(_("source standard"), max_length=120)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("mandatory baseline")
        verbose_name_plural = _("mandatory baselines")
        ordering = ["category", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "indicator", "source_standard"], name="baseline_unique_per_source"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.indicator} {self.direction} {self.limit}{self.unit}"


class Severity(models.TextChoices):
    ERROR = "error", _("Must be corrected")
    WARNING = "warning", _("Should be reviewed")
    INFO = "info", _("For information")


class FindingState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class ScreeningFindingQuerySet(AccessQuerySet):
    def open(self) -> ScreeningFindingQuerySet:
        return self.filter(state=FindingState.OPEN)

    def visible_to(self, user: Any) -> ScreeningFindingQuerySet:
        """Findings are between the enterprise and the bureau: not public."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        return self.filter(version__declaration__organisation_id__in=user.organisation_ids)

    def editable_by(self, user: Any) -> ScreeningFindingQuerySet:
        if getattr(user, "is_bureau_admin", False):
            return self.all()
        return self.none()


class ScreeningFinding(AuditedModel):
    """One thing automated screening found in one version, by rule: its id (``executed.replaced``,
    ``indicator.below_baseline`` …), severity and explanation, until resolved or dismissed with a
    reason. ``key`` tells apart two findings of one rule (two indicators), so a nightly re-run
    updates rather than repeats."""

    version = models.ForeignKey(
        DeclarationVersion,
        verbose_name=_("declaration version"),
        on_delete=models.CASCADE,
        related_name="findings",
    )
    rule = models.CharField(_("rule"), max_length=60, db_index=True)
    key = models.CharField(_("key"), max_length=200, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    message = models.TextField(_("explanation"))
    data = models.JSONField(_("details"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=FindingState.choices, default=FindingState.OPEN
    )
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last found at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.CharField(_("reason"), max_length=500, blank=True)

    audit_state_field = "state"

    objects = ScreeningFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening finding")
        verbose_name_plural = _("screening findings")
        ordering = ["version", "rule", "key"]
        constraints = [
            models.UniqueConstraint(fields=["version", "rule", "key"], name="finding_once_per_rule_and_key")
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.message[:60]}"
