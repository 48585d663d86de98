"""Who may reach each counsellor-mode page and API route, and what a refused change leaves behind.

The people: the space's counsellor (Kim), another counsellor (Lee, with a space of their own),
the client (Robin, joined and sharing a check-up's scores), a former client (Jo, who joined the
same space and left), the client's partner who did not join (Sam, linked with Robin), a stranger
(Alex) and someone not signed in. Every route named `counsellors-...` in the URL resolver and
every `/api/v1/counsellor/...` and `/api/v1/fhir/...` operation of the OpenAPI document must be
in the matrix below, with every method it takes, so a new route fails here until it is added.

Each ask is answered by every person. Unless the matrix says otherwise a signed-in person gets
404 (as if the thing did not exist, docs/counsellors.md), someone not signed in is sent to log
in on a page and gets 401 from the API, and nothing in counsellor mode's tables changes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client as Browser
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from attune.api.models import ApiToken
from attune.counsellors import services
from attune.counsellors.models import Client, Counsellor, Space
from tests.conftest import make_person
from tests.couples.helpers import answers, finished

KIM, LEE, ROBIN, JO, SAM, ALEX, NOBODY = (
    "counsellor",
    "other counsellor",
    "client",
    "former client",
    "partner",
    "stranger",
    "anonymous",
)
ACTORS = (KIM, LEE, ROBIN, JO, SAM, ALEX, NOBODY)
SIGNED_IN = ACTORS[:-1]
# What the answer is, for those the matrix does not name.
LOGIN = "sent to log in"
# Codes of the right shape that belong to nothing.
MADE_UP = {
    "space": "NoSuchSpace12345",
    "robin": "NoSuchPlace12345",
    "jo": "NoSuchPlace67890",
    "checkup": "NoSuchCheckup123",
}
SUGGESTED = "conversation-night"
NEWLY_SUGGESTED = "appreciation-exchange"
NEW_LABEL = "Taylor and Morgan"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@dataclass
class World:
    people: dict
    space: Space
    robin: Client  # Robin's current place
    jo: Client  # Jo's place, left
    checkup: object  # Robin's finished check-up, whose scores Robin shares with Kim

    def codes(self) -> dict[str, str]:
        return {
            "space": self.space.code,
            "join": self.space.join_code,
            "robin": self.robin.code,
            "jo": self.jo.code,
            "checkup": self.checkup.code,
        }


@pytest.fixture
def world(owner, member, former, outsider, linked) -> World:
    kim = services.make_counsellor(make_person("kim@practice.example"), "Riverside Counselling")
    lee = services.make_counsellor(make_person("lee@elsewhere.example"), "Elsewhere Practice")
    services.open_space(lee, "Lee's own couple")
    # Names that appear nowhere in Attune's own words, so an answer that shows one leaks it.
    owner.display_name = "Perpetua"
    owner.save(update_fields=["display_name"])
    space = services.open_space(kim, "Perpetua and Ignatius")
    services.suggest(space, SUGGESTED)
    jo = services.join(former, space)
    services.choose(jo, kinds=["share_pulse"], checkups=[], notes=[], wants_safety_talk=True)
    services.leave(jo)
    robin = services.join(owner, space)
    checkup = finished(owner, answers("lonely"))
    services.choose(
        robin, kinds=["share_scores"], checkups=[checkup.code], notes=[], wants_safety_talk=False
    )
    people = {KIM: kim.user, LEE: lee.user, ROBIN: owner, JO: former, SAM: member, ALEX: outsider}
    return World(people, space, robin, jo, checkup)


@dataclass(frozen=True)
class Ask:
    route: str  # the URL name, or the API's path template
    method: str
    path: str  # with {space}, {join}, {robin}, {jo}, {checkup} filled from the world
    allowed: dict[str, int] = field(default_factory=dict)
    data: dict | None = None
    api: bool = False
    anonymous: int | str | None = None  # when someone not signed in is let in too
    # For a change: whom it is for, and what it did. Everyone else's answer changes nothing.
    changes_for: tuple[str, ...] = ()
    did: object = None  # (world, actor) -> bool

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.route} {self.path}"


def page(name: str, *args: str) -> str:
    """A page's address with placeholders for the world's codes."""
    marks = {arg: f"MARK{i}" for i, arg in enumerate(args)}
    path = reverse(name, args=list(marks.values()))
    for arg, mark in marks.items():
        path = path.replace(mark, "{" + arg + "}")
    return path


def ask(name: str, method: str, *args: str, **rest) -> Ask:
    return Ask(name, method, page(name, *args), **rest)


def api(template: str, path: str, **rest) -> Ask:
    return Ask(template, "get", f"/api/v1/{path}", api=True, **rest)


def _place(world: World, actor: str) -> Client | None:
    return Client.objects.filter(space=world.space, user=world.people[actor]).order_by("pk").last()


def _opened_a_space(world: World, actor: str) -> bool:
    return Space.objects.filter(label=NEW_LABEL, counsellor__user=world.people[actor]).exists()


def _joined(world: World, actor: str) -> bool:
    place = _place(world, actor)
    return place is not None and place.left_at is None and not place.share_scores


def _robin_shares_stress_only(world: World, actor: str) -> bool:
    world.robin.refresh_from_db()
    return world.robin.share_stress and not world.robin.share_scores


def _robin_left(world: World, actor: str) -> bool:
    world.robin.refresh_from_db()
    return world.robin.left_at is not None and not world.robin.chosen_checkups


def _homework(world: World) -> list[str]:
    world.space.refresh_from_db()
    return [item["activity"] for item in world.space.homework]


def _closed(world: World, actor: str) -> bool:
    world.space.refresh_from_db()
    world.robin.refresh_from_db()
    return world.space.closed_at is not None and world.robin.left_at is not None


EVERYONE_SIGNED_IN = dict.fromkeys(SIGNED_IN, 200)
BOTH_COUNSELLORS = {KIM: 200, LEE: 200}
JOINERS = (LEE, JO, SAM, ALEX)  # Kim opened the space and Robin is in it already

MATRIX: list[Ask] = [
    # A client's pages. The join code is what a counsellor hands out: whoever holds it may join.
    ask("counsellors-join", "get", allowed=EVERYONE_SIGNED_IN),
    ask(
        "counsellors-join",
        "post",
        allowed=dict.fromkeys(SIGNED_IN, 302),
        data={"code": "{join}"},
    ),
    ask("counsellors-join-code", "get", "join", allowed=EVERYONE_SIGNED_IN),
    ask(
        "counsellors-join-code",
        "post",
        "join",
        allowed=dict.fromkeys(SIGNED_IN, 302),
        changes_for=JOINERS,
        did=_joined,
    ),
    ask("counsellors-mine", "get", allowed=EVERYONE_SIGNED_IN),
    ask("counsellors-choices", "get", "robin", allowed={ROBIN: 200}),
    ask("counsellors-choices", "get", "jo"),
    ask(
        "counsellors-choices",
        "post",
        "robin",
        allowed={ROBIN: 302},
        data={"share_stress": "on"},
        changes_for=(ROBIN,),
        did=_robin_shares_stress_only,
    ),
    ask("counsellors-choices", "post", "jo", data={"share_stress": "on"}),
    ask("counsellors-leave", "get", "robin", allowed={ROBIN: 200}),
    ask("counsellors-leave", "get", "jo"),
    ask(
        "counsellors-leave",
        "post",
        "robin",
        allowed={ROBIN: 302},
        changes_for=(ROBIN,),
        did=_robin_left,
    ),
    ask("counsellors-leave", "post", "jo"),
    # A counsellor's pages: their own list, and their own spaces only.
    ask("counsellors-clients", "get", allowed=BOTH_COUNSELLORS),
    ask(
        "counsellors-clients",
        "post",
        allowed={KIM: 302, LEE: 302},
        data={"label": NEW_LABEL},
        changes_for=(KIM, LEE),
        did=_opened_a_space,
    ),
    ask("counsellors-space", "get", "space", allowed={KIM: 200}),
    ask("counsellors-summary", "get", "space", allowed={KIM: 200}),
    ask("counsellors-summary-pdf", "get", "space", allowed={KIM: 200}),
    ask("counsellors-person", "get", "space", "robin", allowed={KIM: 200}),
    # Access to a client ends when they leave, for their own counsellor too.
    ask("counsellors-person", "get", "space", "jo"),
    ask("counsellors-suggest", "get", "space", allowed={KIM: 405}),
    ask(
        "counsellors-suggest",
        "post",
        "space",
        allowed={KIM: 302},
        data={"activity": NEWLY_SUGGESTED},
        changes_for=(KIM,),
        did=lambda w, _: _homework(w) == [SUGGESTED, NEWLY_SUGGESTED],
    ),
    ask(
        "counsellors-suggest",
        "post",
        "space",
        allowed={KIM: 302},
        data={"activity": SUGGESTED, "action": "withdraw"},
        changes_for=(KIM,),
        did=lambda w, _: _homework(w) == [],
    ),
    ask("counsellors-close", "get", "space", allowed={KIM: 200}),
    ask(
        "counsellors-close",
        "post",
        "space",
        allowed={KIM: 302},
        changes_for=(KIM,),
        did=_closed,
    ),
    # The API: a counsellor's client as FHIR, one's own check-up as FHIR, and the open
    # Questionnaires, which hold no one's data.
    api(
        "/api/v1/counsellor/clients/{code}/fhir",
        "counsellor/clients/{robin}/fhir",
        allowed={KIM: 200},
    ),
    api("/api/v1/counsellor/clients/{code}/fhir", "counsellor/clients/{jo}/fhir"),
    api("/api/v1/fhir/checkups/{code}", "fhir/checkups/{checkup}", allowed={ROBIN: 200}),
    api(
        "/api/v1/fhir/Questionnaire/{instrument_id}",
        "fhir/Questionnaire/checkup",
        allowed=EVERYONE_SIGNED_IN,
        anonymous=200,
    ),
]


def expected(item: Ask, actor: str) -> int | str:
    if actor == NOBODY:
        if item.anonymous is not None:
            return item.anonymous
        return 401 if item.api else LOGIN
    return item.allowed.get(actor, 404)


def browser_for(world: World, actor: str, api: bool = False, **options) -> Browser:
    if actor == NOBODY:
        return Browser(**options)
    if api:
        token = ApiToken.issue(world.people[actor])
        return Browser(HTTP_AUTHORIZATION=f"Bearer {token}", **options)
    browser = Browser(**options)
    browser.force_login(world.people[actor])
    return browser


def fill(text: str, codes: dict[str, str]) -> str:
    for key, code in codes.items():
        text = text.replace("{" + key + "}", code)
    return text


def send(browser: Browser, item: Ask, codes: dict[str, str], method: str | None = None):
    path = fill(item.path, codes)
    method = method or item.method
    if method not in ("get", "post"):
        return getattr(browser, method)(path)
    data = {key: fill(value, codes) for key, value in (item.data or {}).items()}
    return getattr(browser, method)(path, data)


def outcome(response) -> int | str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(reverse("accounts-login") + "?next="):
        return LOGIN
    return response.status_code


def snapshot() -> list:
    """Everything counsellor mode keeps: who is a counsellor, the spaces, every place in them."""
    return [list(model.objects.order_by("pk").values()) for model in (Counsellor, Space, Client)]


def secrets(world: World) -> list[str]:
    """What nobody outside the space may learn from an answer: its name on the counsellor's
    list, its address, the client's place and who they are."""
    return [world.space.label, world.space.code, world.robin.code, world.people[ROBIN].name]


