"""Free text, handled in one place: screened, sealed with the writer's key, care told, and the
writer sent on (to help first when the screen asks for it).

Every box a person writes in (a daily check-in line, an activity note, the check-up's note and
its "in your own words" box, the safety plan) goes through here, so the rule cannot drift apart
between them. Only the writer ever sees the text or what the screen made of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlencode

from django.urls import reverse

from attune.accounts.crypto import encrypt
from attune.core.screen.screening import screen_text
from attune.core.screen.tiers import NOTHING, TextScreen, Tier
from attune.safety import care, notices


class Source(StrEnum):
    """Which box a text was written in (the first four as attune.safety.models.CareNotice names
    them)."""

    CHECKIN = "checkin"
    ACTIVITY_NOTE = "activity_note"
    CHECKUP_NOTE = "checkup_note"
    OWN_WORDS = "own_words"
    SAFETY_PLAN = "safety_plan"


IN_A_CHECKUP = {Source.CHECKUP_NOTE, Source.OWN_WORDS}


@dataclass(frozen=True)
class Written:
    """A text as it is stored: sealed with the writer's key, and the screen's reading of it."""

    sealed: bytes
    screen: TextScreen

    @property
    def tier(self) -> Tier:
        return Tier(self.screen.tier)

    @property
    def help_first(self) -> bool:
        return self.tier >= Tier.RESOURCES

    @property
    def abuse_at_once(self) -> bool:
        """Read as abuse at help first: the lines for people being harmed come with the help."""
        return self.help_first and self.screen.abuse


def screened(text: str) -> TextScreen:
    """The screen's reading of a text; an empty text is nothing."""
    return screen_text(text) if text.strip() else NOTHING


def write(user, text: str, screen: TextScreen | None = None) -> Written:
    """Screen the text (unless the caller has read it already) and seal it with the writer's key."""
    return Written(encrypt(user.pk, text), screen if screen is not None else screened(text))


def hand_in(user, written: Written, source: Source, then: str | None, code: str = "") -> str | None:
    """Tell care about a text once it is saved, and say where to send its writer: the help
    page when the screen asks for help first (the way on kept), else None, to carry on.

    `code` is the public code of the check-in, run or check-up that holds the text. Help first
    from the text alone brings the one private question (attune.safety.notices); when a
    check-up answer needs care already, the text protects at once, as the answer did.
    """
    if not written.help_first:
        return None
    if source is Source.SAFETY_PLAN:
        # The plan is written to plan for danger: help lines, and no protection.
        return help_url("safety-crisis")
    if notices.answers_need_care(user):
        care.written(user, written.tier)
        if source in IN_A_CHECKUP:
            return help_url("checkups-support", then, args=(code,))
        return help_url("safety-crisis", then)
    notice = notices.ask(user, source.value, code)
    return help_url("safety-question", then, args=(notice.code,))


def help_url(name: str, then: str | None = None, args: tuple = ()) -> str:
    """A help page's address, keeping the way back to where the writer was going."""
    url = reverse(name, args=args)
    return f"{url}?{urlencode({'next': then})}" if then else url
