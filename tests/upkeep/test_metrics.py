"""/metrics: Prometheus figures for the operator only (this machine, or a Bearer token)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/metrics"


def test_it_is_named_and_served_at_slash_metrics():
    assert reverse("operations-metrics") == URL


def test_this_machine_gets_the_figures(client):
    response = client.get(URL, REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert 'attune_info{version="' in text
    assert 'attune_database_up{db="default"} 1.0' in text
    assert 'attune_tasks{state="stale"} 0.0' in text
    assert "attune_workers 0.0" in text
    assert "attune_safety_model_ok" in text


@pytest.mark.parametrize(
    "where",
    [
        {"REMOTE_ADDR": "203.0.113.7"},
        # A proxy on this machine passing on someone else's request.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"},
        {"REMOTE_ADDR": "::1", "HTTP_FORWARDED": "for=203.0.113.7"},
    ],
)
def test_anyone_else_gets_the_ordinary_not_found_page(client, where):
    response = client.get(URL, **where)
    assert response.status_code == 404
    assert b"attune_" not in response.content


def test_behind_a_proxy_even_this_machine_needs_the_token(client, settings):
    settings.BEHIND_PROXY = True
    assert client.get(URL, REMOTE_ADDR="127.0.0.1").status_code == 404


def test_a_configured_token_lets_a_scraper_elsewhere_in(client, settings):
    settings.ATTUNE_METRICS_TOKEN = "s3cret-scrape-token"
    far = {"REMOTE_ADDR": "203.0.113.7"}
    assert (
        client.get(URL, HTTP_AUTHORIZATION="Bearer s3cret-scrape-token", **far).status_code == 200
    )
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer wrong", **far).status_code == 404
    assert client.get(URL, **far).status_code == 404
