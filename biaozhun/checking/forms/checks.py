"""The validity-check form: paste numbers or upload a file, optionally name the column and sheet.

Everything that can be wrong is found in one pass and shown at once (the error summary): the
file's type, size and content, a column that is not a number, a file that cannot be read, a list
that is empty or too long. A valid form holds the list read (``listed``), ready for the service.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.checking import inputs
from biaozhun.checking.services.checks import MAX_ENTRIES, read_upload, upload_suffixes
from biaozhun.core.uploads import content_matches

# Pasted lists come one per line, or in a line separated by commas or Chinese list marks.
_SEPARATORS = re.compile(r"[,，、;；\t]")


def numbers_from_paste(text: str) -> inputs.NumberList:
    """The entries of pasted text: one per line, or several on a line separated by ``,`` ``，``
    ``、`` ``;`` ``；`` or a tab; each keeps its line number."""
    entries = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for part in _SEPARATORS.split(line):
            if part.strip():
                entries.append(inputs.Entry(part.strip(), line_number))
    return inputs.NumberList(entries)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}" if size >= 1024 * 1024 else f"{size / (1024 * 1024):.2f}"


class CheckForm(forms.Form):
    title = forms.CharField(
        label=_("Name of this check"),
        max_length=200,
        required=False,
        help_text=_("For example the list's name or the product it is for. Optional."),
    )
    numbers = forms.CharField(
        label=_("Standard numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "GB/T 12771-2008\nGB 4706.1-2005、GB/T 1.1"}),
        help_text=_("One per line, or separated by commas, 、 or ；."),
    )
    file = forms.FileField(
        label=_("Or a file"),
        required=False,
        help_text=_(
            "A text file (.txt, one number per line), a CSV file or an Excel workbook (.xlsx); "
            "Word (.docx) and PDF files where the platform reads them."
        ),
    )
    column = forms.IntegerField(
        label=_("Column of the numbers"),
        required=False,
        min_value=1,
        max_value=16384,
        help_text=_(
            "For a CSV or Excel file: 1 for column A, 2 for B and so on. Leave empty and the platform finds it."
        ),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        max_length=100,
        required=False,
        help_text=_("For an Excel workbook: the sheet's name. Leave empty for the first sheet."),
    )

    listed: inputs.NumberList
    upload_data: bytes | None = None
    file_name: str = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        suffix = PurePath(upload.name or "").suffix.lower()
        allowed = upload_suffixes()
        if suffix not in allowed:
            raise forms.ValidationError(
                gettext("Only %(types)s files can be checked; this file is “%(suffix)s”.")
                % {"types": "、".join(allowed), "suffix": suffix or gettext("without extension")}
            )
        limit = settings.CHECK_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is larger than %(limit)s MB.") % {"limit": _megabytes(limit)}
            )
        data = upload.read()
        upload.seek(0)
        if not content_matches(suffix, data[:4096]):
            raise forms.ValidationError(
                gettext("The file's content is not what its extension “%(suffix)s” says.")
                % {"suffix": suffix}
            )
        self.upload_data = data
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = (data.get("numbers") or "").strip()
        upload = data.get("file")
        chose_file = upload is not None or "file" in self.errors
        if text and chose_file:
            self.add_error(None, gettext("Paste numbers or choose a file, not both."))
        elif not text and not chose_file:
            self.add_error(None, gettext("Paste standard numbers or choose a file to check."))
        if self.errors:
            return data  # reading the list would only add noise to what is already wrong
        column = data["column"] - 1 if data.get("column") else None
        if upload is not None:
            assert self.upload_data is not None
            try:
                listed = read_upload(
                    upload.name, self.upload_data, column=column, sheet=data.get("sheet") or None
                )
            except inputs.InputError as error:
                self.add_error("file", str(error))
                return data
            self.file_name = PurePath(upload.name).name
        else:
            listed = numbers_from_paste(text)
        if not listed.entries:
            self.add_error(None, gettext("No standard numbers were found to check."))
        elif len(listed.entries) > MAX_ENTRIES:
            self.add_error(
                None,
                gettext(
                    "A check takes at most %(max)d numbers; this list has %(count)d. Split it into parts."
                )
                % {"max": MAX_ENTRIES, "count": len(listed.entries)},
            )
        self.listed = listed
        return data


class RerunForm(forms.Form):
    """Read a kept sheet again from another column (or sheet)."""

    column = forms.IntegerField(label=_("Column of the numbers"), min_value=1, max_value=16384)
    sheet = forms.ChoiceField(label=_("Sheet"), required=False)

    def __init__(self, *args: Any, sheets: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = sheets or []
        sheet = self.fields["sheet"]
        assert isinstance(sheet, forms.ChoiceField)
        sheet.choices = [(name, name) for name in names]
        if not names:
            del self.fields["sheet"]
