"""The screens' poll: one query, no session, and the same 404 for every "no"."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attune.activities.live import SALT, TOKEN_MAX_AGE_S, make_token
from attune.activities.models import SharedRun
from attune.checkups.models import Checkup
from attune.checkups.signals import checkup_saved
from attune.couples.sharing import unlink
from tests.activities.helpers import act, start_apart
from tests.couples.helpers import answers, finished, link


@pytest.fixture
def shared(owner_client, linked):
    return start_apart(owner_client).shared


def _poll(token: str):
    # A fresh client, as the page's script sends no cookies.
    return Client().get(reverse("activities-live", args=[token]))


def test_it_answers_the_version_and_sees_a_move(owner_client, owner, shared):
    token = make_token(owner.code, shared.code)
    assert _poll(token).json() == {"version": 1}
    run = shared.runs.get()
    act(owner_client, run, "next", version="1")
    assert _poll(token).json() == {"version": 2}


def test_the_page_s_token_names_the_person_by_their_public_code_not_their_id(
    owner_client, owner, shared
):
    page = owner_client.get(reverse("activities-step", args=[shared.runs.get().code]))
    token = re.search(r'data-live-url="/activities/live/([^/"]+)/"', page.content.decode())[1]
    assert signing.loads(token, salt=SALT) == [owner.code, shared.code]


def test_it_costs_exactly_one_query_a_poll(owner, member, shared, django_assert_num_queries):
    for person in (owner, member):
        token = make_token(person.code, shared.code)
        with django_assert_num_queries(1):
            response = _poll(token)
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("max-age=0")
        assert "Set-Cookie" not in response


@pytest.mark.parametrize(
    "token",
    ["not-a-token", signing.dumps([1, "abc"], salt="another.salt"), signing.dumps("x", salt=SALT)],
)
def test_it_answers_404_for_a_bad_token(shared, token):
    response = _poll(token)
    assert response.status_code == 404 and response.json() == {}


def test_it_answers_404_once_the_token_has_expired(owner, shared):
    token = make_token(owner.code, shared.code)
    later = timezone.now() + timedelta(seconds=TOKEN_MAX_AGE_S + 60)
    with time_machine.travel(later, tick=False):
        assert _poll(token).status_code == 404


def test_it_answers_a_stranger_as_for_a_run_that_does_not_exist(outsider, shared):
    nothing = _poll(make_token(outsider.code, "no-such-run-code"))
    stranger = _poll(make_token(outsider.code, shared.code))
    assert stranger.status_code == nothing.status_code == 404
    assert stranger.content == nothing.content


def test_it_answers_404_after_unlinking(owner, member, shared, linked):
    unlink(linked, member)
    assert _poll(make_token(member.code, shared.code)).status_code == 404
    assert _poll(make_token(owner.code, shared.code)).status_code == 404


def test_it_answers_the_partner_of_a_protected_person_as_before(owner, member, shared):
    # A partner who needs care has simply stopped moving, as far as the other phone knows.
    before = _poll(make_token(owner.code, shared.code)).content
    checkup = finished(member, answers("lonely", abuse=True))
    checkup_saved.send(sender=Checkup, checkup=checkup)
    assert _poll(make_token(owner.code, shared.code)).content == before


def test_it_answers_404_for_good_after_unlinking_even_once_linked_again(
    owner, member, shared, linked
):
    unlink(linked, member)
    link(owner, member)
    assert SharedRun.objects.get(pk=shared.pk).closed_at is not None
    nothing = _poll(make_token(owner.code, "no-such-run-code"))
    for person in (owner, member):
        response = _poll(make_token(person.code, shared.code))
        assert response.status_code == 404 and response.content == nothing.content
