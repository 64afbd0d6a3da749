"""The bureau's catalogue upload form: which file, in which format, checked before anything is queued."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in ALLOWED_SUFFIXES:
            raise forms.ValidationError(
                gettext("Only %(types)s files can be imported; this file is “%(suffix)s”.")
                % {"types": "CSV, XLSX, HTML, JSON", "suffix": suffix or gettext("without extension")}
            )
        limit = settings.BIAOZHUN_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is larger than %(limit)s MB.") % {"limit": settings.BIAOZHUN_MAX_UPLOAD_MB}
            )
        head = upload.read(4096)
        upload.seek(0)
        if suffix == ".xlsx" and not head.startswith(b"PK"):
            raise forms.ValidationError(gettext("The file is not an Excel workbook (.xlsx)."))
        if suffix != ".xlsx" and b"\x00" in head:
            raise forms.ValidationError(gettext("The file is not a text file."))
        self.head = head
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
