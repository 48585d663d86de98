"""Forms of counsellor mode; each re-shows with the person's answers and a clear message."""

from __future__ import annotations

from django import forms

from attune.core.concepts import concepts
from attune.counsellors.models import JOIN_LENGTH


class JoinForm(forms.Form):
    code = forms.CharField(
        label="The code your counsellor gave you",
        max_length=JOIN_LENGTH + 4,
        help_text="Eight letters and numbers, for example ABCD-2345.",
        error_messages={"required": "Type the code your counsellor gave you."},
    )


class SpaceForm(forms.Form):
    label = forms.CharField(
        label="A name for the space, for your own list",
        max_length=80,
        help_text="First names are enough, for example Robin and Sam. Your clients never see it.",
        error_messages={"required": "Give the space a name you will recognise."},
    )


class SuggestForm(forms.Form):
    activity = forms.ChoiceField(label="Activity to suggest", choices=())
    action = forms.ChoiceField(
        choices=(("suggest", "Suggest"), ("withdraw", "Withdraw")),
        required=False,
        initial="suggest",
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from attune.counsellors.services import suggestable

        self.fields["activity"].choices = [(a.id, a.title) for a in suggestable()]


class ChoicesForm(forms.Form):
    share_scores = forms.BooleanField(
        required=False, label="The sign and cause scores of the check-ups I tick below"
    )
    share_items = forms.BooleanField(
        required=False,
        label="My answers to the questions of those check-ups (never the safety questions)",
    )
    share_pulse = forms.BooleanField(required=False, label="My weekly pulse trends since I joined")
    share_activities = forms.BooleanField(
        required=False, label="Which activities I did since I joined, and when (never notes)"
    )
    share_stress = forms.BooleanField(
        required=False, label="How stressed I said I was in my daily check-ins (never the words)"
    )
    checkups = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Check-ups"
    )
    notes = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Activity notes, one by one"
    )
    wants_safety_talk = forms.BooleanField(
        required=False,
        label="Let my counsellor know, privately, that I would like to talk about safety on my own",
        help_text=(
            "Only your counsellor sees this, on a page about you alone. Your partner never does."
        ),
    )

    def __init__(self, *args, client, checkups, notes, user, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import formats

        model = concepts()
        self.fields["checkups"].choices = [
            (c.code, f"Finished {formats.date_format(c.finished_at, 'j F Y')}") for c in checkups
        ]

        def title(run) -> str:
            found = model.activities.get(run.activity_id)
            return found.title if found else "Activity"

        self.fields["notes"].choices = [
            (r.code, f"{title(r)}, {formats.date_format(r.finished_at, 'j F Y')}") for r in notes
        ]
        if not self.is_bound:
            from attune.counsellors.services import KINDS

            self.initial = {kind: getattr(client, kind) for kind in KINDS}
            self.initial["wants_safety_talk"] = client.wants_safety_talk
            self.initial["checkups"] = list(client.chosen_checkups)
            self.initial["notes"] = list(client.chosen_notes)
