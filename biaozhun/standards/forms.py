"""The catalogue search form: a GET form whose only refusable input is an overlong query.

Filters arrive as repeated parameters (``?status=current&status=upcoming``) from the facet
checkboxes; a value that could not match anything is dropped rather than reported, because it only
comes from an edited URL or an old link, and the visitor is better served by the page than by an
error. Import forms live in ``import_forms.py``.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from biaozhun.standards import selectors
from biaozhun.standards.search import SearchQuery


class FacetValuesField(forms.Field):
    """The repeated values of one facet, as a list of strings; checked later by ``selectors.clean_filters``."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value][: selectors.MAX_FILTER_VALUES * 2]

    def validate(self, value: Any) -> None:
        """Never refuse: unknown values are dropped when the filters are cleaned."""


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Standard number or words from the title"),
        required=False,
        max_length=selectors.MAX_QUERY_LENGTH,
        widget=forms.SearchInput(
            # Examples, not prose: the same in every language.
            attrs={"placeholder": "GB/T 12771-2019, 灯具, LED", "autocomplete": "off"}
        ),
        error_messages={
            "max_length": _(
                "Search for at most %(limit_value)d characters: a standard number or a few words "
                "from its title (you typed %(show_value)d)."
            )
        },
    )
    sort = forms.CharField(
        label=_("Sort by"),
        required=False,
        widget=forms.Select(choices=list(selectors.SORTS.items())),
    )
    status = FacetValuesField(required=False)
    level = FacetValuesField(required=False)
    nature = FacetValuesField(required=False)
    ccs_class = FacetValuesField(required=False)
    ics_field = FacetValuesField(required=False)
    year = FacetValuesField(required=False)

    def clean_sort(self) -> str:
        return selectors.clean_sort(self.cleaned_data.get("sort"))

    @property
    def text(self) -> str:
        self.is_valid()
        return str(self.cleaned_data.get("q") or "")

    @property
    def sort_key(self) -> str:
        self.is_valid()
        return str(self.cleaned_data.get("sort") or selectors.DEFAULT_SORT)

    def filters(self) -> dict[str, tuple[str, ...]]:
        """The well-formed filter values, by facet."""
        self.is_valid()
        return selectors.clean_filters({name: self.cleaned_data.get(name) or [] for name in selectors.FACETS})

    def query(self, *, page: Any = 1, per_page: int = selectors.PER_PAGE, facets: bool = True) -> SearchQuery:
        return selectors.build_query(
            text=self.text,
            filters=self.filters(),
            sort=self.sort_key,
            page=page,
            per_page=per_page,
            facets=facets,
        )

    @property
    def is_searching(self) -> bool:
        """Did the visitor ask for anything (words or a filter), as opposed to opening the page?"""
        return bool(self.text or self.filters())