# Who is entitled to see what is in the space: its counsellor and its client. Robin's partner
# knows Robin's name, and Robin's check-up code is in Robin's own pages anyway.
INSIDERS = (KIM, ROBIN)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("item", MATRIX, ids=lambda item: item.name)
def test_each_person_gets_what_the_matrix_says_and_a_refused_change_changes_nothing(
    world, item, actor
):
    codes = world.codes()
    browser = browser_for(world, actor, item.api)
    before = snapshot()
    response = send(browser, item, codes)
    assert outcome(response) == expected(item, actor), (item.name, actor)
    if actor in item.changes_for:
        assert item.did(world, actor), (item.name, actor)
    else:
        assert snapshot() == before, (item.name, actor)
    if actor not in INSIDERS:
        body = response.content.decode()
        for secret in secrets(world):
            if actor == SAM and secret == world.people[ROBIN].name:
                continue
            assert secret not in body, (item.name, actor, secret)


def test_only_a_current_client_finds_the_practice_and_its_homework_on_their_pages(world):
    practice = world.space.counsellor.practice
    for actor in SIGNED_IN:
        browser = browser_for(world, actor)
        mine = browser.get(reverse("counsellors-mine")).content.decode()
        home = browser.get(reverse("web-home")).content.decode()
        assert (practice in mine) == (actor == ROBIN), actor
        assert (f"Suggested by your counsellor at {practice}" in home) == (actor == ROBIN), actor


