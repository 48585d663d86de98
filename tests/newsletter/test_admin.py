"""The admin lists subscribers and past issues, searchable, and never shows unsubscribe tokens."""

from django.urls import reverse

from attune.newsletter.models import Delivery, Issue, Subscriber


def test_it_lists_and_searches_subscribers_without_their_tokens(admin_client):
    robin = Subscriber.objects.create(email="robin@example.org", status=Subscriber.ACTIVE)
    Subscriber.objects.create(email="sam@example.org")
    url = reverse("admin:newsletter_subscriber_changelist")
    html = admin_client.get(url, {"q": "robin"}).content.decode()
    assert "robin@example.org" in html and "sam@example.org" not in html
    change = admin_client.get(reverse("admin:newsletter_subscriber_change", args=[robin.pk]))
    assert change.status_code == 200
    assert robin.token not in change.content.decode()


def test_it_lists_past_issues_with_how_many_they_reached(admin_client):
    issue = Issue.objects.create(number=3, week="2025-W20", subject="Your weekly note, no. 3")
    for n in range(2):
        subscriber = Subscriber.objects.create(email=f"r{n}@example.org", status="active")
        Delivery.objects.create(issue=issue, subscriber=subscriber, state=Delivery.SENT)
    response = admin_client.get(reverse("admin:newsletter_issue_changelist"), {"q": "2025-W20"})
    html = response.content.decode()
    assert "Your weekly note, no. 3" in html
    assert '<td class="field-delivered">2</td>' in html
