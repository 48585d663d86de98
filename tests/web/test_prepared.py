"""Prepared lookups (attune.toolkit.prepared): the same models the ORM gives, found or not."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from attune.accounts.models import User
from attune.checkups.models import Checkup
from attune.toolkit.prepared import PreparedGet

BY_ID = PreparedGet(User, ("pk",))
OWNED = PreparedGet(Checkup, ("code", "user"))
STAMP = PreparedGet(Checkup, ("code", "user"), fields=("finished_at",))
LIVE = PreparedGet(Session, ("session_key", "expire_date__gt"), fields=("session_data",))


def fields_of(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_it_returns_the_same_person_as_the_orm(owner):
    owner.last_login = timezone.now()
    owner.save()
    found = BY_ID.get(owner.pk)
    assert isinstance(found, User)
    assert fields_of(found) == fields_of(User.objects.get(pk=owner.pk))
    assert found.last_login.tzinfo is not None and found.is_active is True


def test_it_converts_json_and_times_like_the_orm(owner):
    checkup = Checkup.objects.create(user=owner, instrument_version=1, answers={"q1": 3})
    checkup.finish()
    checkup.save()
    found = OWNED.get(checkup.code, owner.pk)
    assert found.answers == {"q1": 3}
    assert fields_of(found) == fields_of(Checkup.objects.get(pk=checkup.pk))
    # Later calls reuse the compiled SQL and still bind their own values.
    other = Checkup.objects.create(user=owner, instrument_version=1, answers={"q2": 1})
    assert OWNED.get(other.code, owner.pk).answers == {"q2": 1}


def test_it_finds_nothing_for_another_owner_or_code(owner, outsider):
    checkup = Checkup.objects.create(user=owner, instrument_version=1, answers={})
    assert OWNED.get(checkup.code, outsider.pk) is None
    assert OWNED.get("no-such-code", owner.pk) is None


def test_it_loads_only_the_fields_asked_and_the_rest_on_first_read(
    owner, django_assert_num_queries
):
    checkup = Checkup.objects.create(user=owner, instrument_version=1, answers={"q1": 2})
    with django_assert_num_queries(1):
        found = STAMP.get(checkup.code, owner.pk)
        assert found.finished_at is None
    with django_assert_num_queries(1):
        assert found.answers == {"q1": 2}


def test_it_compares_times_the_database_way(db):
    now = timezone.now()
    Session.objects.create(session_key="a" * 32, session_data="x", expire_date=now)
    assert LIVE.get("a" * 32, now - timedelta(seconds=1)) is not None
    assert LIVE.get("a" * 32, now + timedelta(seconds=1)) is None


def test_it_refuses_a_missing_value(db):
    with pytest.raises(ValueError, match="one value per lookup"):
        OWNED.get("code-only")
    with pytest.raises(ValueError, match="never None"):
        BY_ID.get(None)
