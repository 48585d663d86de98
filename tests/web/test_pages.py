"""The web skeleton: landing page, a page per concept, help lines, and the quick exit everywhere."""

import re

import pytest
from django.urls import reverse

from attune.core.concepts import concepts

MODEL = concepts()
CONCEPT_PAGES = (
    [(reverse("library-sign", args=[s.id]), s.name) for s in MODEL.signs.values()]
    + [(reverse("library-cause", args=[c.id]), c.name) for c in MODEL.causes.values()]
    + [(reverse("library-strategy", args=[t.id]), t.name) for t in MODEL.strategies.values()]
    + [(reverse("library-activity", args=[a.id]), a.title) for a in MODEL.activities.values()]
)
ALL_PAGES = ["/", "/learn/", "/help/", "/help/?country=GB", "/help/quick-exit/"] + [
    url for url, _ in CONCEPT_PAGES
]


def test_the_landing_page_says_what_attune_is(client):
    page = client.get("/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "emotional intimacy" in text
    for sign in MODEL.signs.values():
        assert sign.name in text


@pytest.mark.parametrize("url, name", CONCEPT_PAGES)
def test_every_concept_has_a_page(client, url, name):
    page = client.get(url)
    assert page.status_code == 200
    assert name in page.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize(
    "url", ["/learn/signs/happy/", "/learn/causes/x/", "/learn/activities/nope/"]
)
def test_an_unknown_concept_is_a_404(client, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", ALL_PAGES)
def test_every_page_carries_the_quick_exit(client, settings, url):
    page = client.get(url).content.decode()
    assert re.search(r'<a [^>]*id="quick-exit"[^>]*>Quick exit</a>', page)
    assert f'href="{settings.QUICK_EXIT_URL}"' in page


@pytest.mark.parametrize("url", ALL_PAGES)
def test_no_page_loads_anything_from_another_host(client, url):
    page = client.get(url).content.decode()
    loads = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*(?:src|href)="([^"]+)"', page)
    assert loads and all(src.startswith("/") for src in loads), loads


@pytest.mark.parametrize(
    "code, expected", [("GB", "Samaritans"), ("US", "988"), ("AU", "13 11 14")]
)
def test_the_crisis_page_shows_the_lines_of_a_chosen_country(client, code, expected):
    page = client.get(f"/help/?country={code}").content.decode()
    assert expected in page


def test_the_crisis_page_always_shows_the_international_fallback(client):
    page = client.get("/help/").content.decode()
    assert "findahelpline.com" in page


def test_the_crisis_page_ignores_an_unknown_country_and_an_outside_next(client):
    page = client.get("/help/?country=ZZ&next=https://evil.example/").content.decode()
    assert "findahelpline.com" in page
    assert "evil.example" not in page


def test_the_safety_cause_page_speaks_privately_and_offers_no_couple_activity(client):
    page = client.get("/learn/causes/abuse_neglect/").content.decode()
    couple = [a.title for a in MODEL.activities.values() if a.couple]
    assert not any(title in page for title in couple)
    assert reverse("safety-crisis") in page
