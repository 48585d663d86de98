"""Today's check-in form: stress, needs, a short line, and the two sharing choices."""

from __future__ import annotations

from typing import Any

from django import forms

from attune.checkins.models import NEEDS, NOTE_MAX, STRESS_MAX

# Words at the two ends of the stress scale; the numbers between speak for themselves.
STRESS_ENDS = {0: "Calm", STRESS_MAX: "Very stressed"}


class CheckinForm(forms.Form):
    stress = forms.TypedChoiceField(
        label="How stressed do you feel today?",
        help_text="0 is calm, 10 is as stressed as you get. There is no wrong answer.",
        choices=[(n, str(n)) for n in range(STRESS_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a number from 0 to 10 for your stress today.",
            "invalid_choice": "Choose a number from 0 to 10 for your stress today.",
        },
    )
    needs = forms.MultipleChoiceField(
        label="What do you need today?",
        help_text="Tick any that fit. Not sure? That is fine too: leave them all empty.",
        choices=[(need, label) for need, label, _, _ in NEEDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose from the needs listed."},
    )
    note = forms.CharField(
        label="Anything you want your partner to know? (optional)",
        help_text=f"One short line, up to {NOTE_MAX} characters. It is stored encrypted. "
        "Your partner sees it only if you let them see what you need today.",
        max_length=NOTE_MAX,
        required=False,
        error_messages={
            "max_length": f"Keep it to {NOTE_MAX} characters or fewer (you wrote %(show_value)d)."
        },
    )
    share_need = forms.BooleanField(label="Let my partner see what I need today", required=False)
    share_stress = forms.BooleanField(label="Also share my stress number", required=False)

    def __init__(self, *args: Any, can_share: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs.update({"autocomplete": "off", "maxlength": NOTE_MAX})
        if not can_share:
            # Not linked, or sharing is off for now: nothing here can be shared, whatever is sent.
            del self.fields["share_need"]
            del self.fields["share_stress"]

    def stress_options(self) -> list[tuple[Any, str]]:
        """Each radio with the word shown under it at the two ends of the scale."""
        return [(radio, STRESS_ENDS.get(index, "")) for index, radio in enumerate(self["stress"])]
