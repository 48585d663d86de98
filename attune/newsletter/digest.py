"""The weekly digest: an article, an activity, a tip and a prompt, chosen in turn by week.

It reads only content (the library, the activity catalogue, the tips file), never accounts or
check-ups, so every subscriber gets the same issue and it can hold no health data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from attune.core.concepts import SAFETY_CAUSE, Activity, ConceptModel, concepts
from attune.core.tips import Tip, Tips, tips
from attune.newsletter.mail import absolute
from attune.newsletter.models import Issue


class ArticleLike(Protocol):
    """What the digest needs of a library article (attune.core.articles.Article)."""

    slug: str
    title: str
    summary: str
    concepts: Any
    date: Any


@dataclass(frozen=True)
class Digest:
    week: str
    article: ArticleLike | None
    article_url: str
    activity: Activity
    activity_url: str
    tip: Tip
    prompt: Tip


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_number(week: str) -> int:
    """Weeks since the start of the calendar: the same week always picks the same content."""
    year, _, number = week.partition("-W")
    return date.fromisocalendar(int(year), int(number), 1).toordinal() // 7


def _featured_articles(articles: Sequence[ArticleLike]) -> list[ArticleLike]:
    # Oldest first, so a new article joins the end of the rotation instead of shifting it.
    # Articles about harm from a partner are never put in an inbox a partner might read.
    return sorted(
        (a for a in articles if SAFETY_CAUSE not in a.concepts),
        key=lambda a: (str(a.date), a.slug),
    )


def _featured_activities(model: ConceptModel) -> list[Activity]:
    # Safety-planning pages are for a person to find privately, not to be mailed.
    return [a for a in model.activities.values() if not a.safety_planning]


def library_articles() -> Sequence[ArticleLike]:
    from attune.core.articles import articles

    return articles()


def build_digest(
    week: str,
    articles: Sequence[ArticleLike] | None = None,
    model: ConceptModel | None = None,
    content: Tips | None = None,
) -> Digest:
    n = week_number(week)
    featured = _featured_articles(library_articles() if articles is None else articles)
    activities = _featured_activities(model or concepts())
    content = content or tips()
    article = featured[n % len(featured)] if featured else None
    activity = activities[n % len(activities)]
    return Digest(
        week=week,
        article=article,
        article_url=absolute(reverse("library-article", args=[article.slug])) if article else "",
        activity=activity,
        activity_url=absolute(reverse("library-activity", args=[activity.id])),
        tip=content.tips[n % len(content.tips)],
        prompt=content.prompts[n % len(content.prompts)],
    )


def render_issue(digest: Digest, number: int) -> Issue:
    """An unsaved issue: the digest's words in text and HTML, and a neutral subject."""
    context = {"digest": digest, "issue": {"number": number}}
    return Issue(
        number=number,
        week=digest.week,
        # The same template every e-mail of the issue uses for its subject.
        subject=" ".join(render_to_string("newsletter/email/digest-subject.txt", context).split()),
        text=render_to_string("newsletter/digest.txt", context).strip(),
        html=render_to_string("newsletter/digest.html", context).strip(),
    )


def next_number() -> int:
    return (Issue.objects.aggregate(last=models.Max("number"))["last"] or 0) + 1


def preview_issue(week: str, articles: Sequence[ArticleLike] | None = None) -> Issue:
    """The week's issue as it was sent, or as it would be built now (not saved)."""
    existing = Issue.objects.filter(week=week).first()
    if existing is not None:
        return existing
    return render_issue(build_digest(week, articles), next_number())


def issue_for_week(week: str, articles: Sequence[ArticleLike] | None = None) -> Issue:
    """The week's issue, built and saved the first time; the same words on every later call."""
    existing = Issue.objects.filter(week=week).first()
    if existing is not None:
        return existing
    issue = render_issue(build_digest(week, articles), next_number())
    try:
        with transaction.atomic():
            issue.save()
    except IntegrityError:
        # Another send built it (or took the number) at the same moment: use what it saved.
        return Issue.objects.get(week=week)
    return issue
