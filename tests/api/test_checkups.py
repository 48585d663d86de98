"""My check-ups through the API: the list, and my own full report; nobody else's."""

from attune.checkups.models import Checkup
from tests.couples.helpers import answers, finished


def test_it_lists_my_check_ups_and_whether_each_is_shared(robin, owner, linked):
    from tests.couples.helpers import share

    shared, private = finished(owner), finished(owner)
    share(shared, linked)
    found = {c["code"]: c["shared"] for c in robin.get("/api/v1/checkups").json()}
    assert found == {shared.code: True, private.code: False}


def test_it_gives_me_my_own_full_report(robin, owner):
    checkup = finished(owner, answers("trust", abuse=True))
    report = robin.get(f"/api/v1/checkups/{checkup.code}").json()
    assert report["safety"]["abuse"] is True
    assert any(c["id"] == "trust" for c in report["likely_causes"])


def test_it_gives_my_partner_404_for_my_check_up(sam, owner, linked):
    checkup = finished(owner)
    response = sam.get(f"/api/v1/checkups/{checkup.code}")
    assert response.status_code == 404 and "safety" not in response.content.decode()


def test_it_explains_that_an_unfinished_check_up_has_no_report_yet(robin, owner):
    checkup = Checkup.objects.create(user=owner, instrument_version=1)
    response = robin.get(f"/api/v1/checkups/{checkup.code}")
    assert response.status_code == 400 and "not finished" in response.json()["detail"]


def test_it_refuses_a_malformed_code_with_422(robin):
    assert robin.get("/api/v1/checkups/not%20a%20code").status_code == 422
