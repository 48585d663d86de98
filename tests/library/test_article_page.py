"""The article page: contents with anchors, reading time, date, related reading, activities,
topics and sharing without third-party scripts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from attune.core.articles import ARTICLE_DIR
from tests.library.helpers import PAGE_BUDGET_BYTES, assert_no_inline_script_or_style, page_weight


def url(slug: str) -> str:
    return reverse("library-article", args=[slug])


def test_it_shows_the_article_with_its_contents_linking_to_each_heading(client, fixture_articles):
    page = client.get(url("quiet-evenings"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h1>Quiet evenings and the space between us</h1>" in html
    toc = html.split('aria-labelledby="contents"')[1].split("</nav>")[0]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert anchors == [
        "when-the-room-feels-far-away",
        "a-small-step-back",
        "keeping-it-light",
        "key-takeaways",
        "sources",
    ]
    for anchor in anchors:
        assert f'id="{anchor}"' in html


def test_it_shows_the_date_reading_time_and_author(client, fixture_articles):
    html = client.get(url("quiet-evenings")).content.decode()
    assert '<time datetime="2025-03-01">1 March 2025</time>' in html
    assert "1 min read" in html and "The Attune team" in html


def test_it_links_related_reading_activities_and_topics(client, fixture_articles):
    html = client.get(url("quiet-evenings")).content.decode()
    related = html.split('id="related"')[1]
    assert url("listening-first") in related and url("trust-and-time") not in related
    assert reverse("library-activity", args=["conversation-night"]) in html
    assert reverse("library-sign", args=["lonely"]) in html
    assert reverse("library-cause", args=["understanding"]) in html
    assert reverse("library-index") + "?tag=loneliness" in html


def test_it_offers_sharing_that_works_as_plain_links(client, fixture_articles):
    html = client.get(url("listening-first")).content.decode()
    assert 'href="http://testserver/learn/articles/listening-first/" data-copy-link' in html
    mailto = re.search(r'href="(mailto:[^"]+)"', html).group(1)
    assert "subject=Listening%20first" in mailto
    assert "http%3A%2F%2Ftestserver%2Flearn%2Farticles%2Flistening-first%2F" in mailto
    assert "data-share hidden" in html
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert all(src.startswith("/static/") for src in scripts)
    assert "/static/library/share.js" in scripts


def test_it_escapes_a_hostile_title(client, fixture_articles):
    html = client.get(url("trust-and-time")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "Trust &amp; time: &lt;script&gt;" in html


def test_it_says_not_found_for_an_unknown_article(client, fixture_articles):
    assert client.get(url("no-such-article")).status_code == 404


def test_it_has_no_inline_script_or_style(client, fixture_articles):
    assert_no_inline_script_or_style(client.get(url("quiet-evenings")).content.decode())


@pytest.mark.parametrize("slug", sorted(p.stem for p in ARTICLE_DIR.glob("*.md")))
def test_every_shipped_article_stays_within_budget(client, db, slug, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        page = client.get(url(slug))
    assert page.status_code == 200
    assert page_weight(page) <= PAGE_BUDGET_BYTES
    assert_no_inline_script_or_style(page.content.decode())
