"""Attune installed on a phone and used without a connection, in real Chromium at 360 x 740: the
manifest and service worker are valid and registered, read pages open offline, a check-in made
offline is sent once when the connection is back, and nothing private is ever kept."""

from __future__ import annotations

import struct

import pytest
from playwright.sync_api import Page

from tests.browser.journey import PASSWORD, Journey

ARTICLE = "/learn/articles/feeling-lonely-together/"
DECK = "/learn/decks/main/"
SOLO = "/learn/activities/naming-feelings/"
PRIVATE = ("/checkups/", "/progress/", "/checkins/", "/couple/", "/help/plan/", "/account/")

KEPT = """async () => {
  const found = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      found.push({url: new URL(request.url).pathname, text: await response.text()});
    }
  }
  return found;
}"""
WAITING = """() => new Promise((resolve) => {
  const open = indexedDB.open('attune', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('queue', {keyPath: 'key'});
  open.onsuccess = () => {
    const get = open.result.transaction('queue').objectStore('queue').getAll();
    get.onsuccess = () => { resolve(get.result.length); open.result.close(); };
  };
})"""

PUT_WAITING = """() => new Promise((resolve) => {
  const open = indexedDB.open('attune', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('queue', {keyPath: 'key'});
  open.onsuccess = () => {
    const tx = open.result.transaction('queue', 'readwrite');
    tx.objectStore('queue').put({key: 'k'.repeat(20), url: location.href, fields: [], savedAt: 0});
    tx.oncomplete = () => { open.result.close(); resolve(); };
  };
})"""


def ready(page: Page) -> str:
    """Wait until the service worker controls the page; return its scope."""
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return scope


