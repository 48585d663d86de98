"""Fixture articles for the library tests, and the shipped articles' search index."""

from __future__ import annotations

from pathlib import Path

import pytest

from attune.core import articles as core_articles

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_articles(monkeypatch):
    """The three small test articles stand in for the shipped ones."""
    monkeypatch.setattr(core_articles, "ARTICLE_DIR", FIXTURES)
    core_articles.clear_cache()
    yield core_articles.articles()
    monkeypatch.undo()
    core_articles.clear_cache()


@pytest.fixture
def fixture_index(fixture_articles, db):
    """The search index holds the fixture articles (rolled back with the test's transaction)."""
    from attune.library.search import rebuild_index

    rebuild_index(fixture_articles)
    return fixture_articles


@pytest.fixture
def shipped_index(db):
    """The search index holds the shipped articles."""
    from attune.library.search import rebuild_index

    items = core_articles.articles()
    rebuild_index(items)
    return items
