"""Who may reach each couple-scoped API endpoint: me, my partner, a former partner, a stranger."""

import pytest
from django.test import Client

from tests.api.conftest import token_client
from tests.couples.world import ROLES

ENDPOINTS = {
    "my report": ("get", lambda w: f"/api/v1/checkups/{w['mine'].code}"),
    "withdraw my share": ("delete", lambda w: f"/api/v1/shares/{w['mine'].code}"),
    "withdraw my invitation": ("post", lambda w: f"/api/v1/invitations/{w['inv'].code}/cancel"),
    "couple report": ("get", lambda w: "/api/v1/couple/report"),
    "unlink": ("delete", lambda w: "/api/v1/link"),
}
EXPECTED = {
    "my report": {"me": 200},
    "withdraw my share": {"me": 204},
    "withdraw my invitation": {"me": 200},
    "couple report": {"me": 200, "partner": 200},
    # Unlinking acts on the caller's own link: someone with none is told so (400, as
    # docs/api.md says); it changes nothing of anyone else's.
    "unlink": {"me": 204, "partner": 204, "former": 400, "stranger": 400},
}


def api_client(world, role: str) -> Client:
    return Client() if role == "anonymous" else token_client(world["people"][role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_lets_only_the_right_people_in_and_gives_everyone_else_404(world, endpoint, role):
    method, path_of = ENDPOINTS[endpoint]
    response = getattr(api_client(world, role), method)(path_of(world))
    expected = 401 if role == "anonymous" else EXPECTED[endpoint].get(role, 404)
    assert response.status_code == expected, (endpoint, role)


@pytest.mark.parametrize("role", ("former", "stranger"))
def test_it_shows_no_trace_of_me_in_their_link_state(world, role):
    body = api_client(world, role).get("/api/v1/link").content.decode()
    assert "Robin" not in body and world["current"].code not in body
    assert world["mine"].code not in body


def test_it_ends_the_former_partners_view_of_my_shared_check_up(world):
    former = api_client(world, "former")
    assert former.get("/api/v1/couple/report").status_code == 404
    assert former.get(f"/api/v1/checkups/{world['mine'].code}").status_code == 404
