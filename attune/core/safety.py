"""The safety screens on answers: the crisis item and the private abuse and neglect screen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from attune.core.concepts import CRISIS, SAFETY_CAUSE
from attune.core.instruments import Instrument


@dataclass(frozen=True)
class SafetyScreen:
    """Who may see this: only the person who answered. Never a partner, in any form."""

    crisis: bool
    abuse: bool

    @property
    def positive(self) -> bool:
        return self.crisis or self.abuse


def screen_answers(instrument: Instrument, answers: Mapping[str, int]) -> SafetyScreen:
    def flagged(construct: str) -> bool:
        return any(
            item.flags(answers[item.id])
            for item in instrument.items_for(construct)
            if answers.get(item.id) is not None
        )

    return SafetyScreen(crisis=flagged(CRISIS), abuse=flagged(SAFETY_CAUSE))
