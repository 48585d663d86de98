import pytest

# The couple tests' people and fixtures serve the API's tests too.
from tests.couples.conftest import (  # noqa: F401
    fast_passwords,
    former,
    linked,
    member_client,
)
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
