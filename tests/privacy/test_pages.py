"""Every privacy page: reachable, carrying the quick exit, and cheap to draw."""

import html
import re

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

PAGES = ["privacy-policy", "privacy-export", "privacy-export-html", "privacy-delete"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_the_quick_exit_and_needs_at_most_ten_queries(
    owner, owner_client, make_checkup, make_plan, settings, django_assert_max_num_queries, name
):
    for n in range(5):
        make_checkup(owner, f"note {n}")
    make_plan(owner, people="Dana")
    # The session records activity at most once a minute; let that write happen before counting.
    owner_client.get(reverse("privacy-policy"))
    with (
        django_assert_max_num_queries(10) as main,
        CaptureQueriesContext(connections["keys"]) as keys,
    ):
        page = owner_client.get(reverse(name))
    assert page.status_code == 200
    assert len(main) + len(keys) <= 10
    text = page.content.decode()
    assert re.search(r'<a [^>]*id="quick-exit"[^>]*>Quick exit</a>', text)
    assert f'href="{settings.QUICK_EXIT_URL}"' in text


def test_the_policy_is_open_to_everyone(client):
    page = client.get(reverse("privacy-policy"))
    assert page.status_code == 200
    assert re.search(r'id="quick-exit"', page.content.decode())


@pytest.mark.parametrize(
    "promise",
    [
        "Only you.",
        "never see your answers about feeling safe",
        "Until you delete it.",
        "deleted at once, for real",
        "never loads anything from another website",
        "never uses analytics or shows ads",
        "never carry your answers or scores",
        "kept in a separate store",
        "your key is destroyed",
    ],
)
def test_the_policy_says_plainly(client, promise):
    assert promise in client.get(reverse("privacy-policy")).content.decode()


# Every kind of thing Attune keeps has its own heading, so nothing stored goes unnamed.
KINDS_STORED = [
    "Your account and settings",
    "Your check-ups",
    '"In your own words"',
    "Your weekly pulses",
    "Your reminders",
    "Your daily check-ins",
    "Your activities",
    "Your safety plan",
    "Linking with a partner",
    "Your key for apps",
    "A weekly note",
    "Our safety check",
]


def test_the_policy_names_every_kind_of_data_it_keeps(client):
    text = client.get(reverse("privacy-policy")).content.decode()
    headings = [html.unescape(h) for h in re.findall(r"<h[23]>(.*?)</h[23]>", text)]
    assert [kind for kind in KINDS_STORED if kind not in headings] == []


@pytest.mark.parametrize(
    "promise",
    [
        # Partner sharing: what may be shared, by choice, and that it can stop.
        "choose to share one check-up's five sign scores",
        "a linked partner sees the scores as lines, and nothing else",
        "Let my partner see what I need today",
        "Share this note with my partner",
        "you can stop sharing at any time",
        # The safety check: where it runs and what it keeps.
        "It runs on this server only. Your words are never sent anywhere else to be read.",
        "Your partner is not told.",
    ],
)
def test_the_policy_says_what_is_shared_and_what_the_safety_check_does(client, promise):
    text = html.unescape(client.get(reverse("privacy-policy")).content.decode())
    assert promise in text


def test_the_policy_no_longer_says_linking_is_coming(client):
    text = client.get(reverse("privacy-policy")).content.decode()
    assert "later version" not in text


def test_the_policy_does_not_claim_more_encryption_than_there_is(client):
    text = client.get(reverse("privacy-policy")).content.decode()
    assert "Your other answers are not encrypted" in text
