import pytest

from tests.couples.world import world  # noqa: F401 - the authorization matrix's fixture


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Argon2 is the point in production; here it only slows every person these tests make.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
