"""Counting weeks with an activity: an honest streak that never counts against anyone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def week_of(day: date) -> date:
    """The Monday that starts the week of this day."""
    return day - timedelta(days=day.weekday())


def done_this_week(days: Iterable[date], today: date) -> int:
    start = week_of(today)
    return sum(1 for d in days if start <= d <= today)


def streak(days: Iterable[date], today: date) -> int:
    """Weeks in a row, up to now, with at least one finished activity.

    A week still in progress that has none yet does not break the count: it is not over.
    """
    weeks = {week_of(d) for d in days}
    current = week_of(today)
    if current not in weeks:
        current -= timedelta(weeks=1)
    count = 0
    while current in weeks:
        count += 1
        current -= timedelta(weeks=1)
    return count
