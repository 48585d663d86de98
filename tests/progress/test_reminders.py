"""Weekly reminders: the right local time, through daylight saving, once and only once."""

from datetime import datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from attune.progress import reminders
from attune.progress.models import ProgressSettings, Reminder, ReminderSent
from attune.progress.reminders import next_occurrence, send_due

LONDON = ZoneInfo("Europe/London")
URL = reverse("progress-reminders")


def rhythm(**overrides) -> dict:
    data = {
        "time_zone": "Europe/London",
        "pulse_weekday": "6",
        "pulse_time": "19:00",
        "pulse_email": "on",
        "talk_weekday": "4",
        "talk_time": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def local(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


@pytest.fixture
def sunday_seven(owner):
    ProgressSettings.objects.create(user=owner, time_zone="Europe/London")
    reminder = Reminder(user=owner, kind=Reminder.PULSE, weekday=6, at=time(19, 0))
    with time_machine.travel(local(2025, 3, 20, 12), tick=False):
        reminders.schedule(reminder, "Europe/London")
    reminder.save()
    return reminder


def run_at(when: datetime) -> int:
    with time_machine.travel(when, tick=False):
        return send_due()


def test_saving_the_form_schedules_the_reminder_at_the_local_time(owner_client, owner):
    with time_machine.travel(local(2025, 7, 1, 9), tick=False):
        response = owner_client.post(URL, rhythm())
    assert response.status_code == 302
    reminder = Reminder.objects.get(user=owner, kind=Reminder.PULSE)
    # Sunday 6 July 2025, 19:00 in London is 18:00 UTC (summer time).
    assert reminder.next_due == datetime(2025, 7, 6, 18, tzinfo=ZoneInfo("UTC"))
    assert ProgressSettings.objects.get(user=owner).time_zone == "Europe/London"


def test_it_fires_once_at_the_right_local_time(sunday_seven, owner):
    assert run_at(local(2025, 3, 23, 18, 59)) == 0
    assert run_at(local(2025, 3, 23, 19, 0)) == 1
    assert run_at(local(2025, 3, 23, 19, 1)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]


def test_it_keeps_the_local_time_across_the_change_to_summer_time(sunday_seven):
    # Clocks go forward on 30 March 2025: 19:00 local is 19:00 UTC before, 18:00 UTC after.
    assert run_at(local(2025, 3, 23, 19, 0)) == 1
    assert run_at(datetime(2025, 3, 30, 17, 59, tzinfo=ZoneInfo("UTC"))) == 0
    assert run_at(datetime(2025, 3, 30, 18, 0, tzinfo=ZoneInfo("UTC"))) == 1
    assert run_at(datetime(2025, 3, 30, 19, 0, tzinfo=ZoneInfo("UTC"))) == 0
    assert len(mail.outbox) == 2


def test_it_keeps_the_local_time_across_the_change_back_to_winter_time():
    after = next_occurrence(6, time(19, 0), "Europe/London", local(2025, 10, 20, 12))
    assert after == datetime(2025, 10, 26, 19, tzinfo=ZoneInfo("UTC"))
    before = next_occurrence(6, time(19, 0), "Europe/London", local(2025, 10, 13, 12))
    assert before == datetime(2025, 10, 19, 18, tzinfo=ZoneInfo("UTC"))


def test_a_retried_round_never_sends_a_second_copy(sunday_seven):
    run_at(local(2025, 3, 23, 19, 0))
    # The round dies before moving the reminder on: the next round sees it due again.
    Reminder.objects.filter(pk=sunday_seven.pk).update(next_due=local(2025, 3, 23, 19, 0))
    assert run_at(local(2025, 3, 23, 19, 1)) == 0
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.get().state == ReminderSent.SENT


def test_a_crash_while_sending_frees_the_claim_so_the_next_round_sends_it(sunday_seven):
    with mock.patch.object(
        reminders.EmailMultiAlternatives, "send", side_effect=OSError("mail is down")
    ):
        assert run_at(local(2025, 3, 23, 19, 0)) == 0
    assert not ReminderSent.objects.exists()
    assert run_at(local(2025, 3, 23, 19, 1)) == 1
    assert len(mail.outbox) == 1


def test_a_crash_between_send_and_mark_is_settled_from_the_file_outbox(
    sunday_seven, settings, tmp_path
):
    settings.EMAIL_BACKEND = reminders.once.FILE_BACKEND
    settings.EMAIL_FILE_PATH = str(tmp_path)
    killed = mock.patch.object(reminders.once, "mark", side_effect=SystemExit("killed"))
    with killed, pytest.raises(SystemExit):
        run_at(local(2025, 3, 23, 19, 0))
    assert ReminderSent.objects.get().state == ReminderSent.CLAIMED
    assert run_at(local(2025, 3, 23, 19, 2)) == 0
    outbox = b"".join(path.read_bytes() for path in tmp_path.iterdir())
    assert outbox.count(b"Message-ID: <reminder.") == 1
    assert ReminderSent.objects.get().state == ReminderSent.SENT


def test_where_the_mail_system_cannot_say_it_does_not_send_twice(sunday_seven):
    killed = mock.patch.object(reminders.once, "mark", side_effect=SystemExit("killed"))
    with killed, pytest.raises(SystemExit):
        run_at(local(2025, 3, 23, 19, 0))
    assert run_at(local(2025, 3, 23, 19, 2)) == 0
    assert len(mail.outbox) == 1


def test_a_day_missed_by_a_stopped_worker_is_not_sent_late(sunday_seven):
    assert run_at(local(2025, 3, 24, 9, 0)) == 0
    assert not mail.outbox
    sunday_seven.refresh_from_db()
    assert sunday_seven.next_due == local(2025, 3, 30, 19, 0)


def test_the_email_is_neutral(sunday_seven):
    run_at(local(2025, 3, 23, 19, 0))
    message = mail.outbox[0]
    assert message.subject == "There is something new for you"
    body = message.body + message.alternatives[0][0]
    assert "There is something new for you" in body
    assert not any(word in body.lower() for word in ("score", "lonely", "pulse result"))
    assert reverse("progress-pulse") in body


def test_a_calendar_only_reminder_sends_no_email(owner_client, owner):
    owner_client.post(URL, rhythm(pulse_email=None))
    assert Reminder.objects.get(user=owner).next_due is None


def test_a_conversation_night_is_optional_and_needs_a_time(owner_client, owner):
    page = owner_client.post(URL, rhythm(talk_on="on"))
    assert page.status_code == 400
    assert "Enter a time for your conversation night" in page.content.decode()
    assert owner_client.post(URL, rhythm(talk_on="on", talk_time="20:30")).status_code == 302
    assert Reminder.objects.get(user=owner, kind=Reminder.TALK).at == time(20, 30)
    owner_client.post(URL, rhythm())
    assert not Reminder.objects.filter(user=owner, kind=Reminder.TALK).exists()


def test_an_unknown_time_zone_reshows_the_form_with_the_input_kept(owner_client, owner):
    page = owner_client.post(URL, rhythm(time_zone="Mars/Olympus", pulse_time="07:15"))
    text = page.content.decode()
    assert page.status_code == 400
    assert "We do not know that time zone" in text
    assert 'value="Mars/Olympus"' in text and 'value="07:15"' in text
    assert not Reminder.objects.exists()


def test_the_page_stays_within_ten_queries(owner_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert owner_client.get(URL).status_code == 200
    with django_assert_max_num_queries(10):
        owner_client.post(URL, rhythm())
