"""The weekly rhythm form: time zone, reminders and sharing. (The pulse reuses SectionForm.)"""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django import forms

from attune.progress.models import WEEKDAYS


@cache
def zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def _weekday(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=WEEKDAYS,
        coerce=int,
        error_messages={"invalid_choice": "Choose a day of the week."},
    )


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="Your local time, for example 19:00.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S", "%H.%M"],
        error_messages={"invalid": "Enter a time like 19:00."},
        required=False,
    )


class RhythmForm(forms.Form):
    time_zone = forms.CharField(
        label="Your time zone",
        help_text="A place name such as Europe/London or America/Chicago. Reminders keep to "
        "your local time, also when the clocks change.",
        max_length=64,
        error_messages={"required": "Enter your time zone, for example Europe/London."},
    )
    pulse_weekday = _weekday("Day for your weekly pulse")
    pulse_time = _time("Time for your weekly pulse")
    pulse_email = forms.BooleanField(label="Send me an e-mail reminder", required=False)
    talk_on = forms.BooleanField(label="Remind me of a weekly conversation night", required=False)
    talk_weekday = _weekday("Day for your conversation night")
    talk_time = _time("Time for your conversation night")
    talk_email = forms.BooleanField(label="Send me an e-mail reminder for it too", required=False)
    share_pulse = forms.BooleanField(
        label="Share my pulse sign lines with my partner",
        help_text="Only the five sign lines, only with a linked partner who shares theirs too. "
        "Never your answers. You can turn this off at any time.",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "data-detect-zone": "true"}
        )

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        if name not in zone_names():
            raise forms.ValidationError(
                "We do not know that time zone. Enter a name such as Europe/London, "
                "America/New_York or Asia/Kolkata."
            )
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("pulse_time") is None and "pulse_time" not in self.errors:
            self.add_error("pulse_time", "Enter a time for your weekly pulse, like 19:00.")
        if data.get("talk_on") and data.get("talk_time") is None and "talk_time" not in self.errors:
            self.add_error("talk_time", "Enter a time for your conversation night, like 20:00.")
        return data
