"""Starting and walking runs in runner tests."""

from django.urls import reverse

from attune.activities.models import Run


def start(client, activity_id: str, **names) -> Run:
    response = client.post(reverse("activities-start", args=[activity_id]), names)
    assert response.status_code == 302, response.content
    return Run.objects.order_by("-started_at").first()


def act(client, run: Run, action: str, **extra):
    return client.post(reverse("activities-step", args=[run.code]), {"action": action, **extra})


def start_apart(client, activity_id: str = "conversation-night") -> Run:
    """Start a run for two, each on their own phone; the run of the person who started it."""
    return start(client, activity_id, mode="apart")


def join(client, run: Run) -> Run:
    """The partner joins the run for two that `run` belongs to; returns the partner's run."""
    response = client.post(reverse("activities-join", args=[run.shared.code]))
    assert response.status_code == 302, response.content
    return Run.objects.get(shared=run.shared, user__pk=int(client.session["_auth_user_id"]))


def page(client, run: Run) -> str:
    return client.get(reverse("activities-step", args=[run.code])).content.decode()
