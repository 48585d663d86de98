"""The account's slices of a person's export, and the reading every app's slice is built from.

Each app builds its own slice from one `Reading` (attune.privacy.export assembles them). It lives
here because accounts imports no other app: every app can use it without making a circle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from attune.accounts.models import User

Decrypt = Callable[[bytes | memoryview | None], str]
T = TypeVar("T")


@dataclass
class Reading:
    """One person's export while it is read: the person as the export's first query loaded them
    (with what each slice asked it to bring), one decrypt for all their text (their key is read
    once), and rows one slice read that another needs too, so nothing is read twice."""

    person: User
    decrypt: Decrypt
    kept: dict[str, Any] = field(default_factory=dict)

    def joined(self, name: str) -> Any:
        """A row the first query joined in, or None when the person has none (a missing
        one-to-one raises an AttributeError, and a missing filtered row is simply not set)."""
        return getattr(self.person, name, None)

    def once(self, name: str, read: Callable[[], T]) -> T:
        """What `read` gives, read the first time `name` is asked for only."""
        if name not in self.kept:
            self.kept[name] = read()
        return self.kept[name]


def account_for_export(reading: Reading) -> dict[str, Any]:
    person = reading.person
    return {
        "email": person.email,
        "display_name": person.display_name,
        "date_joined": person.date_joined,
    }


def settings_for_export(reading: Reading) -> dict[str, Any]:
    person = reading.person
    return {
        "country": person.country,
        "discreet": person.discreet,
        "session_minutes": person.session_minutes,
        "session_length": person.get_session_minutes_display(),
    }
