import pytest

from tests.conftest import make_person
from tests.couples.helpers import link


@pytest.fixture(autouse=True)
def checkin_urls(settings):
    settings.ROOT_URLCONF = "tests.checkins.urls"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
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
