"""Forms for standard texts: an enterprise's request, the bureau's answer, a desk visit, ledger filters.

The forms read what people typed (a standard number, an enterprise) into records; the channel
rules (https link, PDF only, where it was printed) live in ``services.texts`` so that every caller
obeys them, and the views hand the service's errors back to these forms field by field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from biaozhun.accounts.models import GOVERNMENT_KINDS, Organisation
from biaozhun.checking.models import TextChannel
from biaozhun.checking.selectors.texts import (
    MAX_NUMBER_INPUT,
    LedgerFilters,
    NumberProblem,
    edition_for_number,
    ledger_years,
)

CHANNEL_HELP = _(
    "Link: the official free viewer (for national standards, openstd.samr.gov.cn); the standard's "
    "official page is used when you leave the link empty. File: only a PDF of a text the city may "
    "share, such as a local standard; never a national standard's text. Remote print: say in the "
    "note where and when it was printed."
)


class StandardNumberField(forms.CharField):
    """A standard number typed in any spelling, cleaned to the catalogue's edition."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Standard number"))
        kwargs.setdefault("max_length", MAX_NUMBER_INPUT)
        kwargs.setdefault(
            "help_text", _("As printed on the standard, e.g. GB/T 12771-2019 or DB4420/T 1-2021.")
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        try:
            return edition_for_number(text)
        except NumberProblem as problem:
            raise forms.ValidationError(problem.message, code=problem.kind) from problem


class TextRequestForm(forms.Form):
    """An enterprise asks for one standard's text; with several enterprises, it names which."""

    number = StandardNumberField()
    organisation = forms.ModelChoiceField(
        label=_("For the enterprise"), queryset=Organisation.objects.none(), empty_label=None
    )
    purpose = forms.CharField(
        label=_("What it is for"),
        required=False,
        max_length=300,
        help_text=_("Optional: e.g. product design, a tender, checking our own enterprise standard."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.only_organisation = organisations[0] if len(organisations) == 1 else None
        if self.only_organisation is not None:
            # One enterprise (the usual case): nothing to choose, so the field is not shown at all.
            del self.fields["organisation"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.only_organisation is not None:
            data["organisation"] = self.only_organisation
        return data


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TextAnswerFields(forms.Form):
    """How a text was given: the fields of both the answer to a request and a desk visit."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=TextChannel.choices, widget=forms.RadioSelect, help_text=CHANNEL_HELP
    )
    url = forms.CharField(
        label=_("Link to the official free viewer"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://openstd.samr.gov.cn/…"}),
    )
    file = forms.FileField(
        label=_("PDF of a text the city may share"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    provided_on = forms.DateField(
        label=_("Provided on"), required=False, widget=_date_widget(), help_text=_("Empty means today.")
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("For remote print: where and when it was printed."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TextFulfilForm(TextAnswerFields):
    """The bureau answers an open request."""


class TextDeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=300,
        help_text=_(
            "The enterprise reads this, e.g. the standard is not published yet, or is sold only by its publisher."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Set on the confirmation page: a reason posted from the request's page is first shown back.
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    @property
    def is_confirmed(self) -> bool:
        return self.is_bound and self.data.get("confirmed") == "1"


class TextProvisionForm(TextAnswerFields):
    """A text given at the desk or after a phone call, without an online request."""

    field_order = ["enterprise", "number", "channel", "url", "file", "provided_on", "note"]

    enterprise = forms.CharField(
        label=_("Enterprise"),
        max_length=200,
        help_text=_(
            "Its unified social credit code or its full registered name. An enterprise that is not on the "
            "platform yet must be registered first."
        ),
    )
    number = StandardNumberField()

    def clean_enterprise(self) -> Organisation:
        text = self.cleaned_data["enterprise"].strip()
        candidates = Organisation.objects.active().exclude(kind__in=GOVERNMENT_KINDS)
        found = list(candidates.filter(uscc__iexact=text)[:2]) or list(candidates.filter(name=text)[:2])
        if not found:
            raise forms.ValidationError(
                gettext("No enterprise on the platform has this code or name: “%(text)s”.") % {"text": text}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                gettext("Several organisations have this name; give the unified social credit code.")
            )
        return found[0]


ALL = ""


class LedgerFilterForm(forms.Form):
    """The ledger's filters, read from the query string; bad values are dropped, never raised."""

    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    enterprise = forms.CharField(label=_("Enterprise"), required=False, max_length=200)
    number = forms.CharField(label=_("Standard number"), required=False, max_length=MAX_NUMBER_INPUT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year_field = self.fields["year"]
        assert isinstance(year_field, forms.ChoiceField)
        year_field.choices = [(ALL, gettext("All years")), *((y, str(y)) for y in ledger_years())]
        channel_field = self.fields["channel"]
        assert isinstance(channel_field, forms.ChoiceField)
        channel_field.choices = [(ALL, gettext("All channels")), *TextChannel.choices]

    def filters(self) -> LedgerFilters:
        if not self.is_bound:
            return LedgerFilters()
        if not self.is_valid():
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        return LedgerFilters(
            year=data.get("year") or None,
            channel=data.get("channel") or "",
            enterprise=data.get("enterprise") or "",
            number=data.get("number") or "",
        )
