"""The weekly digest: the same for everyone, rotating by week, and free of any health data."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attune.core.bands import bands
from attune.core.concepts import concepts
from attune.core.tips import tips
from attune.newsletter.digest import build_digest, iso_week, issue_for_week, week_number
from attune.newsletter.models import Issue

WEEKS = [f"{year}-W{week:02d}" for year in (2025, 2026) for week in range(1, 53)]
RESULT_WORDS = [r"\bscor(?:e|es|ed|ing)\b", r"\bbands?\b", r"\bresults?\b", r"\byour answers\b"]


def result_words_in(text: str) -> list[str]:
    scale = bands()
    found = [p for p in RESULT_WORDS if re.search(p, text, re.IGNORECASE)]
    found += [b.words for b in scale.bands if b.words in text]
    found += [b.name for b in scale.bands if re.search(rf"\b{b.name}\b", text)]
    return found


def test_it_picks_the_same_content_for_the_same_week(fake_library):
    assert build_digest("2025-W20") == build_digest("2025-W20")


def test_it_moves_on_to_new_content_each_week(fake_library):
    this, following = build_digest("2025-W52"), build_digest("2026-W01")
    assert this.tip != following.tip
    assert this.prompt != following.prompt
    assert this.activity != following.activity
    assert this.article != following.article


def test_it_shows_every_tip_and_prompt_before_repeating_one(fake_library):
    shipped = tips()
    run = WEEKS[: len(shipped.tips)]
    assert {build_digest(w).tip for w in run} == set(shipped.tips)
    assert {build_digest(w).prompt for w in run[: len(shipped.prompts)]} == set(shipped.prompts)


def test_it_never_mails_pages_about_harm_or_safety_planning(fake_library):
    digests = [build_digest(w) for w in WEEKS]
    assert {d.article.slug for d in digests} == {"small-moments", "listening-well"}
    safety = {a.id for a in concepts().activities.values() if a.safety_planning}
    assert safety and not safety & {d.activity.id for d in digests}


def test_it_counts_weeks_across_the_turn_of_a_year():
    assert week_number("2026-W01") == week_number("2025-W52") + 1
    assert iso_week(datetime.date(2024, 12, 30)) == "2025-W01"


def test_it_has_no_score_band_or_result_words_in_two_years_of_issues(db, fake_library):
    for number, week in enumerate(WEEKS, start=1):
        issue = issue_for_week(week)
        assert issue.number == number
        for part in (issue.subject, issue.text, issue.html):
            assert result_words_in(part) == [], week


def test_it_never_reads_accounts_or_check_ups_to_build_an_issue(db, fake_library, owner):
    with CaptureQueriesContext(connection) as captured:
        issue_for_week("2025-W20")
    tables = " ".join(q["sql"] for q in captured.captured_queries)
    assert "newsletter_issue" in tables
    assert not re.search(r"accounts_|checkups_|safety_|couples_|progress_", tables)


def test_it_freezes_an_issue_once_built(db, fake_library, monkeypatch):
    first = issue_for_week("2025-W20")
    monkeypatch.setattr("attune.newsletter.digest.library_articles", lambda: [])
    again = issue_for_week("2025-W20")
    assert (again.pk, again.text) == (first.pk, first.text)
    assert Issue.objects.count() == 1


def test_it_writes_both_parts_with_links_to_the_article_and_activity(db, fake_library):
    digest = build_digest("2025-W20")
    issue = issue_for_week("2025-W20")
    for part in (issue.text, issue.html):
        assert digest.tip.text in part.replace("&#x27;", "'").replace("&quot;", '"')
        assert f"/learn/articles/{digest.article.slug}/" in part
        assert f"/learn/activities/{digest.activity.id}/" in part
    assert "<h2>" in issue.html and "<h2>" not in issue.text


@pytest.mark.parametrize("week", WEEKS[:8])
def test_it_builds_from_the_real_library(db, week):
    from attune.core.articles import articles

    issue = issue_for_week(week)
    assert any(f"/learn/articles/{a.slug}/" in issue.text for a in articles())
    assert result_words_in(issue.text) == []
