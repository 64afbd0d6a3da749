"""Forms for accounts pages. Every message is in gettext and every error is shown at once."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.validators import RegexValidator
from django.db import transaction
from django.template import loader
from django.utils.translation import gettext_lazy as _

from biaozhun.accounts import selectors
from biaozhun.accounts import uscc as uscc_rules
from biaozhun.accounts.models import Organisation, OrganisationKind, OrganisationStatus, Role, User
from biaozhun.accounts.services import duplicate_uscc_message
from biaozhun.accounts.tasks import send_notification_email

region_code_validator = RegexValidator(
    r"^\d{6}$", _("Enter the six-digit GB/T 2260 code of the city or district, e.g. 442000."), code="region"
)
phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 \-]{5,18}[0-9]$",
    _("Enter a phone number of digits, e.g. 0760-88888888 or 13800138000."),
    code="phone",
)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the email handed to the task queue like every other email.

    The text is rendered here, in the visitor's language; the worker only sends it. Whether an
    address exists is still never revealed (Django sends nothing for unknown addresses).
    """

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(
            lambda: send_notification_email.enqueue(subject=subject, body=body, recipients=[to_email])
        )


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("The username or password is not right. Both are case-sensitive."),
        "inactive": _("This account is disabled. Ask your organisation's administrator."),
    }


def clean_uscc_value(raw: str) -> str:
    """Normalise and validate a USCC, turning each broken rule into its own field error."""
    try:
        return uscc_rules.parse(raw).value
    except uscc_rules.USCCError as exc:
        raise forms.ValidationError(exc.message, code=exc.code) from exc


class PasswordPairForm(forms.Form):
    """A form with ``password1`` / ``password2`` (declared by subclasses, where they belong in the
    field order), checked against each other and Django's password validators."""

    password_user_fields: tuple[str, ...] = ()

    def _password_user(self) -> User:
        data = self.cleaned_data
        return User(**{f: data.get(f, "") for f in self.password_user_fields})

    def check_password_pair(self) -> None:
        data = self.cleaned_data
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error(
                "password2", forms.ValidationError(_("The two passwords differ."), code="mismatch")
            )
        if first:
            try:
                password_validation.validate_password(first, self._password_user())
            except forms.ValidationError as exc:
                self.add_error("password1", exc)


def _username_field() -> forms.CharField:
    return forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[User.username_validator],
        help_text=_("Letters, digits and @ . + - _ only; you sign in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )


def _password_fields() -> tuple[forms.CharField, forms.CharField]:
    return (
        forms.CharField(
            label=_("Password"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
            help_text=_("At least 10 characters; not only digits and not a common password."),
        ),
        forms.CharField(
            label=_("Password again"),
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


class EnterpriseRegistrationForm(PasswordPairForm):
    """One page: the enterprise, its contact person and the first administrator's sign-in."""

    password_user_fields = ("username",)

    name = forms.CharField(
        label=_("Enterprise name"), max_length=200, help_text=_("As on the business licence.")
    )
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=40,
        help_text=_("18 characters, as printed on the business licence."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
    region_code = forms.CharField(
        label=_("Administrative division"),
        max_length=6,
        validators=[region_code_validator],
        help_text=_("GB/T 2260 code of the city or district where the enterprise is registered."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    address = forms.CharField(label=_("Address"), max_length=255)
    contact_name = forms.CharField(label=_("Contact person"), max_length=60)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        max_length=30,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("Contact email"),
        help_text=_("We send the result of the review here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    username = _username_field()
    password1, password2 = _password_fields()
    # A field people never see; automated form fillers tend to fill it in.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].initial = settings.REGION_CODE

    def clean_uscc(self) -> str:
        code = clean_uscc_value(self.cleaned_data["uscc"])
        if selectors.uscc_taken(code):
            raise forms.ValidationError(duplicate_uscc_message(), code="duplicate")
        return code

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if Organisation.objects.active().filter(kind=OrganisationKind.ENTERPRISE, name=name).exists():
            raise forms.ValidationError(
                _("An enterprise with this name is already registered; ask its administrator to invite you."),
                code="duplicate",
            )
        return name

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if selectors.username_taken(username):
            raise forms.ValidationError(_("This username is taken; choose another."), code="taken")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise forms.ValidationError(_("The form could not be accepted. Please try again."), code="bot")
        self.check_password_pair()
        return cleaned


class ReviewNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Reason"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this in the email and on their dashboard."),
    )


class OrganisationFilterForm(forms.Form):
    """The filters of the organisation list; invalid values are ignored, not reported."""

    q = forms.CharField(label=_("Name or code"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganisationKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Current (not archived)")),
            *OrganisationStatus.choices,
            (selectors.ARCHIVED, _("Archived")),
        ],
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"q": "", "kind": "", "status": ""}
        return {key: self.cleaned_data.get(key) or "" for key in ("q", "kind", "status")}


class OrganisationForm(forms.ModelForm):
    """The bureau's form for creating or editing any organisation (kind and USCC included)."""

    class Meta:
        model = Organisation
        fields: tuple[str, ...] = (
            "kind",
            "name",
            "short_name",
            "uscc",
            "region_code",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "region_code" in self.fields:
            self.fields["region_code"].validators.append(region_code_validator)
            if not self.instance.pk:
                self.fields["region_code"].initial = settings.REGION_CODE
        if "contact_phone" in self.fields:
            self.fields["contact_phone"].validators.append(phone_validator)

    def clean_uscc(self) -> str:
        raw = self.cleaned_data.get("uscc", "")
        if not raw:
            return ""
        code = clean_uscc_value(raw)
        if Organisation.objects.filter(uscc=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(duplicate_uscc_message(), code="duplicate")
        return code

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind", self.instance.kind)
        name = (cleaned.get("name") or "").strip()
        if kind and name:
            clash = Organisation.objects.active().filter(kind=kind, name=name).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "name",
                    forms.ValidationError(
                        _("An organisation of this kind with this name exists."), code="duplicate"
                    ),
                )
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The edited fields only, so the service sees (and the audit trail records) real changes."""
        return {name: self.cleaned_data[name] for name in self.fields if name in self.changed_data}


class OrganisationProfileForm(OrganisationForm):
    """What an organisation's own admin may edit: not the kind, the USCC or the status."""

    class Meta(OrganisationForm.Meta):
        fields = (
            "name",
            "short_name",
            "region_code",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"), help_text=_("The invitation link is sent to this address."))
    full_name = forms.CharField(label=_("Full name"), max_length=60, required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(r, Role(r).label) for r in roles]
        if len(roles) == 1:
            self.fields["role"].initial = roles[0]


class InvitationSignUpForm(PasswordPairForm):
    """A new account for someone accepting an invitation; their email is the invited address."""

    password_user_fields = ("username", "full_name")

    full_name = forms.CharField(label=_("Full name"), max_length=60)
    username = _username_field()
    password1, password2 = _password_fields()

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if selectors.username_taken(username):
            raise forms.ValidationError(_("This username is taken; choose another."), code="taken")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_password_pair()
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("full_name", "email", "phone")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["phone"].validators.append(phone_validator)


class APITokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=60, help_text=_("What the token is for, e.g. ERP sync.")
    )
    expires_in_days = forms.IntegerField(
        label=_("Valid for (days)"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("Leave empty for a token that does not expire. Shorter is safer."),
    )
