"""Forms for watches and controlled-standards lists.

The watch form checks the target with the service's own rules (``clean_target``), so every problem
is shown at once on the form; the service checks again when it writes. The list form checks the
file's type, size and content and reads it, so an unreadable file is an error on the form, not a
failed upload.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.checking import inputs
from biaozhun.checking.models import WatchKind
from biaozhun.checking.services.controlled_lists import SUFFIXES, read_list
from biaozhun.checking.services.watches import clean_target


class WatchForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to watch"), choices=WatchKind.choices, initial=WatchKind.EDITION)
    target = forms.CharField(
        label=_("Standard number, code, database or search"),
        max_length=500,
        help_text=_(
            "A dated number (GB/T 12771-2019) for one edition; a number without year (GB/T 12771) for "
            "every edition; a CCS code (K61) or ICS code (29.140); a thematic database's short name; "
            "or the words and filters of a search (q=灯具&level=national)."
        ),
    )
    label = forms.CharField(
        label=_("Name"), max_length=200, required=False, help_text=_("Optional: how the watch is listed.")
    )
    for_organisation = forms.BooleanField(
        label=_("Watch for my organisation"),
        required=False,
        initial=True,
        help_text=_("Every member of the organisation is told about changes."),
    )

    def __init__(self, *args: Any, organisation: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if organisation is None:
            del self.fields["for_organisation"]
        else:
            self.fields["for_organisation"].label = gettext("Watch for %(organisation)s") % {
                "organisation": organisation
            }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, target = data.get("kind"), data.get("target")
        if kind and target:
            try:
                data["target"] = clean_target(kind, target)
            except ValidationError as error:
                self.add_error("target", error)
        return data

    @property
    def chosen_organisation(self) -> Any:
        if self.organisation is not None and self.cleaned_data.get("for_organisation"):
            return self.organisation
        return None


class ControlledListForm(forms.Form):
    file = forms.FileField(
        label=_("Controlled-standards list"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file with one standard number per row."),
    )
    column = forms.IntegerField(
        label=_("Column of the numbers"),
        required=False,
        min_value=1,
        max_value=16384,
        help_text=_("1 for column A, 2 for B and so on. Leave empty and the platform finds it."),
    )
    sheet = forms.CharField(
        label=_("Sheet"),
        max_length=100,
        required=False,
        help_text=_("For an Excel workbook: the sheet's name. Leave empty for the first sheet."),
    )

    content: bytes = b""  # the uploaded file as it came (``data`` is the form's own)
    file_name: str = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        suffix = PurePath(upload.name or "").suffix.lower()
        if suffix not in SUFFIXES:
            self.add_error(
                "file",
                gettext("Only %(types)s files can be uploaded; this file is “%(suffix)s”.")
                % {"types": "XLSX, CSV", "suffix": suffix or gettext("without extension")},
            )
            return cleaned
        limit = settings.BIAOZHUN_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            self.add_error(
                "file",
                gettext("The file is larger than %(limit)s MB.") % {"limit": settings.BIAOZHUN_MAX_UPLOAD_MB},
            )
            return cleaned
        data = upload.read()
        column = cleaned.get("column")
        try:
            listed = read_list(
                data=data,
                file_name=upload.name,
                column=column - 1 if column else None,
                sheet=cleaned.get("sheet") or None,
            )
        except inputs.InputError as error:
            self.add_error("file", str(error))
            return cleaned
        if not listed.entries:
            self.add_error("file", gettext("The list holds no standard numbers."))
            return cleaned
        self.content, self.file_name = data, PurePath(upload.name).name
        return cleaned
