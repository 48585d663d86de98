"""Search: ranked results with highlighted snippets; no query ever errors; each sign's name
finds that sign's article first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from attune.core.concepts import concepts
from attune.library.search import highlight, search
from tests.library.helpers import assert_no_inline_script_or_style

SEARCH = reverse("library-search")
HOSTILE = [
    '"',
    "'",
    '"unbalanced quote',
    "' OR 1=1 --",
    "'; DROP TABLE library_search; --",
    "NEAR(a b)",
    "title:trust",
    "trust*",
    "*",
    "^listening",
    "-",
    "AND OR NOT",
    "(((",
    "{}[]",
    "%_%",
    "\\",
    "\x00\x01lonely\x02",
    "<script>alert(1)</script>",
    "&amp; &lt;",
    "日本語の検索",
    "ñandú café",
    "😀 🫶",
    "\u202eevil",
    "‘curly’ “quotes”",
    "a" * 5000,
    " ".join(["word"] * 500),
]


def test_it_ranks_a_title_match_first_and_marks_the_words(client, fixture_index):
    page = client.get(SEARCH, {"q": "listening"})
    assert page.status_code == 200
    html = page.content.decode()
    first = html.split('<ol class="results"')[1].split("</li>")[0]
    assert reverse("library-article", args=["listening-first"]) in first
    assert "<mark>" in first
    assert "2 articles found" in html


def test_it_finds_every_word_before_any_word(fixture_index):
    # "trust promises" is in one article only; "trust nothing-else" falls back to any word.
    assert [h.slug for h in search("small promises")] == ["trust-and-time"]
    assert [h.slug for h in search("promises zebra")] == ["trust-and-time"]


def test_it_matches_word_forms_and_accents(fixture_index):
    assert [h.slug for h in search("paraphrasing")] == ["listening-first"]
    assert [h.slug for h in search("naive cafe")] == ["quiet-evenings"]


def test_it_escapes_everything_but_its_own_marks(client, fixture_index):
    html = client.get(SEARCH, {"q": "raw html"}).content.decode()
    # The body holds the text "<b>raw html</b>": SQLite shows it escaped, PostgreSQL's
    # headline parser drops it; neither lets it through as a tag.
    assert "<mark>raw</mark> <mark>html</mark>" in html and "<b>" not in html
    assert "Trust &amp; time: &lt;script&gt;" in html
    assert "<script>alert" not in html


def test_highlight_escapes_stray_markers():
    assert highlight("a \x01<b>\x02 \x01x") == "a <mark>&lt;b&gt;</mark> x"


def test_it_keeps_the_query_in_the_box(client, fixture_index):
    html = client.get(SEARCH, {"q": 'trust "me"'}).content.decode()
    assert 'value="trust &quot;me&quot;"' in html


def test_it_says_so_when_nothing_matches(client, fixture_index):
    html = client.get(SEARCH, {"q": "zebra"}).content.decode()
    assert "No articles found" in html


def test_an_empty_query_shows_just_the_form(client, fixture_index):
    html = client.get(SEARCH).content.decode()
    assert 'id="search-q"' in html and "found" not in html


@pytest.mark.parametrize("query", HOSTILE)
def test_a_hostile_query_never_errors(client, fixture_index, query):
    page = client.get(SEARCH, {"q": query})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<script>alert" not in html
    assert_no_inline_script_or_style(html)


def test_the_index_is_intact_after_hostile_queries(client, fixture_index):
    for query in HOSTILE:
        client.get(SEARCH, {"q": query})
    assert len(search("test article")) == 3


def test_it_stays_within_the_query_budget(client, fixture_index, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert client.get(SEARCH, {"q": "zebra giraffe"}).status_code == 200


@pytest.mark.parametrize("sign", concepts().signs.values(), ids=lambda s: s.id)
def test_a_signs_name_finds_its_article_first(shipped_index, sign):
    # A sign's own article lists that sign first among its concepts.
    hits = search(sign.name)
    assert hits, sign.name
    first = next(a for a in shipped_index if a.slug == hits[0].slug)
    assert first.concepts[0] == sign.id, (sign.name, [h.slug for h in hits[:3]])
