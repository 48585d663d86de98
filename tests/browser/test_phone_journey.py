"""Attune on a phone (360 x 740) in real Chromium: every page fits, the top bar is one row with a
menu that opens without JS, targets are big enough to tap, charts are legible, the report opens
with a summary."""

from __future__ import annotations

import os
import struct

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import ROOT
from tests.browser.journey import Journey
from tests.walk import (
    AFTER_A_FORM,
    AFTER_A_FORM_SIGNED_IN,
    ANONYMOUS,
    ELSEWHERE,
    SIGNED_IN,
    compare,
    demo_pages,
    page_routes,
    route_of,
    started,
    to_open,
    under_way,
)

# What a page must not do on a phone, measured in the page itself.
FIT = """() => {
  const width = window.innerWidth;
  const small = [];
  const tight = [];
  for (const svg of document.querySelectorAll('svg.chart-svg')) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text')) {
      const px = parseFloat(text.getAttribute('font-size')) * scale;
      if (px < 12) small.push([text.textContent, px]);
    }
  }
  // Targets that stand alone (inline links in running text are exempt, as in WCAG 2.5.8).
  const targets = 'button, .button, summary, select, nav a, .options label, ' +
    'input:not([type=hidden]):not([type=radio]):not([type=checkbox])';
  for (const el of document.querySelectorAll(targets)) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not shown (a closed menu, say)
    if (el.closest('.visually-hidden')) continue;
    if (box.height < 44 || box.width < 44) {
      tight.push([el.outerHTML.slice(0, 80), box.width, box.height]);
    }
  }
  return {
    scroll: document.documentElement.scrollWidth - width,
    small: small.slice(0, 5),
    tight: tight.slice(0, 5),
  };
}"""


@pytest.fixture
def demo(transactional_db):
    from attune.cli.demo import populate

    logins, _ = populate()
    return logins


def fits(page: Page) -> dict:
    return page.evaluate(FIT)


LINKS = """() => [...document.querySelectorAll('a[href]')].map((a) => a.href)"""


def walk(journey: Journey, starts: list[str], seen: dict[str, int]) -> dict:
    """Open every page reachable by links from `starts`, at most PER_ROUTE of a route; return
    the ones that do not fit a phone. `seen` (route: times) counts every page opened, by the
    route it landed on (signed out, a private page lands on the login)."""
    site = journey.site
    found = {}
    todo = list(starts)
    for url, route in to_open(todo, site, seen):
        journey.goto(url[len(site) :])
        landed = route_of(journey.page.url, site) or route
        seen[landed] = seen.get(landed, 0) + 1
        result = fits(journey.page)
        if result["scroll"] > 0 or result["small"] or result["tight"]:
            found[url] = result
        todo += journey.page.evaluate(LINKS)
    return found


def test_every_page_a_person_can_reach_fits_a_phone_without_sideways_scrolling(page, site, demo):
    me = Journey(page, site)
    seen: dict[str, int] = {}
    assert walk(me, ANONYMOUS + AFTER_A_FORM, seen) == {}
    me.log_in(*demo[0])
    assert walk(me, SIGNED_IN + AFTER_A_FORM_SIGNED_IN + demo_pages() + compare(), seen) == {}
    # A check-up under way: its sections and the pages around them are reached by buttons.
    me.goto("/checkups/")
    me.click("Start a new check-up")
    assert walk(me, under_way(started()), seen) == {}
    assert me.violations == {}
    reached = set(seen)
    assert page_routes() - reached - set(ELSEWHERE) == set(), "walk these, or say why not"
    assert reached & set(ELSEWHERE) == set(), "now walked: cut them from ELSEWHERE"


def test_the_top_bar_is_one_row_with_the_quick_exit_first(page, site):
    page.goto(site + "/learn/")
    bar = page.locator(".top-bar").bounding_box()
    exit_box = page.locator("#quick-exit").bounding_box()
    menu = page.get_by_role("navigation", name="Main").locator("summary").bounding_box()
    assert bar and exit_box and menu
    assert bar["height"] <= 64
    assert exit_box["x"] < menu["x"] and abs(exit_box["y"] - menu["y"]) < 12
    first = page.evaluate(
        "() => [...document.querySelectorAll('a[href], button, summary')]"
        ".find(el => !el.classList.contains('skip-link')).id"
    )
    assert first == "quick-exit"
    # Still there after scrolling a long page.
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(100)
    assert 0 <= page.locator("#quick-exit").bounding_box()["y"] < 20


def test_the_menu_opens_without_javascript(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    main_nav = page.get_by_role("navigation", name="Main")
    learn = main_nav.get_by_role("link", name="Learn")
    assert not learn.is_visible()
    main_nav.get_by_text("Menu").click()
    assert learn.is_visible()
    assert main_nav.get_by_role("link", name="Get help now").is_visible()
    learn.click()
    page.wait_for_url(site + "/learn/")
    context.close()


def test_the_report_opens_with_a_short_summary_and_the_rest_in_parts(page, site, demo):
    me = Journey(page, site)
    me.log_in(*demo[0])
    me.goto(demo_pages()[1])
    summary = page.get_by_role("heading", name="In short")
    assert summary.is_visible()
    assert page.locator(".report-summary svg.chart-svg").is_visible()
    assert page.locator(".report-summary li").count() >= 3
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height < 2200, height
    signs = page.locator("details.report-part", has=page.locator("#signs-heading"))
    card = signs.locator(".card").first
    assert not card.is_visible()
    signs.locator("summary").click()
    assert card.is_visible()
    causes = page.locator("details.report-part", has=page.locator("#causes-heading"))
    because = causes.get_by_text("Because you said").first
    assert not because.is_visible()
    causes.locator("summary").click()
    assert because.is_visible()
    assert me.violations == {}


# The README's picture. A run with ATTUNE_SCREENSHOT=1 writes it there; any other run takes it
# the same way into a temporary folder, so the suite never changes a checked-out tree.
README_PICTURE = ROOT / "docs" / "img" / "phone.png"
PICTURE_BYTES = 150 * 1024


def test_the_readme_picture_is_robins_report_summary_on_a_phone(page, site, demo, tmp_path):
    me = Journey(page, site)
    me.log_in(*demo[0])
    me.goto(demo_pages()[1])
    assert page.get_by_role("heading", name="In short").is_visible()
    assert page.locator("#quick-exit").is_visible()
    assert fits(page) == {"scroll": 0, "small": [], "tight": []}
    out = README_PICTURE if os.environ.get("ATTUNE_SCREENSHOT") == "1" else tmp_path / "phone.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out))
    body = out.read_bytes()
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    # A phone's first screen, at one pixel per CSS pixel: small enough for a README.
    assert struct.unpack(">II", body[16:24]) == (360, 740)
    assert len(body) < PICTURE_BYTES, len(body)
    assert me.violations == {}
