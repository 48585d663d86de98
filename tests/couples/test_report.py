"""The couple report: side by side, agreement, gaps as conversation starters, a joint plan."""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from attune.core.concepts import concepts
from attune.core.couple import gap_prompts
from tests.couples.helpers import answers, finished, share

MODEL = concepts()


@pytest.fixture
def both_shared(owner, member, linked):
    share(finished(owner, answers("lonely")), linked)
    share(finished(member), linked)
    return linked


def page_of(client, link) -> str:
    response = client.get(reverse("couples-report", args=[link.code]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_it_shows_the_five_signs_side_by_side_in_one_chart_and_a_table(owner_client, both_shared):
    page = page_of(owner_client, both_shared)
    assert page.count("<svg") == 1 and 'id="couple-chart"' in page
    assert "<caption>The five signs for you and Sam</caption>" in page
    for sign in MODEL.signs.values():
        assert sign.name in page


def test_it_turns_a_gap_of_twenty_points_into_kind_conversation_starters(owner_client, both_shared):
    page = page_of(owner_client, both_shared)
    gaps = page[page.index('id="gaps-heading"') : page.index('id="strengths-heading"')]
    assert MODEL.signs["lonely"].name in gaps and "Neither view is wrong" in gaps
    for prompt in gap_prompts().for_sign("lonely"):
        assert prompt in gaps
    assert MODEL.signs["support"].name not in gaps


def test_it_shows_the_same_gap_to_each_partner_without_a_verdict(
    owner_client, member_client, both_shared
):
    from django.test import Client

    mine = page_of(owner_client, both_shared)
    other = Client()
    other.force_login(both_shared.second)
    theirs = page_of(other, both_shared)
    for prompt in gap_prompts().for_sign("lonely"):
        assert prompt in mine and prompt in theirs


def test_it_names_shared_strengths_and_a_plan_with_couple_activities_first(
    owner_client, both_shared
):
    page = page_of(owner_client, both_shared)
    assert MODEL.signs["support"].strength in page
    plan = page[page.index('id="plan-heading"') :]
    first_step = plan[: plan.index("</div>")]
    assert ": together," in first_step
    assert first_step.index(": together,") < first_step.find(": on your own,") or (
        ": on your own," not in first_step
    )


def test_it_says_when_the_check_ups_are_more_than_thirty_days_apart(
    owner, member, linked, owner_client
):
    share(finished(owner, at=timezone.now() - timedelta(days=45)), linked)
    share(finished(member), linked)
    assert "more than 30 days apart" in page_of(owner_client, linked)


def test_it_waits_until_both_have_shared(owner_client, owner, linked):
    share(finished(owner), linked)
    page = page_of(owner_client, linked)
    assert "You have shared a check-up." in page and "Sam has not shared a check-up yet." in page
    assert "<svg" not in page


def test_it_never_shows_answers_causes_well_being_or_notes_of_the_partner(
    member_client, owner, member, linked
):
    mine = finished(owner, answers("trust", "mood"))
    share(mine, linked)
    share(finished(member), linked)
    page = page_of(member_client, linked)
    for cause in MODEL.causes.values():
        assert cause.name not in page
    for wellbeing in MODEL.wellbeing.values():
        assert wellbeing.name not in page
    for item in mine.instrument.items:
        assert item.text not in page


def test_it_stays_within_ten_queries(owner_client, both_shared, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        owner_client.get(reverse("couples-report", args=[both_shared.code]))
