"""In Chromium: read an article, use its contents, follow related reading, copy its link, and
search; axe-core finds no serious or critical violations on any page on the way."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from attune.core.articles import articles
from tests.browser.conftest import axe_violations


@pytest.fixture
def indexed(site):
    from attune.library.search import rebuild_index

    rebuild_index(articles(), force=False)
    return site


def test_a_reader_reads_follows_related_reading_and_searches(page, context, indexed):
    violations = {}

    def check():
        found = axe_violations(page)
        if found:
            violations[page.url] = found

    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(indexed + "/learn/")
    check()
    page.get_by_role("link", name="Feeling lonely together", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feeling lonely together")
    check()

    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="Key takeaways").click()
    assert page.url.endswith("#key-takeaways")
    expect(page.locator("#key-takeaways")).to_be_in_viewport()

    copy = page.get_by_role("button", name="Copy link")
    copy.click()
    expect(page.locator("[data-share-status]")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()").endswith(
        "/learn/articles/feeling-lonely-together/"
    )

    related = page.locator("section[aria-labelledby=related] a").first
    title = related.inner_text()
    related.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    check()

    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_text("Menu").click()
    main_nav.get_by_role("link", name="Learn").click()
    page.get_by_label("Search the articles").fill("misunderstood")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the articles")
    results = page.locator("ol.results > li")
    expect(results.first.locator("mark").first).to_be_visible()
    check()
    results.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Feeling misunderstood")

    assert violations == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_article_and_results_are_accessible_in_both_schemes(browser, indexed, scheme):
    ctx = browser.new_context(color_scheme=scheme, bypass_csp=True)
    tab = ctx.new_page()
    found = {}
    for path in ["/learn/articles/what-is-emotional-intimacy/", "/learn/search/?q=listening"]:
        tab.goto(indexed + path)
        found[path] = axe_violations(tab)
    ctx.close()
    assert found == {path: [] for path in found}


def test_without_javascript_sharing_is_plain_links(browser, indexed):
    ctx = browser.new_context(java_script_enabled=False)
    tab = ctx.new_page()
    tab.goto(indexed + "/learn/articles/what-is-emotional-intimacy/")
    expect(tab.get_by_role("link", name="Link to this article")).to_be_visible()
    assert (
        tab.get_by_role("link", name="Send by e-mail")
        .get_attribute("href")
        .startswith("mailto:?subject=")
    )
    expect(tab.locator("[data-share]")).to_be_hidden()
    ctx.close()
