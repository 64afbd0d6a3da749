"""Forms of screening: the queue's filters, closing a finding, baselines and categories."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from biaozhun.declarations import screening as rules
from biaozhun.declarations.models import FindingState, MandatoryBaseline, ProductCategory, Severity


def rule_choices() -> list[tuple[str, Any]]:
    return [("", _("Any rule"))] + [(rule, rule) for rule in rules.RULES]


class QueueFilterForm(forms.Form):
    rule = forms.ChoiceField(label=_("Rule"), required=False, choices=rule_choices)
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=[("", _("Any severity")), *Severity.choices]
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("Any state")), *FindingState.choices],
        initial=FindingState.OPEN,
    )
    enterprise = forms.CharField(label=_("Enterprise (name or USCC)"), required=False, max_length=100)

    def filters(self) -> dict[str, str]:
        """The filters to apply; an invalid choice counts as none, and no state given means open."""
        data = self.cleaned_data if self.is_valid() else {}
        state = data.get("state", FindingState.OPEN) if "state" in self.data else FindingState.OPEN
        return {
            "rule": data.get("rule", ""),
            "severity": data.get("severity", ""),
            "enterprise": data.get("enterprise", ""),
            "state": state,
        }


class FindingCloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the finding and shown to the enterprise."),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason."))
        return reason


class CategoryForm(forms.ModelForm):
    class Meta:
        model = ProductCategory
        fields = ["name", "description", "is_active"]


class BaselineForm(forms.ModelForm):
    class Meta:
        model = MandatoryBaseline
        fields = ["category", "indicator", "direction", "limit", "unit", "source_standard", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.category_id if self.instance.pk else None
        qs = ProductCategory.objects.filter(is_active=True)
        if current:
            qs = ProductCategory.objects.filter(is_active=True) | ProductCategory.objects.filter(pk=current)
        self.fields["category"].queryset = qs.order_by("name")  # type: ignore[attr-defined]
        self.fields["source_standard"].help_text = _(
            "The mandatory standard the limit comes from, e.g. GB 30255-2019."
        )
        self.fields["indicator"].help_text = _(
            "Matched with the indicators of enterprise standards by name, ignoring spaces and punctuation."
        )
