"""Check-ups and safety plans for the privacy tests, written as the app writes them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from attune.accounts.crypto import encrypt
from attune.accounts.models import User
from attune.checkups.models import Checkup
from attune.safety.models import SafetyPlan
from tests.privacy.records import INSTRUMENT, answers


@pytest.fixture
def make_checkup() -> Callable[..., Checkup]:
    def make(user: User, note: str = "", finished: bool = True, choice: int = 1) -> Checkup:
        checkup = Checkup.objects.create(
            user=user,
            instrument_version=INSTRUMENT.version,
            answers=answers(choice),
            note=encrypt(user.pk, note),
        )
        if finished:
            checkup.finish()
            checkup.save()
        return checkup

    return make


@pytest.fixture
def make_plan() -> Callable[..., SafetyPlan]:
    def make(user: User, **texts: str) -> SafetyPlan:
        return SafetyPlan.objects.create(
            user=user, **{field: encrypt(user.pk, text) for field, text in texts.items()}
        )

    return make
