import pytest

from attune.core import catalogue
from tests.conftest import make_person
from tests.couples.helpers import link


@pytest.fixture
def guides():
    return catalogue.activities()


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
def stranger(db):
    return make_person("stranger@example.org", display_name="Kit")
