"""Forms of the declaring pages: one question per page. They only read the input; the services
(``services.declaring``) decide what is acceptable, and ``apply_errors`` puts their messages on the
right fields so every problem shows at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from biaozhun.declarations.models import Comparison, ProductCategory, StandardKind


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field where the field exists, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class StandardForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Which standard do the products execute?"),
        choices=StandardKind.choices,
        widget=forms.RadioSelect,
    )
    number = forms.CharField(
        label=_("Standard number"),
        max_length=120,
        help_text=_("As printed on the standard, e.g. GB/T 12771-2019 or Q/ZSXX 001-2026."),
    )
    title = forms.CharField(
        label=_("Title of your enterprise standard"),
        max_length=500,
        required=False,
        help_text=_("Only for your own standard: a catalogue standard's title is taken from the catalogue."),
    )


class TextForm(forms.Form):
    text_file = forms.FileField(
        label=_("Text of the standard"),
        help_text=_("A PDF or Word (DOCX) file. The public can read it with the declaration."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product name"), max_length=200)
    model = forms.CharField(label=_("Model"), max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=ProductCategory.objects.filter(is_active=True), empty_label=_("Choose…")
    )
    specification = forms.CharField(label=_("Specification"), max_length=300, required=False)
    barcode = forms.CharField(
        label=_("Barcode (GTIN)"),
        max_length=20,
        required=False,
        help_text=_("The 8, 12, 13 or 14 digits under the barcode on the package; leave empty if none."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    brand = forms.CharField(label=_("Brand"), max_length=100, required=False)
    generic_name = forms.CharField(label=_("Generic name"), max_length=200, required=False)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=200, help_text=_("e.g. luminous efficacy"))
    comparison = forms.ChoiceField(label=_("Comparison"), choices=Comparison.choices)
    value = forms.CharField(
        label=_("Value"), max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"})
    )
    value_max = forms.CharField(
        label=_("Upper value (range)"),
        max_length=40,
        required=False,
        help_text=_("Only for a range: the value is then the lower end."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, help_text=_("e.g. lm/W, mm, %"))
    test_method = forms.CharField(
        label=_("Test method"),
        max_length=300,
        help_text=_("The method the value is tested by, e.g. GB/T 9468-2008."),
    )
    below_recommended = forms.BooleanField(
        label=_("This indicator is below the recommended national or industry standard"), required=False
    )
    below_explanation = forms.CharField(
        label=_("Why it is below the recommended standard"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class CommitmentForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "We commit that the products listed meet the standard declared, and that what we disclose is "
            "true; we answer for it under the law."
        ),
        error_messages={"required": _("Tick the box to sign the self-commitment.")},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you withdrawing this declaration?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The public page goes on showing the declaration as withdrawn, with this reason."),
    )
