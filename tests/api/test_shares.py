"""Shares through the API: share my own finished check-up's sign scores, withdraw them."""

from attune.couples.models import Share
from tests.couples.helpers import answers, finished

JSON = "application/json"


def test_it_shares_and_withdraws_my_check_up(robin, owner, linked, mailoutbox):
    checkup = finished(owner)
    response = robin.post("/api/v1/shares", {"checkup": checkup.code}, content_type=JSON)
    assert response.status_code == 201 and response.json() == {
        "checkup": checkup.code,
        "shared": True,
    }
    assert mailoutbox[0].to == ["member@example.org"]
    assert robin.delete(f"/api/v1/shares/{checkup.code}").status_code == 204
    assert not Share.objects.filter(withdrawn_at__isnull=True).exists()
    assert robin.delete(f"/api/v1/shares/{checkup.code}").status_code == 404


def test_it_gives_404_for_someone_elses_check_up(sam, owner, linked):
    checkup = finished(owner)
    assert (
        sam.post("/api/v1/shares", {"checkup": checkup.code}, content_type=JSON).status_code == 404
    )
    assert sam.delete(f"/api/v1/shares/{checkup.code}").status_code == 404


def test_it_refuses_to_share_without_a_partner(robin, owner):
    checkup = finished(owner)
    response = robin.post("/api/v1/shares", {"checkup": checkup.code}, content_type=JSON)
    assert response.status_code == 400 and not Share.objects.exists()


def test_it_keeps_a_check_up_with_a_positive_screen_private(robin, owner, linked):
    checkup = finished(owner, answers(crisis=True))
    response = robin.post("/api/v1/shares", {"checkup": checkup.code}, content_type=JSON)
    assert response.status_code == 400 and not Share.objects.exists()
