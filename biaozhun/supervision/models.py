"""Random spot checks (双随机一公开) of declared enterprise and group standards.

A ``SpotCheckPlan`` says which published declarations may be drawn (the population filters), how
many, by how many inspectors each, and the seed. The seed is published before the draw, so the
bureau cannot choose it after seeing the result; the draw itself (``sampling.draw``) is pure and
recorded in a ``Draw`` row that is never changed afterwards: it keeps the exact population and
inspector pool it was made from, so anyone can recompute it from the public record.

Each drawn object becomes an ``Assignment`` with its inspectors (``AssignmentInspector``). The
inspectors record an ``Inspection`` (a checklist and a conclusion) with ``InspectionFinding`` rows;
a failed check leads to a ``RectificationNotice`` with a deadline, the enterprise's answer, and a
``Reinspection``. When every assignment is closed, the bureau publishes the results (一公开).

Who sees what: plans and draws are the bureau's until drawn, then the draw record is public; an
inspector sees only the assignments they were drawn for; an enterprise sees the checks of its own
declarations; the public sees results once published. Views fetch through ``visible_to``.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biaozhun.core.models import AccessQuerySet, AuditedModel


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_inspector(user: Any) -> bool:
    """Whether ``user`` is in the inspector pool (an active inspector or expert membership)."""
    from biaozhun.accounts.models import Role

    return _authenticated(user) and user.has_role(Role.INSPECTOR, Role.EXPERT)


class KindFilter(models.TextChoices):
    ANY = "any", _("Enterprise and group standards")
    ENTERPRISE = "enterprise", _("Enterprise standards (Q/…)")
    GROUP = "group", _("Group standards (T/…)")


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SEED_PUBLISHED = "seed_published", _("Seed published")
    DRAWN = "drawn", _("Drawn")
    IN_PROGRESS = "in_progress", _("Inspections under way")
    CLOSED = "closed", _("Closed")


class ConflictDeclarationQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> ConflictDeclarationQuerySet:
        """The inspector's own declarations; the bureau sees all."""
        if not _authenticated(user):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        return self.filter(inspector=user)

    def editable_by(self, user: Any) -> ConflictDeclarationQuerySet:
        return self.visible_to(user)