REFUSED = [
    (item, actor)
    for item in MATRIX
    for actor in SIGNED_IN
    if expected(item, actor) == 404 and "{join}" not in item.path + json.dumps(item.data)
]


@pytest.mark.parametrize(
    ("item", "actor"), REFUSED, ids=[f"{item.name}/{actor}" for item, actor in REFUSED]
)
def test_a_refusal_is_the_same_answer_as_for_a_code_that_belongs_to_nothing(world, item, actor):
    browser = browser_for(world, actor, item.api)
    real = send(browser, item, world.codes())
    made_up = send(browser, item, {**world.codes(), **MADE_UP})
    assert real.status_code == made_up.status_code
    assert real["Content-Type"] == made_up["Content-Type"]
    assert CSRF.sub(b"", real.content) == CSRF.sub(b"", made_up.content)


PRESSES = [item for item in MATRIX if item.method != "get"]


@pytest.mark.parametrize("item", PRESSES, ids=lambda item: item.name)
def test_a_press_without_its_csrf_token_is_refused_alike_for_everyone(world, item):
    # 403 is only ever this: the same for the person the press is for and for everyone else,
    # whether or not the code belongs to anything, and nothing changes.
    before = snapshot()
    for actor in ACTORS:
        browser = browser_for(world, actor, item.api, enforce_csrf_checks=True)
        for codes in (world.codes(), {**world.codes(), **MADE_UP}):
            assert send(browser, item, codes).status_code == 403, (item.name, actor)
    assert snapshot() == before


