"""Both partners' pulse sign lines, side by side, only when both share; a protected partner looks
exactly like one who does not share."""

from django.urls import reverse

from attune.progress.models import ProgressSettings
from tests.couples.helpers import answers, finished, link, normalise
from tests.progress.helpers import weekly_pulses


def sharing_pulses(*people):
    for person in people:
        ProgressSettings.objects.update_or_create(user=person, defaults={"share_pulse": True})
        weekly_pulses(person, [50, 60, 70])


def page(client, viewer, code):
    client.force_login(viewer)
    return client.get(reverse("couples-pulses", args=[code]))


def test_it_shows_both_lines_when_both_share(client, owner, member):
    pair = link(owner, member)
    sharing_pulses(owner, member)
    text = page(client, owner, pair.code).content.decode()
    assert "Your weekly pulses, side by side" in text and "<svg" in text


def test_it_shows_nothing_of_either_when_one_does_not_share(client, owner, member):
    pair = link(owner, member)
    sharing_pulses(owner)
    weekly_pulses(member, [10, 20, 30])
    text = page(client, owner, pair.code).content.decode()
    assert "<svg" not in text and "when you both choose to share" in text


def test_a_protected_partner_looks_like_one_who_does_not_share(client, owner, member, outsider):
    pair = link(owner, member)
    sharing_pulses(owner, member)
    finished(member, answers(abuse=True))
    protected = normalise(page(client, owner, pair.code).content.decode(), "Robin", "Sam")
    ProgressSettings.objects.filter(user=member).update(share_pulse=False)
    quiet = normalise(page(client, owner, pair.code).content.decode(), "Robin", "Sam")
    assert protected == quiet


def test_a_stranger_gets_404(client, owner, member, outsider):
    pair = link(owner, member)
    assert page(client, outsider, pair.code).status_code == 404


def test_the_page_stays_within_ten_queries(client, owner, member, django_assert_max_num_queries):
    pair = link(owner, member)
    sharing_pulses(owner, member)
    client.force_login(owner)
    client.get(reverse("privacy-policy"))  # the once-a-minute session touch, before counting
    with django_assert_max_num_queries(10):
        response = client.get(reverse("couples-pulses", args=[pair.code]))
    assert response.status_code == 200
