"""Counsellor mode's rules: opening a space, joining and leaving it, choosing what to share, and
reading exactly what each client chose. Views, the API and the CLI call only these.

What the counsellor reads is built here and nowhere else, so the rules hold in one place:
- nothing without the client's own choice, kind by kind; leaving ends it at once;
- never the safety screen, the crisis question or their scores, and never a flagged note;
- the couple page reads nothing about protection (docs/safety.md), so it looks the same whether
  or not a partner is protected; a person's wish to talk about safety alone shows only on their
  own page.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from attune.activities.models import Run
from attune.checkins.models import Checkin
from attune.checkups.models import Checkup
from attune.core.change import Change, reliable_change, resolution
from attune.core.concepts import CAUSE_IDS, SAFETY_CAUSE, SIGN_IDS, concepts
from attune.core.couple import CoupleReport, compare
from attune.core.fhir import is_safety
from attune.core.screen.tiers import Tier
from attune.counsellors.models import CLIENTS_PER_SPACE, Client, Counsellor, Space
from attune.progress.models import Pulse, monday_of, week_number
from attune.progress.pulses import everyone_noise, pulse_instrument

# The constructs a counsellor may see from a check-up: the signs and the causes, never the
# safety cause, the crisis question or well-being.
SHAREABLE = SIGN_IDS + tuple(c for c in CAUSE_IDS if c != SAFETY_CAUSE)
KINDS = ("share_scores", "share_items", "share_pulse", "share_activities", "share_stress")
RECENT_DAYS = 28


class CounsellorError(Exception):
    """A refusal a person can act on; the message is shown to them as it is."""


# --- operators ---------------------------------------------------------------------------


def make_counsellor(user, practice: str) -> Counsellor:
    practice = practice.strip()
    if not practice:
        raise CounsellorError("A counsellor needs a practice name.")
    found, _ = Counsellor.objects.update_or_create(user=user, defaults={"practice": practice})
    return found


def counsellor_of(user) -> Counsellor | None:
    if not user.is_authenticated:
        return None
    return Counsellor.objects.filter(user=user).first()


# --- the counsellor ----------------------------------------------------------------------


def open_space(counsellor: Counsellor, label: str) -> Space:
    label = label.strip()
    if not label:
        raise CounsellorError("Give the space a name you will recognise, such as first names.")
    for _ in range(5):
        try:
            with transaction.atomic():
                return Space.objects.create(counsellor=counsellor, label=label)
        except IntegrityError:  # a join code drawn twice: draw again
            continue
    raise CounsellorError("Could not make a join code just now. Please try again.")


def close_space(space: Space) -> None:
    """Closing ends access to everyone in it at once, and the join code stops working."""
    with transaction.atomic():
        space.closed_at = timezone.now()
        space.save(update_fields=["closed_at"])
        for client in space.clients.filter(left_at__isnull=True):
            leave(client)


def suggestable() -> list:
    """Activities a counsellor may suggest to a space. Never the safety plan or the other
    activities of the safety cause: a suggestion shows to everyone in the space, partner too."""
    model = concepts()
    withheld = set(model.causes[SAFETY_CAUSE].solo_activities)
    for strategy in model.strategies.values():
        withheld |= set(strategy.when_unsafe)
    return sorted(
        (a for a in model.activities.values() if a.id not in withheld and not a.safety_planning),
        key=lambda a: a.title,
    )


def suggest(space: Space, activity_id: str) -> None:
    if activity_id not in {a.id for a in suggestable()}:
        raise CounsellorError("That activity cannot be suggested here.")
    with transaction.atomic():
        locked = Space.objects.select_for_update().get(pk=space.pk)
        if all(item["activity"] != activity_id for item in locked.homework):
            locked.homework = [
                *locked.homework,
                {"activity": activity_id, "at": timezone.now().isoformat()},
            ]
            locked.save(update_fields=["homework"])
        space.homework = locked.homework


def withdraw_suggestion(space: Space, activity_id: str) -> None:
    with transaction.atomic():
        locked = Space.objects.select_for_update().get(pk=space.pk)
        locked.homework = [item for item in locked.homework if item["activity"] != activity_id]
        locked.save(update_fields=["homework"])
        space.homework = locked.homework


# --- clients -----------------------------------------------------------------------------


def space_for_code(text: str) -> Space | None:
    from attune.counsellors.models import tidy_join_code

    code = tidy_join_code(text)
    if not code:
        return None
    return Space.objects.open().select_related("counsellor").filter(join_code=code).first()


def join(user, space: Space) -> Client:
    """Join a space; it shares nothing by itself. Joining twice is the same as joining once."""
    if space.counsellor.user_id == user.pk:
        raise CounsellorError("This is a space you opened yourself.")
    with transaction.atomic():
        locked = Space.objects.select_for_update().get(pk=space.pk)
        if locked.closed_at is not None:
            raise CounsellorError("This code no longer works. Ask your counsellor for a new one.")
        mine = locked.clients.filter(user=user, left_at__isnull=True).first()
        if mine is not None:
            return mine
        if locked.clients.filter(left_at__isnull=True).count() >= CLIENTS_PER_SPACE:
            raise CounsellorError(
                "This code has been used already. Ask your counsellor for a new one."
            )
        return Client.objects.create(space=locked, user=user)


def leave(client: Client) -> None:
    """Access ends at once, and every choice is cleared: joining again starts from nothing."""
    with transaction.atomic():
        for kind in (*KINDS, "wants_safety_talk"):
            setattr(client, kind, False)
        client.chosen_checkups = []
        client.chosen_notes = []
        client.left_at = timezone.now()
        client.save()


def spaces_of(user) -> list[Client]:
    """A person's current places in counsellors' spaces, with the practice's name."""
    return list(Client.objects.current().filter(user=user).select_related("space__counsellor"))