class ConflictDeclaration(AuditedModel):
    """An inspector's declared conflict of interest with an organisation or one declaration: the
    draw never gives them that object (``sampling.Inspector.conflicts``)."""

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="spotcheck_conflicts",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    declaration = models.ForeignKey(
        "declarations.Declaration",
        verbose_name=_("self-declaration"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300)

    objects = ConflictDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        ordering = ["inspector", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(declaration__isnull=False),
                name="conflict_names_organisation_or_declaration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspector}: {self.organisation or self.declaration}"

    def clean(self) -> None:
        super().clean()
        if not self.organisation_id and not self.declaration_id:
            raise ValidationError(_("Name the organisation or the declaration the conflict is with."))


class SpotCheckPlanQuerySet(AccessQuerySet):
    def drawn(self) -> SpotCheckPlanQuerySet:
        return self.filter(draw__isnull=False)

    def with_published_results(self) -> SpotCheckPlanQuerySet:
        return self.filter(results_published_at__isnull=False)

    def visible_to(self, user: Any) -> SpotCheckPlanQuerySet:
        """The bureau sees every plan; everyone else sees drawn plans (their draw record is public)."""
        if _authenticated(user) and user.is_bureau_admin:
            return self.all()
        return self.drawn()

    def editable_by(self, user: Any) -> SpotCheckPlanQuerySet:
        """Only bureau administrators manage plans."""
        if _authenticated(user) and user.is_bureau_admin:
            return self.all()
        return self.none()


class SpotCheckPlan(AuditedModel):
    """One random spot-check campaign: the population filters, the sample, the seed and its state."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    standard_kind = models.CharField(
        _("kind of standard"), max_length=12, choices=KindFilter.choices, default=KindFilter.ANY
    )
    category = models.ForeignKey(
        "declarations.ProductCategory",
        verbose_name=_("product category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    town = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("town or street"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": "town"},
        related_name="+",
    )
    published_from = models.DateField(_("declarations published from"), null=True, blank=True)
    published_to = models.DateField(_("declarations published until"), null=True, blank=True)
    sample_size = models.PositiveIntegerField(_("number of objects"), null=True, blank=True)
    sample_ratio = models.DecimalField(
        _("share of the population (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    inspectors_per_object = models.PositiveSmallIntegerField(
        _("inspectors per object"), default=2, validators=[MinValueValidator(2)]
    )
    avoid_same_town = models.BooleanField(_("inspectors not from the object's town"), default=True)
    seed = models.CharField(_("seed"), max_length=200, blank=True)
    seed_published_at = models.DateTimeField(_("seed published at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )

    audit_state_field = "state"

    objects = SpotCheckPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("spot-check plan")
        verbose_name_plural = _("spot-check plans")
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inspectors_per_object__gte=2), name="plan_at_least_two_inspectors"
            ),
            models.CheckConstraint(
                condition=Q(sample_size__isnull=True) | Q(sample_ratio__isnull=True),
                name="plan_size_or_ratio_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.sample_size is None and self.sample_ratio is None:
            errors["sample_size"] = _("Give the number of objects or a share of the population.")
        if self.sample_size is not None and self.sample_ratio is not None:
            errors["sample_ratio"] = _("Give the number of objects or a share, not both.")
        if self.sample_size is not None and self.sample_size < 1:
            errors["sample_size"] = _("Draw at least one object.")
        if self.sample_ratio is not None and self.sample_ratio <= 0:
            errors["sample_ratio"] = _("The share must be more than 0%.")
        if self.inspectors_per_object is not None and self.inspectors_per_object < 2:
            errors["inspectors_per_object"] = _("Each object needs at least two inspectors.")
        if self.published_from and self.published_to and self.published_from > self.published_to:
            errors["published_to"] = _("The end of the period is before its start.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_draft(self) -> bool:
        return self.state == PlanState.DRAFT

    @property
    def is_drawn(self) -> bool:
        return self.state not in (PlanState.DRAFT, PlanState.SEED_PUBLISHED)


class ImmutableError(Exception):
    """Raised when code tries to change or delete a recorded draw."""


class DrawQuerySet(AccessQuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableError("a recorded draw cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableError("a recorded draw cannot be deleted")

    def visible_to(self, user: Any) -> DrawQuerySet:
        """Draw records are public: that is the point of publishing them."""
        return self.all()

    def editable_by(self, user: Any) -> DrawQuerySet:
        return self.none()


class Draw(models.Model):
    """The recorded draw of one plan, exactly as computed: immutable once saved.

    ``population`` and ``inspectors`` are the canonical inputs given to ``sampling.draw`` and
    ``result`` its output (``Draw.as_json()``), so the public record reproduces the selection.
    """

    plan = models.OneToOneField(
        SpotCheckPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="draw"
    )
    algorithm = models.CharField(_("algorithm"), max_length=40)
    seed = models.CharField(_("seed"), max_length=200)
    sample_size = models.PositiveIntegerField(_("number of objects"))
    inspectors_per_object = models.PositiveSmallIntegerField(_("inspectors per object"))
    avoid_same_town = models.BooleanField(_("inspectors not from the object's town"))
    population_fingerprint = models.CharField(_("population fingerprint"), max_length=80)
    population_size = models.PositiveIntegerField(_("population size"))
    population = models.JSONField(_("population"))
    inspectors = models.JSONField(_("inspector pool"))
    result = models.JSONField(_("result"))
    drawn_at = models.DateTimeField(_("drawn at"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = DrawQuerySet.as_manager()

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.plan} · {self.population_fingerprint[:19]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise ImmutableError("a recorded draw cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableError("a recorded draw cannot be deleted")

    def input_json(self) -> dict[str, Any]:
        """The exact input of ``manage.py spotcheck_draw --input`` that gives ``result``."""
        return {
            "seed": self.seed,
            "sample_size": self.sample_size,
            "inspectors_per_object": self.inspectors_per_object,
            "avoid_same_town": self.avoid_same_town,
            "population": self.population,
            "inspectors": self.inspectors,
        }


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("Awaiting inspection")
    RECTIFYING = "rectifying", _("Under rectification")
    CLOSED = "closed", _("Closed")


class Conclusion(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    NON_COMPLIANT = "non_compliant", _("Not compliant")


class AssignmentQuerySet(AccessQuerySet):
    def assigned_to(self, user: Any) -> AssignmentQuerySet:
        return self.filter(inspectors__inspector=user)

    def visible_to(self, user: Any) -> AssignmentQuerySet:
        """The bureau sees all; an inspector the assignments they were drawn for; an enterprise the
        checks of its own declarations. Nobody else (the public sees published results only)."""
        if not _authenticated(user):
            return self.none()
        if user.is_bureau_admin:
            return self.all()
        return self.filter(
            Q(pk__in=self.model.objects.assigned_to(user).values("pk"))
            | Q(declaration__organisation_id__in=user.organisation_ids)
        )

    def editable_by(self, user: Any) -> AssignmentQuerySet:
        """Inspectors record inspections only on the objects they were drawn for."""
        if not is_inspector(user):
            return self.none()
        return self.filter(pk__in=self.model.objects.assigned_to(user).values("pk"))


class Assignment(AuditedModel):
    """One drawn object of a plan (a published declaration) and where its check stands."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(
        SpotCheckPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="assignments"
    )
    declaration = models.ForeignKey(
        "declarations.Declaration",
        verbose_name=_("self-declaration"),
        on_delete=models.PROTECT,
        related_name="spot_checks",
    )
    position = models.PositiveIntegerField(_("order in the draw"))
    state = models.CharField(
        _("state"), max_length=12, choices=AssignmentState.choices, default=AssignmentState.ASSIGNED
    )
    conclusion = models.CharField(_("conclusion"), max_length=14, choices=Conclusion.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    audit_state_field = "state"

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("spot-check assignment")
        verbose_name_plural = _("spot-check assignments")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "declaration"], name="assignment_once_per_plan"),
            models.UniqueConstraint(fields=["plan", "position"], name="assignment_position_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} #{self.position}: {self.declaration}"


class AssignmentInspector(models.Model):
    """One inspector drawn for one assignment, in the order the draw gave."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="inspectors"
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.PROTECT,
        related_name="spotcheck_assignments",
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("assigned inspector")
        verbose_name_plural = _("assigned inspectors")
        ordering = ["assignment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "inspector"], name="inspector_once_per_assignment")
        ]

    def __str__(self) -> str:
        return str(self.inspector)


class Check(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NOT_APPLICABLE = "na", _("Not applicable")


class InspectionQuerySet(AccessQuerySet):
    def visible_to(self, user: Any) -> InspectionQuerySet:
        return self.filter(assignment__in=Assignment.objects.visible_to(user))

    def editable_by(self, user: Any) -> InspectionQuerySet:
        return self.filter(assignment__in=Assignment.objects.editable_by(user))


class Inspection(AuditedModel):
    """What the inspectors found on one assignment: the checklist, each item pass/fail/n.a. with notes."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="inspections"
    )
    format_completeness = models.CharField(
        _("format and completeness of the standard"), max_length=4, choices=Check.choices
    )
    format_completeness_notes = models.CharField(_("notes"), max_length=500, blank=True)
    indicators_baselines = models.CharField(
        _("indicators meet the mandatory baselines"), max_length=4, choices=Check.choices
    )
    indicators_baselines_notes = models.CharField(_("notes"), max_length=500, blank=True)
    references_valid = models.CharField(
        _("referenced standards are valid"), max_length=4, choices=Check.choices
    )
    references_valid_notes = models.CharField(_("notes"), max_length=500, blank=True)
    product_matches = models.CharField(
        _("the product matches the declared standard"), max_length=4, choices=Check.choices
    )
    product_matches_notes = models.CharField(_("notes"), max_length=500, blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=14, choices=Conclusion.choices)
    summary = models.TextField(_("summary"), blank=True)
    inspected_at = models.DateTimeField(_("inspected at"))
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspected by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = InspectionQuerySet.as_manager()

    CHECK_FIELDS = ("format_completeness", "indicators_baselines", "references_valid", "product_matches")

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["assignment", "inspected_at"]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.get_conclusion_display()}"

    def clean(self) -> None:
        super().clean()
        failed = any(getattr(self, f) == Check.FAIL for f in self.CHECK_FIELDS)
        if failed and self.conclusion == Conclusion.COMPLIANT:
            raise ValidationError(
                {"conclusion": _("An object that fails a checklist item cannot be compliant.")}
            )


