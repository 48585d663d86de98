"""API authentication: a personal token or a session; anything else is a 401."""

from django.urls import reverse

from attune.api.models import ApiToken, hash_token


def test_it_answers_a_valid_token(robin):
    response = robin.get("/api/v1/link")
    assert response.status_code == 200 and response.json()["linked"] is False


def test_it_refuses_no_token_and_a_wrong_one_with_401(client, db):
    assert client.get("/api/v1/checkups").status_code == 401
    wrong = client.get("/api/v1/checkups", HTTP_AUTHORIZATION="Bearer att_not-a-token")
    assert wrong.status_code == 401 and wrong.json() == {"detail": "Unauthorized"}


def test_it_accepts_the_browser_session(owner_client):
    assert owner_client.get("/api/v1/checkups").status_code == 200


def test_it_stores_only_a_hash_and_shows_the_token_once(owner_client, owner):
    response = owner_client.post(reverse("couples-api-token"), {"action": "create"}, follow=True)
    page = response.content.decode()
    token = page.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert ApiToken.objects.get(user=owner).token_hash == hash_token(token)
    assert token not in owner_client.get(reverse("couples-api-token")).content.decode()


def test_it_stops_a_revoked_token_at_once(owner_client, owner):
    from django.test import Client

    token = ApiToken.issue(owner)
    owner_client.post(reverse("couples-api-token"), {"action": "revoke"})
    response = Client().get("/api/v1/checkups", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_it_publishes_an_openapi_document_with_every_error_declared(client, db):
    document = client.get("/api/v1/openapi.json").json()
    for operations in document["paths"].values():
        for operation in operations.values():
            assert {"400", "401", "404", "422"} <= set(operation["responses"])
