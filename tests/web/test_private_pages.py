"""Pages that show a person's own data are never kept by the browser (Cache-Control: no-store);
a shared device's Back button or history cannot bring them back. Public pages stay cacheable."""

import pytest
from django.test import Client
from django.urls import reverse

from attune.activities.models import Run
from attune.api.models import ApiToken
from tests.couples.helpers import finished


def _private_pages(owner, linked) -> list[str]:
    checkup = finished(owner)
    run = Run.objects.create(user=owner, activity_id="naming-feelings")
    return [
        reverse("web-home"),
        reverse("checkups-report", args=[checkup.code]),
        reverse("checkups-history"),
        reverse("safety-plan"),
        reverse("checkins-home"),
        reverse("couples-home"),
        reverse("couples-report", args=[linked.code]),
        reverse("activities-step", args=[run.code]),
        reverse("progress-trends"),
        reverse("accounts-settings"),
        reverse("couples-api-token"),
        reverse("library-index"),
    ]


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_it_marks_every_page_a_signed_in_person_sees_no_store(owner_client, owner, linked):
    for url in _private_pages(owner, linked):
        response = owner_client.get(url)
        assert response.status_code in (200, 302), url
        assert _no_store(response), url


def test_it_marks_the_one_time_api_token_page_no_store(owner_client):
    owner_client.post(reverse("couples-api-token"), {"action": "create"})
    response = owner_client.get(reverse("couples-api-token"))
    assert "att_" in response.content.decode()
    assert _no_store(response)


def test_it_marks_api_answers_to_a_token_no_store(owner):
    api = Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(owner)}")
    response = api.get("/api/v1/checkups")
    assert response.status_code == 200 and _no_store(response)


def test_it_marks_an_invitation_page_no_store_for_anyone_holding_it(client, owner):
    from attune.couples.models import Invitation

    _, token = Invitation.issue(owner)
    response = client.get(reverse("couples-join", args=[token]))
    assert "Robin" in response.content.decode()
    assert _no_store(response)


@pytest.mark.parametrize("url", ["/", "/learn/", "/help/"])
def test_it_leaves_public_pages_cacheable(client, url):
    assert not _no_store(client.get(url))
