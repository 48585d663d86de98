"""Sharing a note by choice: only calm notes, only with the linked partner, only while safe.

To the partner, a note held back for safety looks exactly like a note never shared.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from attune.accounts.crypto import encrypt
from attune.activities.models import Run
from attune.checkups.models import Checkup
from attune.checkups.signals import checkup_saved
from attune.core.screen.tiers import Tier
from attune.couples.sharing import unlink
from tests.activities.helpers import start
from tests.couples.helpers import answers, finished, link, normalise

CALM = "We laughed about the holiday and planned the next one."
HEAVY = "I feel so hopeless and alone lately, nothing seems worth it."
CRISIS = "I want to end my life. I can't go on."
SOLO = "self-compassion-break"


@pytest.fixture
def sam(member):
    client = Client()
    client.force_login(member)
    return client


def _finish(client, text: str, share: bool = True) -> Run:
    run = start(client, SOLO)
    data = {"helped": "4", "note": text}
    if share:
        data["share"] = "on"
    client.post(reverse("activities-finish", args=[run.code]), data)
    run.refresh_from_db()
    return run


def _index(client) -> str:
    return client.get(reverse("activities-index")).content.decode()


def test_it_offers_an_unticked_share_box_only_to_a_linked_person(owner_client, linked):
    run = start(owner_client, SOLO)
    page = owner_client.get(reverse("activities-finish", args=[run.code])).content.decode()
    assert "Share this note with my partner" in page
    assert 'name="share"' in page and "checked" not in page.split('name="share"')[1][:80]


def test_it_offers_no_share_box_without_a_partner(owner_client):
    run = start(owner_client, SOLO)
    page = owner_client.get(reverse("activities-finish", args=[run.code])).content.decode()
    assert "Share this note" not in page and "Only you can read it" in page


def test_a_partner_never_sees_a_note_that_was_not_shared(owner_client, linked, sam):
    _finish(owner_client, CALM, share=False)
    assert "holiday" not in _index(sam)


def test_a_partner_sees_a_calm_note_shared_with_them(owner_client, linked, sam):
    run = _finish(owner_client, CALM)
    assert run.shared_in == linked
    page = _index(sam)
    assert "Notes your partner shared" in page and CALM in page
    # The partner never learns when anything private happened.
    when = timezone.localtime(run.note_shared_at)
    assert when.strftime("%B") not in page.split("Notes your partner shared")[1]
    done = owner_client.get(reverse("activities-done", args=[run.code])).content.decode()
    assert "You shared this note with your partner" in done


@pytest.mark.parametrize("text", [HEAVY, CRISIS])
def test_a_partner_never_sees_a_heavy_note_even_when_ticked(owner_client, linked, sam, text):
    run = _finish(owner_client, text)
    assert run.note_tier >= 1 and run.shared_in is None
    assert "Notes your partner shared" not in _index(sam) and text not in _index(sam)
    done = owner_client.get(reverse("activities-done", args=[run.code])).content.decode()
    assert "This note stayed private" in done and reverse("safety-crisis") in done


def test_the_writer_can_stop_sharing(owner_client, linked, sam):
    run = _finish(owner_client, CALM)
    response = owner_client.post(reverse("activities-unshare", args=[run.code]))
    assert response.url == reverse("activities-done", args=[run.code])
    assert "private again" in owner_client.get(response.url).content.decode()
    assert CALM not in _index(sam)


def test_unticking_the_box_stops_sharing_too(owner_client, linked, sam):
    run = _finish(owner_client, CALM)
    owner_client.post(reverse("activities-finish", args=[run.code]), {"note": CALM})
    assert CALM not in _index(sam)


def test_no_one_else_can_stop_sharing_or_read(owner_client, linked, outsider):
    run = _finish(owner_client, CALM)
    outsider_client = Client()
    outsider_client.force_login(outsider)
    assert outsider_client.post(reverse("activities-unshare", args=[run.code])).status_code == 404
    assert CALM not in _index(outsider_client)
    run.refresh_from_db()
    assert run.shared_in is not None


def test_unlinking_hides_every_shared_note_even_after_linking_again(
    owner, member, owner_client, linked, sam
):
    _finish(owner_client, CALM)
    unlink(linked, member)
    assert CALM not in _index(sam)
    link(owner, member)
    assert CALM not in _index(sam)


def _partner_pages(client) -> list[str]:
    return [
        normalise(client.get(url).content.decode(), "Robin", "Sam")
        for url in (
            reverse("activities-index"),
            reverse("activities-detail", args=["conversation-night"]),
            reverse("web-home"),
        )
    ]


@pytest.mark.parametrize("who", ["writer", "reader"])
@pytest.mark.parametrize("signal", [True, False])
def test_a_protected_couple_looks_like_one_that_has_not_shared(
    owner, member, owner_client, linked, sam, who, signal
):
    protected = owner if who == "writer" else member
    checkup = finished(protected, answers("lonely", abuse=True))
    if signal:
        checkup_saved.send(sender=Checkup, checkup=checkup)
    # The same couple, the same moment: first with a note never shared, then with one shared.
    run = start(owner_client, SOLO)
    Run.objects.filter(pk=run.pk).update(finished_at=run.started_at)
    not_shared = _partner_pages(sam)
    Run.objects.filter(pk=run.pk).update(
        note=encrypt(owner.pk, CALM), shared_in=linked, share_wanted=True
    )
    shared = _partner_pages(sam)
    assert CALM not in "".join(shared)
    assert shared == not_shared


def test_a_positive_screen_withdraws_the_writers_shares_for_good(owner, owner_client, linked, sam):
    run = _finish(owner_client, CALM)
    checkup = finished(owner, answers("lonely", crisis=True))
    checkup_saved.send(sender=Checkup, checkup=checkup)
    run.refresh_from_db()
    assert run.shared_in is None
    finished(owner, answers("lonely"))
    assert CALM not in _index(sam)


def test_the_index_with_shared_notes_stays_within_ten_queries(
    owner_client, linked, sam, django_assert_max_num_queries
):
    _finish(owner_client, CALM)
    sam.get(reverse("activities-index"))
    with django_assert_max_num_queries(10):
        assert CALM in _index(sam)


def test_a_heavy_note_kept_to_oneself_gets_a_gentle_private_word(owner_client):
    """Not ticked for sharing, a heavy note gets the check-in's word on the done page; a calm
    note gets none."""
    heavy = _finish(owner_client, HEAVY, share=False)
    calm = _finish(owner_client, CALM, share=False)
    assert heavy.note_tier == Tier.CHECK_IN
    words = "Some of what you wrote sounds heavy"
    assert words in owner_client.get(reverse("activities-done", args=[heavy.code])).content.decode()
    assert (
        words not in owner_client.get(reverse("activities-done", args=[calm.code])).content.decode()
    )
