"""One row of every kind a person can leave behind, each with marks that must reach their export.

Used by the export meta-test (every model is exported or named as holding nothing more) and by
the deletion test (no table keeps any of it). A new model that holds a person needs a builder
here, or an entry with its reason in test_export_covers_every_model.ALLOWED.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from attune.accounts.crypto import encrypt
from attune.activities.models import Run, SharedRun
from attune.api.models import ApiToken
from attune.checkins.models import Checkin
from attune.checkups.models import Checkup
from attune.couples.models import Invitation, Link, Share
from attune.progress.models import ProgressSettings, Pulse, Reminder, ReminderSent
from attune.safety.models import CareNotice, SafetyPlan
from tests.privacy.records import INSTRUMENT, answers

# Dates and times nobody else in a test uses, so finding one in the export means this row.
SHARED_AT = datetime(2004, 5, 6, 7, 8, 9, tzinfo=UTC)
TOKEN_MADE = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)
PULSE_WEEK = date(2005, 1, 3)  # a Monday
REMINDER_AT = time(6, 47)
REMINDER_DAY = date(2003, 4, 5)
TIME_ZONE = "Pacific/Chatham"
CHECKIN_DAY = date(2006, 7, 8)
NOTICE_RAISED = datetime(2007, 8, 9, 10, 11, 12, tzinfo=UTC)
FAVOURITE = "main:light:0"  # the first prompt of the first set of the main deck


@dataclass
class Everything:
    """What was built: per model label, the strings its row puts in the export."""

    marks: dict[str, list[str]] = field(default_factory=dict)
    rows: dict[str, models.Model] = field(default_factory=dict)
    # Public codes and words written, which no table may keep once the person is deleted.
    codes: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _checkup(person, partner, made: Everything) -> tuple[models.Model, list[str]]:
    checkup = Checkup.objects.create(
        user=person, instrument_version=INSTRUMENT.version, answers=answers(1)
    )
    checkup.finish()
    checkup.save()
    return checkup, [checkup.code]


def _safety_plan(person, partner, made):
    return SafetyPlan.objects.create(user=person), []


def _invitation(person, partner, made):
    invitation, _ = Invitation.issue(person)
    return invitation, [invitation.code]


def _link(person, partner, made):
    link = Link.objects.create(first=person, second=partner)
    return link, [link.code]


def _share(person, partner, made):
    share = Share.objects.create(
        checkup=made.rows["checkups.Checkup"], link=made.rows["couples.Link"], shared_at=SHARED_AT
    )
    return share, [SHARED_AT.date().isoformat()]


def _progress_settings(person, partner, made):
    return ProgressSettings.objects.create(user=person, time_zone=TIME_ZONE), [TIME_ZONE]


def _pulse(person, partner, made):
    pulse = Pulse.objects.create(
        user=person, week=PULSE_WEEK, instrument_version=1, answers={}, scores={}
    )
    return pulse, [PULSE_WEEK.isoformat()]


def _reminder(person, partner, made):
    reminder = Reminder.objects.create(user=person, kind=Reminder.TALK, weekday=3, at=REMINDER_AT)
    return reminder, [REMINDER_AT.isoformat()]


def _reminder_sent(person, partner, made):
    sent = ReminderSent.objects.create(
        user=person, kind=Reminder.TALK, local_date=REMINDER_DAY, message_id="<a@example.org>"
    )
    return sent, [REMINDER_DAY.isoformat()]


def _api_token(person, partner, made):
    ApiToken.issue(person)
    token = ApiToken.objects.get(user=person)
    token.created_at = TOKEN_MADE
    token.save()
    return token, [TOKEN_MADE.date().isoformat()]


def _shared_run(person, partner, made):
    shared = SharedRun.objects.create(
        activity_id="conversation-night", started_by=person, partner=partner, step=2
    )
    return shared, [shared.code]


def _run(person, partner, made):
    run = Run.objects.create(
        user=person,
        activity_id="conversation-night",
        mode=Run.APART,
        shared=made.rows["activities.SharedRun"],
        deck_position={"main/light": [0, 3]},
        favourites=[FAVOURITE],
        helped=4,
    )
    return run, [run.code, "conversation-night", FAVOURITE]


def _checkin(person, partner, made):
    checkin = Checkin.objects.create(user=person, day=CHECKIN_DAY, stress=3, needs=["listen"])
    return checkin, [checkin.code]


def _care_notice(person, partner, made):
    notice = CareNotice.objects.create(
        user=person,
        source=CareNotice.CHECKIN,
        text_code=made.rows["checkins.Checkin"].code,
        raised_at=NOTICE_RAISED,
        answer=CareNotice.NO,
    )
    return notice, [notice.code, NOTICE_RAISED.date().isoformat()]


def _counsellor(person, partner, made):
    from attune.counsellors import services

    made_counsellor = services.make_counsellor(person, "Person's Own Practice")
    return made_counsellor, ["Person's Own Practice"]


def _space(person, partner, made):
    from attune.counsellors import services

    space = services.open_space(made.rows["counsellors.Counsellor"], "Label of my own space")
    services.suggest(space, "speaker-listener")
    return space, [space.code, "Label of my own space", "speaker-listener"]


def _place(person, partner, made):
    """The person as a client of someone else's practice, with a check-up chosen."""
    from attune.counsellors import services
    from tests.conftest import make_person

    elsewhere = make_person(f"elsewhere-{person.pk}@example.org")
    other = services.make_counsellor(elsewhere, "Elsewhere Practice")
    space = services.open_space(other, "The other counsellor's label")
    place = services.join(person, space)
    checkup = made.rows["checkups.Checkup"]
    services.choose(
        place, kinds=["share_scores"], checkups=[checkup.code], notes=[], wants_safety_talk=False
    )
    return place, [place.code, "Elsewhere Practice"]


