"""The pages a person can reach, for the walks that open every one of them: the phone walk in
Chromium (tests/browser/test_phone_journey.py) and the budget walk (tests/web/test_budget_walk.py).

Both start from the same pages, follow every link, and fail when a route is neither reached nor
named in ELSEWHERE with the reason, so a new page is measured by both the day it is added."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from attune.core.instruments import get_instrument

CHECKUP = get_instrument("checkup")

ANONYMOUS = [
    "/",
    "/learn/",
    "/learn/signs/misunderstood/",
    "/learn/causes/abuse_neglect/",
    "/learn/strategies/listening/",
    "/learn/activities/speaker-listener/",
    "/learn/articles/feeling-lonely-together/",
    "/learn/search/?q=listening",
    "/help/?country=GB",
    "/help/quick-exit/",
    "/account/login/",
    "/account/signup/",
    "/account/password/reset/",
    "/privacy/",
    "/newsletter/",
]
SIGNED_IN = [
    "/",
    "/checkups/",
    "/account/settings/",
    "/help/plan/",
    "/privacy/export/",
    "/privacy/delete/",
    "/couple/",
    "/progress/",
    "/progress/pulse/",
    "/progress/reminders/",
    "/checkins/",
    "/activities/",
    "/activities/naming-feelings/",
]
# Pages a form leads to (or that a phone shows by itself): opened directly, as no link leads there.
AFTER_A_FORM = [
    "/account/signup/sent/",
    "/account/password/reset/sent/",
    "/account/password/reset/done/",
    "/newsletter/check-your-inbox/",
    "/offline/",
    "/offline/saved/",
]
AFTER_A_FORM_SIGNED_IN = ["/account/password/changed/", "/privacy/export/page/"]
# Routes the walk does not open, and why. The walk fails when a route is neither reached nor
# named here, and when one named here is reached after all.
BUTTON = "a button's POST, answered with a redirect"
ELSEWHERE = {
    "accounts-logout": BUTTON,
    "activities-start": BUTTON,
    "activities-unshare": BUTTON,
    "checkins-delete": BUTTON,
    "checkups-start": BUTTON,
    "couples-invite": BUTTON,
    "couples-cancel-invitation": BUTTON,
    "couples-dismiss-notice": BUTTON,
    "progress-calendar-new": BUTTON,
    "progress-calendar-stop": BUTTON,
    "safety-end-care": BUTTON,
    "counsellors-close": BUTTON,
    "counsellors-leave": BUTTON,
    "counsellors-suggest": BUTTON,
    "activities-live": "polled by a run's script for the other phone's step, not a page",
    "activities-join": "opened from a partner's invitation (test_activity_two_devices.py)",
    "couples-join": "opened from an e-mailed invitation (test_couple_journey.py)",
    "accounts-signup-confirm": "opened from the sign-up e-mail (every journey's sign-up)",
    "accounts-password-reset-confirm": "opened from the reset e-mail",
    "newsletter-confirm": "opened from the newsletter's e-mail",
    "newsletter-unsubscribe": "opened from the newsletter's e-mail",
    "checkups-note": "opens once every section is answered (test_journeys.py)",
    "checkups-own-words-check": "opens once some own words are written (test_own_words_journey.py)",
    "safety-question": "shown only after a worrying line of free text",
    "counsellors-clients": "a counsellor's pages (test_counsellor_journey.py)",
    "counsellors-space": "a counsellor's pages",
    "counsellors-person": "a counsellor's pages",
    "counsellors-summary": "a counsellor's pages",
    "counsellors-join-code": "opened from a counsellor's join link",
    "counsellors-choices": "a person who sees a counsellor (the demo people see none)",
    "web-healthz": "for a load balancer, not a person",
    "operations-metrics": "for an operator's monitoring, not a person",
}

# What a link may lead to that is not a page to look at on a phone: files and feeds, the API,
# the admin, and the quick exit's neutral site (another origin, so never followed anyway).
NOT_PAGES = (
    "web-service-worker",
    "library-feed",
    "progress-calendar-feed",
    "privacy-export-json",
    "counsellors-summary-pdf",
)
# Pages of a route seen this many times already are not opened again (the library's articles
# share one template).
PER_ROUTE = 2
OTHERS = ("api:", "admin:")


def route_of(url: str, site: str) -> str | None:
    from django.urls import Resolver404, resolve

    if not url.startswith(site + "/"):
        return None
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def to_open(todo: list[str], site: str, seen: dict[str, int]) -> Iterator[tuple[str, str]]:
    """Take links off `todo`, which the walker keeps adding to, and yield each page worth
    opening with its route: on this site, not a file, feed, API or admin route, not opened
    already, and fewer than PER_ROUTE of its route counted in `seen` (the walker counts)."""
    done: set[str] = set()
    while todo:
        url = urlsplit(todo.pop(0))._replace(fragment="").geturl()
        url = site + url if url.startswith("/") else url
        route = route_of(url, site)
        if url in done or route is None or route in NOT_PAGES or route.startswith(OTHERS):
            continue
        if seen.get(route, 0) >= PER_ROUTE:
            continue
        done.add(url)
        yield url, route


def demo_pages() -> list[str]:
    from attune.cli.demo import pages

    return [path for path, _ in pages()]


def started() -> str:
    from attune.checkups.models import Checkup
    from attune.cli.demo import PEOPLE

    return Checkup.objects.get(user__email=PEOPLE[0][0], finished_at__isnull=True).code


def compare() -> list[str]:
    from attune.checkups.models import Checkup
    from attune.cli.demo import PEOPLE

    codes = Checkup.objects.filter(user__email=PEOPLE[0][0], finished_at__isnull=False)
    older, newer = codes.order_by("finished_at").values_list("code", flat=True)[:2]
    return [f"/checkups/compare/?a={older}&b={newer}"]


def page_routes() -> set[str]:
    from django.urls import URLPattern, URLResolver, get_resolver

    names = set()

    def names_of(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                names_of(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    names_of(get_resolver().url_patterns)
    return {n for n in names if not n.startswith(OTHERS)} - set(NOT_PAGES)


def under_way(code: str) -> list[str]:
    """The pages of a check-up under way, reached by its buttons rather than by links."""
    parts = [f"section/{n}/" for n in range(1, len(CHECKUP.sections) + 1)]
    parts += ["note/", "own-words/", "own-words/check/", "support/"]
    return [f"/checkups/{code}/{part}" for part in parts]
