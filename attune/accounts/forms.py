"""Forms for signing up, logging in, passwords and settings, with messages in our own words."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError

from attune.accounts.models import User
from attune.core.resources import directory

ELSEWHERE = "Somewhere else"
EMAIL_ERRORS = {
    "required": "Enter your e-mail address.",
    "invalid": "Enter an e-mail address like name@example.com.",
}
PASSWORD_HINT = "At least 10 characters. A few unrelated words in a row are easy to remember."
PASSWORD_MISMATCH = "The two passwords do not match. Type the same password in both boxes."
# Django's validators, said more kindly; any other validator keeps its own message.
PASSWORD_MESSAGES = {
    "password_too_short": "Your password needs at least 10 characters. "
    "A few words in a row work well.",
    "password_too_common": "That password is very common, so it is easy to guess. "
    "Try a few unrelated words in a row.",
    "password_entirely_numeric": "Your password cannot be only numbers. Add some words.",
    "password_too_similar": "Your password is too like your e-mail address or name. "
    "Try something different.",
}
COUNTRY_HINT = (
    f"We use this to show help lines near you. Choose “{ELSEWHERE}” to see ones that work anywhere."
)


def country_choices() -> list[tuple[str, str]]:
    """The countries in the help-lines directory by name, then "Somewhere else" (blank)."""
    named = sorted(
        ((code, name) for code, (name, _lines) in directory().countries.items()),
        key=lambda choice: choice[1],
    )
    return [*named, ("", ELSEWHERE)]


def country_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Where do you live?",
        choices=country_choices,
        required=False,
        help_text=COUNTRY_HINT,
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )


def password_field(label: str, required_message: str, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        help_text=hint,
        error_messages={"required": required_message},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


def password_problems(password: str, user: User | None) -> list[ValidationError]:
    """What Django's password validators say about a new password, in our words."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return [
            ValidationError(PASSWORD_MESSAGES.get(problem.code or "", problem.messages[0]))
            for problem in error.error_list
        ]
    return []


class NewPasswordRules:
    """Checks a new password typed twice: problems show on the first box, a mismatch on the
    second, where a person would look for them."""

    first = "password1"
    second = "password2"

    def check_new_password(self, user: User | None) -> None:
        form: Any = self
        one = form.cleaned_data.get(self.first)
        two = form.cleaned_data.get(self.second)
        if one and two and one != two:
            form.add_error(self.second, PASSWORD_MISMATCH)
        if one:
            for problem in password_problems(one, user):
                form.add_error(self.first, problem)


class SignupForm(NewPasswordRules, forms.ModelForm):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="We only use it to let you log in and to send you what you ask for.",
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password1 = password_field("Create a password", "Create a password.", PASSWORD_HINT)
    password2 = password_field("Type the password again", "Type your password again.")
    display_name = forms.CharField(
        label="What should we call you? (optional)",
        required=False,
        max_length=60,
        help_text="A first name or a nickname is fine.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    country = country_field()

    class Meta:
        model = User
        fields = ["email", "display_name", "country"]

    field_order = ["email", "password1", "password2", "display_name", "country"]

    def clean_email(self) -> str:
        # Never "already taken": the answer is the same for a known address (views.signup).
        return self.cleaned_data["email"].lower()

    def validate_unique(self) -> None:
        # A known address is not an error the form may show; the view deals with it.
        return

    def _post_clean(self) -> None:
        # The instance now holds the e-mail and name, so the similarity check can compare.
        super()._post_clean()
        self.check_new_password(self.instance)

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class LoginForm(AuthenticationForm):
    # The field is "username" for Django and axes; people see and type their e-mail address.
    username = forms.CharField(
        label="E-mail address",
        max_length=254,
        error_messages={"required": EMAIL_ERRORS["required"]},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        # The same words whether or not the address has an account.
        "invalid_login": "That e-mail address and password do not match. Check them and try "
        "again, or reset your password.",
        "inactive": "This account cannot log in.",
    }

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class ResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="The address you use to log in.",
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        """The link starts with ATTUNE_BASE_URL, never the request's Host header, and names the
        person by their random public code, never their row number."""
        context = args[2]
        context["base_url"] = settings.ATTUNE_BASE_URL
        context["uid"] = context["user"].code
        super().send_mail(*args, **kwargs)


class NewPasswordForm(NewPasswordRules, SetPasswordForm):
    first = "new_password1"
    second = "new_password2"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"] = password_field(
            "New password", "Choose a new password.", PASSWORD_HINT
        )
        self.fields["new_password2"] = password_field(
            "Type the new password again", "Type your new password again."
        )

    def clean(self) -> dict[str, Any]:
        self.check_new_password(self.user)
        return self.cleaned_data


class ChangePasswordForm(NewPasswordForm, PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "That is not your current password. Try again.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password."
        self.fields["old_password"].widget.attrs.pop("autofocus", None)


class SettingsForm(forms.ModelForm):
    display_name = forms.CharField(
        label="What should we call you? (optional)",
        required=False,
        max_length=60,
        help_text="A first name or a nickname is fine.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    country = country_field()
    discreet = forms.BooleanField(
        label="Discreet mode",
        required=False,
        help_text="Shows a plain title and icon in your browser tab. "
        "The tab says “Notes”, so a glance does not show what this site is.",
    )

    class Meta:
        model = User
        fields = ["display_name", "country", "discreet", "session_minutes"]
        labels = {"session_minutes": "Log me out after"}
        help_texts = {
            "session_minutes": "If you do nothing for this long, you are logged out. "
            "A shorter time is safer if someone else can pick up your phone or computer."
        }
        widgets = {"session_minutes": forms.RadioSelect}