def _counsellor_route_names() -> set[str]:
    found: set[str] = set()

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and str(pattern.name).startswith("counsellors-"):
                found.add(pattern.name)

    walk(get_resolver().url_patterns)
    return found


def _api_operations() -> set[tuple[str, str]]:
    from attune.api.endpoints import api as ninja

    paths = ninja.get_openapi_schema()["paths"]
    return {
        (method, path)
        for path, operations in paths.items()
        if path.startswith(("/api/v1/counsellor/", "/api/v1/fhir/"))
        for method in operations
    }


def test_every_counsellor_page_and_api_route_is_in_the_matrix():
    pages = {item.route for item in MATRIX if not item.api}
    assert _counsellor_route_names() == pages
    operations = {(item.method, item.route) for item in MATRIX if item.api}
    assert _api_operations() == operations


def _methods(route: str) -> set[str]:
    """The methods a route takes: each one the matrix lets somebody in with."""
    return {
        item.method
        for item in MATRIX
        if item.route == route and any(status != 405 for status in item.allowed.values())
    }


def _let_in(route: str) -> tuple[Ask, str]:
    for item in MATRIX:
        if item.route == route and item.method == "get" and item.allowed:
            return item, next(iter(item.allowed))
    raise AssertionError(f"nobody gets into {route}")


@pytest.mark.parametrize("route", sorted({item.route for item in MATRIX}))
def test_a_route_answers_405_to_every_method_the_matrix_does_not_name(world, route):
    item, actor = _let_in(route)
    browser = browser_for(world, actor, item.api)
    before = snapshot()
    for method in {"get", "post", "put", "patch", "delete"} - _methods(route):
        assert send(browser, item, world.codes(), method).status_code == 405, (route, method)
    assert snapshot() == before


def test_the_matrix_reaches_a_change_for_everything_counsellor_mode_keeps(world):
    # The refusals above would pass vacuously if the snapshot missed what the presses change.
    before = snapshot()
    services.choose(
        world.robin, kinds=["share_stress"], checkups=[], notes=[], wants_safety_talk=False
    )
    assert snapshot() != before
    before = snapshot()
    services.suggest(world.space, NEWLY_SUGGESTED)
    assert snapshot() != before
