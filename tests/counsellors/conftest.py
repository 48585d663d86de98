import pytest
from django.test import Client

from attune.counsellors import services
from tests.conftest import make_person


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_for(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def counsellor(db):
    person = make_person("kim@practice.example", display_name="Kim")
    return services.make_counsellor(person, "Riverside Counselling")


@pytest.fixture
def space(counsellor):
    return services.open_space(counsellor, "Robin and Sam")


@pytest.fixture
def joined(space, owner, member):
    """Both partners joined the space; nothing is shared yet."""
    return services.join(owner, space), services.join(member, space)
