"""The standards catalogue: works, their editions, replacements between editions, and imports.

One ``Edition`` per dated number (``GB/T 1.1-2020``); editions of the same work share a ``Work``
(``GB/T 1.1``), which is how an undated reference resolves to the current edition. Replacement is
stored once, as a ``Replacement`` row from the older edition to the newer one, so ``replaces`` and
``replaced_by`` can never disagree: sources disagree on which way "被代替标准" points, so both
directions are read from the sources and written as the same kind of row.

Editions are not ``AuditedModel``s: a catalogue import writes up to a million rows in bulk, which
the per-save audit signals could not carry. Their history is kept instead by ``EditionChange``
rows, written by the import service for every field it changes, naming the import that changed
it; the import itself (who started it, when) is an audited ``ImportRun``.
See docs/adr/0006-standards-catalogue.md.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biaozhun.core.models import AccessQuerySet, AuditedModel


class Level(models.TextChoices):
    NATIONAL = "national", _("National standard")
    INDUSTRY = "industry", _("Industry standard")
    LOCAL = "local", _("Local standard")
    GROUP = "group", _("Group standard")
    ENTERPRISE = "enterprise", _("Enterprise standard")
    INTERNATIONAL = "international", _("International standard")
    FOREIGN = "foreign", _("Foreign standard")


class Nature(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory")
    RECOMMENDED = "recommended", _("Recommended")
    GUIDANCE = "guidance", _("Guidance")
    UNKNOWN = "unknown", _("Not stated")


class Status(models.TextChoices):
    CURRENT = "current", _("Current")
    UPCOMING = "upcoming", _("To be implemented")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REPLACED = "replaced", _("Replaced")
    UNKNOWN = "unknown", _("Unknown")


class Adoption(models.TextChoices):
    IDENTICAL = "IDT", _("Identical (IDT)")
    MODIFIED = "MOD", _("Modified (MOD)")
    NOT_EQUIVALENT = "NEQ", _("Not equivalent (NEQ)")


class PublicQuerySet(AccessQuerySet):
    """The catalogue is public: everyone reads it; only imports (bureau staff) change it."""

    def visible_to(self, user: Any) -> PublicQuerySet:
        return self.all()

    def editable_by(self, user: Any) -> PublicQuerySet:
        if getattr(user, "is_bureau_admin", False):
            return self.all()
        return self.none()


class Work(models.Model):
    """All editions of one standard: the number without its year (``GB/T 1.1``, ``ISO 9001``)."""

    key = models.CharField(_("work"), max_length=120, unique=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    code = models.CharField(_("issuing code"), max_length=40)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard (all editions)")
        verbose_name_plural = _("standards (all editions)")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class EditionQuerySet(PublicQuerySet):
    def in_force(self) -> EditionQuerySet:
        return self.filter(status=Status.CURRENT)


class Edition(models.Model):
    """One edition of a standard as the catalogue knows it, with its status and dates.

    ``status`` is the normalised status; ``source_status`` keeps the source's own word (现行,
    有更新版 …). ``ccs_class`` and ``ics_field`` are the first letter / first two digits of the first
    code, kept as columns because every search counts them as facets.

    Indexes are few on purpose: every one slows the million-row import, and searching and facet
    counting are the search engine's work. What remains serves lookups by number, a work's
    editions, the status rules (``status``) and the browse counts (``ccs_class``, ``ics_field``).
    """

    number = models.CharField(_("standard number"), max_length=120, unique=True)
    work = models.ForeignKey(Work, verbose_name=_("work"), on_delete=models.PROTECT, related_name="editions")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    nature = models.CharField(_("nature"), max_length=16, choices=Nature.choices, default=Nature.UNKNOWN)
    code = models.CharField(_("issuing code"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title_zh = models.CharField(_("Chinese title"), max_length=500, blank=True)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UNKNOWN, db_index=True
    )
    source_status = models.CharField(_("status as the source gives it"), max_length=40, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    implemented_on = models.DateField(_("implemented on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    ccs_codes = models.CharField(_("CCS codes"), max_length=100, blank=True)
    ics_codes = models.CharField(_("ICS codes"), max_length=200, blank=True)
    ccs = models.ForeignKey(
        "reference.CCSCode",
        verbose_name=_("CCS category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="editions",
        db_constraint=False,
        db_index=False,
    )
    ics = models.ForeignKey(
        "reference.ICSCode",
        verbose_name=_("ICS code"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="editions",
        db_constraint=False,
        db_index=False,
    )
    ccs_class = models.CharField(_("CCS class"), max_length=1, blank=True, db_index=True)
    ics_field = models.CharField(_("ICS field"), max_length=2, blank=True, db_index=True)
    responsible_body = models.CharField(_("responsible department"), max_length=200, blank=True)
    technical_committee = models.CharField(_("technical committee"), max_length=200, blank=True)
    issuing_body = models.CharField(_("issued by"), max_length=300, blank=True)
    drafting_organisations = models.TextField(_("drafting organisations"), blank=True)
    drafters = models.ManyToManyField(
        "accounts.Organisation",
        verbose_name=_("drafting organisations on the platform"),
        blank=True,
        related_name="drafted_editions",
    )
    adoption = models.CharField(_("degree of adoption"), max_length=3, choices=Adoption.choices, blank=True)
    adopted_number = models.CharField(_("adopted standard"), max_length=120, blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    source = models.CharField(_("source"), max_length=20, blank=True)
    source_id = models.CharField(_("source record id"), max_length=100, blank=True)
    source_url = models.URLField(_("official page"), max_length=300, blank=True)
    last_seen_at = models.DateTimeField(_("last seen in a source"), null=True, blank=True)
    is_inferred = models.BooleanField(
        _("known only from another edition"),
        default=False,
        help_text=_(
            "Created because another record names it as replaced or replacing; no source has described it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = EditionQuerySet.as_manager()

    # The fields an import compares and writes; the change history records them.
    TRACKED_FIELDS = (
        "level",
        "nature",
        "code",
        "year",
        "title_zh",
        "title_en",
        "status",
        "source_status",
        "issued_on",
        "implemented_on",
        "withdrawn_on",
        "ccs_codes",
        "ics_codes",
        "ccs_class",
        "ics_field",
        "responsible_body",
        "technical_committee",
        "issuing_body",
        "drafting_organisations",
        "adoption",
        "adopted_number",
        "keywords",
        "notes",
        "source",
        "source_id",
        "source_url",
        "is_inferred",
    )

    class Meta:
        verbose_name = _("standard edition")
        verbose_name_plural = _("standard editions")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title_zh}".strip()

    def get_absolute_url(self) -> str:
        return reverse("standards:detail", kwargs={"number": self.number})

    @property
    def title(self) -> str:
        return self.title_zh or self.title_en


class Replacement(models.Model):
    """``successor`` replaces ``predecessor`` (wholly, or in part: 部分代替).

    The one place replacement is stored: ``edition.replaces`` and ``edition.replaced_by`` are both
    read from these rows.
    """

    predecessor = models.ForeignKey(
        Edition, verbose_name=_("replaced edition"), on_delete=models.CASCADE, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Edition,
        verbose_name=_("replacing edition"),
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    partial = models.BooleanField(_("partial replacement"), default=False)
    source = models.CharField(_("source"), max_length=20, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("replacement")
        verbose_name_plural = _("replacements")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="replacement_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")), name="replacement_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.successor.number} → {self.predecessor.number}"


class ImportFormat(models.TextChoices):
    FLAT = "flat", _("Platform catalogue file (CSV or Excel)")
    OPENSTD = "openstd", _("openstd.samr.gov.cn pages (HTML)")
    SAMR = "samr", _("std.samr.gov.cn search results (JSON)")
    HBBA = "hbba", _("Industry standard filings, hbba.sacinfo.org.cn (JSON)")
    DBBA = "dbba", _("Local standard filings, dbba.sacinfo.org.cn (JSON)")
    TTBZ = "ttbz", _("Group standards, ttbz.org.cn (JSON)")


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportRunQuerySet(AccessQuerySet):
    """Import logs are for bureau staff, who run the imports."""

    def visible_to(self, user: Any) -> ImportRunQuerySet:
        if getattr(user, "is_bureau_admin", False):
            return self.all()
        return self.none()

    def editable_by(self, user: Any) -> ImportRunQuerySet:
        return self.visible_to(user)


class ImportRun(AuditedModel):
    """One import of one file into the catalogue: what it was, how far it got, and what it did.

    ``processed`` / ``total`` drive the progress bar while it runs; the counts and the rejected
    rows (``ImportRejection``) are its report.
    """

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    file_name = models.CharField(_("file"), max_length=255)
    file = models.FileField(_("uploaded file"), upload_to="imports/%Y/%m/", blank=True)
    format = models.CharField(_("format"), max_length=10, choices=ImportFormat.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=ImportState.choices, default=ImportState.QUEUED
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    total = models.PositiveIntegerField(_("rows in the file"), default=0)
    processed = models.PositiveIntegerField(_("rows processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    failure = models.TextField(_("reason for failure"), blank=True)

    audit_exclude = AuditedModel.audit_exclude | {"processed", "total"}
    audit_state_field = "state"

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return reverse("standards:import_detail", kwargs={"public_id": self.public_id})

    @property
    def percent(self) -> int:
        if self.state == ImportState.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(100 * self.processed / self.total))

    @property
    def is_finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)


class ImportRejection(models.Model):
    """A row an import did not take, with its line in the file and the reason."""

    run = models.ForeignKey(
        ImportRun, verbose_name=_("import"), on_delete=models.CASCADE, related_name="rejections"
    )
    line = models.PositiveIntegerField(_("line"))
    number = models.CharField(_("standard number as given"), max_length=200, blank=True)
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        ordering = ["run", "line", "id"]

    def __str__(self) -> str:
        return f"{self.line}: {self.reason}"


class EditionChange(models.Model):
    """One change to one edition: which fields, from what to what, by which import or task, and when."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="changes"
    )
    run = models.ForeignKey(
        ImportRun,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="edition_changes",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind of change"), max_length=20)  # created, updated, dates, replacement
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition change")
        verbose_name_plural = _("edition changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.kind} {self.changed_at:%Y-%m-%d}"


class TopicQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> TopicQuerySet:
        """Published databases are public; bureau staff also see the ones being prepared."""
        if getattr(user, "is_bureau_admin", False):
            return self.all()
        return self.filter(is_published=True)

    def editable_by(self, user: Any) -> TopicQuerySet:
        if getattr(user, "is_bureau_admin", False):
            return self.all()
        return self.none()


class Topic(AuditedModel):
    """A thematic standards database (专题标准数据库), e.g. lighting or gas appliances.

    Membership is defined by rules (CCS and ICS code prefixes, title keywords, levels; an edition
    matches when it matches any prefix or keyword and, if levels are given, has one of them) plus
    manual inclusions and exclusions (``TopicOverride``). The members are kept in ``TopicEntry`` and
    recomputed after every import and daily run, so the public page is a plain indexed read.
    Rule fields hold one item per line (or separated by commas / 、).
    """

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    ccs_prefixes = models.TextField(_("CCS code prefixes"), blank=True)
    ics_prefixes = models.TextField(_("ICS code prefixes"), blank=True)
    keywords = models.TextField(_("title keywords"), blank=True)
    levels = models.CharField(_("levels"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    member_count = models.PositiveIntegerField(_("standards"), default=0)
    refreshed_at = models.DateTimeField(_("members refreshed at"), null=True, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("thematic database")
        verbose_name_plural = _("thematic databases")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.name_zh

    def get_absolute_url(self) -> str:
        return reverse("standards:topic_detail", kwargs={"slug": self.slug})


class TopicEntry(models.Model):
    """That an edition belongs to a thematic database, and why (a rule or a manual inclusion)."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("thematic database"), on_delete=models.CASCADE, related_name="entries"
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="topic_entries"
    )
    manual = models.BooleanField(_("included by hand"), default=False)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("thematic database entry")
        verbose_name_plural = _("thematic database entries")
        constraints = [models.UniqueConstraint(fields=["topic", "edition"], name="topic_entry_unique")]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.edition_id}"


class TopicOverride(AuditedModel):
    """A manual inclusion or exclusion of one edition in a thematic database, with the reason."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("thematic database"), on_delete=models.CASCADE, related_name="overrides"
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    include = models.BooleanField(
        _("include"), help_text=_("Untick to exclude the edition even if a rule matches it.")
    )
    note = models.CharField(_("reason"), max_length=300, blank=True)

    objects = PublicQuerySet.as_manager()

    class Meta:
        verbose_name = _("thematic database inclusion or exclusion")
        verbose_name_plural = _("thematic database inclusions and exclusions")
        constraints = [models.UniqueConstraint(fields=["topic", "edition"], name="topic_override_unique")]

    def __str__(self) -> str:
        return f"{self.topic_id}: {'+' if self.include else '-'}{self.edition_id}"


from biaozhun.standards.search.pg_models import EditionSearchDocument  # noqa: E402, F401  (search table)