def client_for(user, code: str) -> Client | None:
    return Client.objects.current().filter(user=user, code=code).select_related("space").first()


def choosable_checkups(user) -> list[Checkup]:
    return list(Checkup.objects.newest_first().filter(user=user)[:12])


def choosable_notes(user) -> list[Run]:
    """Finished activities with a note the screen left alone; a flagged note is never offered."""
    return list(
        Run.objects.filter(user=user, finished_at__isnull=False, note_tier=Tier.NONE)
        .exclude(note=b"")
        .order_by("-finished_at", "-id")[:20]
    )


def choose(
    client: Client,
    *,
    kinds: Iterable[str],
    checkups: Iterable[str],
    notes: Iterable[str],
    wants_safety_talk: bool,
) -> None:
    """Set what this client lets the counsellor see. Only the person's own things can be chosen."""
    chosen = set(kinds)
    unknown = chosen - set(KINDS)
    if unknown:
        raise CounsellorError(f"Unknown kind of sharing: {', '.join(sorted(unknown))}.")
    own_checkups = {c.code for c in choosable_checkups(client.user)}
    own_notes = {r.code for r in choosable_notes(client.user)}
    picked_checkups = set(checkups)
    picked_notes = set(notes)
    if not picked_checkups <= own_checkups or not picked_notes <= own_notes:
        raise CounsellorError("Something chosen is not yours to share. Please choose again.")
    with transaction.atomic():
        for kind in KINDS:
            setattr(client, kind, kind in chosen)
        client.wants_safety_talk = wants_safety_talk
        client.chosen_checkups = sorted(picked_checkups)
        client.chosen_notes = sorted(picked_notes)
        client.save()


@dataclass(frozen=True)
class Homework:
    activity_id: str
    title: str
    practice: str


def homework_for(user) -> list[Homework]:
    """Activities the person's counsellors suggested, for their "Next up"."""
    model = concepts()
    found = []
    for place in spaces_of(user):
        for item in place.space.homework:
            activity = model.activities.get(item["activity"])
            if activity is not None:
                found.append(Homework(activity.id, activity.title, place.space.counsellor.practice))
    return found


# --- what the counsellor reads -----------------------------------------------------------


@dataclass(frozen=True)
class SharedCheckup:
    finished_at: datetime
    scores: dict[str, int | None]
    answers: tuple[tuple[str, str], ...]  # (question, answer) when items are shared


@dataclass(frozen=True)
class SignTrend:
    sign: str
    name: str
    change: Change


