"""Forms of the thematic databases: a database's rules, and a manual inclusion or exclusion.

Rules are checked the way the refresh reads them (``services.topics``), and, when the code lists
are loaded (``manage.py load_reference_data``), every CCS and ICS prefix must lead to a real code:
a typo would otherwise silently match nothing. Kept beside ``forms.py`` (the search form) as
``import_forms.py`` is.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from biaozhun.standards import selectors
from biaozhun.standards.models import Edition, Level, Topic
from biaozhun.standards.services import topics as topic_services

RESERVED_SLUGS = frozenset({"new"})


class TopicForm(forms.ModelForm):
    """A thematic database's names and rules, as the bureau edits them."""

    levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to include standards of every level."),
    )

    class Meta:
        model = Topic
        fields = [
            "name_zh",
            "name_en",
            "slug",
            "description",
            "ccs_prefixes",
            "ics_prefixes",
            "keywords",
            "levels",
            "is_published",
            "order",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "ccs_prefixes": forms.Textarea(attrs={"rows": 4, "placeholder": "K70-K74\nY6"}),
            "ics_prefixes": forms.Textarea(attrs={"rows": 4, "placeholder": "29.140\n97.030"}),
            "keywords": forms.Textarea(attrs={"rows": 4, "placeholder": "灯具\n照明"}),
        }
        help_texts = {
            "slug": _("Letters, digits and hyphens; it becomes the database's address (e.g. lighting)."),
            "ccs_prefixes": _(
                "One per line. A class letter (W), a category (K70) or a range (K70-K74); "
                "a standard matches when any of its CCS codes starts with one of them."
            ),
            "ics_prefixes": _(
                "One per line: a field (59), a group (29.140) or a sub-group (29.140.40); "
                "a group includes its sub-groups."
            ),
            "keywords": _(
                "One per line. A standard matches when its Chinese or English title contains one of them."
            ),
            "order": _("Databases are listed by this number, smallest first."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["levels"] = topic_services.split_items(self.instance.levels)

    def clean_slug(self) -> str:
        slug = str(self.cleaned_data["slug"]).lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is reserved; choose another short name."), params={"slug": slug}
            )
        return slug

    def clean_ccs_prefixes(self) -> str:
        try:
            prefixes = topic_services.parse_ccs_prefixes(self.cleaned_data["ccs_prefixes"])
        except topic_services.RuleError as exc:
            raise forms.ValidationError(str(exc)) from exc
        problems = topic_services.reference_problems(ccs=prefixes, ics=[])
        if problems:
            raise forms.ValidationError(problems)
        return "\n".join(prefixes)

    def clean_ics_prefixes(self) -> str:
        try:
            prefixes = topic_services.parse_ics_prefixes(self.cleaned_data["ics_prefixes"])
        except topic_services.RuleError as exc:
            raise forms.ValidationError(str(exc)) from exc
        problems = topic_services.reference_problems(ccs=[], ics=prefixes)
        if problems:
            raise forms.ValidationError(problems)
        return "\n".join(prefixes)

    def clean_keywords(self) -> str:
        try:
            return "\n".join(topic_services.parse_keywords(self.cleaned_data["keywords"]))
        except topic_services.RuleError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not any(
            cleaned.get(name) for name in ("ccs_prefixes", "ics_prefixes", "keywords")
        ):
            raise forms.ValidationError(
                _(
                    "Give at least one CCS prefix, ICS prefix or keyword, or the database will only hold "
                    "standards included by hand."
                )
            )
        return cleaned

    def clean_levels(self) -> str:
        # Ticked boxes arrive as a list; the model keeps them as text.
        return ",".join(self.cleaned_data.get("levels") or [])


OVERRIDE_CHOICES = (
    ("include", _("Include it, even if no rule matches")),
    ("exclude", _("Exclude it, even if a rule matches")),
)


class TopicOverrideForm(forms.Form):
    """Include or exclude one standard, by number, with the reason."""

    number = forms.CharField(
        label=_("Standard number"),
        max_length=120,
        help_text=_("With its year (GB 16410-2007); without one, the edition in force is meant."),
    )
    choice = forms.ChoiceField(label=_("Action"), choices=OVERRIDE_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(label=_("Reason"), max_length=300, help_text=_("Shown to other bureau staff."))

    def clean_number(self) -> Edition:
        try:
            return selectors.edition_detail(self.cleaned_data["number"])
        except Http404 as exc:
            raise forms.ValidationError(_("No standard with this number is in the catalogue.")) from exc

    @property
    def include(self) -> bool:
        return self.cleaned_data["choice"] == "include"
