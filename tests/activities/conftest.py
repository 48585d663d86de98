import pytest

from attune.core import catalogue


@pytest.fixture
def guides():
    return catalogue.activities()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