def png_size(page: Page, url: str) -> tuple[int, int]:
    body = page.request.get(url).body()
    assert body[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", body[16:24])


@pytest.fixture
def person(transactional_db):
    from tests.conftest import make_person

    return make_person("wren@example.org", display_name="Wrenna", country="GB")


def log_in(page: Page, site: str) -> Journey:
    me = Journey(page, site)
    me.log_in("wren@example.org", PASSWORD)
    return me


def test_it_is_installable_with_a_valid_manifest_and_a_service_worker(page, site):
    page.goto(site + "/")
    assert ready(page) == site + "/"
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    # Playwright's contexts are incognito-like, which alone rules out installing here.
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    parsed = page.request.get(manifest["url"]).json()
    assert parsed["name"] == "Attune" and parsed["display"] == "standalone"
    base = manifest["url"].rsplit("/", 1)[0] + "/"
    sizes = {png_size(page, base + icon["src"]) for icon in parsed["icons"]}
    assert {(192, 192), (512, 512)} <= sizes
    touch = page.locator("link[rel=apple-touch-icon]").get_attribute("href")
    assert png_size(page, site + touch) == (180, 180)


def test_in_discreet_mode_the_app_and_its_kept_pages_are_neutral(page, site, person):
    person.discreet = True
    person.save()
    log_in(page, site)
    page.goto(site + ARTICLE)
    ready(page)
    page.goto(site + ARTICLE)  # now under the worker, which keeps a copy
    assert page.title() == "Notes"
    manifest = page.request.get(site + page.locator("link[rel=manifest]").get_attribute("href"))
    assert manifest.json()["name"] == "Notes" and manifest.json()["short_name"] == "Notes"
    for icon in manifest.json()["icons"]:
        assert "neutral" in icon["src"]
    assert page.locator("meta[name=apple-mobile-web-app-title]").get_attribute("content") == (
        "Notes"
    )
    page.wait_for_timeout(500)
    page.context.set_offline(True)
    page.goto(site + ARTICLE)
    assert page.title() == "Notes"
    assert "Attune" not in page.locator(".top-bar").inner_text()
    page.context.set_offline(False)


def test_a_visited_article_deck_and_exercise_open_offline(page, site):
    page.goto(site + "/learn/")
    ready(page)
    for path in (ARTICLE, DECK, SOLO):
        page.goto(site + path)
    page.wait_for_timeout(500)
    page.context.set_offline(True)
    page.goto(site + ARTICLE)
    assert page.get_by_role("heading", level=1).inner_text() == "Feeling lonely together"
    page.goto(site + DECK)
    assert page.get_by_role("heading", level=1).inner_text() == "Conversation night"
    assert page.get_by_text("What small thing made you smile this week").is_visible()
    page.goto(site + SOLO)
    assert page.get_by_role("heading", name="What to do").is_visible()
    # A page never read is not there: a plain page says so, and the quick exit is still first.
    page.goto(site + "/learn/strategies/listening/")
    assert page.get_by_role("heading", level=1).inner_text() == "You are not connected"
    assert page.locator("#quick-exit").is_visible()
    page.context.set_offline(False)


def test_a_check_in_made_offline_is_sent_once_when_the_connection_is_back(page, site, person):
    from attune.checkins.models import Checkin

    me = log_in(page, site)
    me.goto("/checkins/")
    ready(page)
    page.context.set_offline(True)
    page.check("input[name=stress][value='3']")
    page.check("input[name=needs][value='listen']")
    page.get_by_role("button", name="Save my check-in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Saved on this phone, not sent yet"
    assert page.get_by_role("status").get_by_text("Saved on this phone, not sent yet").is_visible()
    assert page.evaluate(WAITING) == 1
    assert Checkin.objects.count() == 0

    page.context.set_offline(False)
    page.get_by_text("has been sent").wait_for()
    assert page.evaluate(WAITING) == 0
    assert Checkin.objects.filter(user=person).count() == 1
    assert Checkin.objects.get().stress == 3
    me.check()
    assert me.violations == {}


def test_a_write_sent_twice_is_saved_once(client, person):
    """The server's half: a phone that never heard back sends the same write again."""
    from attune.progress.models import Pulse
    from tests.checkups.helpers import healthy_value

    client.force_login(person)
    from attune.core.instruments import get_instrument

    items = get_instrument("pulse").items
    answers = {item.id: str(healthy_value(item)) for item in items}
    first = client.post("/progress/pulse/", {**answers, "write_key": "a" * 32})
    lower = {item.id: "0" for item in items}
    again = client.post("/progress/pulse/", {**lower, "write_key": "a" * 32}, follow=True)
    assert first.status_code == 302 and again.status_code == 200
    # The second send says so, as a check-in sent twice does.
    assert "Your pulse for this week was already saved." in again.content.decode()
    assert Pulse.objects.filter(user=person).count() == 1
    assert Pulse.objects.get().answers == {k: int(v) for k, v in answers.items()}


def test_nothing_private_is_kept_and_log_out_clears_what_was(page, site, person):
    me = log_in(page, site)
    me.goto("/")
    ready(page)
    for path in (ARTICLE, DECK, "/checkins/", "/progress/", "/account/settings/", "/help/plan/"):
        me.goto(path)
    page.wait_for_timeout(500)
    kept = page.evaluate(KEPT)
    pages = [item for item in kept if not item["url"].startswith("/static/")]
    assert {ARTICLE, DECK} <= {item["url"] for item in pages}
    for item in pages:
        assert not item["url"].startswith(PRIVATE), item["url"]
        assert "Log out" not in item["text"], item["url"]
        assert "Wrenna" not in item["text"], item["url"]
    page.evaluate(PUT_WAITING)
    assert page.evaluate(WAITING) == 1
    me.log_out()
    # Left: only the new worker's own start (the stylesheet, scripts, icons, the offline pages).
    left = {item["url"] for item in page.evaluate(KEPT)}
    assert {url for url in left if not url.startswith("/static/")} <= {
        "/offline/",
        "/offline/saved/",
    }
    assert page.evaluate(WAITING) == 0


def test_the_quick_exit_clears_kept_pages(page, site, neutral_site):
    page.goto(site + "/learn/")
    ready(page)
    page.goto(site + ARTICLE)
    page.wait_for_timeout(500)
    assert any(item["url"] == ARTICLE for item in page.evaluate(KEPT))
    page.click("#quick-exit")
    page.wait_for_url(neutral_site)
    page.goto(site + "/help/quick-exit/")
    assert not any(item["url"] == ARTICLE for item in page.evaluate(KEPT))


def test_without_javascript_a_check_in_still_saves(browser, site, person):
    from attune.checkins.models import Checkin

    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/account/login/")
    page.fill("input[name=username]", "wren@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.goto(site + "/checkins/")
    page.check("input[name=stress][value='5']")
    page.get_by_role("button", name="Save my check-in").click()
    page.wait_for_load_state()
    assert Checkin.objects.filter(user=person).count() == 1
    context.close()
