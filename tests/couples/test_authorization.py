"""Who may reach each couple-scoped page: me, my partner, a former partner, a stranger, nobody."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.couples.world import ROLES


def client_for(world, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(world["people"][role])
    return client


PAGES = {
    "couple report": (lambda w: reverse("couples-report", args=[w["current"].code]), "get"),
    "unlink form": (lambda w: reverse("couples-unlink", args=[w["current"].code]), "get"),
    "old couple report": (lambda w: reverse("couples-report", args=[w["old"].code]), "get"),
    "old unlink": (lambda w: reverse("couples-unlink", args=[w["old"].code]), "post"),
    "share my check-up": (lambda w: reverse("couples-share", args=[w["mine"].code]), "get"),
    "share it, posted": (lambda w: reverse("couples-share", args=[w["mine"].code]), "post"),
    "withdraw my invitation": (
        lambda w: reverse("couples-cancel-invitation", args=[w["inv"].code]),
        "post",
    ),
}
EXPECTED = {
    "couple report": {"me": 200, "partner": 200},
    "unlink form": {"me": 200, "partner": 200},
    "old couple report": {},
    "old unlink": {},
    "share my check-up": {"me": 200},
    "share it, posted": {"me": 400},
    "withdraw my invitation": {"me": 302},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_it_lets_only_the_right_people_in_and_gives_everyone_else_404(world, page, role):
    url_of, method = PAGES[page]
    url = url_of(world)
    response = getattr(client_for(world, role), method)(url)
    if role == "anonymous":
        assert response.status_code == 302 and reverse("accounts-login") in response.url
        return
    assert response.status_code == EXPECTED[page].get(role, 404), (page, role)


@pytest.mark.parametrize("role", ("former", "stranger"))
def test_it_shows_no_trace_of_me_on_their_own_partner_page(world, role):
    page = client_for(world, role).get(reverse("couples-home")).content.decode()
    assert "Robin" not in page and world["current"].code not in page


@pytest.mark.parametrize(
    "url",
    ["/couple/share/%00/", "/couple/%00/report/", "/couple/join/%00/", "/couple/a%00b/unlink/"],
)
def test_it_answers_a_malformed_code_with_404_not_an_error(owner_client, url):
    assert owner_client.get(url).status_code == 404
