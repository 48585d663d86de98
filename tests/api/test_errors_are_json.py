"""Every error under /api/ is {"detail": ...} JSON, as docs/api.md says, even the ones Django
answers before the API runs: an unknown address, a method a route does not take, a body too
large, and a fault."""

import pytest
from django.test import Client

from attune.api.models import ApiToken


@pytest.fixture
def api(owner) -> Client:
    token = ApiToken.issue(owner)
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {token}")


def is_json_error(response, status: int) -> bool:
    return (
        response.status_code == status
        and response["Content-Type"].startswith("application/json")
        and isinstance(response.json().get("detail"), str)
    )


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/", "/api/v1/docs"])
def test_an_unknown_address_is_a_json_404(api, path):
    assert is_json_error(api.get(path), 404)


def test_a_method_a_route_does_not_take_is_a_json_405_naming_the_methods(api):
    response = api.put("/api/v1/invitations", b"{}", content_type="application/json")
    assert is_json_error(response, 405)
    assert "POST" in response["Allow"]


def test_a_body_too_large_is_a_json_400(api):
    response = api.post("/api/v1/invitations", b"x" * 3_000_000, content_type="application/json")
    assert is_json_error(response, 400)


def test_a_fault_is_a_json_500(api, monkeypatch):
    from attune.api import endpoints

    def broken(*args, **kwargs):
        raise RuntimeError("a fault")

    monkeypatch.setattr(endpoints.Checkup.objects, "filter", broken)
    assert is_json_error(api.get("/api/v1/checkups"), 500)


def test_pages_keep_their_html_error_pages(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
