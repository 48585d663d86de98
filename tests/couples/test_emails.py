"""Every couple-mode e-mail is neutral: no score, band, answer or name of any part of a report."""

import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from attune.core.bands import bands
from attune.core.concepts import concepts
from tests.checkups.helpers import CHECKUP
from tests.couples.helpers import answers, finished


def forbidden_words() -> list[str]:
    model = concepts()
    names = [
        c.name for group in (model.signs, model.causes, model.wellbeing) for c in group.values()
    ]
    names += [s.name for s in model.strategies.values()]
    names += [b.name for b in bands().bands]
    labels = {o.label for item in CHECKUP.items for o in item.options}
    return names + sorted(labels, key=len, reverse=True)


def test_it_sends_no_score_band_answer_or_construct_name_in_any_e_mail(owner, member, mailoutbox):
    robin, sam = Client(), Client()
    robin.force_login(owner)
    sam.force_login(member)
    robin.post(reverse("couples-invite"), {"email": member.email})
    url = re.search(r"https?://[^/\s]+(/couple/join/\S+/)", mailoutbox[0].body).group(1)
    sam.post(url)
    for person, client in ((owner, robin), (member, sam)):
        checkup = finished(person, answers("lonely", abuse=person == member))
        client.post(reverse("couples-share", args=[checkup.code]), {"action": "share"})
    code = owner.checkups.first().code
    robin.post(reverse("couples-share", args=[code]), {"action": "withdraw"})
    robin.post(reverse("couples-share", args=[code]), {"action": "share"})
    from attune.couples.models import Link

    sam.post(reverse("couples-unlink", args=[Link.objects.get().code]))

    assert len(mailoutbox) >= 3
    words = forbidden_words()
    for mail in mailoutbox:
        bodies = [mail.subject, mail.body] + [content for content, _ in mail.alternatives]
        for body in bodies:
            assert not re.search(r"\b\d{1,3} out of 100\b|\bscore", body, re.I), body
            for word in words:
                assert not re.search(rf"\b{re.escape(word)}\b", body, re.I), (word, body)


def test_every_link_in_every_e_mail_starts_with_the_configured_address(owner, member, mailoutbox):
    # The Host header is whatever the sender of a request chooses; links must not follow it.
    robin = Client(HTTP_HOST="localhost:9999")
    sam = Client(HTTP_HOST="localhost:9999")
    robin.force_login(owner)
    sam.force_login(member)
    robin.post(reverse("couples-invite"), {"email": member.email})
    url = re.search(r"https?://[^/\s]+(/couple/join/\S+/)", mailoutbox[0].body).group(1)
    sam.post(url)
    checkup = finished(owner, answers("lonely"))
    robin.post(reverse("couples-share", args=[checkup.code]), {"action": "share"})
    from attune.couples.models import Link

    sam.post(reverse("couples-unlink", args=[Link.objects.get().code]))
    assert len(mailoutbox) == 3
    for mail in mailoutbox:
        for body in [mail.body] + [content for content, _ in mail.alternatives]:
            links = re.findall(r"https?://[^\s\"<>]+", body)
            assert links and all(link.startswith(settings.ATTUNE_BASE_URL + "/") for link in links)
