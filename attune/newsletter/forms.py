"""The subscribe form: an e-mail address and nothing else."""

from __future__ import annotations

from django import forms

EMAIL_ERRORS = {
    "required": "Enter your e-mail address.",
    "invalid": "Enter an e-mail address like name@example.com.",
    "max_length": "That e-mail address is too long. Check it and try again.",
}


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        help_text="We send one short note a week. You can stop it with one click.",
        max_length=254,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()
