"""The article loader (pure core): front matter, rendering, sanitising, contents, related."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from attune.core.articles import (
    Article,
    content_hash,
    load_articles,
    parse_article,
    related_to,
    tags_of,
)
from attune.core.content import ContentError
from tests.library.conftest import FIXTURES

GOOD = (FIXTURES / "listening-first.md").read_text()
# The fixture's link to another fixture article points at a concept here, to stand alone.
BODY = GOOD.split("---\n", 2)[2].replace("/learn/articles/quiet-evenings/", "/learn/signs/lonely/")


def front(**changes: str) -> str:
    fields = {
        "title": "A title",
        "summary": "A summary of a good length for the schema.",
        "tags": "[listening]",
        "concepts": "[listening]",
        "activities": "[speaker-listener]",
        "date": "2025-01-02",
        "author": "The Attune team",
    }
    fields.update(changes)
    lines = [f"{k}: {v}" for k, v in fields.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def parse(source: str, slug: str = "a-test") -> Article:
    return parse_article(f"{slug}.md", source, slug=slug)


def test_it_reads_every_front_matter_field():
    article = parse(front() + BODY)
    assert article.title == "A title"
    assert article.tags == ("listening",)
    assert article.concepts == ("listening",)
    assert article.activities == ("speaker-listener",)
    assert article.date == datetime.date(2025, 1, 2)
    assert article.author == "The Attune team"


def test_it_gives_every_heading_an_anchor_and_lists_it_in_the_contents():
    article = parse(front() + BODY)
    assert [h.text for h in article.toc] == [
        "Why listening matters",
        "How to practise",
        "Key takeaways",
        "Sources",
    ]
    for heading in article.toc:
        assert f'<h2 id="{heading.id}">{heading.text}</h2>' in article.html


def test_it_keeps_repeated_headings_apart():
    body = BODY.replace("## How to practise", "## Why listening matters")
    ids = [h.id for h in parse(front() + body).toc]
    assert len(set(ids)) == len(ids)


def test_it_never_lets_html_or_script_links_through():
    body = BODY + "\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=y>\n"
    body = body.replace("## Sources", "## Notes\n\n<iframe src=//evil></iframe>\n\n## Sources")
    html = parse(front() + body).html
    assert "<script" not in html and "<iframe" not in html and "<img" not in html
    assert 'href="javascript' not in html


def test_it_counts_words_and_reading_time():
    article = parse(front() + BODY + "\n" + "word " * 400 + "\n")
    assert article.words > 400
    assert article.minutes == 3


@pytest.mark.parametrize(
    "source, field",
    [
        ("no front matter\n" + BODY, "(front matter)"),
        ("---\ntitle: x\n" + BODY, "(front matter)"),
        (front(summary=None) + BODY, "(top level)"),
        (front(tags="[Listening]") + BODY, "tags[0]"),
        (front(date="1 May 2025") + BODY, "date"),
        (front(concepts="[happiness]") + BODY, "concepts[0]"),
        (front(activities="[skydiving]") + BODY, "activities[0]"),
        (front(colour="blue") + BODY, "(top level)"),
        (front() + "# A second title\n" + BODY, "(body)"),
        (front() + BODY.replace("## Key takeaways", "## In short"), "(body)"),
        (front() + BODY + "\n## After the sources\n\nMore.\n", "(body)"),
        (front() + "## One\n\n## Key takeaways\n\n", "(body)"),
    ],
)
def test_it_names_the_field_at_fault(source, field):
    with pytest.raises(ContentError) as caught:
        parse(source)
    assert caught.value.field == field


def test_it_refuses_a_file_name_that_is_not_a_slug():
    with pytest.raises(ContentError, match="slug"):
        parse_article("Bad Name.md", front() + BODY)


def test_it_loads_the_fixtures_newest_first():
    found = load_articles(FIXTURES)
    dates = [a.date for a in found]
    assert dates == sorted(dates, reverse=True) and len(found) == 3


def write(folder: Path, slug: str, source: str) -> None:
    (folder / f"{slug}.md").write_text(source, encoding="utf-8")


def test_it_refuses_two_articles_with_one_title(tmp_path):
    write(tmp_path, "one", front() + BODY)
    write(tmp_path, "two", front(title="a TITLE") + BODY)
    with pytest.raises(ContentError, match="same title"):
        load_articles(tmp_path)


@pytest.mark.parametrize(
    "href",
    [
        "/learn/articles/missing/",
        "/learn/signs/happy/",
        "/learn/causes/money/",
        "/learn/strategies/shouting/",
        "/learn/activities/skydiving/",
        "#no-such-heading",
    ],
)
def test_it_refuses_a_link_into_the_library_that_goes_nowhere(tmp_path, href):
    write(tmp_path, "one", front() + BODY.replace("(/learn/signs/lonely/)", f"({href})"))
    with pytest.raises(ContentError, match="link"):
        load_articles(tmp_path)


def test_related_articles_come_best_first():
    found = {a.slug: a for a in load_articles(FIXTURES)}
    ranked = related_to(found["quiet-evenings"], found.values())
    # listening-first shares a tag; trust-and-time shares nothing and is left out.
    assert [a.slug for a in ranked] == ["listening-first"]
    assert related_to(found["trust-and-time"], found.values()) == []


def test_tags_are_counted_most_used_first():
    assert tags_of(load_articles(FIXTURES))[0] == ("connection", 2)


def test_the_hash_changes_with_the_text_only():
    found = load_articles(FIXTURES)
    assert content_hash(found) == content_hash(list(reversed(found)))
    changed = [found[0].__class__(**{**found[0].__dict__, "text": "new"})] + found[1:]
    assert content_hash(changed) != content_hash(found)
