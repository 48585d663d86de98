"""Every couple page stays within 10 queries, loads nothing from another host, and has no inline
script or style."""

import re

import pytest
from django.urls import reverse

from attune.couples.models import Invitation
from tests.couples.helpers import answers, finished, share


@pytest.fixture
def pages(owner, member, linked):
    mine = finished(owner, answers("lonely"))
    share(mine, linked)
    share(finished(member), linked)
    _, token = Invitation.issue(member)
    return [
        reverse("couples-home"),
        reverse("couples-share", args=[mine.code]),
        reverse("couples-report", args=[linked.code]),
        reverse("couples-unlink", args=[linked.code]),
        reverse("couples-api-token"),
        reverse("couples-join", args=[token]),
        reverse("couples-join", args=["no-such-invitation"]),
    ]


def test_it_keeps_every_page_within_budget(owner_client, pages, django_assert_max_num_queries):
    for url in pages:
        with django_assert_max_num_queries(10):
            response = owner_client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        assert " style=" not in html and "<script>" not in html, url
        loads = re.findall(r'<(?:script|img|link|iframe|source)\b[^>]*(?:src|href)="([^"]+)"', html)
        assert all(src.startswith("/") for src in loads), (url, loads)
