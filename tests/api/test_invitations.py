"""Invitations through the API: make one (its link shown once), list, withdraw."""

from attune.couples.models import Invitation, hash_token


def test_it_makes_an_invitation_and_shows_its_link_only_in_that_answer(robin, owner):
    response = robin.post("/api/v1/invitations", {}, content_type="application/json")
    made = response.json()
    assert response.status_code == 201 and made["state"] == "pending"
    token = made["url"].rstrip("/").rsplit("/", 1)[1]
    assert Invitation.objects.get(code=made["code"]).token_hash == hash_token(token)
    listed = robin.get("/api/v1/invitations").json()
    assert [i["code"] for i in listed] == [made["code"]] and "url" not in listed[0]


def test_it_e_mails_the_link_when_asked(robin, mailoutbox):
    body = {"email": "sam@example.org"}
    made = robin.post("/api/v1/invitations", body, content_type="application/json").json()
    assert made["emailed"] is True and mailoutbox[0].to == ["sam@example.org"]


def test_it_refuses_a_bad_address_with_422(robin):
    body = {"email": "nope"}
    response = robin.post("/api/v1/invitations", body, content_type="application/json")
    assert response.status_code == 422 and not Invitation.objects.exists()


def test_it_refuses_a_new_invitation_while_linked(robin, linked):
    response = robin.post("/api/v1/invitations", {}, content_type="application/json")
    assert response.status_code == 400


def test_it_withdraws_my_invitation_and_not_someone_elses(robin, sam, owner):
    made, _ = Invitation.issue(owner)
    assert sam.post(f"/api/v1/invitations/{made.code}/cancel").status_code == 404
    response = robin.post(f"/api/v1/invitations/{made.code}/cancel")
    assert response.status_code == 200 and response.json()["state"] == "cancelled"
