"""Search and filter forms of the code-list pages (GET forms; invalid filters are dropped and shown)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from biaozhun.reference import selectors
from biaozhun.reference.models import CCSLevel, DivisionLevel, HSLevel, ICSLevel

# htmx: re-run the search while the user types (after a pause) or changes a filter, replacing only
# the results; the same form still works as a plain GET form without JavaScript.
_HTMX = {"hx-target": "#results", "hx-include": "closest form", "hx-push-url": "true"}


class CodeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=selectors.MAX_QUERY_LENGTH,
        widget=forms.SearchInput,
        help_text=_("A code or the start of one, or part of a name."),
    )

    def __init__(self, *args: Any, path: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            attrs = {**_HTMX, "hx-get": path}
            if name == "q":
                attrs.update({"hx-trigger": "input changed delay:300ms, search", "autocomplete": "off"})
            else:
                attrs["hx-trigger"] = "change"
            field.widget.attrs.update(attrs)

    def filters(self) -> dict[str, Any]:
        """The valid values, ready for the selector; invalid fields are left out (their errors shown)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def set_choices(self, name: str, everything: Any, choices: Iterable[tuple[str, str]]) -> None:
        """Fill a filter from the loaded list, after ``everything`` (the empty choice that filters nothing).

        Done per request rather than at import, so a freshly loaded list shows up without a restart.
        """
        self.fields[name].choices = [("", everything), *choices]  # type: ignore[attr-defined]


def _level_field(choices: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Level"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("All levels")), *choices],
    )


class CCSSearchForm(CodeSearchForm):
    ccs_class = forms.ChoiceField(label=_("Class"), required=False)
    level = _level_field(CCSLevel.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("ccs_class", _("All classes"), ((c.code, str(c)) for c in selectors.ccs_classes()))


class ICSSearchForm(CodeSearchForm):
    field = forms.ChoiceField(label=_("Field"), required=False)
    level = _level_field(ICSLevel.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("field", _("All fields"), ((f.code, str(f)) for f in selectors.ics_fields()))


class HSSearchForm(CodeSearchForm):
    section = forms.ChoiceField(label=_("Section"), required=False)
    chapter = forms.ChoiceField(label=_("Chapter"), required=False)
    level = _level_field([(level.value, level.label) for level in HSLevel if level != HSLevel.TOTAL])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(
            "section",
            _("All sections"),
            ((s.numeral, Truncator(s).chars(80)) for s in selectors.hs_sections()),
        )
        self.set_choices(
            "chapter", _("All chapters"), ((c.code, Truncator(c).chars(80)) for c in selectors.hs_chapters())
        )


class IndustryCodeSearchForm(CodeSearchForm):
    needs_verification = forms.TypedChoiceField(
        label=_("Confidence"),
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=None,
        choices=[("", _("All codes")), ("no", _("Confirmed codes")), ("yes", _("Codes still to verify"))],
    )


class DivisionSearchForm(CodeSearchForm):
    province = forms.ChoiceField(label=_("Province"), required=False)
    level = _level_field(DivisionLevel.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices(
            "province", _("All provinces"), ((p.code[:2], p.name_zh) for p in selectors.division_provinces())
        )
