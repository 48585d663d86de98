"""Bad input comes back as a 400 with the form re-shown, what was typed kept, never a 500."""

import pytest

from attune.checkins.models import NOTE_MAX, Checkin
from tests.checkins.helpers import PAGE, is_checked, post_data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"stress": "11"}, "Choose a number from 0 to 10"),
        ({"stress": "-1"}, "Choose a number from 0 to 10"),
        ({"stress": "lots"}, "Choose a number from 0 to 10"),
        ({"stress": ""}, "Choose a number from 0 to 10"),
        ({"needs": ["closeness", "money"]}, "Choose from the needs listed"),
        ({"note": "x" * (NOTE_MAX + 1)}, f"Keep it to {NOTE_MAX} characters or fewer"),
    ],
)
def test_it_re_shows_the_form_with_a_clear_message(owner_client, owner, overrides, message):
    data = post_data(note="Please bring bread", needs=["listen"], **{"stress": "4"})
    data.update(overrides)
    response = owner_client.post(PAGE, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not Checkin.objects.filter(user=owner).exists()
    # What the person chose and typed is still there.
    if "note" not in overrides:
        assert 'value="Please bring bread"' in page
    else:
        assert f'value="{"x" * (NOTE_MAX + 1)}"' in page
    if "needs" not in overrides:
        assert is_checked(page, "needs", "listen")
    if "stress" not in overrides:
        assert is_checked(page, "stress", "4")


def test_a_missing_stress_number_keeps_the_ticked_needs(owner_client):
    response = owner_client.post(PAGE, {"needs": ["space", "help"]})
    assert response.status_code == 400
    page = response.content.decode()
    assert is_checked(page, "needs", "space")
    assert is_checked(page, "needs", "help")


def test_a_strange_share_value_is_not_a_500(owner_client, linked):
    response = owner_client.post(PAGE, post_data(share_need=["on", "x"], share_stress="maybe"))
    assert response.status_code == 302
