"""The form on the API-token page: make a token, or revoke the one there is."""

from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    action = forms.ChoiceField(choices=[("create", "Create"), ("revoke", "Revoke")])
