"""The counsellor's pages keep the page budgets: at most 10 queries, 60 KB, nothing off-site."""

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.activities.models import Run
from attune.counsellors import services
from tests.counsellors.conftest import client_for
from tests.couples.helpers import answers, finished
from tests.progress.helpers import weekly_pulses
from tests.web.test_budgets import check


@pytest.fixture
def busy_space(counsellor, space, joined, owner, member):
    """Both partners share everything there is to share, with weeks of pulses."""
    for place, person in zip(joined, (owner, member), strict=True):
        weekly_pulses(person, [40, 50, 60, 70])
        checkup = finished(person, answers("lonely"))
        Run.objects.create(
            user=person,
            activity_id="speaker-listener",
            started_at=timezone.now(),
            finished_at=timezone.now(),
        )
        services.choose(
            place,
            kinds=list(services.KINDS),
            checkups=[checkup.code],
            notes=[],
            wants_safety_talk=True,
        )
    services.suggest(space, "speaker-listener")
    services.suggest(space, "good-news")
    return space


def test_each_counsellor_page_keeps_the_budget(
    counsellor, busy_space, joined, django_assert_max_num_queries
):
    kim = client_for(counsellor.user)
    urls = [
        reverse("counsellors-clients"),
        reverse("counsellors-space", args=[busy_space.code]),
        reverse("counsellors-summary", args=[busy_space.code]),
        reverse("counsellors-person", args=[busy_space.code, joined[0].code]),
    ]
    for url in urls:
        check(kim, url, django_assert_max_num_queries)


def test_each_client_page_keeps_the_budget(
    owner, busy_space, joined, django_assert_max_num_queries
):
    robin = client_for(owner)
    for url in (
        reverse("counsellors-mine"),
        reverse("counsellors-choices", args=[joined[0].code]),
        reverse("counsellors-join"),
        reverse("web-home"),
    ):
        check(robin, url, django_assert_max_num_queries)
