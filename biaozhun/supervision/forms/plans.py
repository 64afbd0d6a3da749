"""Forms of the bureau's plan pages and of the inspectors' and enterprises' pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from biaozhun.accounts.models import Organisation, OrganisationKind
from biaozhun.declarations.models import ProductCategory
from biaozhun.supervision.models import Check, Conclusion, Inspection, SpotCheckPlan
from biaozhun.supervision.services.plans import EDITABLE_FIELDS


class PlanForm(forms.ModelForm):
    """A draft plan: the model's ``clean`` checks the size, the inspectors (≥ 2) and the period."""

    class Meta:
        model = SpotCheckPlan
        fields = list(EDITABLE_FIELDS)  # what the services let a draft change
        widgets = {
            "published_from": forms.DateInput(attrs={"type": "date"}),
            "published_to": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "sample_ratio": _("Either a number of objects or a share, not both."),
            "seed": _(
                "Leave empty for a random seed; it is published before the draw and cannot change afterwards."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        town, category = self.fields["town"], self.fields["category"]
        assert isinstance(town, forms.ModelChoiceField) and isinstance(category, forms.ModelChoiceField)
        town.queryset = Organisation.objects.filter(kind=OrganisationKind.TOWN, archived_at__isnull=True)
        category.queryset = ProductCategory.objects.filter(is_active=True)


class InspectionForm(forms.ModelForm):
    """The checklist; problems found are one per line."""

    findings = forms.CharField(
        label=_("Problems found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One problem per line; required when the object is not compliant."),
    )

    class Meta:
        model = Inspection
        fields = [
            "format_completeness",
            "format_completeness_notes",
            "indicators_baselines",
            "indicators_baselines_notes",
            "references_valid",
            "references_valid_notes",
            "product_matches",
            "product_matches_notes",
            "conclusion",
            "summary",
        ]
        widgets = {
            name: forms.RadioSelect(choices=Check.choices)
            for name in ("format_completeness", "indicators_baselines", "references_valid", "product_matches")
        } | {
            "conclusion": forms.RadioSelect(choices=Conclusion.choices),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def finding_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("findings", "").splitlines() if line.strip()]


class NoticeForm(forms.Form):
    requirements = forms.CharField(
        label=_("What must be corrected"), widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))


class NoticeAnswerForm(forms.Form):
    evidence_note = forms.CharField(
        label=_("What was corrected"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what you changed and where the corrected standard or product can be seen."),
    )


class ReinspectionForm(forms.Form):
    rectified = forms.TypedChoiceField(
        label=_("Result of the re-inspection"),
        choices=[("1", _("Rectified")), ("0", _("Not rectified"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(label=_("I confirm"), required=True)
