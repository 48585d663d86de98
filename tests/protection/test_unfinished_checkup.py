"""Crisis words in "in your own words" protect the person even when the check-up is never
finished (after a quick exit, say): a share withdrawn stays withdrawn, and a new one is refused."""

from django.urls import reverse

from attune.accounts.models import User
from attune.checkups.models import Checkup
from attune.couples.models import Share
from attune.couples.sharing import is_protected
from tests.checkups.helpers import CHECKUP
from tests.couples.helpers import finished, share
from tests.safety.helpers import answer

CRISIS_LINE = "I want to kill myself tonight"


def test_crisis_words_in_an_unfinished_check_up_keep_the_person_protected(
    owner_client, owner, member, linked
):
    calm = finished(owner)
    share(calm, linked)
    started = Checkup.objects.create(user=owner, instrument_version=CHECKUP.version)
    owner_client.post(
        reverse("checkups-own-words", args=[started.code]),
        {"text": CRISIS_LINE, "action": "continue"},
    )
    started.refresh_from_db()
    assert started.own_words_tier == 2
    answer(owner_client, owner, "yes")
    assert not Share.objects.filter(withdrawn_at__isnull=True).exists()  # withdrawn once

    # The check-up is left unfinished. Sharing the older calm check-up again is accepted.
    owner_client.post(reverse("couples-share", args=[calm.code]), {"action": "share"})
    assert not Share.objects.filter(withdrawn_at__isnull=True).exists(), "shared again"
    assert is_protected(User.objects.get(pk=owner.pk))
