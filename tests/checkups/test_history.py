"""The history page: a person's own check-ups, newest first, ways on, and a compare form."""

import html
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from attune.checkups.models import Checkup
from tests.checkups.helpers import CHECKUP, healthy_value

URL = reverse("checkups-history")
START = reverse("checkups-start")


def make(user, days_ago: int, done: bool = True) -> Checkup:
    when = timezone.now() - timedelta(days=days_ago)
    checkup = Checkup.objects.create(
        user=user,
        instrument_version=1,
        answers={item.id: healthy_value(item) for item in CHECKUP.items},
        started_at=when,
    )
    if done:
        checkup.finish()
        checkup.finished_at = when + timedelta(minutes=10)
        checkup.save()
    return checkup


def page_of(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_it_lists_finished_check_ups_newest_first_with_links_to_their_reports(owner, owner_client):
    old, new = make(owner, 40), make(owner, 3)
    page = page_of(owner_client)
    old_link = reverse("checkups-report", args=[old.code])
    new_link = reverse("checkups-report", args=[new.code])
    assert page.index(new_link) < page.index(old_link)
    assert old.finished_at.strftime("%-d %B %Y") in page


def test_an_unfinished_check_up_offers_continue_as_a_post(owner, owner_client):
    make(owner, 1, done=False)
    page = page_of(owner_client)
    assert f'<form method="post" action="{START}">' in page
    assert "Continue" in page and "not finished yet" in page
    assert "Start a new check-up" not in page


def test_with_nothing_in_progress_it_offers_to_start_a_new_check_up(owner, owner_client):
    make(owner, 2)
    page = page_of(owner_client)
    assert f'<form method="post" action="{START}">' in page
    assert "Start a new check-up" in page


def test_with_no_check_ups_it_says_so_kindly(owner_client):
    page = page_of(owner_client)
    assert "You have not taken a check-up yet" in page
    assert "Compare two check-ups" not in page


def test_it_offers_to_compare_once_two_are_finished(owner, owner_client):
    make(owner, 30)
    assert "Compare two check-ups" not in page_of(owner_client)
    make(owner, 1)
    make(owner, 0, done=False)
    page = page_of(owner_client)
    assert f'method="get" action="{reverse("checkups-compare")}"' in page
    assert 'name="a"' in page and 'name="b"' in page
    unfinished = Checkup.objects.in_progress().get(user=owner)
    assert f'value="{unfinished.code}"' not in page


def test_it_never_lists_someone_elses_check_ups(owner, outsider, owner_client):
    theirs = make(outsider, 1)
    assert theirs.code not in page_of(owner_client)


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts-login") in response.url


def test_twenty_check_ups_take_at_most_ten_queries(
    owner, owner_client, django_assert_max_num_queries
):
    for days in range(19):
        make(owner, days + 1)
    make(owner, 0, done=False)
    with django_assert_max_num_queries(10):
        page = page_of(owner_client)
    assert page.count("Read the report") == 19
