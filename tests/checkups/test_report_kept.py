"""The report page is kept once rendered (attune.toolkit.pages): what a person sees stays."""

import re

from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.session import SessionStorage
from django.test import Client, override_settings
from django.urls import reverse

from tests.checkups.helpers import CHECKUP
from tests.couples.helpers import finished

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def report(client, checkup) -> str:
    response = client.get(reverse("checkups-report", args=[checkup.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_page_is_served_again_to_the_same_browser_only(owner, owner_client):
    checkup = finished(owner)
    report(owner_client, checkup)  # the first page sets this browser's CSRF cookie
    first = report(owner_client, checkup)
    assert report(owner_client, checkup) == first
    other_phone = Client()
    other_phone.force_login(owner)
    report(other_phone, checkup)  # the first page sets this browser's CSRF cookie
    theirs = report(other_phone, checkup)
    assert TOKEN.sub("", theirs) == TOKEN.sub("", first)
    assert TOKEN.search(theirs).group(1) != TOKEN.search(first).group(1)


def test_a_browser_without_a_csrf_cookie_gets_a_fresh_token_each_time(owner, owner_client):
    checkup = finished(owner)
    tokens = set()
    for _ in range(2):
        owner_client.cookies.pop(settings.CSRF_COOKIE_NAME, None)
        tokens.add(TOKEN.search(report(owner_client, checkup)).group(1))
    assert len(tokens) == 2


def test_the_log_out_form_of_a_kept_page_still_works(owner, client):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    checkup = finished(owner)
    report(browser, checkup)
    token = TOKEN.search(report(browser, checkup)).group(1)
    response = browser.post(reverse("accounts-logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert browser.get(reverse("checkups-history")).status_code == 302


def test_discreet_mode_shows_on_a_report_already_kept(owner_client, owner):
    checkup = finished(owner)
    assert "<title>Your check-up report · Attune</title>" in report(owner_client, checkup)
    owner.discreet = True
    owner.save()
    assert "<title>Notes</title>" in report(owner_client, checkup)


def test_a_change_of_country_shows_that_country_s_lines(owner_client, owner):
    checkup = finished(owner)
    item = CHECKUP.items_for("crisis")[0]
    checkup.answers[item.id] = item.flag_at
    checkup.save()
    assert "Samaritans" in report(owner_client, checkup)
    owner.country = "US"
    owner.save()
    assert "988" in report(owner_client, checkup)


@override_settings(MESSAGE_STORAGE="django.contrib.messages.storage.session.SessionStorage")
def test_a_waiting_message_is_shown_on_a_kept_report_and_then_gone(owner_client, owner, rf):
    checkup = finished(owner)
    report(owner_client, checkup)
    session = owner_client.session
    request = rf.get("/")
    request.session = session
    SessionStorage(request)._store([Message(constants.SUCCESS, "Your words are saved.")], None)
    session.save()
    assert "Your words are saved." in report(owner_client, checkup)
    assert "Your words are saved." not in report(owner_client, checkup)


def test_a_change_to_the_check_up_shows_at_once_on_a_kept_report(owner_client, owner):
    checkup = finished(owner)
    report(owner_client, checkup)
    assert "Samaritans" not in report(owner_client, checkup)
    # Crisis words in the closing note, saved after the page was kept: help comes first now.
    checkup.note_tier = 2
    checkup.save()
    page = report(owner_client, checkup)
    assert "Samaritans" in page and page.index("Samaritans") < page.index("<svg")


def test_a_kept_report_never_reaches_anyone_else(owner_client, owner, outsider):
    checkup = finished(owner)
    report(owner_client, checkup)
    report(owner_client, checkup)
    # Someone else signs in on the very same browser, and on their own.
    owner_client.force_login(outsider)
    url = reverse("checkups-report", args=[checkup.code])
    assert owner_client.get(url).status_code == 404
    assert owner_client.get(url).status_code == 404
