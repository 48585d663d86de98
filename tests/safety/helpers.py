"""Answering the one private question the way a person does: a POST from their own browser."""

from django.urls import reverse

from attune.safety.models import CareNotice


def waiting_notice(person) -> CareNotice:
    return CareNotice.objects.get(user=person, answer="", ended_at__isnull=True)


def answer(client, person, given: str):
    """Answer the person's open question ("yes", "not_sure" or "no")."""
    notice = waiting_notice(person)
    response = client.post(reverse("safety-question", args=[notice.code]), {"answer": given})
    assert response.status_code == 302
    return response
