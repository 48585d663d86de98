"""Free text outside a check-up that needs care protects the person like a positive screen does
(attune.safety.care) once they say it is, or may be, about their safety: shares withdrawn for
good, and the partner sees only "not shared". Until they answer, they are protected and nothing
is withdrawn yet."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attune.accounts.models import User
from attune.couples.models import Share
from attune.couples.sharing import is_protected
from tests.couples.helpers import finished, normalise, share
from tests.safety.helpers import answer

CRISIS_LINE = "I want to kill myself tonight"


def partner_view(member) -> str:
    browser = Client()
    browser.force_login(member)
    response = browser.get(reverse("couples-home"))
    assert response.status_code == 200
    return normalise(response.content.decode(), "Robin", "Sam")


def write_checkin(client, text: str) -> None:
    response = client.post(reverse("checkins-home"), {"stress": "5", "note": text})
    assert response.status_code == 302


def test_a_crisis_line_in_a_daily_check_in_answered_yes_withdraws_the_share(
    owner_client, owner, member, linked
):
    not_shared = partner_view(member)
    live = share(finished(owner), linked)
    assert partner_view(member) != not_shared
    write_checkin(owner_client, CRISIS_LINE)
    assert is_protected(User.objects.get(pk=owner.pk))
    assert Share.objects.get(pk=live.pk).withdrawn_at is None  # not yet: the question waits
    assert partner_view(member) == not_shared
    answer(owner_client, owner, "yes")
    assert is_protected(User.objects.get(pk=owner.pk))
    assert Share.objects.get(pk=live.pk).withdrawn_at is not None
    assert partner_view(member) == not_shared


def test_an_ordinary_line_changes_nothing(owner_client, owner, member, linked):
    live = share(finished(owner), linked)
    write_checkin(owner_client, "Long day at work, would love a quiet evening together")
    assert not is_protected(User.objects.get(pk=owner.pk))
    assert Share.objects.get(pk=live.pk).withdrawn_at is None


def test_a_newer_calm_check_up_ends_the_protection_but_brings_nothing_back(
    owner_client, owner, member, linked
):
    live = share(finished(owner, at=timezone.now() - timedelta(days=3)), linked)
    write_checkin(owner_client, CRISIS_LINE)
    answer(owner_client, owner, "not_sure")
    finished(owner, at=timezone.now() + timedelta(minutes=1))
    assert not is_protected(User.objects.get(pk=owner.pk))
    assert Share.objects.get(pk=live.pk).withdrawn_at is not None


def test_protection_from_text_before_any_check_up(owner_client, owner, member, linked):
    write_checkin(owner_client, CRISIS_LINE)
    assert is_protected(User.objects.get(pk=owner.pk))
