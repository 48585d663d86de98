"""The library index: the concept pages as before, plus the articles with a tag filter."""

from __future__ import annotations

from django.urls import reverse

from attune.core.concepts import concepts
from tests.library.helpers import PAGE_BUDGET_BYTES, page_weight

INDEX = reverse("library-index")


def test_it_still_lists_every_sign_cause_and_strategy(client, fixture_articles):
    html = client.get(INDEX).content.decode()
    model = concepts()
    for sign in model.signs.values():
        assert reverse("library-sign", args=[sign.id]) in html
    for cause in model.causes.values():
        assert reverse("library-cause", args=[cause.id]) in html
    for strategy in model.strategies.values():
        assert reverse("library-strategy", args=[strategy.id]) in html


def test_it_lists_the_articles_newest_first_with_their_tags(client, fixture_articles):
    html = client.get(INDEX).content.decode()
    order = [html.index(reverse("library-article", args=[a.slug])) for a in fixture_articles]
    assert order == sorted(order)
    assert '?tag=connection#articles"' in html and "connection <span" in html


def test_it_filters_by_tag(client, fixture_articles):
    html = client.get(INDEX, {"tag": "listening"}).content.decode()
    assert "Articles tagged “listening”" in html
    assert reverse("library-article", args=["listening-first"]) in html
    assert reverse("library-article", args=["quiet-evenings"]) not in html
    assert 'href="?tag=listening#articles" aria-current="page"' in html


def test_an_unknown_tag_shows_none_and_a_way_back(client, fixture_articles):
    page = client.get(INDEX, {"tag": '<b>"nope"</b>'})
    assert page.status_code == 200
    html = page.content.decode()
    assert "No article has that tag." in html and "<b>" not in html


def test_it_offers_search_and_the_feed(client, fixture_articles):
    html = client.get(INDEX).content.decode()
    assert f'action="{reverse("library-search")}"' in html
    feed = reverse("library-feed")
    assert f'type="application/atom+xml" title="Attune articles" href="{feed}"' in html


def test_it_stays_within_budget_with_the_shipped_articles(
    client, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        page = client.get(INDEX)
    assert page.status_code == 200 and page_weight(page) <= PAGE_BUDGET_BYTES
