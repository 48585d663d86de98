"""`attune manage index_articles` and the rebuild at start-up: only when the content changed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from attune.core import articles as core_articles
from attune.library.search import index_after_migrate, rebuild_index, search


def run(*args: str) -> str:
    out = StringIO()
    call_command("index_articles", *args, stdout=out)
    return out.getvalue()


def rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM library_search")
        return cursor.fetchone()[0]


def test_it_indexes_the_articles_then_skips_when_unchanged(fixture_articles, db):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM library_search_meta")
    assert run() == "indexed 3 articles\n"
    assert rows() == 3 and search("listening")
    assert run() == "index already current (3 articles)\n"
    assert run("--force") == "indexed 3 articles\n"
    assert rows() == 3


def test_it_rebuilds_after_migrate_only_when_the_content_changed(fixture_articles, db):
    rebuild_index(fixture_articles[:2])
    index_after_migrate(sender=None, using="default")
    assert rows() == 3
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM library_search WHERE slug = %s", ["trust-and-time"])
    index_after_migrate(sender=None, using="default")
    assert rows() == 2  # same content hash: left alone


def test_it_never_touches_the_keys_database(fixture_articles, db):
    index_after_migrate(sender=None, using="keys")  # no such table there: must not fail


def test_it_stops_on_an_invalid_article(tmp_path, monkeypatch, db):
    (tmp_path / "bad.md").write_text("no front matter\n", encoding="utf-8")
    monkeypatch.setattr(core_articles, "ARTICLE_DIR", tmp_path)
    core_articles.clear_cache()
    with pytest.raises(CommandError, match="front matter"):
        run()
    core_articles.clear_cache()