@dataclass
class ClientView:
    """Everything one client lets their counsellor see, and nothing else."""

    client: Client
    name: str
    checkups: list[SharedCheckup] = field(default_factory=list)
    trends: list[SignTrend] | None = None  # None: the pulse is not shared
    activities: list[tuple[str, datetime]] | None = None
    notes: list[tuple[str, datetime, str]] = field(default_factory=list)
    stress: list[tuple[date, int]] | None = None

    @property
    def latest_scores(self) -> dict[str, int | None]:
        return self.checkups[0].scores if self.checkups else {}

    def arrow(self, sign: str) -> str:
        for trend in self.trends or ():
            if trend.sign == sign:
                return trend.change.direction
        return "unknown"


def _shared_checkup(checkup: Checkup, with_items: bool) -> SharedCheckup:
    report = checkup.report
    scores = {c: report.scores[c].score for c in SHAREABLE if c in report.scores}
    answers: tuple[tuple[str, str], ...] = ()
    if with_items:
        instrument = checkup.instrument
        given = checkup.answers
        answers = tuple(
            (item.text, item.label_for(given[item.id]))
            for section in instrument.sections
            for item in section.items
            if not is_safety(item, section) and given.get(item.id) is not None
        )
    return SharedCheckup(checkup.finished_at, scores, answers)


def _trends(client: Client, series, noise) -> list[SignTrend]:
    """Each sign's reliable change over the weeks since the person joined (their week included)."""
    since = monday_of(client.joined_at.date())
    instrument = pulse_instrument()
    model = concepts()
    trends = []
    for sign in SIGN_IDS:
        points = [
            (week_number(w), s[sign]) for w, s in series if w >= since and s.get(sign) is not None
        ]
        change = reliable_change(
            points, everyone=noise.get(sign), step=resolution(instrument, sign)
        )
        trends.append(SignTrend(sign, model.signs[sign].name, change))
    return trends


def current_clients(space: Space) -> list[Client]:
    return list(space.clients.filter(left_at__isnull=True).select_related("user"))


def client_views(clients: list[Client], *, detail: bool = False) -> list[ClientView]:
    """What each client shares, read in a fixed number of queries however many there are.

    Reads no protection state: what a client chose to share with their counsellor is theirs.
    `detail` adds what only a person's own page shows: activities, notes and daily stress.
    """
    views = [ClientView(client=c, name=c.user.name) for c in clients]
    chosen = _chosen_checkups(clients)
    pulse_users = [c.user_id for c in clients if c.share_pulse]
    series: dict[int, list] = defaultdict(list)
    noise = {}
    if pulse_users:
        rows = Pulse.objects.filter(user_id__in=pulse_users).order_by("week")
        for user_id, week, scores in rows.values_list("user_id", "week", "scores"):
            series[user_id].append((week, scores))
        noise = everyone_noise()
    for view in views:
        client = view.client
        if client.share_scores or client.share_items:
            view.checkups = [
                _shared_checkup(c, client.share_items) for c in chosen.get(client.pk, ())
            ]
        if client.share_pulse:
            view.trends = _trends(client, series[client.user_id], noise)
    if detail:
        for view in views:
            _add_detail(view)
    return views


def _chosen_checkups(clients: list[Client]) -> dict[int, list[Checkup]]:
    """Each client's chosen check-ups, newest first, in one query; only their own, finished."""
    wanted = {
        c.pk: set(c.chosen_checkups)
        for c in clients
        if (c.share_scores or c.share_items) and c.chosen_checkups
    }
    if not wanted:
        return {}
    owners = {c.pk: c.user_id for c in clients}
    codes = set().union(*wanted.values())
    rows = Checkup.objects.finished().filter(
        code__in=codes, user_id__in={owners[pk] for pk in wanted}
    )
    found: dict[int, list[Checkup]] = defaultdict(list)
    for checkup in sorted(rows, key=lambda c: c.finished_at, reverse=True):
        for pk, chosen in wanted.items():
            if checkup.code in chosen and checkup.user_id == owners[pk]:
                found[pk].append(checkup)
    return found


