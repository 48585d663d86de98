"""The page budget every page keeps: at most 10 queries, at most 60 KB of HTML + CSS + JS (the
service worker counted when the page registers it), and nothing loaded from another host; and
a walk that measures every page reachable by links (tests/walk.py), for test_budget_walk.py and
bench/pages.py."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.walk import to_open

PAGE_BUDGET_BYTES = 60 * 1024
QUERY_BUDGET = 10
# Pages that show all a person keeps, so their size is the size of that (the export page: about
# 10 KB a check-up). Their queries are budgeted like any page's; their bytes are measured per
# check-up instead (test_budgets.py).
GROWS_WITH_DATA = {"privacy-export-html"}
LOADS = re.compile(r'<(?:script|img|link|iframe|source)\b[^>]*(?:src|href)="([^"]+)"')
LINK = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
SITE = "http://testserver"


def assets_of(page: str) -> int:
    """The page's own CSS and JS, and the service worker every page registers."""
    total = len(Client().get(reverse("web-service-worker")).content) if "data-sw=" in page else 0
    for src in re.findall(r'<(?:script|link)\b[^>]*(?:src|href)="/static/([^"]+)"', page):
        if src.endswith((".css", ".js")):
            total += Path(finders.find(src)).stat().st_size
    return total


def over_budget(content: bytes, queries: int, route: str = "") -> dict:
    """What a page answered with 200 spends beyond its budget; empty when it keeps it."""
    page = content.decode()
    found = {}
    size = len(content) + assets_of(page)
    if size > PAGE_BUDGET_BYTES and route not in GROWS_WITH_DATA:
        found["bytes"] = size
    if queries > QUERY_BUDGET:
        found["queries"] = queries
    elsewhere = [src for src in LOADS.findall(page) if not src.startswith("/")]
    if elsewhere:
        found["off-site"] = elsewhere
    return found


@dataclass(frozen=True)
class Measured:
    path: str
    route: str
    status: int
    bytes: int = 0
    queries: int = 0
    over: dict | None = None


class Counted(list):
    """The statements a request runs (CaptureQueriesContext reads a bounded log, which a long
    walk fills, after which it counts none)."""

    def __call__(self, execute, sql, *rest):
        self.append(sql)
        return execute(sql, *rest)


def walk(client: Client, starts: list[str], seen: dict[str, int]) -> list[Measured]:
    """Open every page reachable by links from `starts` (redirects followed), at most PER_ROUTE
    of a route (`seen` counts them, by route), and measure each."""
    # The session notes activity at most once a minute: let that write happen before counting.
    client.get(reverse("privacy-policy"))
    found: list[Measured] = []
    todo = list(starts)
    for url, route in to_open(todo, SITE, seen):
        queries = Counted()
        with connection.execute_wrapper(queries):
            response = client.get(url[len(SITE) :])
        if response.status_code in (301, 302):
            todo.insert(0, response["Location"])
            continue
        seen[route] = seen.get(route, 0) + 1
        path = url[len(SITE) :]
        if response.status_code != 200:
            found.append(Measured(path, route, response.status_code))
            continue
        size = len(response.content) + assets_of(response.content.decode())
        over = over_budget(response.content, len(queries), route)
        found.append(Measured(path, route, 200, size, len(queries), over))
        todo += [html.unescape(link) for link in LINK.findall(response.content.decode())]
    return found


def demo_walk() -> tuple[list[Measured], dict[str, int]]:
    """Walk the whole site as the demo people see it (attune demo's data must be there):
    signed out, as Robin, and as Robin with a check-up under way."""
    from attune.accounts.models import User
    from attune.cli.demo import PEOPLE
    from tests.walk import (
        AFTER_A_FORM,
        AFTER_A_FORM_SIGNED_IN,
        ANONYMOUS,
        SIGNED_IN,
        compare,
        demo_pages,
        started,
        under_way,
    )

    seen: dict[str, int] = {}
    found = walk(Client(), ANONYMOUS + AFTER_A_FORM, seen)
    robin = Client()
    robin.force_login(User.objects.get(email=PEOPLE[0][0]))
    found += walk(robin, SIGNED_IN + AFTER_A_FORM_SIGNED_IN + demo_pages() + compare(), seen)
    robin.post(reverse("checkups-start"))
    found += walk(robin, under_way(started()), seen)
    return found, seen
