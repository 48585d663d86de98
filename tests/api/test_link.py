"""The link through the API: its state for me, and unlinking at once."""

from attune.couples.models import Link
from tests.couples.helpers import finished, share


def test_it_tells_me_who_i_am_linked_with_and_what_we_share(robin, owner, member, linked):
    mine = finished(owner)
    share(mine, linked)
    state = robin.get("/api/v1/link").json()
    assert state == {
        "linked": True,
        "code": linked.code,
        "partner": "Sam",
        "you_share": mine.code,
        "partner_shares": False,
        "report_ready": False,
        "notice": False,
    }


def test_it_unlinks_at_once_and_tells_the_partner_only_that_something_is_new(
    robin, sam, linked, mailoutbox
):
    assert robin.delete("/api/v1/link").status_code == 204
    assert not Link.objects.active().exists()
    assert mailoutbox[0].subject == "There is something new for you in Attune"
    assert sam.get("/api/v1/link").json() == {
        "linked": False,
        "code": None,
        "partner": None,
        "you_share": None,
        "partner_shares": False,
        "report_ready": False,
        "notice": True,
    }
    assert sam.get("/api/v1/couple/report").status_code == 404


def test_it_answers_400_to_unlinking_when_not_linked(robin):
    # The rules refuse it (docs/api.md): there is nothing to find or not find.
    response = robin.delete("/api/v1/link")
    assert response.status_code == 400
    assert response.json() == {"detail": "You are not linked with a partner."}
