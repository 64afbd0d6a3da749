"""The filter form of the audit trail list and its Excel export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from biaozhun.core.audit_selectors import audit_object_type_choices, audit_organisations
from biaozhun.core.models import AuditAction

_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class AuditEventFilterForm(forms.Form):
    """Every field is optional; an empty form lists the whole trail.

    Object types and organisations are limited to those that appear in the trail, so the lists
    stay short and every choice finds something.
    """

    actor = forms.CharField(
        label=_("Actor"), max_length=150, required=False, help_text=_("Part of a user name.")
    )
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label=_("Any organisation")
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.TypedChoiceField(label=_("Object type"), coerce=int, empty_value=None, required=False)
    object_id = forms.CharField(label=_("Object id"), max_length=64, required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=_DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=_DATE)
    q = forms.CharField(label=_("Object or note contains"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = audit_organisations()  # type: ignore[attr-defined]
        self.fields["action"].choices = [("", _("Any action")), *AuditAction.choices]  # type: ignore[attr-defined]
        self.fields["object_type"].choices = [  # type: ignore[attr-defined]
            ("", _("Any type")),
            *audit_object_type_choices(),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid field is left out rather than emptying the list."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}

    @property
    def is_filtered(self) -> bool:
        return bool(self.filters())
