"""The partner never learns: whatever the other person did, what their partner receives is the
same, byte for byte.

One couple, Robin and Sam, is built the same way again and again: Sam has shared everything
there is to share, has runs of every kind (one Robin joined, one Robin was asked to join, one
Sam was asked to join) and a calendar feed. Then Robin does one thing, and Sam walks every URL
and API route of the site (the list comes from the URL resolver, so a new route that this walk
does not reach fails `test_the_walk_reaches_every_route`): every page, every API answer, a
press on each button Sam has, the calendar feed, the live polls, and the e-mails Sam gets.

Two groups of states must each look the same to Sam:

- Robin still linked: never shared anything; shared everything, then withdrew it all by hand;
  needs care, by each trigger there is (from a start of sharing nothing, and of sharing
  everything);
- Robin gone: unlinked; deleted their account (from both starts too).

Each world is built inside a savepoint that is rolled back, with the clock stopped and public
codes drawn from a counter, so two worlds are alike in everything Robin's choice did not touch.
Only CSRF tokens are blanked (random UUIDs in FHIR answers are drawn from the counter too).
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from attune.accounts.crypto import encrypt
from attune.activities import notes
from attune.activities.live import make_token
from attune.activities.models import Run, SharedRun
from attune.api.models import ApiToken
from attune.checkins.models import Checkin
from attune.checkups.models import Checkup
from attune.checkups.signals import checkup_saved
from attune.core import catalogue
from attune.core.concepts import concepts
from attune.counsellors import services as counsellors
from attune.couples import sharing
from attune.progress import calendar
from attune.progress.models import ProgressSettings
from tests.checkups.helpers import CHECKUP, section_of, section_post
from tests.conftest import PASSWORD, make_person
from tests.couples.helpers import answers, finished, link
from tests.progress.helpers import weekly_pulses
from tests.safety.helpers import answer

# A Wednesday morning in December, in the partners' own zone as in UTC.
NOW = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
CRISIS_LINE = "I want to kill myself tonight"
ABUSE_TEXT = "My partner hits me when he is angry and I hide in the bathroom."
# Read by the safety model alone, not by any phrase.
MODEL_ABUSE = "She reads all my messages and tells me who I am allowed to see."
# Words from what Robin wrote that appear nowhere in Attune's own pages.
TELLTALES = (b"kill myself", b"hits me", b"bathroom", b"reads all my messages", b"allowed to see")
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
KEPT_HEADERS = ("Location", "Content-Type", "Content-Disposition", "Cache-Control")

# Routes no partner reaches as such, with the reason. Each is still asked once below where it
# can be (the admin's index sends a non-staff person to the admin login).
ADMIN = "admin"


class Codes:
    """secrets.token_urlsafe from a counter, phase by phase: what Robin's choice creates never
    shifts the codes of what Sam creates afterwards."""

    def __init__(self) -> None:
        self.phase, self.count = "base", 0

    def start(self, phase: str) -> None:
        self.phase, self.count = phase, 0

    def __call__(self, nbytes: int = 32) -> str:
        self.count += 1
        size = math.ceil(nbytes * 4 / 3)
        return f"{self.phase}{self.count:0{size - len(self.phase)}d}"

    def uuid4(self) -> uuid.UUID:
        self.count += 1
        return uuid.UUID(int=(sum(map(ord, self.phase)) << 64) + self.count)

    @contextmanager
    def drawn(self) -> Iterator[None]:
        with mock.patch("secrets.token_urlsafe", self), mock.patch("uuid.uuid4", self.uuid4):
            yield


@dataclass
class World:
    robin: object
    sam: object
    couple: object
    robin_checkup: Checkup
    sam_checkup: Checkup
    api_token: str
    calendar_token: str
    runs: dict[str, Run] = field(default_factory=dict)
    shared: dict[str, SharedRun] = field(default_factory=dict)
    robin_runs: dict[str, Run] = field(default_factory=dict)
    robin_note: Run | None = None
    space: object = None
    sam_client: object = None


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _build() -> World:
    robin = make_person("robin@example.org", display_name="Robin", country="GB")
    sam = make_person("sam@example.org", display_name="Sam", country="GB")
    couple = link(robin, sam)
    robin_checkup = finished(robin, answers("lonely"))
    sam_checkup = finished(sam, answers("support"))
    sharing.share(sam_checkup, sam)
    for person in (robin, sam):
        ProgressSettings.objects.create(user=person, time_zone="Europe/London")
    ProgressSettings.objects.filter(user=sam).update(share_pulse=True)
    weekly_pulses(sam, [40, 55, 60], end=NOW.date())
    prefs = ProgressSettings.objects.get(user=sam)
    Checkin.objects.create(
        user=sam,
        day=NOW.date(),
        stress=4,
        needs=["listen"],
        note=encrypt(sam.pk, "A long day, a walk later would be lovely"),
        share_need=True,
        shared_link=couple,
    )
    world = World(
        robin,
        sam,
        couple,
        robin_checkup,
        sam_checkup,
        ApiToken.issue(sam),
        calendar.new_token(prefs),
    )
    world.runs["finished"] = Run.objects.create(
        user=sam,
        activity_id="appreciation-exchange",
        mode=Run.TOGETHER,
        step=3,
        helped=4,
        note=encrypt(sam.pk, "We laughed a lot"),
        share_wanted=True,
        shared_in=couple,
        note_shared_at=NOW,
        finished_at=NOW,
    )
    world.runs["one device"] = Run.objects.create(
        user=sam, activity_id="good-news", mode=Run.TOGETHER
    )
    # A run for two Robin started and Sam joined, one Robin started and Sam has not joined yet,
    # and one Sam started that Robin has not joined.
    for name, starter, joined in (
        ("under way", robin, True),
        ("robin asks", robin, False),
        ("sam asks", sam, False),
    ):
        other = sam if starter == robin else robin
        activity = {"under way": "conversation-night", "robin asks": "stress-conversation"}.get(
            name, "speaker-listener"
        )
        shared = SharedRun.objects.create(
            activity_id=activity,
            started_by=starter,
            partner=other,
            step=1 if joined else 0,
            joined_at=NOW if joined else None,
        )
        world.shared[name] = shared
        starter_run = Run.objects.create(
            user=starter, activity_id=activity, mode=Run.APART, shared=shared
        )
        if starter == sam:
            world.runs[name] = starter_run
        else:
            world.robin_runs[name] = starter_run
        if joined:
            world.runs[name] = Run.objects.create(
                user=other, activity_id=activity, mode=Run.APART, shared=shared
            )
    # Both see one counsellor, who suggested an activity for two.
    kim = counsellors.make_counsellor(make_person("kim@practice.example"), "Riverside")
    world.space = counsellors.open_space(kim, "Robin and Sam")
    # Join codes are drawn letter by letter (secrets.choice, which sessions use too): fixed here.
    world.space.join_code = "RIVERSID"
    world.space.save(update_fields=["join_code"])
    counsellors.suggest(world.space, "conversation-night")
    counsellors.join(robin, world.space)
    world.sam_client = counsellors.join(sam, world.space)
    return world


# What Robin did before the moment that matters: nothing, or share everything there is.


def _shares_nothing(world: World) -> None:
    pass


def _shares_everything(world: World) -> None:
    robin, couple = world.robin, world.couple
    sharing.share(world.robin_checkup, robin)
    ProgressSettings.objects.filter(user=robin).update(share_pulse=True)
    weekly_pulses(robin, [30, 45, 50], end=NOW.date())
    Checkin.objects.create(
        user=robin,
        day=NOW.date(),
        stress=7,
        needs=["closeness"],
        note=encrypt(robin.pk, "Could we have a quiet evening"),
        share_need=True,
        share_stress=True,
        shared_link=couple,
    )
    world.robin_note = Run.objects.create(
        user=robin,
        activity_id="appreciation-exchange",
        mode=Run.TOGETHER,
        step=3,
        note=encrypt(robin.pk, "Thank you for the flowers"),
        share_wanted=True,
        shared_in=couple,
        note_shared_at=NOW,
        finished_at=NOW,
    )


PRELUDES = {"shared nothing": _shares_nothing, "shared everything": _shares_everything}


# The moment that matters.


def _nothing(world: World) -> None:
    pass


def _withdraws_everything_by_hand(world: World) -> None:
    robin = world.robin
    sharing.withdraw(world.robin_checkup)
    ProgressSettings.objects.filter(user=robin).update(share_pulse=False)
    Checkin.objects.filter(user=robin).update(share_need=False, share_stress=False)
    if world.robin_note is not None:
        notes.withdraw(world.robin_note)


def _finishes_a_check_up(**screens) -> Callable[[World], None]:
    def act(world: World) -> None:
        checkup = finished(world.robin, answers("lonely", **screens))
        checkup_saved.send(sender=Checkup, checkup=checkup)

    return act


def _writes_in_the_check_up_note(text: str) -> Callable[[World], None]:
    return lambda world: _take_a_check_up(world, text)


def _take_a_check_up(world: World, note: str) -> None:
    robin = _client(world.robin)
    robin.post(reverse("checkups-start"))
    checkup = world.robin.checkups.filter(finished_at__isnull=True).get()
    robin.post(reverse("checkups-own-words", args=[checkup.code]), {"text": "", "action": "skip"})
    for number in range(1, len(CHECKUP.sections) + 1):
        robin.post(reverse("checkups-section", args=[checkup.code, number]), section_post(number))
    robin.post(reverse("checkups-note", args=[checkup.code]), {"note": note, "action": "finish"})
    checkup.refresh_from_db()
    assert checkup.finished and checkup.note_tier == 2


def _writes_abuse_in_own_words_and_stops_there(world: World) -> None:
    robin = _client(world.robin)
    robin.post(reverse("checkups-start"))
    checkup = world.robin.checkups.filter(finished_at__isnull=True).get()
    robin.post(
        reverse("checkups-own-words", args=[checkup.code]),
        {"text": ABUSE_TEXT, "action": "continue"},
    )
    checkup.refresh_from_db()
    assert checkup.own_words_tier == 2


def _answers_the_safety_screen_part_way(world: World) -> None:
    robin = _client(world.robin)
    robin.post(reverse("checkups-start"))
    checkup = world.robin.checkups.filter(finished_at__isnull=True).get()
    robin.post(reverse("checkups-own-words", args=[checkup.code]), {"text": "", "action": "skip"})
    number = section_of("abuse_neglect")
    flagged = next(i for i in CHECKUP.items_for("abuse_neglect") if i.flag_at is not None)
    for earlier in range(1, number):
        robin.post(reverse("checkups-section", args=[checkup.code, earlier]), section_post(earlier))
    robin.post(
        reverse("checkups-section", args=[checkup.code, number]),
        section_post(number, **{flagged.id: flagged.flag_at}),
    )
    checkup.refresh_from_db()
    assert not checkup.finished and checkup.needs_care


def _writes_a_crisis_line_in_a_check_in(world: World) -> Client:
    """Help first, then one private question, left unanswered: protected, nothing withdrawn."""
    robin = _client(world.robin)
    response = robin.post(reverse("checkins-home"), {"stress": "5", "note": CRISIS_LINE})
    assert response.status_code == 302
    return robin


def _writes_a_calm_line(world: World) -> None:
    robin = _client(world.robin)
    robin.post(reverse("checkins-home"), {"stress": "5", "note": "Long day, a quiet evening?"})


def _answers_the_question(given: str, then_ends: bool = False) -> Callable[[World], None]:
    def act(world: World) -> None:
        robin = _writes_a_crisis_line_in_a_check_in(world)
        answer(robin, world.robin, given)
        if then_ends:
            assert robin.post(reverse("safety-end-care")).status_code == 302

    return act


def _ends_it_with_the_question_open(world: World) -> None:
    robin = _writes_a_crisis_line_in_a_check_in(world)
    assert robin.post(reverse("safety-end-care")).status_code == 302


def _writes_crisis_words_in_an_activity_note(world: World) -> None:
    robin = _client(world.robin)
    robin.post(reverse("activities-start", args=["naming-feelings"]))
    run = Run.objects.filter(user=world.robin, activity_id="naming-feelings").get()
    # The box ticked: a note that needs care is never shared, ticked or not.
    robin.post(reverse("activities-finish", args=[run.code]), {"note": CRISIS_LINE, "share": "on"})
    run.refresh_from_db()
    assert run.finished and run.note_tier == 2


def _unlinks(world: World) -> None:
    robin = _client(world.robin)
    robin.post(reverse("couples-unlink", args=[world.couple.code]))


def _deletes_their_account(world: World) -> None:
    robin = _client(world.robin)
    response = robin.post(reverse("privacy-delete"), {"password": PASSWORD})
    assert response.status_code == 302


TRIGGERS = {
    "a positive safety screen": _finishes_a_check_up(abuse=True),
    "a crisis answer": _finishes_a_check_up(crisis=True),
    "crisis words in a check-up's note": _writes_in_the_check_up_note(CRISIS_LINE),
    "abuse only the model reads, in a check-up's note": _writes_in_the_check_up_note(MODEL_ABUSE),
    "abuse in own words, check-up left unfinished": _writes_abuse_in_own_words_and_stops_there,
    "a safety answer part-way through a check-up": _answers_the_safety_screen_part_way,
    "a crisis line in a daily check-in, the question left open": (
        _writes_a_crisis_line_in_a_check_in
    ),
    "a crisis line, and yes to the question": _answers_the_question("yes"),
    "a crisis line, and not sure to the question": _answers_the_question("not_sure"),
    "a crisis line, yes, then ending it themself": _answers_the_question("yes", then_ends=True),
    "a crisis line, then ending it with the question open": _ends_it_with_the_question_open,
    "crisis words in an activity note": _writes_crisis_words_in_an_activity_note,
}
STILL_LINKED = {
    "never shared": ("shared nothing", _nothing),
    "wrote a crisis line and said no, it was not about their safety, having shared nothing": (
        "shared nothing",
        _answers_the_question("no"),
    ),
    "withdrew everything by hand": ("shared everything", _withdraws_everything_by_hand),
    **{
        f"needs care after {trigger}, having {start}": (start, act)
        for trigger, act in TRIGGERS.items()
        for start in PRELUDES
    },
}
GONE = {
    f"{what}, having {start}": (start, act)
    for what, act in (("unlinked", _unlinks), ("deleted their account", _deletes_their_account))
    for start in PRELUDES
}


# The walk: every route, as Sam reaches it.


@dataclass(frozen=True)
class Ask:
    method: str
    path: str
    data: dict | None = None
    api: bool = False


def _get(name: str, *args) -> Ask:
    return Ask("get", reverse(name, args=args))


def _post(name: str, *args, data: dict | None = None) -> Ask:
    return Ask("post", reverse(name, args=args), data or {})


def _api(method: str, path: str, data: dict | None = None) -> Ask:
    return Ask(method, f"/api/v1/{path}", data, api=True)


def _live(world: World, name: str) -> Ask:
    return _get("activities-live", make_token(world.sam.code, world.shared[name].code))


def _activities(world: World) -> dict[str, list[Ask]]:
    mine = [run.code for run in world.runs.values()]
    robins = [run.code for run in world.robin_runs.values()]
    catalogue = concepts().activities
    under_way = world.runs["under way"]
    return {
        "activities-index": [_get("activities-index")],
        "activities-detail": [_get("activities-detail", a) for a in catalogue],
        "activities-start": [
            _post("activities-start", "appreciation-exchange", data={"mode": "together"}),
            _post("activities-start", "disclosure-ladder", data={"mode": "apart"}),
        ],
        "activities-step": [_get("activities-step", code) for code in mine + robins]
        + [
            _post(
                "activities-step",
                under_way.code,
                data={"action": "next", "version": str(under_way.shared.version)},
            )
        ],
        "activities-finish": [_get("activities-finish", code) for code in mine + robins],
        "activities-done": [_get("activities-done", code) for code in mine + robins],
        "activities-unshare": [_post("activities-unshare", world.runs["finished"].code)],
        "activities-join": [
            _get("activities-join", shared.code) for shared in world.shared.values()
        ]
        + [_post("activities-join", world.shared["robin asks"].code)],
        "activities-live": [_live(world, name) for name in world.shared],
    }


def _counsellors(world: World) -> dict[str, list[Ask]]:
    space, mine = world.space.code, world.sam_client.code
    spaces = ("counsellors-space", "counsellors-close", "counsellors-summary")
    return {
        "counsellors-join": [_get("counsellors-join")],
        "counsellors-join-code": [_get("counsellors-join-code", world.space.join_code)],
        "counsellors-mine": [_get("counsellors-mine")],
        "counsellors-choices": [_get("counsellors-choices", mine)],
        "counsellors-leave": [_get("counsellors-leave", mine)],
        # A counsellor's own pages: the partner is not one, whatever the other person did.
        "counsellors-clients": [_get("counsellors-clients")],
        **{name: [_get(name, space)] for name in spaces},
        "counsellors-summary-pdf": [_get("counsellors-summary-pdf", space)],
        "counsellors-suggest": [_post("counsellors-suggest", space, data={"activity": "x"})],
        "counsellors-person": [_get("counsellors-person", space, mine)],
        "api:fhir_client_bundle": [_api("get", f"counsellor/clients/{mine}/fhir")],
    }


def _routes(world: World) -> dict[str, list[Ask]]:
    """Every route by its name, with what Sam asks of it. GETs first; then the presses."""
    sam, mine, robins = world.sam, world.sam_checkup.code, world.robin_checkup.code
    couple = world.couple.code
    both = (mine, robins)
    article = next(iter(_articles()))
    model = concepts()
    return {
        "web-home": [_get("web-home")],
        "web-healthz": [_get("web-healthz")],
        "web-service-worker": [_get("web-service-worker")],
        "web-offline": [_get("web-offline")],
        "web-saved-on-phone": [_get("web-saved-on-phone")],
        "accounts-signup": [_get("accounts-signup")],
        "accounts-signup-sent": [_get("accounts-signup-sent")],
        "accounts-signup-confirm": [_get("accounts-signup-confirm", "not-a-link")],
        "accounts-login": [_get("accounts-login")],
        "accounts-settings": [_get("accounts-settings")],
        "accounts-password-change": [_get("accounts-password-change")],
        "accounts-password-change-done": [_get("accounts-password-change-done")],
        "accounts-password-reset": [_get("accounts-password-reset")],
        "accounts-password-reset-done": [_get("accounts-password-reset-done")],
        "accounts-password-reset-confirm": [
            _get("accounts-password-reset-confirm", sam.code, "set-password")
        ],
        "accounts-password-reset-complete": [_get("accounts-password-reset-complete")],
        "checkups-history": [_get("checkups-history")],
        "checkups-compare": [_get("checkups-compare")],
        "checkups-report": [_get("checkups-report", code) for code in both],
        "checkups-own-words": [_get("checkups-own-words", code) for code in both],
        "checkups-own-words-check": [_get("checkups-own-words-check", code) for code in both],
        "checkups-section": [_get("checkups-section", code, 1) for code in both],
        "checkups-note": [_get("checkups-note", code) for code in both],
        "checkups-support": [_get("checkups-support", code) for code in both],
        "privacy-policy": [_get("privacy-policy")],
        "privacy-export": [_get("privacy-export")],
        "privacy-export-json": [_get("privacy-export-json")],
        "privacy-export-html": [_get("privacy-export-html")],
        "privacy-delete": [
            _get("privacy-delete"),
            _post("privacy-delete", data={"password": "not the password"}),
        ],
        "couples-home": [_get("couples-home")],
        "couples-invite": [_post("couples-invite", data={"email": ""})],
        "couples-cancel-invitation": [_post("couples-cancel-invitation", "no-such-code")],
        "couples-join": [_get("couples-join", "no-such-invitation")],
        "couples-share": [_get("couples-share", code) for code in both]
        + [_post("couples-share", mine, data={"action": "share"})],
        "couples-dismiss-notice": [_post("couples-dismiss-notice")],
        "couples-api-token": [_get("couples-api-token")],
        "couples-report": [_get("couples-report", couple)],
        "couples-unlink": [_get("couples-unlink", couple)],
        "couples-pulses": [_get("couples-pulses", couple)],
        "progress-trends": [_get("progress-trends")],
        "progress-pulse": [_get("progress-pulse")],
        "progress-reminders": [_get("progress-reminders")],
        "progress-calendar-feed": [_get("progress-calendar-feed", world.calendar_token)],
        "progress-calendar-new": [_post("progress-calendar-new")],
        "progress-calendar-stop": [_post("progress-calendar-stop")],
        "checkins-home": [
            _get("checkins-home"),
            _post("checkins-home", data={"stress": "3", "needs": ["space"], "share_need": "on"}),
        ],
        "checkins-delete": [_post("checkins-delete", "no-such-code")],
        "checkups-start": [_post("checkups-start")],
        "newsletter-subscribe": [_get("newsletter-subscribe")],
        "newsletter-check-inbox": [_get("newsletter-check-inbox")],
        "newsletter-confirm": [_get("newsletter-confirm", "not-signed")],
        "newsletter-unsubscribe": [_get("newsletter-unsubscribe", "no-such-token")],
        "safety-crisis": [_get("safety-crisis")],
        "safety-quick-exit-help": [_get("safety-quick-exit-help")],
        "safety-plan": [_get("safety-plan")],
        "safety-question": [_get("safety-question", "no-such-question")],
        "safety-end-care": [_post("safety-end-care")],
        "operations-metrics": [_get("operations-metrics")],
        "library-index": [_get("library-index")],
        "library-article": [_get("library-article", article)],
        "library-search": [Ask("get", reverse("library-search") + "?q=listening")],
        "library-feed": [_get("library-feed")],
        "library-sign": [_get("library-sign", next(iter(model.signs)))],
        "library-cause": [_get("library-cause", next(iter(model.causes)))],
        "library-strategy": [_get("library-strategy", next(iter(model.strategies)))],
        "library-activity": [_get("library-activity", next(iter(model.activities)))],
        "library-deck": [_get("library-deck", next(iter(catalogue.decks())))],
        "admin:index": [_get("admin:index")],
        "api:openapi-json": [_api("get", "openapi.json")],
        "api:api-root": [_api("get", "")],
        "api:list_checkups": [_api("get", "checkups")],
        "api:get_checkup": [_api("get", f"checkups/{code}") for code in both],
        "api:list_invitations": [_api("get", "invitations")],
        "api:create_invitation": [_api("post", "invitations", {})],
        "api:cancel_invitation": [_api("post", "invitations/no-such-code/cancel")],
        "api:get_link": [_api("get", "link")],
        "api:get_couple_report": [_api("get", "couple/report")],
        "api:create_share": [_api("post", "shares", {"checkup": mine})],
        "api:delete_share": [_api("delete", f"shares/{robins}")],
        "api:fhir_questionnaire": [_api("get", "fhir/Questionnaire/checkup")],
        "api:fhir_checkup": [_api("get", f"fhir/checkups/{code}") for code in both],
        **_activities(world),
        **_counsellors(world),
        # Last, in this order: each ends what the ones before it need.
        "api:delete_link": [_api("delete", "link")],
        "couples-unlink-press": [_post("couples-unlink", couple)],
        "accounts-logout": [_post("accounts-logout")],
    }


LAST = ("api:delete_link", "couples-unlink-press", "accounts-logout")


def _articles() -> list[str]:
    from attune.core.articles import articles

    return [a.slug for a in articles()]


def _answer(browser: Client, api: Client, ask: Ask):
    client = api if ask.api else browser
    if ask.api and ask.data is not None:
        import json

        return getattr(client, ask.method)(
            ask.path, json.dumps(ask.data), content_type="application/json"
        )
    if ask.method == "post":
        return client.post(ask.path, ask.data or {})
    return getattr(client, ask.method)(ask.path)


def _seen(response) -> tuple:
    headers = tuple((name, response.get(name, "")) for name in KEPT_HEADERS)
    return (
        response.status_code,
        headers,
        CSRF.sub(b'name="csrfmiddlewaretoken" value="-"', response.content),
    )


# Sam is not on the server's own machine.
SAMS_ADDRESS = "203.0.113.9"


def _walk(world: World) -> list[tuple[str, tuple]]:
    browser = Client(REMOTE_ADDR=SAMS_ADDRESS)
    browser.force_login(world.sam)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {world.api_token}", REMOTE_ADDR=SAMS_ADDRESS)
    routes = _routes(world)
    gets = [(name, ask) for name, asks in routes.items() for ask in asks if ask.method == "get"]
    presses = [
        (name, ask)
        for name, asks in routes.items()
        if name not in LAST
        for ask in asks
        if ask.method != "get"
    ]
    last = [(name, ask) for name in LAST for ask in routes[name]]
    seen = []
    for round_name, asks in (("before", gets), ("press", presses), ("after", gets), ("last", last)):
        for name, ask in asks:
            response = _answer(browser, api, ask)
            seen.append((f"{round_name} {ask.method.upper()} {ask.path} ({name})", _seen(response)))
    return seen


def _mail_for(person, since: int) -> list[tuple]:
    return [
        (m.subject, m.body, tuple(content for content, _ in m.alternatives))
        for m in mail.outbox[since:]
        if person.email in m.to
    ]


@contextmanager
def _rolled_back() -> Iterator[None]:
    """A savepoint on both databases, undone after: the next world starts from the same rows,
    ids and sequences."""
    with transaction.atomic(), transaction.atomic(using="keys"):
        yield
        transaction.set_rollback(True)
        transaction.set_rollback(True, using="keys")


def _world_as_sam_receives_it(start: str, act: Callable[[World], None]) -> list[tuple[str, object]]:
    codes = Codes()
    with (
        _rolled_back(),
        time_machine.travel(NOW, tick=False),
        codes.drawn(),
    ):
        world = _build()
        codes.start("robin")
        PRELUDES[start](world)
        since = len(mail.outbox)
        act(world)
        codes.start("sam")
        seen = _walk(world)
        seen.append(("e-mails to Sam", _mail_for(world.sam, since)))
    return seen


def _differences(expected, actual) -> list[str]:
    assert [where for where, _ in expected] == [where for where, _ in actual]
    return [where for (where, want), (_, got) in zip(expected, actual, strict=True) if want != got]


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _all_route_names() -> set[str]:
    found: set[str] = set()

    def walk(patterns, namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                found.add(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))

    walk(get_resolver().url_patterns, None)
    return found


def test_the_walk_reaches_every_route(db):
    codes = Codes()
    with _rolled_back(), codes.drawn():
        walked = set(_routes(_build())) - {"couples-unlink-press"}
    routes = _all_route_names()
    unreached = {name for name in routes - walked if not name.startswith(f"{ADMIN}:")}
    assert unreached == set(), (
        f"{sorted(unreached)}: a partner can reach these; add them to the walk in this file"
    )
    assert walked <= routes, sorted(walked - routes)


@pytest.mark.django_db(databases=["default", "keys"])
def test_while_linked_every_state_of_the_other_person_looks_like_never_sharing(subtests=None):
    expected = _world_as_sam_receives_it(*STILL_LINKED["never shared"])
    found = {}
    for state, (start, act) in STILL_LINKED.items():
        if state == "never shared":
            continue
        seen = _world_as_sam_receives_it(start, act)
        different = _differences(expected, seen)
        told = [word for word in TELLTALES if word in repr(seen).encode()]
        if different or told:
            found[state] = different + told
    assert found == {}


# Sam's own export lists the links and runs for two Sam was in; deleting an account deletes
# those rows with it, so an export taken afterwards is shorter than after an unlink.
EXPORTS = ("privacy-export-json", "privacy-export-html")


@pytest.mark.django_db(databases=["default", "keys"])
def test_an_account_deletion_looks_like_an_unlink():
    expected = _world_as_sam_receives_it(*GONE["unlinked, having shared nothing"])
    found = {}
    for state, (start, act) in GONE.items():
        different = [
            where
            for where in _differences(expected, _world_as_sam_receives_it(start, act))
            if not any(f"({name})" in where for name in EXPORTS)
        ]
        if different:
            found[state] = different
    assert found == {}


@pytest.mark.django_db(databases=["default", "keys"])
def test_no_to_the_question_leaves_the_partner_what_they_saw_before_the_words():
    # "No" withdraws nothing: what was shared stays shared, and the words never show. (Writing
    # today's check-in again sets its sharing afresh, so the baseline writes a calm one.)
    expected = _world_as_sam_receives_it("shared everything", _writes_a_calm_line)
    seen = _world_as_sam_receives_it("shared everything", _answers_the_question("no"))
    assert _differences(expected, seen) == []
    assert not [word for word in TELLTALES if word in repr(seen).encode()]


@pytest.mark.django_db(databases=["default", "keys"])
def test_the_walk_would_see_a_share(db=None):
    # The comparisons above would pass vacuously if nothing Robin shared ever showed.
    expected = _world_as_sam_receives_it("shared nothing", _nothing)
    different = _differences(expected, _world_as_sam_receives_it("shared everything", _nothing))
    for name in (
        "couples-home",
        "couples-report",
        "couples-pulses",
        "activities-index",
        "checkins-home",
        "api:get_link",
        "api:get_couple_report",
    ):
        assert any(f"({name})" in where for where in different), name
