"""The bureau's catalogue upload form: which file, in which format, checked before anything is queued."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.core.uploads import clean_import_file
from biaozhun.standards.models import ImportFormat
from biaozhun.standards.sources import detect_format

ALLOWED_SUFFIXES = {".csv", ".xlsx", ".html", ".htm", ".json"}
AUTO = "auto"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_(
            "The platform's catalogue CSV or Excel file, saved openstd pages (HTML), or JSON saved from "
            "std.samr.gov.cn, hbba/dbba.sacinfo.org.cn or ttbz.org.cn. Larger files can be imported "
            "with the import_standards command."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[(AUTO, _("Recognise from the file")), *ImportFormat.choices],
        initial=AUTO,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.head = clean_import_file(upload, allowed=ALLOWED_SUFFIXES, types_label="CSV, XLSX, HTML, JSON")
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and data.get("format") == AUTO:
            try:
                data["format"] = detect_format(upload.name, self.head)
            except ValueError:
                self.add_error(
                    "format", gettext("The format could not be recognised: choose it from the list.")
                )
        return data
