"""Starting and walking runs in runner tests."""

from django.urls import reverse

from attune.activities.models import Run


def start(client, activity_id: str, **names) -> Run:
    response = client.post(reverse("activities-start", args=[activity_id]), names)
    assert response.status_code == 302, response.content
    return Run.objects.order_by("-started_at").first()


def act(client, run: Run, action: str, **extra):
    return client.post(reverse("activities-step", args=[run.code]), {"action": action, **extra})
