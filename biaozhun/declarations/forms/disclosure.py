"""Forms of the public disclosure pages and of the bureau's migration upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.accounts.models import Organisation, OrganisationKind
from biaozhun.core.uploads import clean_import_file
from biaozhun.declarations.selectors.disclosure import DEFAULT_SORT, DisclosureFilters


class DisclosureSearchForm(forms.Form):
    """The public search's filters: every field optional, read from the query string."""

    enterprise = forms.CharField(label=_("Enterprise name"), required=False, max_length=100)
    uscc = forms.CharField(label=_("Unified social credit code"), required=False, max_length=30)
    product = forms.CharField(label=_("Product name"), required=False, max_length=100)
    model = forms.CharField(label=_("Model"), required=False, max_length=100)
    standard = forms.CharField(
        label=_("Standard number"),
        required=False,
        max_length=120,
        help_text=_("With or without its year, written any way: GB/T 12771, gbt12771-2019, Q/SL 1-2026."),
    )
    town = forms.ModelChoiceField(
        label=_("Town or street"),
        required=False,
        queryset=Organisation.objects.filter(kind=OrganisationKind.TOWN).order_by("name"),
        empty_label=_("Any"),
    )
    published_from = forms.DateField(
        label=_("Published from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    published_to = forms.DateField(
        label=_("Published until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-published", _("Newest first")),
            ("published", _("Oldest first")),
            ("enterprise", _("Enterprise name")),
        ],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            self.add_error("published_to", gettext("The end date is before the start date."))
        return data

    def filters(self) -> DisclosureFilters:
        """The valid filters; a field that did not validate is left out, so the page still lists."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        town = data.get("town")
        return DisclosureFilters(
            enterprise=data.get("enterprise") or "",
            uscc=data.get("uscc") or "",
            product=data.get("product") or "",
            model=data.get("model") or "",
            standard=data.get("standard") or "",
            town_id=town.pk if town else None,
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
            sort=data.get("sort") or DEFAULT_SORT,
        )


MIGRATION_SUFFIXES = {".xlsx", ".csv"}


class MigrationUploadForm(forms.Form):
    """The bureau's upload of existing declarations (Excel or CSV), checked before anything is read."""

    file = forms.FileField(
        label=_("File of existing declarations"),
        help_text=_(
            "An Excel (.xlsx) or CSV file with a header row: 企业名称, 统一社会信用代码, 标准编号, 标准名称, "
            "产品名称 (several separated by ；), 规格型号, 产品类别 and 公开日期."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Only check the file, import nothing"),
        required=False,
        initial=True,
        help_text=_("Shows the report of what would be imported. Untick to import."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        clean_import_file(upload, allowed=MIGRATION_SUFFIXES, types_label="XLSX, CSV")
        return upload
