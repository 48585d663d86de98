"""Every privacy page: reachable, carrying the quick exit, and cheap to draw."""

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


def test_the_policy_does_not_claim_more_encryption_than_there_is(client):
    text = client.get(reverse("privacy-policy")).content.decode()
    assert "Your other answers are not encrypted" in text
