"""Budgets on every page: at most 10 queries, at most 60 KB of HTML + CSS + JS, nothing off-site."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from attune.accounts.crypto import encrypt
from attune.checkups.models import Checkup
from tests.checkups.helpers import CHECKUP, healthy_value

PAGE_BUDGET_BYTES = 60 * 1024
ANONYMOUS = [
    "web-home",
    "library-index",
    "safety-crisis",
    "safety-quick-exit-help",
    "accounts-login",
    "accounts-signup",
    "accounts-password-reset",
    "privacy-policy",
    "newsletter-subscribe",
    "library-search",
]
SIGNED_IN = [
    "web-home",
    "checkups-history",
    "accounts-settings",
    "safety-plan",
    "privacy-export",
    "privacy-export-html",
    "privacy-delete",
    "couples-home",
    "couples-api-token",
    "progress-trends",
    "progress-pulse",
    "progress-reminders",
    "checkins-home",
    "activities-index",
]
WITH_CODE = ["checkups-report"]


@pytest.fixture
def finished(owner):
    checkups = []
    for _ in range(3):
        checkup = Checkup.objects.create(
            user=owner,
            instrument_version=CHECKUP.version,
            answers={i.id: healthy_value(i) for i in CHECKUP.items},
            note=encrypt(owner.pk, "A quiet, good week."),
        )
        checkup.finish()
        checkup.save()
        checkups.append(checkup)
    return checkups


def assets_of(html: str) -> int:
    """The page's own CSS and JS, and the service worker every page registers."""
    total = len(Client().get(reverse("web-service-worker")).content) if "data-sw=" in html else 0
    for src in re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="/static/([^"]+)"', html):
        if src.endswith((".css", ".js")):
            total += Path(finders.find(src)).stat().st_size
    return total


def check(client, url, django_assert_max_num_queries):
    # The session records activity at most once a minute; let that write happen before counting.
    client.get(reverse("privacy-policy"))
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert len(response.content) + assets_of(html) <= PAGE_BUDGET_BYTES, url
    loads = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*(?:src|href)="([^"]+)"', html)
    assert all(src.startswith("/") for src in loads), loads


@pytest.mark.parametrize("name", ANONYMOUS)
def test_anonymous_pages_stay_within_budget(client, db, name, django_assert_max_num_queries):
    check(client, reverse(name), django_assert_max_num_queries)


@pytest.mark.parametrize("name", SIGNED_IN)
def test_signed_in_pages_stay_within_budget(
    owner_client, finished, name, django_assert_max_num_queries
):
    check(owner_client, reverse(name), django_assert_max_num_queries)


def test_the_report_and_compare_stay_within_budget(
    owner_client, finished, django_assert_max_num_queries
):
    check(
        owner_client,
        reverse("checkups-report", args=[finished[0].code]),
        django_assert_max_num_queries,
    )
    compare = reverse("checkups-compare") + f"?a={finished[1].code}&b={finished[0].code}"
    check(owner_client, compare, django_assert_max_num_queries)


def test_a_section_of_the_checkup_stays_within_budget(owner_client, django_assert_max_num_queries):
    owner_client.post(reverse("checkups-start"))
    checkup = Checkup.objects.get()
    check(
        owner_client,
        reverse("checkups-section", args=[checkup.code, 1]),
        django_assert_max_num_queries,
    )
