"""GET and POST /account/password/: change a password when logged in."""

from django.urls import reverse

from tests.accounts.pages import MAX_QUERIES, has_quick_exit, is_logged_in, text, title
from tests.conftest import PASSWORD

URL = reverse("accounts-password-change")
NEW = "copper kettle morning song"


def test_it_sends_strangers_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts-login')}?next={URL}"


def test_it_asks_for_the_current_password_first(owner_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_QUERIES):
        response = owner_client.get(URL)
    assert title(response) == "Change your password · Attune"
    page = text(response)
    assert page.index("Current password") < page.index("New password")
    assert has_quick_exit(response)


def test_it_changes_the_password_and_keeps_the_person_logged_in(
    owner_client, owner, django_assert_max_num_queries
):
    data = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    response = owner_client.post(URL, data)
    assert response.status_code == 302
    assert response.url == reverse("accounts-password-change-done")
    with django_assert_max_num_queries(MAX_QUERIES):
        done = owner_client.get(response.url)
    assert "Your password is changed" in text(done)
    assert has_quick_exit(done)
    assert is_logged_in(owner_client)
    owner.refresh_from_db()
    assert owner.check_password(NEW)


def test_it_refuses_a_wrong_current_password(owner_client, owner):
    data = {"old_password": "not it at all", "new_password1": NEW, "new_password2": NEW}
    response = owner_client.post(URL, data)
    assert response.status_code == 400
    assert '<a href="#id_old_password">That is not your current password.' in text(response)
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_it_refuses_new_passwords_that_differ(owner_client):
    data = {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "!"}
    response = owner_client.post(URL, data)
    assert response.status_code == 400
    assert '<a href="#id_new_password2">The two passwords do not match.' in text(response)
