"""Every shipped article: parses, has its front matter and contents, links resolve, fits the
length the content guide sets (600 to 1,500 words of body text)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from attune.core.articles import ARTICLE_DIR, MIN_SECTIONS, articles, parse_article

PATHS = sorted(ARTICLE_DIR.glob("*.md"))
MIN_WORDS, MAX_WORDS = 600, 1500


def ids(paths):
    return [p.stem for p in paths]


def test_it_ships_articles():
    assert len(PATHS) >= 12


@pytest.mark.parametrize("path", PATHS, ids=ids(PATHS))
def test_each_article_parses_with_its_front_matter_and_contents(path):
    article = parse_article(path, path.read_text(encoding="utf-8"))
    assert article.title and article.summary and article.author and article.tags
    assert article.concepts or article.activities
    assert len([h for h in article.toc if h.level == 2]) >= MIN_SECTIONS


@pytest.mark.parametrize("path", PATHS, ids=ids(PATHS))
def test_each_article_is_600_to_1500_words(path):
    words = parse_article(path, path.read_text(encoding="utf-8")).words
    assert MIN_WORDS <= words <= MAX_WORDS, words


def test_the_articles_load_together_with_unique_titles():
    loaded = articles()
    assert len({a.title.casefold() for a in loaded}) == len(loaded) == len(PATHS)


def internal_links():
    found = set()
    for path in PATHS:
        article = parse_article(path, path.read_text(encoding="utf-8"))
        found |= {(article.slug, href) for href in article.links if href.startswith("/")}
    return sorted(found)


@pytest.mark.parametrize("slug, href", internal_links())
def test_every_internal_link_opens_a_page(client, slug, href):
    # Anonymous visitors are sent to log in for private pages; that still resolves.
    response = client.get(urlsplit(href).path)
    assert response.status_code in (200, 302), f"{slug}: {href}"
