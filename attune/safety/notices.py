"""The one private question that free text at help first brings, and the private notice that says
what raised a person's protection and lets them end it.

A free-text screen is a guess, never a verdict. When a text alone (a check-in line, an activity
note, the check-up's note or its own words) reaches help first, its writer sees help first and
then one question: is this about their safety with someone close to them, or about ending their
life? "Yes" or "Not sure": protected as a positive check-up screen protects (attune.safety.care),
everything shared withdrawn for good. "No": nothing is withdrawn, and the text stays private and
unshared. No answer: protected meanwhile (User.care_asked_at; to a partner it looks exactly like
not sharing), nothing withdrawn yet, and the question stays open on the private notice. A
check-up answer is the person's own word: it protects at once, without a question, and only a
newer check-up ends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from attune.accounts.models import User
from attune.checkups.models import Checkup
from attune.core.screen.tiers import Tier
from attune.safety import care
from attune.safety.models import CareNotice

IN_A_CHECKUP = (CareNotice.CHECKUP_NOTE, CareNotice.OWN_WORDS)
ANSWERS_NEED_CARE = "checkup_answers"
ANSWERED_CARE = (CareNotice.YES, CareNotice.NOT_SURE)


def answers_needing_care(user) -> Checkup | None:
    """The check-up whose answers (not free text) need care now: the latest finished one when
    its safety or crisis screen is positive, else the one part-way through when its is."""
    mine = Checkup.objects.filter(user=user).defer("note", "own_words")
    latest = mine.newest_first().first()
    if latest is not None and latest.report.safety.positive:
        return latest
    return next((c for c in mine.in_progress() if c.report.safety.positive), None)


def answers_need_care(user) -> bool:
    return answers_needing_care(user) is not None


def ask(user, source: str, text_code: str) -> CareNotice:
    """Open the question about one text; the writer is protected until they answer it. A text
    written again after they said yes or not sure keeps that answer: their word stands."""
    kept = CareNotice.objects.filter(user=user, source=source, text_code=text_code).first()
    if kept is not None and kept.ended_at is None and kept.answer in ANSWERED_CARE:
        return kept
    notice, _ = CareNotice.objects.update_or_create(
        user=user,
        source=source,
        text_code=text_code,
        defaults={"raised_at": timezone.now(), "answer": "", "answered_at": None, "ended_at": None},
    )
    if source in IN_A_CHECKUP:
        Checkup.objects.filter(user=user, code=text_code).update(text_care_ended=False)
    _stamp_waiting(user)
    return notice


def answer(notice: CareNotice, given: str) -> bool:
    """Keep the person's answer with the text; False when the question was no longer open."""
    if not notice.waiting or given not in dict(CareNotice.ANSWERS):
        return False
    user = notice.user
    with transaction.atomic():
        notice.answer, notice.answered_at = given, timezone.now()
        notice.save(update_fields=["answer", "answered_at"])
        if given == CareNotice.NO:
            _maybe_release_checkup(notice)
        else:
            # Withdrawn for good before the wait is lifted, so protection never lapses.
            user.care_noted_at = care.noted(user.pk)
        _stamp_waiting(user)
    return True


def _maybe_release_checkup(notice: CareNotice) -> None:
    """A check-up's text no longer makes it need care once every flagged text of it is answered
    "No" (or ended)."""
    if notice.source not in IN_A_CHECKUP:
        return
    others = CareNotice.objects.filter(
        user=notice.user, source__in=IN_A_CHECKUP, text_code=notice.text_code
    ).exclude(pk=notice.pk)
    if not any(other.protects for other in others):
        Checkup.objects.filter(user=notice.user, code=notice.text_code).update(text_care_ended=True)


def _stamp_waiting(user) -> None:
    first = (
        CareNotice.objects.filter(user=user, answer="", ended_at__isnull=True)
        .order_by("raised_at")
        .values_list("raised_at", flat=True)
        .first()
    )
    User.objects.filter(pk=user.pk).update(care_asked_at=first)
    user.care_asked_at = first


def may_end(user) -> bool:
    """The person may end their protection themself only when free text raised it and no
    check-up answer needs care."""
    raised = CareNotice.objects.filter(user=user, ended_at__isnull=True).exclude(
        answer=CareNotice.NO
    )
    return raised.exists() and not answers_need_care(user)


def end(user) -> bool:
    """End the protection free text raised, at the person's own word. Nothing withdrawn comes
    back: a question still open is first answered as protection would (everything shared is
    withdrawn for good), then every notice is closed. False when it may not end."""
    if not may_end(user):
        return False
    now = timezone.now()
    with transaction.atomic():
        mine = CareNotice.objects.filter(user=user, ended_at__isnull=True)
        if mine.filter(answer="").exists():
            care.noted(user.pk)
        mine.exclude(answer=CareNotice.NO).update(ended_at=now)
        flagged = Q(note_tier__gte=Tier.RESOURCES) | Q(own_words_tier__gte=Tier.RESOURCES)
        Checkup.objects.filter(user=user).filter(flagged).update(text_care_ended=True)
        User.objects.filter(pk=user.pk).update(care_noted_at=None, care_asked_at=None)
    user.care_noted_at = user.care_asked_at = None
    return True


@dataclass(frozen=True)
class CareReason:
    """What the person's private notice says raised their protection. Only the person."""

    source: str  # ANSWERS_NEED_CARE, a CareNotice source, or "" when it cannot tell
    at: datetime | None
    waiting: CareNotice | None  # a question still open, newest first
    may_end: bool


def reason(user) -> CareReason:
    """Why the person is protected, for their own private notice."""
    answered = answers_needing_care(user)
    if answered is not None:
        return CareReason(
            ANSWERS_NEED_CARE, answered.finished_at or answered.updated_at, None, False
        )
    raised = [n for n in CareNotice.objects.filter(user=user) if n.protects]
    if not raised:
        return CareReason("", None, None, False)
    waiting = next((n for n in raised if n.waiting), None)
    return CareReason(raised[0].source, raised[0].raised_at, waiting, True)