class InspectionFinding(models.Model):
    """One problem an inspection found, in words the enterprise is told."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="findings"
    )
    description = models.CharField(_("problem found"), max_length=500)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("inspection finding")
        verbose_name_plural = _("inspection findings")
        ordering = ["inspection", "position", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class NoticeQuerySet(AccessQuerySet):
    def open(self) -> NoticeQuerySet:
        return self.filter(rectified_at__isnull=True, closed_at__isnull=True)

    def visible_to(self, user: Any) -> NoticeQuerySet:
        return self.filter(assignment__in=Assignment.objects.visible_to(user))

    def editable_by(self, user: Any) -> NoticeQuerySet:
        """The enterprise answers its own notices while they are open."""
        if not _authenticated(user):
            return self.none()
        from biaozhun.accounts.models import ENTERPRISE_ROLES

        organisations = user.organisation_ids_with_role(*ENTERPRISE_ROLES)
        return self.open().filter(assignment__declaration__organisation_id__in=organisations)


class RectificationNotice(AuditedModel):
    """An order to correct what an inspection found, by a deadline; the enterprise answers with
    evidence, and a re-inspection decides whether it is rectified."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.PROTECT, related_name="notices"
    )
    requirements = models.TextField(_("what must be corrected"))
    deadline = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("told it is overdue at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    evidence_note = models.TextField(_("what was corrected"), blank=True)
    rectified_at = models.DateTimeField(_("rectified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.assignment.declaration} · {self.deadline}"


class Reinspection(AuditedModel):
    """The check after a rectification notice was answered: rectified or not."""

    notice = models.ForeignKey(
        RectificationNotice,
        verbose_name=_("rectification notice"),
        on_delete=models.PROTECT,
        related_name="reinspections",
    )
    rectified = models.BooleanField(_("rectified"))
    notes = models.TextField(_("notes"), blank=True)
    inspected_at = models.DateTimeField(_("inspected at"))
    inspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inspected by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("re-inspection")
        verbose_name_plural = _("re-inspections")
        ordering = ["notice", "inspected_at"]

    def __str__(self) -> str:
        return f"{self.notice}: {self.rectified}"
