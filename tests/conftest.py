"""Shared fixtures: both databases for every database test, and three test people."""

import os

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests check what is true, not how fast: on a loaded machine (two cores, a browser
# and a database beside them) Hypothesis' default 200 ms deadline fails tests that are right.
# Speed is measured in bench/, never in a test.
hypothesis_settings.register_profile("attune", deadline=None)
hypothesis_settings.load_profile("attune")

# Live-server browser tests run Django's ORM from Playwright's thread at teardown.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DATABASES = ["default", "keys"]
PASSWORD = "a long and private passphrase"
DB_FIXTURES = {"db", "client", "admin_client", "django_user_model", "owner", "outsider", "member"}


def pytest_collection_modifyitems(items):
    # Every test that touches the database may touch both: people's keys live apart (keys db).
    for item in items:
        live = "live_server" in getattr(item, "fixturenames", ())
        if (
            live
            or DB_FIXTURES & set(getattr(item, "fixturenames", ()))
            or item.get_closest_marker("django_db")
        ):
            marker = pytest.mark.django_db(databases=DATABASES, transaction=live)
            item.add_marker(marker, append=False)


def make_person(email: str, **extra):
    from attune.accounts.models import User

    return User.objects.create_user(email, PASSWORD, **extra)


@pytest.fixture
def owner(db):
    return make_person("owner@example.org", display_name="Robin", country="GB")


@pytest.fixture
def member(db):
    return make_person("member@example.org", display_name="Sam", country="GB")


@pytest.fixture
def outsider(db):
    return make_person("outsider@example.org", display_name="Alex")


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture
def linked(owner, member):
    """Owner and member, linked as partners."""
    from tests.couples.helpers import link

    return link(owner, member)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def former(db):
    """Someone who may once have been a partner."""
    return make_person("former@example.org", display_name="Jo")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Kept pages and report bodies live in the per-process cache: no test sees another's."""
    from django.core.cache import cache

    cache.clear()
    yield
