"""The upload of a document whose references are checked: a ``.docx``, a ``.pdf`` or a ``.txt`` file.

The form checks what can be checked without reading the text: the extension, the size and that
the content is what the extension says (``documents.document_type``). Reading the text and
finding the numbers is the service's; its ``DocumentError`` is added to this form by the view,
so every problem is shown in the same error summary.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.checking import documents

DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def upload_limit() -> int:
    """The largest upload in bytes: ``CHECK_UPLOAD_MAX_BYTES``, shared with the checks of lists."""
    return int(getattr(settings, "CHECK_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


class DocumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=_(
            "A Word document (.docx), a PDF with text (not a scan) or a text file (.txt), up to %(limit)s MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(documents.SUFFIXES)}),
    )

    upload_data: bytes = b""  # the file's content, read once by clean_file
    file_name: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = str(field.help_text) % {"limit": _megabytes(upload_limit())}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = PurePath(upload.name or "").name
        suffix = PurePath(name).suffix.lower()
        if suffix not in documents.SUFFIXES:
            raise forms.ValidationError(
                gettext("Only %(types)s files can be read; this file is “%(suffix)s”.")
                % {"types": "、".join(documents.SUFFIXES), "suffix": suffix or gettext("without extension")}
            )
        if upload.size > upload_limit():
            raise forms.ValidationError(
                gettext("The file is larger than %(limit)s MB.") % {"limit": _megabytes(upload_limit())}
            )
        data = upload.read()
        upload.seek(0)
        try:
            documents.document_type(data, name)
        except documents.DocumentError as error:
            raise forms.ValidationError(error.message) from error
        self.upload_data, self.file_name = data, name
        return upload


def _megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"
