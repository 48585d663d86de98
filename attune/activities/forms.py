"""Forms of the runner: starting together, and the closing question and note."""

from __future__ import annotations

from django import forms

NAME_LENGTH = 40
NOTE_LENGTH = 2000


class StartForm(forms.Form):
    TOGETHER = "together"
    APART = "apart"
    MODES = [
        (TOGETHER, "Together on this phone or computer, passing it between us"),
        (APART, "Each on our own phone: my partner joins from theirs"),
    ]

    mode = forms.ChoiceField(
        label="How will you do it?",
        choices=MODES,
        required=False,
        error_messages={"invalid_choice": "Choose one of the two ways."},
    )
    first_name = forms.CharField(
        label="First person's name",
        required=False,
        max_length=NAME_LENGTH,
        help_text="Optional. Leave blank to use your own name.",
        error_messages={"max_length": f"Keep the name to {NAME_LENGTH} characters or fewer."},
    )
    second_name = forms.CharField(
        label="Second person's name",
        required=False,
        max_length=NAME_LENGTH,
        help_text='Optional. Leave blank for "your partner".',
        error_messages={"max_length": f"Keep the name to {NAME_LENGTH} characters or fewer."},
    )


class FinishForm(forms.Form):
    HELPED = [(str(n), str(n)) for n in range(1, 6)]

    helped = forms.TypedChoiceField(
        label="Did this help?",
        choices=HELPED,
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Optional. 1 is not at all, 5 is a lot. Only you see this.",
        error_messages={"invalid_choice": "Choose a number from 1 to 5, or leave it blank."},
    )
    note = forms.CharField(
        label="A private note",
        required=False,
        max_length=NOTE_LENGTH,
        widget=forms.Textarea,
        help_text="Optional. Only you can read it, and it is stored encrypted.",
        error_messages={"max_length": f"Keep the note to {NOTE_LENGTH} characters or fewer."},
    )
    share = forms.BooleanField(
        label="Share this note with my partner",
        required=False,
        help_text="Only this note, and you can stop sharing it at any time.",
    )