def _add_detail(view: ClientView) -> None:
    from attune.accounts.crypto import decrypter, unreadable

    client, model = view.client, concepts()

    def title(activity_id: str) -> str:
        found = model.activities.get(activity_id)
        return found.title if found else ""

    if client.share_activities:
        runs = Run.objects.filter(user_id=client.user_id, finished_at__gte=client.joined_at)
        view.activities = [
            (title(activity_id), at)
            for activity_id, at in runs.order_by("-finished_at", "-id").values_list(
                "activity_id", "finished_at"
            )[:30]
        ]
    notes = []
    if client.chosen_notes:
        notes = list(
            Run.objects.filter(
                user_id=client.user_id,
                code__in=client.chosen_notes,
                note_tier=Tier.NONE,
                finished_at__isnull=False,
            )
        )
    if notes:
        read = decrypter(client.user_id)
        notes.sort(key=lambda r: r.finished_at, reverse=True)
        texts = [(r, read(r.note)) for r in notes]
        # A note whose key is gone is left out, as it is for a partner.
        view.notes = [
            (title(r.activity_id), r.finished_at, text) for r, text in texts if not unreadable(text)
        ]
    if client.share_stress:
        since = max(client.joined_at.date(), timezone.localdate() - timedelta(days=RECENT_DAYS))
        view.stress = list(
            Checkin.objects.filter(user_id=client.user_id, day__gte=since)
            .order_by("-day")
            .values_list("day", "stress")
        )


def client_view(client: Client) -> ClientView:
    """One person's own page: everything they share."""
    return client_views([client], detail=True)[0]


@dataclass(frozen=True)
class SpaceView:
    space: Space
    clients: list[ClientView]
    gaps: CoupleReport | None
    homework: list[tuple[str, str, datetime, list[tuple[str, str]]]]


def space_view(space: Space) -> SpaceView:
    """The couple page: each client's shared scores and trends, the gaps between their latest
    shared sign scores (when both share them), and homework with whether each person did it
    (when they share their activities)."""
    clients = client_views(current_clients(space))
    gaps = None
    scored = [c for c in clients if c.client.share_scores and c.checkups]
    if len(scored) == 2:
        first, second = scored
        apart = (first.checkups[0].finished_at - second.checkups[0].finished_at).days
        signs_only = [{s: c.latest_scores.get(s) for s in SIGN_IDS} for c in scored]
        gaps = compare(signs_only[0], signs_only[1], apart)
    model = concepts()
    suggested = [(item["activity"], datetime.fromisoformat(item["at"])) for item in space.homework]
    sharing = [c.client.user_id for c in clients if c.client.share_activities]
    done_runs: dict[tuple[int, str], list[datetime]] = defaultdict(list)
    if suggested and sharing:
        rows = Run.objects.filter(
            user_id__in=sharing,
            activity_id__in={activity for activity, _ in suggested},
            finished_at__isnull=False,
        ).values_list("user_id", "activity_id", "finished_at")
        for user_id, activity_id, at in rows:
            done_runs[(user_id, activity_id)].append(at)
    homework = []
    for activity_id, at in suggested:
        activity = model.activities.get(activity_id)
        title = activity.title if activity else activity_id
        done = []
        for view in clients:
            if not view.client.share_activities:
                done.append((view.name, "not shared"))
                continue
            did = any(when >= at for when in done_runs[(view.client.user_id, activity_id)])
            done.append((view.name, "done" if did else "not yet"))
        homework.append((activity_id, title, at, done))
    return SpaceView(space, clients, gaps, homework)


def fhir_bundle(client: Client, base: str) -> dict:
    """What this client shares of their check-ups, as one FHIR R4 collection Bundle: a
    QuestionnaireResponse per chosen check-up when they share answers (never the safety
    questions) and its sign and cause scores as Observations when they share scores."""
    from attune.core import fhir

    entries = []
    for checkup in _chosen_checkups([client]).get(client.pk, ()):
        part = fhir.bundle(
            checkup.instrument,
            checkup.answers,
            base,
            authored=checkup.finished_at,
            items=client.share_items,
            constructs=SHAREABLE if client.share_scores else (),
        )
        entries += part["entry"]
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": "collection",
        "timestamp": timezone.now().replace(microsecond=0).isoformat(),
        "entry": entries,
    }
