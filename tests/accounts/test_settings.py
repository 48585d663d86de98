"""GET and POST /account/settings/: a person's own name, country, discreet mode and timeout."""

import pytest
from django.urls import reverse

from tests.accounts.pages import MAX_QUERIES, has_quick_exit, text, title

URL = reverse("accounts-settings")
CURRENT = {"display_name": "Robin", "country": "GB", "session_minutes": "60"}


def test_it_sends_strangers_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts-login')}?next={URL}"


def test_it_shows_the_current_settings_and_the_links(owner_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = owner_client.get(URL)
    assert response.status_code == 200
    assert title(response) == "Settings · Attune"
    page = text(response)
    assert 'value="Robin"' in page
    assert '<option value="GB" selected>United Kingdom</option>' in page
    assert 'value="60" id="id_session_minutes_1" required checked> 1 hour' in page
    assert "Shows a plain title and icon in your browser tab" in page
    assert "If you do nothing for this long, you are logged out" in page
    for name in ("accounts-password-change", "privacy-export", "privacy-delete"):
        assert f'href="{reverse(name)}"' in page
    assert has_quick_exit(response)


@pytest.mark.parametrize(
    "change, field, expected",
    [
        ({"display_name": "Robbie"}, "display_name", "Robbie"),
        ({"display_name": ""}, "display_name", ""),
        ({"country": "AU"}, "country", "AU"),
        ({"country": ""}, "country", ""),
        ({"discreet": "on"}, "discreet", True),
        ({"session_minutes": "15"}, "session_minutes", 15),
        ({"session_minutes": str(14 * 24 * 60)}, "session_minutes", 14 * 24 * 60),
    ],
)
def test_it_saves_each_setting_and_says_so(
    owner_client, owner, change, field, expected, django_assert_max_num_queries
):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = owner_client.post(URL, {**CURRENT, **change})
    assert response.status_code == 302
    assert response.url == URL
    owner.refresh_from_db()
    assert getattr(owner, field) == expected
    assert "Your settings are saved." in text(owner_client.get(URL))


def test_it_turns_discreet_mode_off_when_the_box_is_unticked(owner_client, owner):
    owner.discreet = True
    owner.save()
    owner_client.post(URL, CURRENT)
    owner.refresh_from_db()
    assert owner.discreet is False


def test_it_gives_the_tab_a_plain_title_in_discreet_mode(owner_client):
    owner_client.post(URL, {**CURRENT, "discreet": "on"})
    response = owner_client.get(URL)
    assert title(response) == "Notes"
    assert "icon-neutral.svg" in text(response)
    assert title(owner_client.get(reverse("web-home"))) == "Notes"


@pytest.mark.parametrize(
    "change, field",
    [({"session_minutes": "5"}, "session_minutes"), ({"country": "ZZ"}, "country")],
)
def test_it_refuses_a_choice_it_does_not_offer_and_saves_nothing(
    owner_client, owner, change, field
):
    response = owner_client.post(URL, {**CURRENT, "discreet": "on", **change})
    assert response.status_code == 400
    page = text(response)
    assert 'class="error-summary"' in page
    target = f"id_{field}_0" if field == "session_minutes" else f"id_{field}"
    assert f'<a href="#{target}">Select a valid choice.' in page
    # Discreet mode was ticked in the refused form: the tab must not pretend it is on.
    assert title(response) == "Error: Settings · Attune"
    owner.refresh_from_db()
    assert owner.discreet is False
