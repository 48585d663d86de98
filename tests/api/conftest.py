import pytest

# The couple tests' fast passwords serve the API's tests too (linked, former and
# member_client come from tests/conftest.py).
from tests.couples.conftest import fast_passwords  # noqa: F401
from tests.couples.world import world  # noqa: F401 - the authorization matrix's fixture


def token_client(user):
    from django.test import Client

    from attune.api.models import ApiToken

    return Client(HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")


@pytest.fixture
def robin(owner):
    return token_client(owner)


@pytest.fixture
def sam(member):
    return token_client(member)
