"""`attune check` validates the articles too, naming the file and field at fault."""

from __future__ import annotations

from attune.core import articles as core_articles
from attune.core.check import check_content


def test_it_passes_the_shipped_articles():
    assert check_content() == []


def test_it_names_a_broken_article(tmp_path, monkeypatch):
    (tmp_path / "broken.md").write_text("---\ntitle: Broken\n---\n\n## One\n", encoding="utf-8")
    monkeypatch.setattr(core_articles, "ARTICLE_DIR", tmp_path)
    problems = check_content()
    assert len(problems) == 1
    assert "broken.md: (top level): 'summary' is a required property" in problems[0]
