"""The Atom feed of articles."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.urls import reverse

ATOM = "{http://www.w3.org/2005/Atom}"


def test_it_is_an_atom_feed_of_the_articles_newest_first(client, fixture_articles):
    response = client.get(reverse("library-feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [a.title for a in fixture_articles]
    first = entries[0]
    assert (
        first.find(f"{ATOM}link").get("href") == "http://testserver/learn/articles/listening-first/"
    )
    assert first.find(f"{ATOM}summary").text.startswith("A short test article about listening")
    assert first.find(f"{ATOM}published").text.startswith("2025-04-10")
    assert {c.get("term") for c in first.findall(f"{ATOM}category")} == {"listening", "connection"}


def test_it_escapes_a_hostile_title(client, fixture_articles):
    body = client.get(reverse("library-feed")).content.decode()
    assert "<script>" not in body and "&lt;script&gt;" in body


def test_it_lists_every_shipped_article(client, db):
    from attune.core.articles import articles

    root = ET.fromstring(client.get(reverse("library-feed")).content)
    assert len(root.findall(f"{ATOM}entry")) == min(len(articles()), 50)
