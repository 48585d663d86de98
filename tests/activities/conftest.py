import pytest

from attune.core import catalogue
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
