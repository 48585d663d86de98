"""The report: signs with bands, likely causes with their evidence, a plan, and safety first."""

import html
import re

import pytest
from django.urls import reverse

from attune.checkups.models import Checkup
from attune.core.bands import bands
from attune.core.concepts import concepts
from tests.checkups.helpers import CHECKUP, healthy_value, unhealthy_value
from tests.couples.helpers import finished

MODEL = concepts()


def answers(*unhealthy: str, **overrides) -> dict:
    """Healthy answers to every item, except the constructs named, answered at their worst."""
    chosen = {
        item.id: unhealthy_value(item) if item.construct in unhealthy else healthy_value(item)
        for item in CHECKUP.items
    }
    return {**chosen, **overrides}


def page_of(client, checkup) -> str:
    response = client.get(reverse("checkups-report", args=[checkup.code]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def section(page: str, heading_id: str) -> str:
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def crisis_item():
    return CHECKUP.items_for("crisis")[0]


def abuse_flag() -> dict:
    item = next(i for i in CHECKUP.items_for("abuse_neglect") if i.flag_at is not None)
    return {item.id: item.flag_at}


def test_it_shows_each_sign_with_its_score_band_and_summary(owner, owner_client):
    page = page_of(owner_client, finished(owner, answers("lonely")))
    for sign in MODEL.signs.values():
        assert sign.name in page and sign.summary in page
        assert reverse("library-sign", args=[sign.id]) in page
    lowest, highest = bands().bands[0], bands().bands[-1]
    assert f"0 out of 100: {lowest.name}." in page and lowest.words in page
    assert f"100 out of 100: {highest.name}." in page


def test_a_sign_without_enough_answers_says_why_it_has_no_score(owner, owner_client):
    skipped = {item.id: None for item in CHECKUP.items_for("affection")}
    page = page_of(owner_client, finished(owner, answers(**skipped)))
    assert "No score this time." in page
    assert f"Only 0 of {len(skipped)} questions answered" in page


def test_it_says_why_a_weak_cause_is_likely_in_the_persons_own_answers(owner, owner_client):
    page = page_of(owner_client, finished(owner, answers("trust")))
    causes = section(page, "causes-heading")
    assert MODEL.causes["trust"].name in causes
    assert reverse("library-cause", args=["trust"]) in causes
    for item in CHECKUP.items_for("trust"):
        said = item.label_for(unhealthy_value(item))
        assert f"Because you said “{said}” to “{item.text}”" in causes


def test_it_shows_strengths_in_the_concepts_own_words(owner, owner_client):
    page = page_of(owner_client, finished(owner, answers("lonely")))
    strengths = section(page, "strengths-heading")
    assert MODEL.signs["support"].strength in strengths
    assert MODEL.signs["lonely"].strength not in strengths


def test_it_plans_three_strategies_each_with_links_to_its_activities(owner, owner_client):
    checkup = finished(owner, answers("lonely", "listening"))
    plan = section(page_of(owner_client, checkup), "plan-heading")
    assert len(checkup.report.plan) == 3
    for step in checkup.report.plan:
        assert MODEL.strategies[step.strategy].name in plan
        assert reverse("library-strategy", args=[step.strategy]) in plan
        for activity in step.activities:
            title = MODEL.activities[activity.id].title
            assert f'{reverse("library-activity", args=[activity.id])}">{title}</a>' in plan
    assert "together" in plan and "minutes" in plan


def test_the_well_being_part_says_it_is_not_a_diagnosis(owner, owner_client):
    page = page_of(owner_client, finished(owner, answers("mood")))
    wellbeing = section(page, "wellbeing-heading")
    assert MODEL.wellbeing["mood"].name in wellbeing and MODEL.wellbeing["worry"].name in wellbeing
    assert "This is not a diagnosis." in wellbeing
    assert "talking to a doctor or counsellor can help" in wellbeing


def test_a_crisis_answer_puts_help_lines_first_and_never_shows_a_crisis_score(owner, owner_client):
    item = crisis_item()
    page = page_of(owner_client, finished(owner, answers(**{item.id: item.flag_at})))
    assert "Samaritans" in page  # the owner lives in GB
    assert page.index("Samaritans") < page.index("<svg")
    assert reverse("safety-crisis") + "?country=GB" in page
    assert MODEL.wellbeing["crisis"].name not in page


def test_a_note_with_crisis_language_also_puts_help_lines_first(owner, owner_client):
    page = page_of(owner_client, finished(owner, answers(), note_tier=2))
    assert page.index("You matter, and you are not alone") < page.index("<svg")


def test_without_a_country_the_help_lines_are_the_international_ones(outsider, client):
    client.force_login(outsider)
    item = crisis_item()
    page = page_of(client, finished(outsider, answers(**{item.id: item.flag_at})))
    assert "findahelpline.com" in page


def test_a_calm_checkup_shows_no_help_notice(owner, owner_client):
    page = page_of(owner_client, finished(owner, answers("lonely")))
    assert "notice-urgent" not in page and "Your safety comes first" not in page


def test_an_abuse_screen_offers_only_solo_steps_and_links_to_the_safety_plan(owner, owner_client):
    page = page_of(owner_client, finished(owner, answers("lonely", "trust", **abuse_flag())))
    assert page.index(reverse("safety-plan")) < page.index("<svg")
    assert reverse("safety-crisis") in page
    for activity in MODEL.activities.values():
        if activity.couple:
            assert activity.title not in page
    plan = section(page, "plan-heading")
    assert reverse("library-activity", args=["safety-plan"]) in plan
    assert "together" not in plan.lower() and "partner" not in plan.lower()
    for strategy in MODEL.strategies.values():
        assert strategy.name not in plan


def test_the_safety_screen_never_appears_among_causes(owner, owner_client):
    worst = {item.id: unhealthy_value(item) for item in CHECKUP.items_for("abuse_neglect")}
    page = page_of(owner_client, finished(owner, answers("trust", **worst)))
    causes = section(page, "causes-heading").lower()
    assert "abuse" not in causes and "neglect" not in causes
    assert MODEL.causes["abuse_neglect"].name.lower() not in causes


def test_an_unfinished_checkup_sends_you_to_your_check_ups_to_carry_on(owner, owner_client):
    checkup = Checkup.objects.create(user=owner, instrument_version=1, answers=answers())
    response = owner_client.get(reverse("checkups-report", args=[checkup.code]), follow=True)
    assert response.redirect_chain == [(reverse("checkups-history"), 302)]
    assert "not finished yet" in response.content.decode()


def test_a_stranger_gets_404_and_anonymous_is_sent_to_log_in(client, owner, outsider):
    url = reverse("checkups-report", args=[finished(owner, answers()).code])
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts-login") in response.url
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_it_stays_within_ten_queries(owner, owner_client, django_assert_max_num_queries):
    item = crisis_item()
    checkup = finished(owner, answers("lonely", **{item.id: item.flag_at}, **abuse_flag()))
    with django_assert_max_num_queries(10):
        page_of(owner_client, checkup)


@pytest.mark.parametrize("unhealthy", [(), ("lonely", "trust", "mood")])
def test_its_headings_are_in_order_and_it_has_no_inline_style_or_script(
    owner, owner_client, unhealthy
):
    page = page_of(owner_client, finished(owner, answers(*unhealthy)))
    main = page[page.index("<main") : page.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", main)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert "style=" not in page and "<style" not in page and "<script>" not in page


def test_its_chart_has_one_bar_per_sign_as_wide_as_its_score(owner, owner_client):
    given = answers("lonely")
    given[CHECKUP.items_for("support")[0].id] = 2
    checkup = finished(owner, given)
    page = page_of(owner_client, checkup)
    svg = page[page.index("<svg") : page.index("</svg>")]
    widths = [float(w) for w in re.findall(r'<rect class="chart-bar" [^>]*width="([\d.]+)"', svg)]
    scores = [s.score for s in checkup.report.signs]
    assert len(widths) == len(MODEL.signs) == len(scores)
    assert widths[0] == 0 and 0 < scores[-1] < 100
    full = widths[1] / scores[1]
    assert all(w == pytest.approx(s * full, abs=0.1) for w, s in zip(widths, scores, strict=True))
    assert "style=" not in svg
