import pytest

from tests.conftest import make_person
from tests.couples.helpers import link
from tests.couples.world import world  # noqa: F401 - the authorization matrix's fixture


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Argon2 is the point in production; here it only slows every person these tests make.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def linked(owner, member):
    return link(owner, member)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def former(db):
    return make_person("former@example.org", display_name="Jo")
