"""The streak counts weeks with an activity and never counts a missed week against anyone."""

from datetime import date

from attune.activities.weeks import done_this_week, streak

WEDNESDAY = date(2025, 6, 11)


def test_it_counts_weeks_in_a_row_up_to_last_week_while_this_week_is_young():
    days = [date(2025, 6, 4), date(2025, 5, 28), date(2025, 5, 21)]
    assert streak(days, WEDNESDAY) == 3


def test_it_includes_this_week_once_there_is_one():
    assert streak([WEDNESDAY, date(2025, 6, 3)], WEDNESDAY) == 2


def test_it_starts_again_quietly_after_a_gap():
    assert streak([date(2025, 6, 10), date(2025, 5, 20)], WEDNESDAY) == 1
    assert streak([], WEDNESDAY) == 0


def test_it_counts_only_this_weeks_activities():
    assert done_this_week([date(2025, 6, 9), WEDNESDAY, date(2025, 6, 8)], WEDNESDAY) == 2