# In the order they are built: a Share needs its check-up and link, a Run its SharedRun.
BUILDERS: dict[str, Callable[..., tuple[models.Model, list[str]]]] = {
    "checkups.Checkup": _checkup,
    "safety.SafetyPlan": _safety_plan,
    "couples.Invitation": _invitation,
    "couples.Link": _link,
    "couples.Share": _share,
    "progress.ProgressSettings": _progress_settings,
    "progress.Pulse": _pulse,
    "progress.Reminder": _reminder,
    "progress.ReminderSent": _reminder_sent,
    "api.ApiToken": _api_token,
    "activities.SharedRun": _shared_run,
    "activities.Run": _run,
    "checkins.Checkin": _checkin,
    "safety.CareNotice": _care_notice,
    "counsellors.Counsellor": _counsellor,
    "counsellors.Space": _space,
    "counsellors.Client": _place,
}


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    """Free text is always stored encrypted, in a BinaryField."""
    return [f for f in model._meta.concrete_fields if isinstance(f, models.BinaryField)]


def build_everything(person, partner) -> Everything:
    """One row of each kind for `person`. Every encrypted field of each row gets words of its
    own, so a new encrypted field that the export forgets shows up too."""
    made = Everything()
    for label, build in BUILDERS.items():
        row, marks = build(person, partner, made)
        words = _write_in_every_encrypted_field(row, person, label)
        made.rows[label] = row
        made.marks[label] = [*marks, *words.values()]
        made.texts += words.values()
        code = getattr(row, "code", None)
        if code:
            made.codes.append(code)
    return made


def _write_in_every_encrypted_field(row: models.Model, person, label: str) -> dict[str, str]:
    words = {}
    for binary in encrypted_fields(type(row)):
        text = words_for(person, f"{label}.{binary.name}")
        setattr(row, binary.attname, encrypt(person.pk, text))
        words[binary.name] = text
    if words:
        row.save()
    return words


def words_for(person, name: str) -> str:
    """What build_everything writes in one encrypted field ("app.Model.field") for `person`."""
    return f"Words in {name}, in the own hand of person {person.pk}."


def holds_a_person(model: type[models.Model], via: tuple[Any, ...] = ()) -> bool:
    """Whether rows of `model` point at a person: a foreign key or one-to-one to the user, or to
    a model that does (a Share through its Checkup), or a plain user_id column (the keys
    database cannot hold a foreign key to the main one)."""
    user_model = get_user_model()
    for column in model._meta.concrete_fields:
        if not column.is_relation:
            if column.name == "user_id":
                return True
            continue
        target = column.related_model
        if target is user_model:
            return True
        if target is not model and target not in via and holds_a_person(target, (*via, model)):
            return True
    return False


def attune_models_holding_a_person() -> set[str]:
    return {
        model._meta.label
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("attune.")
        and model is not get_user_model()
        and holds_a_person(model)
    }
