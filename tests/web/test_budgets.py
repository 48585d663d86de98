"""Budgets (tests/web/budget.py) on the pages of a person with three check-ups; the walk in
test_budget_walk.py measures every page of the demo couple."""

import pytest
from django.urls import resolve, reverse

from attune.accounts.crypto import encrypt
from attune.checkups.models import Checkup
from tests.couples import helpers as couples
from tests.web.budget import PAGE_BUDGET_BYTES, QUERY_BUDGET, assets_of, over_budget

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


def finished_checkup(owner) -> Checkup:
    return couples.finished(owner, note=encrypt(owner.pk, "A quiet, good week."))


@pytest.fixture
def finished(owner):
    return [finished_checkup(owner) for _ in range(3)]


def check(client, url, django_assert_max_num_queries):
    # The session records activity at most once a minute; let that write happen before counting.
    client.get(reverse("privacy-policy"))
    with django_assert_max_num_queries(QUERY_BUDGET):
        response = client.get(url)
    assert response.status_code == 200, url
    assert over_budget(response.content, 0, resolve(url.split("?")[0]).view_name) == {}, url


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


# What one more check-up adds to the export page: its answers, its report and its note.
EXPORT_BYTES_PER_CHECKUP = 11 * 1024


def test_the_export_page_grows_by_what_each_check_up_adds_and_no_more(owner_client, owner):
    def size() -> int:
        response = owner_client.get(reverse("privacy-export-html"))
        return len(response.content) + assets_of(response.content.decode())

    alone = size()
    for _ in range(3):
        finished_checkup(owner)
    assert alone <= PAGE_BUDGET_BYTES
    assert size() - alone <= 3 * EXPORT_BYTES_PER_CHECKUP
