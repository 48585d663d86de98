"""The safety plan form: four private free-text parts."""

from django import forms

PART_MAX = 4000


def _part(label: str, hint: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=PART_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Please keep this part to {PART_MAX:,} characters."},
    )


class SafetyPlanForm(forms.Form):
    warning_signs = _part(
        "Warning signs",
        "What tells you things might be getting unsafe? For example, words, moods or situations.",
    )
    people = _part(
        "People I can call",
        "Friends, family, neighbours or services you trust, and how to reach them.",
    )
    safe_places = _part(
        "Safe places",
        "Where you could go at short notice, and how you would get there.",
    )
    documents = _part(
        "Things to keep ready",
        "Documents, keys, money, medicines, phone charger: and where you keep copies.",
    )
