"""Forms for couple mode: an invitation (with an optional e-mail) and one-button actions."""

from __future__ import annotations

from django import forms


class InviteForm(forms.Form):
    email = forms.EmailField(
        required=False,
        label="Your partner's e-mail address (optional)",
        help_text=(
            "We send them the link with a short, neutral message. "
            "Leave this empty to copy the link and send it yourself."
        ),
        error_messages={"invalid": "Enter an e-mail address like name@example.org"},
    )


class ShareForm(forms.Form):
    action = forms.ChoiceField(choices=[("share", "Share"), ("withdraw", "Stop sharing")])
