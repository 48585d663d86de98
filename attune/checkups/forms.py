"""Forms built from instrument data: one radio group per item, and the closing note."""

from __future__ import annotations

from typing import Any

from django import forms

from attune.core.instruments import Item, Section

NOTE_MAX = 2000
OWN_WORDS_MAX = 2000


class SectionForm(forms.Form):
    """One section's items. `strict` requires every item that may not be skipped."""

    def __init__(self, section: Section, *args: Any, strict: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section
        for item in section.items:
            self.fields[item.id] = forms.TypedChoiceField(
                label=item.text,
                choices=[(str(o.value), o.label) for o in item.options],
                coerce=int,
                empty_value=None,
                required=strict and not item.optional,
                widget=forms.RadioSelect,
                help_text=item.why,
                error_messages={
                    "required": "Choose an answer to this question.",
                    "invalid_choice": "That answer is not one of the choices. Choose one of them.",
                },
            )

    def items_with_fields(self) -> list[tuple[Item, forms.BoundField]]:
        return [(item, self[item.id]) for item in self.section.items]

    def answers(self) -> dict[str, int | None]:
        return {item.id: self.cleaned_data.get(item.id) for item in self.section.items}


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Anything else you want to note?",
        help_text="Optional. Only you can read this, and it is stored encrypted.",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": f"Please keep your note to {NOTE_MAX:,} characters "
            "(it has %(show_value)d)."
        },
    )


class OwnWordsForm(forms.Form):
    """The optional box at the start: "In your own words, what is going on?"."""

    text = forms.CharField(
        label="In your own words, what is going on? (optional)",
        help_text="A few words or a few lines. Only you can read this, and it is stored "
        "encrypted. It is never shared with a partner.",
        required=False,
        max_length=OWN_WORDS_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": f"Please keep this to {OWN_WORDS_MAX:,} characters "
            "(it has %(show_value)d).",
            "null_characters_not_allowed": "This text has a character we cannot store. "
            "Please take it out and try again.",
        },
    )
    action = forms.ChoiceField(
        choices=[("continue", "Continue"), ("skip", "Skip")],
        error_messages={
            "required": "Choose Continue or Skip.",
            "invalid_choice": "Choose Continue or Skip.",
        },
    )


ANSWERS = [("yes", "Yes"), ("no", "Not really")]


class ConfirmSignsForm(forms.Form):
    """Each suggested sign as a question the person may answer "Yes" or "Not really", or leave."""

    def __init__(self, offered: list[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for sign, question in offered:
            self.fields[sign] = forms.ChoiceField(
                label=question,
                choices=ANSWERS,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": "That answer is not one of the choices. Choose one of them."
                },
            )

    def decisions(self) -> dict[str, bool | None]:
        """Sign id -> True (yes), False (not really) or None (left unanswered)."""
        chosen = {"yes": True, "no": False}
        return {sign: chosen.get(self.cleaned_data.get(sign) or "") for sign in self.fields}
