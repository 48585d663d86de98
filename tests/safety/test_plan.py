"""The private safety plan: only its writer, encrypted, and bad input loses nothing."""

from django.db import connection
from django.urls import reverse

from attune.safety.models import SafetyPlan

URL = reverse("safety-plan")
PLAN = {
    "warning_signs": "When the door slams twice",
    "people": "My sister Jo, 07700 900123",
    "safe_places": "The library on King Street",
    "documents": "Passport in the blue folder at work",
    "action": "save",
}


def test_it_saves_and_shows_the_plan_back_to_its_writer(owner_client):
    assert owner_client.post(URL, PLAN).status_code == 302
    page = owner_client.get(URL).content.decode()
    assert "My sister Jo" in page and "blue folder" in page


def test_it_is_encrypted_at_rest(owner_client):
    owner_client.post(URL, PLAN)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT warning_signs, people, safe_places, documents FROM safety_safetyplan"
        )
        row = cursor.fetchone()
    raw = b"".join(bytes(col) for col in row)
    assert b"sister" not in raw and b"library" not in raw and b"Passport" not in raw


def test_another_person_never_sees_it(client, owner, outsider):
    client.force_login(owner)
    client.post(URL, PLAN)
    client.force_login(outsider)
    page = client.get(URL).content.decode()
    assert "sister" not in page and "blue folder" not in page


def test_too_long_a_part_reshows_everything(owner_client):
    page = owner_client.post(URL, {**PLAN, "people": "x" * 5000})
    assert page.status_code == 400
    text = page.content.decode()
    assert "When the door slams twice" in text and "4,000 characters" in text
    assert not SafetyPlan.objects.exists()


def test_it_can_be_deleted(owner_client):
    owner_client.post(URL, PLAN)
    owner_client.post(URL, {"action": "delete"})
    assert not SafetyPlan.objects.exists()


def test_anonymous_is_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts-login") in response.url
